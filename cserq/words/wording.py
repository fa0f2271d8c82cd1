"""Every text the practitioner reads about a questionnaire, in their language.

Questionnaire texts are translated with the question (or other item) id as message context, so
two questions with the same English never share a Welsh translation by accident.
"""

from __future__ import annotations

import datetime
import gettext

from babel.dates import format_date, format_datetime

from cserq.base.languages import LOCALES, N_
from cserq.questionnaire.messages import message_context
from cserq.questionnaire.model import (
    AGE,
    NO,
    UNKNOWN,
    YES,
    Answer,
    Category,
    Condition,
    Example,
    Level,
    Prompt,
    Question,
    Questionnaire,
    Rule,
    Section,
    Source,
)
from cserq.questionnaire.outcome import Outcome
from cserq.words import guidance
from cserq.words.plain import Said, say

ANSWER_LABELS = {YES: N_("Yes"), NO: N_("No"), UNKNOWN: N_("Don't know")}


class Wording:
    """Texts of one questionnaire in one language."""

    def __init__(
        self, questionnaire: Questionnaire, translations: gettext.NullTranslations, language: str
    ) -> None:
        self.questionnaire = questionnaire
        self.t = translations
        self.language = language
        self.locale = LOCALES[language]

    def _(self, message: str) -> str:
        return self.t.gettext(message)

    def _item(self, item: str, text: str) -> str:
        return self.questionnaire.translated(self.language, message_context(item), text)

    # -- the questionnaire's own texts --

    def title(self) -> str:
        return self._item("title", self.questionnaire.title)

    def introduction(self) -> str:
        return self._item("introduction", self.questionnaire.introduction)

    def section_title(self, section: Section) -> str:
        return self._item(f"section:{section.id}", section.title)

    def section_intro(self, section: Section) -> str | None:
        return self._item(f"section:{section.id}", section.intro) if section.intro else None

    def options(self, question: Question) -> list[tuple[str, str]]:
        """(code, text) for each option of a choice or multi question."""
        return [(o.code, self._item(question.id, o.text)) for o in question.options]

    def question(self, question: Question) -> str:
        return self._item(question.id, question.text)

    def hint(self, question: Question) -> str | None:
        return self._item(question.id, question.hint) if question.hint else None

    def answer_label(self, code: str) -> str:
        """Yes, No or Don't know."""
        return self._(ANSWER_LABELS[code])

    def option(self, question: Question, code: str) -> str:
        if question.kind == "yes_no_unknown":
            return self.answer_label(code)
        option = question.option(code)
        return self._item(question.id, option.text) if option else code

    def category(self, category: Category | Section) -> str:
        """The title of a category of signs, or of the section a group of answers is from."""
        if isinstance(category, Section):
            return self.section_title(category)
        return self._item(f"category:{category.id}", category.title)

    def level_title(self, level: Level) -> str:
        return self._item(f"level:{level.code}", self.questionnaire.level_text(level).title)

    def level_text(self, level: Level) -> str:
        return self._item(f"level:{level.code}", self.questionnaire.level_text(level).text)

    def headline(self, outcome: Outcome) -> tuple[str, str]:
        """What the answers point to, first: the level's title and text (those for "don't know"
        when some answers were), or for someone aged 18 or over the adult safeguarding route."""
        if outcome.adult:
            title, text = guidance.ADULT_HEADLINES[outcome.level]
            return self._(title), self._(text)
        level = self.questionnaire.level_text(outcome.level)
        item = f"level:{outcome.level.code}"
        if outcome.any_unknown and level.unknown_title and level.unknown_text:
            return self._item(item, level.unknown_title), self._item(item, level.unknown_text)
        return self._item(item, level.title), self._item(item, level.text)

    def statement(self, outcome: Outcome) -> str | None:
        """The app's own statement under the headline, which no questionnaire can remove: the
        lowest level is not a finding that the child is safe; "discuss" must not delay."""
        said = guidance.statement(outcome.level, adult=outcome.adult)
        return self._(said) if said else None

    def next_steps(self, outcome: Outcome) -> list[str]:
        return [self._(step) for step in guidance.next_steps(outcome.level, adult=outcome.adult)]

    def default_contacts(self, outcome: Outcome) -> str:
        """Where to find the numbers, when no local contacts are configured."""
        adult = outcome.adult
        return self._(guidance.DEFAULT_CONTACTS_ADULT if adult else guidance.DEFAULT_CONTACTS)

    def helplines(self, outcome: Outcome) -> list[tuple[str, str, str, str]]:
        """(name, who, how, when) of each service the child or young person can use."""
        age = outcome.answers.get(AGE)
        return [
            (self._(h.name), self._(h.who), self._(h.how), self._(h.when))
            for h in guidance.helplines(age if isinstance(age, int) else None)
        ]

    def help_title(self, outcome: Outcome) -> str:
        return self._(
            N_("Help for the young person") if outcome.adult else N_("Help for the child")
        )

    def help_intro(self, outcome: Outcome) -> str:
        return self._(guidance.HELP_INTRO_ADULT if outcome.adult else guidance.HELP_INTRO)

    def field_name(self, label: str, question: Question | None) -> str:
        """The name of something typed (see ``CaseSummary.typed_texts``) in this language."""
        if question is None:
            return self._(label)
        text = self.question(question)
        return self._(label) % {"question": text} if label else text

    def prompt_title(self, prompt: Prompt) -> str:
        return self._item(f"prompt:{prompt.id}", prompt.title)

    def prompt_text(self, prompt: Prompt) -> str:
        return self._item(f"prompt:{prompt.id}", prompt.text)

    def rule_reason(self, rule: Rule) -> str:
        return self._item(f"rule:{rule.id}", rule.reason)

    def source_title(self, source: Source) -> str:
        return self._item(f"source:{source.id}", source.title)

    def example_name(self, example: Example) -> str:
        return self._item("example", example.name)

    def example_answer(self, question: Question, answer: Answer) -> str:
        """An answer of a worked example; a text typed in it is translated as the example's."""
        if question.kind == "text" and isinstance(answer, str):
            return self._item(f"example:{question.id}", answer)
        return self.answer(question, answer)

    def plain(self, condition: Condition) -> Said:
        """A condition (a rule's ``when``, a ``show_if``) in plain words."""
        return say(self, condition)

    # -- answers, dates --

    def answer(self, question: Question, answer: Answer | None) -> str:
        """An answer as the practitioner chose or typed it."""
        if answer is None or answer == () or answer == "":
            return self._("Not answered")
        if isinstance(answer, tuple):
            return "; ".join(self.option(question, code) for code in answer)
        if isinstance(answer, datetime.date):
            return self.date(answer)
        if isinstance(answer, int):
            return str(answer)
        if question.kind in ("yes_no_unknown", "choice"):
            return self.option(question, answer)
        return answer

    def date(self, value: datetime.date) -> str:
        return format_date(value, format="long", locale=self.locale)

    def date_time(self, value: datetime.datetime) -> str:
        return format_datetime(value, format="d MMMM y, HH:mm", locale=self.locale)
