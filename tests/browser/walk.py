"""A practitioner's way through the app in a browser, by structure rather than by wording, so
the same walk works in English and in Welsh."""

from __future__ import annotations

import io
import re
from collections.abc import Mapping

from playwright.sync_api import Page
from pypdf import PdfReader

SUBMIT = "main form[method=post] button.button:not([name])"  # "Save and continue", not another
DONT_KNOW = "main form[method=post] button[data-dont-know-rest]"


def start(page: Page, base: str, language: str = "en") -> None:
    page.goto(base + "/")
    if language == "cy":
        page.click('.header-nav a[hreflang="cy"]')
    page.click("button.button-start")


def answer(page: Page, answers: Mapping[str, str], others: str = "no") -> None:
    """Answer what the current page shows, then save it."""
    groups = page.eval_on_selector_all(
        "main input[type=radio]", "inputs => [...new Set(inputs.map(i => i.name))]"
    )
    for group in groups:
        value = answers.get(group, others if not group.endswith("-source") else None)
        option = page.locator(f'main input[name="{group}"][value="{value}"]')
        if value is not None and option.count() and option.is_visible():
            option.check()
    for name, value in answers.items():
        field = page.locator(f'main input[type=text][name="{name}"], main textarea[name="{name}"]')
        if field.count() and field.first.is_visible():
            field.first.fill(value)
    page.click(SUBMIT)


def complete(page: Page, base: str, answers: Mapping[str, str], others: str = "no",
             language: str = "en") -> None:  # fmt: skip
    """Start a case and answer every page, then open the outcome."""
    start(page, base, language)
    for _ in range(20):
        answer(page, answers, others)
        if page.url.endswith("/check"):
            break
    else:
        raise AssertionError(f"never reached the check page: {page.url}")
    page.click("main a.button")
    page.wait_for_url(re.compile(r"/outcome$"))


def outcome_level(page: Page) -> str:
    return str(page.get_attribute("[data-outcome]", "data-outcome"))


def download_note(page: Page, language: str | None = None) -> str:
    """Download the note and return its text."""
    if language:
        page.check(f'input[name="note_language"][value="{language}"]')
    with page.expect_download() as download:
        page.click('form[action$="/note"] button')
    path = download.value.path()
    with open(path, "rb") as pdf:
        reader = PdfReader(io.BytesIO(pdf.read()))
    assert download.value.suggested_filename.startswith("cserq-note-")
    return re.sub(r"\s+", " ", " ".join(p.extract_text() for p in reader.pages))
