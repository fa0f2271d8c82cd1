"""From answers to decision support: the level reached, why, and what else to consider.

``decide`` is pure: the same questionnaire and answers always give the same outcome, and it reads
nothing else. It supports the practitioner's decision; it never says a child is safe.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
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
    InEach,
    Mask,
    evaluate,
    holds,
    mask_bits,
    shown_masks,
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


def decide(
    questionnaire: Questionnaire, answers: Answers, shown: frozenset[str] | None = None
) -> Outcome:
    """Apply the questionnaire's rules, in order, to checked answers (see ``check_answers``).

    The level is the highest any fired rule gives, or ``review`` when none gives one. A shown
    yes/no/don't know question with no answer counts as "don't know", never as "no". A prompt
    is shown only under the level it is written for (``Prompt.shown_at``). Worth finding out:
    each "don't know" to a key sign or a question that is not a sign, and every other whose
    "yes" would raise the level. ``shown``, where given, is what ``shown_questions`` says of
    ``answers`` (a case knows it already).
    """
    read, unanswered = _read(questionnaire, answers, shown)
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


def level_of(
    questionnaire: Questionnaire, answers: Answers, shown: frozenset[str] | None = None
) -> Level:
    """The level ``decide`` gives, without the rest of the outcome: the rules that give a
    level, highest first, until one holds (``Questionnaire.rules_by_level``); every page's 999
    banner needs it after each save."""
    read, _ = _read(questionnaire, answers, shown)
    for rule in questionnaire.rules_by_level:
        if holds(questionnaire, rule.when, read):
            return rule.level  # type: ignore[return-value]  # every one gives a level
    return Level.REVIEW


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

    Each rule, the level and each prompt are found for all the sets at once, as masks (see
    :class:`~cserq.questionnaire.rules.InEach`), many times faster than deciding each set in
    turn when there are thousands (``cserq diff``).
    """
    if not count:
        return []
    questions = questionnaire.questions.values()
    # What _read reads: a question only where it is shown, and "don't know" for a shown
    # yes/no/don't know question left unanswered.
    each = InEach(
        questionnaire,
        columns,
        count,
        visible=shown_masks(questionnaire, columns, count),
        unknown=frozenset(q.id for q in questions if q.kind == "yes_no_unknown"),
    )
    rules = questionnaire.rules
    held = [each.holds(rule.when) for rule in rules]
    # The highest level a rule that holds gives, or review (as _level).
    exactly: dict[Level, Mask] = {}
    higher: Mask = 0
    for level in sorted(Level, reverse=True):
        giving = 0
        for rule, mask in zip(rules, held, strict=True):
            if rule.level is level:
                giving |= mask
        exactly[level] = (each.full if level is Level.REVIEW else giving) & ~higher
        higher |= giving
    # A prompt is shown when a rule that holds names it and it fits the level (as _prompts).
    ids = tuple(dict.fromkeys(p for rule in rules for p in rule.prompts))
    shown = []
    for prompt_id in ids:
        named = 0
        for rule, mask in zip(rules, held, strict=True):
            if prompt_id in rule.prompts:
                named |= mask
        prompt = questionnaire.prompt_by_id[prompt_id]
        fits = 0
        for level, mask in exactly.items():
            if prompt.shown_at(level):
                fits |= mask
        shown.append(named & fits)
    # Back to one result a set: a "1" or "0" for each level and each prompt, read together.
    levels = tuple(exactly)
    found: dict[tuple[str, ...], tuple[Level, frozenset[str]]] = {}
    results = []
    for bits in zip(*(mask_bits(mask, count) for mask in (*exactly.values(), *shown)), strict=True):
        result = found.get(bits)
        if result is None:
            level = levels[bits.index("1")]
            prompt_ids = frozenset(itertools.compress(ids, map("1".__eq__, bits[len(levels) :])))
            result = found[bits] = (level, prompt_ids)
        results.append(result)
    return results


def _read(
    questionnaire: Questionnaire, answers: Answers, shown: frozenset[str] | None = None
) -> tuple[dict[str, Answer], tuple[str, ...]]:
    """The answers the rules read, in questionnaire order, and the shown yes/no/don't know
    questions left unanswered (read as "don't know")."""
    if shown is None:
        shown = shown_questions(questionnaire, answers)
    unanswered = tuple(
        q.id
        for q in questionnaire.questions.values()
        if q.id in shown and q.kind == "yes_no_unknown" and q.id not in answers
    )
    read = {q: answers[q] for q in questionnaire.questions if q in shown and q in answers}
    read.update(dict.fromkeys(unanswered, UNKNOWN))
    return {q: read[q] for q in questionnaire.questions if q in read}, unanswered


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
