"""What the layout keeps between requests: the static files' addresses, the timeout's
"20 minutes", the session cookie's serialiser and the cookies whose signature has been checked.
None may carry one path the app is served
under, or one language, into another's page, nor trust a cookie past a change of key."""

from __future__ import annotations

import re
import time

import pytest
from flask import Flask, request, url_for
from flask.sessions import SecureCookieSessionInterface, SessionInterface
from flask.testing import FlaskClient
from flask_babel import ngettext
from hypothesis import HealthCheck, given
from hypothesis import strategies as st

from cserq.web.current import defaults
from cserq.web.urls import case_url, static_url
from tests.hypo import many_settings
from tests.web.conftest import Clinic

STATIC = re.compile(r'(?:href|src)="([^"]*/static/[^"]+)"')


def static_links(app: Flask, script_root: str = "") -> list[str]:
    client = app.test_client()
    page = client.get("/", base_url=f"http://localhost{script_root}").get_data(as_text=True)
    return STATIC.findall(page)


def test_the_static_addresses_follow_the_path_the_app_is_served_under(app: Flask) -> None:
    plain = static_links(app)
    under = static_links(app, "/cserq")
    again = static_links(app)
    assert plain == ["/static/favicon.svg", "/static/cserq.css", "/static/cserq.js"]
    assert under == [f"/cserq{link}" for link in plain]
    assert again == plain


def test_a_kept_static_address_is_url_for_s(memory_app: Flask) -> None:
    for root in ("", "/a", "/b/c"):
        with memory_app.test_request_context("/", base_url=f"http://localhost{root}"):
            for name in ("cserq.css", "cserq.js", "favicon.svg"):
                assert url_for("static", filename=name).startswith(f"{root}/static/")
                assert static_url(name) == url_for("static", filename=name)
                assert static_url(name) == url_for("static", filename=name)  # kept


def test_the_timeout_duration_is_said_in_each_request_s_language(memory_app: Flask) -> None:
    said = {}
    for language in ("en", "cy", "en"):
        with memory_app.test_request_context("/", headers={"Accept-Language": language}):
            minutes = memory_app.extensions["cserq"].settings.idle_timeout_minutes
            duration = defaults()["timeout_duration"]
            assert duration == ngettext("%(num)d minute", "%(num)d minutes", minutes)
            said.setdefault(language, duration)
            assert said[language] == duration
    assert said["en"] != said["cy"]


def test_the_kept_session_serialiser_follows_the_keys(memory_app: Flask) -> None:
    client = memory_app.test_client()
    client.get("/language/cy")
    assert "lang=" not in client.get("/").headers.get("Set-Cookie", "")
    assert '<html lang="cy">' in client.get("/").get_data(as_text=True)
    # A new key: a cookie signed with the old one is trusted only while that is a fallback.
    old = memory_app.secret_key
    memory_app.secret_key = "another key altogether, for this test"
    memory_app.config["SECRET_KEY_FALLBACKS"] = [old]
    assert '<html lang="cy">' in client.get("/").get_data(as_text=True)
    memory_app.config["SECRET_KEY_FALLBACKS"] = []
    assert '<html lang="en">' in client.get("/").get_data(as_text=True)


def _cookie(client: FlaskClient) -> str:
    cookie = client.get_cookie("cserq_session")
    assert cookie is not None
    return cookie.value


def _read(app: Flask, interface: SessionInterface, value: str) -> dict[str, object] | None:
    with app.test_request_context("/", headers={"Cookie": f"cserq_session={value}"}):
        session = interface.open_session(app, request)
        return None if session is None else dict(session)


def test_a_checked_cookie_is_let_through_only_byte_for_byte_and_while_young(
    memory_app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = memory_app.test_client()
    client.get("/language/cy")
    genuine = _cookie(client)
    kept = memory_app.session_interface
    assert _read(memory_app, kept, genuine) == {"lang": "cy"}
    assert _read(memory_app, kept, genuine) == {"lang": "cy"}  # kept: the same session
    # A changed letter of the signature, or of what it signs, is checked afresh: refused. (Its
    # first letter: the last one's lowest bits are padding, which decodes to the same bytes
    # whatever they are, so changing "A" to "B" there would be the same signature.)
    payload, stamp, signature = genuine.rsplit(".", 2)
    flipped = "A" if signature[0] != "A" else "B"
    assert _read(memory_app, kept, f"{payload}.{stamp}.{flipped}{signature[1:]}") == {}
    assert _read(memory_app, kept, f"{payload}x.{stamp}.{signature}") == {}
    # What one request does to its session does not reach the next.
    with memory_app.test_request_context("/", headers={"Cookie": f"cserq_session={genuine}"}):
        opened = kept.open_session(memory_app, request)
        assert opened is not None
        opened["lang"] = "en"
    assert _read(memory_app, kept, genuine) == {"lang": "cy"}
    # Past the session's lifetime the kept cookie is refused, as Flask refuses it.
    lifetime = memory_app.permanent_session_lifetime.total_seconds()
    later = time.time() + lifetime + 2
    monkeypatch.setattr(time, "time", lambda: later)
    assert _read(memory_app, kept, genuine) == {}
    assert _read(memory_app, SecureCookieSessionInterface(), genuine) == {}


@many_settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    edits=st.lists(st.tuples(st.integers(min_value=0), st.sampled_from("Aa0_-.=x")), max_size=3),
    again=st.booleans(),
    new_key=st.booleans(),
)
def test_any_cookie_reads_as_flask_reads_it(
    memory_app: Flask, edits: list[tuple[int, str]], again: bool, new_key: bool
) -> None:
    """Genuine, read once before or not, with letters changed, under a new key: the kept
    interface gives the session Flask's own gives for the same cookie, every time."""
    client = memory_app.test_client()
    client.get("/language/cy")
    value = _cookie(client)
    kept = memory_app.session_interface
    if again:
        _read(memory_app, kept, value)
    for position, letter in edits:
        position %= len(value)
        value = value[:position] + letter + value[position + 1 :]
    old = memory_app.secret_key
    if new_key:
        memory_app.secret_key = "another key altogether, for this test"
    try:
        for _ in range(2):
            assert _read(memory_app, kept, value) == _read(
                memory_app, SecureCookieSessionInterface(), value
            )
    finally:
        memory_app.secret_key = old


def test_a_kept_cookie_s_lists_are_each_request_s_own(memory_app: Flask) -> None:
    """What a cookie says is read once and kept: a request that changes a list in its session
    (the cases a browser owns) changes its own copy, never the kept reading or the next
    request's session."""
    client = memory_app.test_client()
    Clinic(client).start()
    value = _cookie(client)
    kept = memory_app.session_interface
    first = _read(memory_app, kept, value)
    assert first is not None
    assert isinstance(first["cases"], list)
    assert len(first["cases"]) == 1
    for _ in range(2):
        with memory_app.test_request_context("/", headers={"Cookie": f"cserq_session={value}"}):
            opened = kept.open_session(memory_app, request)
            assert opened is not None
            opened["cases"].append("another case")
            opened["cases"][0] = "changed"
    assert _read(memory_app, kept, value) == first
    assert _read(memory_app, SecureCookieSessionInterface(), value) == first
    # Whatever a cookie can hold: a list or a dict inside a tuple is each request's own too.
    serializer = kept.get_signing_serializer(memory_app)  # type: ignore[attr-defined]
    deep = serializer.dumps({"t": ([1], {"d": 1}), "x": {"k": [1]}})
    for _ in range(2):
        with memory_app.test_request_context("/", headers={"Cookie": f"cserq_session={deep}"}):
            opened = kept.open_session(memory_app, request)
            assert opened is not None
            opened["t"][0].append("changed")
            opened["t"][1]["d"] = "changed"
            opened["x"]["k"].append("changed")
    assert _read(memory_app, kept, deep) == {"t": ([1], {"d": 1}), "x": {"k": [1]}}


MARKED_VALUES = st.one_of(
    st.sampled_from(
        ["/case/{id}/questions/child", "/case/{id}/check", "check", "{id}{id}", "~case{id}", "~"]
    ),
    st.text(max_size=12).map(lambda text: "/case/{id}/" + text),
    st.text(max_size=12),
)


@many_settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    case_id=st.one_of(
        st.text(alphabet="ABCxyz019_-", min_size=1, max_size=32), st.text(max_size=8)
    ),
    endpoint=st.sampled_from(
        ["cases.clear", "cases.extend", "outcome.check", "questions.questions", "cases.language"]
    ),
    values=st.dictionaries(st.sampled_from(["back", "next", "return", "x"]), MARKED_VALUES),
    script_root=st.sampled_from(["", "/cserq", "/a~case~b", "/x y"]),
)
def test_a_case_address_is_what_url_for_builds(
    memory_app: Flask, case_id: str, endpoint: str, values: dict[str, str], script_root: str
) -> None:
    """``case_url`` builds each address once with a mark for the case's id and puts the id
    in: for any id (one the app makes, or anything), any values naming it or not, any path the
    app is served under, and asked twice, the address is the one ``url_for`` builds."""
    arguments = {name: value.replace("{id}", case_id) for name, value in values.items()}
    if endpoint != "cases.language":
        arguments["case_id"] = case_id
    if endpoint == "questions.questions":
        arguments["section_id"] = "child"
    else:
        arguments.setdefault("code", "cy") if endpoint == "cases.language" else None
    environ = {"SCRIPT_NAME": script_root}
    for _ in range(2):
        with memory_app.test_request_context("/", environ_base=environ):
            assert case_url(case_id, endpoint, **arguments) == url_for(endpoint, **arguments)


def test_a_kept_case_address_keeps_no_case_s_id(memory_app: Flask) -> None:
    """The addresses kept to be filled in carry the mark, never a case's id."""
    client = memory_app.test_client()
    clinic = Clinic(client)
    clinic.start()
    case_id = clinic.case_url.split("/")[2]
    clinic.get(clinic.case_url + "/questions/safety")
    kept = memory_app.extensions["cserq_case_urls"]
    assert kept
    assert case_id not in repr(kept)
