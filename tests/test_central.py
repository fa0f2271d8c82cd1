"""A health board's central service: app processes sharing a Redis (docs/deployment.md).

Each test that reads a whole store, or changes its settings, has a Redis of its own, started
as the deployment guide says; the rest share the run's one (each app with its own secret).
"""

from __future__ import annotations

import datetime
import functools
import io
import os
import re
import secrets
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import redis
from hypothesis import assume, given
from hypothesis import strategies as st
from pypdf import PdfReader

from cserq import create_app
from cserq.base.text import brief
from cserq.case.redis_store import RedisStore
from cserq.case.store import Case, Ended
from cserq.note.workers import NoteFailed, NoteTooSlow, NoteWorkers, _Worker
from cserq.questionnaire.loader import load_questionnaire
from cserq.questionnaire.model import Questionnaire
from cserq.settings.options import SettingError, read_settings, redacted
from tests.conftest import SHIPPED
from tests.hypo import fewer_settings
from tests.redis_server import RedisServer
from tests.web.conftest import Clinic
from tools.loadtest import (
    SERVE,
    TOKEN,
    Browser,
    answer_every_page,
    complete_case,
    running_server,
    worst_case_answers,
)

DOCS = Path(__file__).parents[1] / "docs" / "deployment.md"
NAME, SCHOOL, NOTE = "Zebedee Quixwyn", "Ysgol Zzyzx", "Seen near the Qwerty arcade"


@pytest.fixture
def own_redis(tmp_path: Path) -> RedisServer:
    server = RedisServer(tmp_path / "redis")
    yield server  # type: ignore[misc]
    server.stop()


def secret_file(folder: Path) -> Path:
    path = folder / "secret"
    path.write_text(secrets.token_hex(32) + "\n")
    path.chmod(0o600)
    return path


def central_app(url: str, **config: object):  # type: ignore[no-untyped-def]
    return create_app(
        {"TESTING": True, "STORE": url, "SECRET_KEY": secrets.token_hex(32), **config}
    )


def walk_with_details(clinic: Clinic) -> str:
    """A case with a name, a school and a note on an answer, to the outcome; its id."""
    answers = {"age": "14", "child-name": NAME, "child-school": SCHOOL}
    clinic.complete({**answers, "injuries": "yes", "injuries-note": NOTE}, "no")
    return clinic.case_url.split("/")[2]


def test_a_case_moves_between_two_app_processes(redis_server: RedisServer, tmp_path: Path) -> None:
    """Two `cserq serve` processes with the same store and secret file, every request to the
    other one in turn: the case carries on in each, and its note is about the child."""
    env = {"CSERQ_STORE": redis_server.url, "CSERQ_SECRET_FILE": str(secret_file(tmp_path))}
    answers = {"age": "15", "child-name": NAME, "injuries": "yes", "injuries-note": NOTE}
    with running_server(env) as (first, _), running_server(env) as (second, _):
        browser, level, pdf = complete_case(first, answers, spread=(second,))
    assert browser.sent > 20  # half of them to each process
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert NAME in text
    assert NOTE in " ".join(text.split())
    assert level


def test_nothing_of_a_case_is_in_the_store_in_plain_text(own_redis: RedisServer) -> None:
    """Every value the store holds, read directly: no answer, name, note, id or PDF."""
    app = central_app(own_redis.url)
    clinic = Clinic(app.test_client())
    case_id = walk_with_details(clinic)
    note = clinic.post(
        f"/case/{case_id}/note", {"note_language": "en"}, from_url=f"/case/{case_id}/outcome"
    )
    assert note.response.data.startswith(b"%PDF")
    held = own_redis.everything()
    assert any(key.startswith(b"cserq:n:") for key in held)  # the note is kept, sealed
    words = [NAME, SCHOOL, NOTE, case_id, "Zebedee", "injuries", "immediate_danger", "%PDF"]
    for key, values in held.items():
        for value in [key, *values]:
            for word in words:
                assert word.encode() not in value, (key, word)
                assert word.encode("utf-16-le") not in value, (key, word)
        assert re.fullmatch(rb"cserq:[a-z]+:[0-9a-f]{32}", key), key


def test_every_key_expires_with_the_idle_timeout(own_redis: RedisServer) -> None:
    app = central_app(own_redis.url, IDLE_TIMEOUT_MINUTES="2")
    walk_with_details(Clinic(app.test_client()))
    client = own_redis.client
    ttl = {key: client.pttl(key) for key in client.scan_iter()}
    assert ttl
    assert all(t > 0 for t in ttl.values()), ttl  # none is kept for ever
    for key, left in ttl.items():
        if key.split(b":")[1] in (b"c", b"a", b"n"):  # the case, its use, its notes
            assert left <= 120_000, key


def test_an_idle_case_leaves_the_store_when_its_time_is_up(
    own_redis: RedisServer, cserq: Questionnaire
) -> None:
    store = RedisStore(
        own_redis.client,
        secret=secrets.token_hex(32),
        questionnaires={cserq.id: cserq},
        idle_timeout=0.3,
        max_cases=5,
    )
    case = store.open(cserq)
    with store.editing(case.id) as editing:
        editing.answers = {"immediate_danger": "yes"}
    time.sleep(0.6)
    kinds = {key.split(b":")[1] for key in own_redis.client.scan_iter()}
    assert kinds <= {b"e", b"open"}  # only why it ended (sealed), and the count
    assert store.status(case.id) is Ended.EXPIRED
    assert store.ended_in_danger(case.id)  # the pages after it still say phone 999


@pytest.mark.parametrize(
    ("setting", "value", "said"),
    [
        ("save", "3600 1", 'the store saves snapshots to disk (save "3600 1"): set save ""'),
        ("appendonly", "yes", "the store keeps an append-only file on disk"),
        ("repl-diskless-sync", "no", "a replica joining would make the store write a snapshot"),
        ("maxmemory-policy", "allkeys-lru", "the store may drop cases when its memory is full"),
    ],
)
def test_it_refuses_a_redis_that_persists(
    own_redis: RedisServer, setting: str, value: str, said: str
) -> None:
    own_redis.client.config_set(setting, value)
    with pytest.raises(SettingError) as refused:
        central_app(own_redis.url)
    assert str(refused.value).startswith("CSERQ_STORE='unix://")
    assert str(refused.value).endswith(said) or said in str(refused.value)
    assert "\n" not in str(refused.value)


def test_it_refuses_a_replica(own_redis: RedisServer) -> None:
    # A replica of a primary that cannot be reached is a replica all the same.
    own_redis.client.execute_command("REPLICAOF", "127.0.0.1", "9")
    with pytest.raises(SettingError, match="the store is a replica"):
        central_app(own_redis.url)


def test_a_redis_whose_settings_cannot_be_read_is_refused(tmp_path: Path) -> None:
    hidden = RedisServer(tmp_path / "hidden", "--rename-command", "CONFIG", "")
    try:
        with pytest.raises(SettingError, match="so the app cannot check that nothing is kept"):
            central_app(hidden.url)
    finally:
        hidden.stop()


def test_a_persistence_setting_changed_while_it_runs_stops_new_cases(
    own_redis: RedisServer,
) -> None:
    app = central_app(own_redis.url)
    store = app.extensions["cserq"].store
    store.check_every = 0.0
    clinic = Clinic(app.test_client())
    first = clinic.start()
    own_redis.client.config_set("save", "60 1")
    refused = clinic.post("/start", {}, from_url="/")
    assert refused.status == 503
    assert "New cases cannot be started just now" in refused.text
    assert "Tell your IT team" in refused.text
    store.check_every = 3600.0  # no check for an hour: what the last one found still holds
    for _ in range(2):
        assert clinic.post("/start", {}, from_url="/").status == 503
    assert clinic.get(first).status == 200  # the open case can still be finished
    own_redis.client.config_set("save", "")
    store.check_every = 0.0
    assert clinic.post("/start", {}, from_url="/").status == 303


def test_a_case_started_with_another_questionnaire_ends_everywhere(
    redis_server: RedisServer, cserq: Questionnaire, tmp_path: Path
) -> None:
    """A pack updated and its processes restarted one by one: a case from the old version is
    not continued with the new one, and is gone for the old processes too."""
    changed = tmp_path / "cserq.yaml"
    changed.write_text(SHIPPED.read_text().replace("version: ", "version: 9", 1))
    newer = load_questionnaire(changed)
    secret, client = secrets.token_hex(32), redis.Redis.from_url(redis_server.url)
    limits = {"idle_timeout": 600, "max_cases": 5}
    old = RedisStore(client, secret=secret, questionnaires={cserq.id: cserq}, **limits)
    new = RedisStore(client, secret=secret, questionnaires={newer.id: newer}, **limits)
    case = old.open(cserq)
    assert new.status(case.id) is None  # "the tool was restarted"
    assert old.status(case.id) is None
    assert not old.ended_in_danger(case.id)


def test_a_store_that_goes_away_gives_a_page_that_says_so(own_redis: RedisServer) -> None:
    app = central_app(own_redis.url)
    clinic = Clinic(app.test_client())
    first = clinic.start()
    own_redis.stop()
    page = clinic.get(first)
    assert page.status == 503
    assert "The answers cannot be reached just now" in page.text
    assert "Traceback" not in page.html


def test_the_documented_acl_user_runs_a_case_and_cannot_change_the_store(
    own_redis: RedisServer,
) -> None:
    """The user the deployment guide creates, exactly as it is written there."""
    rule = re.search(r"^ACL SETUSER cserq .*$", DOCS.read_text(), re.MULTILINE)
    assert rule, "docs/deployment.md gives the ACL rule"
    password = secrets.token_hex(16)
    own_redis.client.execute_command(*rule.group(0).replace("CHANGE-ME", password).split()[0:])
    url = f"unix://cserq:{password}@{own_redis.socket}"
    app = central_app(url)
    clinic = Clinic(app.test_client())
    case_id = walk_with_details(clinic)
    note = clinic.post(
        f"/case/{case_id}/note", {"note_language": "cy"}, from_url=f"/case/{case_id}/outcome"
    )
    assert note.response.data.startswith(b"%PDF")
    limited = redis.Redis.from_url(url)
    for forbidden in (("CONFIG", "SET", "save", "60 1"), ("FLUSHALL",), ("SET", "other", "1")):
        with pytest.raises(redis.exceptions.NoPermissionError):
            limited.execute_command(*forbidden)


def test_a_value_moved_to_another_case_does_not_open(
    redis_server: RedisServer, cserq: Questionnaire
) -> None:
    store = RedisStore(
        redis.Redis.from_url(redis_server.url),
        secret=secrets.token_hex(32),
        questionnaires={cserq.id: cserq},
        idle_timeout=600,
        max_cases=5,
    )
    one, two = store.open(cserq), store.open(cserq)
    with store.editing(one.id) as editing:
        editing.child = {"name": NAME}
    client = store.client
    name_one, name_two = store._seal.name("c", one.id), store._seal.name("c", two.id)
    client.set(name_two, client.get(name_one) or b"")
    assert not isinstance(store.status(two.id), Case)  # not the other child's answers
    client.set(name_one, b"\x00" * 60)
    assert not isinstance(store.status(one.id), Case)  # nor a changed value


NOWHERE = "unix:///nowhere/redis.sock"
BAD_STORES = [
    ({"STORE": NOWHERE}, f"CSERQ_STORE={NOWHERE!r}: a shared store needs"),
    (
        {"STORE": NOWHERE, "SECRET_FILE": "/nowhere/secret"},
        "CSERQ_SECRET_FILE='/nowhere/secret': there is no file there",
    ),
    (
        {"STORE": "redis://user:hunter2hunter2@localhost:1/0", "SECRET_KEY": "k" * 40},
        "CSERQ_STORE='redis://***@localhost:1/0': cannot reach the store: ConnectionError",
    ),
    ({"STORE": "ftp://somewhere"}, "CSERQ_STORE='ftp://somewhere': give memory, or the URL"),
]


@pytest.mark.parametrize(("settings", "said"), BAD_STORES)
def test_a_wrong_or_missing_store_or_secret_is_said_in_one_line(
    settings: dict[str, str], said: str
) -> None:
    with pytest.raises(SettingError) as refused:
        create_app({"TESTING": True, **settings})
    assert str(refused.value).startswith(said)
    assert "hunter2" not in str(refused.value)
    assert len(refused.value.lines) == 1
    assert "\n" not in refused.value.lines[0]


def test_a_secret_file_too_short_or_unreadable_is_refused_without_showing_it(
    tmp_path: Path,
) -> None:
    short = tmp_path / "short"
    short.write_text("tiny-secret")
    with pytest.raises(SettingError) as refused:
        read_settings({"STORE": "unix:///x.sock", "SECRET_FILE": str(short)})
    assert "the file is too short or not text" in str(refused.value)
    assert "tiny-secret" not in str(refused.value)
    other = secret_file(tmp_path)
    with pytest.raises(SettingError, match="differs from CSERQ_SECRET_KEY"):
        read_settings({"SECRET_FILE": str(other), "SECRET_KEY": "x" * 40})


def test_serve_says_a_store_problem_in_one_line(own_redis: RedisServer, tmp_path: Path) -> None:
    own_redis.client.config_set("appendonly", "yes")
    env = {"CSERQ_STORE": own_redis.url, "CSERQ_SECRET_FILE": str(secret_file(tmp_path))}
    done = subprocess.run(
        [sys.executable, "-m", "cserq", "serve", "--no-browser", "--port", "0"],
        capture_output=True,
        text=True,
        env={**__import__("os").environ, **env},
        timeout=60,
    )
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        f"Error: CSERQ_STORE={brief(own_redis.url)}: the store keeps an append-only file on"
        " disk (appendonly yes): set appendonly no"
    ]


@fewer_settings()
@given(st.text(max_size=80))
def test_any_store_setting_is_taken_or_refused_in_one_line(value: str) -> None:
    try:
        settings = read_settings({"STORE": value, "SECRET_KEY": "s" * 40})
    except SettingError as error:
        lines = error.lines
    else:
        lines = ()
    if lines:
        assert len(lines) == 1
        assert "\n" not in lines[0]
        assert lines[0].startswith("CSERQ_STORE=")
        return
    assert settings.store == "memory" or settings.store.split("://")[0].lower() in (
        "redis", "rediss", "unix"
    )  # fmt: skip


def _refused_line(url: str) -> str:
    """The line that says the store at ``url`` cannot be reached."""
    with pytest.raises(SettingError) as refused:
        create_app({"TESTING": True, "STORE": url, "SECRET_KEY": "s" * 40})
    return " ".join(refused.value.lines)


_said_for_any = functools.cache(lambda where: _refused_line(where.format("Zq9xW")))
"""What the line says for a store of this form whatever the password (here another one)."""


@fewer_settings()
@given(
    password=st.text(st.characters(codec="ascii", categories=["L", "N", "P", "S"]), min_size=4),
    where=st.sampled_from(["unix://cserq:{}@/nowhere/redis.sock", "redis://u:{}@127.0.0.1:1/0"]),
)
def test_a_store_password_is_never_said(password: str, where: str) -> None:
    """Whatever the password holds (a slash, an at sign, a colon), the line that says the
    store cannot be reached does not show it. (A password that is part of what every such line
    says, such as the redaction "***@" or the word "store", is in it whatever the password.)"""
    assume(password not in _said_for_any(where))
    assume(password not in str(redacted(where.format("Zq9xW"))))
    url = where.format(password)
    said = _refused_line(url)
    assert said.startswith("CSERQ_STORE=")
    assert password not in said
    assert password not in str(redacted(url))


def slow_render(*args: object, **kwargs: object) -> bytes:
    """A note that takes far longer than the limit (run in a worker process)."""
    if kwargs.get("language") == "cy":
        time.sleep(30)
    return b"%PDF-quick"


def test_a_note_past_its_time_limit_is_stopped_and_the_next_is_made(
    cserq: Questionnaire,
) -> None:
    from cserq.case.summary import CaseSummary
    from cserq.note.settings import NoteSettings

    workers = NoteWorkers(1, 1.0, render=slow_render)
    summary = CaseSummary(cserq, {})
    at = datetime.datetime(2026, 12, 2, 10, 0)
    try:
        with pytest.raises(NoteTooSlow):
            workers.make(summary, language="cy", generated_at=at, settings=NoteSettings())
        made = workers.make(summary, language="en", generated_at=at, settings=NoteSettings())
        assert made == b"%PDF-quick"
    finally:
        workers.close()


def test_a_slow_note_does_not_delay_a_page(redis_server: RedisServer, tmp_path: Path) -> None:
    """A server of two threads; two of the slowest notes asked for at once (a case whose every
    free-text field is full of shaped text), then a question page of another case. The page
    comes back before the note: one thread only may wait for notes, so the other is free (the
    second note is told to try again), and the note is made in another process, so it does
    not hold the page back either. An ordering, not a timing."""
    env = {"CSERQ_STORE": redis_server.url, "CSERQ_SECRET_FILE": str(secret_file(tmp_path))}
    questions = list(load_questionnaire(SHIPPED).questions)
    finished: list[str] = []
    with running_server(env, [*SERVE, "--threads", "2"]) as (base, _):
        slow = Browser(base)
        started = slow.post_form("/start", {}, page="/")
        case = "/".join(started.headers["Location"].split("/")[:3])
        slowest = {"age": "15", **worst_case_answers(questions, 300)}
        answer_every_page(slow, started.headers["Location"], slowest)
        page = Browser(base)
        other = page.post_form("/start", {}, page="/").headers["Location"]
        outcome = slow.request(f"{case}/outcome").text
        token = TOKEN.search(outcome).group(1)  # type: ignore[union-attr]

        def note(language: str) -> None:
            made = slow.request(f"{case}/note", {"csrf_token": token, "note_language": language})
            finished.append("note" if made.status == 200 else f"busy {made.status}")

        threads = [threading.Thread(target=note, args=(lang,)) for lang in ("en", "cy")]
        for thread in threads:
            thread.start()
        time.sleep(0.5)  # the notes are being made
        assert page.request(other).status == 200
        finished.append("page")
        for thread in threads:
            thread.join()
    assert sorted(finished) == ["busy 503", "note", "page"]
    assert finished.index("page") < finished.index("note"), finished


def test_workers_warmed_at_start_are_ready_before_the_first_note(cserq: Questionnaire) -> None:
    """`cserq serve` starts the note workers as it starts, in the background: the first note
    is made by a worker already running, not one started for it."""
    from cserq.case.summary import CaseSummary
    from cserq.note.settings import NoteSettings

    workers = NoteWorkers(1, 60.0, render=slow_render)
    try:
        workers.warm()
        for _ in range(600):
            if any(worker is not None for worker in list(workers._idle.queue)):
                break
            time.sleep(0.1)
        [ready] = list(workers._idle.queue)
        assert ready is not None
        at = datetime.datetime(2026, 12, 2, 10, 0)
        made = workers.make(
            CaseSummary(cserq, {}), language="en", generated_at=at, settings=NoteSettings()
        )
        assert made == b"%PDF-quick"
        assert list(workers._idle.queue) == [ready]  # the same worker made it
    finally:
        workers.close()


class _EndsOnArrival:
    """A note maker that ends the worker's process as it arrives, before the worker is ready:
    as when the app stops while its workers are still starting."""

    def __reduce__(self) -> tuple[object, tuple[int]]:
        return (os._exit, (3,))


def test_a_worker_that_ends_before_it_is_ready_is_a_failed_start_not_a_traceback() -> None:
    with pytest.raises(NoteFailed, match="did not start"):
        _Worker(_EndsOnArrival())  # type: ignore[arg-type]
