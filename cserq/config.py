"""Where the app finds its data, and its settings. Read when asked, never at import time."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

ENV_PREFIX = "CSERQ_"
DEFAULT_MARKING = "OFFICIAL-SENSITIVE"
_PACKAGE = Path(__file__).resolve().parent


def shipped_dir(name: str) -> Path:
    """A data folder shipped with the app (``questions``, ``translations``), as an absolute path.

    An installed wheel carries it inside the package; a source checkout (editable install) has
    it at the top of the repository.
    """
    inside = _PACKAGE / name
    return inside if inside.is_dir() else _PACKAGE.parent / name


def questions_dir(environ: Mapping[str, str] | None = None) -> Path:
    """The folder of questionnaires: ``CSERQ_QUESTIONS_DIR`` if set, else the shipped one."""
    environ = os.environ if environ is None else environ
    configured = environ.get(f"{ENV_PREFIX}QUESTIONS_DIR")
    return Path(configured).expanduser().resolve() if configured else shipped_dir("questions")


def marking(environ: Mapping[str, str] | None = None) -> str:
    """The handling marking printed on every page of the note (``CSERQ_MARKING``)."""
    environ = os.environ if environ is None else environ
    return environ.get(f"{ENV_PREFIX}MARKING", "").strip() or DEFAULT_MARKING


def contacts_file(environ: Mapping[str, str] | None = None) -> Path | None:
    """The local contacts file (``CSERQ_CONTACTS_FILE``), if one is configured."""
    environ = os.environ if environ is None else environ
    configured = environ.get(f"{ENV_PREFIX}CONTACTS_FILE")
    return Path(configured).expanduser().resolve() if configured else None
