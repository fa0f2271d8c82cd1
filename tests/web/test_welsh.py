"""The app in Welsh: every page, error and the note, with no English left behind."""

from __future__ import annotations

import datetime
import io
import re

import pytest
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup
from flask import Flask
from flask_babel import gettext as babel_gettext
from hypothesis import HealthCheck, given
from hypothesis import strategies as st
from pypdf import PdfReader

from cserq import create_app
from cserq.case.store import CaseStore
from cserq.web import i18n
from cserq.web.app import App
from tests.hypo import fewer_settings
from tests.test_translations import WELSH
from tests.web.conftest import Clinic, FakeClock, Page, every_page

# Common English words that no Welsh sentence here uses. Proper names (Meic, Childline, web
# addresses) and text marked lang="en" are allowed.
ENGLISH = re.compile(
    r"\b(the|and|you|your|of|to|is|what|this|not|or|for|with|child|children|answers?|yes|no"
    r"|page|save|continue|questions?|report|phone|now|back|change|start|clear|note|error)\b",
    re.IGNORECASE,
)


def english_left(page: Page) -> list[str]:
    """Words of English a reader sees on the page (text and labels for assistive technology)."""
    soup = BeautifulSoup(page.html, "html.parser")
    for marked in soup.body.select('[lang="en"]'):
        marked.decompose()
    texts = [soup.get_text(" ")]
    texts += [
        str(tag[attr])
        for attr in ("aria-label", "title", "alt")
        for tag in soup.select(f"[{attr}]")
    ]
    found = []
    for text in texts:
        text = re.sub(r"\S+\.(org\.uk|uk|cymru)\b", " ", text)  # web addresses
        found += ENGLISH.findall(text)
    return found


@pytest.fixture
def welsh(clinic: Clinic) -> Clinic:
    clinic.get("/language/cy")
    return clinic


def test_first_visit_follows_the_browser_language(client) -> None:  # type: ignore[no-untyped-def]
    page = Page(client.get("/", headers={"Accept-Language": "cy-GB,cy;q=0.9,en;q=0.5"}))
    assert page.soup.html["lang"] == "cy"
    assert "Dechrau" in page.text
    english = Page(client.get("/", headers={"Accept-Language": "fr, de"}))
    assert english.soup.html["lang"] == "en"


def test_only_english_and_welsh_are_accepted(clinic: Clinic) -> None:
    clinic.get("/language/fr")
    assert clinic.get("/").soup.html["lang"] == "en"
    odd = Page(clinic.client.get("/", headers={"Accept-Language": "x" * 500 + ";q=abc"}))
    assert odd.status == 200
    assert odd.soup.html["lang"] == "en"


def test_the_switch_link_keeps_the_page_and_the_answers(clinic: Clinic, store: CaseStore) -> None:
    first = clinic.start()
    clinic.answer_page(first, {"immediate_danger": "no"})
    page = clinic.get(first)
    link = page.soup.select_one('.header-nav a[hreflang="cy"]')
    assert link["lang"] == "cy"
    assert link.get_text(strip=True) == "Cymraeg"
    switched = clinic.get(link["href"])
    assert switched.response.headers["Location"] == first
    welsh = clinic.get(first)
    assert welsh.soup.html["lang"] == "cy"
    assert welsh.soup.select_one("#immediate_danger-no").has_attr("checked")
    back = welsh.soup.select_one('.header-nav a[hreflang="en"]')
    assert back["lang"] == "en"
    assert back.get_text(strip=True) == "English"


def test_a_switch_link_cannot_send_the_reader_elsewhere(clinic: Clinic) -> None:
    response = clinic.client.get("/language/cy?next=https://example.org/")
    assert response.headers["Location"] == "/"


def test_every_page_in_welsh_has_no_english(welsh: Clinic, clock) -> None:  # type: ignore[no-untyped-def]
    pages = every_page(welsh, clock)
    assert len(pages) >= 25
    for name, page in pages.items():
        assert page.soup.html["lang"] == "cy", name
        assert english_left(page) == [], name


def test_the_english_detector_notices_english(clinic: Clinic) -> None:
    assert "child" in english_left(clinic.get("/"))


def test_welsh_errors_and_titles(welsh: Clinic) -> None:
    welsh.start()
    page = welsh.post(f"{welsh.case_url}/about", {"age": "300"})
    assert page.title.startswith("Gwall: Am y plentyn ac amdanoch chi")
    assert page.errors == ["Rhowch rif cyfan o 0 i 25: Faint yw oed y plentyn?"]


def test_a_date_written_in_welsh_is_taken_and_nonsense_is_refused_in_welsh(
    welsh: Clinic, store: CaseStore
) -> None:
    welsh.start()
    url = f"{welsh.case_url}/questions/what_known"
    base = {"disclosure": "no", "exchange": "no", "sexual_activity": "no", "within_family": "no"}
    for typed in ("3ydd o Fawrth 2026", "3 o fawrth 2026", "3YDD MAWRTH 2026"):
        assert welsh.post(url, {**base, "concern_date": typed}).status == 303, typed
        case = store.peek(welsh.case_url.split("/")[2])
        assert case.answers["concern_date"] == datetime.date(2026, 3, 3)
    refused = welsh.post(url, {**base, "concern_date": "3ydd o Smarch 2026"})
    assert refused.errors == [
        "Rhowch ddyddiad ar ffurf diwrnod, mis a blwyddyn (er enghraifft 27/3/2026):"
        " Pryd ddigwyddodd y peth diweddaraf a wnaeth i chi boeni?"
    ]


def test_the_outcome_in_welsh(welsh: Clinic) -> None:
    welsh.complete({"age": "12", "sexual_activity": "yes"})
    page = welsh.outcome()
    assert page.soup.select_one("[data-outcome]")["data-outcome"] == "report"
    assert "Gwnewch hysbysiad i'r gwasanaethau cymdeithasol nawr" in page.text
    assert "Ni all plentyn dan 13 oed roi cydsyniad" in page.text


def _note(clinic: Clinic, language: str | None) -> tuple[PdfReader, str]:
    data = {"note_language": language} if language else {}
    page = clinic.post(f"{clinic.case_url}/note", data, from_url=f"{clinic.case_url}/outcome")
    reader = PdfReader(io.BytesIO(page.response.data))
    return reader, re.sub(r"\s+", " ", " ".join(p.extract_text() for p in reader.pages))


def test_the_welsh_note(welsh: Clinic) -> None:
    welsh.complete({"age": "15", "older_partner": "yes", "practitioner-name": "Siôn Ŵyn"})
    reader, text = _note(welsh, None)
    assert reader.trailer["/Root"]["/Lang"] == "cy"
    assert "Nodyn cymorth penderfynu" in text
    assert "llawer hŷn" in text  # ŷ from the Welsh question text
    assert "Siôn Ŵyn" in text
    assert "Tudalen 1 o" in text
    assert "Trafodwch heddiw gyda'ch arweinydd diogelu" in text
    months = (
        "Ionawr|Chwefror|Mawrth|Ebrill|Mai|Mehefin|Gorffennaf|Awst|Medi|Hydref|Tachwedd|Rhagfyr"
    )
    assert re.search(rf"\d{{1,2}} ({months}) \d{{4}}", text)
    assert not ENGLISH.findall(re.sub(r"\S+\.(org\.uk|uk)\b|Childline", " ", text))


WELSH_MARKING = "SWYDDOGOL-SENSITIF / OFFICIAL-SENSITIVE"


def test_the_welsh_page_and_note_carry_the_welsh_marking_with_the_english_beside_it(
    welsh: Clinic,
) -> None:
    welsh.complete({"age": "15"})
    assert WELSH_MARKING in welsh.outcome().text
    for language in (None, "cy+en", "en+cy"):
        reader, _text = _note(welsh, language)
        for page in reader.pages:
            top_and_bottom = page.extract_text()
            assert top_and_bottom.count("SWYDDOGOL-SENSITIF") == 2, language
            assert top_and_bottom.count("OFFICIAL-SENSITIVE") == 2, language  # each once


def test_an_english_reader_sees_the_english_marking(clinic: Clinic) -> None:
    clinic.complete({"age": "15"})
    page = clinic.outcome()
    assert "OFFICIAL-SENSITIVE" in page.text
    assert "SWYDDOGOL" not in page.text
    _reader, text = _note(clinic, "en")
    assert "SWYDDOGOL" not in text


def test_the_note_names_its_languages_in_its_own_language(welsh: Clinic) -> None:
    welsh.complete({"age": "15"})
    _reader, text = _note(welsh, "cy+en")
    # What the note was made from is said once, in the note's first language.
    assert "iaith: Cymraeg, Saesneg;" in text
    assert "catalog Cymraeg SHA-256" in text
    _reader, welsh_only = _note(welsh, None)
    assert "iaith: Cymraeg;" in welsh_only
    assert "English" not in welsh_only


def test_a_bilingual_note_puts_the_readers_language_first(welsh: Clinic) -> None:
    welsh.complete({"age": "15"})
    choices = [i["value"] for i in welsh.outcome().soup.select('input[name="note_language"]')]
    assert choices == ["cy", "en", "cy+en"]
    reader, text = _note(welsh, "cy+en")
    assert reader.trailer["/Root"]["/Lang"] == "cy"
    assert text.index("At beth mae'r atebion yn pwyntio") < text.index("What the answers point to")
    assert text.index("Arwyddion a gofnodwyd") < text.index("Signs recorded")
    assert "Tudalen 1 o" in text
    assert "Page 1 of" in text


def test_an_english_reader_can_have_the_note_in_welsh(clinic: Clinic) -> None:
    clinic.complete({"age": "15"})
    choices = [i["value"] for i in clinic.outcome().soup.select('input[name="note_language"]')]
    assert choices == ["en", "cy", "en+cy"]
    reader, text = _note(clinic, "cy")
    assert reader.trailer["/Root"]["/Lang"] == "cy"
    assert "What the answers point to" not in text
    tampered = clinic.post(
        f"{clinic.case_url}/note", {"note_language": "fr"}, from_url=f"{clinic.case_url}/outcome"
    )
    assert tampered.status == 400
    assert "What the answers point to" in tampered.text


def test_switching_language_mid_page_keeps_what_was_entered(
    clinic: Clinic, store: CaseStore
) -> None:
    """What the language link sends with JavaScript: the page as it is, and the language."""
    clinic.start()
    about = f"{clinic.case_url}/about"
    sent = clinic.post(about, {"age": "14", "child-name": "Siân", "child-nhs_number": "12",
                               "switch_language": "cy"})  # fmt: skip
    assert sent.response.headers["Location"] == about
    page = clinic.get(about)
    assert page.soup.html["lang"] == "cy"
    assert page.soup.select_one("#age")["value"] == "14"
    assert page.soup.select_one("#child-name")["value"] == "Siân"
    case = store.status(clinic.case_url.split("/")[2])
    assert "about" not in case.done  # type: ignore[union-attr]  # not counted as answered
    assert "nhs_number" not in case.child  # type: ignore[union-attr]  # invalid: not kept


def _refused_note(clinic: Clinic, data: dict[str, object]) -> Page:
    return clinic.post(f"{clinic.case_url}/note", data, from_url=f"{clinic.case_url}/outcome")


@pytest.mark.parametrize("language", ["xx", "", " ", "fr", "en+fr", "cy+cy", "EN"])
def test_a_note_in_a_language_not_offered_is_refused_keeping_the_case(
    clinic: Clinic, language: str
) -> None:
    clinic.complete({"age": "15", "practitioner-name": "Siôn"})
    page = _refused_note(clinic, {"note_language": language})
    assert page.status == 400
    assert page.response.mimetype == "text/html"
    assert page.errors == ["Choose a language of the note from those offered"]
    assert page.soup.select_one("#note_language-error") is not None
    assert (
        page.soup.select_one("[data-outcome]")["data-outcome"]
        == clinic.outcome().soup.select_one("[data-outcome]")["data-outcome"]
    )
    again = _refused_note(clinic, {"note_language": "en"})
    assert again.response.mimetype == "application/pdf", "the case is intact"


def test_a_refused_note_language_is_said_in_welsh(welsh: Clinic) -> None:
    welsh.complete({"age": "15"})
    page = _refused_note(welsh, {"note_language": "xx"})
    assert page.status == 400
    assert page.errors == ["Dewiswch iaith i'r nodyn o'r rhai a gynigir"]


def test_two_note_languages_at_once_are_refused(clinic: Clinic) -> None:
    clinic.complete({"age": "15"})
    token = clinic.outcome().csrf()
    response = clinic.client.post(
        f"{clinic.case_url}/note",
        data={"csrf_token": token, "note_language": ["en", "cy"]},
    )
    assert response.status_code == 400


@fewer_settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(language=st.text(max_size=8))
def test_only_an_offered_note_language_gives_a_note(clinic: Clinic, language: str) -> None:
    if not clinic.case_url:
        clinic.complete({"age": "15"})
    page = _refused_note(clinic, {"note_language": language})
    if language in ("en", "cy", "en+cy", "cy+en"):
        assert page.response.mimetype == "application/pdf"
    else:
        assert page.status == 400
        assert page.errors == ["Choose a language of the note from those offered"]


def test_a_template_s_texts_are_in_each_request_s_language(app) -> None:  # type: ignore[no-untyped-def]
    """The templates' ``_`` keeps each text it has said for its catalogue: a Welsh request
    after an English one, and an English one after that, each read their own. A text with no
    values is a format string all the same, as Jinja's gettext has it ("%%" is "%")."""
    template = app.jinja_env.from_string(
        '{{ _("Back") }}|{{ _("Page %(page)d of %(pages)d", page=1, pages=2) }}|{{ _("100%%") }}'
        '|{{ _("<&>") }}|{{ _("%(x)s", x="<b>") }}'
    )
    said = {}
    for language in ("en", "cy", "en", "cy"):
        with app.test_request_context("/", headers={"Accept-Language": language}):
            said.setdefault(language, set()).add(template.render())
    assert said == {
        "en": {"Back|Page 1 of 2|100%|<&>|&lt;b&gt;"},
        "cy": {"Yn ôl|Tudalen 1 o 2|100%|<&>|&lt;b&gt;"},
    }


@pytest.mark.parametrize("first", ["en", "cy"])
def test_a_language_chosen_during_a_request_is_the_language_said_after_it(
    memory_app: Flask, first: str
) -> None:
    """The language and its catalogue are kept for the request once found: choosing another
    must not leave what is said next in the one found first."""
    other = "cy" if first == "en" else "en"
    with memory_app.test_request_context("/"):
        i18n.choose_language(first)
        before = (i18n.select_language(), i18n.page_translations().gettext("Clear answers"))
        i18n.choose_language(other)
        after = (i18n.select_language(), i18n.page_translations().gettext("Clear answers"))
    welsh = "Clirio'r atebion"
    assert dict([before, after]) == {"en": "Clear answers", "cy": welsh}
    # And what the app keeps for each language is that language's, for every request after.
    for code, said in (("en", "Clear answers"), ("cy", welsh)):
        with memory_app.test_request_context("/", headers={"Accept-Language": code}):
            assert i18n.page_translations().gettext("Clear answers") == said


# Where a template says a fixed text: alone, kept, filtered, in a list, as a macro's value.
# From the sixth on, not a call of the templates' ``_`` with one text, or a template whose ``_``
# or escaping is its own: left as they are.
SHAPES = [
    "{{ _(M) }}",
    "{% set said = _(M) %}[{{ said }}]",
    "{{ _(M)|upper }}|{{ _(M)|length }}",
    '{{ [_(M), "<x>"]|join(" & ") }}',
    "{% macro shown(text) %}<b>{{ text }}</b>{% endmacro %}{{ shown(_(M)) }}",
    "{{ _(M ~ '') }}",
    '{% set said = {"_": "[{}]".format} %}{{ said._(M) }}',
    '{% autoescape false %}{{ _(M)|e }}|{{ _(M) + "<i>" }}{% endautoescape %}',
    '{% set _ = "[{}]".format %}{{ _(M) }}',
    "{% for _ in [1] %}{{ _ }}{% endfor %}{{ _(M) }}",
    "{% macro shown(_) %}{{ _(M) }}{% endmacro %}{{ shown(upper) }}",
    "{% call _(M) %}inside{% endcall %}",
    '{{ _(M "") }}',
]


def _rendered(template_source: str, render: object) -> str:
    try:
        return str(render())  # type: ignore[operator]
    except Exception as error:  # the same failure is the same answer
        return f"fails: {type(error).__name__}"


@fewer_settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    message=st.one_of(
        st.sampled_from(["Back", "Clear answers", "100%%", "<&>", "%(x)s", "%d", "%"]),
        st.text(max_size=30),
    ),
    shape=st.sampled_from(SHAPES),
    language=st.sampled_from(["en", "cy"]),
)
def test_a_folded_text_reads_as_the_templates_own_underscore_says_it(
    memory_app: Flask, message: str, shape: str, language: str
) -> None:
    """Each language's templates have their fixed texts written in when they are compiled
    (``i18n.FoldedTexts``): any text, wherever a template says it, reads as the templates'
    ``_`` says it at render time, or fails as it fails."""
    source = shape.replace("M", repr(message))
    with memory_app.test_request_context("/", headers={"Accept-Language": language}):
        folded = memory_app.jinja_env
        plain = memory_app._templates  # type: ignore[attr-defined]
        assert folded is not plain
        said = _rendered(source, lambda: folded.from_string(source).render())
        assert said == _rendered(source, lambda: plain.from_string(source).render())


def test_the_folded_templates_are_each_language_s_own(memory_app: Flask) -> None:
    """One set of templates for each language, kept: a Welsh request after an English one
    reads Welsh, and English after that, English."""
    source = '{{ _("Back") }}'
    seen = {}
    for language in ("en", "cy", "en", "cy"):
        with memory_app.test_request_context("/", headers={"Accept-Language": language}):
            environment = memory_app.jinja_env
            said = environment.from_string(source).render()
            assert seen.setdefault(language, (environment, said)) == (environment, said)
    assert {language: said for language, (_, said) in seen.items()} == {"en": "Back", "cy": "Yn ôl"}


@given(
    name=st.sampled_from(["undefined", "trim_blocks", "autoescape", "finalize", "optimized"]),
    how=st.sampled_from(["outside a request", "in a request", "by an extension"]),
    language=st.sampled_from(["en", "cy"]),
)
@fewer_settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_the_templates_refuse_a_change_once_the_app_is_built(
    memory_app: Flask, name: str, how: str, language: str
) -> None:
    """Each language's templates are made when the app is built, as copies of its settings
    (Jinja's overlay): a setting changed after that, outside a request (the base templates) or
    in one (that language's), would reach some pages and not others, so it is refused, and
    the pages are as they were."""
    with memory_app.test_request_context("/", headers={"Accept-Language": language}):
        environment = memory_app.jinja_env
        before = environment.from_string('{{ _("Back") }}').render()
    if how == "outside a request":
        with pytest.raises(TypeError, match="set up when the app is built"):
            setattr(memory_app.jinja_env, name, getattr(memory_app.jinja_env, name))
    elif how == "in a request":
        asking = memory_app.test_request_context("/", headers={"Accept-Language": language})
        with asking, pytest.raises(TypeError, match="set up when the app is built"):
            setattr(memory_app.jinja_env, name, None)
    else:
        with pytest.raises(TypeError, match="set up when the app is built"):
            memory_app.jinja_env.add_extension("jinja2.ext.loopcontrols")
    with memory_app.test_request_context("/", headers={"Accept-Language": language}):
        assert memory_app.jinja_env is environment
        assert environment.from_string('{{ _("Back") }}').render() == before
        assert before == {"en": "Back", "cy": "Yn ôl"}[language]


def test_each_language_s_templates_are_made_with_the_app() -> None:
    """Each language offered has its templates when the app is built, before any page: none
    is made while pages are being served."""
    app = create_app({"TESTING": True})
    folded = i18n.folded_environments(app._templates)  # type: ignore[attr-defined]
    assert len(folded) == len(app.extensions["cserq"].languages) == 2
    for code in ("en", "cy"):
        with app.test_request_context("/", headers={"Accept-Language": code}):
            assert app.jinja_env in folded
    assert i18n.folded_environments(app._templates) == folded  # type: ignore[attr-defined]


# What differs between two walks: the token, the case's address, and the time it clears at.
VARYING = re.compile(
    r'(name="csrf_token"[^>]*value=")[^"]*|/case/[A-Za-z0-9_-]+|(data-clears-at>)\d\d:\d\d'
)


@pytest.mark.parametrize("language", ["en", "cy"])
def test_every_page_is_the_same_with_its_texts_folded_in_or_said_at_render_time(
    language: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every page and state a practitioner can meet is the same bytes from the folded
    templates as from templates whose every text is said at render time, once the token and
    the case's address (and the time it clears at) are set aside."""

    def pages() -> dict[str, str]:
        app = create_app({"TESTING": True})
        clock = FakeClock()
        app.extensions["cserq"].store.clock = clock
        clinic = Clinic(app.test_client())
        clinic.get(f"/language/{language}")
        return {
            name: VARYING.sub(r"\1\2", page.html)
            for name, page in every_page(clinic, clock).items()
        }

    folded = pages()
    monkeypatch.setattr(App, "jinja_env", property(lambda app: app._templates))
    assert pages() == folded


def _app_messages() -> list[str]:
    with WELSH.open("rb") as file:
        return sorted(str(m.id) for m in read_po(file) if m.id and isinstance(m.id, str))


APP_MESSAGES = _app_messages()


@fewer_settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    message=st.one_of(st.sampled_from(APP_MESSAGES), st.text(max_size=30)),
    language=st.sampled_from(["en", "cy"]),
    values=st.dictionaries(
        st.sampled_from(["num", "date", "page", "pages", "max", "question", "before", "now"]),
        st.one_of(st.integers(0, 99), st.text(max_size=8)),
        max_size=3,
    ),
)
def test_the_views_underscore_says_what_flask_babel_says(
    memory_app: Flask, message: str, language: str, values: dict[str, object]
) -> None:
    """The views' ``_`` (``i18n.gettext``) reads the request's catalogue found once: any
    text, in either language, with any values or none, reads as Flask-Babel's ``gettext``
    says it, or fails as it fails."""
    with memory_app.test_request_context("/", headers={"Accept-Language": language}):

        def said(say: object) -> object:
            try:
                return say(message, **values)  # type: ignore[operator]
            except (KeyError, TypeError, ValueError) as error:
                return type(error)

        assert said(i18n.gettext) == said(babel_gettext)
