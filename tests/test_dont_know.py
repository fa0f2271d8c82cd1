"""How the shipped rules treat "Don't know", over random answer sets and ages (Hypothesis).

"Don't know" is honest, not a finding: it neither reassures nor alarms. Knowing more never
lowers the level; "Don't know" alone never reaches a report; enough of it on what matters most
is worth a conversation; and every "Don't know" whose "yes" would raise the level is listed as
worth finding out.
"""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from cserq.base.languages import translations
from cserq.questionnaire.model import NO, UNKNOWN, YES, Answer, Level
from cserq.questionnaire.outcome import Outcome, decide, level_of
from cserq.questionnaire.rules import shown_questions
from cserq.words.guidance import NOT_SAFE, NOT_SAFE_ADULT
from cserq.words.wording import Wording
from tests.test_properties import CSERQ, SETTINGS, answer_sets

YES_NO = [q.id for q in CSERQ.questions.values() if q.kind == "yes_no_unknown"]
KEY = [q.id for q in CSERQ.questions.values() if q.weight == "key"]
CORE = ["disclosure", "exchange", "sexual_activity", *KEY]
ENGLISH = Wording(CSERQ, translations("en"), "en")

# The ages where the rules change, often, and any age.
EDGES = [0, 9, 10, 12, 13, 15, 16, 17, 18, 19]
ages = st.one_of(st.sampled_from(EDGES), st.integers(0, 25))
# Every yes/no/don't know question answered at random, mostly "no" with a few "yes" and
# "Don't know" (the edges of the rules), or uniformly at random.
sparse_sets = st.dictionaries(
    st.sampled_from([*CORE, *YES_NO]), st.sampled_from([YES, UNKNOWN]), max_size=4
).map(lambda few: {**dict.fromkeys(YES_NO, NO), **few})
yes_no_sets = st.one_of(
    sparse_sets, st.fixed_dictionaries({q: st.sampled_from([YES, NO, UNKNOWN]) for q in YES_NO})
)
any_sets = st.one_of(yes_no_sets, answer_sets)


def with_age(answers: dict[str, Answer], age: int) -> dict[str, Answer]:
    return {**answers, "age": age}


def level(answers: dict[str, Answer]) -> Level:
    return level_of(CSERQ, answers)


def yes_no_shown(answers: dict[str, Answer]) -> list[str]:
    shown = shown_questions(CSERQ, answers)
    return [q for q in YES_NO if q in shown]


@SETTINGS
@given(answers=any_sets, age=ages)
def test_dont_know_never_lowers_the_level_below_no(answers: dict[str, Answer], age: int) -> None:
    answers = with_age(answers, age)
    for question in YES_NO:
        before, after = level({**answers, question: NO}), level({**answers, question: UNKNOWN})
        assert after >= before, question


@SETTINGS
@given(answers=any_sets, age=ages)
def test_yes_never_lowers_the_level_below_dont_know(answers: dict[str, Answer], age: int) -> None:
    answers = with_age(answers, age)
    for question in YES_NO:
        before, after = level({**answers, question: UNKNOWN}), level({**answers, question: YES})
        assert after >= before, question


@SETTINGS
@given(
    answers=yes_no_sets,
    age=ages,
    unsure=st.lists(st.sampled_from(YES_NO), unique=True),
)
def test_dont_know_alone_never_goes_above_discuss(
    answers: dict[str, Answer], age: int, unsure: list[str]
) -> None:
    answers = {q: (UNKNOWN if q in unsure else NO) for q in answers}
    assert level(with_age(answers, age)) <= Level.DISCUSS


@SETTINGS
@given(answers=yes_no_sets, age=ages)
def test_no_report_without_a_yes_and_no_emergency_without_danger(
    answers: dict[str, Answer], age: int
) -> None:
    answers = with_age(answers, age)
    result = level(answers)
    yeses = [q for q in yes_no_shown(answers) if answers[q] == YES]
    if result >= Level.REPORT:
        assert yeses
    if result is Level.EMERGENCY:
        assert answers["immediate_danger"] == YES


def _core_unknown(answers: dict[str, Answer]) -> int:
    shown = shown_questions(CSERQ, answers)
    return sum(1 for q in CORE if q in shown and answers.get(q) == UNKNOWN)


@SETTINGS
@given(answers=yes_no_sets, age=st.integers(0, 17))
def test_dont_know_on_what_matters_most_accumulates_to_discuss(
    answers: dict[str, Answer], age: int
) -> None:
    answers = with_age(answers, age)
    if _core_unknown(answers) >= (2 if age < 13 else 3):
        assert level(answers) >= Level.DISCUSS


def _reports_alone(question: str, age: int) -> bool:
    """Whether a "yes" to ``question`` with every other answer "no" reaches a report."""
    alone: dict[str, Answer] = dict.fromkeys(YES_NO, NO)
    return level({**alone, "age": age, question: YES}) >= Level.REPORT


REPORTS_ALONE = {age: {q for q in YES_NO if _reports_alone(q, age)} for age in range(26)}


def test_the_questions_whose_yes_alone_reports_are_the_ones_the_guidance_names() -> None:
    always = {"disclosure", "exchange", "moved_around", "online_images", "image_adult"}
    assert always | {"immediate_danger"} <= REPORTS_ALONE[16]
    assert {"sexual_activity", "sti", "pregnancy", *KEY} <= REPORTS_ALONE[12]
    assert "pregnancy" in REPORTS_ALONE[13]
    assert "sexual_activity" not in REPORTS_ALONE[13]
    assert REPORTS_ALONE[19] == {"immediate_danger", "care_needs"}


@SETTINGS
@given(answers=yes_no_sets, age=ages)
def test_a_dont_know_where_yes_would_report_with_any_yes_reaches_discuss(
    answers: dict[str, Answer], age: int
) -> None:
    answers = with_age(answers, age)
    shown = yes_no_shown(answers)
    unsure = [q for q in shown if answers[q] == UNKNOWN and q in REPORTS_ALONE[age]]
    if unsure and any(answers[q] == YES for q in shown):
        assert level(answers) >= Level.DISCUSS


@SETTINGS
@given(answers=any_sets, age=ages)
def test_every_dont_know_whose_yes_raises_the_level_is_worth_finding_out(
    answers: dict[str, Answer], age: int
) -> None:
    answers = with_age(answers, age)
    result = decide(CSERQ, answers)
    listed = {q.id for q in result.unknown}
    for question, answer in result.answers.items():
        if answer == UNKNOWN and level({**answers, question: YES}) > result.level:
            assert question in listed


def _headline(result: Outcome) -> str:
    title, text = ENGLISH.headline(result)
    return " ".join((title, text, ENGLISH.statement(result) or ""))


@SETTINGS
@given(answers=any_sets, age=ages)
def test_the_lowest_level_says_no_signs_only_when_nothing_was_dont_know(
    answers: dict[str, Answer], age: int
) -> None:
    result = decide(CSERQ, with_age(answers, age))
    if result.level is not Level.REVIEW:
        return
    said = _headline(result)
    assert (NOT_SAFE_ADULT if result.adult else NOT_SAFE) in said
    if UNKNOWN in result.answers.values() and not result.adult:
        assert "did not record any signs" not in said
        assert "No signs recorded" not in said
        assert "Don't know" in said


def test_finding_out_never_lowers_the_level_where_dont_know_accumulates() -> None:
    """Every set of up to three "Don't know" answers on what matters most (the rest "no"), at
    every age where the rules change: answering any one of them "yes" never lowers the level.
    Random sets rarely land on these edges, so they are all tried."""
    for age in EDGES:
        for size in (1, 2, 3):
            for unsure in itertools.combinations(CORE, size):
                answers = {**dict.fromkeys(YES_NO, NO), **dict.fromkeys(unsure, UNKNOWN)}
                before = level(with_age(answers, age))
                for question in unsure:
                    after = level(with_age({**answers, question: YES}, age))
                    assert after >= before, (age, unsure, question)


@given(answers=any_sets, age=ages)
def test_a_case_s_banner_level_is_the_level_the_outcome_gives(
    answers: dict[str, Answer], age: int
) -> None:
    """Every page's 999 banner reads ``Case.level()``, which skips the rest of the outcome: it
    must be the outcome's level for any answers, remembered or not."""
    import time

    from cserq.case.store import Case

    given = with_age(answers, age)
    fresh, again = Case("a", CSERQ, time.time()), Case("b", CSERQ, time.time())
    fresh.answers, again.answers = given, dict(given)
    assert fresh.level() is decide(CSERQ, given).level
    assert again.level() is fresh.level() is fresh.outcome().level
