"""Random and malformed requests to every route: no 5xx, errors in the reader's language, and
no case changed by a request that should not change it."""

from __future__ import annotations

import string

from hypothesis import HealthCheck, given
from hypothesis import strategies as st

from cserq import create_app
from cserq.case.store import Case
from cserq.questionnaire.answers import check_answers
from tests.hypo import many_settings
from tests.web.conftest import Clinic, Page
from tests.web.test_welsh import english_left

APP = create_app({"TESTING": True})
STORE = APP.extensions["cserq"].store
QUESTIONS = list(APP.extensions["cserq"].questionnaires["cserq"].questions)
ROUTES = [
    "/", "/start", "/finished", "/language/{word}", "/case/{id}/about",
    "/case/{id}/questions/{section}", "/case/{id}/check", "/case/{id}/outcome", "/case/{id}/note",
    "/case/{id}/finish", "/case/{id}/clear", "/case/{id}/extend", "/static/{word}", "/{word}",
]  # fmt: skip
SECTIONS = ["safety", "child", "what_known", "physical", "behavioural", "vulnerability", "nope"]

texts = st.text(alphabet=st.characters(codec="utf-8"), max_size=60)
words = st.text(alphabet=string.ascii_letters + string.digits + "_-.%", min_size=1, max_size=20)
field_names = st.one_of(
    st.sampled_from(QUESTIONS), st.sampled_from([f"{q}-note" for q in QUESTIONS]), words
)
field_values = st.one_of(
    st.sampled_from(["yes", "no", "unknown", "14", "300", "-1", "", "seen", "2026-02-31"]),
    texts,
    st.text(max_size=3000).map(lambda t: t * 3),
)
requests = st.fixed_dictionaries(
    {
        "method": st.sampled_from(["GET", "POST", "POST", "POST", "PUT", "DELETE", "HEAD"]),
        "route": st.sampled_from(ROUTES),
        "case": st.sampled_from(["mine", "theirs", "unknown"]),
        "section": st.sampled_from(SECTIONS),
        "word": words,
        "form": st.dictionaries(field_names, field_values, max_size=8),
        "raw": st.one_of(st.none(), st.binary(max_size=300), st.just(b"\xff\xfe" * 40_000)),
        "token": st.sampled_from(["valid", "missing", "garbage"]),
        "language": st.sampled_from(["en", "cy"]),
        # Anything a header can carry: Latin-1 without control characters.
        "accept_language": st.one_of(
            st.none(),
            st.text(st.characters(codec="latin-1", exclude_categories=["Cc"]), max_size=80),
            st.just("cy-GB,cy;q=0.9"),
        ),
    }
)


def _answers_are_valid(case_id: str) -> bool:
    case = STORE.status(case_id)
    if not isinstance(case, Case):
        return True
    _, problems = check_answers(case.questionnaire, case.answers)
    return problems == []


# Another browser's case, which nothing the fuzzer sends may touch.
THEIRS = Clinic(APP.test_client())
THEIRS.complete({"age": "15", "child-name": "Siân", "injuries": "yes"})
THEIR_ID = THEIRS.case_url.split("/")[2]
BROWSERS: dict[str, Clinic] = {}


def _my_case(language: str) -> tuple[Clinic, str]:
    """The fuzzing browser (one per language) and its case, started again if the fuzzer ended it."""
    mine = BROWSERS.get(language)
    if mine is None:
        mine = BROWSERS[language] = Clinic(APP.test_client())
        mine.get(f"/language/{language}")
    if not mine.case_url or not isinstance(STORE.status(mine.case_url.split("/")[2]), Case):
        mine.complete({"age": "12", "sexual_activity": "yes"})
    return mine, mine.case_url.split("/")[2]


@many_settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(request=requests)
def test_fuzzed_requests(request: dict) -> None:  # type: ignore[type-arg]
    their_answers = dict(STORE.status(THEIR_ID).answers)  # type: ignore[union-attr]
    mine, my_id = _my_case(request["language"])
    my_answers = dict(STORE.status(my_id).answers)  # type: ignore[union-attr]

    case_id = {"mine": my_id, "theirs": THEIR_ID, "unknown": "x" * 32}[request["case"]]
    path = request["route"].format(id=case_id, section=request["section"], word=request["word"])
    form = dict(request["form"])
    if request["token"] == "valid":
        form["csrf_token"] = mine.get("/").csrf()
    elif request["token"] == "garbage":
        form["csrf_token"] = "not-a-token"
    headers = {}
    if request["accept_language"] is not None:
        headers["Accept-Language"] = (
            request["accept_language"].encode("utf-8", "replace").decode("latin-1")
        )
    body = request["raw"]
    response = mine.client.open(
        path,
        method=request["method"],
        data=body if body is not None else form,
        headers=headers,
        content_type="application/x-www-form-urlencoded" if body is not None else None,
    )
    try:
        assert response.status_code < 500, (path, response.status_code)
        if response.status_code >= 400 and response.mimetype == "text/html" and response.data:
            page = Page(response)
            assert page.soup.html["lang"] == request["language"], path
            if request["language"] == "cy":
                assert english_left(page) == [], path
    finally:
        response.close()

    assert STORE.status(THEIR_ID).answers == their_answers  # type: ignore[union-attr]
    if request["token"] != "valid" and isinstance(STORE.status(my_id), Case):
        assert STORE.status(my_id).answers == my_answers  # type: ignore[union-attr]
    assert _answers_are_valid(my_id)
