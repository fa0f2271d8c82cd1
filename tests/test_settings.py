"""Every setting is checked once at start-up: a bad one stops the app with one line naming the
setting, the value and what is allowed, whether it comes to ``cserq serve``, ``cserq check`` or
the WSGI entry point."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given
from hypothesis import strategies as st

from cserq import create_app
from cserq.cli import main
from cserq.note.settings import NoteSettings
from cserq.settings.options import KNOWN, SettingError, read_settings
from cserq.settings.sources import configured
from tests.hypo import fewer_settings, many_settings

REPO = Path(__file__).resolve().parent.parent

BAD = [
    ("IDLE_TIMEOUT_MINUTES", "abc", "whole number of minutes from 1 to 1440"),
    ("IDLE_TIMEOUT_MINUTES", "0", "whole number of minutes from 1 to 1440"),
    ("IDLE_TIMEOUT_MINUTES", "-1", "whole number of minutes from 1 to 1440"),
    ("IDLE_TIMEOUT_MINUTES", "1_2", "whole number of minutes from 1 to 1440"),
    ("IDLE_TIMEOUT_MINUTES", "1e9", "whole number of minutes from 1 to 1440"),
    ("TIMEOUT_WARNING_MINUTES", "x", "whole number of minutes from 1 to 1440"),
    ("MAX_CASES", "abc", "whole number from 1 to 100000"),
    ("MAX_CASES", "0", "whole number from 1 to 100000"),
    ("LANGUAGES", "fr", "language codes separated by commas, from: en, cy"),
    ("LANGUAGES", "en,,xx", "language codes separated by commas, from: en, cy"),
    ("QUESTIONS_DIR", "/nonexistent", "there is no folder there"),
    ("QUESTIONS_DIR", "/etc/hostname", "that is not a folder"),
    ("CONTACTS_FILE", "/nonexistent.yaml", "there is no file there"),
    ("MARKING", "X" * 500, "at most 60 characters"),
    ("SECRET_KEY", "short", "at least 32 characters"),
    ("TRUSTED_HOSTS", "not a host!", "host names or addresses separated by commas"),
    ("TRUSTED_HOSTS", "[1, 2]", "host names or addresses separated by commas"),
]


@pytest.mark.parametrize(("name", "value", "allowed"), BAD)
def test_a_bad_setting_stops_serve_with_one_line(name: str, value: str, allowed: str) -> None:
    process = subprocess.run(
        [sys.executable, "-m", "cserq", "serve", "--no-browser", "--port", "0"],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, f"CSERQ_{name}": value},
    )
    assert process.returncode == 2
    assert "Traceback" not in process.stdout + process.stderr
    lines = process.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"Error: CSERQ_{name}=")
    assert allowed in lines[0]
    assert value[:60] in lines[0] or name == "SECRET_KEY"  # the key itself is never printed
    assert "short" not in process.stderr or name != "SECRET_KEY"


def test_the_wsgi_entry_point_says_the_same_in_one_line() -> None:
    process = subprocess.run(
        [sys.executable, "-c", "import wsgi"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=REPO,
        env={**os.environ, "CSERQ_MAX_CASES": "lots"},
    )
    assert process.returncode == 2
    assert process.stderr.strip() == (
        "Error: CSERQ_MAX_CASES='lots': give a whole number from 1 to 100000"
    )


@pytest.mark.parametrize(("name", "value", "allowed"), BAD[:4])
def test_check_reads_the_same_settings(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str, allowed: str
) -> None:
    monkeypatch.setenv(f"CSERQ_{name}", value)
    result = CliRunner().invoke(main, ["check"])
    assert result.exit_code == 2
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert allowed in result.stderr


def test_a_warning_as_long_as_the_timeout_comes_halfway_instead() -> None:
    read = read_settings({"IDLE_TIMEOUT_MINUTES": "1", "TIMEOUT_WARNING_MINUTES": "5"})
    assert read.warning_seconds == 30
    assert "the warning comes 30 seconds before" in read.notes[0]
    default = read_settings({"IDLE_TIMEOUT_MINUTES": "1"})
    assert default.warning_seconds == 30
    assert read_settings({}).warning_seconds == 5 * 60


@pytest.mark.parametrize("marking", ["", "   ", "\u200b", "\x00\x01"])
def test_the_marking_is_never_empty(marking: str) -> None:
    assert read_settings({"MARKING": marking}).marking == "OFFICIAL-SENSITIVE"
    app = create_app({"TESTING": True, "MARKING": marking})
    assert app.extensions["cserq"].note_settings.marking == "OFFICIAL-SENSITIVE"


def test_a_welsh_reader_gets_the_welsh_marking_with_the_english_beside_it() -> None:
    shipped = read_settings({})
    assert shipped.marking_in("cy") == "SWYDDOGOL-SENSITIF / OFFICIAL-SENSITIVE"
    assert shipped.marking_in("en") == "OFFICIAL-SENSITIVE"
    app = create_app({"TESTING": True})
    assert app.extensions["cserq"].note_settings.marking_in("cy") == shipped.marking_in("cy")
    assert read_settings({"MARKING_CY": "SWYDDOGOL"}).marking_in("cy") == "SWYDDOGOL"
    # A health board's own marking has no Welsh the app can know: it is printed as it is.
    own = read_settings({"MARKING": "OFFICIAL-SENSITIVE PERSONAL"})
    assert own.marking_in("cy") == "OFFICIAL-SENSITIVE PERSONAL"
    # A note made without the app's settings (cserq decide, a test) follows the same rule.
    assert NoteSettings().marking_in("cy") == "SWYDDOGOL-SENSITIF / OFFICIAL-SENSITIVE"
    assert NoteSettings(marking="OFFICIAL").marking_in("cy") == "OFFICIAL"


def test_a_misspelt_setting_is_pointed_out(tmp_path: Path) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "cserq", "serve", "--no-browser", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "CSERQ_IDLE_TIMEOUT": "5"},
    )
    assert process.stderr is not None
    line = process.stderr.readline()
    process.terminate()
    process.communicate(timeout=20)
    assert "CSERQ_IDLE_TIMEOUT is not a setting" in line
    assert "did you mean CSERQ_IDLE_TIMEOUT_MINUTES?" in line


# --- the class: any value of any setting ---

values = st.one_of(
    st.text(max_size=80),
    st.sampled_from(["0", "-1", "1", "59", "1440", "1441", "1_2", "+3", "٣", "1.5", "1e3", "[]",
                     "{}", "null", "true", "en,cy", "cy", ",", "/", ".", "~", "\x00", "𝟙"]),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
)  # fmt: skip


@many_settings()
@given(st.dictionaries(st.sampled_from(KNOWN), values, max_size=4))
def test_any_setting_is_taken_or_refused_in_one_line(given_settings: dict[str, str]) -> None:
    try:
        read = read_settings(given_settings)
    except SettingError as error:
        message = str(error)
        assert message.startswith("CSERQ_")
        assert "\n" not in message
        assert len(message) < 300
        return
    assert 1 <= read.idle_timeout_minutes <= 1440
    assert 0 < read.warning_seconds < read.idle_timeout_seconds
    assert 1 <= read.max_cases <= 100_000
    assert read.marking.strip()
    assert read.languages[0] == "en"


@pytest.mark.slow
@fewer_settings(suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(["IDLE_TIMEOUT_MINUTES", "MAX_CASES", "LANGUAGES", "MARKING"]), values)
def test_check_never_fails_with_a_traceback_whatever_the_setting(name: str, value: str) -> None:
    if "\x00" in value:
        value = value.replace("\x00", "")  # an environment variable cannot hold a NUL
    env = {f"CSERQ_{name}": value, "CSERQ_LANGUAGES": "en"} if name != "LANGUAGES" else {}
    env.setdefault(f"CSERQ_{name}", value)
    result = CliRunner(env=env).invoke(main, ["check", "--brief"])
    assert result.exit_code in (0, 2)
    assert result.exception is None or isinstance(result.exception, SystemExit)
    if result.exit_code == 2:
        assert len(result.stderr.strip().splitlines()) == 1


# --- a setting set but empty is a bad value, not the default ---

FILLED = [name for name in KNOWN if name not in ("MARKING", "MARKING_CY")]
"""Every setting but the markings, whose empty value means the default marking (said so)."""


@pytest.mark.parametrize("name", FILLED)
@pytest.mark.parametrize("blank", ["", "   ", "\t"])
def test_a_setting_set_but_empty_is_refused_naming_it(name: str, blank: str) -> None:
    with pytest.raises(SettingError) as refused:
        configured({f"CSERQ_{name}": blank})
    message = str(refused.value)
    assert message.startswith(f"CSERQ_{name}=")
    assert "\n" not in message
    assert "give " in message, "it says what the setting must hold"


@pytest.mark.parametrize(
    ("name", "value"),
    [("LANGUAGES", ","), ("LANGUAGES", " , ,"), ("TRUSTED_HOSTS", ","), ("TRUSTED_HOSTS", " ,, ")],
)
def test_only_commas_is_as_empty_as_nothing(name: str, value: str) -> None:
    with pytest.raises(SettingError, match=f"^CSERQ_{name}="):
        configured({f"CSERQ_{name}": value})


def test_empty_languages_or_hosts_stop_serve(tmp_path: Path) -> None:
    for name in ("CSERQ_LANGUAGES", "CSERQ_TRUSTED_HOSTS"):
        process = subprocess.run(
            [sys.executable, "-m", "cserq", "serve", "--no-browser", "--port", "0"],
            capture_output=True,
            text=True,
            timeout=60,
            env={**os.environ, name: ""},
        )
        assert process.returncode == 2
        assert process.stderr.strip().startswith(f"Error: {name}=''")


@pytest.mark.parametrize("key", [name.lower() for name in FILLED if name != "PACK"])
def test_an_empty_string_in_a_settings_file_is_refused_with_its_line(
    tmp_path: Path, key: str
) -> None:
    (tmp_path / "cserq.toml").write_text(f'# settings\n{key} = ""\n', encoding="utf-8")
    with pytest.raises(SettingError) as refused:
        configured({}, pack=tmp_path)
    assert f"cserq.toml:2: {key} = " in str(refused.value)


def test_empty_markings_still_mean_the_default_marking() -> None:
    read = configured({"CSERQ_MARKING": "", "CSERQ_MARKING_CY": " "})
    assert read.marking == "OFFICIAL-SENSITIVE"
    assert read.marking_in("cy") == "SWYDDOGOL-SENSITIF / OFFICIAL-SENSITIVE"


@many_settings()
@given(
    name=st.sampled_from(KNOWN),
    blank=st.text(alphabet=" ,\t\u00a0\u3000", max_size=6),
)
def test_a_blank_value_of_any_setting_is_refused_or_means_the_default_marking(
    name: str, blank: str
) -> None:
    if name not in ("MARKING", "MARKING_CY"):
        with pytest.raises(SettingError) as refused:
            configured({f"CSERQ_{name}": blank})
        assert str(refused.value).startswith(f"CSERQ_{name}=")
        assert "\n" not in str(refused.value)
        return
    read = configured({f"CSERQ_{name}": blank})
    if not blank.strip():
        assert read.marking == "OFFICIAL-SENSITIVE"
        assert read.marking_cy is None


# --- every bad setting is said at once ---


def test_every_bad_setting_is_listed_each_as_it_would_be_alone() -> None:
    bad = {"MAX_CASES": "abc", "LANGUAGES": "fr", "IDLE_TIMEOUT_MINUTES": "0"}
    with pytest.raises(SettingError) as refused:
        read_settings(bad)
    alone = []
    for name, value in bad.items():
        with pytest.raises(SettingError) as one:
            read_settings({name: value})
        alone.append(str(one.value))
    assert sorted(refused.value.lines) == sorted(alone)
    assert str(refused.value) in alone, "the message is one of them, on one line"


def test_a_settings_file_with_three_bad_entries_and_a_bad_variable_says_all_four(
    tmp_path: Path,
) -> None:
    (tmp_path / "cserq.toml").write_text(
        'max_cases = "x"\nlanguages = "fr"\nidle_timout_minutes = 3\n', encoding="utf-8"
    )
    with pytest.raises(SettingError) as refused:
        configured({"CSERQ_TRUSTED_HOSTS": "not a host!"}, pack=tmp_path)
    lines = refused.value.lines
    assert len(lines) == 4, lines
    assert any("cserq.toml:1: max_cases = 'x': give a whole number" in line for line in lines)
    assert any("cserq.toml:2: languages = 'fr'" in line for line in lines)
    assert any("cserq.toml:3: idle_timout_minutes = 3: not a setting" in line for line in lines)
    assert any(line.startswith("CSERQ_TRUSTED_HOSTS='not a host!'") for line in lines)


@pytest.mark.parametrize("command", [["check", "--brief"], ["serve", "--no-browser"]])
def test_check_and_serve_print_every_bad_setting_on_its_own_line(command: list[str]) -> None:
    env = {"CSERQ_MAX_CASES": "abc", "CSERQ_LANGUAGES": "fr", "CSERQ_SECRET_KEY": "short"}
    result = CliRunner(env=env).invoke(main, command)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 3, lines
    assert all(line.startswith("Error: CSERQ_") for line in lines)
    assert {line.split("=")[0] for line in lines} == {
        "Error: CSERQ_MAX_CASES",
        "Error: CSERQ_LANGUAGES",
        "Error: CSERQ_SECRET_KEY",
    }
    assert "short" not in result.stderr


@many_settings()
@given(st.dictionaries(st.sampled_from(KNOWN[1:]), values, max_size=6))
def test_the_problems_of_many_settings_are_those_of_each_alone(
    given_settings: dict[str, str],
) -> None:
    alone: list[str] = []
    for name, value in given_settings.items():
        try:
            read_settings({name: value})
        except SettingError as error:
            alone.extend(error.lines)
    try:
        read_settings(given_settings)
    except SettingError as error:
        assert sorted(error.lines) == sorted(alone)  # noqa: PT017 - compared with each alone
        return
    assert alone == []
