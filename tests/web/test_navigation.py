"""Getting around a case without losing anything: finishing asks first, Back goes where the
practitioner came from, a half-typed decision survives a language switch, every open case stays
reachable, and numbers are read as people write them."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cserq import create_app
from cserq.case.store import Case, CaseStore
from tests.web.conftest import Clinic

# --- finishing ---


def test_finishing_asks_first_and_says_no_note_was_downloaded(
    clinic: Clinic, store: CaseStore
) -> None:
    clinic.complete({"age": "15"})
    outcome = clinic.outcome()
    finish = outcome.soup.select_one("a.button-warning")
    assert finish.get_text(strip=True) == "Finish and clear the answers"
    asked = clinic.get(finish["href"])
    assert asked.status == 200
    assert asked.soup.select_one("[data-no-note]") is not None
    assert "You have not downloaded the note." in asked.text
    # A finish that was not confirmed (an old form, a double click) ends nothing.
    unconfirmed = clinic.post(f"{clinic.case_url}/finish", {}, from_url=finish["href"])
    assert unconfirmed.status == 200
    assert isinstance(store.status(clinic.case_url.split("/")[2]), Case)


def test_finishing_after_the_note_says_when_it_was_downloaded(clinic: Clinic) -> None:
    clinic.complete({"age": "15"})
    outcome = f"{clinic.case_url}/outcome"
    note = clinic.post(f"{clinic.case_url}/note", {"note_language": "en"}, from_url=outcome)
    assert note.response.mimetype == "application/pdf"
    asked = clinic.get(f"{clinic.case_url}/finish")
    assert asked.soup.select_one("[data-no-note]") is None
    assert re.search(r"You downloaded the note at \d\d:\d\d\.", asked.text)
    done = clinic.post(f"{clinic.case_url}/finish", {"confirmed": "yes"})
    assert done.response.headers["Location"] == "/finished"
    assert clinic.get(outcome).status == 410


# --- back links ---


def test_back_from_a_page_reached_by_change_goes_to_check_your_answers(clinic: Clinic) -> None:
    clinic.complete({"age": "15"})
    check = clinic.get(f"{clinic.case_url}/check")
    change = next(a["href"] for a in check.soup.select("a") if "return=check" in a["href"])
    page = clinic.get(change)
    assert page.soup.select_one("a.back-link")["href"] == f"{clinic.case_url}/check"


def test_check_your_answers_and_the_outcome_lead_back(clinic: Clinic) -> None:
    clinic.complete({"age": "15"})
    check = clinic.get(f"{clinic.case_url}/check")
    back = check.soup.select_one("a.back-link")["href"]
    last_page = clinic.get(back)
    assert last_page.status == 200
    assert last_page.soup.select_one("form[data-page-form]") is not None
    outcome = clinic.outcome()
    assert outcome.soup.select_one("a.back-link")["href"] == f"{clinic.case_url}/check"


# --- the decision ---


def test_switching_language_on_the_outcome_keeps_a_half_typed_decision(clinic: Clinic) -> None:
    clinic.complete({"age": "15", "secretive": "yes"})
    outcome = f"{clinic.case_url}/outcome"
    reason = "Siân's mother is with her tonight; I will phone the school in the morning."
    switched = clinic.post(
        outcome, {"choice": "no_report", "reason": reason, "switch_language": "cy"}
    )
    assert switched.response.headers["Location"] == f"{outcome}#decision"
    page = clinic.get(outcome)
    assert page.soup.html["lang"] == "cy"
    assert page.soup.select_one("#reason").get_text() == reason
    assert page.soup.select_one("#choice-no_report").has_attr("checked")
    assert page.soup.select_one("#decision-recorded") is None, "nothing was recorded"
    note = clinic.post(f"{clinic.case_url}/note", {"note_language": "en"}, from_url=outcome)
    assert b"I will phone the school" not in note.response.data


def test_the_decision_confirmation_is_where_the_practitioner_is(clinic: Clinic) -> None:
    clinic.complete({"age": "15", "secretive": "yes"})
    outcome = f"{clinic.case_url}/outcome"
    recorded = clinic.post(outcome, {"choice": "discuss", "reason": ""})
    assert recorded.response.headers["Location"] == f"{outcome}#decision-recorded"
    page = clinic.get(outcome)
    message = page.soup.select_one("#decision-recorded")
    assert message is not None
    assert "Your decision is recorded" in message.get_text()
    assert message.find_previous("h2")["id"] == "decision"
    assert page.text.count("Your decision is recorded") == 1, "not at the top as well"


# --- the icon ---


def test_the_browser_is_told_of_an_icon_and_none_is_missing(clinic: Clinic) -> None:
    page = clinic.get("/")
    icon = page.soup.select_one("link[rel=icon]")["href"]
    with clinic.client.get(icon) as served:
        assert served.status_code == 200
        assert served.mimetype == "image/svg+xml"
    assert clinic.client.get("/favicon.ico").status_code == 204


# --- many cases in one browser ---


def test_every_open_case_stays_reachable_however_many_are_started(
    clinic: Clinic, store: CaseStore
) -> None:
    first = clinic.start()
    clinic.post(first, {"immediate_danger": "yes", "danger_details": "in a car"})
    first_case = clinic.case_url
    for _ in range(19):
        clinic.start()
    refused = clinic.post("/start", {}, from_url="/")
    assert refused.status == 409
    assert "This browser has 20 cases open" in refused.text
    listed = refused.soup.select(".case-list li")
    assert len(listed) == 20
    assert "immediate danger recorded" in listed[0].get_text()
    assert clinic.get(first).status == 200, "the first case is still reachable"
    assert "Phone 999 now" in clinic.get(first).text
    # Clearing one makes room, and the first is still there.
    clinic.post(f"{first_case}/clear", {})
    assert clinic.post("/start", {}, from_url="/").status == 303
    assert len(store) == 20


def test_ended_cases_give_their_place_back(clinic: Clinic, clock) -> None:  # type: ignore[no-untyped-def]
    for _ in range(20):
        clinic.start()
    clock.now += 31 * 60  # every one of them expires
    for _ in range(20):
        assert clinic.post("/start", {}, from_url="/").status == 303


# --- numbers and NHS numbers as people write them ---


@pytest.mark.parametrize("age", ["1_2", "+3", "٣", "12.0", "1e1", "0x10", "1" * 5000, "１２"])
def test_an_age_not_written_in_plain_digits_is_refused(clinic: Clinic, age: str) -> None:
    clinic.start()
    page = clinic.post(f"{clinic.case_url}/about", {"age": age})
    assert page.status == 400
    assert "Enter a whole number, using digits (like 14): How old is the child?" in page.errors
    assert page.soup.select_one("#age")["value"] == age[:5000]


def test_an_nhs_number_is_taken_as_people_write_it(clinic: Clinic) -> None:
    clinic.complete({"age": "15", "child-nhs_number": "943-476-5919"})
    check = clinic.get(f"{clinic.case_url}/check")
    assert "943 476 5919" in check.text
    clinic.start()
    refused = clinic.post(f"{clinic.case_url}/about", {"age": "15", "child-nhs_number": "0" * 10})
    assert refused.status == 400
    assert any("Enter a real NHS number" in e for e in refused.errors)


APP: Flask = create_app({"TESTING": True})


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(age=st.one_of(st.text(max_size=12), st.integers(-100, 100).map(str)))
def test_any_age_typed_is_taken_only_if_it_is_plain_digits_in_range(age: str) -> None:
    clinic = Clinic(APP.test_client())
    clinic.start()
    page = clinic.post(f"{clinic.case_url}/about", {"age": age})
    assert page.status in (303, 400)
    typed = age.strip()
    plain = re.fullmatch(r"-?[0-9]{1,9}", typed) is not None
    accepted = page.status == 303
    assert accepted == (plain and 0 <= int(typed) <= 25)


def _listed_when_too_many(clinic: Clinic) -> list[str]:
    refused = clinic.post("/start", {}, from_url="/")
    assert refused.status == 409
    return [
        " ".join(item.get_text(" ", strip=True).split())
        for item in refused.soup.select(".case-list li")
    ]


def test_the_too_many_page_tells_the_open_cases_apart(clinic: Clinic) -> None:
    clinic.complete({"age": "14", "child-name": "Siân Ŵyn", "child-nhs_number": "943 476 5919"})
    first = clinic.start()
    clinic.post(first, {"immediate_danger": "no"})
    for _ in range(18):
        clinic.start()
    listed = _listed_when_too_many(clinic)
    assert len(listed) == 20
    assert "Age 14 · Outcome reached" in listed[0]
    assert "Page 2 of" in listed[1]
    assert "Page 1 of" in listed[2]
    assert len({row.split(" – ")[0].split(" · ", 1)[1] for row in listed[:3]}) == 3
    assert not any("Siân" in row or "943" in row for row in listed), "nothing that names the child"


def test_the_too_many_page_tells_cases_apart_in_welsh(clinic: Clinic) -> None:
    clinic.get("/language/cy")
    clinic.complete({"age": "15"})
    for _ in range(19):
        clinic.start()
    listed = _listed_when_too_many(clinic)
    assert "15 oed · Wedi cyrraedd y canlyniad" in listed[0]
    assert "Tudalen 1 o" in listed[1]
