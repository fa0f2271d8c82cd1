"""Right-to-left text is drawn in the order the Unicode Bidirectional Algorithm gives: read back
from the PDF, glyph by glyph with its x position, and compared with python-bidi.

Named in docs/safety/hazard-log.yaml (text lost or unreadable in the note).
"""

from __future__ import annotations

import datetime
import io
import re

import pytest
from bidi import get_display
from hypothesis import HealthCheck, example, given
from hypothesis import strategies as st
from reportlab.platypus import SimpleDocTemplate

from cserq.case.summary import CaseSummary
from cserq.note.document import render_note
from cserq.note.fonts import FAMILY
from cserq.note.layout import paragraph
from cserq.note.runs import can_draw_plainly, faces_of
from cserq.note.scripts import _Paragraph, direction, levels, visual_order
from cserq.questionnaire.answers import answer_others
from cserq.questionnaire.model import Questionnaire
from tests.hypo import fewer_settings
from tests.pdf.glyphs import drawn_lines, expected_visual, skeleton

AT = datetime.datetime(2026, 11, 23, 9, 5, 7)
DANGER = "طفلة عمرها ١٤ سنة تقول إن صديقها يبلغ من العمر ٢٥ عامًا"


def drawn(text: str, style: str = "danger_text", width: float = 480) -> list[str]:
    """The lines a paragraph of ``text`` is drawn as, through the code the note uses."""
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer).build([paragraph(text, style, placeholder="?", width=width)])
    return drawn_lines(buffer.getvalue())


def test_the_ages_in_the_999_box_read_14_and_25(cserq: Questionnaire) -> None:
    """The example from issue 20: Arabic-Indic digits in the danger details were drawn 41, 52."""
    answers: dict[str, object] = {"age": 14, "immediate_danger": "yes", "danger_details": DANGER}
    answer_others(cserq, answers, "no")  # type: ignore[arg-type]
    pdf = render_note(CaseSummary(cserq, answers), generated_at=AT)  # type: ignore[arg-type]
    lines = [line for line in drawn_lines(pdf) if "١" in line or "٢" in line]
    assert lines, "the danger details are not on any page"
    line = lines[0]
    # Drawn left to right, a number keeps its digits in order: 14 is "١" then "٤".
    assert "١٤" in line, line
    assert "٢٥" in line, line
    assert "٤١" not in line
    assert "٥٢" not in line
    # The whole line, in the order the bidirectional algorithm gives: 25 at the left, in the
    # last words of a right-to-left line; 14 nearer the right, after the first two words.
    assert skeleton(line) == skeleton(expected_visual(DANGER)) == "◆25◆14◆"


@pytest.mark.parametrize(
    ("text", "shows"),
    [
        pytest.param(DANGER, "◆25◆14◆", id="arabic-indic digits"),
        pytest.param("عمرها ۱۴ سنة", "◆14◆", id="persian digits"),
        pytest.param("عمره 14 سنة و 3 أشهر", "◆3◆14◆", id="western digits in arabic"),
        pytest.param("اسمه Ahmed Khan وعمره 14", "14◆AhmedKhan◆", id="latin in arabic"),
        pytest.param(
            "His name is محمد علي, aged 14.", "Hisnameis◆,aged14.", id="arabic in english"
        ),
        pytest.param("Ahmed (محمد) Khan", "Ahmed(◆)Khan", id="brackets in english"),
        pytest.param("قال (١٤ سنة) ثم", "◆(◆14)◆", id="brackets mirrored"),
        pytest.param("يعيش في كارديف.", ".◆", id="full stop at the line end"),
        pytest.param("هل هو آمن؟ لا!", "!◆", id="question and exclamation"),
        # With no letter to say otherwise, the line is left to right, and the algorithm puts
        # groups of Arabic-Indic digits right to left, as a browser does.
        pytest.param("٠٧٧٠٠ ٩٠٠١٢٣", "90012307700", id="all numbers"),
        pytest.param("07700 900123", "07700900123", id="all western numbers"),
        pytest.param("שמו דוד, בן 14", "14◆,◆", id="hebrew"),
    ],
)
def test_a_line_is_drawn_in_bidi_order(text: str, shows: str) -> None:
    lines = [line for line in drawn(text) if skeleton(line)]
    assert len(lines) == 1, lines
    assert skeleton(lines[0]) == skeleton(expected_visual(text)) == shows


def test_a_right_to_left_paragraph_that_wraps_starts_at_the_top_right() -> None:
    words = [f"كلمة{n}" for n in "١٢٣٤٥٦٧٨٩"] * 3
    text = " ".join(words)
    lines = [line for line in drawn(text, width=150) if skeleton(line)]
    assert len(lines) >= 3
    # Each line ends (at its right) with the next word in reading order: ١ first, at the top.
    numbers = [[d for d in skeleton(line) if d.isdigit()] for line in lines]
    read = [n for line in numbers for n in reversed(line)]
    assert read == [str(d) for d in range(1, 10)] * 3
    for line in lines:
        assert skeleton(line) == skeleton(expected_visual(_logical(line)))


def _logical(line: str) -> str:
    """A drawn line of whole Arabic words, put back in reading order (the words reversed)."""
    return " ".join(word[::-1] for word in reversed(line.split()))


def test_levels_and_visual_order_are_python_bidis() -> None:
    assert visual_order(levels("abc אבג 123", "L")) == [0, 1, 2, 3, 8, 9, 10, 7, 6, 5, 4]
    for text in (DANGER, "Ahmed (محمد) ١٤ Khan.", "😀 ب a"):
        found = visual_order(levels(text, direction(text)))
        assert "".join(text[i] for i in found) == get_display(text, base_dir=direction(text))


MIXED = st.text(
    st.sampled_from(
        list("ابتثجحخدذرسشصضطعفقكمنهوي")
        + list("אבגדהוזחטיכלמנסעפצקרשת")
        + list("abcdekmnorstuvwxyz")
        + list("0123456789٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹")
        + list("()[]{}.,:;!?-/+%")
        + [" "] * 6
    ),
    min_size=1,
    max_size=40,
)


@given(MIXED)
def test_visual_order_is_python_bidis_for_any_mix(text: str) -> None:
    base = direction(text)
    found = visual_order(levels(text, base))
    assert sorted(found) == list(range(len(text)))
    assert "".join(text[i] for i in found) == get_display(text, base_dir=base)


@fewer_settings(suppress_health_check=[HealthCheck.too_slow])
@given(MIXED.map(str.strip).filter(bool))
def test_any_mix_is_drawn_in_bidi_order(text: str) -> None:
    """Generated lines of Arabic, Hebrew, Latin, three kinds of digits and punctuation, short
    enough for one line, drawn and read back glyph by glyph."""
    lines = [line for line in drawn(text, width=480) if line.strip()]
    assert len(lines) <= 1
    shown = skeleton(lines[0]) if lines else ""
    assert shown == skeleton(expected_visual(text))


ANY_SCRIPT = st.text(
    st.sampled_from(
        list("ابتث١٢۱۲אבגabcŵ019()[].,!? ")
        + list("王小明さくら김민준தமிழ்ਪੰਜਾਬੀहिन्दीবাংলা")
        + ["😀", "👍", "\U0001f3fd", "\u200d", "\u0301"]
    ),
    min_size=1,
    max_size=80,
)


WORDS = [
    "طفلة",
    "عمرها",
    "١٤",
    "سنة",
    "تقول",
    "إن",
    "صديقها",
    "يبلغ",
    "٢٥",
    "عامًا",
    "Ahmed",
    "Khan",
    "(محمد)",
    "07700",
    "۱۴",
    "हिन्दी",
    "क्षत्रिय",
    "বাংলা",
    "王小明",
    "தமிழ்",
    "ਪੰਜਾਬੀ",
    "😀",
    "שלום",
]


@fewer_settings()
@given(
    # Only text the note lays out itself: what Fira Sans draws as it is, ReportLab breaks.
    (
        st.lists(st.sampled_from(WORDS), min_size=1, max_size=60).map(" ".join)
        | ANY_SCRIPT.map(str.strip)
    ).filter(lambda text: text and not can_draw_plainly(text)),
    st.sampled_from(["body", "cell", "cell_head", "danger_text", "danger_label", "h1"]),
    st.sampled_from([80, 150, 300, 480]),
)
# The thumb and its skin tone were measured as HarfBuzz lays them out, a glyph narrower than
# ReportLab draws them (see the test below); and "👍🏽0", measured so, is drawn "0👍🏽".
@example("0👍🏽0বبく", "danger_text", 80)
@example("ب 👍🏽0 ب", "h1", 80)
def test_reportlab_never_breaks_a_line_again(text: str, style: str, width: int) -> None:
    """Lines are broken before they are put in drawing order: were ReportLab to break one
    again, a right-to-left line would lose its first words to the line below. (Text Fira Sans
    draws as it is, ReportLab breaks itself.)"""
    drawn = paragraph(text, style, placeholder="?", width=width)
    drawn.wrap(width, 10_000)
    assert len(drawn.blPara.lines) == drawn.text.count("<br/>") + 1


@pytest.mark.parametrize(
    "text",
    # The last two: one space between words, where a word changes face as where one was
    # typed; and Fira Sans kerned as ReportLab shapes it in a paragraph that is shaped.
    ["0👍🏽", "👍🏽0", "👍🏽 0👍🏽", "ب 👍🏽0 ب", "0👍🏽0বبく", "عمره 14 سنة و 3 أشهر", "AVATAR ب"],
)
def test_a_line_is_measured_as_reportlab_measures_it(text: str) -> None:
    """ReportLab draws "0👍🏽" as typed, the skin tone a swatch of its own beside the thumb, as
    HarfBuzz's glyphs for it (the digit, and a thumb that takes the tone) are its first
    characters'; "👍🏽0" it draws as HarfBuzz lays it out, a glyph narrower. So a line is
    measured word by word in the order it is drawn, by ReportLab's own shaping."""
    drawn = paragraph(text, "danger_text", placeholder="?", width=480)
    drawn.wrap(480, 10_000)
    [line] = drawn.blPara.lines
    chars = faces_of(text)
    shaped = any(face is not None and face.shaped for _char, face in chars)
    size = drawn.style.fontSize
    ours = _Paragraph(chars, levels(text, direction(text)), FAMILY, size, shaped, "?")
    assert ours.width(0, len(chars)) == pytest.approx(line.maxWidth - line.extraSpace)


@fewer_settings()
@given(ANY_SCRIPT, st.sampled_from([60, 200, 480]))
def test_no_character_is_lost_or_added(text: str, width: int) -> None:
    """Every character typed is in the markup once, whatever the script, line breaks and
    reordering (brackets may be swapped for their mirror images; spaces may move)."""
    from xml.sax.saxutils import unescape

    from bidi.mirror import MIRRORED

    from cserq.base.text import tidy
    from cserq.note.runs import faces_of
    from cserq.note.scripts import to_markup

    typed = tidy(text, multiline=True)
    markup = to_markup(typed, placeholder="?", width=width, size=10)
    shown = unescape(re.sub(r"<[^>]+>", "", markup.xml))

    def chars(found: str) -> list[str]:
        return sorted(min(c, MIRRORED.get(c, c)) for c in found if not c.isspace())

    kept = "".join(c for c, _face in faces_of(typed))  # a mark its letter's face lacks is dropped
    assert chars(shown) == chars(kept)
