"""Fixtures shared by every test: the shipped questionnaire and a way to write broken ones."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from cserq.base.paths import shipped_dir
from cserq.questionnaire.loader import load_questionnaire
from cserq.questionnaire.model import Questionnaire

SHIPPED = shipped_dir("questions") / "cserq.yaml"


@pytest.fixture(scope="session")
def cserq() -> Questionnaire:
    """The shipped questionnaire (immutable, so one load serves every test)."""
    return load_questionnaire(SHIPPED)


@pytest.fixture
def write_file(tmp_path: Path) -> Callable[[str, str | bytes], Path]:
    """Write a file under a temporary folder and return its path."""

    def write(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        path.write_bytes(content.encode() if isinstance(content, str) else content)
        return path

    return write


def with_files(examples: int) -> settings:
    """Hypothesis settings for a test that writes files in a pytest ``tmp_path`` each example:
    no deadline (files and subprocesses vary), and the fixture is shared on purpose."""
    return settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
