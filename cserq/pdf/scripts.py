"""Text in any script the note's fonts can draw, as paragraph markup.

Each character is drawn by the first of the note's faces that has it (Fira Sans for Latin, Greek
and Cyrillic; Noto Sans Arabic for Arabic, Urdu, Persian, Pashto and Kurdish in Arabic script;
Noto Sans Devanagari for Hindi, Marathi and Nepali; Hind Siliguri for Bengali and Assamese).
Complex scripts are shaped with HarfBuzz (ReportLab does this when ``uharfbuzz`` is installed).
Right-to-left text is put in reading order here, a line at a time, because ReportLab leaves that
to a library that is not on PyPI. What no face can draw (Chinese, emoji, Gurmukhi, ...) becomes
a visible placeholder, never an empty box.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.pdfbase.pdfmetrics import stringWidth

from cserq.pdf.fonts import Face, faces
from cserq.text import JOINERS

RTL_CLASSES = frozenset({"R", "AL"})


@dataclass(frozen=True)
class Run:
    """Characters drawn in one face, or (``face`` None) characters no face can draw."""

    text: str
    face: Face | None


@dataclass(frozen=True)
class Markup:
    xml: str
    """Paragraph markup: escaped text, ``<font>`` runs and ``<br/>`` line breaks."""
    shaped: bool
    """Some of it is in a face that needs shaping (Arabic or Indic script)."""
    right_to_left: bool
    """Its first strong character is right-to-left, so its lines align right."""


def _first() -> Face:
    return faces()[0]


def _face_for(char: str, current: Face | None) -> Face | None:
    code = ord(char)
    if current is not None and code in current.covers and _is_neutral(char):
        return current  # spaces, digits and punctuation stay in the face around them
    return next((face for face in faces() if code in face.covers), None)


def _is_neutral(char: str) -> bool:
    return unicodedata.bidirectional(char) not in ("L", "R", "AL")


def runs(text: str) -> list[Run]:
    """``text`` split into runs of one face each; combining marks stay with their letter."""
    found: list[Run] = []
    face: Face | None = _first()
    chunk = ""
    for char in text:
        if char in JOINERS or (unicodedata.combining(char) and chunk):
            if face is None or ord(char) in face.covers:
                chunk += char
            continue  # a mark or joiner the face lacks adds nothing visible: leave it out
        chosen = _face_for(char, face)
        if chosen is not face and chunk:
            found.append(Run(chunk, face))
            chunk = ""
        face = chosen
        chunk += char
    if chunk:
        found.append(Run(chunk, face))
    return found


def word_runs(word: str) -> list[Run]:
    """The runs of one word, with its spaces-free punctuation and digits drawn in the face of
    the letters beside them where that face has them: "(محمد)" is one Arabic run."""
    found = runs(word)
    merged: list[Run] = []
    for i, run in enumerate(found):
        neutral = run.face is not None and all(map(_is_neutral, run.text))
        after = found[i + 1].face if i + 1 < len(found) else None
        if neutral and after is not None and all(ord(c) in after.covers for c in run.text):
            run = Run(run.text, after)
        if merged and merged[-1].face is run.face:
            merged[-1] = Run(merged[-1].text + run.text, run.face)
        else:
            merged.append(run)
    return merged


def can_draw_plainly(text: str) -> bool:
    """Whether Fira Sans alone draws ``text`` as it is: no markup, shaping or reordering."""
    if text.isascii():
        return text.isprintable()
    covers = _first().covers
    return all(ord(char) in covers for char in text)


def can_draw(text: str) -> bool:
    """Whether every character of ``text`` is in one of the note's faces."""
    if text.isascii():
        return True
    return all(run.face is not None for run in runs(text.replace("\n", " ")))


def _direction(word: str) -> str | None:
    """ "R" or "L" from the word's first strong character, or None (digits, punctuation)."""
    for char in word:
        kind = unicodedata.bidirectional(char)
        if kind in RTL_CLASSES:
            return "R"
        if kind == "L":
            return "L"
    return None


def reading_order(words: Sequence[str], base: str) -> list[str]:
    """One line's words, left to right as they are drawn (the bidi algorithm, by whole words).

    Each word keeps its characters in logical order: HarfBuzz lays out a right-to-left word
    itself. A run of words with no strong direction takes its neighbours' direction when both
    agree, else the paragraph's.
    """
    directions = [_direction(w) for w in words]
    for i, direction in enumerate(directions):
        if direction is None:
            before = next((d for d in reversed(directions[:i]) if d), base)
            after = next((d for d in directions[i + 1 :] if d), base)
            directions[i] = before if before == after else base
    groups: list[tuple[str, list[str]]] = []
    for word, direction in zip(words, directions, strict=True):
        if groups and groups[-1][0] == direction:
            groups[-1][1].append(word)
        else:
            groups.append((direction or base, [word]))
    ordered = [(d, ws[::-1] if d == "R" else ws) for d, ws in groups]
    if base == "R":
        ordered.reverse()
    return [word for _direction_, ws in ordered for word in ws]


def _word_width(word: str, size: float) -> float:
    return sum(stringWidth(run.text, (run.face or _first()).name, size) for run in runs(word))


def _wrap(words: Sequence[str], width: float, size: float) -> Iterator[list[str]]:
    """Lines of whole words no wider than ``width`` (a longer word gets a line of its own)."""
    space = stringWidth(" ", _first().name, size)
    line: list[str] = []
    used = 0.0
    for word in words:
        wide = _word_width(word, size)
        if line and used + space + wide > width:
            yield line
            line, used = [], 0.0
        used += (space if line else 0) + wide
        line.append(word)
    yield line


def _run_xml(run: Run, placeholder: str) -> str:
    if run.face is None:
        return f"[{escape(placeholder)}]"
    if run.face is _first():
        return escape(run.text)
    return f'<font name="{run.face.name}">{escape(run.text)}</font>'


def to_markup(
    text: str,
    *,
    placeholder: str,
    width: float,
    size: float,
) -> Markup:
    """Markup that draws ``text`` in the faces that have each character.

    ``width`` and ``size`` are the paragraph's, used to break right-to-left lines before
    they are put in reading order. ``placeholder`` names what stands for undrawable text.
    """
    if can_draw_plainly(text.replace("\n", "")):
        return Markup(escape(text).replace("\n", "<br/>"), False, False)
    lines = text.split("\n")
    base = next((d for d in map(_direction, text.split()) if d), "L")
    has_rtl = any(unicodedata.bidirectional(c) in RTL_CLASSES for c in text)
    drawn: list[str] = []
    shaped = False
    for line in lines:
        if has_rtl:
            pieces = [
                " ".join(reading_order(words, base))
                for words in _wrap(line.split(), width * 0.97, size)
            ]
        else:
            pieces = [line]
        for piece in pieces:
            words = []
            for word in piece.split(" "):
                found = word_runs(word)
                shaped = shaped or any(run.face is not None and run.face.shaped for run in found)
                # ReportLab shapes a whole word in the face of its first run, which draws the
                # wrong glyphs (or fails) for the rest, so a word in two faces becomes two words.
                words.append(" ".join(_run_xml(run, placeholder) for run in found))
            drawn.append(" ".join(words))
    return Markup("<br/>".join(drawn), shaped, base == "R")
