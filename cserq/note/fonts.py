"""The note's typefaces, embedded: Fira Sans, and faces for scripts it does not have.

ReportLab's standard fonts have no ŵ or ŷ and are not embedded, so the note uses only these,
each from a pip package (all OFL-1.1). Registration reads the font files once per process.

Fira Sans and the faces for Arabic script, Devanagari and Bengali are registered with the
family. Every other face (Tamil, Gurmukhi, Hebrew, Chinese, Japanese, Korean, emoji and more)
waits until a note holds a character in its Unicode ranges, so a note in Welsh or English costs
no more memory or time than before. Those ranges are decided here, without opening the file.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Callable
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


def _map_every_style(name: str) -> None:
    for bold in (0, 1):
        for italic in (0, 1):
            addMapping(name, bold, italic, name)


def _ready_for_shaping(font: TTFont) -> None:
    # ReportLab maps a shaped glyph with no character of its own (a ligature, a conjunct)
    # through a table it creates only once the font has made a HarfBuzz font; without it,
    # such a glyph in a font other than the paragraph's fails the whole note.
    if font.shapable:
        font.hbFont()


@cache
def faces() -> tuple[Face, ...]:
    """Every face registered with the family, Fira Sans first, each registered (once)."""
    register_fonts()
    found = [Face(FAMILY, _covers(pdfmetrics.getFont(FAMILY)), shaped=False)]
    for name, path in _FALLBACKS:
        font = _register(name, path)
        _map_every_style(name)
        found.append(Face(name, _covers(font), shaped=True))
    for face in (*_FILES, *(name for name, _path in _FALLBACKS)):
        registered = pdfmetrics.getFont(face)
        if isinstance(registered, TTFont):
            _ready_for_shaping(registered)
    return tuple(found)


def _covers(font: object) -> frozenset[int]:
    # Control characters map to a blank glyph in some faces; they are never drawn.
    return frozenset(c for c in font.face.charToGlyph if c >= 0x20)  # type: ignore[attr-defined]


# -- faces loaded when a note first needs them --


def _manimgx(file: str) -> Callable[[], Path]:
    def path() -> Path:
        import manimgx_fonts

        return Path(manimgx_fonts.__file__).parent / file

    return path


def _tamil() -> Path:
    import fontpkg_noto_sans_tamil

    return Path(fontpkg_noto_sans_tamil.ROOT) / "files" / "NotoSansTamil[wdth,wght].ttf"


def _cjk(folder: str, file: str) -> Callable[[], Path]:
    def path() -> Path:
        import justmytype_intl_cjk

        return Path(justmytype_intl_cjk.__file__).parent / "fonts" / "ofl" / folder / file

    return path


@dataclass(frozen=True)
class Reserve:
    """A face registered only when a note first holds a character it claims."""

    name: str
    claims: tuple[tuple[int, int], ...]
    """Inclusive ranges of code points (Unicode blocks) the face is tried for."""
    path: Callable[[], Path]
    shaped: bool
    regular: int | None = None
    """The weight to pin a variable font at, where its default instance is not Regular."""

    def claims_code(self, code: int) -> bool:
        return any(low <= code <= high for low, high in self.claims)


HAN = (
    (0x2E80, 0x2FDF),  # radicals
    (0x3000, 0x303F),  # CJK punctuation
    (0x3100, 0x312F),  # Bopomofo
    (0x31A0, 0x31BF),
    (0x31C0, 0x31EF),  # strokes
    (0x3200, 0x33FF),  # enclosed letters, compatibility
    (0x3400, 0x4DBF),  # extension A
    (0x4E00, 0x9FFF),  # unified ideographs
    (0xF900, 0xFAFF),  # compatibility ideographs
    (0xFE30, 0xFE4F),  # compatibility forms
    (0xFF00, 0xFFEF),  # full-width and half-width forms
    (0x20000, 0x3FFFF),  # extensions B onwards
)
KANA = ((0x3040, 0x30FF), (0x31F0, 0x31FF), (0xFF65, 0xFF9F), (0x1B000, 0x1B16F))
HANGUL = ((0x1100, 0x11FF), (0x3130, 0x318F), (0xA960, 0xA97F), (0xAC00, 0xD7FF))

RESERVES = (
    # Scripts of languages spoken in Wales and the UK, each a small face (under 600 kB).
    Reserve("NotoSansTamil", ((0x0B80, 0x0BFF), (0x11FC0, 0x11FFF)), _tamil, True),
    Reserve("NotoSansGurmukhi", ((0x0A00, 0x0A7F),), _manimgx("NotoSansGurmukhi[wght].ttf"), True),
    Reserve("NotoSansGujarati", ((0x0A80, 0x0AFF),), _manimgx("NotoSansGujarati[wght].ttf"), True),
    Reserve(
        "NotoSansHebrew",
        ((0x0590, 0x05FF), (0xFB1D, 0xFB4F)),
        _manimgx("NotoSansHebrew[wght].ttf"),
        False,  # unshaped, it shares a word with Fira Sans' brackets; pointing is rare
    ),
    Reserve(
        "NotoSansEthiopic",
        ((0x1200, 0x139F), (0x2D80, 0x2DDF), (0xAB00, 0xAB2F)),
        _manimgx("NotoSansEthiopic[wght].ttf"),
        True,
    ),
    Reserve(
        "NotoSansArmenian",
        ((0x0530, 0x058F), (0xFB13, 0xFB17)),
        _manimgx("NotoSansArmenian[wght].ttf"),
        True,
    ),
    Reserve(
        "NotoSansGeorgian",
        ((0x10A0, 0x10FF), (0x1C90, 0x1CBF), (0x2D00, 0x2D2F)),
        _manimgx("NotoSansGeorgian[wght].ttf"),
        True,
    ),
    Reserve("NotoSansOriya", ((0x0B00, 0x0B7F),), _manimgx("NotoSansOriya[wght].ttf"), True),
    Reserve("NotoSansTelugu", ((0x0C00, 0x0C7F),), _manimgx("NotoSansTelugu[wght].ttf"), True),
    Reserve("NotoSansKannada", ((0x0C80, 0x0CFF),), _manimgx("NotoSansKannada[wght].ttf"), True),
    Reserve(
        "NotoSansMalayalam", ((0x0D00, 0x0D7F),), _manimgx("NotoSansMalayalam[wght].ttf"), True
    ),
    Reserve("NotoSansSinhala", ((0x0D80, 0x0DFF),), _manimgx("NotoSansSinhala[wght].ttf"), True),
    Reserve("NotoSansThai", ((0x0E00, 0x0E7F),), _manimgx("NotoSansThai[wght].ttf"), True),
    Reserve("NotoSansLao", ((0x0E80, 0x0EFF),), _manimgx("NotoSansLao[wght].ttf"), True),
    Reserve("NotoSansMyanmar", ((0x1000, 0x109F),), _manimgx("NotoSansMyanmar[wght].ttf"), True),
    Reserve(
        "NotoSansKhmer",
        ((0x1780, 0x17FF), (0x19E0, 0x19FF)),
        _manimgx("NotoSansKhmer[wght].ttf"),
        True,
    ),
    # Chinese, Japanese and Korean: 10 to 18 MB each, with a Thin default instance.
    Reserve("NotoSansKR", HANGUL, _cjk("notosanskr", "NotoSansKR[wght].ttf"), False, 400),
    Reserve("NotoSansJP", KANA, _cjk("notosansjp", "NotoSansJP[wght].ttf"), False, 400),
    Reserve("NotoSansSC", HAN, _cjk("notosanssc", "NotoSansSC[wght].ttf"), False, 400),
    Reserve("NotoSansTC", HAN, _cjk("notosanstc", "NotoSansTC[wght].ttf"), False, 400),
    # Emoji and symbols, drawn in one colour.
    Reserve(
        "NotoEmoji",
        ((0x2000, 0x2BFF), (0x1F000, 0x1FAFF)),
        _manimgx("NotoEmoji[wght].ttf"),
        True,
    ),
)
"""Faces tried, in this order, for what the registered faces lack."""

_LOADING = threading.Lock()
_loaded: dict[str, Face] = {}


def loaded() -> frozenset[str]:
    """The names of the reserve faces this process has registered so far."""
    return frozenset(_loaded)


UNAVAILABLE: dict[str, str] = {}
"""Reserve faces that could not be loaded (a package missing or damaged), with why: their
characters are printed as stand-ins, and the outcome page names the fields, as for any
character no face has, rather than the note failing."""


def reserve_face(reserve: Reserve) -> Face:
    """The face, registered with ReportLab the first time it is asked for (once a process)."""
    face = _loaded.get(reserve.name)
    if face is not None:
        return face
    with _LOADING:
        face = _loaded.get(reserve.name)
        if face is None:
            faces()  # the family first: the reserve faces come after it
            try:
                face = _register_reserve(reserve)
            except Exception as error:  # any failure: the text is a stand-in
                UNAVAILABLE[reserve.name] = f"{type(error).__name__}: {error}"
                face = Face(reserve.name, frozenset(), reserve.shaped)
            _loaded[reserve.name] = face
    return face


def _register_reserve(reserve: Reserve) -> Face:
    font = TTFont(reserve.name, _font_file(reserve))
    # The PDF names the face as its file does; an instance keeps the file's default name
    # ("NotoSansSC-Thin"), and some Noto files name a Regular default "Light".
    font.face.name = f"{reserve.name}-Regular".encode()
    pdfmetrics.registerFont(font)
    _map_every_style(reserve.name)
    if reserve.shaped:
        _ready_for_shaping(font)
    return Face(reserve.name, _covers(font), reserve.shaped)


def _font_file(reserve: Reserve) -> io.BytesIO | str:
    """The font file, or for a variable font whose default is not Regular, a static Regular
    instance of it made in memory (never written to disk).

    HarfBuzz makes the instance (hb-subset, keeping every glyph) in about half a second for
    Noto Sans SC; fontTools' instancer makes the same outlines in about 45 seconds.
    """
    path = reserve.path()
    if reserve.regular is None:
        return str(path)
    import uharfbuzz

    face = uharfbuzz.Face(uharfbuzz.Blob.from_file_path(str(path)))
    plan = uharfbuzz.SubsetInput()
    plan.keep_everything()
    plan.pin_axis_location(face, "wght", reserve.regular)
    instance = uharfbuzz.subset(face, plan)
    if instance is None:
        raise RuntimeError(f"HarfBuzz could not make a Regular instance of {path.name}")
    file = io.BytesIO(bytes(instance.blob.data))
    file.name = f"{reserve.name}-Regular.ttf"  # ReportLab names the embedded file by it
    return file
