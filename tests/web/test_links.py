"""Links and headers anyone can craft: a ``next`` address only ever leads to a page of this app,
and the browser's language preferences are followed in their order."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cserq import create_app
from tests.hypo import many_settings
from tests.web.conftest import Clinic, Page

APP = create_app({"TESTING": True})


def as_a_browser_reads(location: str) -> str:
    """What a browser makes of a Location header: it drops tabs and newlines and reads a
    backslash as a slash (the WHATWG URL parser)."""
    return location.translate({9: None, 10: None, 13: None}).replace("\\", "/")


def assert_a_page_of_this_app(app: Flask, location: str) -> None:
    read = as_a_browser_reads(location)
    parts = urlsplit(read)
    assert location.isascii(), location
    assert location.isprintable(), location
    assert not parts.scheme, location
    assert not parts.netloc, location
    assert read.startswith("/"), location
    assert not read.startswith("//"), location
    endpoint, _values = app.url_map.bind("localhost").match(parts.path, method="GET")
    assert endpoint.split(".")[0] in {"cases", "questions", "outcome", "note"}, location


TRICKS = [
    "/%09/evil.example/phish",
    "/\t/evil.example/phish",
    "/%0a/x",
    "/\n/x",
    "//evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "https://evil.example/",
    "javascript:alert(1)",
    "/%2F%2Fevil.example",
    "/%5Cevil.example",
    "/\u3000/evil.example",
    "／／evil.example",
    "/static/../../evil",
    "http:/evil.example",
    "/?next=//evil.example",
    "",
]


@pytest.mark.parametrize("target", TRICKS)
def test_the_language_link_goes_nowhere_but_this_app(clinic: Clinic, target: str) -> None:
    answer = clinic.client.get("/language/cy", query_string={"next": target})
    assert answer.status_code == 303
    assert_a_page_of_this_app(clinic.client.application, answer.headers["Location"])


def test_the_language_link_returns_to_the_page_it_was_on(clinic: Clinic) -> None:
    first = clinic.start()
    answer = clinic.client.get("/language/cy", query_string={"next": first})
    assert answer.headers["Location"] == first
    check = f"{clinic.case_url}/questions/safety?return=check"
    answer = clinic.client.get("/language/en", query_string={"next": check})
    assert answer.headers["Location"] == check
    # Anything else in the address is dropped: it could carry what should not be kept.
    answer = clinic.client.get("/language/en", query_string={"next": first + "?age=15#x"})
    assert answer.headers["Location"] == "/"


def test_the_language_link_on_a_page_reached_from_check_keeps_that(clinic: Clinic) -> None:
    clinic.complete({"age": "15"})
    page = clinic.get(f"{clinic.case_url}/questions/safety?return=check")
    link = page.soup.select_one(".header-nav a")
    assert link["href"].endswith("return%3Dcheck")
    location = clinic.get(link["href"]).response.headers["Location"]
    assert location == f"{clinic.case_url}/questions/safety?return=check"
    assert clinic.get(location).soup.html["lang"] == "cy"


PIECES = [
    "/", "//", "\\", "/\\", "%2F", "%5C", "%09", "\t", "\n", "\r", "http:", "https:",
    "javascript:", "evil.example", "@", ":", "?", "#", "..", ".", "case", "language", "cy",
    "static", "\x00", "\u2215", "\uff0f", "\u3000", "%0a", "%E2%80%AE",
]  # fmt: skip
next_values = st.one_of(
    st.text(max_size=80), st.lists(st.sampled_from(PIECES), max_size=8).map("".join)
)


@many_settings(suppress_health_check=[HealthCheck.too_slow])
@given(target=next_values, code=st.sampled_from(["cy", "en", "fr", "%0a"]))
def test_every_next_value_leads_to_a_page_of_this_app(target: str, code: str) -> None:
    client = APP.test_client()
    answer = client.get(f"/language/{code}", query_string={"next": target})
    assert answer.status_code in (303, 404)
    if answer.status_code == 303:
        assert_a_page_of_this_app(APP, answer.headers["Location"])


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(target=next_values)
def test_keeping_the_answers_returns_only_to_a_page_of_the_same_case(target: str) -> None:
    clinic = Clinic(APP.test_client())
    first = clinic.start()
    answer = clinic.post(f"{clinic.case_url}/extend", {"next": target}, from_url=first)
    location = answer.response.headers["Location"]
    assert_a_page_of_this_app(APP, location)
    assert location.startswith(clinic.case_url + "/")


# --- the browser's language ---


def shown_language(clinic: Clinic, header: str) -> str:
    page = Page(clinic.client.get("/", headers={"Accept-Language": header}))
    return str(page.soup.html["lang"])


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("cy-GB,en-GB;q=0.8", "cy"),
        ("en-US,cy;q=0.5", "en"),
        ("en;q=0,cy;q=0.1", "cy"),
        ("fr,cy;q=0.2,en;q=0.1", "cy"),
        ("cy;q=0.5,en;q=0.6", "en"),
        ("CY", "cy"),
        ("*", "en"),
        ("fr, de", "en"),
    ],
)
def test_the_browsers_order_of_preference_is_followed(
    clinic: Clinic, header: str, expected: str
) -> None:
    assert shown_language(clinic, header) == expected


tags = st.sampled_from(["en", "en-GB", "en-US", "cy", "cy-GB", "CY", "fr", "de", "ga", "*"])
qualities = st.sampled_from([1.0, 0.9, 0.8, 0.5, 0.3, 0.1, 0.0])


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(tags, qualities), min_size=1, max_size=6))
def test_the_most_preferred_offered_language_is_shown(prefs: list[tuple[str, float]]) -> None:
    header = ",".join(f"{tag};q={q}" for tag, q in prefs)
    wanted = [
        (-q, i, tag.split("-")[0].lower())
        for i, (tag, q) in enumerate(prefs)
        if q > 0 and tag.split("-")[0].lower() in ("en", "cy")
    ]
    expected = min(wanted)[2] if wanted else "en"
    assert shown_language(Clinic(APP.test_client()), header) == expected


# --- headers and cookies anyone can send ---

header_texts = st.text(st.characters(codec="latin-1", exclude_characters="\r\n"), max_size=120)


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(
    cookie=st.one_of(header_texts, st.just("." + "eJ" * 40 + ".x.y")),
    host=st.one_of(header_texts, st.sampled_from(["localhost", "127.0.0.1:8080", "LOCALHOST"])),
    path=st.sampled_from(["/", "/case/x/about", "/language/cy?next=/", "/finished"]),
)
def test_any_cookie_or_host_gets_a_page_never_a_failure(cookie: str, host: str, path: str) -> None:
    client = APP.test_client()
    client.set_cookie("cserq_session", cookie)
    answer = client.get(path, headers={"Host": host})
    assert answer.status_code < 500
    if answer.status_code in (301, 302, 303, 307, 308):
        assert_a_page_of_this_app(APP, answer.headers["Location"])
