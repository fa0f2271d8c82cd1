"""What the ``cserq`` commands share: paths said briefly, the settings or a one-line error, a
pack folder, and failing with every problem at once (exit 1)."""

from __future__ import annotations

import errno
import os
import re
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import NoReturn

import click

from cserq.base.paths import shipped_dir, shown_path
from cserq.files.jsonfile import JsonFile, read_json_object
from cserq.files.problems import FileProblems, Problem
from cserq.questionnaire.folder import questionnaire_files
from cserq.settings.contacts import Contact, load_contacts
from cserq.settings.options import SettingError, Settings
from cserq.settings.sources import configured, is_pack


def settings_or_exit(pack: Path | None = None) -> Settings:
    """The settings (the pack's, then ``CSERQ_*``), or a line for each of their problems and
    exit 2."""
    try:
        return configured(pack=pack)
    except SettingError as error:
        for line in error.lines:
            click.echo(f"Error: {line}", err=True)
        sys.exit(2)


class WholeNumber(click.ParamType[int]):
    """A whole number from ``low`` to ``high``, refused in words a practitioner starting the app
    understands (click's own says "not a valid integer range"). ``hint`` says what an end of
    the range means, e.g. "0 lets the computer choose"."""

    name = "integer"

    def __init__(self, low: int, high: int, hint: str = "") -> None:
        self.low, self.high, self.hint = low, high, hint

    def convert(
        self, value: object, param: click.Parameter | None, ctx: click.Context | None
    ) -> int:
        if isinstance(value, int) and not isinstance(value, bool):
            number = value
        elif isinstance(value, str) and re.fullmatch(r"\s*[0-9]{1,9}\s*", value):
            number = int(value)  # digits only: int() would also take "1_0", "+3" and "٣"
        else:
            number = -1
        if self.low <= number <= self.high:
            return number
        hint = f" ({self.hint})" if self.hint else ""
        self.fail(f"give a whole number from {self.low} to {self.high}{hint}.", param, ctx)


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


def refuse_overwriting(
    inputs: Mapping[str, Path | None], outputs: Mapping[str, Path | None]
) -> None:
    """Stop (exit 2, one line, nothing printed yet) when an output names the same file as an
    input or as another output: writing it would destroy what was read, or one output the other.
    ``./a.json``, ``a.json``, a symbolic link and a hard link all count as the same file."""
    named = [(option, path) for option, path in inputs.items() if path is not None]
    for option, path in outputs.items():
        if path is None:
            continue
        for other, other_path in named:
            if _same_file(path, other_path):
                click.echo(
                    f"Error: {option} {shown_path(path)} is the same file as {other}; writing it"
                    f" would overwrite that file, so give {option} another file name",
                    err=True,
                )
                sys.exit(2)
        named.append((option, path))


def _same_file(one: Path, other: Path) -> bool:
    try:
        if one.resolve() == other.resolve():
            return True
        return one.exists() and other.exists() and os.path.samefile(one, other)
    except (OSError, RuntimeError):
        return False


def check_writable(path: Path, what: str) -> None:
    """Fail (exit 1, one line) before anything is printed when ``path`` cannot be written
    because its folder is missing or it is a folder, so that a command never prints its
    result and then fails part way."""
    folder = path.absolute().parent
    problem = 0  # said as the system says it, as when writing fails (write_file)
    if path.is_dir():
        problem = errno.EISDIR
    elif not folder.exists():
        problem = errno.ENOENT
    elif not folder.is_dir():
        problem = errno.ENOTDIR
    if problem:
        fail([f"{shown_path(path)}: cannot write {what}: {os.strerror(problem)}"])


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
