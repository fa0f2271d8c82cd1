"""Text in any script the note's fonts can draw, as paragraph markup.

Which face draws each character is :mod:`cserq.note.runs`'s job (Fira Sans first, then the
faces in ``cserq.note.fonts``: Arabic script, Devanagari, Bengali, and, loaded when first needed,
Tamil, Gurmukhi, Hebrew, Chinese, Japanese, Korean, emoji and more). Complex scripts are shaped
with HarfBuzz (ReportLab does this when ``uharfbuzz`` is installed).

Text is broken into lines here, in reading order, and each line is then put in the order it is
drawn by the Unicode Bidirectional Algorithm (python-bidi, which wraps the Rust crate
``unicode-bidi``): ReportLab itself leaves that to a library that is not on PyPI, and it must
happen after the lines are broken, or an Arabic paragraph's first line would show its end.
What no face can draw becomes a visible stand-in, never an empty box.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

import uharfbuzz
from bidi import get_display
from bidi.mirror import MIRRORED
from reportlab.lib.abag import ABag
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import shapeFragWord

from cserq.note.fonts import FAMILY, HANGUL, Face
from cserq.note.runs import (
    can_draw_plainly,
    clusters,
    extends_cluster,
    faces_of,
    first_face,
    in_ranges,
    stand_in,
)

RTL_CLASSES = frozenset({"R", "AL"})
_REORDERED = RTL_CLASSES | {"AN"}
_MARGIN = 0.97
"""Lines are broken a little short of the width, so ReportLab never breaks them again."""


@dataclass(frozen=True)
class Markup:
    xml: str
    """Paragraph markup: escaped text, ``<font>`` runs and ``<br/>`` line breaks."""
    shaped: bool
    """Some of it is in a face that needs shaping (Arabic or Indic script)."""
    right_to_left: bool
    """Its first strong character is right-to-left, so its lines align right."""


# -- which face draws each character --


_LEVEL = re.compile(r"Level\(\s*(\d+),?\s*\)")


def levels(text: str, base: str) -> list[int]:
    """The embedding level of each character of one paragraph (no line breaks) by the
    Unicode Bidirectional Algorithm: even left to right, odd right to left.

    python-bidi gives the levels only in its debug report, one per byte of UTF-8; the report
    quotes the text escaped, so the line that starts the levels cannot occur inside it.
    """
    report = str(get_display(text, base_dir=base, debug=True))
    start = report.index("\n    levels: [")
    end = report.index("\n    paragraphs: [", start)
    per_byte = [int(level) for level in _LEVEL.findall(report, start, end)]
    found = []
    offset = 0
    for char in text:
        found.append(per_byte[offset])
        offset += len(char.encode())
    if offset != len(per_byte):
        raise RuntimeError("python-bidi's report no longer has a level per byte")
    return found


def visual_order(line_levels: Sequence[int]) -> list[int]:
    """The indices of one line's characters in the order they are drawn, left to right
    (rule L2): from the highest level down to the lowest odd one, each run of characters at
    that level or above is reversed. The line has no trailing spaces (rule L1)."""
    order = list(range(len(line_levels)))
    if not order:
        return order
    highest = max(line_levels)
    lowest_odd = min((lv for lv in line_levels if lv % 2), default=highest + 1)
    for level in range(highest, lowest_odd - 1, -1):
        i = 0
        while i < len(order):
            if line_levels[order[i]] >= level:
                j = i
                while j < len(order) and line_levels[order[j]] >= level:
                    j += 1
                order[i:j] = order[i:j][::-1]
                i = j
            else:
                i += 1
    return order


def _mirror_reversed(text: str) -> str:
    """``text`` drawn right to left: its clusters reversed, brackets and the like mirrored."""
    return "".join(MIRRORED.get(c[0], c[0]) + c[1:] for c in reversed(clusters(text)))


@functools.cache
def _harfbuzz_backward(char: str) -> bool | None:
    """Whether HarfBuzz lays out text that starts with ``char`` right to left, as ReportLab
    asks it to guess; None where the character's script does not decide (digits, spaces)."""
    buffer = uharfbuzz.Buffer()
    buffer.add_str(char)
    buffer.guess_segment_properties()
    if buffer.script in (None, "Zyyy", "Zinh", "Zzzz"):
        return None
    return bool(buffer.direction == "rtl")


def _for_harfbuzz(pieces: Sequence[tuple[str, int]], shaped: bool) -> str:
    """One word of one face, as it must reach ReportLab so that it is drawn in ``pieces``'
    order (left to right), each piece a run of one level in reading order.

    ReportLab draws an unshaped word as it is, and gives a shaped one to HarfBuzz, which lays
    it out right to left (reversed and mirrored) when its first character of a script that
    has a direction is right to left, as Arabic-Indic digits are. A piece that must run the
    other way is turned round here, so that HarfBuzz turns it back.
    """
    text = "".join(piece for piece, _level in pieces)
    backward = shaped and next((b for b in map(_harfbuzz_backward, text) if b is not None), False)
    if not backward:
        return "".join(_mirror_reversed(p) if lv % 2 else p for p, lv in pieces)
    return "".join(p if lv % 2 else _mirror_reversed(p) for p, lv in reversed(pieces))


# -- breaking into lines --


@functools.lru_cache(maxsize=4096)
def _width(text: str, font: str, size: float, shaped: bool) -> float:
    """The width ReportLab gives ``text`` in ``font``: where it is shaped, by ReportLab's own
    shaping, not HarfBuzz's advances alone.

    ReportLab keeps a word as typed, and measures it character by character, when the glyphs
    HarfBuzz gives are its characters' own from the start, even if HarfBuzz gives fewer: for
    "0👍🏽" Noto Emoji gives the digit and the thumb (the skin tone joins the thumb), and
    ReportLab draws all three, the skin tone as a swatch of its own, half as wide again.
    """
    plain = float(stringWidth(text, font, size))
    if not shaped or not getattr(pdfmetrics.getFont(font), "shapable", False):
        return plain
    word = shapeFragWord([plain, (ABag(fontName=font, fontSize=size), text)])
    return float(word[0])


def forget_words() -> None:
    """Drop the widths measured, which are keyed by the words of a case's text: a note's
    measures serve that note, and no word of one case is kept for the next."""
    _width.cache_clear()


_WIDE = ((0x2E80, 0x9FFF), (0xF900, 0xFAFF), (0xFF00, 0xFF60), (0x20000, 0x3FFFF))
"""Chinese and Japanese, which are written without spaces: a line may break between any two
of these characters."""


def _breaks_around(char: str) -> bool:
    return in_ranges(ord(char), _WIDE) and not in_ranges(ord(char), HANGUL)


@dataclass
class _Paragraph:
    """One paragraph (a line as typed), each character with its face and level."""

    chars: list[tuple[str, Face | None]]
    levels: list[int]
    font: str
    size: float
    shaped: bool
    placeholder: str

    def width(self, start: int, end: int) -> float:
        """The width of the line ``start`` to ``end`` as ReportLab measures it: its words as
        they are drawn, in drawing order, which can shape a word differently ("0👍🏽", not
        "👍🏽0", is measured by its characters), and a space between them."""
        words = self.faces_of(start, end)
        drawn = sum(self._run_width(text, face) for word in words for text, face in word)
        return drawn + max(0, len(words) - 1) * _width(" ", self.font, self.size, False)

    def _run_width(self, text: str, face: Face | None) -> float:
        # In a shaped paragraph ReportLab shapes every word, Fira Sans' and stand-ins too.
        if face is None:
            return _width(stand_in(text, self.placeholder), self.font, self.size, self.shaped)
        name = self.font if face is first_face() else face.name
        return _width(text, name, self.size, self.shaped)

    def lines(self, width: float) -> Iterator[tuple[int, int]]:
        """The paragraph broken into lines no wider than ``width``, as index ranges: at
        spaces, between Chinese or Japanese characters, or within a word longer than a line."""
        n = len(self.chars)
        start = 0
        while start < n:
            while start < n and self.chars[start][0].isspace():
                start += 1
            if start == n:
                return
            end = self._fit(start, width)
            yield start, end
            start = end

    def _fit(self, start: int, width: float) -> int:
        """Where the line from ``start`` ends: at the last place it may break where it is no
        wider than ``width``, or within a first word wider than that. (A line is measured
        whole, as it is drawn, so only where it may end.)"""
        best = None
        for end in self._cluster_ends(start):
            if not self._may_break_at(end):
                continue
            if self.width(start, end) > width:
                return best if best is not None else self._within_word(start, width)
            best = end
        return len(self.chars)

    def _within_word(self, start: int, width: float) -> int:
        """Where a word wider than ``width`` from ``start`` is broken: after the last cluster
        that fits, or after its first if none does."""
        fits = None
        for end in self._cluster_ends(start):
            if self.width(start, end) > width:
                return fits if fits is not None else end
            fits = end
        return len(self.chars)

    def _cluster_ends(self, start: int) -> Iterator[int]:
        n = len(self.chars)
        end = start
        while end < n:
            end += 1
            while end < n and (
                extends_cluster(self.chars[end][0]) or self.chars[end - 1][0] == "\u200d"
            ):
                end += 1  # a cluster is never broken
            yield end

    def _may_break_at(self, end: int) -> bool:
        """Whether a line may end at ``end``: at a space, or beside Chinese or Japanese."""
        if end == len(self.chars):
            return True
        return (
            self.chars[end][0].isspace()
            or _breaks_around(self.chars[end - 1][0])
            or _breaks_around(self.chars[end][0])
        )

    def faces_of(self, start: int, end: int) -> list[list[tuple[str, Face | None]]]:
        """One line as ReportLab words, left to right: each word in one face, given to
        ReportLab so that it draws it in the order the bidirectional algorithm puts it."""
        while end > start and self.chars[end - 1][0].isspace():
            end -= 1
        line_levels = list(self.levels[start:end])
        order = visual_order(line_levels)
        words: list[list[tuple[str, Face | None]]] = []
        # Visual pieces: runs of one face and one level, between spaces.
        pieces: list[tuple[str, Face | None, int, bool]] = []  # text, face, level, space before
        space = False
        for k in order:
            char, face = self.chars[start + k]
            level = line_levels[k]
            if char.isspace():
                space = True
                continue
            last = pieces[-1] if pieces else None
            if last and not space and last[1] is face and last[2] == level:
                # within a run at an odd level, visual order is reading order reversed
                text = char + last[0] if level % 2 else last[0] + char
                pieces[-1] = (text, face, level, last[3])
            else:
                pieces.append((char, face, level, space))
            space = False
        word: list[tuple[Face | None, list[tuple[str, int]]]] = []
        for text, face, level, space_before in pieces:
            # ReportLab shapes a whole word in the face of its first run, which draws the
            # wrong glyphs (or fails) for the rest, so a word in two faces becomes two words.
            if word and (space_before or (self.shaped and face is not word[-1][0])):
                words.append([(_for_harfbuzz(p, self.shaped), f) for f, p in word])
                word = []
            if word and word[-1][0] is face:
                word[-1][1].append((text, level))
            else:
                word.append((face, [(text, level)]))
        if word:
            words.append([(_for_harfbuzz(p, self.shaped), f) for f, p in word])
        return words


def _run_xml(text: str, face: Face | None, placeholder: str) -> str:
    if face is None:
        return escape(stand_in(text, placeholder))
    if face is first_face():
        return escape(text)
    return f'<font name="{face.name}">{escape(text)}</font>'


def direction(text: str) -> str:
    """ "R" where the first strong character of ``text`` reads right to left, else "L": as a
    browser sets the direction of an element marked ``dir="auto"``, over all its lines."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in RTL_CLASSES:
            return "R"
        if kind == "L":
            return "L"
    return "L"


def to_markup(
    text: str,
    *,
    placeholder: str,
    width: float,
    size: float,
    font: str = FAMILY,
) -> Markup:
    """Markup that draws ``text`` in the faces that have each character.

    ``width``, ``size`` and ``font`` are the paragraph's: lines are broken here, in reading
    order, before each is put in the order it is drawn. ``placeholder`` names what stands for
    undrawable text.
    """
    if can_draw_plainly(text.replace("\n", "")):
        return Markup(escape(text).replace("\n", "<br/>"), False, False)
    base = direction(text)
    base_level = 1 if base == "R" else 0
    drawn = [faces_of(_spaces(line)) for line in text.split("\n")]
    shaped = any(face is not None and face.shaped for line in drawn for _c, face in line)
    # Arabic-Indic digits (class AN) are reordered too, even with no Arabic letter about.
    rtl = any(unicodedata.bidirectional(c) in _REORDERED for c in text)
    out: list[str] = []
    for chars in drawn:
        kept = "".join(c for c, _f in chars)
        line_levels = levels(kept, base) if rtl else [base_level] * len(kept)
        paragraph = _Paragraph(chars, line_levels, font, size, shaped, placeholder)
        lines = list(paragraph.lines(width * _MARGIN)) or [(0, 0)]
        for start, end in lines:
            words = paragraph.faces_of(start, end)
            out.append(
                " ".join("".join(_run_xml(t, f, placeholder) for t, f in word) for word in words)
            )
    return Markup("<br/>".join(out), shaped, base == "R")


def _spaces(line: str) -> str:
    """Every space ReportLab breaks a line at, as a plain space (a no-break space stays)."""
    return "".join(" " if c.isspace() and c != "\xa0" else c for c in line)
