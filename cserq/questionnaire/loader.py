"""Loading questionnaire files: YAML in, a validated :class:`Questionnaire` out, or every problem.

Each problem names the file, the line and the path to the field, e.g.
``questions/cserq.yaml:42: sections[2].questions[0].show_if: unknown question 'agee'``.

YAML is read with PyYAML's safe composer and turned into Python values here, so that every value
keeps its line, duplicate keys are caught, and no tag can build an object. Unlike YAML 1.1, only
``true`` and ``false`` are booleans: ``yes`` and ``no`` stay the answer codes they look like.
"""

from __future__ import annotations

import difflib
import hashlib
import os
import re
import stat
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from types import MappingProxyType
from typing import TypeVar, cast

import yaml

from cserq.decision import decide
from cserq.questionnaire.answers import (
    YES_NO_UNKNOWN,
    allowed_codes,
    answer_others,
    check_answers,
)
from cserq.questionnaire.model import (
    KINDS,
    LEVEL_CODES,
    WEIGHTS,
    All,
    Any,
    Category,
    Compare,
    Condition,
    Count,
    Example,
    Kind,
    Level,
    LevelText,
    Not,
    Option,
    Prompt,
    Question,
    Questionnaire,
    Rule,
    Section,
    Selection,
    Source,
)
from cserq.questionnaire.reassurance import OUTCOME_PARTS, find_reassurance, reassurance_message
from cserq.questionnaire.rules import COMPARISONS
from cserq.questionnaire.schema import CONDITION_FORMS, IDENTIFIER, PARTS
from cserq.text import brief

# Questions the app itself relies on, whatever else a questionnaire asks.
REQUIRED_QUESTIONS: Mapping[str, Kind] = {"age": "number", "immediate_danger": "yes_no_unknown"}
# The app never tells a practitioner that a child is not at risk (DESIGN.md, principle 1). Texts
# about an outcome are read for every kind of reassurance (cserq.questionnaire.reassurance).
FORBIDDEN_WORDING = re.compile(r"\b(no|not at|low|zero|without) risk\b|\brisk[- ]free\b", re.I)

PathParts = tuple[str | int, ...]
T = TypeVar("T")


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:"
        return f"{where} {self.path}: {self.message}" if self.path else f"{where} {self.message}"


class QuestionnaireError(Exception):
    """A questionnaire file that cannot be used; ``problems`` lists everything wrong with it."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def render_path(path: PathParts) -> str:
    text = ""
    for part in path:
        if isinstance(part, str) and len(part) > 60:
            part = part[:60] + "…"  # a key is a word; a long one is shown only in part
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


# --- YAML to Python values, remembering the line of every value ---


# Limits that keep reading any file quick and small, whatever it holds. The shipped
# questionnaire is about 30 KB, 12 levels deep and 3,000 values, with no aliases.
MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 40
MAX_VALUES = 200_000
"""Values after aliases are expanded: a few hundred bytes of nested aliases can stand for
billions ("billion laughs")."""


class FileTooBig(Exception):
    """A file larger than ``MAX_FILE_BYTES``."""


class NotAFile(FileTooBig):
    """A path that is a pipe, a device or a folder rather than a file."""


class _TooDeep(yaml.MarkedYAMLError):
    pass


class _SafeLoader(yaml.SafeLoader):
    """PyYAML's safe loader with YAML 1.2 booleans: ``yes``, ``no``, ``on``, ``off`` are text,
    and a limit on how deep the file may nest (PyYAML builds nested nodes recursively)."""

    depth = 0

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise _TooDeep(
                    problem=f"the file nests more than {MAX_DEPTH} levels deep",
                    problem_mark=self.peek_event().start_mark,  # type: ignore[no-untyped-call]
                )
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


_BOOL_TAG = "tag:yaml.org,2002:bool"
_SafeLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != _BOOL_TAG]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_SafeLoader.add_implicit_resolver(
    _BOOL_TAG, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)

_SCALAR_TAGS = {
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "timestamp")
}
_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"


class _TooMany(Exception):
    def __init__(self, line: int) -> None:
        self.line = line


class YamlReader:
    """Collects problems while turning raw values into model objects."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.lines: dict[PathParts, int] = {}
        self.problems: list[Problem] = []
        self.values = 0

    # -- reporting --

    def line_of(self, path: PathParts) -> int:
        while path not in self.lines and path:
            path = path[:-1]
        return self.lines.get(path, 1)

    def problem(self, path: PathParts, message: str, *, line: int | None = None) -> None:
        line = self.line_of(path) if line is None else line
        self.problems.append(Problem(self.file, line, render_path(path), message))

    # -- YAML --

    def parse(self, data: bytes) -> object:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            line = data.count(b"\n", 0, error.start) + 1
            column = error.start - data.rfind(b"\n", 0, error.start)
            bad = data[error.start : error.start + 1].hex()
            message = f"the file is not UTF-8 text: byte 0x{bad} at column {column}"
            self.problem((), message + " (save it as UTF-8)", line=line)
            return None
        if not text.strip():
            self.problem((), "the file is empty")
            return None
        try:
            node = _SafeLoader(text).get_single_node()
        except yaml.MarkedYAMLError as error:
            mark = error.problem_mark or error.context_mark
            line = mark.line + 1 if mark else 1
            message = f"not valid YAML: {error.problem or error.context}"
            if error.context == "expected a single document in the stream":
                message = "a file holds one questionnaire: remove the second document (---)"
            if error.context and error.context_mark and error.context_mark.line + 1 != line:
                message += f" ({error.context} that starts on line {error.context_mark.line + 1})"
            self.problem((), message, line=line)
            return None
        except yaml.reader.ReaderError as error:  # a character YAML does not allow
            line = text.count("\n", 0, max(0, error.position)) + 1
            character = f"U+{error.character:04X}" if isinstance(error.character, int) else "?"
            message = f"the character {character} cannot be in a YAML file; remove it"
            self.problem((), message, line=line)
            return None
        except yaml.YAMLError as error:
            self.problem((), f"not valid YAML: {' '.join(str(error).split())[:200]}")
            return None
        if node is None:
            self.problem((), "the file holds no questionnaire (only comments?)")
            return None
        try:
            return self._value(node, (), active=set())
        except _TooMany as error:
            message = (
                f"the file stands for more than {MAX_VALUES:,} values once its aliases (*name)"
                " are expanded; write the values out, or use fewer aliases"
            )
            self.problem((), message, line=error.line)
            return None

    def _value(self, node: yaml.Node, path: PathParts, active: set[int]) -> object:
        self.lines.setdefault(path, node.start_mark.line + 1)
        self.values += 1
        if self.values > MAX_VALUES:
            raise _TooMany(node.start_mark.line + 1)
        if len(path) > MAX_DEPTH:  # nested this deep through aliases
            self.problem(path[:MAX_DEPTH], f"the value nests more than {MAX_DEPTH} levels deep")
            return None
        if id(node) in active:
            self.problem(path, "an alias refers to itself")
            return None
        if isinstance(node, yaml.MappingNode):
            if node.tag != _MAP_TAG:
                self.problem(path, f"tag {brief(node.tag)} is not allowed")
                return None
            mapping: dict[str, object] = {}
            active.add(id(node))
            for key_node, value_node in node.value:
                key_line = key_node.start_mark.line + 1
                if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == _MAP_TAG:
                    self.problem(path, "a key must be a plain word", line=key_line)
                    continue
                key = str(key_node.value)
                if key in mapping:
                    message = f"the key {brief(key)} appears twice"
                    self.problem(path + (key,), message, line=key_line)
                    continue
                self.lines[path + (key,)] = key_line
                mapping[key] = self._value(value_node, path + (key,), active)
            active.discard(id(node))
            return mapping
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _SEQ_TAG:
                self.problem(path, f"tag {brief(node.tag)} is not allowed")
                return None
            active.add(id(node))
            items = [self._value(item, path + (i,), active) for i, item in enumerate(node.value)]
            active.discard(id(node))
            return items
        if node.tag not in _SCALAR_TAGS:
            self.problem(path, f"tag {brief(node.tag)} is not allowed")
            return None
        try:
            return yaml.constructor.SafeConstructor().construct_object(node)
        except yaml.YAMLError as error:
            self.problem(path, f"cannot read this value: {getattr(error, 'problem', error)}")
        except ValueError as error:  # e.g. 2026-11-31 read as a date, or a 5,000-digit number
            shown = brief(str(getattr(node, "value", "")))
            reason = "a number with too many digits" if "digits" in str(error) else str(error)
            self.problem(path, f"cannot read the value {shown}: {reason}; put it in quotes")
        return None

    # -- shapes --

    def mapping(
        self,
        path: PathParts,
        value: object,
        required: Iterable[str],
        optional: Iterable[str] = (),
        *,
        what: str = "a mapping of keys and values",
    ) -> dict[str, object] | None:
        """``value`` as a dict with the required keys, reporting missing and unknown keys."""
        if not isinstance(value, dict):
            self.problem(path, f"expected {what}, found {_describe(value)}")
            return None
        required, optional = tuple(required), tuple(optional)
        known = required + optional
        for key in value:
            if key not in known:
                close = difflib.get_close_matches(key, known, n=1)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                allowed = ", ".join(known)
                self.problem(path + (key,), f"unknown key {brief(key)}{hint}; allowed: {allowed}")
        for key in required:
            if key not in value:
                self.problem(path, f"missing key {key!r}")
        return value

    def text(self, path: PathParts, value: object, *, optional: bool = False) -> str | None:
        if value is None and optional:
            return None
        if not isinstance(value, str) or not value.strip():
            self.problem(path, f"expected some text, found {_describe(value)}")
            return None
        if path and path[0] in OUTCOME_PARTS:
            # A text about an outcome is read for the whole class of reassurance.
            if (found := find_reassurance(value)) is not None:
                self.problem(path, reassurance_message(found))
        elif FORBIDDEN_WORDING.search(value):
            self.problem(
                path,
                "this text could tell a practitioner that the child is safe or barely at risk; "
                "the tool never says that (say what was and was not recorded instead)",
            )
        return value.strip()

    def identifier(self, path: PathParts, value: object) -> str | None:
        if not isinstance(value, str) or not IDENTIFIER.match(value):
            self.problem(
                path,
                f"{_describe(value)} is not a valid id: use lower-case letters, digits and _,"
                " starting with a letter",
            )
            return None
        return value

    def integer(self, path: PathParts, value: object, *, optional: bool = False) -> int | None:
        if value is None and optional:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(path, f"expected a whole number, found {_describe(value)}")
            return None
        return value

    def boolean(self, path: PathParts, value: object, default: bool) -> bool:
        if value is None:
            return default
        if not isinstance(value, bool):
            self.problem(path, f"expected true or false, found {_describe(value)}")
            return default
        return value

    def items(self, path: PathParts, value: object, *, optional: bool = False) -> list[object]:
        if value is None and optional:
            return []
        if not isinstance(value, list) or not value:
            self.problem(path, f"expected a list with at least one item, found {_describe(value)}")
            return []
        return value

    def unique(self, path: PathParts, things: Iterable[tuple[int, str | None]], what: str) -> None:
        seen: set[str] = set()
        for index, thing_id in things:
            if thing_id is None:
                continue
            if thing_id in seen:
                self.problem(path + (index, "id"), f"duplicate {what} id {thing_id!r}")
            seen.add(thing_id)

    def references(
        self, path: PathParts, value: object, known: Iterable[str], what: str
    ) -> tuple[str, ...]:
        """A list of ids (or one id) each of which must be among ``known``."""
        known = tuple(known)
        ids = value if isinstance(value, list) else [value]
        found: list[str] = []
        for index, ref in enumerate(ids):
            where = path + (index,) if isinstance(value, list) else path
            if not isinstance(ref, str) or ref not in known:
                self.problem(where, f"unknown {what} {_show(ref)}{_suggest(ref, known)}")
            else:
                found.append(ref)
        return tuple(found)


def _describe(value: object) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{str(value).lower()} (true/false)"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "an empty list" if not value else "a list"
    if isinstance(value, str):
        return brief(value) if value.strip() else "empty text"
    return brief(value)


def _show(value: object) -> str:
    return brief(value) if isinstance(value, str) else _describe(value)


def _suggest(value: object, known: Sequence[str]) -> str:
    if not isinstance(value, str):
        return ""
    close = difflib.get_close_matches(value, known, n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


# --- The questionnaire, part by part ---


class _Builder:
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
            self._example_shapes(top.get("examples"))
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
        examples = self._examples(questionnaire, top.get("examples"))
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
            f"unknown level {_show(code)}{_suggest(code, LEVEL_CODES)};"
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
                f"unknown kind {_show(kind)}{_suggest(kind, KINDS)}; kinds: {', '.join(KINDS)}",
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
        found_category = r.references(path + ("category",), category, self.categories, "category")
        if weight not in WEIGHTS:
            r.problem(
                path + ("weight",),
                f"unknown weight {_show(weight)}{_suggest(weight, WEIGHTS)};"
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
            condition = self.condition(path, raw) if raw is not None else None
            updated = replace(question, show_if=condition)
            questions.append(updated)
            if self.questions.get(question.id) is question:
                self.questions[question.id] = updated
        return replace(section, questions=tuple(questions))

    def _check_show_if_cycles(self) -> None:
        depends = {
            qid: set(_compared_questions(q.show_if, self._selected)) if q.show_if else set()
            for qid, q in self.questions.items()
        }
        reported: set[str] = set()
        for start in depends:
            cycle = _find_cycle(start, depends)
            if cycle and not reported & set(cycle):
                reported.update(cycle)
                path, _ = self._raw_show_if[cycle[0]]
                self.r.problem(path, "show_if cycle: " + " -> ".join([*cycle, cycle[0]]))

    def _selected(self, selection: Selection) -> list[str]:
        return [
            q.id
            for q in self.questions.values()
            if (not selection.questions or q.id in selection.questions)
            and (not selection.categories or q.category in selection.categories)
            and (not selection.weights or q.weight in selection.weights)
        ]

    # -- conditions --

    def condition(self, path: PathParts, raw: object) -> Condition | None:
        r = self.r
        forms = CONDITION_FORMS
        if not isinstance(raw, dict):
            r.problem(
                path, f"expected a condition (one of {', '.join(forms)}), found {_describe(raw)}"
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
            return All(built) if form == "all" else Any(built)
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
                f"unknown question {_show(qid)}{_suggest(qid, tuple(self.questions))}",
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
                        f"{_show(code)} is not an answer to {question.id!r}{_suggest(code, codes)};"
                        f" answers: {', '.join(codes)}",
                    )
            value = tuple(values) if op == "one_of" else value
        elif question.kind == "number":
            values = value if op == "one_of" else [value]
            if not isinstance(values, list) or any(
                isinstance(v, bool) or not isinstance(v, int) for v in values
            ):
                r.problem(where, f"expected a whole number, found {_describe(value)}")
                return None
            value = tuple(values) if op == "one_of" else value
            self._check_reachable(where, question, op, values)
        elif not isinstance(value, str):
            r.problem(where, f"expected text, found {_describe(value)}")
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
                f"expected one of {', '.join(YES_NO_UNKNOWN)}, found {_describe(equals)}",
            )
        at_least = r.integer(path + ("at_least",), m.get("at_least"))
        if selection is None or equals not in YES_NO_UNKNOWN or at_least is None:
            return None
        chosen = [self.questions[q] for q in self._selected(selection)]
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

    # -- rules and examples --

    def _rule(self, path: PathParts, raw: object) -> Rule | None:
        r = self.r
        m = r.mapping(path, raw, *PARTS["rule"].keys)
        if m is None:
            return None
        rid = r.identifier(path + ("id",), m.get("id"))
        when = self.condition(path + ("when",), m.get("when")) if "when" in m else None
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

    def _example_shapes(self, raw: object) -> None:
        r = self.r
        for i, item in enumerate(r.items(("examples",), raw)):
            path: PathParts = ("examples", i)
            m = r.mapping(path, item, *PARTS["example"].keys)
            if m is not None and "expect" in m and m["expect"] not in LEVEL_CODES:
                r.problem(
                    path + ("expect",),
                    f"unknown level {_show(m['expect'])}; levels: {', '.join(LEVEL_CODES)}",
                )

    def _examples(self, questionnaire: Questionnaire, raw: object) -> tuple[Example, ...]:
        r = self.r
        examples = []
        names: set[str] = set()
        for i, item in enumerate(r.items(("examples",), raw)):
            path: PathParts = ("examples", i)
            m = r.mapping(path, item, *PARTS["example"].keys)
            if m is None:
                continue
            name = r.text(path + ("name",), m.get("name"))
            if name in names:
                r.problem(path + ("name",), f"duplicate example name {brief(name)}")
            names.add(name or "")
            answers_raw = r.mapping(
                path + ("answers",),
                m.get("answers"),
                (),
                tuple(questionnaire.questions),
                what="a mapping from question ids to answers",
            )
            answers, problems = check_answers(questionnaire, answers_raw or {})
            for problem in problems:
                if problem.question in questionnaire.questions:
                    r.problem(path + ("answers", problem.question), problem.message)
            others = m.get("others")
            if others is not None and others not in YES_NO_UNKNOWN:
                r.problem(path + ("others",), f"expected one of {', '.join(YES_NO_UNKNOWN)}")
            elif isinstance(others, str):
                answer_others(questionnaire, answers, others)
            expect = m.get("expect")
            if expect not in LEVEL_CODES:
                r.problem(
                    path + ("expect",),
                    f"unknown level {_show(expect)}; levels: {', '.join(LEVEL_CODES)}",
                )
                continue
            prompts = (
                r.references(
                    path + ("prompts",), m["prompts"], questionnaire.prompt_by_id, "prompt"
                )
                if "prompts" in m
                else ()
            )
            if problems or not name:
                continue
            example = Example(
                name,
                MappingProxyType(answers),
                Level.from_code(expect),
                prompts,
                r.line_of(path),
            )
            if self.run_examples:
                self._run_example(path, questionnaire, example)
            examples.append(example)
        return tuple(examples)

    def _run_example(self, path: PathParts, questionnaire: Questionnaire, example: Example) -> None:
        outcome = decide(questionnaire, example.answers)
        fired = ", ".join(reason.rule.id for reason in outcome.reasons) or "no rule with a level"
        if outcome.level is not example.level:
            self.r.problem(
                path + ("expect",),
                f"example {brief(example.name)} expects {example.level.code}, but the rules give"
                f" {outcome.level.code} (fired: {fired})",
            )
        shown = {prompt.id for prompt in outcome.prompts}
        for prompt in example.prompts:
            if prompt not in shown:
                self.r.problem(
                    path + ("prompts",),
                    f"example {brief(example.name)} expects prompt {prompt!r},"
                    " which the rules do not show",
                )


def _compared_questions(
    condition: Condition, select: Callable[[Selection], list[str]]
) -> list[str]:
    match condition:
        case Compare(question, _, _):
            return [question]
        case Count(among, _, _):
            return select(among)
        case All(parts) | Any(parts):
            return [q for part in parts for q in _compared_questions(part, select)]
        case Not(inner):
            return _compared_questions(inner, select)
    return []


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


# --- Public entry points ---


def read_yaml_file(
    path: str | Path, *, name: str | None = None
) -> tuple[YamlReader, bytes, object]:
    """The reader (with any problems so far), the file's bytes and its parsed content.

    A file that cannot be read raises :class:`QuestionnaireError` at once.
    """
    path = Path(path)
    reader = YamlReader(name or str(path))
    try:
        data = read_limited(path)
    except OSError as error:
        reader.problem((), f"cannot read the file: {error.strerror or error}")
        raise QuestionnaireError(reader.problems) from None
    except NotAFile:
        reader.problem((), "this is not a file that can be read (a folder, a device or a pipe?)")
        raise QuestionnaireError(reader.problems) from None
    except FileTooBig:
        reader.problem((), f"the file is larger than {MAX_FILE_BYTES // 1024 // 1024} MB")
        raise QuestionnaireError(reader.problems) from None
    return reader, data, reader.parse(data)


def read_limited(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a file no larger than ``limit``, read without reading more than that.

    Only a regular file is read: a pipe would wait for ever, and a device never ends.
    """
    # Opening a pipe without O_NONBLOCK waits for a writer; it has no effect on a real file.
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(descriptor, "rb") as file:
        if not stat.S_ISREG(os.fstat(file.fileno()).st_mode):
            raise NotAFile(path)
        data = file.read(limit + 1)
    if len(data) > limit:
        raise FileTooBig(path)
    return data


def load_questionnaire(
    path: str | Path, *, name: str | None = None, run_examples: bool = True
) -> Questionnaire:
    """Load, validate and run the examples of one file; raise :class:`QuestionnaireError` if wrong.

    ``name`` is how messages refer to the file (default: the path as given). Without
    ``run_examples`` an example whose outcome differs from what it expects is no problem
    (``cserq diff`` reports it instead).
    """
    from cserq.questionnaire.catalogue import read_catalogues

    reader, data, raw = read_yaml_file(path, name=name)
    questionnaire = _build(reader, data, raw, run_examples=run_examples)
    catalogues = read_catalogues(Path(path), reader.file)
    return replace(questionnaire, catalogues=catalogues) if catalogues else questionnaire


def questionnaire_from_bytes(data: bytes, name: str) -> Questionnaire:
    """A questionnaire from the bytes of a file, without its Welsh (no file is read)."""
    reader = YamlReader(name)
    return _build(reader, data, reader.parse(data))


def parsed_yaml(data: bytes, name: str) -> object:
    """The values of a questionnaire file as the loader reads them (``yes`` stays text, a date
    is a date), or None when it is not YAML."""
    return YamlReader(name).parse(data)


def _build(
    reader: YamlReader, data: bytes, raw: object, *, run_examples: bool = True
) -> Questionnaire:
    questionnaire = None
    if not reader.problems:
        builder = _Builder(reader, run_examples=run_examples)
        questionnaire = builder.build(raw, content_hash=hashlib.sha256(data).hexdigest())
    if questionnaire is None or reader.problems:
        raise QuestionnaireError(reader.problems)
    return questionnaire


def questionnaire_files(folder: str | Path) -> list[Path]:
    """The questionnaire files in a folder, in name order."""
    try:
        return sorted(
            p for p in Path(folder).iterdir() if p.suffix in (".yaml", ".yml") and p.is_file()
        )
    except OSError as error:
        problem = Problem(str(folder), 1, "", f"cannot read the folder: {error.strerror or error}")
        raise QuestionnaireError([problem]) from None
