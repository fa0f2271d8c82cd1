"""Which face draws each character of a text: runs of one face, and what no face can draw.

Each character is drawn by the first face that has it: Fira Sans (Latin, Greek, Cyrillic), then
the faces in ``cserq.note.fonts``, loaded when first needed. A combining mark or joiner stays with
the character before it, so a cluster is never split between faces. A run of characters that
stay in the face drawing them is found in one match, not decided a character at a time.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import repeat

from cserq.base.text import JOINERS
from cserq.note.fonts import HAN, HANGUL, KANA, RESERVES, Face, Reserve, faces, reserve_face


@dataclass(frozen=True)
class Run:
    """Characters drawn in one face, or (``face`` None) characters no face can draw."""

    text: str
    face: Face | None


def first_face() -> Face:
    return faces()[0]


def in_ranges(code: int, ranges: Sequence[tuple[int, int]]) -> bool:
    return any(low <= code <= high for low, high in ranges)


def _class_of(ranges: Sequence[tuple[int, int]]) -> re.Pattern[str]:
    return re.compile("[" + "".join(f"{chr(low)}-{chr(high)}" for low, high in ranges) + "]")


_KANA = _class_of(KANA)
_HANGUL = _class_of(HANGUL)


def _han_first(text: str) -> str | None:
    """The face that draws Chinese characters in ``text``: Japanese beside kana, Korean beside
    Hangul, else (None) Simplified Chinese, then Traditional for what it lacks."""
    if _KANA.search(text):
        return "NotoSansJP"
    if _HANGUL.search(text):
        return "NotoSansKR"
    return None


def _reserves(code: int, han_first: str | None) -> Iterator[Reserve]:
    if han_first and in_ranges(code, HAN):
        yield from (r for r in RESERVES if r.name == han_first)
    yield from (r for r in RESERVES if r.claims_code(code))


def _face_for(char: str, current: Face | None, han_first: str | None) -> Face | None:
    code = ord(char)
    if current is not None and code in current.covers and _is_neutral(char):
        return current  # spaces, digits and punctuation stay in the face around them
    found = _registered()[0].get(code)
    if found is not None or code < 0x0370:
        return found
    for reserve in _reserves(code, han_first):
        face = reserve_face(reserve)
        if code in face.covers:
            return face
    return None


def _is_neutral(char: str) -> bool:
    return unicodedata.bidirectional(char) not in ("L", "R", "AL")


def extends_cluster(char: str) -> bool:
    """Whether ``char`` belongs to the character before it: a mark, a joiner, a variation
    selector or an emoji skin tone."""
    return (
        char in JOINERS
        or bool(unicodedata.combining(char))
        or unicodedata.category(char) in ("Mn", "Mc", "Me")
        or "\ufe00" <= char <= "\ufe0f"
        or "\U0001f3fb" <= char <= "\U0001f3ff"
    )


@cache
def _registered() -> tuple[dict[int, Face], dict[Face, re.Pattern[str]]]:
    """For each code point a registered face has, the first face that has it; and for each
    registered face, the characters that stay in it once it is drawing, as a pattern, so that
    a run of them is found in one match rather than a character at a time.

    A character stays in the face drawing the text before it when that face has it and it is
    a space, digit or punctuation, a mark or joiner, or a letter no face before it has.
    """
    first: dict[int, Face] = {}
    for face in reversed(faces()):
        first.update(dict.fromkeys(face.covers, face))
    stays: dict[Face, re.Pattern[str]] = {}
    for face in faces():
        kept = [
            code
            for code in sorted(face.covers)
            if first[code] is face or _is_neutral(chr(code)) or extends_cluster(chr(code))
        ]
        stays[face] = re.compile(f"[{_ranges(kept)}]+")
    return first, stays


def _ranges(codes: Sequence[int]) -> str:
    """Sorted code points as the inside of a regular expression's character class."""
    parts: list[str] = []
    start = previous = None
    for code in [*codes, None]:
        if previous is not None and code == previous + 1:
            previous = code
            continue
        if start is not None and previous is not None:
            low, high = re.escape(chr(start)), re.escape(chr(previous))
            parts.append(low if start == previous else f"{low}-{high}")
        start = previous = code
    return "".join(parts)


def faces_of(text: str) -> list[tuple[str, Face | None]]:
    """Each character of ``text`` that is drawn, with the face that draws it (None: no face
    has it). A mark or joiner the face of its letter lacks adds nothing visible: left out."""
    han_first = _han_first(text)
    stays = _registered()[1]
    found: list[tuple[str, Face | None]] = []
    face: Face | None = first_face()
    decided: dict[tuple[str, Face | None], Face | None] = {}  # (char, face before): its face
    at = 0
    while at < len(text):
        run = stays[face].match(text, at) if face in stays else None
        if run is not None:  # the face has them and keeps them: one match for the run
            found += zip(run.group(), repeat(face))
            at = run.end()
            continue
        char = text[at]
        at += 1
        if found and extends_cluster(char) and not char.isspace():
            if face is None or ord(char) in face.covers:
                found.append((char, face))
            continue
        key = (char, face)
        if key not in decided:
            decided[key] = _face_for(char, face, han_first)
        face = decided[key]
        found.append((char, face))
    # Punctuation and digits just before a word take its face where it has them: "(محمد)"
    # is one Arabic word, not a bracket in Fira Sans and then a word.
    for i in range(len(found) - 2, -1, -1):
        char, face = found[i]
        after = found[i + 1][1]
        if (
            after is not None
            and after is not face
            and _is_neutral(char)
            and not char.isspace()
            and not found[i + 1][0].isspace()
            and ord(char) in after.covers
            and not extends_cluster(char)  # a mark stays with its letter
        ):
            found[i] = (char, after)
    return found


def runs(text: str) -> list[Run]:
    """``text`` split into runs of one face each; combining marks stay with their letter."""
    found: list[Run] = []
    for char, face in faces_of(text):
        if found and found[-1].face is face:
            found[-1] = Run(found[-1].text + char, face)
        else:
            found.append(Run(char, face))
    return found


def can_draw_plainly(text: str) -> bool:
    """Whether Fira Sans alone draws ``text`` as it is: no markup, shaping or reordering."""
    if text.isascii():
        return text.isprintable()
    return _registered()[1][first_face()].fullmatch(text) is not None


def can_draw(text: str) -> bool:
    """Whether every character of ``text`` is in one of the note's faces."""
    if can_draw_plainly(text.replace("\n", " ")):
        return True
    return all(face is not None for _char, face in faces_of(text.replace("\n", " ")))


def stand_in(text: str, placeholder: str) -> str:
    """What is printed for characters no face has: a symbol or emoji by its Unicode name in
    brackets ("[GRINNING FACE]"), anything else as ``placeholder`` in brackets, once a run."""
    shown: list[str] = []
    for cluster in clusters(text):
        base = cluster[0]
        name = unicodedata.name(base, "")
        if name and unicodedata.category(base) in ("So", "Sm", "Sc", "Sk"):
            shown.append(f"[{name}]")
        elif not shown or not shown[-1].startswith("[" + placeholder):
            shown.append(f"[{placeholder}]")
    return "".join(shown)


def clusters(text: str) -> list[str]:
    """``text`` in the pieces drawn as one: a character with the marks and joiners after it,
    and (after a zero width joiner) the character it joins."""
    found: list[str] = []
    for char in text:
        if found and (extends_cluster(char) or found[-1].endswith("\u200d")):
            found[-1] += char
        else:
            found.append(char)
    return found


# -- the bidirectional algorithm --
