"""Through the pages, as a practitioner would meet them: the defects that could mislead.

Each test here is named in docs/safety/hazard-log.yaml as proof of a control.
"""

from __future__ import annotations

import datetime
import io
import re

import pytest
from pypdf import PdfReader

from cserq.questionnaire.loader import load_questionnaire
from tests.conftest import SHIPPED
from tests.web.conftest import Clinic, Page


def note_lines(clinic: Clinic, language: str = "en") -> list[str]:
    """The note's text, line by line, as a reader of the PDF gets it."""
    outcome = clinic.outcome()
    response = clinic.client.post(
        f"{clinic.case_url}/note",
        data={"csrf_token": outcome.csrf(), "note_language": language},
    )
    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(response.data))
    return [line.strip() for page in reader.pages for line in page.extract_text().splitlines()]


def note_text(clinic: Clinic, language: str = "en") -> str:
    return re.sub(r"\s+", " ", " ".join(note_lines(clinic, language)))


def decide(clinic: Clinic, choice: str, reason: str = "") -> Page:
    return clinic.post(f"{clinic.case_url}/outcome", {"choice": choice, "reason": reason})


def answer_from(clinic: Clinic, url: str, answers: dict[str, str]) -> Page:
    """Answer every page from ``url`` on, as ``Clinic.complete`` does, to Check your answers."""
    for _ in range(12):
        page = clinic.answer_page(url, answers)
        assert page.status == 303, page.errors
        url = page.response.headers["Location"]
        if url.endswith("/check"):
            return clinic.get(url)
    raise AssertionError("the questions never ended")


def change_safety(clinic: Clinic, danger: str) -> None:
    """Change immediate danger through Check your answers, as the Change link does."""
    url = f"{clinic.case_url}/questions/safety?return=check"
    data = {"immediate_danger": danger, "seen": "danger_details"}
    if danger == "yes":
        data["danger_details"] = "A man is waiting outside in a blue van"
    page = clinic.post(url, data)
    assert page.status == 303


def test_a_decision_made_before_the_answers_changed_is_not_kept(clinic: Clinic) -> None:
    clinic.complete({"age": "15", "immediate_danger": "no"})
    assert decide(clinic, "no_report").status == 303
    assert "I will not make a report now" in note_text(clinic)

    change_safety(clinic, "yes")

    outcome = clinic.outcome()
    assert outcome.soup.select_one("[data-outcome]")["data-outcome"] == "emergency"
    notice = outcome.soup.select_one("[data-outdated-decision]")
    assert notice is not None
    assert "pointed to “No signs recorded today" in notice.get_text(" ")
    assert "now point to “Phone 999 now”" in notice.get_text(" ")
    assert not outcome.soup.select("input[name=choice][checked]")
    text = note_text(clinic)
    assert "Phone 999 now" in text
    assert "I will not make a report now" not in text
    assert "not shown" in text
    assert "A decision was recorded against earlier answers" in text


def test_a_decision_is_made_again_when_only_the_reasons_change(clinic: Clinic) -> None:
    clinic.complete({"age": "15", "missing_overnight": "yes"})
    assert decide(clinic, "discuss").status == 303
    vulnerabilities = [q.id for q in load_questionnaire(SHIPPED).sections[-1].questions]
    clinic.post(
        f"{clinic.case_url}/questions/vulnerability?return=check",
        {**dict.fromkeys(vulnerabilities, "no"), "earlier_abuse": "yes"},
    )
    outcome = clinic.outcome()
    assert outcome.soup.select_one("[data-outcome]")["data-outcome"] == "discuss"
    notice = outcome.soup.select_one("[data-outdated-decision]")
    assert notice is not None
    assert "so did the reasons" in notice.get_text(" ")
    assert "I will discuss with my safeguarding lead today" not in note_text(clinic)


def test_a_decision_recorded_again_is_in_the_note(clinic: Clinic) -> None:
    clinic.complete({"age": "15", "immediate_danger": "no"})
    decide(clinic, "no_report")
    change_safety(clinic, "yes")
    assert decide(clinic, "emergency").status == 303
    outcome = clinic.outcome()
    assert outcome.soup.select_one("[data-outdated-decision]") is None
    assert outcome.soup.select_one("input[name=choice][value=emergency]").has_attr("checked")
    assert "I have phoned, or will phone, 999 now" in note_text(clinic)


def test_changing_back_restores_the_decision_made_for_those_answers(clinic: Clinic) -> None:
    clinic.complete({"age": "15", "immediate_danger": "no"})
    decide(clinic, "no_report")
    change_safety(clinic, "yes")
    change_safety(clinic, "no")
    assert clinic.outcome().soup.select_one("[data-outdated-decision]") is None
    assert "I will not make a report now" in note_text(clinic)


def test_danger_details_are_printed_in_full_with_the_999_section(clinic: Clinic) -> None:
    details = "\n".join(f"Aunt's phone 07700 900{i:03d}" for i in range(18))
    clinic.complete({"age": "14", "immediate_danger": "yes", "danger_details": details})
    lines = note_lines(clinic)
    danger = lines.index("Phone 999 now")
    answers_point = lines.index("What the answers point to")
    for i in range(18):  # every line whole, though the text is laid out in pieces
        assert danger < lines.index(f"Aunt's phone 07700 900{i:03d}") < answers_point


def test_every_field_at_its_limit_with_many_lines_still_gives_a_note(clinic: Clinic) -> None:
    lines = "\n".join(f"07700 900{i:03d}" for i in range(200))
    clinic.start()
    case = clinic.case_url
    clinic.post(
        f"{case}/questions/safety",
        {"immediate_danger": "yes", "seen": "danger_details", "danger_details": lines[:500]},
    )
    about = {"age": "15"}
    for name, limit in (("address", 500), ("household", 500), ("agencies", 500)):
        about[f"child-{name}"] = lines[:limit]
    for name in ("name", "other_names", "parental_responsibility", "school", "ethnicity"):
        about[f"child-{name}"] = "W" * 200
    about["practitioner-contact"] = "x" * 200
    assert clinic.post(f"{case}/about", about).status == 303
    answers = {"injuries": "yes", "injuries-note": lines[:1000], "injuries-source": "seen"}
    answer_from(clinic, f"{case}/questions/child", answers)
    assert decide(clinic, "no_report", lines[:2000]).status == 303
    for language in ("en", "cy", "cy+en"):
        text = note_text(clinic, language)
        assert "07700 900150" in text  # in the reason, the longest field


def test_a_name_in_a_script_the_note_cannot_draw_is_named_on_the_page_and_in_the_note(
    clinic: Clinic,
) -> None:
    clinic.start()
    case = clinic.case_url
    clinic.post(f"{case}/questions/safety", {"immediate_danger": "no"})
    answers = {"age": "14", "child-name": "ᏣᎳᎩ (Tsalagi)", "injuries": "yes"}  # Cherokee
    answer_from(clinic, f"{case}/about", {**answers, "injuries-note": "Arrived at 😀 2am"})
    warning = clinic.outcome().soup.select_one("[data-unprintable]")
    assert warning is not None
    named = [li.get_text(" ", strip=True) for li in warning.select("li")]
    assert named == ["Name"]  # the emoji in the note is drawn
    text = note_text(clinic)
    assert "[characters this note cannot show] (Tsalagi)" in text
    assert "characters this note cannot show. They are replaced" in text
    assert "Ꮳ" not in text


def test_control_characters_and_bidi_overrides_never_reach_the_note(clinic: Clinic, store) -> None:  # type: ignore[no-untyped-def]
    clinic.start()
    case = clinic.case_url
    clinic.post(f"{case}/questions/safety", {"immediate_danger": "no"})
    clinic.answer_page(
        f"{case}/about",
        {"age": "14", "child-name": "Sian\tJones\x1b[31m\u202eevil", "child-school": "A\x0cB"},
    )
    kept = store.peek(clinic.case_url.split("/")[2]).child
    assert kept["name"] == "Sian Jones[31mevil"
    assert kept["school"] == "A B"


def test_an_impossible_or_future_date_is_refused_with_a_message(clinic: Clinic) -> None:
    clinic.start()
    url = f"{clinic.case_url}/questions/what_known"
    cases = {
        "01/01/2030": "Enter a date that is today or in the past",
        "0001-01-01": "Enter a year from 1900 on",
        "31/02/2026": "Enter a real date (like 27/3/2026)",
        "1/2/26": "Enter the year in full (like 2026)",
        "last week": "Enter a date as day, month and year (like 27/3/2026)",
    }
    base = {"disclosure": "no", "exchange": "no", "sexual_activity": "no", "within_family": "no"}
    question = "When did the most recent thing that worried you happen?"
    for typed, message in cases.items():
        page = clinic.post(url, {**base, "concern_date": typed})
        assert page.status == 400
        assert page.errors == [f"{message}: {question}"]
        assert page.soup.select_one("#concern_date")["value"] == typed


def test_common_ways_of_writing_a_date_are_accepted(clinic: Clinic, store) -> None:  # type: ignore[no-untyped-def]
    clinic.start()
    url = f"{clinic.case_url}/questions/what_known"
    base = {"disclosure": "no", "exchange": "no", "sexual_activity": "no", "within_family": "no"}
    for typed in ("27-3-2026", "27 3 2026", "27 March 2026", "27 Mawrth 2026", "2026-03-27"):
        assert clinic.post(url, {**base, "concern_date": typed}).status == 303
        case = store.peek(clinic.case_url.split("/")[2])
        assert case.answers["concern_date"] == datetime.date(2026, 3, 27)


def test_a_date_of_birth_that_disagrees_with_the_age_is_flagged(clinic: Clinic) -> None:
    born = datetime.date.today().replace(year=datetime.date.today().year - 12)
    clinic.start()
    case = clinic.case_url
    clinic.post(f"{case}/questions/safety", {"immediate_danger": "no"})
    page = clinic.answer_page(f"{case}/about", {"age": "15", "child-date_of_birth": "31/02/2012"})
    assert page.errors == ["Enter a real date (like 27/3/2026): Date of birth"]
    answer_from(
        clinic, f"{case}/about", {"age": "15", "child-date_of_birth": born.strftime("%d %B %Y")}
    )
    for page in (clinic.get(f"{case}/check"), clinic.outcome()):
        warning = page.soup.select_one("[data-age-mismatch]")
        assert warning is not None
        assert "gives an age of 12, but the age you entered is 15" in warning.get_text(" ")
    assert "The date of birth gives an age of 12: check which is right." in note_text(clinic)


def test_at_18_or_over_the_headline_points_to_adult_safeguarding(clinic: Clinic) -> None:
    clinic.complete({"age": "19", "disclosure": "yes", "care_needs": "yes"})
    outcome = clinic.outcome()
    box = outcome.soup.select_one("[data-outcome]")
    assert box["data-route"] == "adult"
    assert box["data-outcome"] == "report"
    assert "Aged 18 or over: report to adult services now" in box.get_text(" ")
    assert "Make a report to social services now" not in box.get_text(" ")
    note = note_text(clinic)
    assert "Aged 18 or over: report to adult services now" in note


@pytest.mark.parametrize(
    ("care_needs", "level", "title"),
    [
        ("yes", "report", "Aged 18 or over: report to adult services now"),
        ("unknown", "discuss", "Aged 18 or over: discuss today with your safeguarding lead"),
        ("no", "review", "Aged 18 or over: support the young person"),
    ],
)
def test_the_adult_route_is_whole_on_the_page_and_in_the_note(
    clinic: Clinic, care_needs: str, level: str, title: str
) -> None:
    """From 18 nothing speaks of a child at risk, section 130 or Childline (under 19)."""
    clinic.complete({"age": "19", "disclosure": "yes", "injuries": "yes", "care_needs": care_needs})
    page = clinic.outcome()
    assert page.soup.select_one("[data-outcome]")["data-outcome"] == level
    main = page.soup.select_one("main").get_text(" ")
    note = note_text(clinic)
    for text in (main, note):
        assert title in text
        assert "section 130" not in text
        assert "child at risk" not in text
        assert "Childline" not in text
    # Help for the young person is on the page, for the practitioner to give them.
    assert "Meic" in main
    assert "Help for the young person" in main
    assert "Help for the child" not in main
    steps = page.soup.select_one("[data-next-steps]").get_text(" ")
    assert "adult services" in steps or care_needs == "no"
    assert "What the report form will ask for" not in main


def test_an_18_year_old_can_still_be_told_about_childline(clinic: Clinic) -> None:
    clinic.complete({"age": "18", "care_needs": "no"})
    assert "Childline" in clinic.outcome().soup.select_one("[data-helplines]").get_text(" ")


def test_a_stale_decision_is_said_once_in_the_note(clinic: Clinic) -> None:
    clinic.complete({"age": "15"})
    decide(clinic, "no_report", "Nothing to act on")
    change_safety(clinic, "yes")
    note = note_text(clinic)
    assert "A decision was recorded against earlier answers" in note
    assert "No decision was recorded in the tool" not in note


def test_the_practitioner_is_labelled_as_such_in_the_note(clinic: Clinic) -> None:
    clinic.complete({"age": "15", "practitioner-name": "Nyrs Ŷ Jones"})
    text = note_text(clinic)
    assert "Practitioner Nyrs Ŷ Jones" in text
    assert "Your name" not in text


def test_the_page_and_the_note_name_the_questionnaire_version_and_hash(clinic: Clinic) -> None:
    clinic.complete({"age": "15"})
    questionnaire = clinic.client.application.extensions["cserq"].questionnaires["cserq"]
    page = clinic.outcome().text
    assert f"version {questionnaire.version}" in page
    assert questionnaire.short_hash in page
    text = note_text(clinic)
    assert questionnaire.version in text
    assert questionnaire.content_hash in text
