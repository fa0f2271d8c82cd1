"""Every text the practitioner reads about a questionnaire, in their language.

Questionnaire texts are translated with the question (or other item) id as message context, so
two questions with the same English never share a Welsh translation by accident.
"""

from __future__ import annotations

import datetime
import gettext

from babel.dates import format_date, format_datetime

from cserq import guidance
from cserq.decision import Outcome
from cserq.language import LOCALES, N_
from cserq.plain import Said, say
from cserq.questionnaire.messages import message_context
from cserq.questionnaire.model import (
    NO,
    UNKNOWN,
    YES,
    Answer,
    Category,
    Condition,
    Level,
    Prompt,
    Question,
    Questionnaire,
    Rule,
    Section,
)

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

    def category(self, category: Category) -> str:
        return self._item(f"category:{category.id}", category.title)

    def level_title(self, level: Level) -> str:
        return self._item(f"level:{level.code}", self.questionnaire.level_text(level).title)

    def level_text(self, level: Level) -> str:
        return self._item(f"level:{level.code}", self.questionnaire.level_text(level).text)

    def headline(self, outcome: Outcome) -> tuple[str, str]:
        """What the answers point to, first: the level's title and text, or for someone aged
        18 or over (short of an emergency) the adult safeguarding route."""
        if outcome.adult and outcome.level is not Level.EMERGENCY:
            return self._(guidance.ADULT_TITLE), self._(guidance.ADULT_TEXT)
        return self.level_title(outcome.level), self.level_text(outcome.level)

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
