"""Fixtures shared by every test: the shipped questionnaire and a way to write broken ones."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from cserq.base.paths import shipped_dir
from cserq.questionnaire.loader import load_questionnaire
from cserq.questionnaire.model import Questionnaire
from tests.hypo import load_profile, tier_settings
from tests.redis_server import RedisServer

# The Hypothesis profile (tests/hypo.py): ci under CI=true, dev otherwise, or HYPOTHESIS_PROFILE.
# Loaded here, before pytest imports any test module, so every @settings and @given sees it.
HYPOTHESIS_PROFILE = load_profile()

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


def with_files(tier: str = "") -> settings:
    """Hypothesis settings for a test that writes files in a pytest ``tmp_path`` each example: the
    profile's tier (tests/hypo.py: "slow", "fewer", "" or "many"), and the fixture is shared on
    purpose."""
    return tier_settings(
        tier, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
    )


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    """One Redis for the run, as the deployment guide starts it; each app's own secret keeps
    its cases apart from every other's."""
    server = RedisServer(tmp_path_factory.mktemp("redis"))
    yield server
    server.stop()
