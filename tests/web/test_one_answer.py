"""Two values posted for a field that takes one ("Yes" and "No" to one question) are refused
beside that field, in the reader's language, and nothing else entered on the page is lost.
WTForms alone would keep the first value and drop the other without a word."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given
from hypothesis import strategies as st

from cserq import create_app
from cserq.case.store import CaseStore, Ended
from cserq.questionnaire.model import Question
from tests.hypo import fewer_settings
from tests.web.conftest import Clinic, Page
from tests.web.test_errors import inline_errors, question_text

APP = create_app({"TESTING": True})
PAGES = APP.extensions["cserq"].pages["cserq"]
STORE = APP.extensions["cserq"].store


def _checked(page: Page, name: str) -> list[str]:
    return [i["value"] for i in page.soup.select(f'input[name="{name}"][checked]')]


def test_yes_and_no_to_one_question_are_refused_keeping_the_rest(
    clinic: Clinic, store: CaseStore
) -> None:
    first = clinic.start()
    page = clinic.post(
        first, {"immediate_danger": ["yes", "no"], "danger_details": "in a car outside"}
    )
    assert page.status == 400
    assert page.errors == [f"Choose one answer: {question_text('immediate_danger')}"]
    assert inline_errors(page) == {"immediate_danger": page.errors[0]}
    assert _checked(page, "immediate_danger") == [], "neither answer is taken as chosen"
    assert page.soup.select_one('textarea[name="danger_details"]').get_text() == "in a car outside"
    case = store.peek(clinic.case_url.split("/")[2])
    assert case is not None
    assert "immediate_danger" not in case.answers


def test_two_answers_are_refused_in_welsh(clinic: Clinic) -> None:
    clinic.get("/language/cy")
    page = clinic.post(clinic.start(), {"immediate_danger": ["yes", "no"]})
    assert page.status == 400
    assert page.errors == [f"Dewiswch un ateb yn unig: {question_text('immediate_danger', 'cy')}"]
    assert inline_errors(page) == {"immediate_danger": page.errors[0]}


def test_two_of_the_same_answer_are_refused_too(clinic: Clinic) -> None:
    page = clinic.post(clinic.start(), {"immediate_danger": ["no", "no"]})
    assert page.status == 400


def test_two_ages_or_two_names_are_refused_keeping_the_first_as_typed(clinic: Clinic) -> None:
    clinic.start()
    page = clinic.post(
        f"{clinic.case_url}/about",
        {"age": ["14", "15"], "child-name": ["Siân", "Ŵyn"], "practitioner-role": "Nurse"},
    )
    assert page.status == 400
    assert page.errors == [
        f"Enter one answer: {question_text('age')}",
        "Enter one answer: Name",
    ]
    assert page.soup.select_one('input[name="child-name"]')["value"] == "Siân"
    assert page.soup.select_one('input[name="practitioner-role"]')["value"] == "Nurse"


def test_two_decisions_are_refused_keeping_the_reason(clinic: Clinic) -> None:
    clinic.complete({"age": "15"})
    outcome = f"{clinic.case_url}/outcome"
    page = clinic.post(outcome, {"choice": ["report", "no_report"], "reason": "Seen at clinic"})
    assert page.status == 400
    assert page.errors == ["Choose one answer"]
    assert "choice" in inline_errors(page)
    assert page.soup.select_one('textarea[name="reason"]').get_text() == "Seen at clinic"
    assert clinic.outcome().soup.select_one("[data-decision-recorded]") is None


def test_two_answers_to_whether_999_was_called_are_refused(clinic: Clinic) -> None:
    clinic.complete({"age": "15", "immediate_danger": "yes", "danger_details": "now"})
    page = clinic.post(
        f"{clinic.case_url}/outcome",
        {"choice": "emergency", "police_called": ["yes", "no"], "police_at": "14:10"},
    )
    assert page.status == 400
    assert page.errors == ["Choose one answer: Has 999 been called?"]
    assert page.soup.select_one('input[name="police_at"]')["value"] == "14:10"


def _single(question: Question) -> bool:
    return question.kind != "multi"


def _good(question: Question) -> str:
    return {
        "yes_no_unknown": "no",
        "choice": question.options[0].code if question.options else "",
        "multi": question.options[0].code if question.options else "",
        "number": "14",
        "date": "27/3/2026",
        "text": "a few words",
    }[question.kind]


@st.composite
def doubled_pages(draw: st.DrawFn) -> tuple[str, dict[str, object], set[str]]:
    """A page answered in full, some of its single-answer questions given a second value."""
    page = draw(st.sampled_from(PAGES))
    form: dict[str, object] = {}
    doubled: set[str] = set()
    for question in page.questions:
        form[question.id] = _good(question)
        if _single(question) and draw(st.booleans()):
            second = draw(st.sampled_from([_good(question), "yes", "unknown", "15", ""]))
            form[question.id] = [_good(question), second]
            doubled.add(question.id)
    url = "about" if page.section is None else f"questions/{page.section.id}"
    return url, form, doubled


@pytest.mark.slow
@fewer_settings(suppress_health_check=[HealthCheck.too_slow])
@given(posted=doubled_pages())
def test_any_doubled_answer_is_refused_beside_its_question(
    posted: tuple[str, dict[str, object], set[str]],
) -> None:
    url, form, doubled = posted
    clinic = Clinic(APP.test_client())
    clinic.start()
    case_id = clinic.case_url.split("/")[2]
    try:
        page = clinic.post(f"{clinic.case_url}/{url}", form)
        saved = dict(STORE.peek(case_id).answers)
    finally:
        STORE.end(case_id, Ended.CLEARED)  # the store has a limit
    shown_errors = inline_errors(page)
    for question_id in doubled:
        assert question_id not in saved, "a doubled answer is never kept"
        if question_id in shown_errors:
            said = shown_errors[question_id]
            assert said.startswith(("Choose one answer:", "Enter one answer:")), said
    if page.status == 303:
        assert not doubled & set(shown_errors)
        return
    assert page.status == 400
    assert set(shown_errors) <= doubled, shown_errors
    for question_id, value in form.items():
        shown = page.soup.select(f'input[name="{question_id}"]')
        if shown and question_id not in doubled and value in ("no", "unknown"):
            assert _checked(page, question_id) == [value], "what else was entered is kept"


def test_a_language_switch_keeps_no_choice_of_two_but_keeps_the_reason(clinic: Clinic) -> None:
    clinic.complete({"age": "15"})
    outcome = f"{clinic.case_url}/outcome"
    switched = clinic.post(
        outcome,
        {"switch_language": "cy", "choice": ["report", "no_report"], "reason": "Seen at clinic"},
    )
    assert switched.status == 303
    page = clinic.outcome()
    assert _checked(page, "choice") == []
    assert page.soup.select_one('textarea[name="reason"]').get_text() == "Seen at clinic"
