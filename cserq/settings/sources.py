"""Where the settings come from, combined: the built-in defaults, a pack's ``cserq.toml``, the
``CSERQ_*`` environment variables, then (in tests) overrides. Every problem, from the file and
the variables alike, is said at once.
"""

from __future__ import annotations

import difflib
import os
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path

from cserq.base.paths import shown_path
from cserq.files.yamlfile import NotAFile, UnreadableFile, read_limited
from cserq.settings.options import (
    KNOWN,
    WHOLE_FILE,
    SettingError,
    Settings,
    existing,
    from_environment,
    read_settings,
)

PACK_FILE = "cserq.toml"
PATHS = ("QUESTIONS_DIR", "CONTACTS_FILE", "SECRET_FILE")
"""Settings that name a file or folder: in a pack's file, relative to the pack."""


PACK_CONTACTS = "contacts.yaml"
"""A pack's local contacts, used unless its settings name another file."""


def is_pack(folder: Path) -> bool:
    """Whether a folder is a pack (it has a settings file or a questions folder)."""
    return (folder / PACK_FILE).is_file() or (folder / "questions").is_dir()


def pack_settings(pack: Path) -> tuple[dict[str, object], dict[str, str], list[SettingError]]:
    """The settings in a pack's ``cserq.toml`` (if it has one), by name, how a message names
    each (file, line and key), and a problem for each key that is not a setting (the others are
    still read, to be checked with the rest). Raises :class:`SettingError` for a file that
    cannot be read."""
    path = pack / PACK_FILE
    given: dict[str, object] = {}
    where: dict[str, str] = {}
    if (pack / "questions").is_dir():
        given["QUESTIONS_DIR"] = str(pack / "questions")
    if os.path.lexists(pack / PACK_CONTACTS):
        given["CONTACTS_FILE"] = str(pack / PACK_CONTACTS)
    if not os.path.lexists(path):
        return given, where, []
    shown = shown_path(path)
    try:
        text = read_limited(path, 64 * 1024).decode("utf-8-sig")
        data = tomllib.loads(text)
    except NotAFile:
        reason = "is not a file that can be read; make it a text file of settings"
        raise SettingError("", WHOLE_FILE, reason, where=f"{shown}:1: ") from None
    except (OSError, UnicodeDecodeError, UnreadableFile) as error:
        reason = f"cannot be read ({type(error).__name__}); save it as UTF-8 text"
        raise SettingError("", WHOLE_FILE, reason, where=f"{shown}:1: ") from None
    except tomllib.TOMLDecodeError as error:
        found = re.search(r"line (\d+)", str(error))
        at = f"{shown}:{found.group(1) if found else 1}: "
        raise SettingError("", WHOLE_FILE, f"not valid TOML: {error}", where=at) from None
    names = {key.lower(): key for key in KNOWN if key != "PACK"}
    unknown: list[SettingError] = []
    for key, raw in data.items():
        line = _line_of(text, key)
        if key not in names:
            close = difflib.get_close_matches(key, list(names), n=1)
            hint = f"did you mean {close[0]}? " if close else ""
            allowed = f"not a setting; {hint}settings: {', '.join(names)}"
            unknown.append(SettingError(key, raw, allowed, where=f"{shown}:{line}: {key} = "))
            continue
        name = names[key]
        if name in PATHS and isinstance(raw, str) and raw.strip():
            raw = str((pack / raw.strip()).expanduser())
        given[name] = raw
        where[name] = f"{shown}:{line}: {key} = "
    return given, where, unknown


def _line_of(text: str, key: str) -> int:
    found = re.search(rf"^\s*{re.escape(key)}\s*=", text, re.MULTILINE)
    return text.count("\n", 0, found.start()) + 1 if found else 1


def configured(
    environ: Mapping[str, str] | None = None,
    overrides: Mapping[str, object] | None = None,
    *,
    pack: Path | None = None,
) -> Settings:
    """The settings as the app runs with them: the built-in defaults, then the pack's
    ``cserq.toml`` (the pack from ``pack``, else ``CSERQ_PACK``), then ``CSERQ_*`` environment
    variables, then ``overrides`` (tests)."""
    environment = from_environment(environ)
    overrides = dict(overrides or {})
    chosen = pack if pack is not None else overrides.pop("PACK", None)
    if chosen is None:
        chosen = environment.get("PACK")  # set but empty is refused, not taken as no pack
    environment.pop("PACK", None)
    overrides.pop("PACK", None)
    given: dict[str, object] = {}
    where: dict[str, str] = {}
    problems: list[SettingError] = []
    if chosen is not None:
        folder = existing("folder", "give the folder of a pack (cserq init makes one)")
        try:
            given, where, problems = pack_settings(folder("PACK", chosen))
        except SettingError as error:
            problems = [error]  # the variables are still checked, to say every problem at once
    for name, raw in environment.items():
        given[name] = raw
        where.pop(name, None)
    for name, raw in overrides.items():
        given[name] = raw
        where.pop(name, None)
    try:
        settings = read_settings(given, where)
    except SettingError as error:
        problems.append(error)
    if problems:
        raise SettingError.of_all(problems)
    return settings
