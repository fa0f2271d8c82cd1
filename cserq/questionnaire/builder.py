"""Building a :class:`Questionnaire` from a questionnaire file's values, reporting every problem.

The builder checks what a schema cannot: references between parts (a rule naming a question),
unique ids, ``show_if`` cycles, comparisons that suit the question's kind, the questions the app
relies on, and the clinical wording ban: no text may tell a practitioner that a child is safe.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import replace
from types import MappingProxyType
from typing import TypeVar, cast

from cserq.files.problems import PathParts, render_path
from cserq.files.yamlfile import YamlReader, describe, show, suggest
from cserq.questionnaire.conditions import ConditionReader, compared_questions
from cserq.questionnaire.examples import check_example_shapes, read_examples
from cserq.questionnaire.model import (
    AGE,
    IMMEDIATE_DANGER,
    KINDS,
    LEVEL_CODES,
    WEIGHTS,
    Category,
    Kind,
    Level,
    LevelText,
    Option,
    Prompt,
    Question,
    Questionnaire,
    Rule,
    Section,
    Source,
)
from cserq.questionnaire.reassurance import OUTCOME_PARTS, find_reassurance, reassurance_message
from cserq.questionnaire.schema import PARTS

# Questions the app itself relies on, whatever else a questionnaire asks.
REQUIRED_QUESTIONS: Mapping[str, Kind] = {AGE: "number", IMMEDIATE_DANGER: "yes_no_unknown"}
# The app never tells a practitioner that a child is not at risk (docs/design.md). Texts about an
# outcome are read for every kind of reassurance (cserq.questionnaire.reassurance).
FORBIDDEN_WORDING = re.compile(r"\b(no|not at|low|zero|without) risk\b|\brisk[- ]free\b", re.I)

T = TypeVar("T")


class QuestionnaireReader(YamlReader):
    """A YAML reader whose every text is held to the clinical wording ban."""

    def text(self, path: PathParts, value: object, *, optional: bool = False) -> str | None:
        text = super().text(path, value, optional=optional)
        if text is None:
            return None
        if path and path[0] in OUTCOME_PARTS:
            # A text about an outcome is read for the whole class of reassurance.
            if (found := find_reassurance(text)) is not None:
                self.problem(path, reassurance_message(found))
        elif FORBIDDEN_WORDING.search(text):
            self.problem(
                path,
                "this text could tell a practitioner that the child is safe or barely at risk; "
                "the tool never says that (say what was and was not recorded instead)",
            )
        return text


class Builder:
    """Builds a :class:`Questionnaire` from parsed YAML, reporting every problem it meets."""

    def __init__(self, reader: YamlReader, *, run_examples: bool = True) -> None:
        self.r = reader
        self.run_examples = run_examples
        self.questions: dict[str, Question] = {}
        self.categories: tuple[str, ...] = ()
        self.prompts: dict[str, Prompt] = {}
        self.sources: tuple[str, ...] = ()
        # show_if is read once every question is known: (path, raw condition) by question id.
        self._raw_show_if: dict[str, tuple[PathParts, object]] = {}
        self.conditions = ConditionReader(reader, self.questions)

    def build(self, raw: object, *, content_hash: str) -> Questionnaire | None:
        r = self.r
        top = r.mapping(
            (),
            raw,
            *PARTS["questionnaire"].keys,
            what="a questionnaire (a mapping with id, version, title, sections, rules...)",
        )
        if top is None:
            return None
        qid = r.identifier(("id",), top.get("id"))
        version = self._version(top.get("version"))
        title = r.text(("title",), top.get("title"))
        introduction = r.text(("introduction",), top.get("introduction"))
        sources = self._list("sources", top.get("sources"), self._source, "source")
        self.sources = tuple(s.id for s in sources)
        categories = self._list("categories", top.get("categories"), self._category, "category")
        self.categories = tuple(c.id for c in categories)
        self.conditions.categories = self.categories
        levels = self._levels(top.get("levels"))
        prompts = self._list("prompts", top.get("prompts"), self._prompt, "prompt")
        self.prompts = {p.id: p for p in prompts}

        raw_sections = r.items(("sections",), top.get("sections"))
        read_sections = [self._section(("sections", i), raw) for i, raw in enumerate(raw_sections)]
        r.unique(("sections",), enumerate(s.id if s else None for s in read_sections), "section")
        self._check_question_ids(raw_sections)
        sections = [self._with_show_if(s) for s in read_sections if s is not None]
        self._check_required_questions()
        self._check_show_if_cycles()

        rules = self._list("rules", top.get("rules"), self._rule, "rule")
        if r.problems or None in (qid, version, title, introduction):
            # Examples cannot run against a broken file, but their shape can still be checked.
            check_example_shapes(r, top.get("examples"))
            return None
        questionnaire = Questionnaire(
            id=cast(str, qid),
            version=cast(str, version),
            title=cast(str, title),
            introduction=cast(str, introduction),
            sources=tuple(sources),
            categories=tuple(categories),
            sections=tuple(sections),
            levels=levels,
            prompts=tuple(prompts),
            rules=tuple(rules),
            examples=(),
            content_hash=content_hash,
            path=r.file,
            lines=MappingProxyType({render_path(p): n for p, n in r.lines.items()}),
        )
        examples = read_examples(r, questionnaire, top.get("examples"), run=self.run_examples)
        if r.problems:
            return None
        return replace(questionnaire, examples=examples)

    # -- small parts --

    def _list(
        self,
        key: str,
        value: object,
        read: Callable[[PathParts, object], T | None],
        what: str,
    ) -> list[T]:
        raw_items = self.r.items((key,), value)
        read_items = [read((key, i), item) for i, item in enumerate(raw_items)]
        ids = [(i, getattr(item, "id", None)) for i, item in enumerate(read_items)]
        self.r.unique((key,), ids, what)
        return [item for item in read_items if item is not None]

    def _version(self, value: object) -> str | None:
        if isinstance(value, int | float) and not isinstance(value, bool):
            self.r.problem(
                ("version",), f'write the version as text in quotes, e.g. version: "{value}"'
            )
            return None
        return self.r.text(("version",), value)

    def _source(self, path: PathParts, raw: object) -> Source | None:
        r = self.r
        m = r.mapping(path, raw, *PARTS["source"].keys)
        if m is None:
            return None
        sid, title = (
            r.identifier(path + ("id",), m.get("id")),
            r.text(path + ("title",), m.get("title")),
        )
        url = r.text(path + ("url",), m.get("url"), optional=True)
        return Source(sid, title, url) if sid and title else None

    def _category(self, path: PathParts, raw: object) -> Category | None:
        m = self.r.mapping(path, raw, *PARTS["category"].keys)
        if m is None:
            return None
        cid = self.r.identifier(path + ("id",), m.get("id"))
        title = self.r.text(path + ("title",), m.get("title"))
        return Category(cid, title) if cid and title else None

    def _prompt(self, path: PathParts, raw: object) -> Prompt | None:
        r = self.r
        m = r.mapping(path, raw, *PARTS["prompt"].keys)
        if m is None:
            return None
        pid = r.identifier(path + ("id",), m.get("id"))
        title, text = (
            r.text(path + ("title",), m.get("title")),
            r.text(path + ("text",), m.get("text")),
        )
        for_level = self._level(path + ("for_level",), m["for_level"]) if "for_level" in m else None
        return Prompt(pid, title, text, for_level) if pid and title and text else None

    def _level(self, path: PathParts, code: object) -> Level | None:
        if isinstance(code, str) and code in LEVEL_CODES:
            return Level.from_code(code)
        self.r.problem(
            path,
            f"unknown level {show(code)}{suggest(code, LEVEL_CODES)};"
            f" levels: {', '.join(LEVEL_CODES)}",
        )
        return None

    def _levels(self, raw: object) -> tuple[LevelText, ...]:
        r = self.r
        m = r.mapping(
            ("levels",), raw, *PARTS["levels"].keys, what="a mapping from each level to its texts"
        )
        if m is None:
            return ()
        texts = []
        for code in LEVEL_CODES:
            if code not in m:
                continue
            path = ("levels", code)
            entry = r.mapping(path, m[code], *PARTS["level_text"].keys)
            if entry is None:
                continue
            title = r.text(path + ("title",), entry.get("title"))
            text = r.text(path + ("text",), entry.get("text"))
            unknown_title = r.text(
                path + ("unknown_title",), entry.get("unknown_title"), optional=True
            )
            unknown_text = r.text(
                path + ("unknown_text",), entry.get("unknown_text"), optional=True
            )
            if (unknown_title is None) != (unknown_text is None):
                missing = "unknown_text" if unknown_text is None else "unknown_title"
                r.problem(path, f"unknown_title and unknown_text go together: add {missing}")
            if title and text:
                level = Level.from_code(code)
                texts.append(LevelText(level, title, text, unknown_title, unknown_text))
        return tuple(texts)

    # -- sections and questions --

    def _section(self, path: PathParts, raw: object) -> Section | None:
        r = self.r
        m = r.mapping(path, raw, *PARTS["section"].keys)
        if m is None:
            return None
        sid = r.identifier(path + ("id",), m.get("id"))
        title = r.text(path + ("title",), m.get("title"))
        intro = r.text(path + ("intro",), m.get("intro"), optional=True)
        sources = self._sources(path, m["sources"]) if "sources" in m else ()
        questions = []
        for i, raw_question in enumerate(r.items(path + ("questions",), m.get("questions"))):
            question = self._question(path + ("questions", i), raw_question, sid or "")
            if question is not None:
                questions.append(question)
                self.questions.setdefault(question.id, question)
                self._raw_show_if[question.id] = (
                    path + ("questions", i, "show_if"),
                    cast(dict[str, object], raw_question).get("show_if"),
                )
        if not (sid and title):
            return None
        return Section(sid, title, tuple(questions), intro, sources)

    def _sources(self, path: PathParts, value: object) -> tuple[str, ...]:
        refs = self.r.items(path + ("sources",), value)
        return self.r.references(path + ("sources",), refs, self.sources, "source") if refs else ()

    def _question(self, path: PathParts, raw: object, section: str) -> Question | None:
        r = self.r
        m = r.mapping(path, raw, *PARTS["question"].keys)
        if m is None:
            return None
        qid = r.identifier(path + ("id",), m.get("id"))
        kind = m.get("kind")
        if kind not in KINDS:
            r.problem(
                path + ("kind",),
                f"unknown kind {show(kind)}{suggest(kind, KINDS)}; kinds: {', '.join(KINDS)}",
            )
            return None
        kind = cast(Kind, kind)
        text = r.text(path + ("text",), m.get("text"))
        hint = r.text(path + ("hint",), m.get("hint"), optional=True)
        options = self._options(path, kind, m.get("options"))
        for key, kinds in (("min", ("number",)), ("max", ("number",)), ("max_length", ("text",))):
            if key in m and kind not in kinds:
                r.problem(path + (key,), f"{key!r} applies only to {' and '.join(kinds)} questions")
        minimum = r.integer(path + ("min",), m.get("min"), optional=True)
        maximum = r.integer(path + ("max",), m.get("max"), optional=True)
        if minimum is not None and maximum is not None and minimum > maximum:
            r.problem(
                path + ("max",), f"impossible bounds: min {minimum} is more than max {maximum}"
            )
        max_length = r.integer(path + ("max_length",), m.get("max_length"), optional=True)
        if max_length is not None and max_length < 1:
            r.problem(path + ("max_length",), "max_length must be at least 1")
        category, weight = self._sign(path, kind, m.get("category"), m.get("weight"))
        if not (qid and text):
            return None
        return Question(
            id=qid,
            kind=kind,
            text=text,
            section=section,
            hint=hint,
            options=options,
            required=r.boolean(path + ("required",), m.get("required"), default=False),
            category=category,
            weight=weight,
            minimum=minimum,
            maximum=maximum,
            max_length=max_length,
        )

    def _options(self, path: PathParts, kind: str, raw: object) -> tuple[Option, ...]:
        r = self.r
        if kind not in ("choice", "multi"):
            if raw is not None:
                r.problem(
                    path + ("options",),
                    "only choice and multi questions have options"
                    + (" (yes/no/don't know has its own)" if kind == "yes_no_unknown" else ""),
                )
            return ()
        if raw is None:
            r.problem(path, f"a {kind} question needs options")
            return ()
        options = []
        for i, item in enumerate(r.items(path + ("options",), raw)):
            where = path + ("options", i)
            m = r.mapping(where, item, *PARTS["option"].keys)
            if m is None:
                continue
            code = r.identifier(where + ("code",), m.get("code"))
            text = r.text(where + ("text",), m.get("text"))
            hint = r.text(where + ("hint",), m.get("hint"), optional=True)
            if code and text:
                options.append(Option(code, text, hint))
        seen: set[str] = set()
        for i, option in enumerate(options):
            if option.code in seen:
                r.problem(path + ("options", i, "code"), f"duplicate option code {option.code!r}")
            seen.add(option.code)
        return tuple(options)

    def _sign(
        self, path: PathParts, kind: str, category: object, weight: object
    ) -> tuple[str | None, str | None]:
        r = self.r
        if category is None and weight is None:
            return None, None
        if category is None or weight is None:
            missing = "category" if category is None else "weight"
            r.problem(path, f"a sign needs both a category and a weight; {missing!r} is missing")
            return None, None
        if kind != "yes_no_unknown":
            r.problem(path + ("category",), "only yes/no/don't know questions can be signs")
        if not isinstance(category, str):
            r.problem(path + ("category",), f"expected one category id, found {describe(category)}")
            return None, None
        found_category = r.references(path + ("category",), category, self.categories, "category")
        if weight not in WEIGHTS:
            r.problem(
                path + ("weight",),
                f"unknown weight {show(weight)}{suggest(weight, WEIGHTS)};"
                f" weights: {', '.join(WEIGHTS)}",
            )
            return None, None
        return (found_category[0] if found_category else None), weight

    def _check_question_ids(self, raw_sections: list[object]) -> None:
        seen: set[str] = set()
        for i, section in enumerate(raw_sections):
            questions = section.get("questions") if isinstance(section, dict) else None
            for j, question in enumerate(questions if isinstance(questions, list) else []):
                qid = question.get("id") if isinstance(question, dict) else None
                if isinstance(qid, str) and qid in seen:
                    self.r.problem(
                        ("sections", i, "questions", j, "id"), f"duplicate question id {qid!r}"
                    )
                if isinstance(qid, str):
                    seen.add(qid)

    def _check_required_questions(self) -> None:
        for qid, kind in REQUIRED_QUESTIONS.items():
            question = self.questions.get(qid)
            if question is None:
                self.r.problem(
                    ("sections",),
                    f"no question {qid!r}: every questionnaire needs a {kind} question"
                    f" with this id, which the app relies on",
                )
            elif question.kind != kind:
                self.r.problem(("sections",), f"question {qid!r} must be of kind {kind}")

    def _with_show_if(self, section: Section) -> Section:
        questions = []
        for question in section.questions:
            path, raw = self._raw_show_if.get(question.id, ((), None))
            condition = self.conditions.condition(path, raw) if raw is not None else None
            updated = replace(question, show_if=condition)
            questions.append(updated)
            if self.questions.get(question.id) is question:
                self.questions[question.id] = updated
        return replace(section, questions=tuple(questions))

    def _check_show_if_cycles(self) -> None:
        depends = {
            qid: set(compared_questions(q.show_if, self.conditions.selected))
            if q.show_if
            else set()
            for qid, q in self.questions.items()
        }
        reported: set[str] = set()
        for start in depends:
            cycle = _find_cycle(start, depends)
            if cycle and not reported & set(cycle):
                reported.update(cycle)
                path, _ = self._raw_show_if[cycle[0]]
                self.r.problem(path, "show_if cycle: " + " -> ".join([*cycle, cycle[0]]))

    # -- rules and examples --

    def _rule(self, path: PathParts, raw: object) -> Rule | None:
        r = self.r
        m = r.mapping(path, raw, *PARTS["rule"].keys)
        if m is None:
            return None
        rid = r.identifier(path + ("id",), m.get("id"))
        when = self.conditions.condition(path + ("when",), m.get("when")) if "when" in m else None
        reason = r.text(path + ("reason",), m.get("reason"))
        sources = self._sources(path, m["sources"]) if "sources" in m else ()
        level = self._level(path + ("level",), m["level"]) if "level" in m else None
        prompts: tuple[str, ...] = ()
        if "prompts" in m:
            prompts = r.references(
                path + ("prompts",),
                r.items(path + ("prompts",), m["prompts"]),
                self.prompts,
                "prompt",
            )
        if "level" not in m and "prompts" not in m:
            r.problem(path, "a rule needs a level, prompts, or both")
        for i, prompt_id in enumerate(prompts):
            self._check_prompt_level(path + ("prompts", i), level, self.prompts[prompt_id])
        if not (rid and when and reason and sources):
            return None
        return Rule(rid, when, reason, sources, level, prompts)

    def _check_prompt_level(self, path: PathParts, level: Level | None, prompt: Prompt) -> None:
        """A prompt written for one level shown by a rule that gives another would ask for more
        than the outcome (a "report" prompt under "discuss") or never be shown."""
        wanted = prompt.for_level
        if wanted is None:
            return
        gives = level.code if level else "no level"
        if (level or Level.REVIEW) < wanted:
            self.r.problem(
                path,
                f"prompt {prompt.id!r} is written for {wanted.code}, but the rule gives {gives}:"
                f" it would ask for more than the outcome; give the rule level {wanted.code},"
                " or use a prompt written for its level",
            )
        elif not prompt.shown_at(level or Level.REVIEW):
            self.r.problem(
                path,
                f"prompt {prompt.id!r} is written for {wanted.code}, but the rule gives {gives},"
                " so it would never be shown; use a prompt written for that level",
            )


def _find_cycle(start: str, depends: Mapping[str, set[str]]) -> list[str] | None:
    """A path from ``start`` back to itself through ``depends``, if there is one."""
    stack: list[tuple[str, list[str]]] = [(start, [start])]
    seen: set[str] = set()
    while stack:
        node, trail = stack.pop()
        for nxt in sorted(depends.get(node, ())):
            if nxt == start:
                return trail
            if nxt not in seen:
                seen.add(nxt)
                stack.append((nxt, [*trail, nxt]))
    return None
