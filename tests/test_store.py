"""The case store on its own: memory only, expiry, ending, the limit, and threads."""

from __future__ import annotations

import threading

import pytest

from cserq.case.store import CaseStore, Ended, StoreFull
from cserq.questionnaire.model import Questionnaire


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store(clock: Clock) -> CaseStore:
    return CaseStore(idle_timeout=60, max_cases=3, clock=clock)


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
    assert store.status(case.id) is case  # activity resets the timer
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


def test_a_new_store_knows_nothing(cserq: Questionnaire) -> None:
    first = CaseStore(idle_timeout=60, max_cases=3)
    case = first.open(cserq)
    assert CaseStore(idle_timeout=60, max_cases=3).status(case.id) is None


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
    case.save_page("section:safety", safety, {"immediate_danger": "yes", "danger_details": "x"}, {})
    assert case.answers == {"immediate_danger": "yes", "danger_details": "x"}
    case.save_page("section:safety", safety, {"immediate_danger": "no", "danger_details": "x"}, {})
    assert case.answers == {"immediate_danger": "no"}


def test_threads_opening_and_editing_at_once(cserq: Questionnaire) -> None:
    store = CaseStore(idle_timeout=600, max_cases=400)
    errors: list[BaseException] = []

    def work() -> None:
        try:
            for _ in range(50):
                case = store.open(cserq)
                with store.editing(case.id) as editing:
                    editing.answers["age"] = 10
                assert store.status(case.id) is case
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(store) == 400
