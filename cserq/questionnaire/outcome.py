"""From answers to decision support: the level reached, why, and what else to consider.

``decide`` is pure: the same questionnaire and answers always give the same outcome, and it reads
nothing else. It supports the practitioner's decision; it never says a child is safe.
"""

from __future__ import annotations

import itertools
import operator
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from cserq.questionnaire.model import (
    AGE,
    IMMEDIATE_DANGER,
    UNKNOWN,
    YES,
    Answer,
    Answers,
    Category,
    Level,
    Prompt,
    Question,
    Questionnaire,
    Rule,
    Section,
)
from cserq.questionnaire.rules import (
    Column,
    Evidence,
    evaluate,
    holds_in_each,
    shown_in_each,
    shown_questions,
)

"""The question every questionnaire has for immediate danger (the loader requires it)."""

ADULT_AGE = 18
"""From this age the questionnaire's child-protection wording does not apply: the outcome
points to adult safeguarding instead."""


@dataclass(frozen=True)
class Reason:
    """A rule that fired, with the answers that made it fire."""

    rule: Rule
    answers: tuple[tuple[str, Answer], ...]


@dataclass(frozen=True)
class Outcome:
    level: Level
    reasons: tuple[Reason, ...]
    prompts: tuple[Prompt, ...]
    unknown: tuple[Question, ...]
    """Questions answered "don't know" (or not answered) that are worth finding out: key signs,
    questions that are not signs, and any whose "yes" would raise the level."""
    answers: Answers
    """The answers the rules read: those to shown questions, with unanswered yes/no/don't know
    questions taken as "don't know"."""
    discarded: tuple[str, ...]
    """Questions that were answered but are hidden by ``show_if``, so their answers were ignored."""
    unanswered: tuple[str, ...]
    """Shown yes/no/don't know questions with no answer, counted as "don't know"."""

    @property
    def adult(self) -> bool:
        """The person is 18 or over, so adult safeguarding applies rather than child protection."""
        age = self.answers.get(AGE)
        return isinstance(age, int) and age >= ADULT_AGE

    @property
    def any_unknown(self) -> bool:
        """Some yes/no/don't know question the rules read was answered "don't know"."""
        return UNKNOWN in self.answers.values()

    @property
    def basis(self) -> tuple[str, ...]:
        """What a decision recorded against this outcome answered: the level and the rules that
        set it. When either changes, a decision made earlier no longer applies."""
        return (self.level.code, *(reason.rule.id for reason in self.reasons))


def decide(questionnaire: Questionnaire, answers: Answers) -> Outcome:
    """Apply the questionnaire's rules, in order, to checked answers (see ``check_answers``).

    The level is the highest any fired rule gives, or ``review`` when none gives one. A shown
    yes/no/don't know question with no answer counts as "don't know", never as "no". A prompt
    is shown only under the level it is written for (``Prompt.shown_at``). Worth finding out:
    each "don't know" to a key sign or a question that is not a sign, and every other whose
    "yes" would raise the level.
    """
    read, unanswered = _read(questionnaire, answers)
    fired = _fired(questionnaire, read)
    level = _level(rule for rule, _ in fired)
    reasons = tuple(
        Reason(rule, tuple((q, read[q]) for q in evidence))
        for rule, evidence in fired
        if rule.level is not None
    )
    unknown = tuple(
        q
        for q in questionnaire.questions.values()
        if read.get(q.id) == UNKNOWN
        and (q.weight == "key" or q.category is None or _raises(questionnaire, answers, q, level))
    )
    return Outcome(
        level=level,
        reasons=reasons,
        prompts=_prompts(questionnaire, (rule for rule, _ in fired), level),
        unknown=unknown,
        answers=read,
        discarded=tuple(q for q in answers if q in questionnaire.questions and q not in read),
        unanswered=unanswered,
    )


def level_of(questionnaire: Questionnaire, answers: Answers) -> Level:
    """The level ``decide`` gives, without the rest of the outcome."""
    read, _ = _read(questionnaire, answers)
    return _level(rule for rule, _ in _fired(questionnaire, read))


def level_and_prompts(
    questionnaire: Questionnaire, answers: Answers
) -> tuple[Level, tuple[Prompt, ...]]:
    """The level and prompts ``decide`` gives, without the rest of the outcome: what is worth
    finding out decides again for every "don't know"."""
    read, _ = _read(questionnaire, answers)
    fired = [rule for rule, _ in _fired(questionnaire, read)]
    level = _level(fired)
    return level, _prompts(questionnaire, fired, level)


def level_and_prompt_ids_in_each(
    questionnaire: Questionnaire, columns: Mapping[str, Column], count: int
) -> list[tuple[Level, frozenset[str]]]:
    """The level ``decide`` gives each of ``count`` checked answer sets, and the ids of the
    prompts it shows, the sets given as a column of answers for each question (see
    :func:`~cserq.questionnaire.rules.holds_in_each`).

    Each rule, the level and each prompt are found a column at a time, many times faster than
    deciding each set in turn when there are thousands (``cserq diff``).
    """
    read = _read_in_each(questionnaire, columns, count)
    rules = questionnaire.rules
    held = holds_in_each(questionnaire, [rule.when for rule in rules], read, count)
    # The highest level a rule that holds gives, or review (as _level).
    levels: Sequence[Level] = [Level.REVIEW] * count
    for rule, holds in zip(rules, held, strict=True):
        if rule.level is not None:
            given = {True: rule.level, False: Level.REVIEW}
            levels = list(map(max, levels, map(given.__getitem__, holds)))
    # A prompt is shown when a rule that holds names it and it fits the level (as _prompts).
    ids = tuple(dict.fromkeys(p for rule in rules for p in rule.prompts))
    shown = []
    for prompt_id in ids:
        naming = [
            holds for rule, holds in zip(rules, held, strict=True) if prompt_id in rule.prompts
        ]
        fits = {level: questionnaire.prompt_by_id[prompt_id].shown_at(level) for level in Level}
        named = map(any, zip(*naming, strict=True))
        shown.append(list(map(operator.and_, named, map(fits.__getitem__, levels))))
    found: dict[tuple[bool, ...], frozenset[str]] = {}
    results = []
    each_shown = zip(*shown, strict=True) if shown else itertools.repeat((), count)
    for level, each in zip(levels, each_shown, strict=True):
        prompt_ids = found.get(each)
        if prompt_ids is None:
            prompt_ids = found[each] = frozenset(itertools.compress(ids, each))
        results.append((level, prompt_ids))
    return results


def _read(
    questionnaire: Questionnaire, answers: Answers
) -> tuple[dict[str, Answer], tuple[str, ...]]:
    """The answers the rules read, in questionnaire order, and the shown yes/no/don't know
    questions left unanswered (read as "don't know")."""
    shown = shown_questions(questionnaire, answers)
    unanswered = tuple(
        q.id
        for q in questionnaire.questions.values()
        if q.id in shown and q.kind == "yes_no_unknown" and q.id not in answers
    )
    read = {q: answers[q] for q in questionnaire.questions if q in shown and q in answers}
    read.update(dict.fromkeys(unanswered, UNKNOWN))
    return {q: read[q] for q in questionnaire.questions if q in read}, unanswered


def _read_in_each(
    questionnaire: Questionnaire, columns: Mapping[str, Column], count: int
) -> dict[str, Column]:
    """What :func:`_read` gives each answer set, as a column for each question: the answer to
    a shown question, "don't know" for a shown yes/no/don't know one left unanswered, else None."""
    shown = shown_in_each(questionnaire, columns, count)
    no_answers: Column = [None] * count
    dont_know: dict[Answer | None, Answer | None] = {None: UNKNOWN}
    read: dict[str, Column] = {}
    for q in questionnaire.questions.values():
        column = columns.get(q.id, no_answers)
        if q.kind == "yes_no_unknown":
            # None (no answer) becomes "don't know"; every answer stays itself.
            column = list(map(dont_know.get, column, column))
        if not all(shown[q.id]):
            column = [
                answer if seen else None for answer, seen in zip(column, shown[q.id], strict=True)
            ]
        read[q.id] = column
    return read


def _fired(questionnaire: Questionnaire, read: Answers) -> list[tuple[Rule, Evidence]]:
    """The rules that hold, in order, each with the answers that made it hold."""
    fired = []
    for rule in questionnaire.rules:
        holds, evidence = evaluate(questionnaire, rule.when, read)
        if holds:
            fired.append((rule, evidence))
    return fired


def _level(fired: Iterable[Rule]) -> Level:
    """The highest level the fired rules give, or ``review`` when none gives one."""
    level = Level.REVIEW
    for rule in fired:
        if rule.level is not None:
            level = max(level, rule.level)
    return level


def _prompts(
    questionnaire: Questionnaire, fired: Iterable[Rule], level: Level
) -> tuple[Prompt, ...]:
    """The fired rules' prompts, each once in the order first met, that fit ``level``."""
    ids = dict.fromkeys(p for rule in fired for p in rule.prompts)
    prompts = (questionnaire.prompt_by_id[p] for p in ids)
    return tuple(prompt for prompt in prompts if prompt.shown_at(level))


def _raises(
    questionnaire: Questionnaire, answers: Answers, question: Question, level: Level
) -> bool:
    """Whether answering ``question`` "yes" would give a level above ``level``."""
    return level_of(questionnaire, {**answers, question.id: YES}) > level


@dataclass(frozen=True)
class CategorySigns:
    category: Category | Section
    """A category of signs, or the section of yes/no questions that are in no category (what
    the practitioner knows or was told: a disclosure, an exchange, sexual activity)."""
    yes: tuple[Question, ...]
    unknown: int


def signs_by_category(questionnaire: Questionnaire, outcome: Outcome) -> tuple[CategorySigns, ...]:
    """The answers "yes" by group, and how many were "don't know": first each section's
    yes/no questions that are in no category and were answered "yes" (the danger question
    and the section about the child aside: the one has its own place, the other holds facts,
    not signs), then every category of signs."""
    grouped = []
    for section in questionnaire.sections:
        if any(q.id == AGE for q in section.questions):
            continue  # facts about the child (a social worker, care needs), not signs
        told = [
            q
            for q in section.questions
            if q.kind == "yes_no_unknown"
            and q.category is None
            and q.id != IMMEDIATE_DANGER
            and outcome.answers.get(q.id) == YES
        ]
        if told:
            grouped.append(CategorySigns(section, tuple(told), 0))
    for category in questionnaire.categories:
        signs = [q for q in questionnaire.questions.values() if q.category == category.id]
        grouped.append(
            CategorySigns(
                category,
                tuple(q for q in signs if outcome.answers.get(q.id) == YES),
                sum(1 for q in signs if outcome.answers.get(q.id) == UNKNOWN),
            )
        )
    return tuple(grouped)
