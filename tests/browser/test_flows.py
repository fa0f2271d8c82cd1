"""Whole cases in a real browser, in English and in Welsh, for each outcome level."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.browser.walk import complete, download_note, outcome_level

CASES = {
    "emergency": ({"age": "15", "immediate_danger": "yes", "danger_details": "car"}, "no"),
    "report": ({"age": "12", "sexual_activity": "yes"}, "no"),
    "discuss": ({"age": "15", "secretive": "yes"}, "no"),
    "review": ({"age": "15"}, "no"),
}
TITLES = {
    ("emergency", "en"): "Phone 999 now",
    ("report", "en"): "Make a report to social services now",
    ("discuss", "en"): "Discuss today with your safeguarding lead",
    ("review", "en"): "No signs recorded today",
    ("emergency", "cy"): "Ffoniwch 999 nawr",
    ("report", "cy"): "Gwnewch hysbysiad i'r gwasanaethau cymdeithasol nawr",
    ("discuss", "cy"): "Trafodwch heddiw gyda'ch arweinydd diogelu",
    ("review", "cy"): "Dim arwyddion wedi'u cofnodi heddiw",
}


@pytest.mark.parametrize("language", ["en", "cy"])
@pytest.mark.parametrize("level", list(CASES))
def test_a_whole_case(page: Page, server: str, level: str, language: str) -> None:
    answers, others = CASES[level]
    complete(page, server, {**answers, "child-name": "Siân Ŵyn"}, others, language)
    assert outcome_level(page) == level
    assert page.locator("html").get_attribute("lang") == language
    if level == "emergency":
        banner = page.locator("body > .emergency")
        assert banner.is_visible()
        assert banner.bounding_box()["y"] == 0  # type: ignore[index]
    text = download_note(page)
    assert TITLES[(level, language)] in text
    assert "Siân Ŵyn" in text


def test_a_conditional_question_appears_in_place(page: Page, server: str) -> None:
    from tests.browser.walk import start

    start(page, server)
    details = page.locator("#question-danger_details")
    assert not details.is_visible()
    page.check("#immediate_danger-yes")
    assert details.is_visible()
    page.check("#immediate_danger-no")
    assert not details.is_visible()


def test_switching_language_keeps_unsaved_answers(page: Page, server: str) -> None:
    from tests.browser.walk import start

    start(page, server)
    page.check("#immediate_danger-no")
    with page.expect_navigation():
        page.click('.header-nav a[hreflang="cy"]')
    assert page.locator("html").get_attribute("lang") == "cy"
    assert page.url.endswith("/questions/safety")
    assert page.locator("#immediate_danger-no").is_checked()


def test_switching_language_on_the_outcome_keeps_a_half_typed_reason(
    page: Page, server: str
) -> None:
    complete(page, server, {"age": "15", "secretive": "yes"})
    page.check("#choice-no_report")
    page.fill("#reason", "Her aunt is with her tonight.")
    with page.expect_navigation():
        page.click('.header-nav a[hreflang="cy"]')
    assert page.locator("html").get_attribute("lang") == "cy"
    assert page.locator("#reason").input_value() == "Her aunt is with her tonight."
    assert page.locator("#choice-no_report").is_checked()


def test_no_page_asks_for_anything_missing(page: Page, server: str) -> None:
    """No 404 in the console on any page of a case (a missing icon used to be one)."""
    failed: list[str] = []
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    page.on("console", lambda m: failed.append(m.text) if m.type == "error" else None)
    complete(page, server, {"age": "15"})
    page.goto(server + "/")
    assert failed == []
