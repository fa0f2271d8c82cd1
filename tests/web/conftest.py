"""Fixtures for the web app: an app per test, its client, and a practitioner who fills it in."""

from __future__ import annotations

import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass

import pytest
from bs4 import BeautifulSoup
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from cserq import create_app
from cserq.case.store import CaseStore
from tests.redis_server import RedisServer


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(params=["memory", "redis"])
def app(request: pytest.FixtureRequest) -> Flask:
    """The app, with each store: every web test runs against both (``-k memory`` or
    ``-k redis`` for one). A test that looks inside the memory store asks for ``memory_app``."""
    return store_app(request.param, request)


@pytest.fixture
def memory_app() -> Flask:
    return create_app({"TESTING": True})


def store_app(kind: str, request: pytest.FixtureRequest, **config: object) -> Flask:
    if kind == "memory":
        return create_app({"TESTING": True, **config})
    server: RedisServer = request.getfixturevalue("redis_server")
    # A secret of its own: this app's cases are apart from every other test's.
    secret = secrets.token_hex(32)
    return create_app({"TESTING": True, "STORE": server.url, "SECRET_KEY": secret, **config})


@pytest.fixture
def store(app: Flask) -> CaseStore:
    return app.extensions["cserq"].store  # type: ignore[no-any-return]


@pytest.fixture
def clock(store: CaseStore) -> FakeClock:
    fake = FakeClock()
    store.clock = fake
    return fake


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@dataclass
class Page:
    response: TestResponse

    @property
    def status(self) -> int:
        return self.response.status_code

    @property
    def html(self) -> str:
        return self.response.get_data(as_text=True)

    @property
    def soup(self) -> BeautifulSoup:
        return BeautifulSoup(self.html, "html.parser")

    @property
    def text(self) -> str:
        """The words a reader sees, whitespace collapsed."""
        return re.sub(r"\s+", " ", self.soup.get_text(" ")).strip()

    @property
    def title(self) -> str:
        return self.soup.title.get_text(strip=True) if self.soup.title else ""

    @property
    def errors(self) -> list[str]:
        summary = self.soup.select(".error-summary li")
        return [item.get_text(" ", strip=True) for item in summary]

    def csrf(self) -> str:
        token = self.soup.find("input", attrs={"name": "csrf_token"})
        assert token is not None, "no CSRF token on the page"
        return str(token["value"])


class Clinic:
    """A practitioner using the app through the test client, as a browser would."""

    def __init__(self, client: FlaskClient) -> None:
        self.client = client
        self.case_url = ""

    def get(self, url: str) -> Page:
        return Page(self.client.get(url))

    def post(self, url: str, data: Mapping[str, object], *, from_url: str | None = None) -> Page:
        """Submit a form as the page at ``from_url`` (default ``url``) would, with its token."""
        token = self.get(from_url or url).csrf()
        return Page(self.client.post(url, data={"csrf_token": token, **data}))

    def start(self) -> str:
        started = self.post("/start", {}, from_url="/")
        assert started.status == 303
        location = started.response.headers["Location"]
        self.case_url = "/".join(location.split("/")[:3])
        return location

    def answer_page(self, url: str, answers: Mapping[str, object], others: str = "no") -> Page:
        """Post a page: each radio group on it answered from ``answers``, else ``others``."""
        page = self.get(url)
        form = page.soup.select_one("main form[method=post]")
        data: dict[str, object] = {}
        groups: dict[str, set[str]] = {}
        for radio in form.find_all("input", attrs={"type": "radio"}):
            groups.setdefault(radio["name"], set()).add(radio["value"])
        for group, values in groups.items():
            if group in answers:
                data[group] = answers[group]
            elif others in values and not group.endswith("-source"):
                data[group] = others
        for name, value in answers.items():
            if form.find(attrs={"name": name}) is not None:
                data[name] = value
        for seen in form.find_all("input", attrs={"name": "seen"}):
            if not seen.has_attr("disabled"):
                data.setdefault("seen", [])
                data["seen"].append(seen["value"])  # type: ignore[union-attr]
        return self.post(url, data)

    def complete(self, answers: Mapping[str, object], others: str = "no") -> Page:
        """Start a case and answer every page until the check page."""
        url = self.start()
        for _ in range(30):
            page = self.answer_page(url, answers, others)
            assert page.status == 303, (url, page.errors, page.status)
            url = page.response.headers["Location"]
            if url.endswith("/check"):
                return self.get(url)
        raise AssertionError("the questions never ended")

    def outcome(self) -> Page:
        return self.get(f"{self.case_url}/outcome")


@pytest.fixture
def clinic(client: FlaskClient) -> Clinic:
    return Clinic(client)


def every_page(clinic: Clinic, clock: FakeClock) -> dict[str, Page]:
    """Every page and state a practitioner can meet, by name, in the clinic's language."""
    pages = {"start": clinic.get("/")}
    first = clinic.start()
    pages["safety"] = clinic.get(first)
    clinic.post(first, {"immediate_danger": "yes"})
    pages["safety with the new question"] = clinic.get(first)
    case = clinic.case_url
    pages["about with errors"] = clinic.post(
        f"{case}/about", {"age": "300", "child-nhs_number": "1", "child-name": "x" * 300}
    )
    clinic.post(first, {"immediate_danger": "yes", "seen": "danger_details", "danger_details": "x"})
    url = f"{case}/about"
    answers = {"age": "17", "injuries": "yes", "older_partner": "unknown",
               "peers_exploited": "unknown", "online_images": "unknown"}  # fmt: skip
    for _ in range(12):
        pages[url.rsplit("/", 1)[-1]] = clinic.get(url)
        if url.endswith("/emotional"):  # this page with the "Don't know" button
            url = clinic.post(url, {"dont-know-rest": "unknown"}).response.headers["Location"]
        else:
            url = clinic.answer_page(url, answers).response.headers["Location"]
        if url.endswith("/check"):
            break
    pages["physical with errors"] = clinic.post(
        f"{case}/questions/physical", {"injuries": "maybe", "injuries-note": "x" * 1001}
    )
    pages["date error"] = clinic.post(  # with the rest answered "Don't know" by the button
        f"{case}/questions/what_known",
        {"disclosure": "no", "concern_date": "31/02/2026", "dont-know-rest": "unknown"},
    )
    pages["check"] = clinic.get(f"{case}/check")
    pages["outcome"] = clinic.outcome()
    pages["outcome with errors"] = clinic.post(f"{case}/outcome", {"choice": "no_report"})
    pages["clear"] = clinic.get(f"{case}/clear")
    pages["not found"] = clinic.get("/nowhere")
    pages["unknown case"] = clinic.get("/case/unknown/about")
    pages["bad form"] = Page(clinic.client.post(first, data={"immediate_danger": "no"}))
    pages["too big"] = clinic.post(first, {"padding": "x" * 200_000})
    clock.now += 3600
    pages["expired"] = clinic.get(first)
    pages["finished"] = clinic.get("/finished")
    store = clinic.client.application.extensions["cserq"].store
    limit, store.max_cases = store.max_cases, 0
    pages["too many cases"] = clinic.post("/start", {}, from_url="/")
    store.max_cases = limit
    return pages
