"""The translatable texts of a questionnaire, each with its message context and where it is.

Questionnaire texts are translated through the same gettext catalogue as the app. Each text's
context is ``<questionnaire id>:<item>``, where the item is the question id (for its text, hint
and options) or ``section:<id>``, ``category:<id>``, ``level:<level>``, ``prompt:<id>``,
``rule:<id>``, ``title`` or ``introduction``. The context keeps two questions with the same
English apart, and a changed English text shows as "fuzzy" (needing review) in the catalogue.
"""

from __future__ import annotations

import gettext
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from cserq.language import DEFAULT_LANGUAGE, LANGUAGES, translations
from cserq.questionnaire.loader import Problem
from cserq.questionnaire.model import Questionnaire


@dataclass(frozen=True)
class Message:
    context: str
    text: str
    path: str
    """Where the text is in the file, e.g. ``sections[3].questions[0].hint``."""


def message_context(questionnaire_id: str, item: str) -> str:
    return f"{questionnaire_id}:{item}"


def questionnaire_messages(q: Questionnaire) -> Iterator[Message]:
    """Every text of the questionnaire that a practitioner reads, in file order."""

    def message(item: str, text: str | None, path: str) -> Iterator[Message]:
        if text:
            yield Message(message_context(q.id, item), text, path)

    yield from message("title", q.title, "title")
    yield from message("introduction", q.introduction, "introduction")
    for i, category in enumerate(q.categories):
        yield from message(f"category:{category.id}", category.title, f"categories[{i}].title")
    for level_text in q.levels:
        item, code = f"level:{level_text.level.code}", level_text.level.code
        yield from message(item, level_text.title, f"levels.{code}.title")
        yield from message(item, level_text.text, f"levels.{code}.text")
    for i, prompt in enumerate(q.prompts):
        yield from message(f"prompt:{prompt.id}", prompt.title, f"prompts[{i}].title")
        yield from message(f"prompt:{prompt.id}", prompt.text, f"prompts[{i}].text")
    for i, section in enumerate(q.sections):
        where = f"sections[{i}]"
        yield from message(f"section:{section.id}", section.title, f"{where}.title")
        yield from message(f"section:{section.id}", section.intro, f"{where}.intro")
        for j, question in enumerate(section.questions):
            at = f"{where}.questions[{j}]"
            yield from message(question.id, question.text, f"{at}.text")
            yield from message(question.id, question.hint, f"{at}.hint")
            for k, option in enumerate(question.options):
                yield from message(question.id, option.text, f"{at}.options[{k}].text")
    for i, rule in enumerate(q.rules):
        yield from message(f"rule:{rule.id}", rule.reason, f"rules[{i}].reason")


def untranslated(q: Questionnaire, translations: gettext.NullTranslations) -> list[Message]:
    """The texts the catalogue has no translation for (a fuzzy entry is not compiled, so it
    counts as missing too)."""
    return [
        m for m in questionnaire_messages(q) if translations.pgettext(m.context, m.text) == m.text
    ]


def translation_problems(q: Questionnaire, languages: Iterable[str]) -> list[Problem]:
    """A problem, with its file and line, for each text a language has no translation for."""
    problems = []
    for language in languages:
        if language == DEFAULT_LANGUAGE:
            continue
        for message in untranslated(q, translations(language)):
            problems.append(
                Problem(
                    q.path,
                    q.lines.get(message.path, 1),
                    message.path,
                    f"no {LANGUAGES[language]} ({language}) translation of {message.text!r}"
                    f" (context {message.context}); add it to"
                    f" translations/{language}/LC_MESSAGES/messages.po",
                )
            )
    return problems
