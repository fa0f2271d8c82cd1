"""The questionnaire as the rest of the program sees it: immutable, validated, plain Python.

Everything here is built by :mod:`cserq.questionnaire.builder`; nothing here reads files.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import IntEnum
from types import MappingProxyType
from typing import TYPE_CHECKING, Literal, TypeAlias

if TYPE_CHECKING:
    from cserq.questionnaire.catalogue import Catalogue

# An answer, once checked: a code for yes/no/don't know and choice questions, a tuple of codes
# for multi, a whole number, free text, or a date.
Answer: TypeAlias = str | int | datetime.date | tuple[str, ...]
Answers: TypeAlias = Mapping[str, Answer]

KINDS = ("yes_no_unknown", "choice", "multi", "number", "text", "date")
Kind: TypeAlias = Literal["yes_no_unknown", "choice", "multi", "number", "text", "date"]

WEIGHTS = ("key", "supporting", "context")

YES, NO, UNKNOWN = "yes", "no", "unknown"

# The two questions the app itself relies on, whatever else a questionnaire asks: the child's
# age (the adult route at 18) and whether the child is in immediate danger (999 first).
AGE = "age"
IMMEDIATE_DANGER = "immediate_danger"


class Level(IntEnum):
    """Outcome levels; a higher value is more urgent and the highest reached wins."""

    REVIEW = 1
    DISCUSS = 2
    REPORT = 3
    EMERGENCY = 4

    @property
    def code(self) -> str:
        return self.name.lower()

    @classmethod
    def from_code(cls, code: str) -> Level:
        return cls[code.upper()]


LEVEL_CODES = tuple(level.code for level in sorted(Level, reverse=True))  # most urgent first


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    url: str | None = None


@dataclass(frozen=True)
class Option:
    code: str
    text: str
    hint: str | None = None


# --- Conditions: used by show_if and by rules. Evaluated in cserq.questionnaire.rules. ---


@dataclass(frozen=True)
class Compare:
    """An answer compared with a value, e.g. ``age less_than 13`` or ``disclosure equals yes``."""

    question: str
    op: str  # one of rules.COMPARISONS
    value: object


@dataclass(frozen=True)
class Selection:
    """A set of questions named directly or by category and weight (all given filters apply)."""

    questions: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    weights: tuple[str, ...] = ()


@dataclass(frozen=True)
class Count:
    """True when at least ``at_least`` of the selected questions have the answer ``equals``."""

    among: Selection
    equals: str
    at_least: int


@dataclass(frozen=True)
class AllOf:
    conditions: tuple[Condition, ...]


@dataclass(frozen=True)
class AnyOf:
    conditions: tuple[Condition, ...]


@dataclass(frozen=True)
class Not:
    condition: Condition


Condition: TypeAlias = Compare | Count | AllOf | AnyOf | Not


def condition_parts(condition: Condition) -> tuple[Condition, ...]:
    """The condition and every condition nested in it, outermost first."""
    match condition:
        case AllOf(conditions) | AnyOf(conditions):
            return (condition, *(part for c in conditions for part in condition_parts(c)))
        case Not(inner):
            return (condition, *condition_parts(inner))
        case _:
            return (condition,)


@dataclass(frozen=True)
class Question:
    id: str
    kind: Kind
    text: str
    section: str
    hint: str | None = None
    options: tuple[Option, ...] = ()
    required: bool = False
    show_if: Condition | None = None
    category: str | None = None
    weight: str | None = None
    minimum: int | None = None
    maximum: int | None = None
    max_length: int | None = None

    @property
    def is_sign(self) -> bool:
        return self.category is not None

    def option(self, code: str) -> Option | None:
        return next((option for option in self.options if option.code == code), None)


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    questions: tuple[Question, ...]
    intro: str | None = None
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class Category:
    id: str
    title: str


@dataclass(frozen=True)
class LevelText:
    """What the practitioner is told for an outcome level."""

    level: Level
    title: str
    text: str
    unknown_title: str | None = None
    unknown_text: str | None = None
    """Said instead when some answers that count were "don't know": the lowest level must not
    say that no signs were recorded when some were not known."""


@dataclass(frozen=True)
class Prompt:
    id: str
    title: str
    text: str
    for_level: Level | None = None
    """The level whose action the prompt's text asks for (a prompt that says "report" is written
    for ``report``). It is shown only under that level (a ``report`` prompt also under
    ``emergency``, which includes reporting), so it never asks for more or less than the
    headline. Without one, the prompt asks for no action of its own and is shown at any level."""

    def shown_at(self, level: Level) -> bool:
        """Whether the prompt fits an outcome at ``level``."""
        if self.for_level is None or self.for_level is level:
            return True
        return self.for_level is Level.REPORT and level is Level.EMERGENCY


@dataclass(frozen=True)
class Rule:
    """When ``when`` holds, the outcome is at least ``level`` (if any) and ``prompts`` are shown."""

    id: str
    when: Condition
    reason: str
    sources: tuple[str, ...]
    level: Level | None = None
    prompts: tuple[str, ...] = ()


@dataclass(frozen=True)
class Example:
    """An answer set with the outcome the rules must give, run by ``cserq check``."""

    name: str
    answers: Answers
    level: Level
    prompts: tuple[str, ...] = ()
    line: int = 0


@dataclass(frozen=True)
class Questionnaire:
    id: str
    version: str
    title: str
    introduction: str
    sources: tuple[Source, ...]
    categories: tuple[Category, ...]
    sections: tuple[Section, ...]
    levels: tuple[LevelText, ...]
    prompts: tuple[Prompt, ...]
    rules: tuple[Rule, ...]
    examples: tuple[Example, ...]
    content_hash: str
    path: str
    lines: Mapping[str, int] = field(default_factory=dict, repr=False, compare=False)
    """The line in the file of each field, by path (``sections[0].questions[1].text``)."""
    catalogues: Mapping[str, Catalogue] = field(default_factory=dict, repr=False, compare=False)
    """Its own translations (:class:`cserq.questionnaire.catalogue.Catalogue`) by language."""
    # Derived look-ups, filled in by __post_init__.
    questions: Mapping[str, Question] = field(init=False, repr=False, compare=False)
    prompt_by_id: Mapping[str, Prompt] = field(init=False, repr=False, compare=False)
    selected: Mapping[Selection, tuple[Question, ...]] = field(
        init=False, repr=False, compare=False
    )
    """The questions of each selection a rule or a ``show_if`` counts, found once: a decision
    counts them for every rule, and ``cserq diff`` decides thousands of answer sets."""
    rules_by_level: tuple[Rule, ...] = field(init=False, repr=False, compare=False)
    """The rules that give a level, highest level first (in file order within one)."""
    all_ids: frozenset[str] = field(init=False, repr=False, compare=False)
    show_order: tuple[tuple[str, Condition, tuple[str, ...]], ...] = field(
        init=False, repr=False, compare=False
    )
    """Each question that has a ``show_if``, with it and the questions it reads, each after the
    questions with a ``show_if`` that it reads: whether a question is shown can then be found in
    one pass (``shown_questions``), on every save of a page."""

    def __post_init__(self) -> None:
        questions = {q.id: q for section in self.sections for q in section.questions}
        object.__setattr__(self, "questions", MappingProxyType(questions))
        object.__setattr__(self, "prompt_by_id", MappingProxyType({p.id: p for p in self.prompts}))
        conditions = [rule.when for rule in self.rules]
        conditions += [q.show_if for q in questions.values() if q.show_if is not None]
        counted = dict.fromkeys(
            part.among
            for condition in conditions
            for part in condition_parts(condition)
            if isinstance(part, Count)
        )
        selected = {selection: self._matching(selection) for selection in counted}
        object.__setattr__(self, "selected", MappingProxyType(selected))
        leveled = [rule for rule in self.rules if rule.level is not None]
        by_level = sorted(leveled, key=lambda rule: rule.level or 0, reverse=True)
        object.__setattr__(self, "rules_by_level", tuple(by_level))
        object.__setattr__(self, "all_ids", frozenset(questions))
        object.__setattr__(self, "show_order", self._show_order())

    def reads(self, condition: Condition) -> tuple[str, ...]:
        """Every question id a condition reads, including those a count selects, each once."""
        ids: list[str] = []
        for part in condition_parts(condition):
            if isinstance(part, Compare):
                ids.append(part.question)
            elif isinstance(part, Count):
                ids.extend(q.id for q in self.select(part.among))
        return tuple(dict.fromkeys(ids))

    def _show_order(self) -> tuple[tuple[str, Condition, tuple[str, ...]], ...]:
        """Depth first, without recursion: a chain of a thousand questions, each shown by the
        next, is as good a file as any. A cycle (which the loader refuses) is not followed."""
        order: dict[str, tuple[str, Condition, tuple[str, ...]]] = {}
        placing: set[str] = set()
        for first in self.questions.values():
            stack = [first]
            while stack:
                question = stack[-1]
                if question.show_if is None or question.id in order:
                    stack.pop()
                    continue
                reads = tuple(q for q in self.reads(question.show_if) if q in self.questions)
                if question.id not in placing:
                    placing.add(question.id)
                    waiting = [self.questions[read] for read in reads]
                    stack.extend(q for q in reversed(waiting) if q.id not in placing)
                    continue
                stack.pop()
                order[question.id] = (question.id, question.show_if, reads)
        return tuple(order.values())

    @property
    def short_hash(self) -> str:
        return self.content_hash[:12]

    def translated(self, language: str, context: str, text: str) -> str:
        """``text`` in ``language`` from the questionnaire's own catalogue; the English if the
        catalogue has none (start-up refuses a questionnaire with a text missing)."""
        catalogue = self.catalogues.get(language)
        if catalogue is None:
            return text
        return catalogue.translated.get((context, text), text)

    def level_text(self, level: Level) -> LevelText:
        return next(text for text in self.levels if text.level is level)

    def category(self, category_id: str) -> Category:
        return next(c for c in self.categories if c.id == category_id)

    def select(self, selection: Selection) -> tuple[Question, ...]:
        """The questions a :class:`Selection` names, in questionnaire order."""
        found = self.selected.get(selection)
        return found if found is not None else self._matching(selection)

    def _matching(self, selection: Selection) -> tuple[Question, ...]:
        return tuple(
            q
            for q in self.questions.values()
            if (not selection.questions or q.id in selection.questions)
            and (not selection.categories or q.category in selection.categories)
            and (not selection.weights or q.weight in selection.weights)
        )
