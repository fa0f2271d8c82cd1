"""Many answer sets at once, a column of answers for each question (what ``cserq diff`` decides
with), give what one set at a time gives: each condition holds as ``evaluate`` says, each
question is shown as ``shown_questions`` says, and each set gets the level and prompts ``decide``
gives (Hypothesis over answer sets and conditions of every form)."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import pytest
from hypothesis import HealthCheck, given
from hypothesis import strategies as st

from cserq.questionnaire.model import (
    NO,
    UNKNOWN,
    YES,
    AllOf,
    Answer,
    AnyOf,
    Compare,
    Condition,
    Count,
    Level,
    Not,
    Questionnaire,
    Rule,
    Selection,
)
from cserq.questionnaire.outcome import (
    decide,
    level_and_prompt_ids_in_each,
    level_and_prompts,
    level_of,
)
from cserq.questionnaire.rules import (
    COMPARISONS,
    Column,
    evaluate,
    holds,
    holds_in_each,
    shown_in_each,
    shown_questions,
)
from tests.hypo import fewer_settings, many_settings
from tests.test_dont_know import ages, any_sets, with_age
from tests.test_properties import CSERQ, answer_for, answer_sets

SETTINGS = many_settings(suppress_health_check=[HealthCheck.too_slow])
QUESTIONS = list(CSERQ.questions.values())


def columns_of(q: Questionnaire, sets: Sequence[dict[str, Answer]]) -> dict[str, Column]:
    """The sets as columns, one for each question some set answers: a question no set answers
    has no column, as in ``cserq diff``."""
    answered = {qid for answers in sets for qid in answers if qid in q.questions}
    return {qid: [answers.get(qid) for answers in sets] for qid in answered}


@st.composite
def comparisons(draw: st.DrawFn) -> Compare:
    """Any comparison on any question, even one the loader would refuse (``less_than`` on a
    yes/no question, a value of another kind): both ways must still agree."""
    question = draw(st.sampled_from(QUESTIONS))
    value = draw(
        st.one_of(
            answer_for(question),
            st.integers(-1, 26),
            st.tuples(answer_for(question), answer_for(question)),
            st.sampled_from([YES, NO, UNKNOWN]),
        )
    )
    return Compare(question.id, draw(st.sampled_from(sorted(COMPARISONS))), value)


counts = st.builds(
    Count,
    st.builds(
        Selection,
        st.lists(st.sampled_from(sorted(CSERQ.questions)), max_size=5).map(tuple),
        st.lists(st.sampled_from([c.id for c in CSERQ.categories]), max_size=2).map(tuple),
        st.lists(st.sampled_from(["key", "supporting", "context"]), max_size=2).map(tuple),
    ),
    st.sampled_from([YES, NO, UNKNOWN]),
    st.integers(0, 4),
)
conditions: st.SearchStrategy[Condition] = st.recursive(
    st.one_of(comparisons(), counts),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3).map(lambda parts: AllOf(tuple(parts))),
        st.lists(inner, max_size=3).map(lambda parts: AnyOf(tuple(parts))),
        inner.map(Not),
    ),
    max_leaves=8,
)
# Answer sets as the app's pages give them, and as the shipped rules' edges give them.
many_sets = st.lists(
    st.one_of(answer_sets, st.tuples(any_sets, ages).map(lambda pair: with_age(*pair))),
    max_size=12,
)


@SETTINGS
@given(st.lists(conditions, min_size=1, max_size=4), many_sets)
def test_each_condition_holds_in_each_set_as_evaluate_says(
    found: list[Condition], sets: list[dict[str, Answer]]
) -> None:
    held = holds_in_each(CSERQ, found, columns_of(CSERQ, sets), len(sets))
    assert [list(each) for each in held] == [
        [evaluate(CSERQ, condition, answers)[0] for answers in sets] for condition in found
    ]


@SETTINGS
@given(many_sets)
def test_each_question_is_shown_in_each_set_as_shown_questions_says(
    sets: list[dict[str, Answer]],
) -> None:
    shown = shown_in_each(CSERQ, columns_of(CSERQ, sets), len(sets))
    assert set(shown) == set(CSERQ.questions)
    for n, answers in enumerate(sets):
        assert {qid for qid, each in shown.items() if each[n]} == shown_questions(CSERQ, answers)


@SETTINGS
@given(st.lists(conditions, min_size=1, max_size=4), many_sets)
def test_each_condition_holds_as_evaluate_says_without_its_evidence(
    found: list[Condition], sets: list[dict[str, Answer]]
) -> None:
    """``holds``, which stops at the first part that settles a condition, agrees with
    ``evaluate``, which reads every part for the answers that made it hold."""
    for condition in found:
        for answers in sets:
            assert holds(CSERQ, condition, answers) == evaluate(CSERQ, condition, answers)[0]


@SETTINGS
@given(many_sets)
def test_each_set_gets_the_level_and_prompts_decide_gives_it(
    sets: list[dict[str, Answer]],
) -> None:
    outcomes = [decide(CSERQ, answers) for answers in sets]
    found = level_and_prompt_ids_in_each(CSERQ, columns_of(CSERQ, sets), len(sets))
    assert found == [(o.level, frozenset(p.id for p in o.prompts)) for o in outcomes]
    assert [level_and_prompts(CSERQ, answers) for answers in sets] == [
        (o.level, o.prompts) for o in outcomes
    ]
    assert [level_of(CSERQ, answers) for answers in sets] == [o.level for o in outcomes]


def test_no_sets_and_no_columns_are_answered_as_none_and_unanswered() -> None:
    assert level_and_prompt_ids_in_each(CSERQ, {}, 0) == []
    unanswered = decide(CSERQ, {})
    expected = (unanswered.level, frozenset(p.id for p in unanswered.prompts))
    assert level_and_prompt_ids_in_each(CSERQ, {}, 3) == [expected] * 3
    assert holds_in_each(CSERQ, [AllOf(()), AnyOf(())], {}, 2) == [[True, True], [False, False]]


def test_columns_of_another_length_than_the_sets_are_refused() -> None:
    with pytest.raises(ValueError, match="immediate_danger: 1 answers for 2 answer sets"):
        level_and_prompt_ids_in_each(CSERQ, {"immediate_danger": [YES]}, 2)


PROMPT_IDS = [p.id for p in CSERQ.prompts]
rules = st.lists(
    st.builds(
        lambda when, level, prompts: Rule(
            "extra", when, "A rule for the test.", (), level, prompts
        ),
        conditions,
        st.sampled_from([None, *Level]),
        st.lists(st.sampled_from(PROMPT_IDS), max_size=3).map(tuple),
    ),
    max_size=6,
)


@st.composite
def show_ifs(draw: st.DrawFn) -> dict[str, Condition | None]:
    """A new ``show_if`` for some questions, each reading only questions before it (as the
    loader requires), or none at all for others."""
    chosen: dict[str, Condition | None] = {}
    for i, question in enumerate(QUESTIONS):
        if i and draw(st.integers(0, 4)) == 0:
            before = QUESTIONS[:i]
            read = draw(st.sampled_from(before))
            op = draw(st.sampled_from(["equals", "not_equals", "one_of"]))
            value = draw(answer_for(read))
            condition: Condition = Compare(read.id, op, (value,) if op == "one_of" else value)
            if draw(st.booleans()):
                condition = Not(condition)
            if draw(st.booleans()):
                among = Selection(tuple(q.id for q in before[-3:]))
                count = Count(
                    among, draw(st.sampled_from([YES, NO, UNKNOWN])), draw(st.integers(0, 2))
                )
                condition = AnyOf((condition, count))
            chosen[question.id] = condition
        elif draw(st.integers(0, 3)) == 0:
            chosen[question.id] = None
    return chosen


@fewer_settings(suppress_health_check=[HealthCheck.too_slow])
@given(rules, show_ifs(), many_sets)
def test_any_rules_and_show_ifs_give_each_set_what_decide_gives_it(
    extra: list[Rule], shown_when: dict[str, Condition | None], sets: list[dict[str, Answer]]
) -> None:
    """Not only the shipped rules: any more rules (any condition, level and prompts) and any
    chain of questions asked only when others are answered so."""
    sections = tuple(
        dataclasses.replace(
            section,
            questions=tuple(
                dataclasses.replace(q, show_if=shown_when.get(q.id, q.show_if))
                for q in section.questions
            ),
        )
        for section in CSERQ.sections
    )
    q = dataclasses.replace(CSERQ, rules=(*CSERQ.rules, *extra), sections=sections)
    found = level_and_prompt_ids_in_each(q, columns_of(q, sets), len(sets))
    decided = [decide(q, answers) for answers in sets]
    assert found == [(o.level, frozenset(p.id for p in o.prompts)) for o in decided]
    # The level alone, the rules highest first until one holds, as decide gives it.
    assert [level_of(q, answers) for answers in sets] == [o.level for o in decided]
    # The questions shown, one show_if after another (Questionnaire.show_order), as the masks
    # give them, each show_if reading the questions that are themselves shown.
    shown = shown_in_each(q, columns_of(q, sets), len(sets))
    for n, answers in enumerate(sets):
        assert {qid for qid, each in shown.items() if each[n]} == shown_questions(q, answers)
