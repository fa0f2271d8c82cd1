"""Once immediate danger is recorded, every page that can follow says "Phone 999 now" first:
the pages about no case in particular too (too many cases, the start page after clearing, the
finished, cleared and expired pages, errors), though the case's answers may be gone."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from cserq.case.store import CaseStore, MemoryStore
from tests.web.conftest import Clinic, FakeClock, Page

BANNER = "Phone 999 now"
BROWSER_WIDE = "In this browser you recorded that a child is in immediate danger."


def banner(page: Page) -> str | None:
    """The 999 banner's text if the page shows it first: straight after the skip link, before
    the header and everything in <main>; None if the page has no banner."""
    soup = page.soup
    found = soup.select(".emergency")
    if not found:
        return None
    assert len(found) == 1
    first, second = soup.body.find_all(True, recursive=False)[:2]
    assert first["class"] == ["skip-link"]
    assert second is found[0], "the banner is not the first thing on the page"
    assert soup.select_one("main") in found[0].find_all_next("main")  # after it, all of it
    return " ".join(found[0].get_text(" ").split())


def open_case(clinic: Clinic, danger: bool) -> str:
    """A case in this browser, with immediate danger recorded or not; returns its first page."""
    first = clinic.start()
    answer = {"immediate_danger": "yes", "danger_details": "a car"} if danger else {}
    clinic.post(first, answer or {"immediate_danger": "no"})
    assert (banner(clinic.get(first)) is not None) == danger
    return first


def _finished(clinic: Clinic, clock: FakeClock, store: CaseStore) -> Page:
    page = clinic.post(
        f"{clinic.case_url}/finish", {"confirmed": "yes"}, from_url=f"{clinic.case_url}/about"
    )
    assert page.response.headers["Location"] == "/finished"
    return clinic.get("/finished")


def _cleared(clinic: Clinic, clock: FakeClock, store: CaseStore) -> Page:
    page = clinic.post(f"{clinic.case_url}/clear", {})
    assert page.response.headers["Location"] == "/"
    start = clinic.get("/")
    assert "The answers were cleared" in start.text
    return start


def _cleared_then_gone(clinic: Clinic, clock: FakeClock, store: CaseStore) -> Page:
    clinic.post(f"{clinic.case_url}/clear", {})
    page = clinic.get(f"{clinic.case_url}/about")
    assert "These answers were cleared" in page.text
    return page


def _finished_then_gone(clinic: Clinic, clock: FakeClock, store: CaseStore) -> Page:
    _finished(clinic, clock, store)
    page = clinic.get(f"{clinic.case_url}/check")
    assert "This case is finished" in page.text
    return page


def _expired(clinic: Clinic, clock: FakeClock, store: CaseStore) -> Page:
    clock.now += 31 * 60
    page = clinic.get(f"{clinic.case_url}/about")
    assert page.status == 410
    assert "cleared after 30 minutes without activity" in page.text
    return page


def _expired_then_start(clinic: Clinic, clock: FakeClock, store: CaseStore) -> Page:
    clock.now += 31 * 60
    return clinic.get("/")


def _too_many(clinic: Clinic, clock: FakeClock, store: CaseStore) -> Page:
    for _ in range(19):
        clinic.start()
    page = clinic.post("/start", {}, from_url="/")
    assert page.status == 409
    assert "Finish a case before starting another" in page.text
    return page


def _store_full(clinic: Clinic, clock: FakeClock, store: CaseStore) -> Page:
    store.max_cases = len(store)
    page = clinic.post("/start", {}, from_url="/")
    assert page.status == 503
    assert "Too many cases are open" in page.text
    return page


def _not_found(clinic: Clinic, clock: FakeClock, store: CaseStore) -> Page:
    page = clinic.get(f"{clinic.case_url}/questions/nowhere")
    assert page.status == 404
    return page


def _refused_form(clinic: Clinic, clock: FakeClock, store: CaseStore) -> Page:
    page = Page(clinic.client.post(f"{clinic.case_url}/about", data={"age": "15"}))  # no token
    assert page.status == 400
    assert "This form could not be accepted" in page.text
    return page


PAGES: dict[str, Callable[[Clinic, FakeClock, CaseStore], Page]] = {
    "finished": _finished,
    "start-after-clearing": _cleared,
    "cleared-visited-again": _cleared_then_gone,
    "finished-visited-again": _finished_then_gone,
    "expired": _expired,
    "start-after-expiry": _expired_then_start,
    "too-many-in-this-browser": _too_many,
    "too-many-in-the-tool": _store_full,
    "page-not-found": _not_found,
    "form-refused": _refused_form,
}


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("danger", [True, False], ids=["danger", "no-danger"])
def test_every_page_after_a_recorded_danger_says_999_first(
    clinic: Clinic, clock: FakeClock, store: CaseStore, name: str, danger: bool
) -> None:
    open_case(clinic, danger)
    page = PAGES[name](clinic, clock, store)
    said = banner(page)
    if danger:
        assert said is not None, name
        assert said.startswith(BANNER)
        assert BROWSER_WIDE in said
        assert "phone the police on 999 now" in said
    else:
        assert said is None, name


def test_it_is_said_again_on_reload_and_in_welsh(clinic: Clinic) -> None:
    open_case(clinic, danger=True)
    clinic.post(f"{clinic.case_url}/clear", {})
    assert banner(clinic.get("/")) is not None
    assert banner(clinic.get("/")) is not None  # not only once
    clinic.get("/language/cy")
    said = banner(clinic.get("/"))
    assert said is not None
    assert said.startswith("Ffoniwch 999 nawr")
    assert "Yn y porwr hwn, rydych wedi cofnodi bod plentyn mewn perygl uniongyrchol." in said


def test_one_open_case_in_danger_is_said_beside_others(clinic: Clinic) -> None:
    open_case(clinic, danger=True)
    open_case(clinic, danger=False)
    assert banner(clinic.get("/")) is not None
    page = clinic.get("/nowhere")
    assert banner(page) is not None


def test_a_case_page_speaks_only_of_its_own_child(clinic: Clinic) -> None:
    open_case(clinic, danger=True)
    other = open_case(clinic, danger=False)
    assert banner(clinic.get(other)) is None  # another child's pages are about that child
    danger = open_case(clinic, danger=True)
    said = banner(clinic.get(danger))
    assert said is not None
    assert "You recorded that the child is in immediate danger." in said


def test_starting_again_moves_on_from_an_ended_case(clinic: Clinic) -> None:
    open_case(clinic, danger=True)
    clinic.post(f"{clinic.case_url}/clear", {})
    assert banner(clinic.get("/")) is not None
    first = clinic.start()
    assert banner(clinic.get(first)) is None  # the new case has recorded nothing yet
    assert banner(clinic.get("/")) is None  # and the ended one no longer heads the pages


def test_another_browser_never_hears_of_it(clinic: Clinic, app) -> None:  # type: ignore[no-untyped-def]
    open_case(clinic, danger=True)
    case_url = clinic.case_url
    clinic.post(f"{case_url}/clear", {})
    stranger = Clinic(app.test_client())
    assert banner(stranger.get("/")) is None
    assert banner(stranger.get(f"{case_url}/about")) is None


def test_the_store_remembers_only_that_danger_was_recorded(
    clinic: Clinic, store: CaseStore
) -> None:
    open_case(clinic, danger=True)
    danger_id = clinic.case_url.split("/")[2]
    clinic.post(f"{clinic.case_url}/clear", {})
    open_case(clinic, danger=False)
    calm_id = clinic.case_url.split("/")[2]
    clinic.post(f"{clinic.case_url}/clear", {})
    assert store.ended_in_danger(danger_id)
    assert not store.ended_in_danger(calm_id)
    assert not store.ended_in_danger("never-a-case")
    assert store.peek(danger_id) is None  # the answers themselves are gone
    if isinstance(store, MemoryStore):
        assert "a car" not in repr(vars(store))
