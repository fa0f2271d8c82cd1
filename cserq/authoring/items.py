"""What changed between two versions of a questionnaire, item by item: questions, options,
conditions, rules, prompts, worked examples, texts and their Welsh."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from cserq.questionnaire.messages import questionnaire_messages
from cserq.questionnaire.model import (
    Answer,
    Condition,
    Count,
    Level,
    Question,
    Questionnaire,
    condition_parts,
)
from cserq.questionnaire.outcome import decide

T = TypeVar("T")


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
