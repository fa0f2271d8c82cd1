"""Safety properties of the shipped rules, over random answer sets (Hypothesis)."""

from __future__ import annotations

import datetime
import re

from hypothesis import HealthCheck, given
from hypothesis import strategies as st

from cserq.questionnaire.answers import allowed_codes, check_answers
from cserq.questionnaire.loader import load_questionnaire
from cserq.questionnaire.model import NO, UNKNOWN, YES, Answer, Level, Question
from cserq.questionnaire.outcome import decide
from cserq.questionnaire.rules import shown_questions
from tests.conftest import SHIPPED
from tests.hypo import many_settings

CSERQ = load_questionnaire(SHIPPED)
NOT_AT_RISK = re.compile(
    r"\b(no|not at|low) risk\b|\bis safe\b(?<!not mean the child is safe)", re.I
)
SIGNS = [q.id for q in CSERQ.questions.values() if q.is_sign]


def answer_for(question: Question) -> st.SearchStrategy[Answer]:
    """Any answer the questionnaire allows for ``question``."""
    if question.kind in ("yes_no_unknown", "choice"):
        return st.sampled_from(allowed_codes(question))
    if question.kind == "multi":
        codes = allowed_codes(question)
        return st.lists(st.sampled_from(codes), unique=True).map(
            lambda chosen: tuple(c for c in codes if c in chosen)
        )
    if question.kind == "number":
        return st.integers(question.minimum or 0, question.maximum or 120)
    if question.kind == "text":
        return st.text(max_size=question.max_length or 50)
    return st.dates(datetime.date(1900, 1, 1), datetime.date.today())


# Every question answered or left out, at random.
answer_sets = st.fixed_dictionaries(
    {}, optional={q.id: answer_for(q) for q in CSERQ.questions.values()}
)
SETTINGS = many_settings(suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(answers=answer_sets, sign=st.sampled_from(SIGNS), raised=st.sampled_from([UNKNOWN, YES]))
def test_more_worrying_sign_answers_never_lower_the_level(
    answers: dict[str, Answer], sign: str, raised: str
) -> None:
    before = {**answers, sign: NO}
    after = {**answers, sign: raised}
    assert decide(CSERQ, after).level >= decide(CSERQ, before).level


@SETTINGS
@given(answers=answer_sets, noise=answer_sets)
def test_answers_to_hidden_questions_never_change_the_outcome(
    answers: dict[str, Answer], noise: dict[str, Answer]
) -> None:
    shown = shown_questions(CSERQ, answers)
    hidden_noise = {q: a for q, a in noise.items() if q not in shown}
    with_noise = {**answers, **hidden_noise}
    assert shown_questions(CSERQ, with_noise) == shown
    plain, noisy = decide(CSERQ, answers), decide(CSERQ, with_noise)
    assert (noisy.level, noisy.reasons, noisy.prompts) == (
        plain.level,
        plain.reasons,
        plain.prompts,
    )


@SETTINGS
@given(answers=answer_sets)
def test_decide_accepts_every_valid_answer_set(answers: dict[str, Answer]) -> None:
    checked, problems = check_answers(CSERQ, {q: _raw(a) for q, a in answers.items()})
    assert problems == []
    result = decide(CSERQ, checked)
    levels = [reason.rule.level for reason in result.reasons if reason.rule.level]
    assert result.level == max(levels, default=Level.REVIEW)
    said = [CSERQ.level_text(result.level).text]
    said += [p.text for p in result.prompts] + [r.rule.reason for r in result.reasons]
    assert not any(NOT_AT_RISK.search(text) for text in said)


def _raw(answer: Answer) -> object:
    """An answer as it arrives in JSON."""
    if isinstance(answer, datetime.date):
        return answer.isoformat()
    if isinstance(answer, tuple):
        return list(answer)
    return answer
