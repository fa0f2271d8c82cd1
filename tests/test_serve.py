"""``cserq serve`` as a practitioner starts it: a real waitress server on loopback."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from unittest import mock

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given
from hypothesis import strategies as st

from cserq.cli import main
from tests.conftest import SHIPPED
from tests.hypo import fewer_settings


def serve(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "cserq", "serve", "--no-browser", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **(env or {})},
    )


@pytest.fixture
def server() -> Iterator[tuple[subprocess.Popen[str], str]]:
    process = serve("--port", "0")
    assert process.stdout is not None
    line = process.stdout.readline()
    match = re.search(r"http://127\.0\.0\.1:\d+/", line)
    assert match, line
    yield process, match.group(0)
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
    process.wait(timeout=10)
    process.stdout.close()
    process.stderr.close()  # type: ignore[union-attr]


def test_serves_the_start_page_on_loopback(server: tuple[subprocess.Popen[str], str]) -> None:
    _, url = server
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - our own loopback
        page = response.read().decode()
        assert response.headers["Cache-Control"] == "no-store"
    assert "Worried a child may be sexually exploited?" in page


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_crash_would_leave_no_core_dump_and_a_huge_request_is_refused(
    server: tuple[subprocess.Popen[str], str],
) -> None:
    """The server's memory holds the answers: a crash dumps none of it. A request body past
    waitress's limit (which it would otherwise spill to a temporary file) is refused."""
    process, url = server
    limits = Path(f"/proc/{process.pid}/limits").read_text()
    assert re.search(r"^Max core file size\s+0\s+0\s", limits, re.MULTILINE), limits
    # Say the size and send none of it: waitress answers from the headers alone, and closes.
    # (Sending the body too races that close: the client may see a broken pipe, not the 413.)
    host, port = url.removeprefix("http://").rstrip("/").split(":")
    with socket.create_connection((host, int(port)), timeout=30) as conn:
        conn.sendall(
            b"POST /start HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: application/x-www-form-urlencoded\r\n"
            + f"Content-Length: {3 * 1024 * 1024}\r\n\r\n".encode()
        )
        status = conn.makefile("rb").readline()
    assert status.split()[1] == b"413", status


def test_ctrl_c_stops_it_and_says_the_answers_are_gone(
    server: tuple[subprocess.Popen[str], str],
) -> None:
    process, url = server
    # Once it answers it is serving; a Ctrl+C any earlier would (rightly) stop it before it
    # printed its instructions.
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - our own loopback
        assert response.status == 200
    process.send_signal(signal.SIGINT)
    process.wait(timeout=10)
    # Read through the text buffer: readline() above already holds part of the output.
    out = process.stdout.read()  # type: ignore[union-attr]
    assert "Press Ctrl+C to stop. Stopping clears every answer." in out
    assert "Every answer has been cleared" in out
    assert process.returncode == 0


def test_a_port_in_use_gets_a_clear_message_suggesting_a_free_one() -> None:
    with socket.socket() as taken, socket.socket() as next_one:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        try:  # the next port is taken too, as it was when the suggestion was always port + 1
            next_one.bind(("127.0.0.1", port + 1))
            next_one.listen()
        except OSError:
            pass  # already in use by something else: all the better
        process = serve("--port", str(port))
        out, err = process.communicate(timeout=20)
        assert process.returncode == 1
        assert "Traceback" not in out + err
        assert f"Port {port} is already in use." in out
        suggested = re.search(r"cserq serve --port (\d+)", out)
        assert suggested is not None, out
        free = int(suggested.group(1))
        assert free not in (port, port + 1)
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", free))  # it is free: binding it works


def test_port_0_picks_a_free_port_and_prints_it(
    server: tuple[subprocess.Popen[str], str],
) -> None:
    _, url = server
    port = int(url.rstrip("/").rsplit(":", 1)[1])
    assert port > 0
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - our own loopback
        assert response.status == 200


def test_another_address_needs_an_explicit_flag() -> None:
    process = serve("--host", "0.0.0.0")  # noqa: S104 - refused, which is the point
    _out, err = process.communicate(timeout=20)
    assert process.returncode == 2
    assert "--allow-network" in err


def test_a_broken_questionnaire_stops_it_at_start(tmp_path: pytest.TempPathFactory) -> None:
    broken = tmp_path / "broken.yaml"  # type: ignore[operator]
    broken.write_text(SHIPPED.read_text().replace("level: emergency", "level: urgent", 1))
    process = serve("--port", "0", env={"CSERQ_QUESTIONS_DIR": str(tmp_path)})
    out, err = process.communicate(timeout=20)
    assert process.returncode == 1
    assert re.search(r"broken\.yaml:\d+: rules\[0\]\.level: unknown level 'urgent'", out)
    assert "Traceback" not in out + err


def test_flask_run_and_wsgi_find_the_app() -> None:
    code = "import wsgi; print(wsgi.app.name)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.stdout.strip() == "cserq", done.stderr
    routes = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "cserq", "routes"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert "/case/<case_id>/outcome" in routes.stdout, routes.stderr


def test_another_address_with_the_flag_warns_and_serves() -> None:
    process = serve("--host", "127.0.0.2", "--port", "0", "--allow-network")
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        match = re.search(r"http://127\.0\.0\.2:\d+/", line)
        assert match, line
        with urllib.request.urlopen(match.group(0), timeout=10) as response:  # noqa: S310
            assert response.status == 200
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=10)
        err = process.stderr.read() if process.stderr else ""
        for pipe in (process.stdout, process.stderr):
            if pipe:
                pipe.close()
    assert "WARNING: the app is reachable from other computers" in err


@pytest.mark.parametrize(
    ("host", "said"),
    [
        ("example.invalid", "Cannot listen on example.invalid:"),
        ("999.1.1.1", "Cannot listen on 999.1.1.1:"),
        ("a b", "Invalid value for --host"),
        ("http://x", "Invalid value for --host"),
    ],
)
def test_a_host_that_cannot_be_listened_on_gets_one_line(host: str, said: str) -> None:
    process = serve("--host", host, "--allow-network", "--port", "0")
    out, err = process.communicate(timeout=60)
    assert process.returncode in (1, 2)
    assert "Traceback" not in out + err
    assert said in out + err


ODD_HOSTS = [
    "localhost",
    "127.0.0.1",
    "::1",
    "[::1]",
    "256.0.0.1",
    "-x",
    "x..y",
    "localhost.",
    "1" * 300,
    "fe80::1%eth0",
    "0.0.0.0",  # noqa: S104 - refused without the flag
]


@fewer_settings(suppress_health_check=[HealthCheck.too_slow])
@given(
    host=st.one_of(st.text(max_size=30), st.sampled_from(ODD_HOSTS)),
    port=st.sampled_from(["0", "65536", "-1", "abc", "8300"]),
    flags=st.lists(st.sampled_from(["--allow-network", "--threads", "0", "--threads", "99"])),
)
def test_any_host_and_port_either_serve_or_say_why_in_a_line(
    host: str, port: str, flags: list[str]
) -> None:
    """In-process, with the server loop replaced by a return: whatever the options, the
    command serves or ends with a message, never a traceback."""
    runner = CliRunner()
    with (
        mock.patch("waitress.server.BaseWSGIServer.run"),
        mock.patch("waitress.server.MultiSocketServer.run"),
    ):
        result = runner.invoke(
            main, ["serve", "--no-browser", "--host", host, "--port", port, *flags]
        )
    assert result.exit_code in (0, 1, 2), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    if result.exit_code:
        assert (
            "Error" in result.output
            or "Cannot listen" in result.output
            or "already in use" in result.output
        )


def started_with(env: dict[str, str] | None = None) -> str:
    """What ``cserq serve`` says on its error stream as it starts (then it is stopped)."""
    process = serve("--port", "0", env=env)
    assert process.stdout is not None
    assert "running at" in process.stdout.readline()
    process.send_signal(signal.SIGINT)
    _out, err = process.communicate(timeout=10)
    return err


def test_it_says_at_start_when_no_local_contacts_are_set() -> None:
    err = started_with()
    assert "no local contacts are set" in err
    assert "contacts.yaml" in err
    assert "CSERQ_CONTACTS_FILE" in err


def test_it_says_nothing_of_contacts_when_they_are_set(tmp_path: pytest.TempPathFactory) -> None:
    contacts = tmp_path / "contacts.yaml"  # type: ignore[operator]
    contacts.write_text(
        "contacts:\n  - name: Children's services, Anytown\n    phone: 01234 567890\n"
    )
    err = started_with({"CSERQ_CONTACTS_FILE": str(contacts)})
    assert "no local contacts" not in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("--port", "abc"), "give a whole number from 0 to 65535 (0 lets the computer choose)."),
        (("--port", "65536"), "give a whole number from 0 to 65535"),
        (("--port", "-1"), "give a whole number from 0 to 65535"),
        (("--port", "8_080"), "give a whole number from 0 to 65535"),
        (("--threads", "0"), "give a whole number from 1 to 64."),
        (("--threads", "many"), "give a whole number from 1 to 64."),
    ],
)
def test_a_bad_port_or_thread_count_is_said_plainly(args: tuple[str, str], said: str) -> None:
    result = CliRunner().invoke(main, ["serve", "--no-browser", *args])
    assert result.exit_code == 2
    assert f"Invalid value for '{args[0]}': {said}" in result.stderr
    assert "integer" not in result.stderr


def _is_port(text: str) -> bool:
    return bool(re.fullmatch(r"\s*[0-9]{1,9}\s*", text)) and int(text) <= 65535


@fewer_settings()
@given(port=st.text(max_size=12).filter(lambda text: not _is_port(text)))
def test_any_text_not_a_port_is_refused_naming_port(port: str) -> None:
    """Whatever is typed after --port that is not a port: exit 2 and a message naming --port,
    never a traceback. The server loop is replaced by a return, so that a text wrongly taken
    as a port fails the test rather than serving."""
    with (
        mock.patch("waitress.server.BaseWSGIServer.run"),
        mock.patch("waitress.server.MultiSocketServer.run"),
    ):
        result = CliRunner().invoke(main, ["serve", "--no-browser", "--port", port])
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit)
    assert "'--port'" in result.stderr
    assert "give a whole number from 0 to 65535" in result.stderr
    assert "Traceback" not in result.output
