"""A guard that fails a test when the code under test writes, creates or removes a file.

Python audit hooks cannot be removed, so one hook is installed for the whole run and only acts
inside ``forbid_disk_writes()``.
"""

from __future__ import annotations

import os
import stat
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC
_FILE_CHANGING_EVENTS = {
    "os.remove",
    "os.rename",
    "os.replace",
    "os.mkdir",
    "os.rmdir",
    "os.link",
    "os.symlink",
    "os.truncate",
    "os.chmod",
    "os.utime",
    "shutil.copyfile",
    "shutil.move",
    "shutil.rmtree",
    "tempfile.mkstemp",
    "tempfile.mkdtemp",
}


class DiskWrite(AssertionError):
    pass


_state = threading.local()
_active = {"on": False}
seen: list[str] = []


def _a_pipe(fd: object) -> bool:
    """Whether ``fd`` is an open pipe or socket (a note worker's, say): never the disk."""
    if not isinstance(fd, int):
        return False
    try:
        kind = os.fstat(fd).st_mode
    except OSError:
        return False
    return stat.S_ISFIFO(kind) or stat.S_ISSOCK(kind)


def _writes(event: str, args: tuple[object, ...]) -> bool:
    if event == "open":
        _path, mode, flags = (args + (None, None, None))[:3]
        if _a_pipe(_path):
            return False
        if isinstance(mode, str) and any(c in mode for c in "wax+"):
            return True
        return isinstance(flags, int) and bool(flags & _WRITE_FLAGS)
    return event in _FILE_CHANGING_EVENTS


def _hook(event: str, args: tuple[object, ...]) -> None:
    if not _active["on"] or getattr(_state, "inside", False):
        return
    if _writes(event, args):
        _state.inside = True
        try:
            seen.append(f"{event} {args[:2]!r}")
        finally:
            _state.inside = False
        raise DiskWrite(f"the code wrote to disk: {event} {args[:2]!r}")


sys.addaudithook(_hook)


@contextmanager
def forbid_disk_writes() -> Iterator[list[str]]:
    """Inside: any file write, creation, rename or removal raises and is listed."""
    seen.clear()
    # Python caching compiled modules is not the app writing data; keep it out of the way.
    bytecode, sys.dont_write_bytecode = sys.dont_write_bytecode, True
    _active["on"] = True
    try:
        yield seen
    finally:
        _active["on"] = False
        sys.dont_write_bytecode = bytecode
