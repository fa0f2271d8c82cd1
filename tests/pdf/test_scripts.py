"""Tamil, Gurmukhi, Hebrew, Chinese, Japanese, Korean and emoji are drawn in a face that has
them, shaped where the script needs it, in Regular weight, and only loaded when a note has them.

Named in docs/safety/hazard-log.yaml (text lost or unreadable in the note).
"""

from __future__ import annotations

import datetime
import io
import subprocess
import sys
import unicodedata

import pytest
from fontTools import subset
from fontTools.ttLib import TTFont
from fontTools.varLib import instancer
from pdfminer.high_level import extract_pages
from pdfminer.layout import LTChar
from pypdf import PdfReader

from cserq.case.summary import CaseSummary
from cserq.note import fonts
from cserq.note.document import render_note
from cserq.note.sections import unprintable
from cserq.questionnaire.answers import answer_others
from cserq.questionnaire.model import Questionnaire
from tests.pdf.glyphs import _chars, drawn_lines

AT = datetime.datetime(2026, 11, 23, 9, 5, 7)


def note(questionnaire: Questionnaire, **child: str) -> tuple[CaseSummary, bytes]:
    answers: dict[str, object] = {"age": 14}
    answer_others(questionnaire, answers, "no")  # type: ignore[arg-type]
    case = CaseSummary(questionnaire, answers, child=child)  # type: ignore[arg-type]
    return case, render_note(case, generated_at=AT)


def faces_of(pdf: bytes) -> set[str]:
    reader = PdfReader(io.BytesIO(pdf))
    return {
        str(font.get_object()["/BaseFont"]).split("+")[-1]
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }


@pytest.mark.parametrize(
    ("text", "face"),
    [
        ("தமிழ்ச்செல்வி", "NotoSansTamil-Regular"),  # Tamil
        ("ਗੁਰਪ੍ਰੀਤ ਕੌਰ", "NotoSansGurmukhi-Regular"),  # Punjabi
        ("ગુજરાતી", "NotoSansGujarati-Regular"),  # Gujarati
        ("ትግርኛ", "NotoSansEthiopic-Regular"),  # Tigrinya
        ("דוד כהן", "NotoSansHebrew-Regular"),  # Hebrew
        ("王小明", "NotoSansSC-Regular"),  # Chinese, Simplified
        ("陳大文", "NotoSansSC-Regular"),  # Chinese, Traditional: Noto Sans SC has them
        ("坐𨋢", "NotoSansTC-Regular"),  # Cantonese (Hong Kong): what SC lacks, TC has
        ("さくら 桜", "NotoSansJP-Regular"),  # Japanese: its kanji in the Japanese face
        ("김민준", "NotoSansKR-Regular"),  # Korean
        ("😀👍", "NotoEmoji-Regular"),  # emoji
    ],
)
def test_the_script_is_drawn_in_its_face(cserq: Questionnaire, text: str, face: str) -> None:
    case, pdf = note(cserq, first_language=text)
    assert unprintable(case) == []
    assert face in faces_of(pdf)
    shown = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "cannot show" not in shown


def faces_along(pdf: bytes, first: str, last: str) -> list[tuple[str, str]]:
    """Each glyph drawn from the glyph ``first`` to the next ``last``, in reading order (the
    rows top down, each left to right), with the face that draws it."""
    glyphs: list[LTChar] = []
    for page in extract_pages(io.BytesIO(pdf)):
        glyphs += sorted(_chars(page), key=lambda c: (-round(c.matrix[5]), c.x0))
    start = next(i for i, g in enumerate(glyphs) if g.get_text() == first)
    end = next(i for i in range(start, len(glyphs)) if glyphs[i].get_text() == last)
    return [(g.get_text(), g.fontname.split("+")[-1]) for g in glyphs[start : end + 1]]


def test_a_run_of_mixed_scripts_draws_each_word_in_a_face_that_has_it(
    cserq: Questionnaire,
) -> None:
    """Welsh, Arabic (its brackets with it), Hindi, Chinese, an emoji and Latin again in one
    field: each word in its own face, the faces in the order typed, nothing left undrawn."""
    case, pdf = note(cserq, school="Ŵy ŷ (محمد) हिन्दी 王 😀 ok")  # one line of its cell
    assert unprintable(case) == []
    drawn = [(text, face) for text, face in faces_along(pdf, "Ŵ", "k") if text != " "]
    welsh = [face for text, face in drawn if text in "Ŵyŷok"]
    assert welsh == ["FiraSans-Regular"] * 5
    in_order = [face for i, (_text, face) in enumerate(drawn) if i == 0 or drawn[i - 1][1] != face]
    assert in_order == [
        "FiraSans-Regular",
        "NotoSansArabic-Regular",
        "NotoSansDevanagari-Regular",
        "NotoSansSC-Regular",
        "NotoEmoji-Regular",
        "FiraSans-Regular",
    ]


def test_chinese_and_japanese_come_back_as_typed(cserq: Questionnaire) -> None:
    _case, pdf = note(cserq, name="王小明", school="さくら小学校", first_language="한국어")
    lines = drawn_lines(pdf)
    assert any("王小明" in line for line in lines)
    assert any("さくら小学校" in line for line in lines)
    assert any("한국어" in line for line in lines)


@pytest.mark.parametrize(
    ("text", "drawn"),
    [
        # Tamil ko: its vowel sign is drawn in two parts, one each side of the consonant.
        ("கொ", "\u0bc6\u0b95\u0bbe"),
        # Punjabi ki: the vowel sign i is drawn before (left of) the consonant it follows.
        ("ਕਿ", "\u0a3f\u0a15"),
    ],
)
def test_tamil_and_gurmukhi_are_shaped(cserq: Questionnaire, text: str, drawn: str) -> None:
    _case, pdf = note(cserq, first_language=f"x {text} y")
    line = next(
        line for line in drawn_lines(pdf) if "x" in line and "y" in line and text[0] in line
    )
    assert drawn in unicodedata.normalize("NFC", line) or drawn in line, ascii(line)


def test_chinese_is_drawn_regular_not_thin() -> None:
    """The face's variable font defaults to Thin; the note draws the same outlines as
    fontTools' instancer makes at weight 400."""
    reserve = next(r for r in fonts.RESERVES if r.name == "NotoSansSC")
    ours = TTFont(fonts._font_file(reserve))
    reference = TTFont(reserve.path())
    subsetter = subset.Subsetter()
    subsetter.populate(text="王明")
    subsetter.subset(reference)
    reference = instancer.instantiateVariableFont(reference, {"wght": 400})
    assert "fvar" not in ours
    assert ours["OS/2"].usWeightClass == 400
    for char in "王明":
        mine = ours["glyf"][ours.getBestCmap()[ord(char)]]
        theirs = reference["glyf"][reference.getBestCmap()[ord(char)]]
        mine.recalcBounds(ours["glyf"])
        theirs.recalcBounds(reference["glyf"])
        assert (mine.xMin, mine.yMin, mine.xMax, mine.yMax) == (
            theirs.xMin,
            theirs.yMin,
            theirs.xMax,
            theirs.yMax,
        )


def test_a_note_embeds_only_the_glyphs_it_draws(cserq: Questionnaire) -> None:
    _case, latin = note(cserq, name="Siân")
    _case, chinese = note(cserq, name="王小明", school="陳大文中学")
    # Noto Sans SC is 10 MB as an instance; a few characters add a few kilobytes.
    assert len(chinese) - len(latin) < 60_000, (len(latin), len(chinese))


LATIN_NOTE = """
import datetime, sys
from cserq.case.summary import CaseSummary
from cserq.note import fonts
from cserq.note.document import render_note
from cserq.questionnaire.answers import answer_others
from cserq.questionnaire.loader import load_questionnaire
from tests.conftest import SHIPPED
q = load_questionnaire(SHIPPED)
answers = {"age": 14}
answer_others(q, answers, "no")
case = CaseSummary(q, answers, child={"name": "Siân Ŵyn", "first_language": sys.argv[1]})
render_note(case, generated_at=datetime.datetime(2026, 11, 23, 9, 5, 7))
print(sorted(fonts.loaded()))
packages = ("justmytype", "manimgx", "fontpkg_noto_sans_tamil")
print(sorted(m for m in sys.modules if m.startswith(packages)))
"""


@pytest.mark.parametrize(
    ("text", "loaded"),
    [
        ("Cymraeg, English, Polski, Русский, العربية", "[]"),
        ("中文", "['NotoSansSC']"),
    ],
)
def test_a_face_is_loaded_only_when_a_note_needs_it(text: str, loaded: str) -> None:
    out = subprocess.run(
        [sys.executable, "-c", LATIN_NOTE, text], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert out[0] == loaded
    if loaded == "[]":
        assert out[1] == "[]"


def test_a_face_that_cannot_be_loaded_leaves_a_stand_in_not_a_failure(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A font package missing or damaged: its script prints as the placeholder, and the page
    warns of it, as for any character no face has."""
    from pathlib import Path

    from cserq.note import runs, scripts

    broken = fonts.Reserve("Broken", ((0x13A0, 0x13FF),), lambda: Path("/no/such/font.ttf"), False)
    monkeypatch.setattr(runs, "RESERVES", (broken,))
    monkeypatch.setattr(fonts, "UNAVAILABLE", {})
    monkeypatch.setattr(fonts, "_loaded", {})
    markup = scripts.to_markup("ᏣᎳᎩ Jo", placeholder="cannot show", width=300, size=10)
    assert markup.xml == "[cannot show] Jo"
    assert not runs.can_draw("ᏣᎳᎩ")
    assert "/no/such/font.ttf" in fonts.UNAVAILABLE["Broken"]
