"""Text typed in any script comes back on Check your answers and the outcome page exactly as
typed, marked so that the browser orders it by the bidirectional algorithm, as the note does.

Named in docs/safety/hazard-log.yaml (text lost or unreadable in the note).
"""

from __future__ import annotations

import re

from playwright.sync_api import Page

from tests.browser.walk import answer, start

TYPED = {
    "child-name": "محمد علي ١٤",  # Arabic with Arabic-Indic digits
    "child-other_names": "דוד (Dudi) 12",  # Hebrew, Latin in brackets, digits
    "child-first_language": "தமிழ், ਪੰਜਾਬੀ",  # Tamil and Gurmukhi
    "child-school": "王小明 さくら小学校 김민준",  # Chinese, Japanese, Korean
    "child-religion": "😀👍🏽 ok",  # emoji, one with a skin tone
    "child-household": "اسمه Ahmed وعمره ۱۴ سنة، وصديقه ٢٥.",  # mixed, Persian digits
}
DANGER = "طفلة عمرها ١٤ سنة تقول إن صديقها يبلغ من العمر ٢٥ عامًا"
REASON = "قرار: 14 (Cardiff)"


def _x_of(page: Page, selector: str, index: int) -> float:
    """Where the browser draws character ``index`` of an element's text, from the left."""
    return float(
        page.eval_on_selector(
            selector,
            """(element, index) => {
                const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
                let node, at = index;
                while ((node = walker.nextNode())) {
                    if (at < node.length) {
                        const range = document.createRange();
                        range.setStart(node, at);
                        range.setEnd(node, at + 1);
                        return range.getBoundingClientRect().left;
                    }
                    at -= node.length;
                }
                throw new Error("no such character");
            }""",
            index,
        )
    )


def _row(label: str) -> str:
    return f'.summary-row:has(dt:text-is("{label}")) dd:not(.summary-action)'


def test_typed_text_in_every_script_comes_back_as_typed(page: Page, server: str) -> None:
    start(page, server)
    for _ in range(20):
        answers = {"age": "14", "immediate_danger": "yes", "danger_details": DANGER, **TYPED}
        answer(page, answers, "no")
        if page.url.endswith("/check"):
            break
    else:
        raise AssertionError(f"never reached the check page: {page.url}")

    labels = {
        "child-name": "Name",
        "child-other_names": "Other names or nicknames",
        "child-first_language": "First language",
        "child-school": "School or college, and attendance",
        "child-religion": "Religion",
        "child-household": "Who lives with the child",
    }
    for field, label in labels.items():
        cell = page.locator(_row(label))
        assert cell.inner_text().strip() == TYPED[field]
        assert cell.get_attribute("dir") == "auto"
    danger = page.locator("dd bdi", has_text="طفلة").first
    assert danger.inner_text() == DANGER
    # The browser draws 14 as "١" left of "٤", and the sentence from the right.
    shown = _row("Name")
    one, four = TYPED["child-name"].index("١"), TYPED["child-name"].index("٤")
    assert _x_of(page, shown, one) < _x_of(page, shown, four)
    assert _x_of(page, shown, 0) > _x_of(page, shown, one)  # محمد, read first, at the right

    page.click("main a.button")
    page.wait_for_url(re.compile(r"/outcome$"))
    assert page.locator("[data-unprintable]").count() == 0  # the note can draw all of it
    page.check('input[name="choice"][value="no_report"]')
    page.fill("textarea#reason", REASON)
    page.click("form[novalidate] button.button-secondary")
    page.wait_for_url(re.compile(r"/outcome"))
    reason = page.locator("textarea#reason")
    assert reason.input_value() == REASON
    assert reason.get_attribute("dir") == "auto"
