"""The reader's language: their explicit choice, else their browser's, else English."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator, Sequence
from gettext import NullTranslations

from flask import Flask, current_app, g, has_request_context, request, session
from flask_babel import force_locale, get_translations, refresh
from jinja2 import Environment, pass_context
from jinja2.ext import Extension
from jinja2.lexer import Token, TokenStream
from jinja2.runtime import Context
from markupsafe import Markup

from cserq.base.languages import DEFAULT_LANGUAGE, LANGUAGES
from cserq.questionnaire.model import Questionnaire
from cserq.web.services import services
from cserq.words.wording import Wording


def select_language() -> str:
    """The reader's choice (kept in the session), else their browser's, else English; only
    ever one of the languages offered. Found once for the request: Flask-Babel, the layout and
    the questionnaire's texts each ask."""
    found: str | None = g.get(_LANGUAGE)
    if found is None:
        found = _selected_language()
        setattr(g, _LANGUAGE, found)
    return found


def _selected_language() -> str:
    offered = services().languages
    chosen = session.get("lang")
    if isinstance(chosen, str) and chosen in offered:
        return chosen
    return browser_language(request.accept_languages, offered)


_LANGUAGE = "cserq_language"


def choose_language(code: str) -> None:
    """Keep the reader's choice of language; anything said after it in this request is in it."""
    session["lang"] = code
    g.pop(_LANGUAGE, None)
    g.pop(_TRANSLATIONS, None)
    refresh()  # Flask-Babel's own locale, for dates and numbers


def browser_language(accepted: Iterable[tuple[str, float]], offered: Sequence[str]) -> str:
    """The first offered language in the browser's order of preference, else English.

    The browser's list is already in order of preference (its q-values); a language tag matches
    on its first part, so ``cy-GB`` asks for Welsh. ``q=0`` means "not this one".
    """
    for tag, quality in accepted:
        primary = tag.split("-", 1)[0].strip().lower()
        if quality > 0 and primary in offered:
            return primary
    return DEFAULT_LANGUAGE


def page_translations() -> NullTranslations:
    """The app's catalogue in the reader's language, looked up once for the request.

    Flask-Babel finds the catalogue afresh for each text (its context, the domain, the locale:
    about 20 steps), and a page says 20 texts or more; the catalogue it finds is kept for the
    request (as Flask-Babel keeps the locale), so once is enough. Flask-Babel keeps each
    language's catalogue for the life of the app, so the app keeps what it found for each too."""
    found: NullTranslations | None = g.get(_TRANSLATIONS)
    if found is None:
        catalogues: dict[str, NullTranslations] = current_app.extensions[_TRANSLATIONS]
        language = select_language()
        found = catalogues.get(language)
        if found is None:
            with force_locale(language):  # this language's, whatever Flask-Babel found before
                found = catalogues[language] = get_translations()
        setattr(g, _TRANSLATIONS, found)
    return found


_TRANSLATIONS = "cserq_translations"


def gettext(message: str, **variables: object) -> str:
    """Flask-Babel's ``gettext`` in the reader's language, from the catalogue found once for
    the request (:func:`page_translations`): Flask-Babel finds the catalogue afresh for each
    text, and the outcome page says a dozen from Python. The views import it as ``_``, so the
    texts are extracted as before."""
    translated = page_translations().gettext(message)
    return translated % variables if variables else translated


def wording(questionnaire: Questionnaire) -> Wording:
    """The questionnaire's texts in the reader's language."""
    return Wording(questionnaire, page_translations(), select_language())


@pass_context
def template_gettext(context: Context, message: str, **variables: object) -> str:
    """The templates' ``_``: Jinja's own (the "newstyle" gettext) in one call, not three, with
    the text of each message that takes no values kept, escaped, for each catalogue."""
    autoescape = context.eval_ctx.autoescape
    if autoescape and not variables:
        return _said(page_translations(), message)
    translated = page_translations().gettext(message)
    # As Jinja's: always a format string, so that "%%" reads the same with values or without.
    # The text is from our own catalogue, trusted as Jinja trusts it; the values are escaped.
    return (Markup(translated) if autoescape else translated) % variables  # noqa: S704  # nosec B704


@functools.lru_cache(maxsize=4096)
def _said(translations: NullTranslations, message: str) -> Markup:
    """A message that takes no values, in a catalogue, as an escaped template text."""
    return Markup(translations.gettext(message)) % {}  # noqa: S704  # nosec B704


class FoldedTexts(Extension):
    """Each ``_("text")`` that takes no values, written into the template as its translation.

    The templates are compiled once for each language (:func:`page_environment`), and in each
    a call of the templates' ``_`` with one quoted text and nothing else becomes that text, as
    the call would have given it (:func:`_said`), marked safe: Jinja then writes it into the
    compiled template as it writes the markup around it, and a page no longer calls back into
    Python for each of its 20 or so fixed texts. A call with values (``_("%(n)d", n=n)``), an
    attribute named ``_``, a template that is not escaped, and a text whose translation cannot
    be given without values are left as they are, for the templates' ``_`` at render time."""

    def filter_stream(self, stream: TokenStream) -> Iterable[Token]:
        translations: NullTranslations | None = getattr(self.environment, _FOLDED, None)
        autoescape = self.environment.autoescape
        escaped = autoescape(stream.name) if callable(autoescape) else autoescape
        if translations is None or not escaped:
            return stream
        tokens = list(stream)
        if not _foldable(tokens):
            return iter(tokens)
        return _folded(tokens, translations)


def _foldable(tokens: list[Token]) -> bool:
    """Whether a template's ``_`` is only ever the templates' own, called, with escaping as the
    environment sets it: no ``{% autoescape %}`` block, and no ``_`` set, imported, looped over
    or taken as a macro's argument (a name ``_`` not followed by a bracket)."""
    for number, token in enumerate(tokens):
        if token.type != "name":
            continue
        if token.value == "autoescape" and tokens[number - 1].type == "block_begin":
            return False
        following = tokens[number + 1] if number + 1 < len(tokens) else None
        if token.value == "_" and (following is None or following.type != "lparen"):
            return False
    return True


def _folded(tokens: list[Token], translations: NullTranslations) -> Iterator[Token]:
    position = 0
    while position < len(tokens):
        token = tokens[position]
        call = tokens[position : position + 4]
        if (
            [t.type for t in call] == ["name", "lparen", "string", "rparen"]
            and token.value == "_"
            and (position == 0 or not _applies_it(tokens[position - 1]))
        ):
            try:
                text = _said(translations, call[2].value)
            except (KeyError, TypeError, ValueError):  # it needs values: said at render time
                text = None
            if text is not None:
                line = token.lineno
                yield Token(line, "lparen", "(")
                yield Token(line, "string", str(text))
                yield Token(line, "pipe", "|")
                yield Token(line, "name", "safe")
                yield Token(line, "rparen", ")")
                position += 4
                continue
        yield token
        position += 1


def _applies_it(before: Token) -> bool:
    """Whether the token before a ``_`` makes it something other than a call of the templates'
    own: an attribute (``x._``), a filter or test (``|_``, ``is _``), or a ``{% call %}``."""
    return before.type in ("dot", "pipe") or (
        before.type == "name" and before.value in ("is", "call", "filter")
    )


def page_environment(base: Environment) -> Environment:
    """The templates for the reader's language: ``base`` with each fixed text folded in
    (:class:`FoldedTexts`), as :func:`fold_texts` made them. Outside a request, or for a
    language without them, ``base`` itself, whose ``_`` says each text at render time."""
    if not has_request_context():
        return base
    folded: dict[str, Environment] = getattr(base, _BY_LANGUAGE, {})
    return folded.get(select_language(), base)


def fold_texts(app: Flask, base: Environment, languages: Iterable[str]) -> None:
    """Make each language's templates, once the app is built: Jinja's overlay copies
    ``base``'s settings as they are when it is made, so a change to ``base`` made after this
    would not reach them (the app's environment refuses one: see ``cserq.web.app``)."""
    catalogues: dict[str, NullTranslations] = app.extensions[_TRANSLATIONS]
    folded: dict[str, Environment] = getattr(base, _BY_LANGUAGE)
    for language in languages:
        with app.app_context(), force_locale(language):
            translations = catalogues.setdefault(language, get_translations())
        environment = base.overlay(extensions=[FoldedTexts], cache_size=_TEMPLATES)
        setattr(environment, _FOLDED, translations)
        folded[language] = environment


def folded_environments(base: Environment) -> list[Environment]:
    """The environments :func:`fold_texts` made from ``base``."""
    return list(getattr(base, _BY_LANGUAGE, {}).values())


_FOLDED = "cserq_folded_texts"
_BY_LANGUAGE = "cserq_by_language"
_TEMPLATES = 400  # Jinja's own default: every template of the app, in each language


def init_app(app: Flask) -> None:
    """The language for each page; the templates' ``_`` and ``ngettext`` read the catalogue
    found once for the request (:func:`page_translations`), in place of Flask-Babel's own,
    which the Babel extension installed before this runs."""
    app.extensions[_TRANSLATIONS] = {}
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=lambda s: page_translations().gettext(s),
        ngettext=lambda s, p, n: page_translations().ngettext(s, p, n),
        pgettext=lambda c, s: page_translations().pgettext(c, s),
        npgettext=lambda c, s, p, n: page_translations().npgettext(c, s, p, n),
        newstyle=True,
    )
    app.jinja_env.globals.update(_=template_gettext, gettext=template_gettext)
    setattr(app.jinja_env, _BY_LANGUAGE, {})

    @app.context_processor
    def language() -> dict[str, object]:
        current = select_language()
        return {
            "lang": current,
            "other_languages": {
                code: LANGUAGES[code] for code in services().languages if code != current
            },
        }
