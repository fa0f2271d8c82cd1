"""A new pack made from the shipped questionnaire: its file and Welsh under a new id and title,
and the settings file (a template kept beside this module, ``pack_template.toml``)."""

from __future__ import annotations

import datetime
import json
import re
from pathlib import Path

import yaml

from cserq.questionnaire.model import Questionnaire

PACK_COPY_COMMENT = """\
# Made by cserq init on {today} from the shipped questionnaire (cserq version {version}).
# The title is how the start page names this questionnaire: make it your own here, and its
# Welsh (msgctxt "title") in {catalogue}. Raise the version with every change you make
# (to {next_version}, and so on), so that each note names the rules that made it.
"""


def pack_copy(
    text: str, welsh: str, shipped: Questionnaire, questionnaire_id: str, today: datetime.date
) -> tuple[str, str]:
    """The shipped questionnaire's file and Welsh catalogue as a pack's own: a new id, a title
    with the id in brackets (in English and Welsh) and a version of its own, ``0.1`` (never
    the shipped ``YYYY.MM-N`` form, so the two cannot meet), so
    the start page never offers it and the shipped one as two choices that look the same.

    Raises ``ValueError`` when the shipped file does not have those lines in the expected form.
    """
    title = f"{shipped.title} ({questionnaire_id})"
    version = "0.1"
    catalogue = shipped.catalogues.get("cy")
    welsh_title = catalogue.translated.get(("title", shipped.title)) if catalogue else None
    if welsh_title is None:
        raise ValueError("its Welsh catalogue has no title")
    made = PACK_COPY_COMMENT.format(
        today=today.isoformat(),
        version=shipped.version,
        catalogue=f"{questionnaire_id}.cy.po",
        next_version="0.2",
    )
    for key, was, now in (
        ("id", shipped.id, questionnaire_id),
        ("version", shipped.version, version),
        ("title", shipped.title, title),
    ):
        line = re.search(rf"(?m)^{key}: (.*)$", text)
        if line is None or yaml.safe_load(line.group(1)) != was:
            raise ValueError(f"it has no line '{key}: {was}' to change")
        shown = json.dumps(now, ensure_ascii=False) if key == "version" else _yaml_scalar(now)
        replacement = f"{key}: {shown}"
        if key == "id":
            replacement = made + replacement
        text = text[: line.start()] + replacement + text[line.end() :]
    entry = 'msgctxt "title"\nmsgid {}\nmsgstr {}'
    old_entry = entry.format(_po_string(shipped.title), _po_string(welsh_title))
    new_entry = entry.format(_po_string(title), _po_string(f"{welsh_title} ({questionnaire_id})"))
    if welsh.count(old_entry) != 1:
        raise ValueError("its Welsh catalogue has no title entry on three lines to change")
    return text, welsh.replace(old_entry, new_entry)


def _yaml_scalar(value: str) -> str:
    """``value`` as YAML: plain when YAML reads it back as this text, else in double quotes."""
    try:
        plain = yaml.safe_load(f"key: {value}")
    except yaml.YAMLError:
        plain = None
    return value if plain == {"key": value} else json.dumps(value, ensure_ascii=False)


def _po_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def pack_template() -> str:
    """The settings file a new pack starts with, every line a commented-out default; ``{pack}``
    stands for the pack folder."""
    return (Path(__file__).parent / "pack_template.toml").read_text(encoding="utf-8")
