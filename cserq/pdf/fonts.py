"""The note's typeface: Fira Sans (OFL-1.1, from the fontpkg-fira-sans package), embedded.

ReportLab's standard fonts have no ŵ or ŷ and are not embedded, so the note uses only these.
Registration reads the font files once per process.
"""

from __future__ import annotations

from functools import cache

import fontpkg_fira_sans
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


@cache
def register_fonts() -> str:
    """Register the family with ReportLab (once) and return the name of its regular face."""
    for name, file in _FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(fontpkg_fira_sans.ROOT / "files" / file)))
    addMapping(FAMILY, 0, 0, FAMILY)
    addMapping(FAMILY, 1, 0, f"{FAMILY}-Bold")
    addMapping(FAMILY, 0, 1, f"{FAMILY}-Italic")
    addMapping(FAMILY, 1, 1, f"{FAMILY}-BoldItalic")
    return FAMILY
