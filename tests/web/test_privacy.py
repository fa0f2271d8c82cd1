"""Nothing persists: no file written, nothing in the logs, nothing in an address.

Each test here breaks if the claim it checks stops being true.
"""

from __future__ import annotations

import dataclasses
import logging
import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

from cserq import create_app
from cserq.case import store as store_module
from cserq.case.store import CaseStore
from cserq.note.workers import NoteWorkers
from tests.guards import forbid_disk_writes
from tests.web.conftest import Clinic

# Values no page, log or address would hold unless an answer leaked into it.
MARKERS = {
    "child-name": "Zebedee Markerson",
    "child-nhs_number": "943 476 5919",
    "child-address": "7 Quokka Lane",
    "practitioner-name": "Nurse Narwhal",
    "danger_details": "Axolotl danger detail",
    "injuries-note": "Pangolin bruise note",
    "withdrawn-note": "Okapi note",
}
# The "Don't know" button, which marks the answers it gives: the mark is the case's alone.
DONT_KNOW = {"dont-know-rest": "unknown"}
ANSWERS = {
    "age": "16",
    "immediate_danger": "yes",
    "injuries": "yes",
    "injuries-source": "seen",
    **MARKERS,
}


def full_flow(clinic: Clinic) -> list[str]:
    """A whole case with every kind of page and error; returns every URL the app sent back."""
    urls: list[str] = []
    first = clinic.start()
    clinic.post(first, {"immediate_danger": "yes"})
    clinic.post(
        first,
        {
            "immediate_danger": "yes",
            "seen": "danger_details",
            "danger_details": MARKERS["danger_details"],
        },
    )
    clinic.post(f"{clinic.case_url}/about", {"age": "300", **MARKERS})  # a validation error
    clinic.post(f"{clinic.case_url}/about", {"padding": "x" * 200_000})  # too big
    clinic.client.post(f"{clinic.case_url}/about", data=dict(MARKERS))  # no CSRF token
    url = f"{clinic.case_url}/about"
    for _ in range(12):
        if url.endswith("/emotional"):  # the "Don't know" button, and what it marks
            page = clinic.post(url, {"withdrawn-note": MARKERS["withdrawn-note"], **DONT_KNOW})
        else:
            page = clinic.answer_page(url, ANSWERS)
        url = page.response.headers["Location"]
        urls.append(url)
        if url.endswith("/check"):
            break
    for path in ("/check", "/outcome"):
        page = clinic.get(clinic.case_url + path)
        urls += [a["href"] for a in page.soup.find_all("a", href=True)]
        urls += [f["action"] for f in page.soup.find_all("form", action=True)]
    decided = clinic.post(
        f"{clinic.case_url}/outcome", {"choice": "no_report", "reason": "Marmoset reason"}
    )
    urls.append(decided.response.headers["Location"])
    note = clinic.post(
        f"{clinic.case_url}/note", {"note_language": "cy+en"}, from_url=f"{clinic.case_url}/outcome"
    )
    assert note.response.data.startswith(b"%PDF")
    record = clinic.post(f"{clinic.case_url}/record", {}, from_url=f"{clinic.case_url}/outcome")
    assert b'"QuestionnaireResponse"' in record.response.data
    finished = clinic.post(
        f"{clinic.case_url}/finish", {"confirmed": "yes"}, from_url=f"{clinic.case_url}/outcome"
    )
    urls.append(finished.response.headers["Location"])
    return urls


def test_a_whole_case_writes_nothing_to_disk() -> None:
    with forbid_disk_writes() as writes:
        app = create_app({"TESTING": True})
        full_flow(Clinic(app.test_client()))
    assert writes == []


def test_no_answer_reaches_any_log(caplog: pytest.LogCaptureFixture, clinic: Clinic) -> None:
    caplog.set_level(logging.DEBUG)
    full_flow(clinic)
    logged = caplog.text + " ".join(str(r.args) for r in caplog.records)
    for marker in (*MARKERS.values(), "Marmoset reason", "dont-know", "by_button"):
        assert marker not in logged


def broken_render(*args: object, **kwargs: object) -> bytes:
    """A note that fails with the child's name in its message (run in a worker process too)."""
    raise ValueError(f"could not draw {MARKERS['child-name']}")


@pytest.mark.parametrize(
    ("workers", "status", "said", "logged"),
    [
        (0, 500, "Sorry, something went wrong", "Unhandled ValueError on note.note"),
        (1, 503, "The note could not be made just now", "A note could not be made: ValueError"),
    ],
)
def test_an_unexpected_failure_logs_no_answer(
    app: Flask,
    clinic: Clinic,
    caplog: pytest.LogCaptureFixture,
    workers: int,
    status: int,
    said: str,
    logged: str,
) -> None:
    """A note that fails, made in the request's thread or in a worker process: the page says
    so, and neither it nor the log carries the name the failure's message holds."""
    caplog.set_level(logging.DEBUG)
    clinic.complete({"age": "15", "child-name": MARKERS["child-name"]})
    failing = NoteWorkers(workers, 60, render=broken_render)
    app.extensions["cserq"] = dataclasses.replace(app.extensions["cserq"], note_workers=failing)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    try:
        page = clinic.post(f"{clinic.case_url}/note", {}, from_url=f"{clinic.case_url}/outcome")
    finally:
        failing.close()
    assert page.status == status
    assert said in page.text
    assert "Traceback" not in page.html
    assert logged in caplog.text
    assert MARKERS["child-name"] not in caplog.text
    if status == 500:  # the error page (the outcome page, shown again, names the child)
        assert MARKERS["child-name"] not in page.html


def test_no_answer_ever_appears_in_an_address(clinic: Clinic) -> None:
    for url in full_flow(clinic):
        for marker in (*MARKERS.values(), "Marmoset reason", "Zebedee", "Quokka", "dont-know"):
            assert marker.replace(" ", "+") not in url
            assert marker.replace(" ", "%20") not in url
            assert marker not in url
        assert not re.search(r"[?&](age|injuries|immediate_danger)=", url)


def test_every_response_says_no_store(clinic: Clinic) -> None:
    first = clinic.start()
    responses = [
        clinic.client.get("/"),
        clinic.client.get(first),
        clinic.client.post(first, data={}),  # CSRF refusal
        clinic.client.get("/case/none/about"),
        clinic.client.get("/static/cserq.js"),
    ]
    clinic.complete({"age": "15"})
    for download in ("note", "record"):
        url = f"{clinic.case_url}/{download}"
        responses.append(clinic.post(url, {}, from_url=f"{clinic.case_url}/outcome").response)
    for response in responses:
        assert response.headers["Cache-Control"] == "no-store"
        response.close()


@pytest.mark.parametrize("how", ["finish", "clear", "expire"])
def test_ending_a_case_leaves_nothing_in_the_store(
    clinic: Clinic,
    store: CaseStore,
    clock,
    how: str,  # type: ignore[no-untyped-def]
) -> None:
    clinic.complete({"age": "15", "child-name": MARKERS["child-name"]})
    case_id = clinic.case_url.split("/")[2]
    if how == "finish":
        clinic.post(
            f"{clinic.case_url}/finish", {"confirmed": "yes"}, from_url=f"{clinic.case_url}/outcome"
        )
    elif how == "clear":
        clinic.post(f"{clinic.case_url}/clear", {})
    else:
        clock.now += 31 * 60
        len(store)  # expiry happens on the next look
    assert store.status(case_id) is not None
    assert not hasattr(store.status(case_id), "answers")
    assert len(store) == 0
    assert MARKERS["child-name"] not in repr(vars(store))


def test_a_restart_forgets_every_case(clinic: Clinic, client: FlaskClient) -> None:
    first = clinic.start()
    restarted = create_app({"TESTING": True})
    # The same browser, with its old cookie, at the restarted app.
    response = restarted.test_client().get(first, headers={"Cookie": _cookie(client)})
    assert response.status_code == 404
    assert restarted.config["SECRET_KEY"] != clinic.client.application.config["SECRET_KEY"]


def _cookie(client: FlaskClient) -> str:
    cookie = client.get_cookie("cserq_session")
    return f"cserq_session={cookie.value}" if cookie else ""


def test_what_is_remembered_of_the_questions_shown_holds_no_typed_answer(clinic: Clinic) -> None:
    """The questions shown are remembered for each set of answers the conditions read: no
    words typed, saved or refused, are kept there after their request."""
    first = clinic.start()
    words = MARKERS["danger_details"]
    clinic.post(
        first, {"immediate_danger": "yes", "seen": "danger_details", "danger_details": words}
    )
    refused = clinic.post(f"{clinic.case_url}/questions/physical", {"injuries": "maybe",
                          "injuries-note": MARKERS["injuries-note"]})  # fmt: skip
    assert refused.status == 400
    clinic.answer_page(f"{clinic.case_url}/questions/physical", {"injuries": "yes",
                       "injuries-note": MARKERS["injuries-note"]})  # fmt: skip
    remembered = repr(store_module._shown._kept)
    assert "immediate_danger" in remembered  # what the conditions read is remembered
    for typed in (words, MARKERS["injuries-note"]):
        assert typed not in remembered
