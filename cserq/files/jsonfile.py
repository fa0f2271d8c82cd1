"""Reading a JSON answers or details file for ``cserq decide``, with a line for every problem.

The file is read strictly: UTF-8 (a byte-order mark is allowed), one object, each key once, no
number too long to be an answer, no NaN or Infinity, at most ``MAX_JSON_BYTES``. Python's json
module gives no line for a key, so :class:`JsonFile` finds it in the text.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

from cserq.base.text import brief, named
from cserq.files.problems import FileProblems, Problem
from cserq.files.yamlfile import FileTooBig, NotAFile, read_limited

MAX_JSON_BYTES = 1024 * 1024  # a whole case is a few kilobytes
MAX_DIGITS = 18


class _Refused(ValueError):
    def __init__(self, message: str, near: str) -> None:
        super().__init__(message)
        self.near = near
        """Text to look for in the file to find the line."""


def _integer(text: str) -> int:
    if len(text.lstrip("-")) > MAX_DIGITS:
        raise _Refused(f"a number with more than {MAX_DIGITS} digits", text)
    return int(text)


def _float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _Refused(f"the number {brief(text)} is too large", text)
    return value


def _constant(text: str) -> object:
    raise _Refused(f"{text} is not a number JSON allows", text)


@dataclass
class JsonFile:
    """A JSON object read from a file, with the lines of its keys."""

    name: str
    text: str
    data: dict[str, object] = field(default_factory=dict)

    def line_at(self, index: int) -> int:
        return self.text.count("\n", 0, max(0, index)) + 1

    def line_of(self, *keys: str, occurrence: int = 1) -> int:
        """The line of the key at ``keys`` (a path into nested objects), else the nearest
        enclosing one's; ``occurrence`` 2 finds the key the second time it appears."""
        position, found = 0, 0
        for depth, key in enumerate(keys):
            wanted = occurrence if depth == len(keys) - 1 else 1
            match = None
            for spelling in dict.fromkeys((json.dumps(key), json.dumps(key, ensure_ascii=False))):
                pattern = re.compile(re.escape(spelling) + r"\s*:")
                start = position
                for _ in range(wanted):
                    match = pattern.search(self.text, start)
                    if match is None:
                        break
                    start = match.end()
                if match is not None:
                    break
            if match is None:
                break
            position, found = match.start(), match.start()
        return self.line_at(found) if found else 1

    def problem(self, keys: tuple[str, ...], message: str) -> Problem:
        return Problem(self.name, self.line_of(*keys), ".".join(map(named, keys)), message)


def read_json_object(path: Path, *, name: str | None = None) -> JsonFile:
    """The object in a JSON file; raise :class:`FileProblems` with the line of each
    problem."""
    shown = name or str(path)

    def refuse(line: int, message: str) -> FileProblems:
        return FileProblems([Problem(shown, line, "", message)])

    try:
        data = read_limited(path, MAX_JSON_BYTES)
    except OSError as error:
        raise refuse(1, f"cannot read the file: {error.strerror or error}") from None
    except NotAFile:
        raise refuse(1, "this is not a file that can be read (a device or a pipe?)") from None
    except FileTooBig:
        raise refuse(1, f"the file is larger than {MAX_JSON_BYTES // 1024} KB") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise refuse(line, "the file is not UTF-8 text (save it as UTF-8)") from None
    file = JsonFile(shown, text)
    repeated: list[tuple[tuple[str, ...], str]] = []

    def pairs(items: list[tuple[str, object]]) -> dict[str, object]:
        seen: dict[str, object] = {}
        for key, value in items:
            if key in seen:
                repeated.append(((key,), f"the key {brief(key)} appears twice"))
            seen[key] = value
        return seen

    try:
        raw = json.loads(
            text,
            object_pairs_hook=pairs,
            parse_int=_integer,
            parse_float=_float,
            parse_constant=_constant,
        )
    except json.JSONDecodeError as error:
        raise refuse(error.lineno, f"not valid JSON: {error.msg}") from None
    except _Refused as error:
        raise refuse(file.line_at(text.find(error.near)), str(error)) from None
    except RecursionError:
        raise refuse(1, "the file nests too deeply to be answers or details") from None
    if not isinstance(raw, dict):
        raise refuse(1, "expected a JSON object ({...}) holding the whole file")
    if repeated:
        problems = [
            Problem(shown, file.line_of(*keys, occurrence=2), ".".join(keys), message)
            for keys, message in repeated
        ]
        raise FileProblems(problems)
    file.data = raw
    return file
