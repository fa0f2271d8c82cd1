"""What changed between two versions of a questionnaire, and what that does to outcomes
(``cserq diff``): the record a clinical safety officer reads before signing off a change.

Texts, questions, options, conditions, rules and translations are compared item by item (by id).
Outcomes are compared over answer sets to the questions the rules of either version read: every
combination when there are few enough, otherwise a large seeded random sample, drawn so that sets
with few "yes" answers are as likely as sets with many. Each answer set whose outcome moved is
counted (higher level, lower level, same level with other prompts), and one of each kind is cut
down to a worked example with as few answers other than "no" as still show the move.
"""

from __future__ import annotations

import datetime
import difflib
import gettext
import itertools
import math
import random
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from cserq.questionnaire.answers import YES_NO_UNKNOWN
from cserq.questionnaire.decision import Outcome, decide
from cserq.questionnaire.messages import questionnaire_messages
from cserq.questionnaire.model import (
    NO,
    YES,
    Answer,
    Compare,
    Condition,
    Count,
    Level,
    Question,
    Questionnaire,
    condition_parts,
)
from cserq.questionnaire.rules import referenced_questions
from cserq.words.wording import Wording

EXHAUSTIVE_LIMIT = 100_000
"""Up to this many combinations, every one is tried; above it, a random sample."""
DEFAULT_SAMPLES = 20_000
T = TypeVar("T")
ONE_DATE = datetime.date(2020, 1, 1)


# --- What changed, item by item ---


@dataclass(frozen=True)
class Change:
    """One difference: the item (``rule two_key_signs``), what about it, and before and after
    (each a list of lines, empty for something added or removed)."""

    item: str
    what: str
    before: tuple[str, ...] = ()
    after: tuple[str, ...] = ()
    lower: bool = False
    """Whether it points a child to less than before (a worked example expecting a lower
    level): ``cserq diff`` flags it and exits 1."""


Say = Callable[[Questionnaire, Condition], Sequence[str]]


def changes(old: Questionnaire, new: Questionnaire, say: Say) -> list[Change]:
    """Every difference between ``old`` and ``new``; conditions are put in words by ``say``."""
    found: list[Change] = []
    for key in ("id", "version", "title", "introduction"):
        _field(found, "questionnaire", key, getattr(old, key), getattr(new, key))
    _items(found, "source", old.sources, new.sources, ("title", "url"))
    _items(found, "category", old.categories, new.categories, ("title",))
    for level in sorted(Level, reverse=True):
        for key in ("title", "text"):
            before, after = old.level_text(level), new.level_text(level)
            _field(found, f"level {level.code}", key, getattr(before, key), getattr(after, key))
    _items(found, "prompt", old.prompts, new.prompts, ("title", "text"))
    _items(found, "section", old.sections, new.sections, ("title", "intro", "sources"))
    old_questions, new_questions = old.questions, new.questions
    _added_removed(found, "question", old_questions, new_questions, lambda q: q.text)
    for qid in old_questions.keys() & new_questions.keys():
        _question(found, old, new, old_questions[qid], new_questions[qid], say)
    old_rules = {r.id: r for r in old.rules}
    new_rules = {r.id: r for r in new.rules}
    _added_removed(found, "rule", old_rules, new_rules, lambda r: r.reason)
    for rid in old_rules.keys() & new_rules.keys():
        was, now = old_rules[rid], new_rules[rid]
        item = f"rule {rid}"
        if _logic(old, was.when) != _logic(new, now.when):
            found.append(
                Change(item, "applies when", tuple(say(old, was.when)), tuple(say(new, now.when)))
            )
        _field(found, item, "level", _level(was.level), _level(now.level))
        for key in ("prompts", "reason", "sources"):
            _field(found, item, key, getattr(was, key), getattr(now, key))
    old_order = [r.id for r in old.rules if r.id in new_rules]
    new_order = [r.id for r in new.rules if r.id in old_rules]
    if old_order != new_order:
        found.append(
            Change(
                "rules",
                "order (the reasons are listed in this order)",
                tuple(old_order),
                tuple(new_order),
            )
        )
    _examples(found, old, new)
    if old.version == new.version and old.content_hash != new.content_hash:
        found.append(
            Change(
                "questionnaire version",
                f"NOT RAISED: both files say {old.version!r}; raise it, so that a note says"
                " which rules made it",
            )
        )
    for version, q in (("old", old), ("new", new)):
        for example in q.examples:
            outcome = decide(q, example.answers)
            shown = {p.id for p in outcome.prompts}
            if outcome.level is not example.level or not set(example.prompts) <= shown:
                expects = f"expects {example.level.code}, prompts {_ids(example.prompts)}"
                gives = f"the rules give {outcome.level.code}, prompts {_ids(sorted(shown))}"
                where = f"FAILS in the {version} version (line {example.line})"
                found.append(Change(f"example {example.name}", where, (expects,), (gives,)))
    for language in sorted(old.catalogues.keys() | new.catalogues.keys()):
        _translations(found, old, new, language)
    return sorted(found, key=_order)


def _order(change: Change) -> tuple[int, str]:
    kinds = ("questionnaire", "example", "rule", "rules", "question", "section", "level", "prompt")
    kind = change.item.split(" ")[0]
    return (kinds.index(kind) if kind in kinds else len(kinds), change.item)


def _ids(ids: Sequence[str]) -> str:
    return ", ".join(ids) or "none"


def _level(level: Level | None) -> str | None:
    return level.code if level else None


def _shown(value: object) -> tuple[str, ...]:
    if value is None or value == () or value == "":
        return ()
    if isinstance(value, tuple):
        return (", ".join(map(str, value)),)
    return (str(value),)


def _field(found: list[Change], item: str, key: str, before: object, after: object) -> None:
    if before != after:
        what = key if before not in (None, (), "") else f"{key} added"
        what = what if after not in (None, (), "") else f"{key} removed"
        found.append(Change(item, what, _shown(before), _shown(after)))


def _added_removed(
    found: list[Change],
    kind: str,
    before: Mapping[str, T],
    after: Mapping[str, T],
    text: Callable[[T], str],
) -> None:
    for key in before.keys() - after.keys():
        found.append(Change(f"{kind} {key}", "removed", (text(before[key]),)))
    for key in after.keys() - before.keys():
        found.append(Change(f"{kind} {key}", "added", (), (text(after[key]),)))


def _items(
    found: list[Change],
    kind: str,
    before: Sequence[object],
    after: Sequence[object],
    keys: Sequence[str],
) -> None:
    old = {getattr(item, "id"): item for item in before}  # noqa: B009
    new = {getattr(item, "id"): item for item in after}  # noqa: B009
    _added_removed(found, kind, old, new, lambda item: getattr(item, "title"))  # noqa: B009
    for key in old.keys() & new.keys():
        for name in keys:
            _field(found, f"{kind} {key}", name, getattr(old[key], name), getattr(new[key], name))


def _question(
    found: list[Change],
    old_q: Questionnaire,
    new_q: Questionnaire,
    before: Question,
    after: Question,
    say: Say,
) -> None:
    item = f"question {before.id}"
    for key in ("section", "kind", "text", "hint", "required", "category", "weight"):
        _field(found, item, key, getattr(before, key), getattr(after, key))
    for key in ("minimum", "maximum", "max_length"):
        _field(found, item, key.replace("imum", ""), getattr(before, key), getattr(after, key))
    old_options = {o.code: o for o in before.options}
    new_options = {o.code: o for o in after.options}
    _added_removed(found, f"{item} option", old_options, new_options, lambda o: o.text)
    for code in old_options.keys() & new_options.keys():
        for key in ("text", "hint"):
            _field(
                found,
                f"{item} option {code}",
                key,
                getattr(old_options[code], key),
                getattr(new_options[code], key),
            )
    old_when = tuple(say(old_q, before.show_if)) if before.show_if else ()
    new_when = tuple(say(new_q, after.show_if)) if after.show_if else ()
    if _logic(old_q, before.show_if) != _logic(new_q, after.show_if):
        what = "asked only when" if old_when and new_when else "now always asked"
        what = "now asked only when" if new_when and not old_when else what
        found.append(Change(item, what, old_when, new_when))


@dataclass(frozen=True)
class Written:
    """A worked example as its author wrote it: the answers named, what every other yes/no/don't
    know question is answered (``others``), and the outcome it expects."""

    answers: Mapping[str, Answer]
    others: str | None
    level: Level
    prompts: tuple[str, ...]

    def case(self) -> tuple[tuple[tuple[str, Answer], ...], str | None]:
        """The answer set it is about, whatever it expects."""
        return tuple(sorted(self.answers.items(), key=lambda item: item[0])), self.others


def as_written(q: Questionnaire, index: int) -> Written:
    """The ``index``-th example as written in the file: the loader has already given the
    unnamed questions the ``others`` answer, and the lines of the file say which answers were
    named. (A loaded questionnaire has every example of its file, in order.)"""
    example = q.examples[index]
    if q.lines.get(f"examples[{index}]") != example.line:  # not from a file: all as if named
        return Written(dict(example.answers), None, example.level, example.prompts)
    prefix = f"examples[{index}].answers."
    named = {
        path[len(prefix) :]
        for path in q.lines
        if path.startswith(prefix) and path[len(prefix) :] in example.answers
    }
    others = None
    if f"examples[{index}].others" in q.lines:
        others = next(
            (
                str(example.answers[qid])
                for qid, question in q.questions.items()
                if qid not in named and qid in example.answers and question.kind == "yes_no_unknown"
            ),
            None,
        )
    answers = {qid: answer for qid, answer in example.answers.items() if qid in named}
    return Written(answers, others, example.level, example.prompts)


def _examples(found: list[Change], old: Questionnaire, new: Questionnaire) -> None:
    """Worked examples added, removed, renamed or rewritten (by name; one renamed is one with
    the same answers under a new name); one now expecting a lower level is flagged."""
    was = {e.name: as_written(old, i) for i, e in enumerate(old.examples)}
    now = {e.name: as_written(new, i) for i, e in enumerate(new.examples)}
    pairs = [(name, name) for name in was if name in now]
    gone = [name for name in was if name not in now]
    added = [name for name in now if name not in was]
    for name in list(added):
        same_case = [g for g in gone if was[g].case() == now[name].case()]
        if same_case:
            pairs.append((same_case[0], name))
            gone.remove(same_case[0])
            added.remove(name)
    for name in gone:
        found.append(Change(f"example {name}", "removed", _example_lines(was[name])))
    for name in added:
        found.append(Change(f"example {name}", "added", (), _example_lines(now[name])))
    for old_name, name in pairs:
        before, after = was[old_name], now[name]
        item = f"example {name}"
        if old_name != name:
            found.append(Change(item, "renamed", (old_name,), (name,)))
        if before.answers != after.answers:
            found.append(
                Change(item, "answers", (_answers(before.answers),), (_answers(after.answers),))
            )
        if before.others != after.others:
            found.append(Change(item, "others", (_others(before),), (_others(after),)))
        if after.level < before.level:
            found.append(
                Change(
                    item,
                    "expects a LOWER level than before",
                    (before.level.code,),
                    (after.level.code,),
                    lower=True,
                )
            )
        elif after.level > before.level:
            found.append(
                Change(
                    item,
                    "expects a higher level than before",
                    (before.level.code,),
                    (after.level.code,),
                )
            )
        _field(found, item, "prompts", before.prompts, after.prompts)


def _example_lines(example: Written) -> tuple[str, ...]:
    prompts = f", prompts {_ids(example.prompts)}" if example.prompts else ""
    return (
        f"expects {example.level.code}{prompts}",
        f"answers {_answers(example.answers)}; {_others(example)}",
    )


def _others(example: Written) -> str:
    if example.others is None:
        return "others not given (a yes/no/don't know question not named counts as don't know)"
    return f"others {example.others} (every yes/no/don't know question not named)"


def _answers(answers: Mapping[str, Answer]) -> str:
    """Answers as the file writes them: ``{age: 12, sti: yes}``."""

    def shown(answer: Answer) -> str:
        if isinstance(answer, tuple):
            return "[" + ", ".join(answer) + "]"
        if isinstance(answer, datetime.date):
            return answer.isoformat()
        return str(answer)

    return "{" + ", ".join(f"{qid}: {shown(answer)}" for qid, answer in answers.items()) + "}"


def _logic(q: Questionnaire, condition: Condition | None) -> object:
    """What a condition tests, whatever the wording of the questions it reads: the condition
    and, for each count, the questions it counts (a sign added to a category changes it)."""
    if condition is None:
        return None
    counted = [
        tuple(question.id for question in q.select(part.among))
        for part in condition_parts(condition)
        if isinstance(part, Count)
    ]
    return condition, counted


def _translations(
    found: list[Change], old: Questionnaire, new: Questionnaire, language: str
) -> None:
    """Items whose translations differ (an item's English is reported with the item)."""
    before = old.catalogues.get(language)
    after = new.catalogues.get(language)

    def by_item(texts: Mapping[tuple[str, str], str]) -> dict[str, tuple[str, ...]]:
        items: dict[str, list[str]] = {}
        for (context, _english), translation in sorted(texts.items()):
            items.setdefault(context, []).append(translation)
        return {item: tuple(sorted(t)) for item, t in items.items()}

    if before is None or after is None:
        side = "the old version" if before is None else "the new version"
        found.append(Change(f"{language} translation", f"{side} has no catalogue for it"))
        return
    was = by_item(before.translated)
    now = by_item(after.translated)
    to_review = {
        message.context
        for message in questionnaire_messages(new)
        if (message.context, message.text) not in after.translated
    }
    for item in sorted(was.keys() | now.keys() | to_review):
        if item in to_review:
            found.append(
                Change(
                    f"{language} translation of {item or 'text'}",
                    "NOT READY: a text has no translation yet or one marked for review",
                    was.get(item, ()),
                    now.get(item, ()),
                )
            )
        elif was.get(item) != now.get(item):
            found.append(
                Change(
                    f"{language} translation of {item or 'text'}",
                    "changed",
                    was.get(item, ()),
                    now.get(item, ()),
                )
            )


def _clip(text: str, length: int = 60) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


# --- What it does to outcomes ---


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


# --- The report ---

LOUD = "!" * 72
KIND_TITLES = {
    "lower": "now reach a LOWER level",
    "higher": "now reach a HIGHER level",
    "prompts": "reach the same level with other prompts",
}
LOUD_WORDS = {
    "lower": (
        "!!! a child in these circumstances would be pointed to less than before.",
        "!!! Check that this is intended before the change is signed off and used.",
    ),
    "higher": (
        "!!! a child in these circumstances would be pointed to more than before: more reports",
        "!!! and discussions, and over-referral is a hazard too (it floods social services and",
        "!!! keeps young people from services). Check that this is intended before sign-off.",
    ),
}
SHARES = (Level.REPORT, Level.DISCUSS)
"""The levels whose share of answer sets (that level or higher) is given before and after."""


def diff_report(
    old: Questionnaire, new: Questionnaire, *, samples: int = DEFAULT_SAMPLES, seed: int = 0
) -> tuple[list[str], int]:
    """The report ``cserq diff`` prints, in English, and how many things in it point a child
    to less than before (answer sets that reach a lower level, worked examples that expect
    one)."""
    words = {id(q): Wording(q, gettext.NullTranslations(), "en") for q in (old, new)}

    def plain(q: Questionnaire, condition: Condition) -> list[str]:
        return words[id(q)].plain(condition).lines()

    found = changes(old, new, plain)
    lines = [
        f"Old: {old.path} ({old.id} version {old.version}, sha256 {old.short_hash})",
        f"New: {new.path} ({new.id} version {new.version}, sha256 {new.short_hash})",
        "",
        f"What changed ({len(found)}):" if found else "What changed: nothing.",
    ]
    for change in found:
        lines.append(f"  {change.item}: {change.what}")
        if len(change.before) > 1 and len(change.after) > 1:
            lines += _line_diff(change.before, change.after)
            continue
        for label, text in (("was", change.before), ("now", change.after)):
            for n, line in enumerate(text):
                lines.append(f"      {label + ':' if n == 0 else '    '} {line}")
    lowered = [change for change in found if change.lower]
    if lowered:
        which = f"{len(lowered)} worked examples now expect" if len(lowered) > 1 else ""
        lines += [
            "",
            LOUD,
            f"!!! {which or '1 worked example now expects'} a LOWER level:",
            *(
                f"!!!   {change.item}: {change.before[0]} -> {change.after[0]}"
                for change in lowered
            ),
            "!!! a child like this would be pointed to less than before.",
            LOUD_WORDS["lower"][1],
            LOUD,
        ]
    result = outcome_changes(old, new, samples=samples, seed=seed)
    how = (
        f"every one of the {result.tried:,} combinations"
        if result.exhaustive
        else f"{result.tried:,} drawn at random (seed {result.seed}) from"
        f" {result.combinations:.3g} combinations"
    )
    lines += [
        "",
        f"What that does to outcomes: answer sets to the {len(result.questions)} questions the"
        f" rules read, {how}.",
    ]
    for level in SHARES:
        before = result.reaching(level, result.before)
        after = result.reaching(level, result.after)
        points = 100 * (after - before) / result.tried if result.tried else 0.0
        went = "the same"
        if before != after:
            went = f"{'up' if points > 0 else 'down'} {abs(points):.1f} points"
        lines.append(
            f"  Answer sets that reach {level.code} or higher: {before:,}"
            f" ({_share(before, result.tried)}) before, {after:,} ({_share(after, result.tried)})"
            f" now ({went})."
        )
    for kind in ("lower", "higher"):
        count = result.counts[kind]
        if count:
            lines += [
                LOUD,
                f"!!! {count:,} answer sets ({_share(count, result.tried)}) {KIND_TITLES[kind]}:",
                *LOUD_WORDS[kind],
                LOUD,
            ]
    for kind in ("lower", "higher", "prompts"):
        count = result.counts[kind]
        lines.append(
            f"  {count:,} answer sets ({_share(count, result.tried)}) {KIND_TITLES[kind]}."
        )
        for (was, now), moved in sorted(result.moves.items()):
            step = Level.from_code(now) - Level.from_code(was)
            if (step < 0 and kind == "lower") or (step > 0 and kind == "higher"):
                lines.append(f"      {was} -> {now}: {moved:,}")
        example = result.examples.get(kind)
        if example is not None:
            lines += _example(words[id(new)], example)
    lines.append(
        f"  {result.counts['same']:,} answer sets ({_share(result.counts['same'], result.tried)})"
        " give the same level and prompts."
    )
    return lines, result.counts["lower"] + len(lowered)


def _line_diff(before: Sequence[str], after: Sequence[str]) -> list[str]:
    """Long texts (a rule in plain words) as the lines that differ, with a line either side:
    "-" was, "+" now."""
    diff = difflib.unified_diff(list(before), list(after), lineterm="", n=1)
    return [
        f"      {line[0] if line[0] in '+-' else ' '} {line[1:]}"
        if not line.startswith("@@")
        else "      ..."
        for line in diff
        if not line.startswith(("---", "+++"))
    ]


def _share(count: int, total: int) -> str:
    return f"{100 * count / total:.1f}%" if total else "0%"


def _example(words: Wording, moved: Moved) -> list[str]:
    q = words.questionnaire
    given = []
    for qid, answer in moved.answers.items():
        question = q.questions.get(qid)
        if answer == NO:
            continue
        shown = words.answer(question, answer) if question else str(answer)
        given.append(f"{qid} {shown}")
    others = "every other yes/no/don't know question No"
    lines = ["      For example: " + "; ".join([*given, others])]
    for label, outcome in (("before", moved.before), ("now", moved.after)):
        rules = ", ".join(reason.rule.id for reason in outcome.reasons) or "no rule with a level"
        prompts = ", ".join(p.id for p in outcome.prompts) or "none"
        lines.append(f"        {label}: {outcome.level.code} (rules: {rules}; prompts: {prompts})")
    return lines
