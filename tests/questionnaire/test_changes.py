"""``cserq diff``: what changed between two versions of a questionnaire, and which answer sets
now reach another outcome, as a clinical safety officer reads it before signing off."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from cserq.authoring import outcomes, report
from cserq.authoring.outcomes import (
    DEFAULT_SAMPLES,
    Moved,
    OutcomeChanges,
    answer_sets,
    fitting,
    outcome_changes,
)
from cserq.authoring.report import diff_report
from cserq.cli import main
from cserq.questionnaire.loader import load_questionnaire
from cserq.questionnaire.model import NO, Answer, Level, Questionnaire
from cserq.questionnaire.outcome import decide
from tests.conftest import with_files
from tests.questionnaire.test_loader_errors import MINIMAL

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "questions" / "cserq.yaml"
TWO_KEY_SIGNS = "count: {among: {weight: key}, equals: yes, at_least: 2}"


def run(*args: object) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["diff", *map(str, args)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout


@pytest.fixture
def edited(tmp_path: Path) -> Callable[[str, str], Path]:
    """A copy of the shipped questionnaire and its Welsh with one edit to the YAML."""

    def edit(old: str, new: str) -> Path:
        text = SHIPPED.read_text(encoding="utf-8")
        assert text.count(old) == 1
        copy = tmp_path / "edited.yaml"
        copy.write_text(text.replace(old, new), encoding="utf-8")
        shutil.copy(SHIPPED.with_name("cserq.cy.po"), tmp_path / "edited.cy.po")
        return copy

    return edit


def test_a_rule_made_stricter_is_named_and_the_lower_outcomes_are_flagged_loudly(
    edited: Callable[[str, str], Path],
) -> None:
    new = edited(TWO_KEY_SIGNS, TWO_KEY_SIGNS.replace("at_least: 2", "at_least: 3"))
    code, out = run(SHIPPED, new)
    assert code == 1
    assert "  rule two_key_signs: applies when" in out
    assert "At least 2 of these questions are answered “Yes”:" in out
    assert "At least 3 of these questions are answered “Yes”:" in out
    assert re.search(r"!!! [\d,]+ answer sets \(\d+\.\d%\) now reach a LOWER level", out)
    assert re.search(r"report -> discuss: [\d,]+", out)
    # The worked example the rules were written with fails now, and is named.
    assert "example two key signs: FAILS in the new version" in out
    assert "now reach a HIGHER level" in out


def test_the_worked_example_of_a_move_really_moves(edited: Callable[[str, str], Path]) -> None:
    new_file = edited(TWO_KEY_SIGNS, TWO_KEY_SIGNS.replace("at_least: 2", "at_least: 3"))
    old = load_questionnaire(SHIPPED)
    new = load_questionnaire(new_file, run_examples=False)
    result = outcome_changes(old, new, samples=2000, seed=7)
    example = result.examples["lower"]
    assert decide(old, example.answers).level is Level.REPORT
    assert decide(new, example.answers).level is Level.DISCUSS
    # Cut down: just the two key signs (and the age), everything else "no".
    yes = sorted(q for q, a in example.answers.items() if a == "yes")
    assert len(yes) == 2
    assert all(old.questions[q].weight == "key" for q in yes)
    assert sum(result.counts.values()) == result.tried == 2000


def test_a_rule_made_looser_is_said_as_loudly_as_a_lower_level_but_does_not_fail(
    edited: Callable[[str, str], Path],
) -> None:
    new = edited(TWO_KEY_SIGNS, TWO_KEY_SIGNS.replace("at_least: 2", "at_least: 1"))
    code, out = run(SHIPPED, new, "--samples", 2000)
    assert code == 0
    assert "LOWER level:" not in out
    assert re.search(r"  0 answer sets \(0\.0%\) now reach a LOWER level", out)
    # Over-referral is said as loudly as a lower level, though it does not fail the command.
    assert re.search(r"\n!!! [1-9][\d,]* answer sets \(\d+\.\d%\) now reach a HIGHER level:\n", out)
    assert "!!! a child in these circumstances would be pointed to more than before" in out
    assert "discuss -> report" in out


def test_the_same_file_changes_nothing(tmp_path: Path) -> None:
    code, out = run(SHIPPED, SHIPPED, "--samples", 500)
    assert code == 0
    assert "What changed: nothing." in out
    # Nothing that decides changed, so nothing can move: it says so, and tries no answer set.
    assert "\n".join(report.ALIKE) in out
    assert "answer sets" not in out


def test_a_version_that_decides_alike_is_not_sampled_however_its_texts_changed(
    edited: Callable[[str, str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    new = edited("text: Has the child harmed themselves?", "text: Has the child hurt themselves?")
    sampled = []
    monkeypatch.setattr(report, "outcome_changes", lambda *a, **k: sampled.append(a))
    code, out = run(SHIPPED, new)
    assert code == 0
    assert "  question self_harm: text" in out
    assert "\n".join(report.ALIKE) in out
    assert sampled == []


def test_texts_options_questions_and_welsh_are_each_reported(
    edited: Callable[[str, str], Path], tmp_path: Path
) -> None:
    new = edited(
        "            text: I know them well\n",
        "            text: I know them very well\n",
    )
    po = tmp_path / "edited.cy.po"
    welsh = po.read_text(encoding="utf-8")
    po.write_text(welsh.replace('msgstr "Diogelwch nawr"', 'msgstr "Diogelwch yn awr"'), "utf-8")
    code, out = run(SHIPPED, new, "--samples", 200)
    assert code == 0
    assert "  question how_well_known option well: text" in out
    assert "      was: I know them well" in out
    assert "      now: I know them very well" in out
    assert "  cy translation of section:safety: changed" in out
    assert "Diogelwch yn awr" in out


def test_an_added_question_and_a_removed_rule_are_reported(tmp_path: Path) -> None:
    old = tmp_path / "old.yaml"
    old.write_text(MINIMAL, encoding="utf-8")
    text = MINIMAL.replace(
        "        text: Moody?\n",
        "        text: Moody?\n      - id: older_partner\n        kind: yes_no_unknown\n"
        "        text: Older partner?\n",
    )
    start = text.index("  - id: unknowns")
    text = text[:start] + text[text.index("examples:") :]
    new = tmp_path / "new.yaml"
    new.write_text(text, encoding="utf-8")
    code, out = run(old, new)
    assert "  question older_partner: added" in out
    assert "  rule unknowns: removed" in out
    assert "every one of the" in out  # small enough to try every combination
    assert code == 1  # two unknown key signs reached discuss, and now review


def test_a_broken_file_is_one_line_per_problem(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text(MINIMAL.replace("level: emergency", "level: urgent"), encoding="utf-8")
    code, out = run(SHIPPED, broken)
    assert code == 1
    assert out.strip().splitlines() == [
        f"{broken}:{MINIMAL[: MINIMAL.index('level: emergency')].count(chr(10)) + 1}:"
        " rules[0].level: unknown level 'urgent'; levels: emergency, report, discuss, review"
    ]


@pytest.mark.parametrize("args", [["--samples", "0"], ["--seed", "-1"], ["--samples", "x"]])
def test_bad_options_are_refused_in_a_line(args: list[str]) -> None:
    result = CliRunner().invoke(main, ["diff", str(SHIPPED), str(SHIPPED), *args])
    assert result.exit_code == 2
    assert "Error: Invalid value for" in result.stderr
    assert "Traceback" not in result.output


# --- Properties ---

LEVEL_CODES = ("review", "discuss", "report", "emergency")
RULE_LEVELS = {"two_key": "report", "unknowns": "discuss"}


@with_files("fewer")
@given(st.sampled_from(sorted(RULE_LEVELS)), st.sampled_from(LEVEL_CODES[:-1]))
def test_raising_a_rules_level_never_lowers_an_outcome_and_lowering_never_raises(
    tmp_path: Path, rule: str, level: str
) -> None:
    old_text = MINIMAL
    block = old_text[old_text.index(f"  - id: {rule}") :]
    old_line = f"    level: {RULE_LEVELS[rule]}\n"
    new_block = block.replace(old_line, f"    level: {level}\n", 1)
    new_text = old_text.replace(block, new_block)
    (tmp_path / "a.yaml").write_text(old_text, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(new_text, encoding="utf-8")
    old = load_questionnaire(tmp_path / "a.yaml", run_examples=False)
    new = load_questionnaire(tmp_path / "b.yaml", run_examples=False)
    result = outcome_changes(old, new)
    assert result.exhaustive
    assert sum(result.counts.values()) == result.combinations == result.tried
    raised = Level.from_code(level) > Level.from_code(RULE_LEVELS[rule])
    lowered = Level.from_code(level) < Level.from_code(RULE_LEVELS[rule])
    assert result.counts["lower"] == 0 or lowered
    assert result.counts["higher"] == 0 or raised
    if lowered or raised:
        assert result.counts["lower" if lowered else "higher"] > 0


@pytest.mark.slow
@with_files("slow")
@given(st.integers(0, 2**32 - 1))
def test_a_seed_gives_the_same_report_every_time(tmp_path: Path, seed: int) -> None:
    old = load_questionnaire(SHIPPED)
    one_key_sign = TWO_KEY_SIGNS.replace("at_least: 2", "at_least: 1")
    looser = SHIPPED.read_text(encoding="utf-8").replace(TWO_KEY_SIGNS, one_key_sign)
    (tmp_path / "new.yaml").write_text(looser, encoding="utf-8")
    new = load_questionnaire(tmp_path / "new.yaml", run_examples=False)
    first, _ = diff_report(old, new, samples=100, seed=seed)
    second, _ = diff_report(old, new, samples=100, seed=seed)
    assert first == second
    assert f"seed {seed}" in "\n".join(first)


def test_a_new_wording_is_reported_once_not_under_every_rule_that_counts_it(
    edited: Callable[[str, str], Path], tmp_path: Path
) -> None:
    old_text = "text: Has the child harmed themselves?"
    new = edited(old_text, "text: Has the child hurt themselves on purpose?")
    code, out = run(SHIPPED, new, "--samples", 200)
    assert code == 0
    assert "  question self_harm: text" in out
    assert "applies when" not in out  # the rules that count it test the same answers
    version = load_questionnaire(SHIPPED).version
    assert f"  questionnaire version: NOT RAISED: both files say '{version}'" in out
    # Its Welsh has not been reviewed: the report says the new version is not ready.
    assert "  cy translation of self_harm: NOT READY" in out


def test_a_sign_added_to_a_category_changes_the_rules_that_count_it(tmp_path: Path) -> None:
    old = tmp_path / "old.yaml"
    old.write_text(MINIMAL, encoding="utf-8")
    new = tmp_path / "new.yaml"
    new.write_text(
        MINIMAL.replace(
            "        weight: supporting\n        text: Moody?",
            "        weight: key\n        text: Moody?",
        ),
        encoding="utf-8",
    )
    code, out = run(old, new)
    assert "  question moody: weight" in out
    assert "  rule two_key: applies when" in out
    assert "      +   Moody?" in out
    assert code == 0
    assert re.search(r"[1-9][\d,]* answer sets \(\d+\.\d%\) now reach a HIGHER level", out)


@st.composite
def minimal_versions(draw: st.DrawFn) -> str:
    """A valid variant of the minimal questionnaire: thresholds, counted answers and levels."""
    text = MINIMAL.replace(
        "at_least: 2}\n    level: report",
        f"at_least: {draw(st.sampled_from([1, 2]))}}}\n    level: report",
    )
    text = text.replace(
        "equals: unknown, at_least: 2}",
        f"equals: {draw(st.sampled_from(['yes', 'no', 'unknown']))}, at_least:"
        f" {draw(st.sampled_from([1, 2]))}}}",
    )
    for level in ("level: report", "level: discuss"):
        text = text.replace(level, f"level: {draw(st.sampled_from(LEVEL_CODES))}", 1)
    return text


@with_files("fewer")
@given(minimal_versions(), minimal_versions())
def test_any_two_versions_give_a_count_for_every_answer_set_and_true_examples(
    tmp_path: Path, first: str, second: str
) -> None:
    (tmp_path / "a.yaml").write_text(first, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(second, encoding="utf-8")
    old = load_questionnaire(tmp_path / "a.yaml", run_examples=False)
    new = load_questionnaire(tmp_path / "b.yaml", run_examples=False)
    result = outcome_changes(old, new)
    assert result.exhaustive
    assert sum(result.counts.values()) == result.tried == result.combinations
    moved_sets = result.counts["higher"] + result.counts["lower"] + result.counts["prompts"]
    assert sum(result.moves.values()) == moved_sets
    for kind in ("higher", "lower", "prompts"):
        assert (kind in result.examples) == (result.counts[kind] > 0)
        if kind in result.examples:
            moved = result.examples[kind]
            before, after = decide(old, moved.answers), decide(new, moved.answers)
            if kind == "higher":
                assert after.level > before.level
            elif kind == "lower":
                assert after.level < before.level
            else:
                assert after.level == before.level
                assert {p.id for p in after.prompts} != {p.id for p in before.prompts}
    if first == second:
        assert result.counts["same"] == result.tried


# --- Worked examples (issue 19 item 16) ---

LOUD = "!" * 72
TWO_KEY_EXAMPLE = """\
  - name: two key signs
    answers: {age: 15, missing_overnight: yes, older_partner: yes}
    others: no
    expect: report
"""


def test_an_example_rewritten_with_its_rule_is_shown_and_its_lower_level_flagged(
    edited: Callable[[str, str], Path], tmp_path: Path
) -> None:
    """The two key signs rule made three, and its example made to agree: the example's new,
    lower expectation is said, loudly, not only the answer sets that moved."""
    text = SHIPPED.read_text(encoding="utf-8")
    text = text.replace(TWO_KEY_SIGNS, TWO_KEY_SIGNS.replace("at_least: 2", "at_least: 3"))
    assert TWO_KEY_EXAMPLE in text
    new = edited(TWO_KEY_EXAMPLE, TWO_KEY_EXAMPLE.replace("expect: report", "expect: discuss"))
    new.write_text(
        new.read_text(encoding="utf-8").replace(
            TWO_KEY_SIGNS, TWO_KEY_SIGNS.replace("at_least: 2", "at_least: 3")
        ),
        encoding="utf-8",
    )
    code, out = run(SHIPPED, new, "--samples", 500)
    assert code == 1
    assert (
        "  example two key signs: expects a LOWER level than before\n"
        "      was: report\n"
        "      now: discuss\n"
    ) in out
    assert (
        f"{LOUD}\n!!! 1 worked example now expects a LOWER level:\n"
        "!!!   example two key signs: report -> discuss\n"
    ) in out
    assert "FAILS" not in out  # the example agrees with the new rule: it is the edit that is said


def test_an_example_expecting_less_fails_the_diff_even_when_no_answer_set_moves(
    tmp_path: Path,
) -> None:
    old = tmp_path / "old.yaml"
    old.write_text(MINIMAL, encoding="utf-8")
    new = tmp_path / "new.yaml"
    example = "    others: no\n    expect: emergency\n"
    new.write_text(MINIMAL.replace(example, example.replace("emergency", "report")), "utf-8")
    code, out = run(old, new)
    assert code == 1
    assert "  example danger: expects a LOWER level than before" in out
    assert "\n".join(report.ALIKE) in out  # no answer set moves
    # Raising what an example expects is said, and fails nothing.
    code, out = run(new, old)
    assert code == 0
    assert "  example danger: expects a higher level than before\n      was: report\n" in out
    assert "LOWER level:" not in out


def test_examples_added_removed_renamed_and_rewritten_are_each_shown(tmp_path: Path) -> None:
    examples = MINIMAL[MINIMAL.index("examples:\n") :]
    rewritten = """examples:
  - name: danger, whatever else
    answers: {immediate_danger: yes, age: 10}
    others: no
    expect: emergency
  - name: nothing
    answers: {age: 11, moody: yes}
    others: unknown
    expect: discuss
    prompts: [find_out]
  - name: two key signs
    answers: {age: 14, bruises: yes, missing: yes}
    expect: report
"""
    old = tmp_path / "old.yaml"
    old.write_text(MINIMAL, encoding="utf-8")
    new = tmp_path / "new.yaml"
    new.write_text(MINIMAL.replace(examples, rewritten), encoding="utf-8")
    code, out = run(old, new)
    assert code == 0, out
    assert (
        "  example danger, whatever else: renamed\n"
        "      was: danger\n"
        "      now: danger, whatever else\n"
    ) in out
    assert "example danger, whatever else: expects" not in out  # only its name changed
    assert (
        "  example nothing: answers\n"
        "      was: {age: 10}\n"
        "      now: {age: 11, moody: yes}\n"
        "  example nothing: others\n"
        "      was: others no (every yes/no/don't know question not named)\n"
        "      now: others unknown (every yes/no/don't know question not named)\n"
        "  example nothing: expects a higher level than before\n"
        "      was: review\n"
        "      now: discuss\n"
        "  example nothing: prompts added\n"
        "      now: find_out\n"
    ) in out
    assert (
        "  example two key signs: added\n"
        "      now: expects report\n"
        "           answers {age: 14, bruises: yes, missing: yes}; others not given"
        " (a yes/no/don't know question not named counts as don't know)\n"
    ) in out
    # A removed example is said with what it expected.
    code, out = run(new, old)
    assert (
        "  example two key signs: removed\n"
        "      was: expects report\n"
        "           answers {age: 14, bruises: yes, missing: yes}; others not given"
    ) in out


def test_examples_written_on_one_line_are_each_read_as_written(tmp_path: Path) -> None:
    examples = MINIMAL[MINIMAL.index("examples:\n") :]
    one_line = (
        "examples: [{name: danger, answers: {immediate_danger: yes, age: 10}, others: no,"
        " expect: emergency}, {name: nothing, answers: {age: 10}, others: no, expect: review}]\n"
    )
    old = tmp_path / "old.yaml"
    old.write_text(MINIMAL.replace(examples, one_line), encoding="utf-8")
    new = tmp_path / "new.yaml"
    new.write_text(
        MINIMAL.replace(
            examples,
            one_line.replace(
                "age: 10}, others: no, expect: review", "age: 11}, others: no, expect: review"
            ),
        ),
        encoding="utf-8",
    )
    code, out = run(old, new)
    assert code == 0, out
    assert "  example nothing: answers\n      was: {age: 10}\n      now: {age: 11}\n" in out
    assert "example danger:" not in out


# --- Over-referral: the share of answer sets reaching report, and discuss (issue 19 item 10) ---


def test_the_shares_reaching_report_and_discuss_are_the_ones_counted_by_hand(
    tmp_path: Path,
) -> None:
    """The rules of the minimal questionnaire read immediate_danger, bruises and missing: 27
    answer sets. Before: emergency for the 9 with danger "Yes"; report for the 2 others with
    both key signs "Yes": 11 reach report. Discuss adds the 2 with both key signs "Don't know":
    13. With one key sign enough, report is reached by the 9 and by 2 x 5 with a key sign "Yes":
    19, and discuss by 21. The 8 that moved have one key sign "Yes", the other not."""
    old = tmp_path / "old.yaml"
    old.write_text(MINIMAL, encoding="utf-8")
    new = tmp_path / "new.yaml"
    new.write_text(MINIMAL.replace("equals: yes, at_least: 2", "equals: yes, at_least: 1"), "utf-8")
    code, out = run(old, new)
    assert code == 0
    assert (
        "every one of the 27 combinations.\n"
        "  Answer sets that reach report or higher: 11 (40.7%) before, 19 (70.4%) now"
        " (up 29.6 points).\n"
        "  Answer sets that reach discuss or higher: 13 (48.1%) before, 21 (77.8%) now"
        " (up 29.6 points).\n"
        f"{LOUD}\n"
        "!!! 8 answer sets (29.6%) now reach a HIGHER level:\n"
    ) in out
    assert "  8 answer sets (29.6%) now reach a HIGHER level.\n      review -> report: 8\n" in out
    code, out = run(new, old)
    assert code == 1
    assert (
        "  Answer sets that reach report or higher: 19 (70.4%) before, 11 (40.7%) now"
        " (down 29.6 points).\n"
    ) in out
    assert "!!! 8 answer sets (29.6%) now reach a LOWER level:\n" in out
    code, out = run(old, old)
    assert "Answer sets that reach" not in out
    assert "\n".join(report.ALIKE) in out


def test_a_level_that_stays_is_never_listed_as_a_move_up(tmp_path: Path) -> None:
    """Answer sets that keep their level but gain a prompt are not higher (``report ->
    report``), however many there are."""
    old = tmp_path / "old.yaml"
    old.write_text(MINIMAL, encoding="utf-8")
    new = tmp_path / "new.yaml"
    looser = MINIMAL.replace(
        "equals: yes, at_least: 2}\n    level: report\n",
        "equals: yes, at_least: 1}\n    level: report\n    prompts: [find_out]\n",
    )
    assert looser != MINIMAL
    new.write_text(looser, encoding="utf-8")
    code, out = run(old, new)
    assert code == 0
    assert re.search(r"[1-9]\d* answer sets \(\d+\.\d%\) reach the same level with other", out)
    assert not re.search(r"(\w+) -> \1:", out), out
    higher = out[out.index("now reach a HIGHER level.") : out.index("reach the same level with")]
    assert re.findall(r"(\w+) -> (\w+): \d+", higher) == [("review", "report")]


def shares_printed(lines: list[str]) -> dict[str, tuple[int, int]]:
    """The counts before and now that the report gives for each share."""
    found = {}
    for line in lines:
        said = re.fullmatch(
            r"  Answer sets that reach (\w+) or higher:"
            r" ([\d,]+) \(.*\) before, ([\d,]+) \(.*\) now.*",
            line,
        )
        if said:
            found[said[1]] = (int(said[2].replace(",", "")), int(said[3].replace(",", "")))
    return found


def counted(
    old: Questionnaire, new: Questionnaire, sets: list[dict[str, Answer]]
) -> dict[str, tuple[int, int]]:
    """The shares counted directly: each answer set decided by each version."""
    found = {}
    for level in (Level.REPORT, Level.DISCUSS):
        before = sum(decide(old, answers).level >= level for answers in sets)
        after = sum(decide(new, answers).level >= level for answers in sets)
        found[level.code] = (before, after)
    return found


@with_files("fewer")
@given(minimal_versions(), minimal_versions())
def test_the_shares_printed_are_a_direct_count_over_every_combination(
    tmp_path: Path, first: str, second: str
) -> None:
    (tmp_path / "a.yaml").write_text(first, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(second, encoding="utf-8")
    old = load_questionnaire(tmp_path / "a.yaml", run_examples=False)
    new = load_questionnaire(tmp_path / "b.yaml", run_examples=False)
    sets = list(answer_sets(old, new))
    assert len(sets) == 27  # immediate_danger, bruises and missing, each yes, no or don't know
    assert len({tuple(sorted(a.items())) for a in sets}) == 27
    lines, _ = diff_report(old, new)
    if outcomes.decides_alike(old, new):
        assert counted(old, new, sets) == {
            level: (before, before) for level, (before, _) in counted(old, new, sets).items()
        }
        assert shares_printed(lines) == {}
        assert "\n".join(report.ALIKE) in "\n".join(lines)
    else:
        assert shares_printed(lines) == counted(old, new, sets)


@pytest.mark.slow
@with_files("slow")
@given(st.integers(0, 2**32 - 1), st.integers(100, 400), st.sampled_from([1, 3]))
def test_the_shares_printed_are_a_direct_count_over_the_seeded_sample(
    tmp_path: Path, seed: int, samples: int, key_signs: int
) -> None:
    text = SHIPPED.read_text(encoding="utf-8")
    rule = TWO_KEY_SIGNS.replace("at_least: 2", f"at_least: {key_signs}")
    (tmp_path / "new.yaml").write_text(text.replace(TWO_KEY_SIGNS, rule), encoding="utf-8")
    old = load_questionnaire(SHIPPED, run_examples=False)
    new = load_questionnaire(tmp_path / "new.yaml", run_examples=False)
    sets = list(answer_sets(old, new, samples=samples, seed=seed))
    assert len(sets) == samples
    lines, _ = diff_report(old, new, samples=samples, seed=seed)
    assert f"{samples:,} drawn at random (seed {seed})" in "\n".join(lines)
    assert shares_printed(lines) == counted(old, new, sets)


# --- Deciding many answer sets at once (issue 23): the same report, sooner ---


def decided_one_by_one(
    old: Questionnaire, new: Questionnaire, *, samples: int = DEFAULT_SAMPLES, seed: int = 0
) -> OutcomeChanges:
    """What ``outcome_changes`` found when it decided every answer set in full under both
    versions, one at a time, and cut each worked example down by deciding again: the measure
    that deciding a column at a time, and not deciding a version that decides alike, must meet.
    The answer sets and the answers worth trying are the module's own: they did not change."""
    first = outcome_changes(old, new, samples=samples, seed=seed)
    domains = {qid: outcomes._domain(qid, old, new) for qid in first.questions}
    found = OutcomeChanges(
        first.questions, first.combinations, first.tried, first.exhaustive, first.seed
    )

    def both(answers: dict[str, Answer]) -> tuple[str, Moved]:
        moved = Moved(
            answers, decide(old, fitting(old, answers)), decide(new, fitting(new, answers))
        )
        before, after = moved.before, moved.after
        if after.level != before.level:
            return ("higher" if after.level > before.level else "lower"), moved
        same = {p.id for p in before.prompts} == {p.id for p in after.prompts}
        return ("same" if same else "prompts"), moved

    for answers in answer_sets(old, new, samples=samples, seed=seed):
        kind, moved = both(answers)
        found.before[moved.before.level] += 1
        found.after[moved.after.level] += 1
        found.counts[kind] += 1
        if kind == "same":
            continue
        found.moves[(moved.before.level.code, moved.after.level.code)] += 1
        if kind in found.examples:
            continue
        simplest = dict(answers)
        for qid in list(simplest):
            simpler = NO if NO in domains[qid] else None
            if simplest[qid] == simpler or simpler not in domains[qid]:
                continue
            trial = {q: a for q, a in simplest.items() if q != qid or simpler is not None}
            if simpler is not None:
                trial[qid] = simpler
            if both(trial)[0] == kind:
                simplest = trial
        found_kind, found_moved = both(simplest)
        found.examples[kind] = found_moved if found_kind == kind else moved
    return found


def report_one_by_one(
    old: Questionnaire, new: Questionnaire, monkeypatch: pytest.MonkeyPatch, **options: int
) -> list[str]:
    with monkeypatch.context() as patched:
        patched.setattr(report, "outcome_changes", decided_one_by_one)
        return diff_report(old, new, **options)[0]


SHIPPED_EDITS = {
    "the same file": ("", ""),
    "a threshold": (TWO_KEY_SIGNS, TWO_KEY_SIGNS.replace("at_least: 2", "at_least: 3")),
    "a weight": (
        "weight: supporting\n        text: Has the child had a sexually transmitted infection?",
        "weight: key\n        text: Has the child had a sexually transmitted infection?",
    ),
    "a wording": ("text: Has the child harmed themselves?", "text: Has the child hurt themselves?"),
    "when a question is asked": (
        "show_if: {question: age, at_least: 18}",
        "show_if: {question: age, at_least: 16}",
    ),
    "when a prompt is shown": (
        "when: {question: age, less_than: 10}",
        "when: {question: age, less_than: 12}",
    ),
}


@pytest.mark.slow
@pytest.mark.parametrize("edit", sorted(SHIPPED_EDITS))
def test_the_report_is_the_one_deciding_each_set_in_full_gives(
    edit: str, edited: Callable[[str, str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    was, now = SHIPPED_EDITS[edit]
    old = load_questionnaire(SHIPPED, run_examples=False)
    new = load_questionnaire(edited(was, now) if was else SHIPPED, run_examples=False)
    # Seed 30 moves sets lower (the threshold), higher (the weight) and to other prompts (when
    # a prompt is shown), so the worked examples are compared too.
    options = {"samples": 400, "seed": 30}
    assert outcome_changes(old, new, **options) == decided_one_by_one(old, new, **options)
    assert diff_report(old, new, **options)[0] == report_one_by_one(
        old, new, monkeypatch, **options
    )


@with_files("fewer")
@given(minimal_versions(), minimal_versions())
def test_every_combination_is_counted_as_deciding_each_in_full_counts_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, first: str, second: str
) -> None:
    (tmp_path / "a.yaml").write_text(first, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(second, encoding="utf-8")
    old = load_questionnaire(tmp_path / "a.yaml", run_examples=False)
    new = load_questionnaire(tmp_path / "b.yaml", run_examples=False)
    assert outcome_changes(old, new) == decided_one_by_one(old, new)
    assert diff_report(old, new)[0] == report_one_by_one(old, new, monkeypatch)


def counting_calls(monkeypatch: pytest.MonkeyPatch) -> tuple[list[Questionnaire], list[object]]:
    """The questionnaires ``outcome_changes`` decides many sets of at once, and each call it
    makes to decide one set in full."""
    many: list[Questionnaire] = []
    one: list[object] = []
    at_once, in_full = outcomes.level_and_prompt_ids_in_each, outcomes.decide

    def counted_at_once(q: Questionnaire, *rest: Any) -> Any:
        many.append(q)
        return at_once(q, *rest)

    def counted_in_full(*args: Any) -> Any:
        one.append(args)
        return in_full(*args)

    monkeypatch.setattr(outcomes, "level_and_prompt_ids_in_each", counted_at_once)
    monkeypatch.setattr(outcomes, "decide", counted_in_full)
    return many, one


@pytest.mark.parametrize("edit", ["the same file", "a wording"])
def test_a_version_that_decides_alike_is_not_decided_again(
    edit: str, edited: Callable[[str, str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    was, now = SHIPPED_EDITS[edit]
    old = load_questionnaire(SHIPPED, run_examples=False)
    new = load_questionnaire(edited(was, now) if was else SHIPPED, run_examples=False)
    assert outcomes.decides_alike(old, new)
    many, one = counting_calls(monkeypatch)
    result = outcome_changes(old, new, samples=12_000)
    assert one == []  # no answer set decided in full
    assert [id(q) for q in many] == [id(old)] * 3  # 5,000 sets at a time, the old version only
    assert result.counts == {"same": 12_000}
    assert result.before == result.after


def test_a_version_that_decides_otherwise_is_decided_and_only_its_examples_in_full(
    edited: Callable[[str, str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    old = load_questionnaire(SHIPPED, run_examples=False)
    new = load_questionnaire(edited(*SHIPPED_EDITS["a threshold"]), run_examples=False)
    assert not outcomes.decides_alike(old, new)
    many, one = counting_calls(monkeypatch)
    result = outcome_changes(old, new, samples=6_000)
    assert [id(q) for q in many] == [id(old), id(new)] * 2
    assert result.counts["lower"] > 0
    # Each example's set decided under both versions, before and after it is cut down.
    assert len(one) == 4 * len(result.examples) == 4


DECIDING_EDITS = [
    ("at_least: 2}\n    level: report", "at_least: 1}\n    level: report"),
    ("    level: discuss", "    level: report"),
    ("weight: supporting\n        text: Moody?", "weight: key\n        text: Moody?"),
    ("category: physical\n        weight: key", "category: behavioural\n        weight: key"),
    ("{code: known, text: Known}", "{code: friend, text: Known}"),
    ("max: 25", "max: 30"),
    (
        "show_if: {question: immediate_danger, equals: yes}",
        "show_if: {question: age, less_than: 9}",
    ),
]


@pytest.mark.parametrize(("was", "now"), DECIDING_EDITS)
def test_a_change_to_what_decides_is_never_taken_as_deciding_alike(
    tmp_path: Path, was: str, now: str
) -> None:
    assert MINIMAL.count(was) == 1
    (tmp_path / "a.yaml").write_text(MINIMAL, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(MINIMAL.replace(was, now), encoding="utf-8")
    old = load_questionnaire(tmp_path / "a.yaml", run_examples=False)
    new = load_questionnaire(tmp_path / "b.yaml", run_examples=False)
    assert not outcomes.decides_alike(old, new)
    assert outcomes.decides_alike(old, old)
