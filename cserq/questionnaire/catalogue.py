"""A questionnaire's own translations: a gettext catalogue beside its file, read at run time.

``questions/cserq.yaml`` has its Welsh in ``questions/cserq.cy.po``: translators open it in Poedit
or any CAT tool, and the app reads it as it starts, with no compile step. Each text's context is
its item in the questionnaire (a question id, ``section:<id>``, ``rule:<id>``...), never the
questionnaire's id, so a copy under a new id keeps its Welsh. An entry marked fuzzy (its English
changed since it was translated) counts as not translated until someone reviews it.

:func:`update_catalogue` makes or updates a catalogue from the questionnaire (``cserq
translate``): new texts are added empty, a changed English keeps its old translation marked fuzzy
for review, and texts no longer in the questionnaire are dropped.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import PoFileError, read_po, write_po

from cserq.base.languages import DEFAULT_LANGUAGE, LANGUAGES, LOCALES
from cserq.files.problems import FileProblems, Problem
from cserq.files.yamlfile import UnreadableFile, read_limited
from cserq.questionnaire.reassurance import (
    OUTCOME_CONTEXTS,
    find_reassurance,
    reassurance_message,
)

# A field of a questionnaire file, as a catalogue's comments name it: "rules[3].reason".
_FIELD = re.compile(r"[a-z_]+(?:\[\d+\]|\.[a-z_0-9]+)+$")

Key = tuple[str, str]
"""(context, English text)"""


@dataclass(frozen=True)
class Catalogue:
    """The translations of one questionnaire into one language."""

    translated: Mapping[Key, str] = field(default_factory=dict)
    fuzzy: Mapping[Key, int] = field(default_factory=dict)
    """Entries whose English changed since they were translated, with their line."""
    content_hash: str = ""
    """The SHA-256 of the catalogue file, which the questionnaire's own hash does not cover."""


def catalogue_path(questionnaire_file: str | Path, language: str) -> Path:
    """Where the catalogue of a questionnaire file is: beside it, ``<name>.<language>.po``."""
    path = Path(questionnaire_file)
    return path.with_name(f"{path.stem}.{language}.po")


def read_catalogue(path: Path, language: str, *, name: str | None = None) -> Catalogue:
    """The catalogue in ``path``; raise :class:`FileProblems` naming the line of a
    problem."""
    shown = name or str(path)
    try:
        data = read_limited(path)
        catalog = read_po(io.BytesIO(data), locale=LOCALES[language], abort_invalid=True)
    except OSError as error:
        raise _error(shown, 1, f"cannot read the file: {error.strerror or error}") from None
    except UnreadableFile:
        raise _error(shown, 1, "not a catalogue file that can be read") from None
    except PoFileError as error:
        line = getattr(error, "lineno", 1) or 1
        raise _error(shown, line, f"not a valid catalogue (.po) file: {error}") from None
    except (UnicodeDecodeError, ValueError) as error:
        raise _error(shown, 1, f"not a valid catalogue (.po) file: {error}") from None
    translated: dict[Key, str] = {}
    fuzzy: dict[Key, int] = {}
    reassuring: list[Problem] = []
    for message in catalog:
        if not message.id or not isinstance(message.id, str):
            continue
        key = (message.context or "", str(message.id))
        if message.fuzzy:
            fuzzy[key] = message.lineno or 1
        elif isinstance(message.string, str) and message.string.strip():
            translated[key] = message.string
            if key[0].startswith(OUTCOME_CONTEXTS):
                reassuring.extend(_reassurance(message, data, shown, language))
    if reassuring:
        raise FileProblems(reassuring)
    return Catalogue(translated, fuzzy, hashlib.sha256(data).hexdigest())


def _reassurance(message: Message, data: bytes, shown: str, language: str) -> list[Problem]:
    """A problem, at its msgstr, if the translation of a text about an outcome reassures."""
    found = find_reassurance(str(message.string))
    if found is None:
        return []
    lines = data.decode("utf-8", "replace").splitlines()
    line = message.lineno or 1
    while line <= len(lines) and not lines[line - 1].lstrip().startswith("msgstr"):
        line += 1
    # The file's own comment names the field ("levels.review.text"); without it, the context.
    where = next((c for c in message.auto_comments if _FIELD.match(c)), message.context or "")
    return [Problem(shown, line, where, reassurance_message(found, LANGUAGES[language]))]


def _error(name: str, line: int, message: str) -> FileProblems:
    return FileProblems([Problem(name, line, "", message)])


def read_catalogues(questionnaire_file: Path, name: str) -> dict[str, Catalogue]:
    """Every catalogue beside a questionnaire file, by language."""
    found = {}
    for language in LANGUAGES:
        if language == DEFAULT_LANGUAGE:
            continue
        path = catalogue_path(questionnaire_file, language)
        if path.exists():
            shown = str(catalogue_path(name, language))
            found[language] = read_catalogue(path, language, name=shown)
    return found


def header_comment(questionnaire_file: str | Path, language: str) -> str:
    return (
        f"# {LANGUAGES[language]} for the questionnaire in {Path(questionnaire_file).name}.\n"
        "# Translate each msgstr; an entry marked fuzzy has English that changed since it was\n"
        "# translated: check it, then remove the fuzzy mark. Update with: cserq translate FOLDER"
    )


def _closest(key: Key, orphans: Mapping[Key, str]) -> Key | None:
    """The old entry of the same item (context) whose English is most like ``key``'s."""
    same_item = [old for old in orphans if old[0] == key[0]]
    if not same_item:
        return None
    return max(same_item, key=lambda old: SequenceMatcher(None, old[1], key[1]).ratio())


@dataclass(frozen=True)
class Updated:
    """What updating a catalogue did."""

    path: Path
    added: int
    changed: int
    kept: int
    dropped: int


PREVIOUS = "The English this was translated from: "


def update_catalogue(
    path: Path, language: str, texts: list[tuple[str, str, str]], *, project: str
) -> Updated:
    """Make or update the catalogue at ``path`` to hold exactly ``texts`` (context, English,
    where), keeping every translation whose context and English are unchanged."""
    template = Catalog(locale=LOCALES[language], project=project, fuzzy=False)
    for context, text, where in texts:
        template.add(text, context=context, auto_comments=[where])
    old = None
    if path.exists():
        with path.open("rb") as existing:
            old = read_po(existing, locale=LOCALES[language])
    catalog = old or Catalog(
        locale=LOCALES[language],
        project=project,
        fuzzy=False,
        header_comment=header_comment(path.name.split(".")[0] + ".yaml", language),
    )
    catalog.header_comment = header_comment(path.name.split(".")[0] + ".yaml", language)
    before = {(m.context or "", str(m.id)): m.string for m in catalog if m.id}
    catalog.update(template, no_fuzzy_matching=True, update_header_comment=False)
    # A text whose English changed is matched to the old entry of the same item whose English
    # is closest: its translation is kept, marked fuzzy with the old English, for review.
    now = {(m.context or "", str(m.id)) for m in catalog if m.id}
    orphans = {key: str(string) for key, string in before.items() if string and key not in now}
    added = changed = kept = 0
    for message in catalog:
        if not message.id:
            continue
        # The old English of an entry to review is a translator comment on one line: Babel
        # wraps a "#| msgid" over lines and then cannot read it back.
        message.previous_id = []
        message.user_comments = [
            comment
            for comment in message.user_comments
            if not comment.startswith(("| ", PREVIOUS))
            or (comment.startswith(PREVIOUS) and message.fuzzy)
        ]
        key = (message.context or "", str(message.id))
        if before.get(key):
            kept += 1
            continue
        earlier = _closest(key, orphans)
        if earlier is not None:
            message.string = orphans.pop(earlier)
            message.flags.add("fuzzy")
            message.user_comments.append(PREVIOUS + str(earlier[1]))
            changed += 1
        else:
            message.string = ""
            message.flags.discard("fuzzy")
            added += 1
    dropped = len([key for key in before if key not in now])
    catalog.obsolete.clear()
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as out:
        # A width no line reaches: Babel wraps comments at 76 when told 0, and cannot read
        # back a wrapped comment as one.
        write_po(out, catalog, width=1_000_000, omit_header=False, sort_output=False)
    return Updated(path, added, changed, kept, dropped)
