"""Where the app finds the data it ships with. (Its settings are in :mod:`cserq.settings`.)"""

from __future__ import annotations

from pathlib import Path

DEFAULT_MARKING = "OFFICIAL-SENSITIVE"
# The Welsh first, as a Welsh reviewer gave it, with the English beside it: the Welsh form is not
# confirmed from an official source, and a reader who looks for the English marking finds it.
DEFAULT_MARKING_CY = "SWYDDOGOL-SENSITIF / OFFICIAL-SENSITIVE"
_PACKAGE = Path(__file__).resolve().parent


def marking_in(language: str, marking: str, marking_cy: str | None) -> str:
    """The handling marking a reader of ``language`` sees. In Welsh: ``marking_cy`` when set;
    else, for the default marking, its Welsh with the English beside it; else a marking of the
    health board's own as it is, since the app cannot know its Welsh."""
    if language != "cy":
        return marking
    if marking_cy:
        return marking_cy
    return DEFAULT_MARKING_CY if marking == DEFAULT_MARKING else marking


def shipped_dir(name: str) -> Path:
    """A data folder shipped with the app (``questions``, ``translations``), as an absolute path.

    An installed wheel carries it inside the package; a source checkout (editable install) has
    it at the top of the repository.
    """
    inside = _PACKAGE / name
    return inside if inside.is_dir() else _PACKAGE.parent / name
