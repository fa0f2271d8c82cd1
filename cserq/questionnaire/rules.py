"""Evaluating conditions (``show_if`` and rules) against answers.

No ``eval``: conditions are a closed set of forms.

A comparison on a question with no answer is false, so ``not`` of it is true; "don't know"
(``unknown``) is an answer of its own and never equals ``no``.
"""

from __future__ import annotations

import datetime
import operator
from collections.abc import Mapping, Sequence
from itertools import repeat
from typing import TypeAlias

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
    Selection,
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

Column: TypeAlias = Sequence[Answer | None]
"""One question's answer in each of many answer sets, in order: None where a set has none."""


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


# --- Many answer sets at once, a column of answers for each question (``cserq diff``) ---


def holds_in_each(
    questionnaire: Questionnaire,
    conditions: Sequence[Condition],
    columns: Mapping[str, Column],
    count: int,
) -> list[Sequence[bool]]:
    """For each condition, whether it holds in each of ``count`` answer sets, given as a column
    of answers for each question (a question without a column has no answer in any set): what
    :func:`evaluate` says of each set, without the evidence, a column at a time.

    A part that several conditions share (``age less_than 18``, a count of key signs) is
    evaluated once for all of them.
    """
    each = _InEach(questionnaire, columns, count)
    return [each.holds(condition) for condition in conditions]


class _InEach:
    """The conditions evaluated so far on one set of columns, and the counts made for them.

    The work on each column is done by ``map`` with :mod:`operator` functions rather than a
    Python loop: with thousands of sets, it is most of the time ``cserq diff`` takes.
    """

    def __init__(
        self, questionnaire: Questionnaire, columns: Mapping[str, Column], count: int
    ) -> None:
        self.questionnaire = questionnaire
        self.columns = columns
        self.count = count
        self.held: dict[Condition, Sequence[bool]] = {}
        self.totals: dict[tuple[Selection, str], Sequence[int]] = {}
        self.rows: dict[Selection, list[tuple[Answer | None, ...]]] = {}

    def holds(self, condition: Condition) -> Sequence[bool]:
        held = self.held.get(condition)
        if held is None:
            held = self.held[condition] = self._holds(condition)
        return held

    def _holds(self, condition: Condition) -> Sequence[bool]:
        match condition:
            case Compare(question, op, value):
                column = self.columns.get(question)
                if column is None:
                    return [False] * self.count
                # A question has few distinct answers across the sets: each is compared once.
                truth = {a: a is not None and _compare(op, a, value) for a in set(column)}
                return list(map(truth.__getitem__, column))
            case Count(among, equals, at_least):
                return list(map(operator.ge, self._total(among, equals), repeat(at_least)))
            case AllOf(conditions):
                parts = [self.holds(part) for part in conditions]
                return list(map(all, zip(*parts, strict=True))) if parts else [True] * self.count
            case AnyOf(conditions):
                parts = [self.holds(part) for part in conditions]
                return list(map(any, zip(*parts, strict=True))) if parts else [False] * self.count
            case Not(inner):
                return list(map(operator.not_, self.holds(inner)))
        raise TypeError(f"not a condition: {condition!r}")

    def _total(self, among: Selection, equals: str) -> Sequence[int]:
        """How many of the selected questions have the answer ``equals``, in each set."""
        key = (among, equals)
        if key not in self.totals:
            if among not in self.rows:
                selected = [self.columns.get(q.id) for q in self.questionnaire.select(among)]
                present = [column for column in selected if column is not None]
                # Each set's answers to the selected questions, as one tuple to count in.
                self.rows[among] = list(zip(*present, strict=True)) if present else []
            rows = self.rows[among]
            self.totals[key] = (
                list(map(tuple.count, rows, repeat(equals))) if rows else [0] * self.count
            )
        return self.totals[key]


def shown_in_each(
    questionnaire: Questionnaire, columns: Mapping[str, Column], count: int
) -> dict[str, Sequence[bool]]:
    """For each question, whether it is shown in each of ``count`` answer sets (given as in
    :func:`holds_in_each`): what :func:`shown_questions` says of each set, a column at a time."""
    everywhere = [True] * count
    shown: dict[str, Sequence[bool]] = {}

    def is_shown(question_id: str) -> Sequence[bool]:
        if question_id not in shown:
            show_if = questionnaire.questions[question_id].show_if
            if show_if is None:
                shown[question_id] = everywhere
            else:
                readable = {
                    q: [
                        a if seen else None for a, seen in zip(columns[q], is_shown(q), strict=True)
                    ]
                    for q in referenced_questions(questionnaire, show_if)
                    if q in columns
                }
                shown[question_id] = holds_in_each(questionnaire, [show_if], readable, count)[0]
        return shown[question_id]

    return {q: is_shown(q) for q in questionnaire.questions}


def visible_answers(questionnaire: Questionnaire, answers: Answers) -> dict[str, Answer]:
    """The answers to questions that are shown; answers to hidden or unknown questions go."""
    shown = shown_questions(questionnaire, answers)
    return {q: a for q, a in answers.items() if q in shown}


def _unique(ids: list[str]) -> Evidence:
    return tuple(dict.fromkeys(ids))
