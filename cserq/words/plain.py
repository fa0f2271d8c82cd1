"""Conditions in plain words, in the reader's language: what a rule or a ``show_if`` asks of the
answers, with every question quoted as the practitioner reads it.

The outcome page (under each reason), ``cserq spec`` and ``cserq diff`` all say a condition the
same way, so what a clinical safety officer signs off is what the practitioner is shown.
"""

from __future__ import annotations

import gettext
from dataclasses import dataclass
from typing import Protocol

from cserq.base.languages import N_
from cserq.questionnaire.model import (
    AllOf,
    AnyOf,
    Category,
    Compare,
    Condition,
    Count,
    Not,
    Question,
    Questionnaire,
    Section,
    Selection,
)

COMPARISON_WORDS = {
    "equals": N_("The answer to “%(question)s” is %(answer)s"),
    "not_equals": N_("“%(question)s” has an answer other than %(answer)s"),
    "one_of": N_("The answer to “%(question)s” is one of: %(answer)s"),
    "includes": N_("The answers to “%(question)s” include %(answer)s"),
    "less_than": N_("The answer to “%(question)s” is less than %(answer)s"),
    "at_most": N_("The answer to “%(question)s” is %(answer)s or less"),
    "greater_than": N_("The answer to “%(question)s” is more than %(answer)s"),
    "at_least": N_("The answer to “%(question)s” is %(answer)s or more"),
}
ALL_OF = N_("All of these:")
ANY_OF = N_("At least one of these:")
NOT = N_("This is not so:")
CHOSEN_BY_WEIGHT = N_("(every question with the weight %(weights)s)")
CHOSEN_BY_CATEGORY = N_("(every question in %(categories)s)")
CHOSEN_BY_BOTH = N_("(every question in %(categories)s with the weight %(weights)s)")
OR = N_(" or ")
WEIGHT_WORDS = {"key": N_("key"), "supporting": N_("supporting"), "context": N_("context")}
ASKED_WHEN = N_("Asked only when this is so:")


class Words(Protocol):
    """What saying a condition needs of one language's texts: a ``Wording`` has it all."""

    questionnaire: Questionnaire
    t: gettext.NullTranslations

    def _(self, message: str) -> str: ...
    def question(self, question: Question) -> str: ...
    def answer_label(self, code: str) -> str: ...
    def option(self, question: Question, code: str) -> str: ...
    def category(self, category: Category | Section) -> str: ...


@dataclass(frozen=True)
class Said:
    """A line of plain words, and the lines it stands over (the parts of ``all``, the questions
    a count counts)."""

    text: str
    parts: tuple[Said, ...] = ()

    def lines(self, indent: str = "  ", depth: int = 0) -> list[str]:
        """As indented lines of text, for the command line."""
        own = [f"{indent * depth}{self.text}"]
        return own + [line for part in self.parts for line in part.lines(indent, depth + 1)]


def say(words: Words, condition: Condition) -> Said:
    """``condition`` in plain words."""
    q = words.questionnaire
    match condition:
        case Compare(question_id, op, value):
            question = q.questions[question_id]
            values = value if isinstance(value, tuple) else (value,)
            shown = [_quoted(words, question_id, v) for v in values]
            answer = words._(OR).join(shown) if op != "one_of" else ", ".join(shown)
            return Said(
                words._(COMPARISON_WORDS[op])
                % {"question": words.question(question), "answer": answer}
            )
        case Count(among, equals, at_least):
            answer = f"“{words.answer_label(equals)}”"
            lead = words.t.ngettext(
                "At least %(count)d of these questions is answered %(answer)s:",
                "At least %(count)d of these questions are answered %(answer)s:",
                at_least,
            ) % {"count": at_least, "answer": answer}
            chosen = _chosen(words, among)
            questions = tuple(Said(words.question(question)) for question in q.select(among))
            return Said(lead, ((Said(chosen),) if chosen else ()) + questions)
        case AllOf(conditions):
            return Said(words._(ALL_OF), tuple(say(words, c) for c in conditions))
        case AnyOf(conditions):
            return Said(words._(ANY_OF), tuple(say(words, c) for c in conditions))
        case Not(inner):
            return Said(words._(NOT), (say(words, inner),))
    raise TypeError(f"not a condition: {condition!r}")


def _quoted(words: Words, question_id: str, value: object) -> str:
    question = words.questionnaire.questions[question_id]
    if isinstance(value, int) and question.kind == "number":
        return str(value)
    if isinstance(value, str) and question.kind in ("yes_no_unknown", "choice", "multi"):
        return f"“{words.option(question, value)}”"
    return f"“{value}”"


def _chosen(words: Words, among: Selection) -> str | None:
    """How a count chose its questions, when not one by one."""
    weights = words._(OR).join(f"“{words._(WEIGHT_WORDS[w])}”" for w in among.weights)
    categories = words._(OR).join(
        f"“{words.category(words.questionnaire.category(c))}”" for c in among.categories
    )
    if weights and categories:
        return words._(CHOSEN_BY_BOTH) % {"categories": categories, "weights": weights}
    if weights:
        return words._(CHOSEN_BY_WEIGHT) % {"weights": weights}
    if categories:
        return words._(CHOSEN_BY_CATEGORY) % {"categories": categories}
    return None
