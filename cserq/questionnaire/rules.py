"""Evaluating conditions (``show_if`` and rules) against answers.

No ``eval``: conditions are a closed set of forms.

A comparison on a question with no answer is false, so ``not`` of it is true; "don't know"
(``unknown``) is an answer of its own and never equals ``no``.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from typing import TypeAlias

from cserq.questionnaire.model import (
    UNKNOWN,
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


def holds(questionnaire: Questionnaire, condition: Condition, answers: Answers) -> bool:
    """Whether ``condition`` holds for ``answers``: what :func:`evaluate` says, without the
    answers that made it hold, and so stopping at the first part that settles it."""
    match condition:
        case Compare(question, op, value):
            answer = answers.get(question)
            return answer is not None and _compare(op, answer, value)
        case Count(among, equals, at_least):
            if at_least <= 0:
                return True
            found = 0
            for counted in questionnaire.select(among):
                if answers.get(counted.id) == equals:
                    found += 1
                    if found >= at_least:
                        return True
            return False
        case AllOf(conditions):
            return all(holds(questionnaire, part, answers) for part in conditions)
        case AnyOf(conditions):
            return any(holds(questionnaire, part, answers) for part in conditions)
        case Not(inner):
            return not holds(questionnaire, inner, answers)
    raise TypeError(f"not a condition: {condition!r}")


def referenced_questions(questionnaire: Questionnaire, condition: Condition) -> tuple[str, ...]:
    """Every question id a condition reads, including those a count selects."""
    return questionnaire.reads(condition)


def shown_questions(questionnaire: Questionnaire, answers: Answers) -> frozenset[str]:
    """The ids of the questions shown, given the answers.

    A question is shown when it has no ``show_if`` or its ``show_if`` holds on the answers to
    questions that are themselves shown. The loader refuses ``show_if`` cycles, so each
    ``show_if`` is read once, after those of the questions it reads
    (``Questionnaire.show_order``).
    """
    hidden: set[str] = set()
    for question_id, show_if, reads in questionnaire.show_order:
        readable = {q: answers[q] for q in reads if q in answers and q not in hidden}
        if not holds(questionnaire, show_if, readable):
            hidden.add(question_id)
    return questionnaire.all_ids - hidden


# --- Many answer sets at once, a column of answers for each question (``cserq diff``) ---

Mask: TypeAlias = int
"""Whether something holds in each of many answer sets, as the bits of one integer: bit ``i`` is
set when it holds in the ``i``-th set. And, or and not of thousands of sets are then one
operation each on a few hundred machine words."""

_DIGITS = {True: ord("1"), False: ord("0")}


def to_mask(holds: Iterable[bool]) -> Mask:
    """The mask of ``holds``, one bool for each set in order."""
    digits = bytes(map(_DIGITS.__getitem__, holds))
    return int(digits[::-1], 2) if digits else 0  # the first set is the lowest bit


def mask_bits(mask: Mask, count: int) -> str:
    """``"1"`` or ``"0"`` for each of ``count`` sets in order, as one string."""
    return format(mask, f"0{count}b")[::-1] if count else ""


def _bools(mask: Mask, count: int) -> list[bool]:
    return list(map("1".__eq__, mask_bits(mask, count)))


def holds_in_each(
    questionnaire: Questionnaire,
    conditions: Sequence[Condition],
    columns: Mapping[str, Column],
    count: int,
) -> list[Sequence[bool]]:
    """For each condition, whether it holds in each of ``count`` answer sets, given as a column
    of answers for each question (a question without a column has no answer in any set): what
    :func:`evaluate` says of each set, without the evidence, a column at a time.
    """
    each = InEach(questionnaire, columns, count)
    return [_bools(each.holds(condition), count) for condition in conditions]


class InEach:
    """Conditions evaluated on many answer sets at once, as masks (see :data:`Mask`).

    ``visible``, where given, is the mask of the sets in which each question it names is shown:
    elsewhere its answer is not read. ``unknown`` names the questions whose missing answer reads
    as "don't know" (the yes/no/don't know questions, as ``decide`` reads them). A part that
    several conditions share (``age less_than 18``, a count of key signs) is evaluated once.
    Only comparing a column's answers is done set by set (by ``map``, once for each different
    answer); the rest is arithmetic on masks.
    """

    def __init__(
        self,
        questionnaire: Questionnaire,
        columns: Mapping[str, Column],
        count: int,
        *,
        visible: dict[str, Mask] | None = None,
        unknown: frozenset[str] = frozenset(),
    ) -> None:
        for question, column in columns.items():
            if len(column) != count:  # a mask would quietly read the missing sets as no answer
                raise ValueError(f"{question}: {len(column)} answers for {count} answer sets")
        self.questionnaire = questionnaire
        self.columns = columns
        self.count = count
        self.full: Mask = (1 << count) - 1
        self.visible = {} if visible is None else visible
        self.unknown = unknown
        self.held: dict[Condition, Mask] = {}
        self.compared: dict[tuple[str, str, object], Mask] = {}

    def holds(self, condition: Condition) -> Mask:
        held = self.held.get(condition)
        if held is None:
            held = self.held[condition] = self._holds(condition)
        return held

    def _holds(self, condition: Condition) -> Mask:
        match condition:
            case Compare(question, op, value):
                return self._compare(question, op, value)
            case Count(among, equals, at_least):
                return self._at_least(among, equals, at_least)
            case AllOf(conditions):
                mask = self.full
                for part in conditions:
                    mask &= self.holds(part)
                return mask
            case AnyOf(conditions):
                mask = 0
                for part in conditions:
                    mask |= self.holds(part)
                return mask
            case Not(inner):
                return self.full ^ self.holds(inner)
        raise TypeError(f"not a condition: {condition!r}")

    def _compare(self, question: str, op: str, value: object) -> Mask:
        key = (question, op, value)
        mask = self.compared.get(key)
        if mask is None:
            reads_unknown = question in self.unknown
            column = self.columns.get(question)
            if column is None:
                mask = self.full if reads_unknown and _compare(op, UNKNOWN, value) else 0
            else:
                # A question has few different answers across the sets: each is compared once.
                truth = {
                    answer: _compare(op, UNKNOWN, value)
                    if answer is None
                    else _compare(op, answer, value)
                    for answer in set(column)
                }
                if not reads_unknown:
                    truth[None] = False
                mask = to_mask(map(truth.__getitem__, column))
            mask &= self.visible.get(question, self.full)
            self.compared[key] = mask
        return mask

    def _at_least(self, among: Selection, equals: str, at_least: int) -> Mask:
        """The sets in which at least ``at_least`` of the selected questions have the answer
        ``equals``: ``reached[j]`` is the sets with ``j`` or more among the questions so far."""
        reached = [self.full] + [0] * at_least
        for question in self.questionnaire.select(among):
            answered = self._compare(question.id, "equals", equals)
            if answered:
                for j in range(at_least, 0, -1):
                    reached[j] |= reached[j - 1] & answered
        return reached[at_least]


def shown_in_each(
    questionnaire: Questionnaire, columns: Mapping[str, Column], count: int
) -> dict[str, Sequence[bool]]:
    """For each question, whether it is shown in each of ``count`` answer sets (given as in
    :func:`holds_in_each`): what :func:`shown_questions` says of each set, a column at a time."""
    shown = shown_masks(questionnaire, columns, count)
    return {q: _bools(mask, count) for q, mask in shown.items()}


def shown_masks(
    questionnaire: Questionnaire, columns: Mapping[str, Column], count: int
) -> dict[str, Mask]:
    """For each question, the mask of the sets in which it is shown (see :func:`shown_in_each`).
    A ``show_if`` reads a question only where that question is shown itself."""
    each = InEach(questionnaire, columns, count, visible={})
    shown: dict[str, Mask] = {}

    def is_shown(question_id: str) -> Mask:
        if question_id not in shown:
            show_if = questionnaire.questions[question_id].show_if
            if show_if is None:
                shown[question_id] = each.full
            else:
                for read in referenced_questions(questionnaire, show_if):
                    if read in questionnaire.questions:
                        each.visible[read] = is_shown(read)
                shown[question_id] = each.holds(show_if)
        return shown[question_id]

    return {q: is_shown(q) for q in questionnaire.questions}


def visible_answers(questionnaire: Questionnaire, answers: Answers) -> dict[str, Answer]:
    """The answers to questions that are shown; answers to hidden or unknown questions go."""
    shown = shown_questions(questionnaire, answers)
    return {q: a for q, a in answers.items() if q in shown}


def _unique(ids: list[str]) -> Evidence:
    return tuple(dict.fromkeys(ids))
