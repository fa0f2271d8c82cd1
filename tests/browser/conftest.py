"""A real `cserq serve` and headless Chromium (Debian's, driven by Playwright).

Locally the browser tests skip when Chromium is not installed; in CI (CI=true) they never skip.
Every page a test opens is watched: a request to anywhere but the app itself fails the test.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest

from tools.loadtest import running_server

CHROMIUM = os.environ.get("CSERQ_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright  # noqa: E402


@pytest.fixture(scope="session")
def server() -> Iterator[str]:
    with running_server() as (base, _pid):
        yield base


@pytest.fixture(scope="session")
def short_timeout_server() -> Iterator[str]:
    """A server that clears answers after 1 minute, with the default warning time (5 minutes,
    which it shortens to 30 seconds)."""
    env = {"CSERQ_IDLE_TIMEOUT_MINUTES": "1"}
    with running_server(env) as (base, _pid):
        yield base


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not shutil.which(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: CI must run the browser tests")
        pytest.skip("Chromium is not installed (scripts/test installs it as root)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        launched.close()


class Outside:
    """Requests a page made to anywhere but the app."""

    def __init__(self) -> None:
        self.requests: list[str] = []


def open_context(browser: Browser, base: str, outside: Outside, **options: Any) -> BrowserContext:
    context = browser.new_context(accept_downloads=True, **options)

    def guard(route: Any) -> None:
        if route.request.url.startswith(base):
            route.continue_()
        else:
            outside.requests.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    return context


@pytest.fixture
def outside() -> Iterator[Outside]:
    watched = Outside()
    yield watched
    assert watched.requests == [], "the page asked for something outside the app"


@pytest.fixture
def page(browser: Browser, server: str, outside: Outside) -> Iterator[Page]:
    context = open_context(browser, server, outside, viewport={"width": 1000, "height": 800})
    opened = context.new_page()
    yield opened
    context.close()


@pytest.fixture
def no_js_page(browser: Browser, server: str, outside: Outside) -> Iterator[Page]:
    context = open_context(browser, server, outside, java_script_enabled=False)
    opened = context.new_page()
    yield opened
    context.close()
