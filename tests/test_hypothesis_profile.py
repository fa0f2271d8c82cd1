"""The Hypothesis profiles: CI runs the same examples every time and keeps none, the environment
chooses the profile, and no test writes its own number of examples or deadline."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from tests.hypo import EXAMPLES, profile_name

TESTS = Path(__file__).parent
ROOT = TESTS.parent
PROFILE_KEYS = {"max_examples", "deadline", "derandomize", "database"}


def loaded_profile(**environ: str) -> list[str]:
    """What a fresh interpreter loads from tests/conftest.py under the environment given (without
    the environment this run was started with, so CI=true is tried locally and dev under CI)."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"CI", "HYPOTHESIS_PROFILE", "GITHUB_ACTIONS"}
    }
    script = (
        "import tests.conftest as c; from hypothesis import settings as s; d = s.default;"
        "print(c.HYPOTHESIS_PROFILE, s.get_current_profile_name(), d.derandomize,"
        " d.database is None, d.deadline, d.print_blob, d.max_examples)"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={**env, **environ},
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return result.stdout.split()


def test_ci_true_loads_the_derandomised_profile_without_a_database() -> None:
    assert loaded_profile(CI="true") == ["ci", "ci", "True", "True", "None", "True", "100"]


def test_locally_the_dev_profile_is_random_and_keeps_failing_examples() -> None:
    name, current, derandomized, no_database, deadline, _, examples = loaded_profile()
    assert (name, current, derandomized, no_database, deadline) == (
        "dev", "dev", "False", "False", "None"
    )  # fmt: skip
    assert int(examples) <= EXAMPLES[""]


def test_hypothesis_profile_overrides_ci() -> None:
    assert loaded_profile(CI="true", HYPOTHESIS_PROFILE="dev")[:3] == ["dev", "dev", "False"]
    assert profile_name({"HYPOTHESIS_PROFILE": "ci"}) == "ci"
    assert profile_name({"CI": "false"}) == profile_name({}) == "dev"


def test_every_profile_and_tier_is_registered_and_ci_matches_dev_in_examples() -> None:
    for tier, examples in EXAMPLES.items():
        suffix = f"-{tier}" if tier else ""
        ci, dev = settings.get_profile("ci" + suffix), settings.get_profile("dev" + suffix)
        assert (ci.derandomize, ci.database, ci.print_blob, ci.deadline) == (True, None, True, None)
        assert (dev.derandomize, dev.deadline) == (False, None)
        assert list(ci.suppress_health_check) == [HealthCheck.too_slow]
        assert list(dev.suppress_health_check) == []
        assert ci.max_examples == examples >= dev.max_examples
    assert EXAMPLES["slow"] < EXAMPLES["fewer"] < EXAMPLES[""] < EXAMPLES["many"]


def settings_calls(tree: ast.AST) -> list[ast.Call]:
    """Every call of hypothesis's ``settings`` (as a decorator, or kept in a name for several)."""
    return [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and (
            (isinstance(node.func, ast.Name) and node.func.id == "settings")
            or (isinstance(node.func, ast.Attribute) and node.func.attr == "settings")
        )
    ]


def test_no_test_writes_its_own_examples_deadline_or_randomness() -> None:
    written = []
    for path in sorted(TESTS.rglob("*.py")):
        if path.name == "hypo.py":  # where the profiles are defined
            continue
        for call in settings_calls(ast.parse(path.read_text(encoding="utf-8"))):
            for keyword in call.keywords:
                if keyword.arg in PROFILE_KEYS:
                    written.append(f"{path.relative_to(ROOT)}:{call.lineno}: {keyword.arg}=")
    assert written == []


def test_the_scan_would_find_a_number_of_examples_written_in_a_test() -> None:
    source = "@settings(max_examples=5, deadline=None)\ndef test_x(): pass\n"
    found = [k.arg for call in settings_calls(ast.parse(source)) for k in call.keywords]
    assert found == ["max_examples", "deadline"]


def test_the_slow_marker_is_registered(pytestconfig: pytest.Config) -> None:
    markers = [line.split(":")[0].strip() for line in pytestconfig.getini("markers")]
    assert "slow" in markers
