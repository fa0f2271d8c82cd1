"""Evaluating conditions (``show_if`` and rules) against answers.

No ``eval``: conditions are a closed set of forms.

A comparison on a question with no answer is false, so ``not`` of it is true; "don't know"
(``unknown``) is an answer of its own and never equals ``no``.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping

from cserq.questionnaire.model import (
    AllOf,
    Answer,
    Answers,
    AnyOf,
    Compare,
    Condition,
    Count,
    Not,
    Questionnaire,
    condition_parts,
)

# The comparisons a condition can make, and the kinds of question each applies to.
COMPARISONS: Mapping[str, frozenset[str]] = {
    "equals": frozenset({"yes_no_unknown", "choice", "number", "text"}),
    "not_equals": frozenset({"yes_no_unknown", "choice", "number", "text"}),
    "one_of": frozenset({"yes_no_unknown", "choice", "number"}),
    "includes": frozenset({"multi"}),
    "less_than": frozenset({"number"}),
    "at_most": frozenset({"number"}),
    "greater_than": frozenset({"number"}),
    "at_least": frozenset({"number"}),
}

# The ids of the answers that made a condition true, in the order they were met.
Evidence = tuple[str, ...]


def _compare(op: str, answer: Answer, value: object) -> bool:
    if isinstance(answer, datetime.date):
        return False  # dates take no comparisons; the loader refuses them
    if op == "equals":
        return answer == value
    if op == "not_equals":
        return answer != value
    if op == "one_of":
        return isinstance(value, tuple) and answer in value
    if op == "includes":
        return isinstance(answer, tuple) and value in answer
    if not isinstance(answer, int) or not isinstance(value, int):
        return False
    if op == "less_than":
        return answer < value
    if op == "at_most":
        return answer <= value
    if op == "greater_than":
        return answer > value
    if op == "at_least":
        return answer >= value
    raise ValueError(f"unknown comparison {op!r}")  # unreachable after loading


def evaluate(
    questionnaire: Questionnaire, condition: Condition, answers: Answers
) -> tuple[bool, Evidence]:
    """Whether ``condition`` holds for ``answers``, and the answers that made it hold."""
    match condition:
        case Compare(question, op, value):
            answer = answers.get(question)
            if answer is None:
                return False, ()
            return (True, (question,)) if _compare(op, answer, value) else (False, ())
        case Count(among, equals, at_least):
            matched = tuple(
                q.id for q in questionnaire.select(among) if answers.get(q.id) == equals
            )
            return (True, matched) if len(matched) >= at_least else (False, ())
        case AllOf(conditions):
            evidence: list[str] = []
            for part in conditions:
                holds, why = evaluate(questionnaire, part, answers)
                if not holds:
                    return False, ()
                evidence.extend(why)
            return True, _unique(evidence)
        case AnyOf(conditions):
            results = [evaluate(questionnaire, part, answers) for part in conditions]
            held = [why for holds, why in results if holds]
            return (True, _unique([q for why in held for q in why])) if held else (False, ())
        case Not(inner):
            holds, _ = evaluate(questionnaire, inner, answers)
            if holds:
                return False, ()
            return True, _unique(
                [q for q in referenced_questions(questionnaire, inner) if q in answers]
            )
    raise TypeError(f"not a condition: {condition!r}")


def referenced_questions(questionnaire: Questionnaire, condition: Condition) -> tuple[str, ...]:
    """Every question id a condition reads, including those a count selects."""
    ids: list[str] = []
    for part in condition_parts(condition):
        if isinstance(part, Compare):
            ids.append(part.question)
        elif isinstance(part, Count):
            ids.extend(q.id for q in questionnaire.select(part.among))
    return _unique(ids)


def shown_questions(questionnaire: Questionnaire, answers: Answers) -> frozenset[str]:
    """The ids of the questions shown, given the answers.

    A question is shown when it has no ``show_if`` or its ``show_if`` holds on the answers to
    questions that are themselves shown. The loader refuses ``show_if`` cycles.
    """
    shown: dict[str, bool] = {}

    def is_shown(question_id: str) -> bool:
        if question_id not in shown:
            show_if = questionnaire.questions[question_id].show_if
            if show_if is None:
                shown[question_id] = True
            else:
                readable = {
                    q: answers[q]
                    for q in referenced_questions(questionnaire, show_if)
                    if q in answers and is_shown(q)
                }
                shown[question_id] = evaluate(questionnaire, show_if, readable)[0]
        return shown[question_id]

    return frozenset(q for q in questionnaire.questions if is_shown(q))


def visible_answers(questionnaire: Questionnaire, answers: Answers) -> dict[str, Answer]:
    """The answers to questions that are shown; answers to hidden or unknown questions go."""
    shown = shown_questions(questionnaire, answers)
    return {q: a for q, a in answers.items() if q in shown}


def _unique(ids: list[str]) -> Evidence:
    return tuple(dict.fromkeys(ids))
