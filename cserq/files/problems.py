"""Problems in a file someone wrote, each naming the file, the line and the field.

Every reader of a file people write (a questionnaire, its Welsh, contacts, settings, the hazard
log) reports what it finds wrong as :class:`Problem` values and raises :class:`FileProblems` with
all of them at once, so an author mends a file in one pass. Nothing here knows what the files
mean.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

PathParts = tuple[str | int, ...]
"""Where a value sits in a file: keys and list indexes from the top, e.g. ``("sections", 2)``."""


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:"
        return f"{where} {self.path}: {self.message}" if self.path else f"{where} {self.message}"


class FileProblems(Exception):
    """A file that cannot be used; ``problems`` lists everything wrong with it."""

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
