"""The app's settings, every one checked once at start-up.

Settings come from a pack's ``cserq.toml``, then ``CSERQ_*`` environment variables (and, in
tests, a mapping of the same names without the prefix). A bad value stops the app with one line
naming the setting, the value and what is allowed, e.g.
``CSERQ_MAX_CASES='abc': give a whole number from 1 to 100000``. Nothing here imports Flask: the
command line and the web app read the same settings the same way.
"""

from __future__ import annotations

import difflib
import json
import os
import re
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from cserq.base.languages import LANGUAGES
from cserq.base.text import brief, tidy

DEFAULT_MARKING = "OFFICIAL-SENSITIVE"
# The Welsh first, as a Welsh reviewer gave it, with the English beside it: the Welsh form is not
# confirmed from an official source, and a reader who looks for the English marking finds it.
DEFAULT_MARKING_CY = "SWYDDOGOL-SENSITIF / OFFICIAL-SENSITIVE"


def marking_in(language: str, marking: str, marking_cy: str | None) -> str:
    """The handling marking a reader of ``language`` sees. In Welsh: ``marking_cy`` when set;
    else, for the default marking, its Welsh with the English beside it; else a marking of the
    health board's own as it is, since the app cannot know its Welsh."""
    if language != "cy":
        return marking
    if marking_cy:
        return marking_cy
    return DEFAULT_MARKING_CY if marking == DEFAULT_MARKING else marking


PREFIX = "CSERQ_"
LONGEST_MARKING = 60
# A host name (letters, digits, dots and hyphens) or an IPv4 or IPv6 address.
HOST_NAME = re.compile(
    r"^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$|^\[?[0-9A-Fa-f:.]+\]?$"
)
T = TypeVar("T")


MEMORY = "memory"
STORE_SCHEMES = ("redis", "rediss", "unix")

WHOLE_FILE = object()
"""The value of a problem that is about a whole settings file, not one of its settings."""


class SettingError(ValueError):
    """A setting with a value the app cannot use; the message is one line for the person
    starting the app, naming where the value came from."""

    def __init__(self, name: str, value: object, allowed: str, *, where: str = "") -> None:
        self.setting, self.value, self.allowed = name, value, allowed
        self.name = where or f"{PREFIX}{name}="
        shown = "" if value is WHOLE_FILE else f"{brief(value)}: "
        super().__init__(f"{self.name}{shown}{allowed}")
        self.lines: tuple[str, ...] = (str(self),)
        """Every problem found, each a line of its own: the command line prints them all."""

    @staticmethod
    def of_all(errors: list[SettingError]) -> SettingError:
        """One error for every problem found, so that fixing one does not reveal the next. Its
        message is the first problem's, one line as when there is one; ``lines`` holds each."""
        first = errors[0]
        first.lines = tuple(line for error in errors for line in error.lines)
        return first

    def said_in(self, where: str) -> SettingError:
        """The same problem, said of the place the value came from (a pack's settings file)."""
        return SettingError(self.setting, self.value, self.allowed, where=where)


@dataclass(frozen=True)
class Settings:
    questions_dir: Path | None
    """The folder of questionnaires; None for the shipped one."""
    contacts_file: Path | None
    marking: str
    marking_cy: str | None
    """The marking of a Welsh note and page; None: see :func:`marking_in`."""
    languages: tuple[str, ...]
    """The languages offered, English first."""
    idle_timeout_minutes: int
    warning_seconds: int
    """How long before the timeout the page warns: always shorter than the timeout."""
    max_cases: int
    secret_key: str
    trusted_hosts: tuple[str, ...]
    store: str = MEMORY
    """Where open cases are kept: ``memory`` (this process), or a Redis URL shared by several."""
    note_workers: int = 1
    """Processes that make notes beside the app's own; 0 makes them in the request's thread."""
    note_seconds: int = 60
    """The longest a note may take to make before the app gives up on it."""
    secret_given: bool = False
    """Whether the secret came from a setting (else it is new and random at each start)."""
    notes: tuple[str, ...] = ()
    """What the person starting the app should know about how a setting was read."""

    def marking_in(self, language: str) -> str:
        """The marking a reader of ``language`` sees."""
        return marking_in(language, self.marking, self.marking_cy)

    @property
    def idle_timeout_seconds(self) -> int:
        return self.idle_timeout_minutes * 60


# --- one reader per kind of value; each returns the value or raises SettingError ---


def whole_number(low: int, high: int, unit: str = "") -> Callable[[str, object], int]:
    allowed = f"give a whole number{unit} from {low} to {high}"

    def read(name: str, value: object) -> int:
        if isinstance(value, bool):
            raise SettingError(name, value, allowed)
        if isinstance(value, int):
            number = value
        elif isinstance(value, str) and re.fullmatch(r"\s*[0-9]{1,6}\s*", value):
            number = int(value)  # digits only: int() would also take "1_2", "+3" and "٣"
        else:
            raise SettingError(name, value, allowed)
        if not low <= number <= high:
            raise SettingError(name, value, allowed)
        return number

    return read


def existing(kind: str, allowed: str) -> Callable[[str, object], Path]:
    """A reader of the path of an existing ``kind`` ("folder" or "file")."""

    def read(name: str, value: object) -> Path:
        path = _path(name, value, allowed)
        if not (path.is_dir() if kind == "folder" else path.is_file()):
            reason = f"there is no {kind} there" if not path.exists() else f"that is not a {kind}"
            raise SettingError(name, value, f"{reason}; {allowed}")
        return path

    return read


def _path(name: str, value: object, allowed: str) -> Path:
    if not isinstance(value, str | os.PathLike) or not str(value).strip():
        raise SettingError(name, value, allowed)
    text = str(value).strip()
    if not text.isprintable():
        raise SettingError(name, value, allowed + " (without control characters)")
    try:
        return Path(text).expanduser().resolve()
    except (OSError, RuntimeError, ValueError):
        raise SettingError(name, value, allowed) from None


def marking_text(name: str, value: object) -> str:
    allowed = f"give the handling marking as text of at most {LONGEST_MARKING} characters"
    if not isinstance(value, str):
        raise SettingError(name, value, allowed)
    text = " ".join(tidy(value, multiline=False).split())
    if len(text) > LONGEST_MARKING:
        raise SettingError(name, value, allowed)
    return text


def language_list(name: str, value: object) -> tuple[str, ...]:
    known = ", ".join(LANGUAGES)
    allowed = f"give language codes separated by commas, from: {known} (for example en,cy)"
    if isinstance(value, list) and all(isinstance(code, str) for code in value):
        value = ",".join(value)  # a list in a pack's settings file
    if not isinstance(value, str):
        raise SettingError(name, value, allowed)
    chosen = [code.strip().lower() for code in value.split(",") if code.strip()]
    if not chosen or any(code not in LANGUAGES for code in chosen):
        raise SettingError(name, value, allowed)
    return tuple(dict.fromkeys(["en", *chosen]))


def secret(name: str, value: object) -> str:
    allowed = "give a random text of at least 32 characters (or leave it unset)"
    if not isinstance(value, str) or len(value.strip()) < 32 or not value.isprintable():
        raise SettingError(name, "(hidden)", allowed)
    return value.strip()


def secret_file(name: str, value: object) -> str:
    """The secret in a file the service manager gives (e.g. systemd's LoadCredential)."""
    allowed = "give the path of a file holding a random text of at least 32 characters"
    path = existing("file", allowed)(name, value)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or type(error).__name__
        raise SettingError(name, value, f"cannot read it ({reason}); {allowed}") from None
    try:
        return secret(name, text.strip())  # a file's last line ends in a newline
    except SettingError:
        raise SettingError(name, value, f"the file is too short or not text; {allowed}") from None


def store_url(name: str, value: object) -> str:
    allowed = (
        "give memory, or the URL of a Redis that keeps nothing on disk"
        " (redis://host:6379/0, rediss://... for TLS, or unix:///run/redis/redis.sock)"
    )
    if not isinstance(value, str) or not value.strip() or not value.strip().isprintable():
        raise SettingError(name, redacted(value), allowed)
    text = value.strip()
    if text.lower() == MEMORY:
        return MEMORY
    scheme, sep, rest = text.partition("://")
    if not sep or scheme.lower() not in STORE_SCHEMES or not rest.strip("/"):
        raise SettingError(name, redacted(text), allowed)
    return text


def redacted(value: object) -> object:
    """A store URL without its user name, password or query (which may hold a password), to
    name in a message or a log: ``unix://***@/run/redis/redis.sock``."""
    if not isinstance(value, str):
        return value
    scheme, sep, rest = value.partition("://")
    if not sep:
        return value.split("?")[0] if "@" not in value else "***"
    if "@" in rest:
        rest = "***@" + rest.rpartition("@")[2]
    return f"{scheme}{sep}{rest.split('?')[0]}"


def host_list(name: str, value: object) -> tuple[str, ...]:
    allowed = "give host names or addresses separated by commas, e.g. localhost,192.168.1.20"
    hosts: object = value
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("["):
            try:
                hosts = json.loads(text)
            except ValueError:
                raise SettingError(name, value, allowed) from None
        else:
            hosts = [h.strip() for h in text.split(",") if h.strip()]
    if not isinstance(hosts, list | tuple) or not hosts:
        raise SettingError(name, value, allowed)
    if not all(isinstance(h, str) and HOST_NAME.match(h) for h in hosts):
        raise SettingError(name, value, allowed)
    return tuple(hosts)


# --- the settings ---

DEFAULT_TRUSTED_HOSTS = ("127.0.0.1", "localhost")
KNOWN = (
    "PACK",
    "QUESTIONS_DIR",
    "CONTACTS_FILE",
    "MARKING",
    "MARKING_CY",
    "LANGUAGES",
    "IDLE_TIMEOUT_MINUTES",
    "TIMEOUT_WARNING_MINUTES",
    "MAX_CASES",
    "SECRET_KEY",
    "TRUSTED_HOSTS",
    "STORE",
    "SECRET_FILE",
    "NOTE_WORKERS",
    "NOTE_SECONDS",
)
# Variables with the prefix that are not settings of the app but of its tests and tools.
OTHER_VARIABLES = ("CSERQ_BUNDLE_DIST", "CSERQ_CHROMIUM", "CSERQ_VNU_JAR")


def from_environment(environ: Mapping[str, str] | None = None) -> dict[str, object]:
    """The ``CSERQ_*`` settings in the environment, by name without the prefix."""
    environ = os.environ if environ is None else environ
    return {key: environ[PREFIX + key] for key in KNOWN if PREFIX + key in environ}


def unknown_variables(environ: Mapping[str, str] | None = None) -> list[str]:
    """A line for each ``CSERQ_*`` variable that looks like a misspelt setting."""
    environ = os.environ if environ is None else environ
    names = [PREFIX + key for key in KNOWN]
    lines = []
    for variable in sorted(environ):
        if variable.startswith(PREFIX) and variable not in names + list(OTHER_VARIABLES):
            close = difflib.get_close_matches(variable, names, n=1)
            hint = f" (did you mean {close[0]}?)" if close else ""
            lines.append(f"{variable} is not a setting of the app and is ignored{hint}")
    return lines


def read_settings(given: Mapping[str, object], where: Mapping[str, str] | None = None) -> Settings:
    """The settings from ``given`` (names without the prefix), defaults for the rest.

    ``where`` says, for a value that came from a pack's settings file, how a message names it
    (``pack/cserq.toml:3: marking = ``). Raises :class:`SettingError` for the first value the app
    cannot use, listing every one in its ``lines``; a value set but empty (or only spaces) is
    one, except for the markings.
    """
    where = where or {}
    problems: list[SettingError] = []

    def value(name: str, read: Callable[[str, object], T], default: T) -> T:
        raw = given.get(name)
        if raw is None:
            return default
        # A value set but empty goes to its reader like any other: every reader but the
        # markings' refuses it, as a variable left empty by mistake must not start the app with
        # a default its owner did not choose (an empty marking means the default one, said so).
        try:
            return read(name, raw)
        except SettingError as error:
            problems.append(error.said_in(where[name]) if name in where else error)
            return default  # the rest are still read, so that every problem is said at once

    notes: list[str] = []
    timeout = value("IDLE_TIMEOUT_MINUTES", whole_number(1, 1440, " of minutes"), 30)
    warning = value("TIMEOUT_WARNING_MINUTES", whole_number(1, 1440, " of minutes"), 5)
    warning_seconds = warning * 60
    if warning >= timeout:
        # The warning must leave time to use the page before it comes; half the timeout does.
        warning_seconds = timeout * 30
        if "TIMEOUT_WARNING_MINUTES" in given:
            notes.append(
                f"{PREFIX}TIMEOUT_WARNING_MINUTES={warning} is not shorter than"
                f" {PREFIX}IDLE_TIMEOUT_MINUTES={timeout}: the warning comes"
                f" {warning_seconds} seconds before the answers are cleared"
            )
    marking = value("MARKING", marking_text, DEFAULT_MARKING)
    if not marking:
        notes.append(f"{PREFIX}MARKING is empty: every note is marked {DEFAULT_MARKING}")
        marking = DEFAULT_MARKING
    store = value("STORE", store_url, MEMORY)
    secret_key = value("SECRET_KEY", secret, "")
    from_file = value("SECRET_FILE", secret_file, "")
    if from_file and secret_key and from_file != secret_key:
        problems.append(
            SettingError(
                "SECRET_FILE", given["SECRET_FILE"], f"differs from {PREFIX}SECRET_KEY: set one"
            )
        )
    secret_key = from_file or secret_key
    if store != MEMORY and not ({"SECRET_FILE", "SECRET_KEY"} & given.keys()):
        problems.append(
            SettingError(
                "STORE",
                redacted(store),
                f"a shared store needs the same secret in every process: set {PREFIX}SECRET_FILE"
                f" (or {PREFIX}SECRET_KEY)",
            )
        )
    settings = Settings(
        questions_dir=value(
            "QUESTIONS_DIR", existing("folder", "give a folder of questionnaire files"), None
        ),
        contacts_file=value(
            "CONTACTS_FILE", existing("file", "give the path of a YAML file"), None
        ),
        marking=marking,
        marking_cy=value("MARKING_CY", marking_text, None) or None,
        languages=value("LANGUAGES", language_list, tuple(LANGUAGES)),
        idle_timeout_minutes=timeout,
        warning_seconds=warning_seconds,
        max_cases=value("MAX_CASES", whole_number(1, 100_000), 200),
        secret_key=secret_key or secrets.token_hex(32),
        trusted_hosts=value("TRUSTED_HOSTS", host_list, DEFAULT_TRUSTED_HOSTS),
        store=store,
        note_workers=value("NOTE_WORKERS", whole_number(0, 32), 1),
        note_seconds=value("NOTE_SECONDS", whole_number(5, 600, " of seconds"), 60),
        secret_given=bool(secret_key),
        notes=tuple(notes),
    )
    if problems:
        raise SettingError.of_all(problems)
    return settings
