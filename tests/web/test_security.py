"""Nobody gets in where they should not: hosts, CSRF, cookies, headers, ownership."""

from __future__ import annotations

import time

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_wtf.csrf import generate_csrf, validate_csrf
from hypothesis import HealthCheck, given
from hypothesis import strategies as st
from wtforms.validators import ValidationError

from cserq import create_app
from tests.hypo import fewer_settings
from tests.web.conftest import Clinic, Page

POST_ROUTES = [
    "/start",
    "/case/{id}/about",
    "/case/{id}/questions/safety",
    "/case/{id}/outcome",
    "/case/{id}/note",
    "/case/{id}/finish",
    "/case/{id}/clear",
    "/case/{id}/extend",
    "/case/{id}/record",
]


def test_every_post_route_is_listed_here(app: Flask) -> None:
    routes = {
        rule.rule.replace("<case_id>", "{id}").replace("<section_id>", "safety")
        for rule in app.url_map.iter_rules()
        if "POST" in rule.methods
    }
    assert routes == set(POST_ROUTES)


@pytest.mark.parametrize("route", POST_ROUTES)
@pytest.mark.parametrize("token", [None, "forged-token"])
def test_every_post_needs_the_csrf_token(clinic: Clinic, route: str, token: str | None) -> None:
    clinic.complete({"age": "15"})
    case_id = clinic.case_url.split("/")[2]
    data = {"csrf_token": token} if token else {}
    response = clinic.client.post(route.format(id=case_id), data=data)
    assert response.status_code == 400
    assert "This form could not be accepted" in response.get_data(as_text=True)
    assert clinic.outcome().status == 200  # the case is untouched


@pytest.mark.parametrize("host", ["evil.example", "127.0.0.1.evil.example", "attacker.test:8080"])
def test_a_rebound_host_name_is_refused(client: FlaskClient, host: str) -> None:
    response = client.get("/", headers={"Host": host})
    assert response.status_code == 400
    assert "Something in that request was not right" in response.get_data(as_text=True)


@pytest.mark.parametrize("host", ["127.0.0.1:8080", "localhost:8080", "localhost"])
def test_loopback_names_are_served(client: FlaskClient, host: str) -> None:
    assert client.get("/", headers={"Host": host}).status_code == 200


def test_the_session_cookie_is_httponly_and_strict(clinic: Clinic) -> None:
    clinic.start()
    header = clinic.client.get("/").headers.get("Set-Cookie", "")
    started = clinic.post("/start", {}, from_url="/")
    header = started.response.headers["Set-Cookie"]
    assert header.startswith("cserq_session=")
    assert "HttpOnly" in header
    assert "SameSite=Strict" in header
    assert "Expires" not in header  # gone when the browser closes


def test_the_signing_key_is_new_at_each_start() -> None:
    one, two = create_app({"TESTING": True}), create_app({"TESTING": True})
    assert one.config["SECRET_KEY"] != two.config["SECRET_KEY"]
    assert len(one.config["SECRET_KEY"]) >= 64


@pytest.mark.parametrize("path", ["/", "/case/x/about", "/static/cserq.css", "/nowhere"])
def test_protective_headers_on_every_response(client: FlaskClient, path: str) -> None:
    with client.get(path) as response:
        csp = response.headers["Content-Security-Policy"]
        assert "default-src 'self'" in csp
        assert "frame-ancestors 'none'" in csp
        assert "script-src 'self'" in csp
        assert "unsafe-inline" not in csp
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "no-referrer"


def test_no_page_has_inline_script_or_style(clinic: Clinic) -> None:
    clinic.complete({"age": "15"})
    for path in ("/", f"{clinic.case_url}/about", f"{clinic.case_url}/outcome"):
        page = clinic.get(path)
        assert all(script.has_attr("src") for script in page.soup.find_all("script"))
        assert page.soup.find("style") is None
        assert page.soup.find(attrs={"style": True}) is None
        assert not [t for t in page.soup.find_all(True) if any(a.startswith("on") for a in t.attrs)]


def test_a_copied_case_address_opens_nothing_elsewhere(clinic: Clinic, app: Flask) -> None:
    clinic.complete({"age": "15", "child-name": "Siân Ŵyn"})
    other = Clinic(app.test_client())
    for path in ("/about", "/check", "/outcome"):
        page = other.get(clinic.case_url + path)
        assert page.status == 404
        assert "Siân" not in page.html
    refused = other.client.post(
        f"{clinic.case_url}/note", data={"csrf_token": other.get("/").csrf()}
    )
    assert refused.status_code == 404


def test_the_extend_form_cannot_redirect_elsewhere(clinic: Clinic) -> None:
    first = clinic.start()
    for target in ("https://example.org/", "//example.org/", "/case/other/about", "/\\example.org"):
        page = clinic.post(f"{clinic.case_url}/extend", {"next": target}, from_url=first)
        assert page.response.headers["Location"] == first


def test_page_has_no_answers_in_the_language_link(clinic: Clinic) -> None:
    first = clinic.start()
    clinic.answer_page(first, {"immediate_danger": "yes"})
    link = Page(clinic.client.get(first)).soup.select_one(".header-nav a")
    assert link["href"] == f"/language/cy?next={first}"


def test_a_session_s_pages_carry_one_signed_token_that_its_forms_accept(
    app: Flask, clinic: Clinic
) -> None:
    """The signed CSRF token is kept for the session (cserq.web.security.SignedTokens): every
    page of it shows the same one, which its forms accept; another browser's is its own, and
    a token signed with another secret is refused."""
    clinic.start()
    pages = [clinic.case_url + "/questions/safety", clinic.case_url + "/questions/child", "/"]
    tokens = set()
    for url in pages:
        tokens.add(clinic.get(url).csrf())
        time.sleep(1.01)  # a token signed afresh would carry another second
    assert len(tokens) == 1
    extended = clinic.post(clinic.case_url + "/extend", {"next": pages[0]}, from_url=pages[0])
    assert extended.status == 303
    other = Clinic(app.test_client())
    other.start()
    assert other.get(other.case_url + "/questions/safety").csrf() not in tokens
    elsewhere = create_app({"TESTING": True})
    with elsewhere.test_request_context("/"):
        forged = generate_csrf()
    refused = clinic.client.post(clinic.case_url + "/extend", data={"csrf_token": forged})
    assert refused.status_code == 400


@fewer_settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    edits=st.lists(
        st.tuples(st.integers(min_value=0), st.sampled_from("Aa0_-.=xBé\x00")),
        min_size=0,
        max_size=3,
    ),
    where=st.sampled_from(["form", "header", "both"]),
)
def test_a_form_s_token_is_accepted_exactly_when_flask_wtf_accepts_it(
    app: Flask, edits: list[tuple[int, str]], where: str
) -> None:
    """The token a session's pages carry is let through without its signature being checked
    again (``KeptTokenCSRF``); any other, with letters changed, sent in a header, is checked by
    Flask-WTF: the app accepts a form exactly when Flask-WTF's own check does, and a refused
    one changes nothing."""
    clinic = Clinic(app.test_client())
    clinic.start()
    page = clinic.case_url + "/questions/safety"
    token = clinic.get(page).csrf()
    for position, letter in edits:
        position %= len(token)
        token = token[:position] + letter + token[position + 1 :]
    cookie = clinic.client.get_cookie("cserq_session")
    assert cookie is not None
    with app.test_request_context("/", headers={"Cookie": f"cserq_session={cookie.value}"}):
        try:
            validate_csrf(token)
            valid = True
        except ValidationError:
            valid = False
    data = {"csrf_token": token} if where in ("form", "both") else {}
    headers = {"X-CSRFToken": token} if where in ("header", "both") else {}
    try:
        response = clinic.client.post(clinic.case_url + "/extend", data=data, headers=headers)
        assert (response.status_code == 303) == valid
        assert response.status_code in (303, 400)  # a letter that is not ASCII too: never a 500
        assert clinic.get(page).status == 200  # the case is still there, refused or not
    finally:
        clinic.post(f"{clinic.case_url}/clear", {})  # the next example's case has room
