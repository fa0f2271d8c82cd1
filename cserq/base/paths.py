"""Where the app finds the data it ships with (the questionnaires and the Welsh), and how a
path is shown to the person running it."""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent


def shipped_dir(name: str) -> Path:
    """A data folder shipped with the app (``questions``, ``translations``), as an absolute path.

    An installed wheel carries it inside the package; a source checkout (editable install) has
    it at the top of the repository.
    """
    inside = _PACKAGE / name
    return inside if inside.is_dir() else _PACKAGE.parent / name


def shown_path(path: Path | str) -> str:
    """A path as short as it can be said: relative to the working folder when inside it.

    On Windows a path on another drive than the working folder (the app on C:, the user in
    H:) has no relative form: it is shown whole.
    """
    try:
        relative = os.path.relpath(path)
    except ValueError:
        return Path(path).as_posix()
    return Path(path).as_posix() if relative.startswith("..") else Path(relative).as_posix()
