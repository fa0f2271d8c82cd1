"""The note's typefaces, embedded: Fira Sans, and faces for scripts it does not have.

ReportLab's standard fonts have no ŵ or ŷ and are not embedded, so the note uses only these,
each from a pip package (all OFL-1.1). Registration reads the font files once per process.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import fontpkg_fira_sans
import fontpkg_hind_siliguri
import fontpkg_noto_sans_arabic
import fontpkg_noto_sans_devanagari
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FAMILY = "FiraSans"
_FILES = {
    FAMILY: "FiraSans-Regular.ttf",
    f"{FAMILY}-Bold": "FiraSans-Bold.ttf",
    f"{FAMILY}-Italic": "FiraSans-Italic.ttf",
    f"{FAMILY}-BoldItalic": "FiraSans-BoldItalic.ttf",
}

# Faces for text the practitioner types in other scripts, in the order they are tried after
# Fira Sans. Each is one regular face, also used where the note would use bold.
_FALLBACKS = (
    ("NotoSansArabic", fontpkg_noto_sans_arabic.ROOT / "files" / "NotoSansArabic[wdth,wght].ttf"),
    (
        "NotoSansDevanagari",
        fontpkg_noto_sans_devanagari.ROOT / "files" / "NotoSansDevanagari[wdth,wght].ttf",
    ),
    ("HindSiliguri", fontpkg_hind_siliguri.ROOT / "files" / "HindSiliguri-Regular.ttf"),
)


@dataclass(frozen=True, eq=False)
class Face:
    name: str
    covers: frozenset[int]
    """The code points the face has a glyph for."""
    shaped: bool
    """Its script needs shaping (joining, conjuncts), so paragraphs using it turn shaping on."""


def _register(name: str, path: Path) -> TTFont:
    font = TTFont(name, str(path))
    pdfmetrics.registerFont(font)
    return font


@cache
def register_fonts() -> str:
    """Register the family with ReportLab (once) and return the name of its regular face."""
    for name, file in _FILES.items():
        _register(name, fontpkg_fira_sans.ROOT / "files" / file)
    addMapping(FAMILY, 0, 0, FAMILY)
    addMapping(FAMILY, 1, 0, f"{FAMILY}-Bold")
    addMapping(FAMILY, 0, 1, f"{FAMILY}-Italic")
    addMapping(FAMILY, 1, 1, f"{FAMILY}-BoldItalic")
    return FAMILY


@cache
def faces() -> tuple[Face, ...]:
    """Every face the note draws with, Fira Sans first, each registered (once)."""
    register_fonts()
    found = [Face(FAMILY, _covers(pdfmetrics.getFont(FAMILY)), shaped=False)]
    for name, path in _FALLBACKS:
        font = _register(name, path)
        for bold in (0, 1):
            for italic in (0, 1):
                addMapping(name, bold, italic, name)
        found.append(Face(name, _covers(font), shaped=True))
    for face in (*_FILES, *(name for name, _path in _FALLBACKS)):
        # ReportLab maps a shaped glyph with no character of its own (a ligature, a conjunct)
        # through a table it creates only once the font has made a HarfBuzz font; without it,
        # such a glyph in a font other than the paragraph's fails the whole note.
        registered = pdfmetrics.getFont(face)
        if isinstance(registered, TTFont) and registered.shapable:
            registered.hbFont()
    return tuple(found)


def _covers(font: object) -> frozenset[int]:
    # Control characters map to a blank glyph in some faces; they are never drawn.
    return frozenset(c for c in font.face.charToGlyph if c >= 0x20)  # type: ignore[attr-defined]
