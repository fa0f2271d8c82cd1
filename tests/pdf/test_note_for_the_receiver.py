"""The note as the social worker who receives it reads it: about the right child on every page,
what matters first, each answer once, and short enough to read."""

from __future__ import annotations

import datetime
import io
import re

import pytest
from hypothesis import HealthCheck, given
from hypothesis import strategies as st
from pypdf import PdfReader

from cserq.case.summary import AnswerNote, CaseSummary, Decision, PoliceCall
from cserq.note.document import render_note
from cserq.questionnaire.answers import answer_others
from cserq.questionnaire.loader import load_questionnaire
from cserq.questionnaire.model import Answer, Questionnaire
from tests.conftest import SHIPPED
from tests.hypo import slow_settings

AT = datetime.datetime(2026, 11, 22, 14, 30)
CHILD = {
    "name": "Megan Jones",
    "date_of_birth": "03/03/2011",
    "nhs_number": "943 476 5919",
    "address": "12 Heol y Parc, Caerdydd",
    "school": "Ysgol Uwchradd, attends most days",
}
PRACTITIONER = {"name": "Siân Evans", "role": "School nurse", "contact": "029 2000 0000"}
IDENTITY = "Name: Megan Jones · Date of birth: 03/03/2011 · NHS number: 943 476 5919"


def case(
    questionnaire: Questionnaire,
    answers: dict[str, Answer],
    others: str = "no",
    **details: object,
) -> CaseSummary:
    filled = dict(answers)
    answer_others(questionnaire, filled, others)
    details.setdefault("child", CHILD)
    details.setdefault("practitioner", PRACTITIONER)
    return CaseSummary(questionnaire, filled, **details)  # type: ignore[arg-type]


def lines_by_height(page: object) -> list[tuple[float, str]]:
    """The text drawn on a page with the height it is drawn at, top of the page first."""
    found: list[tuple[float, str]] = []

    def visit(text: str, cm: list[float], tm: list[float], _font: object, _size: object) -> None:
        if text.strip():  # the height on the page: the text matrix times the current matrix
            found.append((tm[4] * cm[1] + tm[5] * cm[3] + cm[5], text.strip()))

    page.extract_text(visitor_text=visit)  # type: ignore[attr-defined]
    return sorted(found, key=lambda item: -item[0])


def pages_of(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def body(pdf: bytes) -> str:
    """The text of every page without the marking, the child's line, and the footer, joined,
    so that a sentence split between two pages reads whole."""
    furniture = re.compile(
        r"OFFICIAL-SENSITIVE|Name: [^\n]*NHS number: [\d ]+|Anonymised note: the child is not"
        r" named|cserq \S+ · \d+ \w+ \d{4}, \d\d:\d\d|Page \d+ of \d+"
    )
    # A table's head row, repeated at the top of a page, sits inside a row that broke there.
    heads = re.compile(
        r"Question \(those above are not repeated\) Answer|Group Answered “Yes”|"
        r"(Other answers|The answers) behind these reasons Answer"
    )
    text = re.sub(r"\s+", " ", " ".join(furniture.sub(" ", page) for page in pages_of(pdf)))
    return re.sub(r"\s+", " ", heads.sub(" ", text))


def test_every_page_names_the_child_at_its_top(cserq: Questionnaire) -> None:
    notes = {
        q: AnswerNote("Seen at clinic. " * 20, "seen") for q in ("disclosure", "injuries", "sti")
    }
    pdf = render_note(case(cserq, {"age": 15}, notes=notes), generated_at=AT)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) >= 2
    for number, page in enumerate(reader.pages, start=1):
        drawn = lines_by_height(page)
        heights = [height for height, text in drawn if IDENTITY in text]
        assert heights, f"page {number} does not name the child"
        # Above everything but the marking: the first thing a reader of the page sees.
        below = [text for height, text in drawn if height > heights[0]]
        assert below == ["OFFICIAL-SENSITIVE"], (number, below)


def test_page_one_starts_with_who_the_note_is_about(cserq: Questionnaire) -> None:
    pdf = render_note(case(cserq, {"age": 15, "disclosure": "yes"}), generated_at=AT)
    first = re.sub(r"\s+", " ", pages_of(pdf)[0])
    who = first.index("Name Megan Jones")
    assert who < first.index("What the answers point to")
    for detail in ("Date of birth 03/03/2011", "NHS number 943 476 5919", "Age 15"):
        assert who <= first.index(detail) < first.index("What the answers point to")


def test_an_anonymised_note_says_so_on_every_page_and_names_no_one(cserq: Questionnaire) -> None:
    pdf = render_note(case(cserq, {"age": 15}, anonymised=True), generated_at=AT)
    pages = pages_of(pdf)
    assert all("Anonymised note: the child is not named" in page for page in pages)
    assert not any("Megan" in page or "943 476 5919" in page for page in pages)


def test_a_note_with_no_name_says_the_details_were_not_given(cserq: Questionnaire) -> None:
    pdf = render_note(case(cserq, {"age": 15}, child={}), generated_at=AT)
    pages = pages_of(pdf)
    said = "The child's name, date of birth and NHS number were not given"
    assert all(said in re.sub(r"\s+", " ", page) for page in pages)


def test_the_999_box_says_whether_the_police_were_called(cserq: Questionnaire) -> None:
    police = PoliceCall(called=True, at="14:10", reference="SWP-2611-0042")
    pdf = render_note(
        case(cserq, {"age": 14, "immediate_danger": "yes"}, police=police), generated_at=AT
    )
    text = body(pdf)
    box = text[text.index("Phone 999 now") : text.index("What the answers point to")]
    assert "999 called: Yes · Time of the call: 14:10 · Police reference: SWP-2611-0042" in box


def test_the_999_box_says_when_the_call_was_not_recorded(cserq: Questionnaire) -> None:
    pdf = render_note(case(cserq, {"age": 14, "immediate_danger": "yes"}), generated_at=AT)
    text = body(pdf)
    box = text[text.index("Phone 999 now") : text.index("What the answers point to")]
    assert "999 called: not recorded" in box
    assert "Police reference: not recorded" in box


def test_police_details_are_left_out_when_there_is_no_danger(cserq: Questionnaire) -> None:
    police = PoliceCall(called=True, at="14:10", reference="SWP-2611-0042")
    text = body(render_note(case(cserq, {"age": 14}, police=police), generated_at=AT))
    assert "SWP-2611-0042" not in text
    assert "999 called" not in text


def test_signs_recorded_include_sexual_activity_an_infection_and_pregnancy(
    cserq: Questionnaire,
) -> None:
    answers: dict[str, Answer] = {
        "age": 15,
        "sexual_activity": "yes",
        "sti": "yes",
        "pregnancy": "yes",
    }
    text = body(render_note(case(cserq, answers), generated_at=AT))
    signs = text[text.index("Signs recorded") : text.index("The practitioner's decision")]
    for question in ("sexual_activity", "sti", "pregnancy"):
        assert cserq.questions[question].text in signs, question


TYPICAL = [
    {"age": 15, "exchange": "yes", "unexplained_items": "yes", "alcohol_drugs": "yes"},
    {"age": 14, "going_missing": "yes", "mood_changes": "yes"},
    {"age": 13, "older_partner": "yes", "sexual_activity": "yes"},
    {"age": 16},
    {"age": 12, "disclosure": "yes", "injuries": "yes"},
]


@pytest.mark.parametrize("language", ["en", "cy"])
@pytest.mark.parametrize("answers", TYPICAL, ids=lambda a: "+".join(a))
def test_a_typical_note_fits_on_two_pages(
    cserq: Questionnaire, answers: dict[str, Answer], language: str
) -> None:
    summary = case(
        cserq,
        answers,
        notes={"disclosure": AnswerNote("She said an older man gives her vodka.", "child_said")},
        decision=Decision("report", "Older adult, gifts and alcohol."),
    )
    assert len(pages_of(render_note(summary, language=language, generated_at=AT))) <= 2


@pytest.mark.parametrize("language", ["en", "cy"])
def test_every_sign_answered_yes_fits_on_three_pages(cserq: Questionnaire, language: str) -> None:
    notes = {
        q: AnswerNote("What she told me at clinic, in her words, with the date.", "child_said")
        for q in ("disclosure", "exchange", "older_partner")
    }
    summary = case(
        cserq,
        {"age": 15, "immediate_danger": "no"},
        others="yes",
        notes=notes,
        decision=Decision("report", "Many signs; reported by phone at 15:00."),
    )
    assert len(pages_of(render_note(summary, language=language, generated_at=AT))) <= 3


SHIPPED_YES_NO = [
    q.id
    for q in load_questionnaire(SHIPPED).questions.values()
    if q.kind == "yes_no_unknown" and q.id != "immediate_danger"
]
ANSWER = st.sampled_from(["yes", "no", "unknown"])


@pytest.mark.slow
@slow_settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    age=st.integers(0, 20),
    drawn=st.fixed_dictionaries({q: ANSWER for q in SHIPPED_YES_NO}),
)
def test_each_answer_is_in_the_note_once(
    cserq: Questionnaire, age: int, drawn: dict[str, Answer]
) -> None:
    summary = case(cserq, {"age": age, "immediate_danger": "no", **drawn}, others="no")
    text = body(render_note(summary, generated_at=AT))
    for question in cserq.questions.values():
        if question.kind == "yes_no_unknown" and question.id in summary.outcome.answers:
            assert text.count(question.text) == 1, question.id


def test_not_knowing_about_danger_is_boxed_before_anything_else(cserq: Questionnaire) -> None:
    pdf = render_note(case(cserq, {"age": 14, "immediate_danger": "unknown"}), generated_at=AT)
    first = re.sub(r"\s+", " ", pages_of(pdf)[0])
    assert first.index("Immediate danger not known") < first.index("What the answers point to")
    assert "phone 999" in first
    known = render_note(case(cserq, {"age": 14, "immediate_danger": "no"}), generated_at=AT)
    assert "Immediate danger not known" not in body(known)


def test_facts_about_the_child_are_not_listed_as_signs(cserq: Questionnaire) -> None:
    answers: dict[str, Answer] = {"age": 14, "has_social_worker": "yes", "disclosure": "yes"}
    text = body(render_note(case(cserq, answers), generated_at=AT))
    signs = text[text.index("Signs recorded") : text.index("The practitioner's decision")]
    assert cserq.questions["disclosure"].text in signs
    assert cserq.questions["has_social_worker"].text not in signs
    assert text.count(cserq.questions["has_social_worker"].text) == 1


def test_only_the_name_is_shortened_at_the_top_of_a_page(cserq: Questionnaire) -> None:
    child = {**CHILD, "name": ("Ꮳ" * 30 + " ") * 6}  # no face draws Cherokee: long placeholders
    pdf = render_note(case(cserq, {"age": 15}, child=child), generated_at=AT)
    for page in PdfReader(io.BytesIO(pdf)).pages:
        top = " ".join(text for _height, text in lines_by_height(page)[:4])
        assert "Date of birth: 03/03/2011" in top
        assert "NHS number: 943 476 5919" in top
