"""The case bar (cserq.web.case_bar): filled from its stencil, it is the bar its template draws
for the same values, whatever the page's path, the times and the language; and each page's bar
names that page's case and path."""

from __future__ import annotations

import flask
from flask import Flask
from hypothesis import HealthCheck, given
from hypothesis import strategies as st

from cserq.web import case_bar
from tests.hypo import fewer_settings
from tests.web.conftest import Clinic

paths = st.text(st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), max_size=30)
ids = st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-", min_size=1)


@fewer_settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    path=paths,
    case_id=ids,
    clears_at=st.text(max_size=12),
    seconds=st.integers(-10, 10**7),
    language=st.sampled_from(["en", "cy"]),
    minutes=st.integers(1, 240),
)
def test_the_bar_from_its_stencil_is_the_bar_its_template_draws(
    memory_app: Flask,
    path: str,
    case_id: str,
    clears_at: str,
    seconds: int,
    language: str,
    minutes: int,
) -> None:
    times = {"clears_at": clears_at, "seconds_left": seconds, "timeout_seconds": minutes * 60}
    times["warning_seconds"] = seconds // 2
    with memory_app.test_request_context("/" + path):
        flask.session["lang"] = language
        duration = f"{minutes} munud" if language == "cy" else f"{minutes} minutes"
        values = case_bar.page_values(case_id, times)
        filled = case_bar._stencil(duration).fill(values)
        assert filled == case_bar.draw(values, duration)
        assert flask.request.path in values["here"]  # type: ignore[operator]


def test_each_page_s_bar_names_its_case_its_path_and_its_clearing_time(clinic: Clinic) -> None:
    clinic.start()
    first = clinic.case_url
    for url in (first + "/questions/safety", first + "/questions/child"):
        bar = clinic.get(url).soup.select_one(".case-bar")
        assert bar is not None
        assert bar.select_one("form")["action"] == first + "/extend"
        assert bar.select_one("input[name=next]")["value"] == url
        assert bar.select_one(".case-bar-clear a")["href"].startswith(first + "/clear?back=")
        assert bar.select_one("[data-clears-at]").get_text().count(":") == 1
    clinic.get("/language/cy")
    welsh = clinic.get(first + "/questions/safety").soup.select_one(".case-bar")
    assert welsh is not None
    assert "Cadw fy atebion am fwy o amser" in welsh.get_text()
    assert "Keep my answers" not in welsh.get_text()
