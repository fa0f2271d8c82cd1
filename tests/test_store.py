"""The case stores on their own, each the same way: expiry, ending, the limit, notes made once,
and threads. The memory store is the clinic PC's; the Redis one is tried against the tests'
own Redis (tests/redis_server.py)."""

from __future__ import annotations

import datetime
import secrets
import threading
from collections.abc import Callable
from typing import Any

import pytest
import redis

from cserq.case.redis_store import RedisStore
from cserq.case.store import Case, CaseStore, Ended, MemoryStore, NoteMade, StoreFull
from cserq.case.summary import CaseSummary
from cserq.questionnaire.model import Questionnaire
from tests.redis_server import RedisServer


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


def a_store(
    kind: str, request: pytest.FixtureRequest, questionnaire: Questionnaire, **limits: Any
) -> CaseStore:
    if kind == "memory":
        return MemoryStore(**limits)
    server: RedisServer = request.getfixturevalue("redis_server")
    return RedisStore(
        redis.Redis.from_url(server.url),
        secret=secrets.token_hex(32),  # every store its own cases
        questionnaires={questionnaire.id: questionnaire},
        **limits,
    )


@pytest.fixture(params=["memory", "redis"])
def store(request: pytest.FixtureRequest, clock: Clock, cserq: Questionnaire) -> CaseStore:
    return a_store(request.param, request, cserq, idle_timeout=60, max_cases=3, clock=clock)


def test_ids_are_long_and_unguessable(store: CaseStore, cserq: Questionnaire) -> None:
    ids = {store.open(cserq).id for _ in range(3)}
    assert len(ids) == 3
    assert all(len(case_id) >= 32 for case_id in ids)


def test_an_idle_case_expires_and_its_answers_are_gone(
    store: CaseStore, clock: Clock, cserq: Questionnaire
) -> None:
    case = store.open(cserq)
    with store.editing(case.id) as editing:
        editing.answers["age"] = 14
    clock.now = 59
    assert store.status(case.id).answers == {"age": 14}  # type: ignore[union-attr]
    # activity resets the timer
    clock.now = 59 + 60
    assert store.status(case.id) is Ended.EXPIRED
    assert len(store) == 0
    with pytest.raises(KeyError), store.editing(case.id):
        pass


@pytest.mark.parametrize("why", [Ended.FINISHED, Ended.CLEARED])
def test_ending_a_case_forgets_its_answers(
    store: CaseStore, cserq: Questionnaire, why: Ended
) -> None:
    case = store.open(cserq)
    store.end(case.id, why)
    assert store.status(case.id) is why
    assert len(store) == 0


@pytest.mark.parametrize("kind", ["memory", "redis"])
def test_a_new_store_knows_nothing(
    kind: str, request: pytest.FixtureRequest, cserq: Questionnaire
) -> None:
    """A restart (a new key, for Redis) ends every case, as it always has."""
    first = a_store(kind, request, cserq, idle_timeout=60, max_cases=3)
    case = first.open(cserq)
    later = a_store(kind, request, cserq, idle_timeout=60, max_cases=3)
    assert later.status(case.id) is None
    assert not later.ended_in_danger(case.id)


def test_the_limit_on_open_cases(store: CaseStore, clock: Clock, cserq: Questionnaire) -> None:
    for _ in range(3):
        store.open(cserq)
    with pytest.raises(StoreFull):
        store.open(cserq)
    clock.now = 61  # idle cases expire and make room
    store.open(cserq)


def test_saving_a_page_discards_answers_hidden_by_it(
    store: CaseStore, cserq: Questionnaire
) -> None:
    case = store.open(cserq)
    safety = cserq.sections[0].questions
    with store.editing(case.id) as editing:
        yes = {"immediate_danger": "yes", "danger_details": "x"}
        editing.save_page("section:safety", safety, yes, {})
    assert store.status(case.id).answers == yes  # type: ignore[union-attr]
    with store.editing(case.id) as editing:
        no = {"immediate_danger": "no", "danger_details": "x"}
        editing.save_page("section:safety", safety, no, {})
    assert store.status(case.id).answers == {"immediate_danger": "no"}  # type: ignore[union-attr]


def test_an_ended_case_in_danger_is_remembered_as_such(
    store: CaseStore, clock: Clock, cserq: Questionnaire
) -> None:
    """After a case that recorded danger ends (any way), the pages still say phone 999."""
    cases = [store.open(cserq) for _ in range(3)]
    for case in cases:
        with store.editing(case.id) as editing:
            editing.answers = {"immediate_danger": "yes"}
    store.end(cases[0].id, Ended.FINISHED)
    store.end(cases[1].id, Ended.CLEARED)
    clock.now = 61
    assert [store.status(c.id) for c in cases] == [Ended.FINISHED, Ended.CLEARED, Ended.EXPIRED]
    assert all(store.ended_in_danger(c.id) for c in cases)
    calm = store.open(cserq)
    store.end(calm.id, Ended.FINISHED)
    assert not store.ended_in_danger(calm.id)


def test_a_note_is_made_once_for_each_version_and_language(
    store: CaseStore, cserq: Questionnaire
) -> None:
    case = store.open(cserq)
    made: list[str] = []

    def make(text: str) -> Callable[[CaseSummary], NoteMade]:
        def note(summary: CaseSummary) -> NoteMade:
            made.append(text)
            return datetime.datetime(2026, 12, 2, 10, 0), text.encode()

        return note

    def note(language: str, text: str) -> bytes:
        found = store.status(case.id)
        assert isinstance(found, Case)
        return store.note(found, language, make(text), 10)[1]

    assert note("en", "first") == b"first"
    assert note("en", "second") == b"first"  # the same version: the same note
    assert note("cy", "cymraeg") == b"cymraeg"
    with store.editing(case.id) as editing:
        editing.note_made_at = datetime.datetime.now()  # not something the note says
    assert note("en", "third") == b"first"
    with store.editing(case.id) as editing:
        editing.answers = {"age": 15}
    assert note("en", "fourth") == b"fourth"
    assert made == ["first", "cymraeg", "fourth"]
    store.end(case.id, Ended.FINISHED)
    assert store.status(case.id) is Ended.FINISHED


def test_a_change_made_while_a_note_is_made_gets_a_note_of_its_own(
    store: CaseStore, cserq: Questionnaire
) -> None:
    """Another window changes an answer while the note is being made: that note says the
    answers it was made from, and the next download is made afresh from the new ones."""
    case = store.open(cserq)
    with store.editing(case.id) as editing:
        editing.answers = {"age": 15}

    def edited_meanwhile(summary: CaseSummary) -> NoteMade:
        with store.editing(case.id) as editing:
            editing.answers = {"age": 16}
        return datetime.datetime.now(), f"age {summary.answers['age']}".encode()

    def made_from(summary: CaseSummary) -> NoteMade:
        return datetime.datetime.now(), f"age {summary.answers['age']}".encode()

    found = store.status(case.id)
    assert isinstance(found, Case)
    assert store.note(found, "en", edited_meanwhile, 10)[1] == b"age 15"
    again = store.status(case.id)
    assert isinstance(again, Case)
    assert store.note(again, "en", made_from, 10)[1] == b"age 16"


@pytest.mark.parametrize("kind", ["memory", "redis"])
def test_threads_opening_and_editing_at_once(
    kind: str, request: pytest.FixtureRequest, cserq: Questionnaire
) -> None:
    store = a_store(kind, request, cserq, idle_timeout=600, max_cases=400)
    errors: list[BaseException] = []

    def work() -> None:
        try:
            for _ in range(50):
                case = store.open(cserq)
                with store.editing(case.id) as editing:
                    editing.answers["age"] = 10
                assert store.status(case.id).answers == {"age": 10}  # type: ignore[union-attr]
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(store) == 400
