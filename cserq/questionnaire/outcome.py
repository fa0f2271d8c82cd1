"""From answers to decision support: the level reached, why, and what else to consider.

``decide`` is pure: the same questionnaire and answers always give the same outcome, and it reads
nothing else. It supports the practitioner's decision; it never says a child is safe.
"""

from __future__ import annotations

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
from cserq.questionnaire.rules import evaluate, shown_questions

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
    level, reasons, prompt_ids = _apply(questionnaire, read)
    prompts = (questionnaire.prompt_by_id[p] for p in dict.fromkeys(prompt_ids))
    unknown = tuple(
        q
        for q in questionnaire.questions.values()
        if read.get(q.id) == UNKNOWN
        and (q.weight == "key" or q.category is None or _raises(questionnaire, answers, q, level))
    )
    return Outcome(
        level=level,
        reasons=tuple(reasons),
        prompts=tuple(prompt for prompt in prompts if prompt.shown_at(level)),
        unknown=unknown,
        answers=read,
        discarded=tuple(q for q in answers if q in questionnaire.questions and q not in read),
        unanswered=unanswered,
    )


def level_of(questionnaire: Questionnaire, answers: Answers) -> Level:
    """The level ``decide`` gives, without the rest of the outcome."""
    read, _ = _read(questionnaire, answers)
    return _apply(questionnaire, read)[0]


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


def _apply(questionnaire: Questionnaire, read: Answers) -> tuple[Level, list[Reason], list[str]]:
    level = Level.REVIEW
    reasons: list[Reason] = []
    prompt_ids: list[str] = []
    for rule in questionnaire.rules:
        holds, evidence = evaluate(questionnaire, rule.when, read)
        if not holds:
            continue
        if rule.level is not None:
            level = max(level, rule.level)
            reasons.append(Reason(rule, tuple((q, read[q]) for q in evidence)))
        prompt_ids.extend(rule.prompts)
    return level, reasons, prompt_ids


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
