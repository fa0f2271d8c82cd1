"""The button that answers "Don't know" to the questions left on a page: it answers only
those, never one already answered nor one the page does not show, it is never the default, it
goes on as "Save and continue" would, and Check your answers lists what it answered."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given
from hypothesis import strategies as st

from cserq import create_app
from cserq.case.store import CaseStore, Ended
from cserq.web.forms import Page
from tests.conftest import SHIPPED
from tests.hypo import fewer_settings
from tests.web.conftest import Clinic
from tests.web.test_errors import question_text

BUTTON = {"dont-know-rest": "unknown"}
LABEL = "Answer “Don't know” to the questions I have left on this page"


def case_of(clinic: Clinic, store: CaseStore):  # type: ignore[no-untyped-def]
    return store.peek(clinic.case_url.split("/")[2])


def ready(clinic: Clinic, age: str = "15") -> None:
    """Start a case and answer the safety and about pages."""
    first = clinic.start()
    assert clinic.post(first, {"immediate_danger": "no"}).status == 303
    assert clinic.post(f"{clinic.case_url}/about", {"age": age}).status == 303


def test_the_button_answers_only_what_was_left(clinic: Clinic, store: CaseStore) -> None:
    ready(clinic)
    url = f"{clinic.case_url}/questions/behavioural"
    page = clinic.get(url)
    button = page.soup.select_one("main form [data-dont-know-rest]")
    assert button.get_text(strip=True) == LABEL
    assert page.soup.select("main input[type=radio][checked]") == []  # nothing chosen for you
    given = {"missing_overnight": "yes", "secretive": "no", "older_partner": "unknown"}
    sent = clinic.post(url, {**given, "missing_overnight-note": "twice in May", **BUTTON})
    assert sent.status == 303
    assert sent.response.headers["Location"].endswith("/questions/vulnerability")  # on, as usual
    assert "dont-know" not in sent.response.headers["Location"]
    case = case_of(clinic, store)
    section = next(s for s in case.questionnaire.sections if s.id == "behavioural")
    behavioural = [q.id for q in section.questions]
    for question in behavioural:
        assert case.answers[question] == given.get(question, "unknown"), question
    assert case.unknown_by_button == set(behavioural) - set(given)
    assert case.notes["missing_overnight"].text == "twice in May"
    again = clinic.get(url)  # the page shows what the button chose, as any saved answer
    assert again.soup.select_one("#going_missing-unknown").has_attr("checked")
    assert again.soup.select_one("#missing_overnight-yes").has_attr("checked")


def test_it_is_a_second_button_after_save_and_continue(clinic: Clinic) -> None:
    ready(clinic)
    page = clinic.get(f"{clinic.case_url}/questions/physical")
    buttons = page.soup.select("main form[method=post] button")
    # The first submit button is what Enter in a field presses: always "Save and continue".
    assert [b.get_text(strip=True) for b in buttons] == ["Save and continue", LABEL]
    assert not buttons[0].has_attr("name")
    assert (buttons[1]["name"], buttons[1]["value"], buttons[1]["type"]) == (
        "dont-know-rest",
        "unknown",
        "submit",
    )


def test_pages_without_such_questions_do_not_offer_it(clinic: Clinic) -> None:
    first = clinic.start()
    # Immediate danger is never answered in bulk: the safety page has no button, and a
    # button sent anyway answers nothing there.
    assert clinic.get(first).soup.select("[data-dont-know-rest]") == []
    refused = clinic.post(first, BUTTON)
    assert refused.status == 400
    assert refused.errors[0].startswith("Choose Yes, No or Don't know: Do you think the child")
    clinic.post(first, {"immediate_danger": "no"})
    assert clinic.get(f"{clinic.case_url}/about").soup.select("[data-dont-know-rest]") == []
    assert (
        clinic.get(f"{clinic.case_url}/questions/child").soup.select("[data-dont-know-rest]") == []
    )


def test_other_mistakes_still_stop_the_page_and_nothing_is_lost(
    clinic: Clinic, store: CaseStore
) -> None:
    ready(clinic)
    url = f"{clinic.case_url}/questions/what_known"
    sent = clinic.post(url, {"disclosure": "yes", "concern_date": "31/02/2026", **BUTTON})
    assert sent.status == 400
    assert sent.errors == [
        "Enter a real date (like 27/3/2026): When did the most recent thing that worried you"
        " happen?"
    ]
    assert "“Don't know” is now chosen for the questions you had left" in sent.text
    checked = {i["id"] for i in sent.soup.select("main input[type=radio][checked]")}
    assert checked == {
        "disclosure-yes",
        "exchange-unknown",
        "sexual_activity-unknown",
        "within_family-unknown",
    }
    assert sent.soup.select_one("#concern_date")["value"] == "31/02/2026"
    assert "disclosure" not in case_of(clinic, store).answers  # not saved with a mistake
    # Put right, and sent from that page as it shows it: saved, and still the button's.
    fixed = clinic.client.post(
        url,
        data={"csrf_token": sent.csrf(), "disclosure": "yes", "exchange": "unknown",
              "sexual_activity": "unknown", "within_family": "unknown",
              "concern_date": "27/3/2026"},
    )  # fmt: skip
    assert fixed.status_code == 303
    case = case_of(clinic, store)
    assert case.answers["exchange"] == case.answers["sexual_activity"] == "unknown"
    assert case.unknown_by_button == {"exchange", "sexual_activity", "within_family"}


def test_a_page_left_with_a_mistake_keeps_no_mark(clinic: Clinic, store: CaseStore) -> None:
    ready(clinic)
    url = f"{clinic.case_url}/questions/what_known"
    clinic.post(url, {"concern_date": "31/02/2026", **BUTTON})
    assert clinic.get(url).soup.select("main input[type=radio][checked]") == []  # as saved
    clinic.post(
        url,
        {"disclosure": "no", "exchange": "unknown", "sexual_activity": "no", "within_family": "no"},
    )
    assert case_of(clinic, store).unknown_by_button == frozenset()  # chosen one by one


def _through_to_check(clinic: Clinic) -> BeautifulSoup:
    """Answer the rest of the pages: the sign pages with one answer and the button."""
    url = f"{clinic.case_url}/questions/child"
    for _ in range(10):
        if url.endswith("/check"):
            return clinic.get(url).soup
        answers = {"disclosure": "no", "injuries": "yes", "withdrawn": "no", "secretive": "no",
                   "additional_needs": "no", "unexplained_items": "no"}  # fmt: skip
        page = clinic.get(url)
        data = {k: v for k, v in answers.items() if page.soup.find(attrs={"name": k})}
        if page.soup.select("[data-dont-know-rest]"):
            data |= BUTTON
        url = clinic.post(url, data).response.headers["Location"]
    raise AssertionError("never reached Check your answers")


def test_check_your_answers_lists_them_to_change(clinic: Clinic, store: CaseStore) -> None:
    ready(clinic)
    check = _through_to_check(clinic)
    listed = check.select("[data-by-button] li a")
    case = case_of(clinic, store)
    assert len(listed) == len(case.unknown_by_button) >= 10
    words = {q.id: q.text for q in case.questionnaire.questions.values()}
    assert listed[0].get_text(strip=True) == words["has_social_worker"]
    heading = check.select_one("[data-by-button] h2").get_text(strip=True)
    assert heading == "Answered “Don't know” with the button"
    assert len(check.select("[data-by-button-row]")) == len(listed)
    # Each row the button answered says so; one answered by hand does not.
    rows = {
        row.dt.get_text(" ", strip=True): row.get_text(" ", strip=True)
        for row in check.select(".summary-row")
    }
    assert "Given with the “Don't know” button" in rows[words["sti"]]
    assert "button" not in rows[words["injuries"]]
    # Changing one takes it off the list.
    link = next(a for a in listed if a.get_text(strip=True) == words["sti"])
    assert link["href"].endswith("?return=check#question-sti")
    url = link["href"].split("#")[0]
    page = clinic.answer_page(url, {"sti": "yes"}, others="unknown")
    assert page.response.headers["Location"].endswith("/check")
    again = clinic.get(f"{clinic.case_url}/check").soup
    assert words["sti"] not in [a.get_text(strip=True) for a in again.select("[data-by-button] a")]
    assert "sti" not in case_of(clinic, store).unknown_by_button
    # The outcome counts them as any "Don't know".
    outcome = clinic.outcome()
    assert outcome.soup.select_one("[data-outcome]")["data-outcome"] in {"report", "discuss"}
    assert "Worth finding out" in outcome.text


def test_in_welsh(clinic: Clinic, store: CaseStore) -> None:
    clinic.get("/language/cy")
    ready(clinic)
    page = clinic.get(f"{clinic.case_url}/questions/physical")
    assert page.soup.select_one("[data-dont-know-rest]").get_text(strip=True) == (
        "Ateb “Ddim yn gwybod” i'r cwestiynau sydd gennyf ar ôl ar y dudalen hon"
    )
    known = clinic.post(
        f"{clinic.case_url}/questions/what_known", {"concern_date": "1/2/26", **BUTTON}
    )
    assert known.errors == [
        f"Rhowch y flwyddyn yn llawn (er enghraifft 2026): {question_text('concern_date', 'cy')}"
    ]
    assert "Mae “Ddim yn gwybod” bellach wedi'i ddewis" in known.text
    check = _through_to_check(clinic)
    heading = check.select_one("[data-by-button] h2").get_text(strip=True)
    assert heading == "Atebwyd “Ddim yn gwybod” gyda'r botwm"
    assert "Rhoddwyd gyda'r botwm “Ddim yn gwybod”" in check.get_text(" ")


def test_from_check_your_answers_it_goes_back_there(clinic: Clinic) -> None:
    ready(clinic)
    _through_to_check(clinic)
    url = f"{clinic.case_url}/questions/emotional?return=check"
    sent = clinic.post(url, {"withdrawn": "yes", **BUTTON})
    assert sent.response.headers["Location"].endswith("/check")


# --- questions that depend on another answer ---


def _with_conditions(folder: Path) -> Path:
    """The shipped questionnaire, with two more questions at the end of the behavioural page:
    one asked only after a "Yes" on the same page, one only from age 13 (asked on another)."""
    text = SHIPPED.read_text(encoding="utf-8")
    section = re.search(r"\n  - id: behavioural\n(?:    [^\n]*\n)*?    questions:\n", text)
    assert section is not None, "the shipped questionnaire has no behavioural section"
    end = text.index("\n  - id: ", section.end())
    extra = """
      - id: adult_online
        kind: yes_no_unknown
        required: true
        text: Is an adult the child met online involved?
        show_if: {question: phone_internet, equals: yes}
      - id: party_venues
        kind: yes_no_unknown
        required: true
        text: Has the child been taken to parties by adults?
        show_if: {question: age, at_least: 13}
"""
    (folder / "cserq.yaml").write_text(text[:end].rstrip("\n") + extra + text[end:])
    return folder


with tempfile.TemporaryDirectory() as _folder:
    CONDITIONAL = create_app(
        {"TESTING": True, "LANGUAGES": "en", "QUESTIONS_DIR": str(_with_conditions(Path(_folder)))}
    )
CONDITIONAL_STORE: CaseStore = CONDITIONAL.extensions["cserq"].store
PAGES = CONDITIONAL.extensions["cserq"].pages["cserq"]
SIGN_PAGES = [p for p in PAGES if any(q.kind == "yes_no_unknown" for q in p.questions)][1:]


def test_a_question_hidden_or_not_yet_seen_is_not_answered_by_the_button() -> None:
    clinic = Clinic(CONDITIONAL.test_client())
    ready(clinic, age="12")
    url = f"{clinic.case_url}/questions/behavioural"
    assert clinic.get(url).soup.select_one("#question-adult_online").has_attr("hidden")
    # Without JavaScript: "Yes" reveals a question the practitioner has not seen yet. The
    # page comes back with it to answer; everything else left is "Don't know".
    sent = clinic.post(url, {"phone_internet": "yes", **BUTTON})
    assert sent.status == 400
    assert sent.errors == [
        "Choose Yes, No or Don't know: Is an adult the child met online involved?"
    ]
    assert not sent.soup.select_one("#question-adult_online").has_attr("hidden")
    assert not sent.soup.select("#question-adult_online input[checked]")
    assert sent.soup.select_one("#secretive-unknown").has_attr("checked")
    assert sent.soup.select_one("#phone_internet-yes").has_attr("checked")
    assert sent.soup.select_one("#question-party_venues") is None  # asked only from 13
    # Now seen, it is left like any other: the button answers it.
    data = {"phone_internet": "yes", "secretive": "unknown", "seen": "adult_online"}
    again = clinic.client.post(url, data={"csrf_token": sent.csrf(), **data, **BUTTON})
    assert again.headers["Location"].endswith("/questions/vulnerability")
    case = case_of(clinic, CONDITIONAL_STORE)
    assert case.answers["adult_online"] == case.answers["secretive"] == "unknown"
    assert "party_venues" not in case.answers
    assert {"adult_online", "secretive"} <= case.unknown_by_button


def test_a_question_shown_by_another_page_is_answered_by_the_button() -> None:
    clinic = Clinic(CONDITIONAL.test_client())
    ready(clinic, age="14")
    url = f"{clinic.case_url}/questions/behavioural"
    assert clinic.post(url, BUTTON).status == 303
    case = case_of(clinic, CONDITIONAL_STORE)
    assert case.answers["party_venues"] == "unknown"
    assert "adult_online" not in case.answers  # still hidden: "phone_internet" is not "Yes"


answers_on_a_page = st.sampled_from(SIGN_PAGES).flatmap(
    lambda page: st.tuples(
        st.just(page),
        st.fixed_dictionaries(
            {},
            optional={
                q.id: st.sampled_from(["yes", "no", "unknown"])
                for q in page.questions
                if q.kind == "yes_no_unknown"
            },
        ),
        st.sets(st.sampled_from([q.id for q in page.questions if q.show_if] or ["none"])),
        st.sampled_from(["12", "15"]),
    )
)


def _chosen(page: BeautifulSoup) -> dict[str, str]:
    return {i["name"]: i["value"] for i in page.select("main .radios-inline input[checked]")}


def _visible(page: BeautifulSoup) -> set[str]:
    return {
        block["id"].removeprefix("question-")
        for block in page.select("main .question-block")
        if not block.has_attr("hidden")
    }


@pytest.mark.slow
@fewer_settings(suppress_health_check=[HealthCheck.too_slow])
@given(drawn=answers_on_a_page)
def test_the_button_never_changes_a_given_answer_and_leaves_none_shown_unanswered(
    drawn: tuple[Page, dict[str, str], set[str], str],
) -> None:
    page, given, seen, age = drawn
    clinic = Clinic(CONDITIONAL.test_client())
    ready(clinic, age)
    try:
        url = f"{clinic.case_url}/questions/{page.section.id}"  # type: ignore[union-attr]
        before = dict(case_of(clinic, CONDITIONAL_STORE).answers)
        sent = clinic.post(url, {**given, "seen": sorted(seen), **BUTTON})
        case = case_of(clinic, CONDITIONAL_STORE)
        if sent.status == 303:  # saved: what the page holds now is in the case
            shown = clinic.get(url).soup
            holds = {q: a for q, a in case.answers.items() if q in {x.id for x in page.questions}}
        else:  # refused: what the page holds is on the page that came back
            assert sent.status == 400
            shown, holds = sent.soup, _chosen(sent.soup)
        visible = _visible(shown)
        # No answer given, on this page or another, has changed.
        for question, answer in given.items():
            if question in visible:
                assert holds[question] == answer, question
        for question, answer in before.items():
            assert case.answers.get(question) == answer, question
        # Every yes/no/don't know question the page shows is answered, except one that this
        # press has only just revealed, which the page shows for the practitioner to answer.
        for question in page.questions:
            if question.kind != "yes_no_unknown" or question.id not in visible:
                continue
            if question.id in given:
                continue
            just_revealed = question.show_if is not None and question.id not in seen
            if just_revealed and question.id not in holds:
                assert sent.status == 400 or sent.response.headers["Location"].endswith(
                    f"#question-{question.id}"
                )
                continue
            assert holds.get(question.id) == "unknown", question.id
        if sent.status == 303:
            filled = {q for q, a in holds.items() if a == "unknown" and q not in given}
            assert case.unknown_by_button == filled
    finally:
        CONDITIONAL_STORE.end(clinic.case_url.split("/")[2], Ended.CLEARED)


def test_the_benchmark_counts_the_clicks_the_button_saves() -> None:
    from tools.bench import TYPICAL_CASE, count_clicks

    nothing_known = count_clicks({}, button=True)
    assert nothing_known[1] == 1  # only whether the child is in immediate danger
    assert sum(nothing_known) < sum(count_clicks({}, button=False)) - 20
    typical = count_clicks(TYPICAL_CASE, button=True)
    assert typical[1] == len(TYPICAL_CASE)  # only what the practitioner knows
    assert typical[0] == nothing_known[0]  # and no more pages to send
