"""Reading YAML that people write: every value keeps its line, with limits on size and depth.

YAML is read with PyYAML's safe composer and turned into Python values here, so that every value
keeps its line, duplicate keys are caught, and no tag can build an object. Unlike YAML 1.1, only
``true`` and ``false`` are booleans: ``yes`` and ``no`` stay the answer codes they look like.
:class:`YamlReader` then checks values one by one (a mapping with these keys, some text, an id),
collecting every problem with its line. It knows nothing of questionnaires.
"""

from __future__ import annotations

import difflib
import os
import re
import stat
from collections.abc import Iterable, Sequence
from pathlib import Path

import yaml

from cserq.base.text import brief
from cserq.files.problems import FileProblems, PathParts, Problem, render_path

IDENTIFIER = re.compile(r"^[a-z][a-z0-9_]{0,62}$")
"""An id in a file: lower-case letters, digits and _, starting with a letter."""


# Limits that keep reading any file quick and small, whatever it holds. The shipped
# questionnaire is about 30 KB, 12 levels deep and 3,000 values, with no aliases.
MAX_YAML_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 40
MAX_VALUES = 200_000
"""Values after aliases are expanded: a few hundred bytes of nested aliases can stand for
billions ("billion laughs")."""


class UnreadableFile(Exception):
    """A path whose content is not read: too large, or not a regular file."""


class FileTooBig(UnreadableFile):
    """A file larger than the limit it is read with (``MAX_YAML_BYTES`` by default)."""


class NotAFile(UnreadableFile):
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
            self.problem(path, f"expected {what}, found {describe(value)}")
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
        for key in optional:
            # ``max:`` with nothing after it is YAML's null: a value forgotten, not a key left out.
            if key in value and value[key] is None:
                self.problem(path + (key,), f"{key!r} has no value: give one, or leave it out")
        return value

    def text(self, path: PathParts, value: object, *, optional: bool = False) -> str | None:
        if value is None and optional:
            return None
        if not isinstance(value, str) or not value.strip():
            self.problem(path, f"expected some text, found {describe(value)}")
            return None
        return value.strip()

    def identifier(self, path: PathParts, value: object) -> str | None:
        if not isinstance(value, str) or not IDENTIFIER.match(value):
            self.problem(
                path,
                f"{describe(value)} is not a valid id: use lower-case letters, digits and _,"
                " starting with a letter",
            )
            return None
        return value

    def integer(self, path: PathParts, value: object, *, optional: bool = False) -> int | None:
        if value is None and optional:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(path, f"expected a whole number, found {describe(value)}")
            return None
        return value

    def boolean(self, path: PathParts, value: object, default: bool) -> bool:
        if value is None:
            return default
        if not isinstance(value, bool):
            self.problem(path, f"expected true or false, found {describe(value)}")
            return default
        return value

    def items(self, path: PathParts, value: object, *, optional: bool = False) -> list[object]:
        if value is None and optional:
            return []
        if not isinstance(value, list) or not value:
            self.problem(path, f"expected a list with at least one item, found {describe(value)}")
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
                self.problem(where, f"unknown {what} {show(ref)}{suggest(ref, known)}")
            else:
                found.append(ref)
        return tuple(found)


def describe(value: object) -> str:
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


def show(value: object) -> str:
    return brief(value) if isinstance(value, str) else describe(value)


def suggest(value: object, known: Sequence[str]) -> str:
    if not isinstance(value, str):
        return ""
    close = difflib.get_close_matches(value, known, n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def read_yaml_file(
    path: str | Path, *, name: str | None = None, reader: YamlReader | None = None
) -> tuple[YamlReader, bytes, object]:
    """The reader (with any problems so far), the file's bytes and its parsed content.

    A file that cannot be read raises :class:`FileProblems` at once. ``reader`` is one of a
    kind that checks more (a questionnaire's); by default a plain one named ``name``.
    """
    path = Path(path)
    reader = reader or YamlReader(name or str(path))
    try:
        data = read_limited(path)
    except OSError as error:
        reader.problem((), f"cannot read the file: {error.strerror or error}")
        raise FileProblems(reader.problems) from None
    except NotAFile:
        reader.problem((), "this is not a file that can be read (a folder, a device or a pipe?)")
        raise FileProblems(reader.problems) from None
    except FileTooBig:
        reader.problem((), f"the file is larger than {MAX_YAML_BYTES // 1024 // 1024} MB")
        raise FileProblems(reader.problems) from None
    return reader, data, reader.parse(data)


def read_limited(path: Path, limit: int = MAX_YAML_BYTES) -> bytes:
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
