"""Hypothesis profiles: how many examples each property test runs, how random, and where failing
examples are kept. No test writes a number of examples or a deadline; it takes them from here.

tests/conftest.py loads a profile before any test module is imported:

- ``dev`` (locally): random examples, failing ones kept in .hypothesis/ and tried first next time;
- ``ci`` (``CI=true``): the same examples on every run (derandomised), nothing written to
  .hypothesis/, and a failure printed with the ``@reproduce_failure`` blob that replays it. It
  replaces the ``ci`` profile Hypothesis itself loads under CI (only in recent versions), so the
  examples no longer depend on which Hypothesis detects CI, and ``HYPOTHESIS_PROFILE=ci`` runs
  locally exactly what CI runs.

``HYPOTHESIS_PROFILE=name`` picks another profile, whatever CI says.

Each profile has tiers (``ci-slow``, ``dev-fewer``, ...) for tests whose examples cost far more
or far less than most; a test takes one with a helper, never a number:

- :func:`slow_settings`: each example builds a PDF, runs ``cserq init`` or a diff report, or
  drives a whole case through the app (mark the test ``@pytest.mark.slow``);
- :func:`fewer_settings`: each example runs a process, a checker or a page round trip, or writes
  and reads files (mark it ``@pytest.mark.slow`` when the test takes more than a few seconds);
- :func:`many_settings`: checks of the rules alone, cheap and worth many examples.

``scripts/test -m "not slow"`` leaves the tests marked slow out, for a quick run.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Mapping
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis.errors import InvalidArgument

EXAMPLES = {"slow": 15, "fewer": 50, "": 100, "many": 300}
"""Examples per test in each tier ("" is the profile itself: Hypothesis's own default, which most
tests have always had). The tiers keep about the numbers the tests wrote before: 10 to 25, 40 to
100 for costly examples, 300 to 600."""


def register_profiles() -> None:
    """Register ``dev`` and ``ci``, each with its tiers."""
    dev = settings(settings.get_profile("default"), deadline=None)
    # A deadline is left out everywhere: a shared CI machine makes any one example's time vary.
    # On that machine drawing data can be slow too: the too_slow health check is left to dev, as
    # Hypothesis's own ci profile, which this one replaces, does.
    ci = settings(
        dev,
        derandomize=True,
        database=None,
        print_blob=True,
        suppress_health_check=[HealthCheck.too_slow],
    )
    for name, parent in (("dev", dev), ("ci", ci)):
        for tier, examples in EXAMPLES.items():
            settings.register_profile(
                f"{name}-{tier}" if tier else name, parent, max_examples=examples
            )


def profile_name(environ: Mapping[str, str] = os.environ) -> str:
    """The profile the environment asks for: HYPOTHESIS_PROFILE, else ci under CI, else dev."""
    if chosen := environ.get("HYPOTHESIS_PROFILE", "").strip():
        return chosen
    return "ci" if environ.get("CI", "").strip().lower() not in ("", "0", "false") else "dev"


def load_profile(environ: Mapping[str, str] = os.environ) -> str:
    """Register the profiles and load the one the environment asks for; return its name."""
    register_profiles()
    name = profile_name(environ)
    settings.load_profile(name)
    return name


def tier_settings(tier: str, **specific: Any) -> settings:
    """The loaded profile's tier (``ci-slow`` under ``ci``; ``""`` for the profile itself), with
    what is specific to one test. A profile without tiers (one named by HYPOTHESIS_PROFILE, say
    ``ci-slow`` for a quick run) is used as it is."""
    if tier not in EXAMPLES:
        raise ValueError(f"unknown tier {tier!r}; tiers: {', '.join(map(repr, EXAMPLES))}")
    parent = settings.default
    if tier:
        with contextlib.suppress(InvalidArgument):
            parent = settings.get_profile(f"{settings.get_current_profile_name()}-{tier}")
    return settings(parent, **specific)


def slow_settings(**specific: Any) -> settings:
    """Settings for a test marked ``@pytest.mark.slow``: few examples, each costly."""
    return tier_settings("slow", **specific)


def fewer_settings(**specific: Any) -> settings:
    """Settings for a test whose examples each cost a process, a checker or files."""
    return tier_settings("fewer", **specific)


def many_settings(**specific: Any) -> settings:
    """Settings for a cheap check of the rules alone: many examples."""
    return tier_settings("many", **specific)
