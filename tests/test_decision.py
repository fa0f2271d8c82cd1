"""The default rules of docs/design.md, as the shipped questionnaire gives them."""

from __future__ import annotations

import re

import pytest

from cserq.questionnaire.answers import answer_others
from cserq.questionnaire.loader import load_questionnaire
from cserq.questionnaire.model import Answer, Example, Level, Questionnaire
from cserq.questionnaire.outcome import Outcome, decide
from tests.conftest import SHIPPED

KEY_SIGNS = (
    "injuries",
    "unexplained_items",
    "missing_overnight",
    "cars_unknown_adults",
    "older_partner",
    "controlling_partner",
    "peer_abuse",
    "peers_exploited",
    "online_images",
    "image_adult",
    "moved_around",
    "criminal_exploitation",
)
# Key signs that are a report on their own: trafficking, and threats or an adult over images.
REPORT_ALONE = ("online_images", "image_adult", "moved_around")


def outcome(questionnaire: Questionnaire, others: str = "no", **answers: Answer) -> Outcome:
    """The outcome for these answers, every other yes/no/don't know question answered ``others``."""
    filled: dict[str, Answer] = dict(answers)
    answer_others(questionnaire, filled, others)
    return decide(questionnaire, filled)


def fired(result: Outcome) -> list[str]:
    return [reason.rule.id for reason in result.reasons]


def prompts(result: Outcome) -> list[str]:
    return [prompt.id for prompt in result.prompts]


@pytest.mark.parametrize("others", ["no", "unknown", "yes"])
def test_immediate_danger_is_an_emergency_whatever_else(cserq: Questionnaire, others: str) -> None:
    result = outcome(cserq, others, age=15, immediate_danger="yes")
    assert result.level is Level.EMERGENCY
    assert result.reasons[0].rule.id == "immediate_danger"
    assert result.reasons[0].answers == (("immediate_danger", "yes"),)


@pytest.mark.parametrize(("age", "level"), [(12, Level.REPORT), (13, Level.DISCUSS)])
def test_under_13_and_sexually_active_is_a_report(
    cserq: Questionnaire, age: int, level: Level
) -> None:
    result = outcome(cserq, age=age, sexual_activity="yes")
    assert result.level is level
    if level is Level.REPORT:
        reason = next(r for r in result.reasons if r.rule.id == "under_13_sexual_contact")
        assert reason.answers == (("age", 12), ("sexual_activity", "yes"))
        assert "under_13" in prompts(result)


@pytest.mark.parametrize("question", ["disclosure", "exchange"])
def test_a_disclosure_or_an_exchange_alone_is_a_report(cserq: Questionnaire, question: str) -> None:
    result = outcome(cserq, age=16, **{question: "yes"})
    assert result.level is Level.REPORT
    assert fired(result) == [question]


def test_two_key_signs_are_a_report(cserq: Questionnaire) -> None:
    result = outcome(cserq, age=15, older_partner="yes", peers_exploited="yes")
    assert result.level is Level.REPORT
    reason = next(r for r in result.reasons if r.rule.id == "two_key_signs")
    assert reason.answers == (("age", 15), ("older_partner", "yes"), ("peers_exploited", "yes"))


@pytest.mark.parametrize("key", [k for k in KEY_SIGNS if k not in REPORT_ALONE])
def test_one_key_sign_alone_is_discuss(cserq: Questionnaire, key: str) -> None:
    result = outcome(cserq, age=15, **{key: "yes"})
    assert result.level is Level.DISCUSS
    assert fired(result) == ["any_sign"]


@pytest.mark.parametrize("key", REPORT_ALONE)
@pytest.mark.parametrize("age", [13, 16, 17])
def test_trafficking_and_threats_or_adults_over_images_are_a_report(
    cserq: Questionnaire, key: str, age: int
) -> None:
    result = outcome(cserq, age=age, **{key: "yes"})
    assert result.level is Level.REPORT
    assert "police" in prompts(result)


@pytest.mark.parametrize(
    ("extra", "level"),
    [
        ({"additional_needs": "yes"}, Level.REPORT),
        ({"age": 12}, Level.REPORT),
        ({"secretive": "yes", "withdrawn": "yes"}, Level.REPORT),
        ({"secretive": "yes"}, Level.DISCUSS),
        ({"looked_after": "yes"}, Level.REPORT),
        ({"earlier_abuse": "yes"}, Level.DISCUSS),
        ({"earlier_abuse": "yes", "offending": "yes"}, Level.REPORT),
    ],
)
def test_one_key_sign_plus_more(
    cserq: Questionnaire, extra: dict[str, Answer], level: Level
) -> None:
    answers: dict[str, Answer] = {"age": 14, "injuries": "yes", **extra}
    assert outcome(cserq, **answers).level is level


@pytest.mark.parametrize(
    "sign", ["sti", "withdrawn", "self_harm", "alcohol_drugs", "secretive", "out_of_control"]
)
def test_any_other_sign_is_at_least_discuss(cserq: Questionnaire, sign: str) -> None:
    assert outcome(cserq, age=16, **{sign: "yes"}).level is Level.DISCUSS


def test_vulnerability_alone_is_review_with_a_prompt(cserq: Questionnaire) -> None:
    result = outcome(cserq, age=14, earlier_abuse="yes", home_unstable="yes")
    assert result.level is Level.REVIEW
    assert prompts(result) == ["vulnerability", "hidden_groups"]


@pytest.mark.parametrize(("unknowns", "level"), [(2, Level.REVIEW), (3, Level.DISCUSS)])
def test_three_key_questions_not_known_is_discuss(
    cserq: Questionnaire, unknowns: int, level: Level
) -> None:
    answers: dict[str, Answer] = dict.fromkeys(KEY_SIGNS[:unknowns], "unknown")
    result = outcome(cserq, age=15, **answers)
    assert result.level is level
    assert [q.id for q in result.unknown] == list(KEY_SIGNS[:unknowns])
    assert ("find_out_more" in prompts(result)) is (unknowns == 3)


def test_unanswered_questions_count_as_dont_know_never_as_no(cserq: Questionnaire) -> None:
    result = decide(cserq, {"age": 15, "immediate_danger": "no"})
    assert result.level is Level.DISCUSS
    assert "unknown_13_to_15" in fired(result)
    assert "injuries" in result.unanswered
    assert result.answers["injuries"] == "unknown"


@pytest.mark.parametrize(
    ("age", "expected"),
    [
        (16, ["hidden_groups"]),
        (17, ["planning_18", "hidden_groups"]),
        (18, ["adult_route"]),
        (19, ["adult_route"]),
    ],
)
def test_planning_for_18_and_the_adult_route(
    cserq: Questionnaire, age: int, expected: list[str]
) -> None:
    result = outcome(cserq, age=age)
    assert prompts(result) == expected
    assert result.adult is (age >= 18)
    assert result.level is Level.REVIEW


@pytest.mark.parametrize(
    ("care_needs", "level"),
    [("yes", Level.REPORT), ("unknown", Level.DISCUSS), ("no", Level.REVIEW)],
)
@pytest.mark.parametrize("age", [18, 19, 25])
def test_from_18_the_level_follows_care_and_support_needs(
    cserq: Questionnaire, age: int, care_needs: str, level: Level
) -> None:
    # A disclosure and signs do not make a report for an adult without care and support needs.
    result = outcome(cserq, age=age, care_needs=care_needs, disclosure="yes", injuries="yes")
    assert result.level is level


@pytest.mark.parametrize(
    ("answers", "prompt"),
    [
        ({"additional_needs": "yes"}, "additional_needs"),
        ({"looked_after": "yes"}, "social_worker"),
        ({"has_social_worker": "yes"}, "social_worker"),
        ({"within_family": "yes"}, "family"),
        ({"criminal_exploitation": "yes"}, "criminal_exploitation"),
        ({"suicidal": "yes"}, "suicide_risk"),
        ({"moved_around": "yes"}, "trafficking"),
    ],
)
def test_extra_prompts(cserq: Questionnaire, answers: dict[str, Answer], prompt: str) -> None:
    assert prompt in prompts(outcome(cserq, age=15, **answers))


def test_prompt_only_rules_do_not_change_the_level(cserq: Questionnaire) -> None:
    result = outcome(cserq, age=17, looked_after="yes", additional_needs="yes")
    assert result.level is Level.REVIEW
    assert result.reasons == ()


def test_an_answer_to_a_hidden_question_is_ignored_and_reported(cserq: Questionnaire) -> None:
    result = outcome(cserq, age=15, immediate_danger="no", danger_details="a car outside")
    assert "danger_details" not in result.answers
    assert result.discarded == ("danger_details",)


def test_every_level_text_avoids_saying_a_child_is_not_at_risk(cserq: Questionnaire) -> None:
    texts = [t.title + " " + t.text for t in cserq.levels] + [p.text for p in cserq.prompts]
    for text in texts:
        assert not re.search(r"\b(no|not at|low) risk\b", text, re.I), text


SHIPPED_EXAMPLES = load_questionnaire(SHIPPED).examples


@pytest.mark.parametrize("example", SHIPPED_EXAMPLES, ids=[e.name for e in SHIPPED_EXAMPLES])
def test_each_shipped_example_gives_its_expected_outcome(
    cserq: Questionnaire, example: Example
) -> None:
    result = decide(cserq, example.answers)
    assert result.level is example.level, example.name
    assert set(example.prompts) <= set(prompts(result)), example.name
