"""Reading a condition (a rule's ``when``, a question's ``show_if``) from a questionnaire file.

A condition compares one question's answer (``question``, ``equals`` and the other comparisons,
each suiting the question's kind), counts answers among chosen questions (``count``), or puts
conditions together (``all``, ``any``, ``not``). Each problem names the line and the field.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import cast

from cserq.files.problems import PathParts
from cserq.files.yamlfile import YamlReader, describe, show, suggest
from cserq.questionnaire.answers import YES_NO_UNKNOWN, allowed_codes
from cserq.questionnaire.model import (
    WEIGHTS,
    AllOf,
    AnyOf,
    Compare,
    Condition,
    Count,
    Not,
    Question,
    Selection,
)
from cserq.questionnaire.rules import COMPARISONS
from cserq.questionnaire.schema import CONDITION_FORMS, PARTS


class ConditionReader:
    """Reads conditions over the questions known so far (``questions`` fills as the builder reads
    the sections; ``categories`` is set once the file's categories are read)."""

    def __init__(self, reader: YamlReader, questions: Mapping[str, Question]) -> None:
        self.r = reader
        self.questions = questions
        self.categories: tuple[str, ...] = ()

    def selected(self, selection: Selection) -> list[str]:
        return [
            q.id
            for q in self.questions.values()
            if (not selection.questions or q.id in selection.questions)
            and (not selection.categories or q.category in selection.categories)
            and (not selection.weights or q.weight in selection.weights)
        ]

    def condition(self, path: PathParts, raw: object) -> Condition | None:
        r = self.r
        forms = CONDITION_FORMS
        if not isinstance(raw, dict):
            r.problem(
                path, f"expected a condition (one of {', '.join(forms)}), found {describe(raw)}"
            )
            return None
        present = [form for form in forms if form in raw]
        if len(present) != 1:
            found = "none" if not present else " and ".join(present)
            r.problem(path, f"a condition needs exactly one of {', '.join(forms)}; found {found}")
            return None
        form = present[0]
        if form in ("all", "any"):
            r.mapping(path, raw, (form,))
            parts = r.items(path + (form,), raw[form])
            conditions = [self.condition(path + (form, i), part) for i, part in enumerate(parts)]
            if None in conditions or not conditions:
                return None
            built = tuple(cast(list[Condition], conditions))
            return AllOf(built) if form == "all" else AnyOf(built)
        if form == "not":
            r.mapping(path, raw, ("not",))
            inner = self.condition(path + ("not",), raw["not"])
            return Not(inner) if inner is not None else None
        if form == "count":
            r.mapping(path, raw, ("count",))
            return self._count(path + ("count",), raw["count"])
        return self._compare(path, raw)

    def _compare(self, path: PathParts, raw: dict[str, object]) -> Compare | None:
        r = self.r
        r.mapping(path, raw, ("question",), COMPARISONS)
        ops = [op for op in COMPARISONS if op in raw]
        qid = raw.get("question")
        question = self.questions.get(qid) if isinstance(qid, str) else None
        if question is None and "question" in raw:
            r.problem(
                path + ("question",),
                f"unknown question {show(qid)}{suggest(qid, tuple(self.questions))}",
            )
        if len(ops) != 1:
            r.problem(
                path,
                "a comparison needs exactly one of " + ", ".join(COMPARISONS)
                + (f"; found {' and '.join(ops)}" if ops else ""),
            )  # fmt: skip
            return None
        op = ops[0]
        if question is None:
            return None
        if question.kind not in COMPARISONS[op]:
            r.problem(
                path + (op,),
                f"{op!r} cannot be used on a {question.kind} question ({question.id!r})",
            )
            return None
        value = raw[op]
        where = path + (op,)
        if question.kind in ("yes_no_unknown", "choice", "multi"):
            codes = allowed_codes(question)
            values = value if op == "one_of" else [value]
            if not isinstance(values, list) or not values:
                r.problem(where, "expected a list of answer codes")
                return None
            for i, code in enumerate(values):
                if code not in codes:
                    at = where + (i,) if op == "one_of" else where
                    r.problem(
                        at,
                        f"{show(code)} is not an answer to {question.id!r}{suggest(code, codes)};"
                        f" answers: {', '.join(codes)}",
                    )
            value = tuple(values) if op == "one_of" else value
        elif question.kind == "number":
            values = value if op == "one_of" else [value]
            if not isinstance(values, list) or any(
                isinstance(v, bool) or not isinstance(v, int) for v in values
            ):
                r.problem(where, f"expected a whole number, found {describe(value)}")
                return None
            value = tuple(values) if op == "one_of" else value
            self._check_reachable(where, question, op, values)
        elif not isinstance(value, str):
            r.problem(where, f"expected text, found {describe(value)}")
        return Compare(question.id, op, value)

    def _check_reachable(
        self, path: PathParts, question: Question, op: str, values: list[object]
    ) -> None:
        low, high = question.minimum, question.maximum
        number = cast(int, values[0])
        never = (
            (op in ("less_than",) and low is not None and number <= low)
            or (op in ("at_most", "equals") and low is not None and number < low)
            or (op in ("greater_than",) and high is not None and number >= high)
            or (op in ("at_least", "equals") and high is not None and number > high)
        )
        if never:
            r = self.r
            r.problem(
                path,
                f"can never be true: {question.id!r} is between {low} and {high}",
            )

    def _count(self, path: PathParts, raw: object) -> Count | None:
        r = self.r
        m = r.mapping(path, raw, *PARTS["count"].keys)
        if m is None:
            return None
        selection = self._selection(path + ("among",), m.get("among"))
        equals = m.get("equals")
        if equals not in YES_NO_UNKNOWN:
            r.problem(
                path + ("equals",),
                f"expected one of {', '.join(YES_NO_UNKNOWN)}, found {describe(equals)}",
            )
        at_least = r.integer(path + ("at_least",), m.get("at_least"))
        if selection is None or equals not in YES_NO_UNKNOWN or at_least is None:
            return None
        chosen = [self.questions[q] for q in self.selected(selection)]
        if not chosen:
            r.problem(path + ("among",), "selects no questions")
            return None
        for question in chosen:
            if question.kind != "yes_no_unknown":
                r.problem(
                    path + ("among",),
                    "can only count yes/no/don't know questions;"
                    f" {question.id!r} is {question.kind}",
                )
                return None
        if not 1 <= at_least <= len(chosen):
            r.problem(
                path + ("at_least",),
                f"can never be true as written: at_least must be between 1 and {len(chosen)},"
                f" the number of questions selected",
            )
        return Count(selection, equals, at_least)

    def _selection(self, path: PathParts, raw: object) -> Selection | None:
        r = self.r
        if isinstance(raw, list):
            found = r.references(path, r.items(path, raw), tuple(self.questions), "question")
            return Selection(questions=found) if len(found) == len(raw) else None
        m = r.mapping(
            path,
            raw,
            *PARTS["selection"].keys,
            what="a list of questions or a mapping with category and weight",
        )
        if m is None:
            return None
        if not m:
            r.problem(path, "name questions, a category or a weight")
            return None
        before = len(r.problems)
        questions = (
            r.references(path + ("questions",), m["questions"], tuple(self.questions), "question")
            if "questions" in m
            else ()
        )
        categories = (
            r.references(path + ("category",), m["category"], self.categories, "category")
            if "category" in m
            else ()
        )
        weights = (
            r.references(path + ("weight",), m["weight"], WEIGHTS, "weight")
            if "weight" in m
            else ()
        )
        if len(r.problems) > before:
            return None
        return Selection(questions, categories, weights)


def compared_questions(condition: Condition, select: Callable[[Selection], list[str]]) -> list[str]:
    match condition:
        case Compare(question, _, _):
            return [question]
        case Count(among, _, _):
            return select(among)
        case AllOf(parts) | AnyOf(parts):
            return [q for part in parts for q in compared_questions(part, select)]
        case Not(inner):
            return compared_questions(inner, select)
    return []
