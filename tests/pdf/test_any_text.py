"""Whatever the forms accept, the note is made, and every script it can draw is drawn.

Named in docs/safety/hazard-log.yaml (text lost or unreadable in the note).
"""

from __future__ import annotations

import datetime
import io
import re
import subprocess

import pytest
from hypothesis import HealthCheck, given
from hypothesis import strategies as st
from pypdf import PdfReader

from cserq.case.details import CHILD_FIELDS, PRACTITIONER_FIELDS
from cserq.case.summary import NOTE_MAX_LENGTH, REASON_MAX_LENGTH, AnswerNote, CaseSummary, Decision
from cserq.note.document import render_note
from cserq.note.runs import can_draw
from cserq.note.sections import unprintable
from cserq.questionnaire.answers import answer_others
from cserq.questionnaire.model import Questionnaire
from tests.hypo import slow_settings

AT = datetime.datetime(2026, 11, 23, 9, 5, 7)

# Text as it may be typed or pasted: long unbroken words, many short lines, every script.
ALPHABETS = [
    st.characters(codec="utf-8"),
    st.sampled_from("abc ŵŷâ\n"),
    st.sampled_from("محمد علی پاکستان ١٢٣ ,.\n"),
    st.sampled_from("हिन्दी क्षत्रिय বাংলা ক্ষ \n"),
    st.sampled_from("王小明 😀👍🏽 ਪੰਜਾਬੀ\n"),
    st.sampled_from("\t\x1b\x0c\u202e\u2066\u200d\r\n0123456789"),
]


def typed(limit: int) -> st.SearchStrategy[str]:
    """Text up to ``limit`` characters: a short random pattern, often repeated to the limit
    (Hypothesis keeps each example small; the note still gets every field full)."""
    pattern = st.one_of(*(st.text(alphabet, min_size=1, max_size=30) for alphabet in ALPHABETS))
    return pattern | pattern.map(lambda text: (text * (limit // len(text) + 1))[:limit])


def case_with(questionnaire: Questionnaire, data: st.DataObject) -> CaseSummary:
    answers: dict[str, object] = {"age": data.draw(st.integers(0, 25)), "immediate_danger": "yes"}
    answers["danger_details"] = data.draw(typed(500)) or "x"
    answer_others(questionnaire, answers, "yes")  # type: ignore[arg-type]
    signs = [q.id for q in questionnaire.questions.values() if q.is_sign]
    # A note on three signs stands for a note on any: each is the same field.
    chosen = data.draw(st.lists(st.sampled_from(signs), min_size=3, max_size=3, unique=True))
    notes = {
        question: AnswerNote(data.draw(typed(NOTE_MAX_LENGTH)) or "n", "seen")
        for question in chosen
    }
    return CaseSummary(
        questionnaire,
        answers,  # type: ignore[arg-type]
        child={f.id: data.draw(typed(f.max_length)) for f in CHILD_FIELDS},
        practitioner={f.id: data.draw(typed(f.max_length)) for f in PRACTITIONER_FIELDS},
        notes=notes,
        decision=Decision("no_report", data.draw(typed(REASON_MAX_LENGTH))),
    )


@pytest.mark.slow
@slow_settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data(), language=st.sampled_from(["en", "cy", "cy+en"]))
def test_every_field_full_of_any_text_gives_a_valid_note(
    cserq: Questionnaire, data: st.DataObject, language: str
) -> None:
    case = case_with(cserq, data)
    pdf = render_note(case, language=language, generated_at=AT)
    reader = PdfReader(io.BytesIO(pdf))
    first = reader.pages[0].extract_text()
    assert "Phone 999 now" in first or "Ffoniwch 999 nawr" in first
    assert len(reader.pages) >= 3


def note_text(case: CaseSummary) -> tuple[bytes, str]:
    pdf = render_note(case, generated_at=AT)
    reader = PdfReader(io.BytesIO(pdf))
    return pdf, re.sub(r"\s+", " ", " ".join(p.extract_text() for p in reader.pages))


def fonts_of(pdf: bytes) -> set[str]:
    reader = PdfReader(io.BytesIO(pdf))
    names = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
    return names


@pytest.mark.parametrize(
    ("text", "face"),
    [
        ("محمد علی", "NotoSansArabic-Regular"),  # Arabic, Urdu
        ("ئاراس کوردی", "NotoSansArabic-Regular"),  # Kurdish (Sorani)
        ("हिन्दी", "NotoSansDevanagari-Regular"),  # Hindi
        ("বাংলা", "HindSiliguri-Regular"),  # Bengali
    ],
)
def test_other_scripts_are_drawn_in_a_face_that_has_them(
    cserq: Questionnaire, text: str, face: str
) -> None:
    answers: dict[str, object] = {"age": 14}
    answer_others(cserq, answers, "no")  # type: ignore[arg-type]
    case = CaseSummary(cserq, answers, child={"first_language": text})  # type: ignore[arg-type]
    pdf, shown = note_text(case)
    assert face in fonts_of(pdf)
    assert unprintable(case) == []
    assert "cannot show" not in shown


def test_what_no_face_has_is_named_never_a_box(cserq: Questionnaire) -> None:
    """A symbol no face has prints as its Unicode name; a letter of a script no face has, as
    the placeholder. Both pages (the outcome page and the note) name the fields."""
    answers: dict[str, object] = {"age": 14}
    answer_others(cserq, answers, "no")  # type: ignore[arg-type]
    case = CaseSummary(
        cserq,
        answers,  # type: ignore[arg-type]
        child={"name": "\U0001f93b Jo", "school": "Ysgol Ŵyn"},  # MODERN PENTATHLON
        practitioner={"name": "ᏣᎳᎩ"},  # Cherokee
    )
    assert [label for label, _question in unprintable(case)] == [
        "Name",
        "Practitioner's name",
    ]
    _, shown = note_text(case)
    assert "Name [MODERN PENTATHLON] Jo" in shown
    assert "[characters this note cannot show]" in shown
    assert "in: Name; Practitioner's name." in shown
    assert "Ysgol Ŵyn" in shown


def test_welsh_and_european_text_needs_no_other_face() -> None:
    assert can_draw("Siân Ŵyn, Ŷ Jones, Łódź, Ștefan, Ελένη, Олена")
    assert can_draw("王小明 ਪੰਜਾਬੀ தமிழ் 😀")
    assert not can_draw("ᏣᎳᎩ")


def test_an_arabic_name_is_drawn_joined_and_right_aligned(cserq: Questionnaire, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Looked at as a picture: the word is one joined shape, at the right of its cell."""
    pytest.importorskip("uharfbuzz")
    answers: dict[str, object] = {"age": 14}
    answer_others(cserq, answers, "no")  # type: ignore[arg-type]
    case = CaseSummary(cserq, answers, child={"name": "محمد"})  # type: ignore[arg-type]
    pdf = render_note(case, generated_at=AT)
    reader = PdfReader(io.BytesIO(pdf))
    page = reader.pages[0]  # who the note is about, on page one
    text = page.extract_text()
    # Shaped glyphs come back as Arabic presentation forms, one per letter position.
    assert re.search("[\ufe70-\ufeff]{3,}", text), text
    if subprocess.run(["which", "pdftotext"], capture_output=True).returncode == 0:
        out = subprocess.run(
            ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
        ).stdout.decode()
        line = next(  # in the table of details, not the line at the top of the page
            li for li in out.splitlines() if re.search("[\ufe70-\ufeff]", li) and ":" not in li
        )
        assert line.index("Name") < len(line) - 30  # the name sits well to the right
