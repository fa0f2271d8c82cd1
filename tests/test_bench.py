"""The benchmark's same-bytes floor really serves the app's bytes: a ratio against it says what
the app's own work costs only if the bare app sends exactly what the app sent, for each page and
for every request of a whole case. Not timed."""

from __future__ import annotations

import re

import pytest

from cserq import create_app
from tools.bench import main, question_page, record, replay, replay_app, walk_case


def test_the_page_floor_sends_the_app_s_bytes() -> None:
    client, url = question_page()
    ours = record(client, "GET", url)
    floor = record(replay_app([ours]).test_client(), "GET", url)
    assert floor.status == ours.status == 200
    assert floor.body == ours.body
    assert floor.headers == ours.headers


def test_the_case_replay_asks_and_answers_as_the_walk_did() -> None:
    walk = walk_case(create_app({"LANGUAGES": "en"}).test_client())
    replayed = replay(replay_app(walk).test_client(), walk)
    assert len(replayed) == len(walk)
    assert [(r.method, r.url, r.status) for r in replayed] == [
        (r.method, r.url, r.status) for r in walk
    ]
    assert [r.body for r in replayed] == [r.body for r in walk]
    assert any(r.method == "POST" and r.status == 303 for r in walk)  # the POST + redirect


def test_the_cpu_figures_name_both_figures_with_their_ratios(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """``python -m tools.bench --cpu`` gives figures 1 and 3 only, each against its floor."""
    assert main(["--cpu", "--quick"]) == 0
    lines = capsys.readouterr().out.splitlines()
    figures = [line for line in lines if re.match(r"[0-9]\. ", line)]
    assert [line.split()[0] for line in figures] == ["1.", "3."]
    for line in figures:
        ratio = float(re.search(r"ratio +([0-9.]+)", line).group(1))  # type: ignore[union-attr]
        assert ratio > 0
