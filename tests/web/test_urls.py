"""What the layout keeps between requests: the static files' addresses, the timeout's
"20 minutes" and the session cookie's serialiser. None may carry one path the app is served
under, or one language, into another's page, nor trust a cookie past a change of key."""

from __future__ import annotations

import re

from flask import Flask, url_for
from flask_babel import ngettext

from cserq.web.current import defaults
from cserq.web.urls import static_url

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
