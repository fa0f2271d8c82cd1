"""What docs/design.md requires of the shipped questionnaire, and that it ships in the wheel."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from cserq.questionnaire.model import Questionnaire
from cserq.questionnaire.outcome import decide
from cserq.questionnaire.rules import shown_questions

REPO = Path(__file__).resolve().parent.parent


def test_it_has_the_questions_the_app_and_rules_rely_on(cserq: Questionnaire) -> None:
    kinds = {q.id: q.kind for q in cserq.questions.values()}
    assert kinds["age"] == "number"
    for required in (
        "immediate_danger",
        "sexual_activity",
        "disclosure",
        "exchange",
        "additional_needs",
        "looked_after",
    ):
        assert kinds[required] == "yes_no_unknown", required
    age = cserq.questions["age"]
    assert (age.minimum, age.required) == (0, True)
    assert age.maximum is not None
    assert age.maximum >= 18  # 18 or over must be enterable: it leads to the adult route


def test_it_has_signs_in_every_category(cserq: Questionnaire) -> None:
    categories = {q.category for q in cserq.questions.values() if q.is_sign}
    expected = {"physical", "emotional", "material", "behavioural", "vulnerability"}
    assert categories == expected
    weights = {q.weight for q in cserq.questions.values() if q.is_sign}
    assert weights == {"key", "supporting", "context"}


def test_it_is_short_enough_to_answer_in_a_few_minutes(cserq: Questionnaire) -> None:
    # One thing per question (issue 19) made more, shorter questions; a child is asked at most
    # 45 of them (some only at some ages), most a single Yes, No or Don't know.
    assert 20 <= len(cserq.questions) <= 48
    for age in (0, 15, 19):
        assert len(shown_questions(cserq, {"age": age, "sti": "yes"})) <= 45


def test_every_section_and_rule_names_its_sources(cserq: Questionnaire) -> None:
    known = {source.id for source in cserq.sources}
    for part in (*cserq.sections, *cserq.rules):
        assert part.sources, part.id
        assert set(part.sources) <= known


def test_every_rule_has_an_example_that_fires_it(cserq: Questionnaire) -> None:
    fired: set[str] = set()
    for example in cserq.examples:
        outcome = decide(cserq, example.answers)
        fired.update(reason.rule.id for reason in outcome.reasons)
        fired.update(
            rule.id
            for rule in cserq.rules
            if rule.level is None and set(rule.prompts) & {p.id for p in outcome.prompts}
        )
    assert fired == {rule.id for rule in cserq.rules}
    assert len(cserq.examples) >= 12


@pytest.mark.skipif(
    not (REPO / "pyproject.toml").exists(), reason="needs the source tree to build a wheel"
)
def test_the_wheel_carries_the_questionnaire_and_works_outside_the_source_tree(
    tmp_path: Path,
) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(tmp_path / "dist"), str(REPO)],
        check=True,
        capture_output=True,
    )  # fmt: skip
    (wheel,) = (tmp_path / "dist").glob("cserq-*.whl")
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        assert "cserq/questions/cserq.yaml" in archive.namelist()
        assert "cserq/translations/cy/LC_MESSAGES/messages.mo" in archive.namelist()
        archive.extractall(site)

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(site)}
    env.pop("CSERQ_QUESTIONS_DIR", None)
    completed = subprocess.run(
        [sys.executable, "-m", "cserq", "check"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert f"{site}/cserq/questions/cserq.yaml: ok" in completed.stdout
