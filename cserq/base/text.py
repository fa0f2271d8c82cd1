"""What the practitioner types, made safe to show and print: one mechanism for every field."""

from __future__ import annotations

import re
import unicodedata

# Characters that break a line, whatever the system that typed them.
_LINE_BREAKS = {"\r\n": "\n", "\r": "\n", "\x0b": "\n", "\x0c": "\n", "\x85": "\n"}
_LINE_BREAKS |= {"\u2028": "\n", "\u2029": "\n"}
JOINERS = frozenset({"\u200c", "\u200d"})
"""Invisible characters that steer the shaping of Arabic and Indic words: kept."""


def tidy(text: str, *, multiline: bool) -> str:
    """``text`` with control and formatting characters taken out, lines and spaces trimmed.

    Tabs become spaces; line breaks become ``\\n`` (or spaces in a one-line field). Bidi
    overrides and isolates (U+202A to U+202E, U+2066 to U+2069) are removed, so typed text can
    never reorder what the note or page shows around it. Letters typed with a separate accent
    are joined (NFC), so a typed w and circumflex is the ŵ the fonts have.
    """
    for old, new in _LINE_BREAKS.items():
        text = text.replace(old, new)
    text = text.replace("\t", " ")
    if not multiline:
        text = text.replace("\n", " ")
    if all(line.isprintable() for line in text.split("\n")):
        kept = text  # the usual case, checked in C: nothing to take out
    else:
        kept = "".join(
            char
            for char in text
            if char == "\n"
            or char in JOINERS
            or unicodedata.category(char) not in ("Cc", "Cf", "Cs")
        )
    lines = [line.strip() for line in unicodedata.normalize("NFC", kept).split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    while lines and not lines[0]:
        lines.pop(0)
    return "\n".join(lines)


BRIEF = 60


def brief(value: object, limit: int = BRIEF) -> str:
    """``repr(value)``, cut to about ``limit`` characters: a message never echoes a whole
    file's worth of someone's text."""
    if isinstance(value, str) and len(value) > limit:
        return repr(value[:limit]) + f"… ({len(value):,} characters)"
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**limit:
        return f"a number of {len(str(abs(value)))} digits"
    shown = repr(value)
    return shown if len(shown) <= limit + 2 else shown[:limit] + "…"


def named(key: object) -> str:
    """A key or id as a message names it: as it is if it is a plain word, else quoted and cut
    short, so that a line break or a screenful in a key cannot break the message."""
    if isinstance(key, str) and re.fullmatch(r"[A-Za-z0-9_.-]{1,60}", key):
        return key
    return brief(key)
