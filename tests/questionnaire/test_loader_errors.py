"""Broken questionnaire files: each message names the file, the line and the field at fault.

Each case edits the valid ``minimal.yaml``; the line the message must name is the one marked
``#<`` in the edited text (line 1 when no line is marked).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import pytest

from cserq.files.problems import FileProblems
from cserq.questionnaire.loader import load_questionnaire

MINIMAL = (Path(__file__).parent / "minimal.yaml").read_text(encoding="utf-8")


class Broken(NamedTuple):
    edits: tuple[tuple[str, str], ...]  # (old, new) text replacements, applied in order
    path: str
    message: str


def edit(old: str, new: str, path: str, message: str) -> Broken:
    return Broken(((old, new),), path, message)


LEVELS = MINIMAL[MINIMAL.index("levels:") : MINIMAL.index("prompts:")]
AGE = MINIMAL[MINIMAL.index("      - id: age") : MINIMAL.index("      - id: contact")]
CONTACT_OPTIONS = (
    "        options:\n          - {code: new, text: New}\n          - {code: known, text: Known}\n"
)

CASES = {
    "yaml syntax": edit(
        "title: A small questionnaire", "title: A small: questionnaire #<", "", "not valid YAML"
    ),
    "unclosed bracket": edit(
        "title: A small questionnaire for tests\nintroduction: Only what the loader needs.\n",
        "title: [unclosed\nintroduction: Only what the loader needs. #<\n",
        "",
        "while parsing a flow sequence that starts on line 3",
    ),
    "empty file": edit(MINIMAL, "\n\n", "", "the file is empty"),
    "only comments": edit(MINIMAL, "# nothing here\n", "", "holds no questionnaire"),
    "not a mapping": edit(MINIMAL, "- one\n- two\n", "", "expected a questionnaire"),
    "two documents": edit("sources:", "--- #<\nsources:", "", "a file holds one questionnaire"),
    "unknown top-level key": edit(
        "title: A small", "titel: Typo #<\ntitle: A small", "titel", "did you mean 'title'?"
    ),
    "missing top-level key": edit('version: "1"\n', "", "", "missing key 'version'"),
    "version as a number": edit('version: "1"', "version: 1.10 #<", "version", "in quotes"),
    "duplicate YAML key": edit(
        "introduction: Only", "title: Again #<\nintroduction: Only", "title", "appears twice"
    ),
    "wrong type for required": edit(
        "        text: In danger now?",
        "        text: In danger now?\n        required: maybe #<",
        "sections[0].questions[0].required",
        "expected true or false",
    ),
    "text that is a list": edit(
        "text: How old?", "text: [How, old] #<", "sections[0].questions[1].text", "expected some"
    ),
    "bad id": edit("- id: first", "- id: First Section #<", "sections[0].id", "not a valid id"),
    "duplicate question id": edit(
        "- id: moody", "- id: missing #<", "sections[1].questions[2].id", "duplicate question id"
    ),
    "duplicate rule id": edit(
        "- id: unknowns", "- id: danger #<", "rules[2].id", "duplicate rule id 'danger'"
    ),
    "unknown kind": edit(
        "kind: choice", "kind: pick_one #<", "sections[0].questions[2].kind", "unknown kind"
    ),
    "choice without options": Broken(
        (("      - id: contact", "      - id: contact #<"), (CONTACT_OPTIONS, "")),
        "sections[0].questions[2]",
        "a choice question needs options",
    ),
    "options on a yes/no question": edit(
        "        text: Bruises?",
        "        text: Bruises?\n        options: [{code: a, text: A}] #<",
        "sections[1].questions[0].options",
        "only choice and multi questions have options",
    ),
    "duplicate option code": edit(
        "{code: known, text: Known}",
        "{code: new, text: Known} #<",
        "sections[0].questions[2].options[1].code",
        "duplicate option code 'new'",
    ),
    "show_if names an unknown question": edit(
        "show_if: {question: immediate_danger, equals: yes}",
        "show_if: {question: agee, equals: yes} #<",
        "sections[0].questions[3].show_if.question",
        "unknown question 'agee'",
    ),
    "show_if names an unknown answer": edit(
        "show_if: {question: immediate_danger, equals: yes}",
        "show_if: {question: immediate_danger, equals: maybe} #<",
        "sections[0].questions[3].show_if.equals",
        "'maybe' is not an answer to 'immediate_danger'",
    ),
    "show_if names an unknown option": edit(
        "show_if: {question: immediate_danger, equals: yes}",
        "show_if: {question: contact, equals: stranger} #<",
        "sections[0].questions[3].show_if.equals",
        "'stranger' is not an answer to 'contact'",
    ),
    "show_if on itself": edit(
        "show_if: {question: immediate_danger, equals: yes}",
        "show_if: {question: details, equals: x} #<",
        "sections[0].questions[3].show_if",
        "show_if cycle: details -> details",
    ),
    "show_if cycle through two questions": Broken(
        (
            (
                "        text: Moody?",
                "        text: Moody?\n        show_if: {question: missing, equals: yes}",
            ),
            (
                "        text: Missing?",
                "        text: Missing?\n        show_if: {question: moody, equals: yes} #<",
            ),
        ),
        "sections[1].questions[1].show_if",
        "show_if cycle: missing -> moody -> missing",
    ),
    "number comparison on a yes/no question": edit(
        "when: {question: immediate_danger, equals: yes}",
        "when: {question: immediate_danger, less_than: 3} #<",
        "rules[0].when.less_than",
        "'less_than' cannot be used on a yes_no_unknown question",
    ),
    "comparison that can never be true": edit(
        "when: {question: immediate_danger, equals: yes}",
        "when: {question: age, greater_than: 40} #<",
        "rules[0].when.greater_than",
        "can never be true",
    ),
    "condition with two forms": edit(
        "when: {question: immediate_danger, equals: yes}",
        "when: {question: immediate_danger, equals: yes, any: []} #<",
        "rules[0].when",
        "exactly one of",
    ),
    "count that can never be reached": edit(
        "count: {among: [bruises, missing], equals: unknown, at_least: 2}",
        "count: {among: [bruises, missing], equals: unknown, at_least: 3} #<",
        "rules[2].when.count.at_least",
        "between 1 and 2",
    ),
    "impossible bounds": edit("max: 25", "max: -1 #<", "sections[0].questions[1].max", "min 0"),
    "zero max_length": edit(
        "max_length: 20", "max_length: 0 #<", "sections[0].questions[3].max_length", "at least 1"
    ),
    "min on a text question": edit(
        "max_length: 20",
        "max_length: 20\n        min: 3 #<",
        "sections[0].questions[3].min",
        "applies only to number",
    ),
    "unknown level": edit(
        "level: emergency", "level: urgent #<", "rules[0].level", "unknown level 'urgent'"
    ),
    "unknown prompt": edit(
        "prompts: [find_out]", "prompts: [find_more] #<", "rules[2].prompts[0]", "unknown prompt"
    ),
    "unknown source": edit(
        "    reason: In danger.\n    sources: [guide]",
        "    reason: In danger.\n    sources: [gide] #<",
        "rules[0].sources[0]",
        "unknown source 'gide' (did you mean 'guide'?)",
    ),
    "rule without a source": Broken(
        (
            ("  - id: two_key", "  - id: two_key #<"),
            ("    reason: Two key signs.\n    sources: [guide]\n", "    reason: Two key signs.\n"),
        ),
        "rules[1]",
        "missing key 'sources'",
    ),
    "count over an unknown category": edit(
        "count: {among: {weight: key}, equals: yes, at_least: 2}",
        "count: {among: {category: emotional}, equals: yes, at_least: 2} #<",
        "rules[1].when.count.among.category",
        "unknown category 'emotional'",
    ),
    "unknown weight": edit(
        "weight: supporting",
        "weight: minor #<",
        "sections[1].questions[2].weight",
        "unknown weight 'minor'",
    ),
    "missing a level text": edit(
        LEVELS,
        LEVELS.replace("levels:", "levels: #<").split("  review:")[0],
        "levels",
        "missing key 'review'",
    ),
    "wording that says no risk": edit(
        "text: Nothing recorded today; keep under review.}",
        "text: No risk found.} #<",
        "levels.review.text",
        "the child is safe or barely at risk",
    ),
    "a prompt asking for more than its rule's level": Broken(
        (
            (
                "    text: Ask people who know the child.",
                "    text: Ask people who know the child.\n    for_level: report",
            ),
            ("    prompts: [find_out]", "    prompts: [find_out] #<"),
        ),
        "rules[2].prompts[0]",
        "is written for report, but the rule gives discuss: it would ask for more",
    ),
    "a prompt that its rule's level would never show": Broken(
        (
            (
                "    text: Ask people who know the child.",
                "    text: Ask people who know the child.\n    for_level: review",
            ),
            ("    prompts: [find_out]", "    prompts: [find_out] #<"),
        ),
        "rules[2].prompts[0]",
        "so it would never be shown",
    ),
    "a prompt for an unknown level": edit(
        "    text: Ask people who know the child.",
        "    text: Ask people who know the child.\n    for_level: urgent #<",
        "prompts[0].for_level",
        "unknown level 'urgent'",
    ),
    "half of a level's don't-know texts": edit(
        "text: Nothing recorded today; keep under review.}",
        "text: Nothing recorded today; keep under review., unknown_title: Not known} #<",
        "levels.review",
        "unknown_title and unknown_text go together",
    ),
    "missing required question": Broken(
        (("sections:", "sections: #<"), (AGE, "")), "sections", "no question 'age'"
    ),
    "python tag": edit(
        "title: A small questionnaire for tests",
        "title: !!python/object/apply:os.system [echo hi] #<",
        "title",
        "not allowed",
    ),
    "example expects another level": edit(
        "    expect: review", "    expect: report #<", "examples[1].expect", "expects report"
    ),
    "example with a wrong answer": edit(
        "answers: {age: 10}", "answers: {age: 300} #<", "examples[1].answers.age", "maximum, 25"
    ),
    "example names an unknown question": edit(
        "answers: {age: 10}",
        "answers: {age: 10, agee: 3} #<",
        "examples[1].answers.agee",
        "unknown key 'agee'",
    ),
}


def broken(case: Broken) -> tuple[str, int]:
    """The edited text and the line its message must name."""
    text = MINIMAL
    for old, new in case.edits:
        assert old in text, "the case no longer matches minimal.yaml"
        text = text.replace(old, new, 1)
    marked = [n for n, line in enumerate(text.splitlines(), start=1) if "#<" in line]
    return text, marked[0] if marked else 1


def test_the_minimal_file_is_valid(write_file: Callable[[str, str], Path]) -> None:
    questionnaire = load_questionnaire(write_file("mini.yaml", MINIMAL))
    assert questionnaire.id == "mini"
    assert len(questionnaire.examples) == 2


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_a_broken_file_names_file_line_and_field(
    case: Broken, write_file: Callable[[str, str], Path]
) -> None:
    text, line = broken(case)
    path = write_file("broken.yaml", text)

    with pytest.raises(FileProblems) as caught:
        load_questionnaire(path, name="questions/broken.yaml")

    messages = [str(problem) for problem in caught.value.problems]
    expected_start = f"questions/broken.yaml:{line}: {case.path}"
    assert any(m.startswith(expected_start) and case.message in m for m in messages), messages


def test_sign_needs_both_category_and_weight(write_file: Callable[[str, str], Path]) -> None:
    text = MINIMAL.replace("        weight: supporting\n", "", 1)
    with pytest.raises(FileProblems) as caught:
        load_questionnaire(write_file("q.yaml", text), name="q.yaml")
    line = MINIMAL.splitlines().index("      - id: moody") + 1
    assert [str(p) for p in caught.value.problems] == [
        f"q.yaml:{line}: sections[1].questions[2]: a sign needs both a category and a weight;"
        " 'weight' is missing"
    ]


def test_every_problem_in_a_file_is_reported_at_once(
    write_file: Callable[[str, str], Path],
) -> None:
    text = (
        MINIMAL.replace("title: A small", "titel: A small", 1)
        .replace("kind: choice", "kind: pick", 1)
        .replace("level: emergency", "level: urgent", 1)
        .replace("sources: [guide]", "sources: [gide]", 1)
    )
    with pytest.raises(FileProblems) as caught:
        load_questionnaire(write_file("many.yaml", text))
    messages = "\n".join(str(p) for p in caught.value.problems)
    for expected in ("unknown key 'titel'", "unknown kind 'pick'", "unknown level 'urgent'"):
        assert expected in messages
    assert "unknown source 'gide'" in messages
    assert "missing key 'title'" in messages


def test_examples_are_checked_even_when_the_rules_are_broken(
    write_file: Callable[[str, str], Path],
) -> None:
    text = MINIMAL.replace("level: emergency", "level: urgent", 1).replace(
        "    expect: review", "    expect: fine", 1
    )
    with pytest.raises(FileProblems) as caught:
        load_questionnaire(write_file("both.yaml", text))
    messages = "\n".join(str(p) for p in caught.value.problems)
    assert "unknown level 'urgent'" in messages
    assert "examples[1].expect: unknown level 'fine'" in messages


def test_not_utf8_names_the_line(write_file: Callable[[str, bytes], Path]) -> None:
    data = MINIMAL.encode().replace(b"Only what", b"Only \xff what", 1)
    with pytest.raises(FileProblems) as caught:
        load_questionnaire(write_file("latin.yaml", data), name="latin.yaml")
    assert [str(p) for p in caught.value.problems] == [
        "latin.yaml:4: the file is not UTF-8 text: byte 0xff at column 20 (save it as UTF-8)"
    ]


def test_a_missing_file_is_a_problem_not_a_traceback(tmp_path: Path) -> None:
    with pytest.raises(FileProblems) as caught:
        load_questionnaire(tmp_path / "nowhere.yaml", name="nowhere.yaml")
    assert str(caught.value).startswith("nowhere.yaml:1: cannot read the file")
