"""What a change to a questionnaire does to outcomes: every answer set that reads the changed
questions (all of them when few enough, else a seeded sample), decided under both versions."""

from __future__ import annotations

import datetime
import itertools
import math
import random
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from cserq.questionnaire.answers import YES_NO_UNKNOWN
from cserq.questionnaire.model import (
    NO,
    YES,
    Answer,
    Compare,
    Level,
    Question,
    Questionnaire,
    condition_parts,
)
from cserq.questionnaire.outcome import Outcome, decide
from cserq.questionnaire.rules import referenced_questions

EXHAUSTIVE_LIMIT = 100_000
"""Up to this many combinations, every one is tried; above it, a random sample."""
DEFAULT_SAMPLES = 20_000
ONE_DATE = datetime.date(2020, 1, 1)
"""The date a date question is answered with: outcomes read a date only as given or not."""


@dataclass(frozen=True)
class Moved:
    """An answer set whose outcome moved, with both outcomes."""

    answers: Mapping[str, Answer]
    before: Outcome
    after: Outcome


@dataclass
class OutcomeChanges:
    questions: tuple[str, ...]
    """The questions the answer sets answer: those any rule of either version reads, and
    those their ``show_if`` reads."""
    combinations: int
    tried: int
    exhaustive: bool
    seed: int
    counts: Counter[str] = field(default_factory=Counter)
    """``higher``, ``lower``, ``prompts`` (same level, other prompts) and ``same``."""
    moves: Counter[tuple[str, str]] = field(default_factory=Counter)
    """How many answer sets went from one level to another."""
    examples: dict[str, Moved] = field(default_factory=dict)
    before: Counter[Level] = field(default_factory=Counter)
    """How many answer sets reach each level in the old version."""
    after: Counter[Level] = field(default_factory=Counter)
    """How many answer sets reach each level in the new version."""

    def reaching(self, level: Level, levels: Counter[Level]) -> int:
        """How many answer sets reach ``level`` or higher, of ``before`` or ``after``."""
        return sum(count for reached, count in levels.items() if reached >= level)


def outcome_changes(
    old: Questionnaire, new: Questionnaire, *, samples: int = DEFAULT_SAMPLES, seed: int = 0
) -> OutcomeChanges:
    """The outcomes of both versions over every answer set that matters, or ``samples`` of them
    drawn at random (with ``seed``) when there are more than :data:`EXHAUSTIVE_LIMIT`."""
    questions = _read_questions(old, new)
    domains = {qid: _domain(qid, old, new) for qid in questions}
    combinations = math.prod(len(values) for values in domains.values())
    exhaustive = combinations <= EXHAUSTIVE_LIMIT
    result = OutcomeChanges(
        questions, combinations, combinations if exhaustive else samples, exhaustive, seed
    )
    for answers in _answer_sets(domains, exhaustive, samples, seed):
        before, after = decide(old, fitting(old, answers)), decide(new, fitting(new, answers))
        result.before[before.level] += 1
        result.after[after.level] += 1
        kind, moved = _compared(answers, before, after)
        result.counts[kind] += 1
        if moved is not None:
            result.moves[(moved.before.level.code, moved.after.level.code)] += 1
            if kind not in result.examples:
                result.examples[kind] = _simplest(old, new, moved, kind, domains)
    return result


def answer_sets(
    old: Questionnaire, new: Questionnaire, *, samples: int = DEFAULT_SAMPLES, seed: int = 0
) -> Iterator[dict[str, Answer]]:
    """The answer sets :func:`outcome_changes` tries, in the same order."""
    domains = {qid: _domain(qid, old, new) for qid in _read_questions(old, new)}
    exhaustive = math.prod(len(values) for values in domains.values()) <= EXHAUSTIVE_LIMIT
    return _answer_sets(domains, exhaustive, samples, seed)


def _answer_sets(
    domains: Mapping[str, Sequence[Answer | None]], exhaustive: bool, samples: int, seed: int
) -> Iterator[dict[str, Answer]]:
    if exhaustive:
        return _every(domains)
    return _sample(domains, samples, random.Random(seed))  # noqa: S311 (a sample, not a secret)


def _compare(
    old: Questionnaire, new: Questionnaire, answers: Mapping[str, Answer]
) -> tuple[str, Moved | None]:
    before = decide(old, fitting(old, answers))
    after = decide(new, fitting(new, answers))
    return _compared(answers, before, after)


def _compared(
    answers: Mapping[str, Answer], before: Outcome, after: Outcome
) -> tuple[str, Moved | None]:
    if after.level > before.level:
        return "higher", Moved(answers, before, after)
    if after.level < before.level:
        return "lower", Moved(answers, before, after)
    if {p.id for p in before.prompts} != {p.id for p in after.prompts}:
        return "prompts", Moved(answers, before, after)
    return "same", None


def _read_questions(old: Questionnaire, new: Questionnaire) -> tuple[str, ...]:
    read: dict[str, None] = {}
    for q in (old, new):
        for rule in q.rules:
            read.update(dict.fromkeys(referenced_questions(q, rule.when)))
    pending = list(read)
    while pending:  # the questions that decide whether those are asked
        qid = pending.pop()
        for q in (old, new):
            question = q.questions.get(qid)
            if question is not None and question.show_if is not None:
                for more in referenced_questions(q, question.show_if):
                    if more not in read:
                        read[more] = None
                        pending.append(more)
    order = [*old.questions, *(qid for qid in new.questions if qid not in old.questions)]
    return tuple(qid for qid in order if qid in read)


def _compared_values(q: Questionnaire, qid: str) -> list[object]:
    conditions = [rule.when for rule in q.rules]
    conditions += [question.show_if for question in q.questions.values() if question.show_if]
    values: list[object] = []
    for condition in conditions:
        for part in condition_parts(condition):
            if isinstance(part, Compare) and part.question == qid:
                values.extend(part.value if isinstance(part.value, tuple) else (part.value,))
    return values


def _domain(qid: str, old: Questionnaire, new: Questionnaire) -> tuple[Answer | None, ...]:
    """The answers worth trying for a question: every one that a condition can tell apart."""
    versions = [q.questions[qid] for q in (old, new) if qid in q.questions]
    kinds = {question.kind for question in versions}
    required = all(question.required for question in versions)
    values: list[Answer | None] = []
    if "yes_no_unknown" in kinds:
        values += YES_NO_UNKNOWN  # not answered counts as "don't know"
    if kinds & {"choice", "multi"}:
        codes = list(dict.fromkeys(o.code for question in versions for o in question.options))
        if "choice" in kinds:
            values += codes
        if "multi" in kinds:
            values += [(code,) for code in codes] + [tuple(codes)]
    if "number" in kinds:
        values += _numbers(qid, versions, old, new)
    if "text" in kinds:
        texts = [v for q in (old, new) for v in _compared_values(q, qid) if isinstance(v, str)]
        values += [*dict.fromkeys(texts), "something else"]
    if "date" in kinds:
        values.append(ONE_DATE)
    if (not required and kinds != {"yes_no_unknown"}) or not values:
        values.append(None)  # not answered (a yes/no/don't know one counts as don't know)
    return tuple(dict.fromkeys(values))


def _numbers(
    qid: str, versions: Sequence[Question], old: Questionnaire, new: Questionnaire
) -> list[int]:
    lows = [q.minimum for q in versions if q.minimum is not None]
    highs = [q.maximum for q in versions if q.maximum is not None]
    low, high = (min(lows) if lows else None), (max(highs) if highs else None)
    if low is not None and high is not None and high - low <= 60:
        return list(range(low, high + 1))
    edges = [v for q in (old, new) for v in _compared_values(q, qid) if isinstance(v, int)]
    near = {n + step for n in edges for step in (-1, 0, 1)} | {
        v for v in (low, high) if v is not None
    }
    return sorted(n for n in near if (low is None or n >= low) and (high is None or n <= high))


def _every(domains: Mapping[str, Sequence[Answer | None]]) -> Iterator[dict[str, Answer]]:
    ids = list(domains)
    for values in itertools.product(*domains.values()):
        yield {qid: value for qid, value in zip(ids, values, strict=True) if value is not None}


def _sample(
    domains: Mapping[str, Sequence[Answer | None]], samples: int, rng: random.Random
) -> Iterator[dict[str, Answer]]:
    """Random answer sets. Each set first draws how likely "yes" and "don't know" are, so that
    sets with one or two signs (where thresholds sit) are as common as sets with many."""
    for _ in range(samples):
        yes = rng.random() ** 2
        unknown = rng.random() * (1 - yes) * 0.5
        answers: dict[str, Answer] = {}
        for qid, values in domains.items():
            if set(YES_NO_UNKNOWN) <= set(values):
                roll = rng.random()
                value: Answer | None = (
                    YES if roll < yes else "unknown" if roll < yes + unknown else NO
                )
            else:
                value = rng.choice(values)
            if value is not None:
                answers[qid] = value
        yield answers


def fitting(q: Questionnaire, answers: Mapping[str, Answer]) -> dict[str, Answer]:
    """The answers that fit this version's questions (a question may be gone, or its options or
    bounds changed)."""
    fitting: dict[str, Answer] = {}
    for qid, answer in answers.items():
        question = q.questions.get(qid)
        if question is None:
            continue
        kind = question.kind
        codes = {o.code for o in question.options}
        ok = (
            (kind == "yes_no_unknown" and answer in YES_NO_UNKNOWN)
            or (kind == "choice" and answer in codes)
            or (kind == "multi" and isinstance(answer, tuple) and set(answer) <= codes)
            or (
                kind == "number"
                and isinstance(answer, int)
                and (question.minimum is None or answer >= question.minimum)
                and (question.maximum is None or answer <= question.maximum)
            )
            or (kind == "text" and isinstance(answer, str))
            or (kind == "date" and isinstance(answer, datetime.date))
        )
        if ok:
            fitting[qid] = answer
    return fitting


def _simplest(
    old: Questionnaire,
    new: Questionnaire,
    moved: Moved,
    kind: str,
    domains: Mapping[str, Sequence[Answer | None]],
) -> Moved:
    """The answer set cut down, one answer at a time, to as few answers other than "no" (or
    none) as still move the outcome the same way."""
    answers = dict(moved.answers)
    for qid in list(answers):
        simpler = NO if NO in domains[qid] else None
        if answers[qid] == simpler or simpler not in domains[qid]:
            continue
        trial = dict(answers)
        if simpler is None:
            del trial[qid]
        else:
            trial[qid] = simpler
        if _compare(old, new, trial)[0] == kind:
            answers = trial
    found_kind, found = _compare(old, new, answers)
    return found if found is not None and found_kind == kind else moved
