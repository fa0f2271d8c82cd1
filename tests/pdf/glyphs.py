"""The glyphs a PDF draws, read back with their positions (pdfminer.six), as a reader sees
them: each line left to right, and in the order a reader can compare whatever the shaping."""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Iterable, Iterator, Sequence

from bidi.mirror import MIRRORED
from pdfminer.high_level import extract_pages
from pdfminer.layout import LTChar

from cserq.note.scripts import direction, levels, visual_order


def _chars(item: object) -> Iterator[LTChar]:
    if isinstance(item, LTChar):
        yield item
    elif isinstance(item, Iterable):
        for child in item:
            yield from _chars(child)


def drawn_lines(pdf: bytes) -> list[str]:
    """Every line of every page, its glyphs ordered by where they are drawn, left to right.

    Each glyph is the text its font's ToUnicode map gives it: a shaped Arabic letter comes
    back as a presentation form, a mark or ligature part sometimes as a private-use character.
    """
    found = []
    for page in extract_pages(io.BytesIO(pdf)):
        rows: list[tuple[float, list[LTChar]]] = []
        for char in sorted(_chars(page), key=lambda c: -c.matrix[5]):
            baseline = char.matrix[5]
            if rows and abs(rows[-1][0] - baseline) < 3:
                rows[-1][1].append(char)
            else:
                rows.append((baseline, [char]))
        for _baseline, chars in rows:
            found.append("".join(c.get_text() for c in sorted(chars, key=lambda c: c.x0)))
    return found


def skeleton(text: str) -> str:
    """What can be compared of a line drawn left to right, whatever the font did to it:
    digits (of any script, as their value), Latin letters, brackets and punctuation, in order,
    and each run of right-to-left letters as one "◆" (a shaped Arabic letter may come back as
    parts in the private use area, which ReportLab names glyphs with no character by).
    Spaces are dropped, since a word in two faces is drawn as two words."""
    shown = []
    for char in unicodedata.normalize("NFKC", text):
        kind = unicodedata.bidirectional(char)
        if unicodedata.category(char) == "Nd":
            shown.append(str(unicodedata.digit(char)))
        elif (kind in ("R", "AL") and unicodedata.category(char).startswith("L")) or (
            "\ue000" <= char <= "\uf8ff"  # ReportLab's name for a shaped glyph with no letter
        ):
            if not shown or shown[-1] != "◆":
                shown.append("◆")
        elif char.isascii() and char.isprintable() and not char.isspace():
            shown.append(char)
    return "".join(shown)


def expected_visual(line: str, base: str | None = None) -> str:
    """``line`` in the order the Unicode Bidirectional Algorithm draws it (python-bidi's
    levels), with brackets at right-to-left levels mirrored, as HarfBuzz and a browser draw
    them."""
    base = base or direction(line)
    found = levels(line, base)
    return "".join(
        MIRRORED.get(line[i], line[i]) if found[i] % 2 else line[i] for i in visual_order(found)
    )


def lines_with(lines: Sequence[str], *needles: str) -> list[str]:
    return [line for line in lines if any(n in skeleton(line) for n in needles)]
