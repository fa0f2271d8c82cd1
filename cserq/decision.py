"""From answers to decision support: the level reached, why, and what else to consider.

``decide`` is pure: the same questionnaire and answers always give the same outcome, and it reads
nothing else. It supports the practitioner's decision; it never says a child is safe.
"""

from __future__ import annotations

from dataclasses import dataclass

from cserq.questionnaire.model import (
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
)
from cserq.questionnaire.rules import evaluate, shown_questions

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
    """Key and core questions answered "don't know" (or not answered): worth finding out."""
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
        age = self.answers.get("age")
        return isinstance(age, int) and age >= ADULT_AGE

    @property
    def basis(self) -> tuple[str, ...]:
        """What a decision recorded against this outcome answered: the level and the rules that
        set it. When either changes, a decision made earlier no longer applies."""
        return (self.level.code, *(reason.rule.id for reason in self.reasons))


def decide(questionnaire: Questionnaire, answers: Answers) -> Outcome:
    """Apply the questionnaire's rules, in order, to checked answers (see ``check_answers``).

    The level is the highest any fired rule gives, or ``review`` when none gives one. A shown
    yes/no/don't know question with no answer counts as "don't know", never as "no".
    """
    shown = shown_questions(questionnaire, answers)
    read: dict[str, Answer] = {q: a for q, a in answers.items() if q in shown}
    unanswered = tuple(
        q.id
        for q in questionnaire.questions.values()
        if q.id in shown and q.kind == "yes_no_unknown" and q.id not in read
    )
    read.update(dict.fromkeys(unanswered, UNKNOWN))
    ordered = {q: read[q] for q in questionnaire.questions if q in read}

    level = Level.REVIEW
    reasons: list[Reason] = []
    prompt_ids: list[str] = []
    for rule in questionnaire.rules:
        holds, evidence = evaluate(questionnaire, rule.when, ordered)
        if not holds:
            continue
        if rule.level is not None:
            level = max(level, rule.level)
            reasons.append(Reason(rule, tuple((q, ordered[q]) for q in evidence)))
        prompt_ids.extend(rule.prompts)

    unknown = tuple(
        q
        for q in questionnaire.questions.values()
        if ordered.get(q.id) == UNKNOWN and (q.weight == "key" or q.category is None)
    )
    return Outcome(
        level=level,
        reasons=tuple(reasons),
        prompts=tuple(questionnaire.prompt_by_id[p] for p in dict.fromkeys(prompt_ids)),
        unknown=unknown,
        answers=ordered,
        discarded=tuple(q for q in answers if q in questionnaire.questions and q not in shown),
        unanswered=unanswered,
    )


@dataclass(frozen=True)
class CategorySigns:
    category: Category
    yes: tuple[Question, ...]
    unknown: int


def signs_by_category(questionnaire: Questionnaire, outcome: Outcome) -> tuple[CategorySigns, ...]:
    """For each category: the signs answered "yes", and how many were "don't know"."""
    grouped = []
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
