"""Every mistake on a page names the question it is about, in the reader's language, so a page
with several says which is which: in the list of problems and beside each field alike."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given
from hypothesis import strategies as st

from cserq import create_app
from cserq.base.languages import translations
from cserq.case.store import Ended
from cserq.questionnaire.model import Question
from cserq.words.wording import Wording
from tests.hypo import fewer_settings
from tests.web.conftest import Clinic, Page

APP = create_app({"TESTING": True})
QUESTIONNAIRE = APP.extensions["cserq"].questionnaires["cserq"]
PAGES = APP.extensions["cserq"].pages["cserq"]
STORE = APP.extensions["cserq"].store


def question_text(question_id: str, language: str = "en") -> str:
    """The question as the reader sees it, from the questionnaire and its Welsh catalogue."""
    words = Wording(QUESTIONNAIRE, translations(language), language)
    return words.question(QUESTIONNAIRE.questions[question_id])


def inline_errors(page: Page) -> dict[str, str]:
    """Each message shown beside a field, by the field's name, without the hidden "Error:"."""
    shown = {}
    for message in page.soup.select(".error-message"):
        for hidden in message.select(".visually-hidden"):
            hidden.decompose()
        shown[message["id"].removesuffix("-error")] = message.get_text(" ", strip=True)
    return shown


def test_three_unanswered_questions_are_three_different_messages(clinic: Clinic) -> None:
    clinic.start()
    clinic.post(f"{clinic.case_url}/about", {"age": "15"})  # pregnancy is asked from 8
    page = clinic.post(f"{clinic.case_url}/questions/physical", {})
    assert page.status == 400
    expected = [
        f"Choose Yes, No or Don't know: {question_text(q)}"
        for q in ("injuries", "sti", "pregnancy")
    ]
    assert page.errors == expected
    assert "Does the child have bruises or other injuries" in page.errors[0]
    links = [a["href"] for a in page.soup.select(".error-summary a")]
    assert links == ["#injuries-yes", "#sti-yes", "#pregnancy-yes"]
    for link in links:
        assert page.soup.select_one(link) is not None  # each link goes to its field
    assert inline_errors(page) == dict(zip(["injuries", "sti", "pregnancy"], expected, strict=True))


def test_each_kind_of_mistake_names_its_question_or_detail(clinic: Clinic) -> None:
    clinic.start()
    case = clinic.case_url
    about = clinic.post(
        f"{case}/about", {"age": "fourteen", "child-name": "x" * 201, "child-school": "y" * 201}
    )
    assert about.errors == [
        "Enter a whole number, using digits (like 14): How old is the child?",
        "Use 200 characters or fewer: Name",
        "Use 200 characters or fewer: School or college, and attendance",
    ]
    known = clinic.post(
        f"{case}/questions/what_known",
        {
            "disclosure": "no",
            "exchange": "no",
            "sexual_activity": "maybe",
            "within_family": "no",
            "concern_date": "3/4/26",
        },
    )
    assert known.errors == [
        f"Choose one of the answers shown: {question_text('sexual_activity')}",
        f"Enter the year in full (like 2026): {question_text('concern_date')}",
    ]
    signs = clinic.post(
        f"{case}/questions/physical",
        {"injuries": "no", "sti": "no", "pregnancy": "no", "sti-note": "z" * 1001,
         "sti-source": "rumour"},
    )  # fmt: skip
    assert signs.errors == [
        f"Use 1000 characters or fewer in your note on this question: {question_text('sti')}",
        "Choose one of the answers shown for where the information came from:"
        f" {question_text('sti')}",
    ]


def test_welsh_messages_name_the_welsh_question(clinic: Clinic) -> None:
    clinic.get("/language/cy")
    clinic.start()
    clinic.post(f"{clinic.case_url}/about", {"age": "15"})  # pregnancy is asked from 8
    page = clinic.post(f"{clinic.case_url}/questions/physical", {"injuries": "maybe"})
    assert page.errors == [
        f"Dewiswch un o'r atebion a ddangosir: {question_text('injuries', 'cy')}",
        f"Dewiswch Ie, Na neu Ddim yn gwybod: {question_text('sti', 'cy')}",
        f"Dewiswch Ie, Na neu Ddim yn gwybod: {question_text('pregnancy', 'cy')}",
    ]
    assert "Ydy'r plentyn wedi cael haint" in page.errors[1]
    about = clinic.post(f"{clinic.case_url}/about", {"age": "", "child-address": "x" * 501})
    assert about.errors == [
        "Rhowch rif: Faint yw oed y plentyn?",
        "Defnyddiwch 500 nod neu lai: Cyfeiriad",
    ]


# --- any page, any mix of answers and mistakes ---


def _mistakes(question: Question) -> st.SearchStrategy[dict[str, str]]:
    """What a practitioner (or a tampered form) may send for one question: a good answer,
    nothing, a value the question does not take, and for a sign a note too long for it."""
    good = {
        "yes_no_unknown": "unknown",
        "choice": question.options[0].code if question.options else "",
        "multi": question.options[0].code if question.options else "",
        "number": "14",
        "date": "27/3/2026",
        "text": "a few words",
    }[question.kind]
    bad = {
        "yes_no_unknown": "maybe",
        "choice": "stranger",
        "multi": "stranger",
        "number": "fourteen",
        "date": "31/02/2026",
        "text": "x" * 3000,
    }[question.kind]
    answer = st.sampled_from([{question.id: good}, {}, {question.id: bad}])
    if not question.is_sign:
        return answer
    note = st.sampled_from(
        [{}, {f"{question.id}-note": "n" * 1001}, {f"{question.id}-source": "?"}]
    )
    return st.tuples(answer, note).map(lambda both: {**both[0], **both[1]})


@st.composite
def posted_pages(draw: st.DrawFn) -> tuple[str, str, dict[str, str]]:
    page = draw(st.sampled_from(PAGES))
    form: dict[str, str] = {}
    for question in page.questions:
        form |= draw(_mistakes(question))
    url = "about" if page.section is None else f"questions/{page.section.id}"
    return draw(st.sampled_from(["en", "cy"])), url, form


@pytest.mark.slow
@fewer_settings(suppress_health_check=[HealthCheck.too_slow])
@given(posted=posted_pages())
def test_every_message_names_its_question_and_none_is_repeated(
    posted: tuple[str, str, dict[str, str]],
) -> None:
    language, url, form = posted
    clinic = Clinic(APP.test_client())
    clinic.get(f"/language/{language}")
    clinic.start()
    try:
        page = clinic.post(f"{clinic.case_url}/{url}", form)
    finally:
        STORE.end(clinic.case_url.split("/")[2], Ended.CLEARED)  # the store has a limit
    if page.status == 303:
        assert page.errors == []  # nothing was wrong, so the page was saved
        return
    assert page.status == 400
    links = [a["href"].removeprefix("#") for a in page.soup.select(".error-summary a")]
    assert links, "a refused page lists its problems"
    for link, message in zip(links, page.errors, strict=True):
        question_id = link.split("-", 1)[0]
        assert question_text(question_id, language) in message, (link, message)
        assert page.soup.find(id=link) is not None, link
    assert len(set(page.errors)) == len(page.errors), page.errors
    assert sorted(inline_errors(page).values()) == sorted(page.errors)
