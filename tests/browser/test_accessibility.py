"""WCAG 2.2 AA in a real browser: axe-core on every page and state, keyboard only, no JavaScript,
reflow at 320 CSS pixels and 200% zoom, print."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page

from tests.browser.conftest import Outside, open_context
from tests.browser.walk import (
    DONT_KNOW,
    SUBMIT,
    answer,
    complete,
    download_note,
    outcome_level,
    start,
)

AXE = Axe()
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


def violations(page: Page) -> list[str]:
    results = AXE.run(page, options={"runOnly": {"type": "tag", "values": WCAG_AA}})
    return [
        f"{v['id']}: {v['help']} ({len(v['nodes'])}x, e.g. {v['nodes'][0]['target']})"
        for v in results.response["violations"]
    ]


def every_state(page: Page, base: str, language: str) -> Iterator[str]:
    """Open each page and state of a case in turn, yielding a name for each."""
    page.goto(base + "/")
    if language == "cy":
        page.click('.header-nav a[hreflang="cy"]')
    yield "start"
    page.click("button.button-start")
    yield "first question page"
    page.check("#immediate_danger-yes")
    yield "conditional question shown"
    page.click(SUBMIT)
    page.click(SUBMIT)  # nothing entered: the age is required
    yield "about page with an error"
    answers = {"age": "17", "injuries": "yes", "older_partner": "unknown"}
    answer(page, answers)
    for _ in range(12):
        slug = page.url.rsplit("/", 1)[-1]
        yield f"questions: {slug}"
        if slug == "what_known":
            page.fill("#concern_date", "31/02/2026")
            page.click(DONT_KNOW)
            yield "questions answered with the Don't know button, and an error"
            page.fill("#concern_date", "")
        if slug == "emotional":
            page.click(DONT_KNOW)
        else:
            answer(page, answers)
        if page.url.endswith("/check"):
            break
    yield "check your answers, some given with the Don't know button"
    page.click("main a.button")
    yield "outcome"
    page.check("#choice-no_report")
    page.click("form:has(#choice-no_report) button")
    yield "outcome with an error"
    page.goto(page.url.rsplit("/", 1)[0] + "/clear")
    yield "clear answers?"
    page.goto(base + "/no-such-page")
    yield "page not found"
    page.goto(base + "/case/unknown/about")
    yield "unknown case"


@pytest.mark.parametrize("language", ["en", "cy"])
def test_axe_finds_nothing_on_any_page(page: Page, server: str, language: str) -> None:
    found = {}
    titles = []
    for state in every_state(page, server, language):
        assert page.locator("html").get_attribute("lang") == language, state
        titles.append(page.title())
        if problems := violations(page):
            found[state] = problems
    assert found == {}
    assert [t for t in titles if t.startswith(("Error:", "Gwall:"))], "no error state was seen"


@pytest.mark.parametrize("language", ["en", "cy"])
def test_the_timeout_warning_is_announced_and_operable(
    browser: Browser, short_timeout_server: str, outside: Outside, language: str
) -> None:
    context = open_context(browser, short_timeout_server, outside)
    page = context.new_page()
    page.clock.install()  # the page's timers run when the test moves its clock on
    start(page, short_timeout_server, language)
    dialog = page.locator("#timeout-dialog")
    said = {"en": "(1 minute without activity)", "cy": "(1 munud heb weithgarwch)"}
    assert said[language] in page.locator(".timeout p").inner_text()
    page.clock.run_for(20_000)
    assert not dialog.is_visible(), "the page must be usable before the warning"
    page.clock.run_for(11_000)
    dialog.wait_for(state="visible")
    assert page.evaluate("document.activeElement.hasAttribute('data-timeout-extend')")
    assert dialog.get_attribute("aria-labelledby") == "timeout-dialog-title"
    assert violations(page) == []
    page.evaluate("document.querySelector('[data-clears-at]').textContent = 'stale'")
    # Enter on the focused button keeps the answers, without leaving the page.
    with page.expect_response(lambda r: r.url.endswith("/extend")) as kept:
        page.keyboard.press("Enter")
    assert kept.value.status == 200
    dialog.wait_for(state="hidden")
    assert "/questions/safety" in page.url
    # The bar says when the answers will now be cleared, and the warning waits its time again.
    assert page.locator("[data-clears-at]").inner_text() == kept.value.json()["clears_at"]
    page.clock.run_for(25_000)
    assert not dialog.is_visible(), "the warning came back at once after keeping the answers"
    page.clock.run_for(6_000)
    dialog.wait_for(state="visible")
    context.close()


def focus_outline(page: Page) -> str:
    """How the focused element looks: outline, background and shadow, to compare with unfocused."""
    return page.evaluate(
        """() => { const s = getComputedStyle(document.activeElement);
        return [s.outlineStyle, s.outlineWidth, s.backgroundColor, s.boxShadow].join('|'); }"""
    )


def tab_to(page: Page, selector: str, *, backwards: bool = False, limit: int = 80) -> None:
    """Press Tab (or Shift+Tab) until the element matching ``selector`` has focus."""
    for _ in range(limit):
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
    raise AssertionError(f"could not reach {selector} with the keyboard")


def test_the_whole_flow_with_the_keyboard_only(page: Page, server: str) -> None:
    page.goto(server + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    assert page.locator(".skip-link").is_visible()  # shown when focused
    page.keyboard.press("Enter")
    assert page.url.endswith("#main")
    tab_to(page, "button.button-start")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/questions/safety")

    # An error: focus goes to the list of problems.
    tab_to(page, SUBMIT)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    tab_to(page, ".error-summary a")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "immediate_danger-yes"

    seen_focus = set()
    for _ in range(12):
        if page.url.endswith("/check"):
            break
        radios = page.eval_on_selector_all(
            "main .radios-inline input[type=radio][value=yes]", "els => els.map(e => e.id)"
        )
        for radio in radios:
            tab_to(page, f"#{radio}")
            seen_focus.add(focus_outline(page))
            page.keyboard.press("ArrowRight")  # yes -> no
            assert page.evaluate("document.activeElement.checked")
        if page.locator("main #age").count():
            tab_to(page, "#age")
            page.keyboard.type("15")
        tab_to(page, SUBMIT)
        with page.expect_navigation():
            page.keyboard.press("Enter")
    assert page.url.endswith("/check")
    tab_to(page, "main a.button")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert outcome_level(page) == "review"
    tab_to(page, "#choice-emergency")  # Tab enters a radio group at its first option
    page.keyboard.press("Space")
    page.keyboard.press("ArrowDown")  # arrows move through the group, choosing as they go
    assert page.evaluate("document.activeElement.id") == "choice-report"
    tab_to(page, "form:has(#choice-report) button")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/outcome#decision-recorded")
    assert page.locator("#choice-report").is_checked()
    # The message that the decision is recorded is on screen, and has the focus.
    assert page.locator("#decision-recorded").is_visible()
    assert page.evaluate("document.activeElement.id") == "decision-recorded"
    box = page.locator("#decision-recorded").bounding_box()
    assert box is not None
    # On screen (within a pixel: the scroll can land a fraction above the top).
    assert -1 <= box["y"] < page.viewport_size["height"]  # type: ignore[index]
    tab_to(page, 'form[action$="/note"] button')
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    assert download.value.suggested_filename.endswith(".pdf")
    tab_to(page, 'main a[href$="/finish"]')
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("[data-note-made]").is_visible()  # it says the note was downloaded
    tab_to(page, 'form[action$="/finish"] button')
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/finished")
    # Focus was visible: the focused radios looked different from an unfocused one.
    page.goto(server + "/")
    assert seen_focus
    assert all(look != "none|0px|rgba(0, 0, 0, 0)|none" for look in seen_focus)


def test_the_dont_know_button_with_the_keyboard_only(page: Page, server: str) -> None:
    page.goto(server + "/")
    tab_to(page, "button.button-start")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator(DONT_KNOW).count() == 0  # immediate danger is answered on its own
    tab_to(page, "#immediate_danger-yes")
    page.keyboard.press("ArrowRight")  # no
    tab_to(page, SUBMIT)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    tab_to(page, "#age")
    page.keyboard.type("15")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    tab_to(page, "#has_social_worker-yes")  # the one question needed on this page
    page.keyboard.press("ArrowRight")  # no
    tab_to(page, SUBMIT)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/questions/what_known")
    # Enter in a field is "Save and continue", never the "Don't know" button.
    tab_to(page, "#concern_date")
    page.keyboard.type("27/3/2026")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator(".error-summary li").count() == 4
    assert page.locator("main input[type=radio]:checked").count() == 0
    tab_to(page, "#disclosure-yes")
    page.keyboard.press("Space")
    tab_to(page, DONT_KNOW)
    assert focus_outline(page) != "none|0px|rgba(0, 0, 0, 0)|none"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    for _ in range(10):  # every sign page left to the button
        if page.url.endswith("/check"):
            break
        tab_to(page, DONT_KNOW)
        with page.expect_navigation():
            page.keyboard.press("Enter")
    assert page.url.endswith("/check")
    listed = page.locator("[data-by-button] li a")
    first = listed.first.inner_text()
    assert listed.count() >= 10
    # Change the first with the keyboard: from the list, to its question, and back.
    tab_to(page, "[data-by-button] li a")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "return=check" in page.url
    tab_to(page, "#question-exchange input[value=unknown]")
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")  # unknown -> no -> yes
    assert page.locator("#exchange-yes").is_checked()
    tab_to(page, SUBMIT)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/check")
    assert first not in page.locator("[data-by-button]").inner_text()
    assert page.locator("[data-by-button] li a").count() == listed.count()


def test_the_whole_flow_without_javascript(no_js_page: Page, server: str) -> None:
    page = no_js_page
    start(page, server)
    page.check("#immediate_danger-yes")
    page.click(SUBMIT)
    # The question that depends on the answer comes back with the page.
    assert page.locator("#question-danger_details").is_visible()
    page.fill("#danger_details", "waiting outside")
    page.click(SUBMIT)
    for _ in range(12):
        answer(page, {"age": "14", "missing_overnight": "yes"})
        if page.url.endswith("/check"):
            break
    page.click("main a.button")
    assert outcome_level(page) == "emergency"
    assert "Phone 999 now" in download_note(page)


@pytest.mark.parametrize("width", [320, 640])
def test_pages_reflow_without_sideways_scrolling(
    browser: Browser,
    server: str,
    outside: Outside,
    width: int,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """320 CSS pixels is WCAG's reflow width; 640 is a 1280-pixel screen at 200% zoom."""
    context = open_context(browser, server, outside, viewport={"width": width, "height": 700})
    page = context.new_page()
    shots = tmp_path_factory.mktemp(f"reflow-{width}")
    # Long unbroken words (a nickname, addresses of web pages) must wrap like any other text.
    answers = {
        "age": "16",
        "immediate_danger": "yes",
        "injuries": "yes",
        "danger_details": "seen at https://example.org/" + "very-long-path/" * 12,
        "child-other_names": "Siân" + "ŵ" * 176,
        "child-school": "x" * 200,
    }
    complete(page, server, answers)
    case = page.url.rsplit("/", 1)[0]
    for number, path in enumerate(("/about", "/questions/behavioural", "/check", "/outcome")):
        page.goto(case + path)
        assert page.locator("main h1").count() == 1
        assert "Page not found" not in page.locator("main h1").inner_text()
        scroll = page.evaluate("document.documentElement.scrollWidth")
        page.screenshot(path=str(shots / f"{number}.png"), full_page=True)
        assert scroll <= width, f"{path} scrolls sideways at {width}px ({scroll}px wide)"
    context.close()


def test_text_can_be_doubled_in_size(page: Page, server: str) -> None:
    complete(page, server, {"age": "16"})
    page.evaluate("document.documentElement.style.fontSize = '200%'")
    assert page.evaluate("document.documentElement.scrollWidth") <= 1000
    title = page.locator(".outcome-title")
    assert float(title.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")) >= 50


def test_the_outcome_prints_without_navigation(page: Page, server: str) -> None:
    complete(page, server, {"age": "16", "immediate_danger": "yes"})
    page.emulate_media(media="print")
    hidden = page.evaluate(
        """() => ['.header', '.footer', '.case-bar', 'form'].map(s =>
            [...document.querySelectorAll(s)].every(e => getComputedStyle(e).display === 'none'))"""
    )
    assert hidden == [True, True, True, True]
    assert page.locator("[data-outcome]").is_visible()
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
