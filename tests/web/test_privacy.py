"""Nothing persists: no file written, nothing in the logs, nothing in an address.

Each test here breaks if the claim it checks stops being true.
"""

from __future__ import annotations

import dataclasses
import datetime
import gc
import logging
import multiprocessing
import re
import secrets
import sys
import threading
import time
from collections import OrderedDict
from collections.abc import Iterable

import pytest
from flask import Flask
from flask.testing import FlaskClient

from cserq import create_app
from cserq.case.store import CaseStore, MemoryStore, _sweeper
from cserq.case.summary import AnswerNote, CaseSummary, Decision, PoliceCall
from cserq.note.document import render_note
from cserq.note.settings import NoteSettings
from cserq.note.workers import NoteWorkers, _serve, _Worker
from cserq.questionnaire.model import Questionnaire
from tests.guards import forbid_disk_writes
from tests.web.conftest import Clinic, FakeClock

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


def _end_case(clinic: Clinic, store: CaseStore, clock: FakeClock, how: str) -> None:
    """End the clinic's case as the practitioner would ("finish", "clear") or by leaving it
    ("expire"): the memory store's sweeper ends it with no one looking; Redis ends it by the
    key's time to live, which this store checks against the clock on a look."""
    if how == "finish":
        outcome = f"{clinic.case_url}/outcome"
        clinic.post(f"{clinic.case_url}/finish", {"confirmed": "yes"}, from_url=outcome)
        return
    if how == "clear":
        clinic.post(f"{clinic.case_url}/clear", {})
        return
    clock.now += 31 * 60
    if not isinstance(store, MemoryStore):
        len(store)
        return
    _sweeper.wake.set()
    for _ in range(500):
        if not store._cases:
            return
        time.sleep(0.01)


@pytest.mark.parametrize("how", ["finish", "clear", "expire"])
def test_ending_a_case_leaves_nothing_in_the_store(
    clinic: Clinic, store: CaseStore, clock: FakeClock, how: str
) -> None:
    clinic.complete({"age": "15", "child-name": MARKERS["child-name"]})
    case_id = clinic.case_url.split("/")[2]
    _end_case(clinic, store, clock, how)
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


def _holding(words: Iterable[str]) -> list[str]:
    """What in this process still holds any of ``words``, as text or as bytes (UTF-8, or
    UTF-16 as a PDF's text may be): every object reachable from those the collector tracks,
    the tuples and dicts it stops tracking included."""
    texts = list(words)
    raw = [form for word in texts for form in (word.encode(), word.encode("utf-16-be"))]
    found: list[str] = []
    gc.collect()
    # The frames every thread is running now, their locals included, beside what gc tracks.
    frames = [frame for frame in sys._current_frames().values() if frame is not sys._getframe()]
    stack = [obj for obj in [*gc.get_objects(), *frames] if obj is not found]
    del frames
    seen = {id(obj) for obj in [*stack, texts, raw, found, *texts, *raw]}
    while stack:
        holder = stack.pop()
        for held in gc.get_referents(holder):
            if id(held) in seen:
                continue
            seen.add(id(held))
            if isinstance(held, str):
                hit = any(word in held for word in texts)
            elif isinstance(held, bytes | bytearray):
                hit = any(form in held for form in raw)
            else:
                stack.append(held)
                continue
            if hit:
                found.append(f"{type(holder).__qualname__} {repr(holder)[:200]}")
    return found


@pytest.mark.parametrize("how", ["finish", "clear", "expire"])
def test_an_ended_case_leaves_nothing_typed_anywhere_in_the_process(
    clinic: Clinic, store: CaseStore, clock: FakeClock, how: str
) -> None:
    """Everything typed into a case (details, danger details, a note on an answer, the
    decision's reason, the police reference), outcome seen and note made, is held by nothing
    in the process once the case ends: no store, no remembered result, no kept page or note."""
    typed = {
        name: f"{label}{secrets.token_hex(6)}"
        for name, label in [
            ("child-name", "Zebedee"),
            ("child-address", "Quokka Lane "),
            ("practitioner-name", "Narwhal"),
            ("danger_details", "Axolotl"),
            ("injuries-note", "Pangolin"),
            ("reason", "Okapi"),
            ("police_reference", "SWP-"),
        ]
    }
    on_pages = {k: v for k, v in typed.items() if k not in ("reason", "police_reference")}
    clinic.complete({"immediate_danger": "yes", "age": "15", "injuries": "yes",
                     "injuries-source": "seen", **on_pages})  # fmt: skip
    outcome = f"{clinic.case_url}/outcome"
    recorded = clinic.post(outcome, {"choice": "emergency", "reason": typed["reason"],
                           "police_called": "yes", "police_at": "14:10",
                           "police_reference": typed["police_reference"]})  # fmt: skip
    assert recorded.status == 303
    assert typed["reason"] in clinic.outcome().text
    for download in ("note", "record"):
        made = clinic.post(f"{clinic.case_url}/{download}", {}, from_url=outcome)
        assert made.status == 200
        made.response.close()
    del made, recorded
    holders_while_open = len(_holding(typed.values()))  # a count: the list would hold them
    if isinstance(store, MemoryStore):
        assert holders_while_open >= len(typed)  # while the case is open, the store holds each
    else:  # a central store keeps an open case sealed in Redis, and this process nothing of it
        assert holders_while_open == 0
    _end_case(clinic, store, clock, how)
    assert _holding(typed.values()) == []


def test_a_note_worker_holds_nothing_of_a_case_once_its_note_is_sent(cserq: Questionnaire) -> None:
    """A note worker outlives every case it draws a note for: once it has sent a note back,
    nothing typed into that case (the child's name, danger details, a note on an answer, the
    decision's reason, the police reference) is held by it. The worker's own loop runs here in
    a thread, down the same kind of pipe, so that this process's memory is the worker's."""
    typed = {name: f"{name}{secrets.token_hex(6)}" for name in
             ("child", "danger", "note", "reason", "police")}  # fmt: skip
    # A word in Arabic letters, as a note on an answer may be: text in a script other than
    # Latin is measured word by word (shaped), where Latin text is not.
    typed["arabic"] = "".join("ابتثجحخدذرزسشصضط"[int(c, 16)] for c in secrets.token_hex(6))
    ours, theirs = multiprocessing.Pipe()
    serving = threading.Thread(target=_serve, args=(theirs, render_note), daemon=True)
    serving.start()
    assert ours.recv_bytes() == b"ready"
    worker = _Worker.__new__(_Worker)  # the app's side of one worker, on this pipe
    worker.conn, worker.known = ours, OrderedDict()
    summary = CaseSummary(
        cserq,
        {"immediate_danger": "yes", "danger_details": typed["danger"], "injuries": "yes"},
        child={"name": typed["child"]},
        notes={"injuries": AnswerNote(f"{typed['note']} قال {typed['arabic']}", "seen")},
        decision=Decision("emergency", reason=typed["reason"]),
        police=PoliceCall(called=True, at="14:10", reference=typed["police"]),
    )
    at = datetime.datetime(2026, 12, 3, 14, 30)
    made = worker.make(summary, 60, {"language": "en", "generated_at": at,
                                     "settings": NoteSettings()})  # fmt: skip
    assert made.startswith(b"%PDF")
    del summary, made
    try:
        assert _holding(typed.values()) == []
    finally:
        ours.close()
        serving.join(5)
