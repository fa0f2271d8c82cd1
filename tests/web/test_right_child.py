"""The page where the note is downloaded says which child it is about, and an emergency note
records whether the police were called: what the social worker who receives it asks first."""

from __future__ import annotations

import io
import re

import pytest
from hypothesis import HealthCheck, given
from hypothesis import strategies as st
from pypdf import PdfReader

from cserq.case.summary import POLICE_REFERENCE_MAX_LENGTH, POLICE_TIME_MAX_LENGTH
from tests.hypo import slow_settings
from tests.web.conftest import Clinic

DANGER = {"immediate_danger": "yes", "danger_details": "With a man of 25 at a flat now"}


def note_text(clinic: Clinic) -> str:
    outcome = f"{clinic.case_url}/outcome"
    page = clinic.post(f"{clinic.case_url}/note", {"note_language": "en"}, from_url=outcome)
    assert page.status == 200
    reader = PdfReader(io.BytesIO(page.response.data))
    return re.sub(r"\s+", " ", " ".join(p.extract_text() for p in reader.pages))


def beside_the_download(clinic: Clinic) -> str:
    box = clinic.outcome().soup.select_one("[data-note-child]")
    assert box is not None
    return re.sub(r"\s+", " ", box.get_text(" ")).strip()


def test_the_outcome_page_names_the_child_beside_the_download(clinic: Clinic) -> None:
    clinic.complete(
        {
            "age": "15",
            "child-name": "Megan Jones",
            "child-date_of_birth": "3/3/2011",
            "child-nhs_number": "9434765919",
        }
    )
    said = beside_the_download(clinic)
    assert "Name: Megan Jones" in said
    assert "Date of birth: 03/03/2011" in said
    assert "NHS number: 943 476 5919" in said
    page = clinic.outcome()
    box = page.soup.select_one("[data-note-child]")
    download = page.soup.find("button", string=re.compile("Download the note"))
    assert box.sourceline < download.sourceline  # read before the button


def test_the_outcome_page_says_when_the_child_is_not_named(clinic: Clinic) -> None:
    clinic.complete({"age": "15"})
    assert "were not given" in beside_the_download(clinic)
    anonymised = Clinic(clinic.client)
    anonymised.complete({"age": "15", "child-name": "Megan Jones", "anonymised": "y"})
    said = beside_the_download(anonymised)
    assert "Anonymised note" in said
    assert "Megan" not in said


def test_a_name_in_a_right_to_left_script_is_isolated_on_the_page(clinic: Clinic) -> None:
    clinic.complete({"age": "15", "child-name": "محمد ١٤"})
    isolated = clinic.outcome().soup.select("[data-note-child] bdi")
    assert [b.get_text() for b in isolated] == ["محمد ١٤"]


def test_the_police_call_is_asked_only_when_there_is_danger(clinic: Clinic) -> None:
    clinic.complete({"age": "15"})
    assert clinic.outcome().soup.select_one("[data-police]") is None
    danger = Clinic(clinic.client)
    danger.complete({"age": "15", **DANGER}, others="unknown")
    assert danger.outcome().soup.select_one("[data-police]") is not None


def test_the_police_call_goes_into_the_999_box_of_the_note(clinic: Clinic) -> None:
    clinic.complete({"age": "15", **DANGER}, others="unknown")
    recorded = clinic.post(
        f"{clinic.case_url}/outcome",
        {
            "choice": "emergency",
            "police_called": "yes",
            "police_at": "14:10",
            "police_reference": "SWP-2611-0042",
        },
    )
    assert recorded.status == 303
    form = clinic.outcome().soup.select_one("[data-police]")
    assert form.select_one("#police_called-yes").has_attr("checked")
    assert form.select_one("#police_reference")["value"] == "SWP-2611-0042"
    text = note_text(clinic)
    box = text[text.index("Phone 999 now") : text.index("What the answers point to")]
    assert "999 called: Yes · Time of the call: 14:10 · Police reference: SWP-2611-0042" in box


def test_a_police_reference_too_long_is_refused_and_keeps_what_was_typed(clinic: Clinic) -> None:
    clinic.complete({"age": "15", **DANGER}, others="unknown")
    long = "R" * (POLICE_REFERENCE_MAX_LENGTH + 1)
    page = clinic.post(
        f"{clinic.case_url}/outcome",
        {"choice": "emergency", "police_at": "14:10", "police_reference": long},
    )
    assert page.status == 400
    assert any(str(POLICE_REFERENCE_MAX_LENGTH) in error for error in page.errors)
    assert page.soup.select_one("#police_at")["value"] == "14:10"
    assert page.soup.select_one("#police_reference")["value"] == long


@pytest.mark.slow
@slow_settings(
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    called=st.sampled_from(["yes", "no", "", "maybe", "1"]),
    at=st.text(max_size=POLICE_TIME_MAX_LENGTH + 10),
    reference=st.text(max_size=POLICE_REFERENCE_MAX_LENGTH + 10),
)
def test_any_police_fields_are_recorded_or_refused_by_name(
    clinic: Clinic, called: str, at: str, reference: str
) -> None:
    if not clinic.case_url:
        clinic.complete({"age": "15", **DANGER}, others="unknown")
    page = clinic.post(
        f"{clinic.case_url}/outcome",
        {
            "choice": "emergency",
            "police_called": called,
            "police_at": at,
            "police_reference": reference,
        },
    )
    assert page.status in (303, 400)
    assert "Traceback" not in page.html
    if page.status == 400:
        assert page.errors  # a message the practitioner can act on
    else:
        again = clinic.outcome().soup.select_one("[data-police]")
        assert again is not None


def test_a_police_call_typed_before_a_language_switch_is_kept_but_not_recorded(
    clinic: Clinic,
) -> None:
    clinic.complete({"age": "15", **DANGER}, others="unknown")
    long = "R" * (POLICE_REFERENCE_MAX_LENGTH + 5)
    switched = clinic.post(
        f"{clinic.case_url}/outcome",
        {
            "switch_language": "cy",
            "police_called": "yes",
            "police_at": "14:10",
            "police_reference": long,
        },
    )
    assert switched.status == 303
    form = clinic.outcome().soup.select_one("[data-police]")
    assert form.select_one("#police_called-yes").has_attr("checked")
    assert form.select_one("#police_reference")["value"] == long  # kept whole, not cut
    # Typed is not recorded: the note says nothing was recorded until the practitioner records.
    clinic.post("/language/en", {}, from_url="/")
    text = note_text(clinic)
    assert "999 called: not recorded" in text
    assert "14:10" not in text


def test_every_problem_with_a_decision_is_said_at_once_and_names_its_field(clinic: Clinic) -> None:
    clinic.complete({"age": "15", **DANGER}, others="unknown")
    page = clinic.post(
        f"{clinic.case_url}/outcome",
        {"choice": "report", "police_at": "1" * (POLICE_TIME_MAX_LENGTH + 1)},
    )
    assert page.status == 400
    assert any("Time of the call" in error for error in page.errors), page.errors
    assert any("Say why" in error for error in page.errors), page.errors


def test_a_file_sent_in_place_of_a_text_field_is_refused_plainly(clinic: Clinic) -> None:
    clinic.complete({"age": "15", **DANGER}, others="unknown")
    outcome = f"{clinic.case_url}/outcome"
    token = clinic.get(outcome).csrf()
    response = clinic.client.post(
        outcome,
        data={"csrf_token": token, "choice": "emergency", "police_at": (io.BytesIO(b"x"), "a.txt")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    assert "Traceback" not in response.get_data(as_text=True)
