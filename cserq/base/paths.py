"""Where the app finds the data it ships with (the questionnaires and the Welsh)."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent


def shipped_dir(name: str) -> Path:
    """A data folder shipped with the app (``questions``, ``translations``), as an absolute path.

    An installed wheel carries it inside the package; a source checkout (editable install) has
    it at the top of the repository.
    """
    inside = _PACKAGE / name
    return inside if inside.is_dir() else _PACKAGE.parent / name
