"""Many answer sets at once, a column of answers for each question (what ``cserq diff`` decides
with), give what one set at a time gives: each condition holds as ``evaluate`` says, each
question is shown as ``shown_questions`` says, and each set gets the level and prompts ``decide``
gives (Hypothesis over answer sets and conditions of every form)."""

from __future__ import annotations

from collections.abc import Sequence

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
    Not,
    Questionnaire,
    Selection,
)
from cserq.questionnaire.outcome import decide, level_and_prompt_ids_in_each, level_and_prompts
from cserq.questionnaire.rules import (
    COMPARISONS,
    Column,
    evaluate,
    holds_in_each,
    shown_in_each,
    shown_questions,
)
from tests.hypo import many_settings
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


def test_no_sets_and_no_columns_are_answered_as_none_and_unanswered() -> None:
    assert level_and_prompt_ids_in_each(CSERQ, {}, 0) == []
    unanswered = decide(CSERQ, {})
    expected = (unanswered.level, frozenset(p.id for p in unanswered.prompts))
    assert level_and_prompt_ids_in_each(CSERQ, {}, 3) == [expected] * 3
    assert holds_in_each(CSERQ, [AllOf(()), AnyOf(())], {}, 2) == [[True, True], [False, False]]
