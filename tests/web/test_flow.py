"""Whole cases through the pages, as a practitioner would work through them."""

from __future__ import annotations

import datetime
import io

import pytest
from pypdf import PdfReader

from cserq.case.store import CaseStore
from tests.web.conftest import Clinic


@pytest.mark.parametrize(
    ("answers", "others", "level", "shown"),
    [
        (
            {"age": 15, "immediate_danger": "yes", "danger_details": "in a car"},
            "no",
            "emergency",
            "Phone 999 now",
        ),
        ({"age": 12, "sexual_activity": "yes"}, "no", "report", "A child under 13 cannot consent"),
        (
            {"age": 15, "older_partner": "yes", "missing_overnight": "yes"},
            "no",
            "report",
            "two or more",
        ),
        ({"age": 15, "secretive": "yes"}, "no", "discuss", "at least one sign"),
        ({"age": 15, "immediate_danger": "no"}, "unknown", "discuss", "Find out more"),
        ({"age": 15}, "no", "review", "This is not a finding that the child is safe"),
        ({"age": 18}, "no", "review", "Aged 18 or over: support the young person"),
    ],
)
def test_each_outcome_level(
    clinic: Clinic, answers: dict[str, object], others: str, level: str, shown: str
) -> None:
    clinic.complete(answers, others)
    page = clinic.outcome()
    assert page.status == 200
    outcome = page.soup.select("[data-outcome]")
    assert [o["data-outcome"] for o in outcome] == [level]
    assert shown in page.text


def test_the_outcome_says_why_with_the_answers(clinic: Clinic) -> None:
    clinic.complete({"age": 12, "sexual_activity": "yes"})
    text = clinic.outcome().text
    assert "The child is under 13 and has had, or may have had, sexual contact" in text
    assert "How old is the child? 12" in text
    assert "has had any sexual contact, or is sexually active? Yes" in text


def test_the_outcome_page_has_every_part(clinic: Clinic) -> None:
    clinic.complete(
        {
            "age": 17,
            "injuries": "yes",
            "missing_overnight": "yes",
            "peers_exploited": "unknown",
            "online_images": "unknown",
            "moved_around": "unknown",
        }
    )
    text = clinic.outcome().text
    for part in (
        "Why",
        "Signs recorded",
        "Physical signs",
        "Worth finding out",
        "Next steps",
        "within one working day",
        "seven working days",
        "Help for the child",
        "080880 23456",
        "0800 1111",
        "Planning for 18",
        "Your decision",
        "Download the note (PDF)",
        "Finish and clear the answers",
    ):
        assert part in text, part


def test_999_heads_every_page_once_danger_is_recorded(clinic: Clinic) -> None:
    first = clinic.start()
    assert "Phone 999 now" not in clinic.get(first).text
    clinic.answer_page(first, {"immediate_danger": "yes"})
    for url in (first, f"{clinic.case_url}/about", f"{clinic.case_url}/questions/physical"):
        page = clinic.get(url)
        banner = page.soup.select_one("body > .emergency")
        assert banner is not None, url
        assert "Phone 999 now" in banner.get_text()
        # It comes before everything but the skip link.
        assert page.soup.body.find(True, recursive=False)["class"] == ["skip-link"]


def test_a_conditional_question_appears_without_javascript(clinic: Clinic) -> None:
    first = clinic.start()
    hidden = clinic.get(first).soup.select_one("#question-danger_details")
    assert hidden is not None
    assert hidden.has_attr("hidden")
    # Choosing "yes" and saving, as a browser without JavaScript does, shows the new question.
    saved = clinic.post(first, {"immediate_danger": "yes"})
    assert saved.status == 303
    assert saved.response.headers["Location"].endswith("#question-danger_details")
    again = clinic.get(first)
    assert not again.soup.select_one("#question-danger_details").has_attr("hidden")
    assert "another question on this page" in again.text
    done = clinic.post(
        first,
        {
            "immediate_danger": "yes",
            "seen": "danger_details",
            "danger_details": "A man is waiting in a car",
        },
    )
    assert done.response.headers["Location"].endswith("/about")


def test_changing_an_answer_hides_and_forgets_a_conditional_answer(
    clinic: Clinic, store: CaseStore
) -> None:
    first = clinic.start()
    clinic.post(first, {"immediate_danger": "yes", "seen": "danger_details", "danger_details": "x"})
    clinic.post(first, {"immediate_danger": "no", "seen": "danger_details", "danger_details": "x"})
    case = store.status(clinic.case_url.split("/")[2])
    assert case.answers == {"immediate_danger": "no"}  # type: ignore[union-attr]


def test_validation_errors_are_listed_and_nothing_is_lost(clinic: Clinic) -> None:
    clinic.start()
    about = f"{clinic.case_url}/about"
    page = clinic.post(
        about, {"age": "", "child-name": "Siân Ŵyn", "child-nhs_number": "943 476 5918"}
    )
    assert page.status == 400
    assert page.title.startswith("Error: About the child and you")
    assert page.errors == [
        "Enter a number: How old is the child?",
        "Enter a real NHS number: 10 digits, like 943 476 5919, or leave it empty",
    ]
    links = [a["href"] for a in page.soup.select(".error-summary a")]
    assert links == ["#age", "#child-nhs_number"]
    assert page.soup.select_one("#age-error") is not None
    assert page.soup.select_one("#child-name")["value"] == "Siân Ŵyn"
    assert page.soup.select_one("#child-nhs_number")["value"] == "943 476 5918"
    assert "age-error" in page.soup.select_one("#age")["aria-describedby"]


def test_a_missing_required_answer_on_a_question_page(clinic: Clinic) -> None:
    clinic.start()
    url = f"{clinic.case_url}/questions/physical"
    page = clinic.post(url, {"injuries": "yes", "injuries-note": "bruised wrist"})
    assert page.status == 400
    # The infection question, named (pregnancy is asked only from 8, and no age is given yet).
    assert [e.split(": ", 1)[0] for e in page.errors] == ["Choose Yes, No or Don't know"]
    assert page.soup.select_one(".error-summary a")["href"] == "#sti-yes"
    assert page.soup.select_one("#injuries-yes").has_attr("checked")
    assert page.soup.select_one("#injuries-note").get_text() == "bruised wrist"


@pytest.mark.parametrize(
    ("url", "data", "message"),
    [
        ("about", {"age": "300"}, "Enter a whole number from 0 to 25"),
        ("about", {"age": "fourteen"}, "Enter a whole number, using digits (like 14)"),
        ("about", {"age": "14", "child-name": "x" * 201}, "Use 200 characters or fewer"),
        (
            "questions/physical",
            {"injuries": "maybe", "sti": "no"},
            "Choose one of the answers shown",
        ),
        ("questions/child", {"how_well_known": "stranger"}, "Choose one of the answers shown"),
        (
            "questions/what_known",
            {
                "disclosure": "no",
                "exchange": "no",
                "sexual_activity": "no",
                "concern_date": "31/02/2026",
            },
            "Enter a real date",
        ),
        (
            "questions/physical",
            {"injuries": "no", "sti": "no", "injuries-source": "rumour"},
            "Choose one of the answers shown",
        ),
    ],
)
def test_tampered_or_out_of_range_values_get_a_clear_400(
    clinic: Clinic, url: str, data: dict[str, str], message: str
) -> None:
    clinic.start()
    page = clinic.post(f"{clinic.case_url}/{url}", data)
    assert page.status == 400
    assert any(message in error for error in page.errors), page.errors


def test_a_missing_csrf_token_is_refused_and_loses_nothing(
    clinic: Clinic, store: CaseStore
) -> None:
    first = clinic.start()
    clinic.answer_page(first, {"immediate_danger": "no"})
    case_id = clinic.case_url.split("/")[2]
    response = clinic.client.post(first, data={"immediate_danger": "yes"})
    assert response.status_code == 400
    assert "This form could not be accepted" in response.get_data(as_text=True)
    assert store.status(case_id).answers == {"immediate_danger": "no"}  # type: ignore[union-attr]


def test_a_body_over_the_limit_gets_413(clinic: Clinic, store: CaseStore) -> None:
    first = clinic.start()
    page = clinic.post(first, {"immediate_danger": "no", "padding": "x" * 200_000})
    assert page.status == 413
    assert "Too much was sent" in page.text


def test_check_answers_change_link_returns_to_check(clinic: Clinic) -> None:
    check = clinic.complete({"age": 15})
    change = check.soup.find(
        "a", href=lambda h: h and "questions/physical" in h and "injuries" in h
    )
    assert change is not None
    url = change["href"].split("#")[0]
    assert "return=check" in url
    page = clinic.answer_page(url, {"injuries": "yes"})
    assert page.response.headers["Location"].endswith("/check")
    assert "Does the child have bruises" in clinic.get(page.response.headers["Location"]).text
    assert [o["data-outcome"] for o in clinic.outcome().soup.select("[data-outcome]")] == [
        "discuss"
    ]


def test_the_outcome_waits_for_unanswered_pages(clinic: Clinic) -> None:
    clinic.start()
    page = clinic.outcome()
    assert page.status == 303
    assert page.response.headers["Location"].endswith("/questions/safety")


def test_a_decision_below_the_prompt_needs_a_reason(clinic: Clinic) -> None:
    clinic.complete({"age": 14, "disclosure": "yes"})
    url = f"{clinic.case_url}/outcome"
    refused = clinic.post(url, {"choice": "no_report"})
    assert refused.status == 400
    assert refused.errors == ["Say why you are choosing less than what the answers point to"]
    accepted = clinic.post(url, {"choice": "no_report", "reason": "Already reported by school"})
    assert accepted.status == 303
    page = clinic.outcome()
    assert page.soup.select_one("#choice-no_report").has_attr("checked")
    assert "Already reported by school" in page.html


def test_the_pdf_download(clinic: Clinic) -> None:
    clinic.complete({"age": 15, "child-name": "Siân Ŵyn", "injuries": "yes"})
    note = clinic.post(f"{clinic.case_url}/note", {}, from_url=f"{clinic.case_url}/outcome")
    response = note.response
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment; filename=cserq-note-")
    assert "Si" not in disposition
    assert response.headers["Cache-Control"] == "no-store"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.data)).pages)
    assert "Siân Ŵyn" in text
    assert "Discuss today with your safeguarding lead" in text


def test_two_cases_side_by_side_never_mix(clinic: Clinic, client) -> None:  # type: ignore[no-untyped-def]
    one = Clinic(client)
    two = Clinic(client)
    one.complete({"age": 12, "sexual_activity": "yes"})
    two.complete({"age": 16})
    assert one.case_url != two.case_url
    assert one.outcome().soup.select_one("[data-outcome]")["data-outcome"] == "report"
    assert two.outcome().soup.select_one("[data-outcome]")["data-outcome"] == "review"


def test_finishing_clears_the_case(clinic: Clinic, store: CaseStore) -> None:
    clinic.complete({"age": 15})
    case_id = clinic.case_url.split("/")[2]
    finished = clinic.post(
        f"{clinic.case_url}/finish", {"confirmed": "yes"}, from_url=f"{clinic.case_url}/outcome"
    )
    assert finished.response.headers["Location"] == "/finished"
    assert len(store) == 0
    gone = clinic.get(f"{clinic.case_url}/outcome")
    assert gone.status == 410
    assert "This case is finished" in gone.text
    assert case_id not in gone.html.split("/case/")[0]


def test_clear_answers_asks_first(clinic: Clinic, store: CaseStore) -> None:
    first = clinic.start()
    clinic.answer_page(first, {"immediate_danger": "no"})
    link = clinic.get(first).soup.find("a", string="Clear answers")
    confirm = clinic.get(link["href"])
    assert "Clear all answers?" in confirm.text
    assert len(store) == 1
    cleared = clinic.post(link["href"], {})
    assert cleared.response.headers["Location"] == "/"
    assert len(store) == 0
    assert "The answers were cleared" in clinic.get("/").text


def test_idle_cases_expire_with_a_plain_explanation(
    clinic: Clinic, clock, store: CaseStore
) -> None:  # type: ignore[no-untyped-def]
    first = clinic.start()
    clock.now += 29 * 60
    assert clinic.get(first).status == 200  # still open, and now active again
    clock.now += 30 * 60
    page = clinic.get(first)
    assert page.status == 410
    assert "cleared after 30 minutes without activity, to protect the child's privacy" in page.text
    assert page.soup.find("button", string="Start again") is not None
    assert len(store) == 0


def test_keep_my_answers_extends_the_time(clinic: Clinic, clock) -> None:  # type: ignore[no-untyped-def]
    first = clinic.start()
    clock.now += 25 * 60
    extended = clinic.post(f"{clinic.case_url}/extend", {"next": first}, from_url=first)
    assert extended.response.headers["Location"] == first
    clock.now += 25 * 60
    assert clinic.get(first).status == 200


def test_an_unknown_case_id_says_so(clinic: Clinic) -> None:
    page = clinic.get("/case/not-a-real-case/about")
    assert page.status == 404
    assert "not for a case started in this browser" in page.text


def test_a_case_cannot_be_opened_from_another_browser(clinic: Clinic, app) -> None:  # type: ignore[no-untyped-def]
    first = clinic.start()
    stranger = Clinic(app.test_client())
    page = stranger.get(first)
    assert page.status == 404
    assert "Safety now" not in page.text


def test_a_full_store_says_so(app, clinic: Clinic, store: CaseStore) -> None:  # type: ignore[no-untyped-def]
    store.max_cases = 1
    clinic.start()
    page = clinic.post("/start", {}, from_url="/")
    assert page.status == 503
    assert "Too many cases are open" in page.text


def test_every_response_is_kept_out_of_the_browser_cache(clinic: Clinic) -> None:
    first = clinic.start()
    for url in ("/", first, f"{clinic.case_url}/about", "/static/cserq.css", "/nowhere"):
        with clinic.client.get(url) as response:
            assert response.headers["Cache-Control"] == "no-store", url


def test_personal_fields_do_not_autocomplete(clinic: Clinic) -> None:
    clinic.start()
    page = clinic.get(f"{clinic.case_url}/about")
    for name in ("child-name", "child-nhs_number", "child-address", "practitioner-name"):
        assert page.soup.select_one(f'[name="{name}"]')["autocomplete"] == "off", name


def test_anonymised_note_keeps_no_identifying_details(clinic: Clinic, store: CaseStore) -> None:
    clinic.complete(
        {"age": 15, "anonymised": "y", "child-name": "Siân", "child-ethnicity": "Welsh"}
    )
    case = store.status(clinic.case_url.split("/")[2])
    assert case.child == {"ethnicity": "Welsh"}  # type: ignore[union-attr]


def test_a_date_is_kept_as_typed_and_shown_in_full(clinic: Clinic, store: CaseStore) -> None:
    clinic.start()
    url = f"{clinic.case_url}/questions/what_known"
    data = {"disclosure": "no", "exchange": "no", "sexual_activity": "no", "within_family": "no"}
    wrong = clinic.post(url, {**data, "concern_date": "31/02/2026"})
    assert wrong.soup.select_one("#concern_date")["value"] == "31/02/2026"  # nothing lost
    clinic.post(url, {**data, "concern_date": "27/3/2026"})
    assert clinic.get(url).soup.select_one("#concern_date")["value"] == "27/03/2026"
    case = store.status(clinic.case_url.split("/")[2])
    assert str(case.answers["concern_date"]) == "2026-03-27"  # type: ignore[union-attr]


def test_with_two_questionnaires_the_start_page_offers_a_choice(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from cserq import create_app
    from tests.conftest import SHIPPED

    text = SHIPPED.read_text(encoding="utf-8")
    (tmp_path / "cserq.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "local.yaml").write_text(
        text.replace("id: cserq\n", "id: local\n", 1).replace(
            "title: Child sexual exploitation concern questionnaire",
            "title: Local pilot questionnaire",
            1,
        ),
        encoding="utf-8",
    )
    app = create_app({"TESTING": True, "QUESTIONS_DIR": str(tmp_path), "LANGUAGES": "en"})
    clinic = Clinic(app.test_client())
    start = clinic.get("/")
    choices = [i["value"] for i in start.soup.select('input[name="questionnaire"]')]
    assert choices == ["cserq", "local"]
    assert "Local pilot questionnaire" in start.text
    chosen = clinic.post("/start", {"questionnaire": "local"}, from_url="/")
    case_id = chosen.response.headers["Location"].split("/")[2]
    assert app.extensions["cserq"].store.status(case_id).questionnaire.id == "local"
    assert clinic.post("/start", {"questionnaire": "nope"}, from_url="/").status == 400


def test_a_plain_http_client_is_never_stuck_on_a_page(clinic: Clinic) -> None:
    """A script that posts answers without the page's "seen" markers still gets through."""
    first = clinic.start()
    again = clinic.post(first, {"immediate_danger": "yes"})
    assert again.response.headers["Location"].endswith("#question-danger_details")
    onward = clinic.post(first, {"immediate_danger": "yes"})
    assert onward.response.headers["Location"].endswith("/about")


def test_answering_a_conditional_question_at_once_moves_on(clinic: Clinic) -> None:
    first = clinic.start()
    page = clinic.post(first, {"immediate_danger": "yes", "danger_details": "a car outside"})
    assert page.response.headers["Location"].endswith("/about")


def test_the_date_of_birth_hint_is_a_date_a_child_could_have(clinic: Clinic) -> None:
    clinic.start()
    hint = clinic.get(f"{clinic.case_url}/about").soup.select_one("#child-date_of_birth-hint")
    year = datetime.date.today().year - 13
    assert hint.get_text(strip=True) == f"For example, 14/9/{year}."
