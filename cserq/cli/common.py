"""What the ``cserq`` commands share: paths said briefly, the settings or a one-line error, a
pack folder, and failing with every problem at once (exit 1)."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

import click

from cserq.base.paths import shipped_dir
from cserq.files.jsonfile import JsonFile, read_json_object
from cserq.files.problems import FileProblems, Problem
from cserq.questionnaire.folder import questionnaire_files
from cserq.settings.contacts import Contact, load_contacts
from cserq.settings.options import (
    SettingError,
    Settings,
    configured,
    is_pack,
)


def shown_path(path: Path) -> str:
    """A path as short as it can be said: relative to the working folder when inside it."""
    relative = os.path.relpath(path)
    return path.as_posix() if relative.startswith("..") else Path(relative).as_posix()


def settings_or_exit(pack: Path | None = None) -> Settings:
    """The settings (the pack's, then ``CSERQ_*``), or their problem in one line and exit 2."""
    try:
        return configured(pack=pack)
    except SettingError as error:
        click.echo(f"Error: {error}", err=True)
        sys.exit(2)


pack_option = click.option(
    "--pack",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="A pack folder (made by cserq init): its questionnaires, Welsh, contacts and settings."
    " Default: CSERQ_PACK, else the questionnaires shipped with the app.",
)


def pack_of(files: Sequence[Path], pack: Path | None) -> tuple[Sequence[Path], Path | None]:
    """A single folder argument that is a pack is taken as ``--pack``."""
    if pack is None and len(files) == 1 and files[0].is_dir() and is_pack(files[0]):
        return (), files[0]
    return files, pack


def questionnaire_targets(files: Sequence[Path], settings: Settings) -> list[Path]:
    """The questionnaire files named, a folder standing for those in it; by default the
    configured folder's."""
    folders = files or (settings.questions_dir or shipped_dir("questions"),)
    targets: list[Path] = []
    for given in folders:
        try:
            targets.extend(questionnaire_files(given) if given.is_dir() else [given])
        except FileProblems as error:
            fail([str(problem) for problem in error.problems])
    if not targets:
        fail([f"{shown_path(folders[0])}:1: no questionnaire files (*.yaml) here"])
    return targets


def write_file(path: Path, data: bytes, what: str) -> None:
    try:
        path.write_bytes(data)
    except OSError as error:
        fail([f"{shown_path(path)}: cannot write {what}: {error.strerror or error}"])
    click.echo(f"wrote {what} to {shown_path(path)}", err=True)


def fail(lines: Sequence[str]) -> NoReturn:
    for line in lines:
        click.echo(line)
    sys.exit(1)


def read_json_or_fail(path: Path) -> JsonFile:
    """A JSON file holding an object, or a ``file:line: message`` for each problem and exit 1."""
    try:
        return read_json_object(path, name=shown_path(path))
    except FileProblems as error:
        fail([str(problem) for problem in error.problems])


def located(file: JsonFile, problem: str) -> Problem:
    """A details problem (``child.name: message``) with the line of the key it is about."""
    where, _, message = problem.partition(": ")
    return file.problem(tuple(where.split(".")), message) if message else file.problem((), where)


NO_CONTACTS = (
    "no local contacts are set, so the outcome page and the note give no phone number for"
    " social services or the Emergency Duty Team, only where to find one. To set them, write"
    " a contacts.yaml in a pack folder (the cserq.toml that cserq init writes shows its form)"
    " and start with --pack FOLDER, or name the file in CSERQ_CONTACTS_FILE; check it with"
    " cserq check."
)


def configured_contacts(path: Path | None) -> tuple[Contact, ...]:
    if path is None:
        return ()
    try:
        return load_contacts(path, name=shown_path(path))
    except FileProblems as error:
        fail([str(problem) for problem in error.problems])
