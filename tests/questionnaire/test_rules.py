"""Each condition form on its own, with the answers it reports as the reason it held."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cserq.questionnaire.loader import load_questionnaire
from cserq.questionnaire.model import (
    AllOf,
    AnyOf,
    Compare,
    Count,
    Not,
    Questionnaire,
    Selection,
    condition_parts,
)
from cserq.questionnaire.rules import evaluate, shown_questions, visible_answers
from tests.conftest import SHIPPED
from tests.hypo import many_settings

MINIMAL = (Path(__file__).parent / "minimal.yaml").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def mini() -> Questionnaire:
    return load_questionnaire(Path(__file__).parent / "minimal.yaml")


@pytest.mark.parametrize(
    ("op", "value", "age", "holds"),
    [
        ("equals", 12, 12, True),
        ("equals", 12, 13, False),
        ("not_equals", 12, 13, True),
        ("less_than", 13, 12, True),
        ("less_than", 13, 13, False),
        ("at_most", 13, 13, True),
        ("at_most", 13, 14, False),
        ("greater_than", 16, 17, True),
        ("greater_than", 16, 16, False),
        ("at_least", 18, 18, True),
        ("at_least", 18, 17, False),
        ("one_of", (16, 17), 17, True),
        ("one_of", (16, 17), 15, False),
    ],
)
def test_number_comparisons(
    mini: Questionnaire, op: str, value: object, age: int, holds: bool
) -> None:
    result = evaluate(mini, Compare("age", op, value), {"age": age})
    assert result == ((True, ("age",)) if holds else (False, ()))


def test_dont_know_is_not_no(mini: Questionnaire) -> None:
    is_no = Compare("bruises", "equals", "no")
    assert evaluate(mini, is_no, {"bruises": "unknown"}) == (False, ())
    assert evaluate(mini, is_no, {"bruises": "no"}) == (True, ("bruises",))


def test_a_comparison_on_a_missing_answer_is_false_and_not_of_it_true(mini: Questionnaire) -> None:
    assert evaluate(mini, Compare("bruises", "not_equals", "yes"), {}) == (False, ())
    assert evaluate(mini, Not(Compare("bruises", "equals", "yes")), {}) == (True, ())


def test_not_reports_the_answers_it_read(mini: Questionnaire) -> None:
    condition = Not(Compare("bruises", "equals", "yes"))
    assert evaluate(mini, condition, {"bruises": "no"}) == (True, ("bruises",))
    assert evaluate(mini, condition, {"bruises": "yes"}) == (False, ())


def test_includes_on_a_multi_answer(cserq: Questionnaire) -> None:
    told = Compare("concern_came_from", "includes", "child_told")
    assert evaluate(cserq, told, {"concern_came_from": ("seen", "child_told")})[0]
    assert not evaluate(cserq, told, {"concern_came_from": ("seen",)})[0]


def test_a_date_answer_never_matches_a_comparison(mini: Questionnaire) -> None:
    assert evaluate(mini, Compare("age", "equals", 3), {"age": datetime.date(2020, 1, 1)}) == (
        False,
        (),
    )


def test_all_needs_every_part_and_reports_all_their_answers(mini: Questionnaire) -> None:
    both = AllOf((Compare("age", "less_than", 13), Compare("bruises", "equals", "yes")))
    assert evaluate(mini, both, {"age": 12, "bruises": "yes"}) == (True, ("age", "bruises"))
    assert evaluate(mini, both, {"age": 13, "bruises": "yes"}) == (False, ())


def test_any_reports_only_the_parts_that_held(mini: Questionnaire) -> None:
    either = AnyOf((Compare("age", "less_than", 13), Compare("bruises", "equals", "yes")))
    assert evaluate(mini, either, {"age": 15, "bruises": "yes"}) == (True, ("bruises",))
    assert evaluate(mini, either, {"age": 15, "bruises": "no"}) == (False, ())


@pytest.mark.parametrize(
    ("selection", "expected"),
    [
        (Selection(weights=("key",)), ("bruises", "missing")),
        (Selection(categories=("behavioural",)), ("missing", "moody")),
        (Selection(categories=("behavioural",), weights=("key",)), ("missing",)),
        (Selection(questions=("moody", "bruises")), ("bruises", "moody")),
    ],
)
def test_count_selects_by_list_category_and_weight(
    mini: Questionnaire, selection: Selection, expected: tuple[str, ...]
) -> None:
    answers = {"bruises": "yes", "missing": "yes", "moody": "yes"}
    assert evaluate(mini, Count(selection, "yes", 1), answers) == (True, expected)
    assert evaluate(mini, Count(selection, "yes", len(expected) + 1), answers) == (False, ())


def test_count_of_dont_know(mini: Questionnaire) -> None:
    two_unknown = Count(Selection(weights=("key",)), "unknown", 2)
    assert evaluate(mini, two_unknown, {"bruises": "unknown", "missing": "unknown"})[0]
    assert not evaluate(mini, two_unknown, {"bruises": "unknown", "missing": "no"})[0]


def test_a_conditional_question_shows_only_when_its_condition_holds(mini: Questionnaire) -> None:
    assert "details" not in shown_questions(mini, {"immediate_danger": "no"})
    assert "details" not in shown_questions(mini, {})
    assert "details" in shown_questions(mini, {"immediate_danger": "yes"})


def test_answers_to_hidden_questions_are_discarded(mini: Questionnaire) -> None:
    answers = {"immediate_danger": "no", "details": "in a car", "age": 9, "nonsense": "x"}
    assert visible_answers(mini, answers) == {"immediate_danger": "no", "age": 9}


def test_a_question_hidden_hides_the_questions_that_depend_on_it(
    write_file: Callable[[str, str], Path],
) -> None:
    text = MINIMAL.replace(
        "        text: Moody?",
        "        text: Moody?\n        show_if: {question: missing, equals: yes}",
    ).replace(
        "        text: Missing?",
        "        text: Missing?\n        show_if: {question: bruises, equals: yes}",
    )
    chained = load_questionnaire(write_file("chain.yaml", text))
    answers = {"bruises": "no", "missing": "yes", "moody": "yes"}
    assert visible_answers(chained, answers) == {"bruises": "no"}
    answers["bruises"] = "yes"
    assert visible_answers(chained, answers) == answers


def _named(q: Questionnaire, selection: Selection) -> tuple[str, ...]:
    """What a selection names, read off every question in turn."""
    return tuple(
        question.id
        for question in q.questions.values()
        if (not selection.questions or question.id in selection.questions)
        and (not selection.categories or question.category in selection.categories)
        and (not selection.weights or question.weight in selection.weights)
    )


def test_every_selection_the_rules_count_is_found_once_and_the_same(cserq: Questionnaire) -> None:
    counted = {
        part.among
        for condition in [r.when for r in cserq.rules]
        + [q.show_if for q in cserq.questions.values() if q.show_if is not None]
        for part in condition_parts(condition)
        if isinstance(part, Count)
    }
    assert counted == set(cserq.selected)
    for selection in counted:
        assert cserq.select(selection) is cserq.select(selection)  # not found again
        assert tuple(q.id for q in cserq.select(selection)) == _named(cserq, selection)


SHIPPED_QUESTIONNAIRE = load_questionnaire(SHIPPED)


@many_settings()
@given(
    st.builds(
        Selection,
        st.lists(st.sampled_from(sorted(SHIPPED_QUESTIONNAIRE.questions)), max_size=4).map(tuple),
        st.lists(st.sampled_from([c.id for c in SHIPPED_QUESTIONNAIRE.categories]), max_size=2).map(
            tuple
        ),
        st.lists(st.sampled_from(["key", "supporting", "context", "other"]), max_size=2).map(tuple),
    )
)
def test_any_selection_names_the_questions_it_filters_for(selection: Selection) -> None:
    found = SHIPPED_QUESTIONNAIRE.select(selection)
    assert tuple(q.id for q in found) == _named(SHIPPED_QUESTIONNAIRE, selection)


def test_a_long_chain_of_questions_each_shown_by_the_next_loads_and_is_read(
    tmp_path: Path,
) -> None:
    """The order ``show_if``s are read in is found without recursion: 1,100 questions, each
    shown only by a "yes" to the one after it, load, and all are shown when all are "yes"
    and only the last when it is "no"."""
    chain = ["  - id: chain", "    title: Chain", "    sources: [guide]", "    questions:"]
    count = 1100
    for i in range(count):
        chain.append(f"      - id: c{i}\n        kind: yes_no_unknown\n        text: Chain {i}?")
        if i < count - 1:
            chain.append(f"        show_if: {{question: c{i + 1}, equals: yes}}")
    text = (Path(__file__).parent / "minimal.yaml").read_text(encoding="utf-8")
    assert "\nrules:\n" in text
    text = text.replace("\nrules:\n", "\n" + "\n".join(chain) + "\nrules:\n", 1)
    path = tmp_path / "chain.yaml"
    path.write_text(text, encoding="utf-8")
    questionnaire = load_questionnaire(path)
    ids = [f"c{i}" for i in range(count)]
    every = shown_questions(questionnaire, dict.fromkeys(ids, "yes"))
    assert set(ids) <= every
    last_no = shown_questions(questionnaire, {**dict.fromkeys(ids, "yes"), ids[-1]: "no"})
    assert not set(ids[:-1]) & last_no
    assert ids[-1] in last_no
