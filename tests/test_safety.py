"""The hazard log cannot drift from the code: it is checked, and its report is current."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given
from hypothesis import strategies as st

from cserq.files.problems import FileProblems
from tests.hypo import fewer_settings
from tools.safety import LOG, REPORT, ROOT, load_log, main, names_a_test, render_report

TEXT = LOG.read_text(encoding="utf-8")


def test_the_hazard_log_is_sound_and_every_named_test_exists() -> None:
    log = load_log()
    assert [h.id for h in log.hazards] == [f"H{i:02d}" for i in range(1, len(log.hazards) + 1)]
    for hazard in log.hazards:
        assert log.risk(hazard.residual) <= log.risk(hazard.initial)
        for control in hazard.controls:
            assert control.kind != "software" or control.tests
            assert all(names_a_test(t) for t in control.tests)


def test_the_safety_case_report_is_current() -> None:
    assert REPORT.read_text(encoding="utf-8") == render_report(load_log()), (
        "docs/safety/safety-case.md is out of date: run python -m tools.safety"
    )


def test_the_check_command_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--check"]) == 0
    assert "is current" in capsys.readouterr().out
    assert main(["--wrong"]) == 2


def test_the_report_says_what_a_health_board_must_still_do() -> None:
    report = render_report(load_log())
    assert "DCB0160" in report
    assert "Clinical Safety Officer" in report
    assert "Welsh-speaking clinician reviews the Welsh" in report


def test_names_a_test() -> None:
    assert names_a_test("tests/test_safety.py::test_names_a_test")
    assert names_a_test("tests/test_decision.py::test_under_13_and_sexually_active_is_a_report[x]")
    assert not names_a_test("tests/test_safety.py::test_that_was_renamed")
    assert not names_a_test("tests/nowhere.py::test_names_a_test")
    assert not names_a_test("tools/safety.py::main")
    assert not names_a_test("tests/test_safety.py")


def broken(tmp_path: Path, old: str, new: str) -> list[str]:
    assert old in TEXT
    path = tmp_path / "hazard-log.yaml"
    path.write_text(TEXT.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(FileProblems) as error:
        load_log(path)
    return [str(p) for p in error.value.problems]


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "tests/test_decision.py::test_three_key_questions_not_known_is_discuss",
            "tests/test_decision.py::test_three_key_questions_renamed",
            "no such test: 'tests/test_decision.py::test_three_key_questions_renamed'",
        ),
        ("initial: {severity: major, likelihood: medium}",
         "initial: {severity: huge, likelihood: medium}",
         "initial.severity: 'huge' is not one of minor"),
        ("residual: {severity: major, likelihood: low}",
         "residual: {severity: catastrophic, likelihood: high}",
         "hazards[0].residual: higher than the risk before controls"),
        ("  - id: H02", "  - id: H01", "duplicate hazard id 'H01'"),
        ("    status: closed", "    status: done", "status: 'done' is not one of open"),
        ("    harm: A child at risk of sexual exploitation is not protected.\n", "",
         "hazards[0]: missing key 'harm'"),
        ("        by: process", "        by: magic", "by: 'magic' is not one of software"),
        ("  high: [2, 3, 3, 4, 5]", "  high: [2, 3, 3]", "risk_matrix.high: expected 5 risks"),
    ],
)  # fmt: skip
def test_a_broken_log_names_the_line_and_field(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    problems = broken(tmp_path, old, new)
    assert any(message in p for p in problems), problems
    assert all(p.startswith(f"{tmp_path / 'hazard-log.yaml'}:") for p in problems)


def test_a_software_control_without_tests_is_refused(tmp_path: Path) -> None:
    test = "tests/test_properties.py::test_more_worrying_sign_answers_never_lower_the_level"
    old = f"        tests:\n          - {test}\n"
    problems = broken(tmp_path, old, "")
    assert any("names the tests that prove it" in p for p in problems), problems


LINES = TEXT.splitlines()


@fewer_settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.integers(0, len(LINES) - 1),
    st.sampled_from(["", "x", "- x", "  ", "{", "id: H99", "[1, 2]", "7", "~", "a: b: c"]),
)
def test_any_changed_line_gives_a_named_problem_or_a_sound_log(
    tmp_path: Path, index: int, replacement: str
) -> None:
    lines = list(LINES)
    lines[index] = replacement
    path = tmp_path / "mutated.yaml"
    path.write_text("\n".join(lines), encoding="utf-8")
    try:
        load_log(path, root=ROOT)
    except FileProblems as error:  # the only way it may fail: problems, each placed
        problems = [str(p) for p in error.problems]
        assert problems
        assert all(p.startswith(f"{path}:") for p in problems)
