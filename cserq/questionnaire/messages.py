"""The translatable texts of a questionnaire, each with its message context and where it is.

A questionnaire's texts are translated in its own catalogue (:mod:`cserq.questionnaire.catalogue`),
never the app's. Each text's context is its item: the question id (for its text, hint and
options) or ``section:<id>``, ``category:<id>``, ``level:<level>``, ``prompt:<id>``,
``rule:<id>``, ``source:<id>``, ``title`` or ``introduction``; a worked example's name has
``example``, and a text typed in its answers ``example:<question id>``. The context keeps two
questions with the same English apart; it does not hold the questionnaire's id, so a copy under
a new id keeps its Welsh.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from cserq.base.languages import DEFAULT_LANGUAGE, LANGUAGES
from cserq.base.text import brief
from cserq.files.problems import Problem
from cserq.questionnaire.catalogue import catalogue_path
from cserq.questionnaire.model import Questionnaire


@dataclass(frozen=True)
class Message:
    context: str
    text: str
    path: str
    """Where the text is in the file, e.g. ``sections[3].questions[0].hint``."""


def message_context(item: str) -> str:
    return item


def questionnaire_messages(q: Questionnaire) -> Iterator[Message]:
    """Every text of the questionnaire that a practitioner reads, in file order."""

    def message(item: str, text: str | None, path: str) -> Iterator[Message]:
        if text:
            yield Message(message_context(item), text, path)

    yield from message("title", q.title, "title")
    yield from message("introduction", q.introduction, "introduction")
    for i, source in enumerate(q.sources):
        yield from message(f"source:{source.id}", source.title, f"sources[{i}].title")
    for i, category in enumerate(q.categories):
        yield from message(f"category:{category.id}", category.title, f"categories[{i}].title")
    for level_text in q.levels:
        item, code = f"level:{level_text.level.code}", level_text.level.code
        yield from message(item, level_text.title, f"levels.{code}.title")
        yield from message(item, level_text.text, f"levels.{code}.text")
        yield from message(item, level_text.unknown_title, f"levels.{code}.unknown_title")
        yield from message(item, level_text.unknown_text, f"levels.{code}.unknown_text")
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
    for i, example in enumerate(q.examples):
        yield from message("example", example.name, f"examples[{i}].name")
        for question_id, answer in example.answers.items():
            typed = question_id in q.questions and q.questions[question_id].kind == "text"
            if typed and isinstance(answer, str):
                path = f"examples[{i}].answers.{question_id}"
                yield from message(f"example:{question_id}", answer, path)


def translation_problems(q: Questionnaire, languages: Iterable[str]) -> list[Problem]:
    """A problem, with its file and line, for each text a language has no translation for, or
    whose translation needs review because the English changed."""
    problems = []
    for language in languages:
        if language == DEFAULT_LANGUAGE:
            continue
        catalogue = q.catalogues.get(language)
        where = str(catalogue_path(q.path, language))
        name = f"{LANGUAGES[language]} ({language})"
        for message in questionnaire_messages(q):
            key = (message.context, message.text)
            if catalogue is not None and key in catalogue.translated:
                continue
            line = q.lines.get(message.path, 1)
            if catalogue is not None and key in catalogue.fuzzy:
                detail = (
                    f"the {name} translation of {brief(message.text)} needs review: the English"
                    f" changed ({where}:{catalogue.fuzzy[key]} is marked fuzzy; check the"
                    " translation, then remove the mark)"
                )
            else:
                detail = (
                    f"no {name} translation of {brief(message.text)} (context {message.context});"
                    f" add it to {where} (cserq translate makes or updates that file)"
                )
            problems.append(Problem(q.path, line, message.path, detail))
    return problems
