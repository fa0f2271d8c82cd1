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
from typing import TypeAlias

from cserq.questionnaire.answers import YES_NO_UNKNOWN
from cserq.questionnaire.model import (
    NO,
    UNKNOWN,
    YES,
    Answer,
    Compare,
    Level,
    Question,
    Questionnaire,
    condition_parts,
)
from cserq.questionnaire.outcome import (
    Outcome,
    decide,
    level_and_prompt_ids_in_each,
    level_and_prompts,
)
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
    drawn at random (with ``seed``) when there are more than :data:`EXHAUSTIVE_LIMIT`.

    The sets are decided :data:`CHUNK` at a time, a column of answers for each question (see
    :func:`~cserq.questionnaire.outcome.level_and_prompt_ids_in_each`), and the new version not
    at all when it decides as the old one does (:func:`decides_alike`): each set then keeps its
    outcome. Only the worked example of each kind of move is decided in full.
    """
    questions = _read_questions(old, new)
    domains = {qid: _domain(qid, old, new) for qid in questions}
    combinations = math.prod(len(values) for values in domains.values())
    exhaustive = combinations <= EXHAUSTIVE_LIMIT
    result = OutcomeChanges(
        questions, combinations, combinations if exhaustive else samples, exhaustive, seed
    )
    alike = decides_alike(old, new)
    old_fits, new_fits = _fitting_answers(old, domains), _fitting_answers(new, domains)
    for chunk in _chunks(_answer_sets(domains, exhaustive, samples, seed)):
        columns = {qid: list(map(dict.get, chunk, itertools.repeat(qid))) for qid in domains}
        befores = _judged(old, old_fits, columns, len(chunk))
        afters = befores if alike else _judged(new, new_fits, columns, len(chunk))
        for answers, before, after in zip(chunk, befores, afters, strict=True):
            result.before[before[0]] += 1
            result.after[after[0]] += 1
            kind = _kind(before, after)
            result.counts[kind] += 1
            if kind == "same":
                continue
            result.moves[(before[0].code, after[0].code)] += 1
            if kind not in result.examples:
                moved = _moved(old, new, answers)
                result.examples[kind] = _simplest(old, new, moved, kind, domains)
    return result


CHUNK = 5_000
"""Answer sets decided together: enough for deciding a column at a time to pay, few enough that
the 100,000 sets of an exhaustive run are never all held at once."""

Judged: TypeAlias = tuple[Level, frozenset[str]]
"""The level an answer set reaches and the ids of the prompts it is shown: all that tells one
kind of move from another."""


def decides_alike(old: Questionnaire, new: Questionnaire) -> bool:
    """Whether every answer set gets the same level and prompts from both versions, because all
    that :func:`fitting` and the level and prompts of ``decide`` read is the same in both: the
    questions in order (ids, kinds, option codes, bounds, when each is asked, category and
    weight), the rules in order (when each applies, its level and prompts) and the level each
    prompt is for. Texts, sources, reasons and worked examples may differ."""
    return _what_decides(old) == _what_decides(new)


def _what_decides(q: Questionnaire) -> tuple[object, ...]:
    questions = tuple(
        (
            question.id,
            question.kind,
            tuple(option.code for option in question.options),
            question.minimum,
            question.maximum,
            question.show_if,
            question.category,
            question.weight,
        )
        for question in q.questions.values()
    )
    rules = tuple((rule.when, rule.level, rule.prompts) for rule in q.rules)
    prompts = tuple((prompt.id, prompt.for_level) for prompt in q.prompts)
    return questions, rules, prompts


def _chunks(sets: Iterator[dict[str, Answer]]) -> Iterator[list[dict[str, Answer]]]:
    """The answer sets :data:`CHUNK` at a time, in order."""
    while chunk := list(itertools.islice(sets, CHUNK)):
        yield chunk


def _fitting_answers(
    q: Questionnaire, domains: Mapping[str, Sequence[Answer | None]]
) -> dict[str, dict[Answer | None, Answer | None]]:
    """For each question tried, each answer tried as it fits this version (see :func:`fitting`):
    itself, or None (not answered) where it does not fit; None (a set without an answer to the
    question) stays None."""
    fits: dict[str, dict[Answer | None, Answer | None]] = {}
    for qid, values in domains.items():
        fits[qid] = {None: None}
        for value in values:
            if value is not None:
                fits[qid][value] = value if qid in fitting(q, {qid: value}) else None
    return fits


def _judged(
    q: Questionnaire,
    fits: Mapping[str, Mapping[Answer | None, Answer | None]],
    columns: Mapping[str, Sequence[Answer | None]],
    count: int,
) -> list[Judged]:
    """The level and prompts of each answer set in ``columns``, once fitted to this version."""
    fitted = {qid: list(map(fits[qid].__getitem__, column)) for qid, column in columns.items()}
    return level_and_prompt_ids_in_each(q, fitted, count)


def _kind(before: Judged, after: Judged) -> str:
    """``higher``, ``lower``, ``prompts`` (the same level, other prompts) or ``same``."""
    if after[0] > before[0]:
        return "higher"
    if after[0] < before[0]:
        return "lower"
    if before[1] != after[1]:
        return "prompts"
    return "same"


def _moved(old: Questionnaire, new: Questionnaire, answers: Mapping[str, Answer]) -> Moved:
    """An answer set with both its outcomes in full, to be shown as a worked example."""
    return Moved(answers, decide(old, fitting(old, answers)), decide(new, fitting(new, answers)))


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


def _kind_of(old: Questionnaire, new: Questionnaire, answers: Mapping[str, Answer]) -> str:
    """The kind of move one answer set makes (see :func:`_kind`)."""
    judged = []
    for q in (old, new):
        level, prompts = level_and_prompts(q, fitting(q, answers))
        judged.append((level, frozenset(prompt.id for prompt in prompts)))
    return _kind(*judged)


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
    # The same draws in the same order as ever (the same seed gives the same report), with
    # what each question needs found once: a sample is 20,000 sets of some 40 answers.
    draws = [(qid, values, set(YES_NO_UNKNOWN) <= set(values)) for qid, values in domains.items()]
    draw, choice = rng.random, rng.choice
    for _ in range(samples):
        yes = draw() ** 2
        unknown = draw() * (1 - yes) * 0.5
        yes_or_unknown = yes + unknown
        answers: dict[str, Answer] = {}
        for qid, values, yes_no in draws:
            if yes_no:
                roll = draw()
                answers[qid] = YES if roll < yes else UNKNOWN if roll < yes_or_unknown else NO
            elif (value := choice(values)) is not None:
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
        if _kind_of(old, new, trial) == kind:
            answers = trial
    return _moved(old, new, answers) if _kind_of(old, new, answers) == kind else moved
