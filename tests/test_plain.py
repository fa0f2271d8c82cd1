"""Rules and ``show_if`` conditions said in plain words, as the outcome page, ``cserq spec`` and
``cserq diff`` say them: every question a condition reads is quoted as the practitioner reads
it, in their language."""

from __future__ import annotations

import gettext
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cserq.questionnaire.loader import load_questionnaire
from cserq.questionnaire.model import AllOf, AnyOf, Compare, Condition, Count, Not, Selection
from cserq.questionnaire.rules import referenced_questions
from cserq.words.plain import say
from cserq.words.wording import Wording

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = load_questionnaire(ROOT / "questions" / "cserq.yaml")
WELSH = gettext.translation("messages", ROOT / "translations", languages=["cy"])
WORDS = {
    "en": Wording(SHIPPED, gettext.NullTranslations(), "en"),
    "cy": Wording(SHIPPED, WELSH, "cy"),
}


def text_of(condition: Condition, language: str) -> str:
    return "\n".join(say(WORDS[language], condition).lines())


@pytest.mark.parametrize("language", ["en", "cy"])
def test_every_rule_names_every_question_it_reads_in_the_readers_language(language: str) -> None:
    words = WORDS[language]
    for rule in SHIPPED.rules:
        said = text_of(rule.when, language)
        for question_id in referenced_questions(SHIPPED, rule.when):
            assert words.question(SHIPPED.questions[question_id]) in said, (rule.id, question_id)


def test_a_count_of_key_signs_says_how_many_which_answer_and_how_they_were_chosen() -> None:
    rule = next(rule for rule in SHIPPED.rules if rule.id == "two_key_signs")
    count = rule.when.conditions[1]  # type: ignore[union-attr]  # after "age less than 18"
    lines = say(WORDS["en"], count).lines()
    assert lines[:2] == [
        "At least 2 of these questions are answered “Yes”:",
        "  (every question with the weight “key”)",
    ]
    key_signs = [q for q in SHIPPED.questions.values() if q.weight == "key"]
    assert lines[2:] == [f"  {q.text}" for q in key_signs]
    welsh = say(WORDS["cy"], count).lines()
    assert welsh[0] == "Mae o leiaf 2 o'r cwestiynau hyn wedi'u hateb “Ie”:"
    assert welsh[1] == "  (pob cwestiwn â'r pwysoliad “allweddol”)"


def test_numbers_and_nesting_read_as_they_work() -> None:
    rule = next(rule for rule in SHIPPED.rules if rule.id == "under_13_sexual_contact")
    lines = say(WORDS["en"], rule.when).lines()
    assert lines[0] == "All of these:"
    assert lines[1] == "  The answer to “How old is the child?” is less than 13"
    assert lines[2] == "  At least one of these:"
    assert all(line.startswith("    The answer to “") for line in lines[3:])
    assert "Mae'r ateb i “Faint yw oed y plentyn?” yn llai na 13" in text_of(rule.when, "cy")


# --- Any condition the loader can build is said, whatever its shape. ---

YES_NO = [q.id for q in SHIPPED.questions.values() if q.kind == "yes_no_unknown"]
CHOICE = [q for q in SHIPPED.questions.values() if q.kind in ("choice", "multi")]


def comparisons() -> st.SearchStrategy[Condition]:
    yes_no = st.builds(
        Compare,
        st.sampled_from(YES_NO),
        st.sampled_from(["equals", "not_equals"]),
        st.sampled_from(["yes", "no", "unknown"]),
    )
    one_of = st.builds(
        Compare,
        st.sampled_from(YES_NO),
        st.just("one_of"),
        st.lists(st.sampled_from(["yes", "no", "unknown"]), min_size=1, unique=True).map(tuple),
    )
    age = st.builds(
        Compare,
        st.just("age"),
        st.sampled_from(["equals", "less_than", "at_most", "greater_than", "at_least"]),
        st.integers(0, 25),
    )
    choice = st.sampled_from(CHOICE).flatmap(
        lambda q: st.builds(
            Compare,
            st.just(q.id),
            st.just("includes" if q.kind == "multi" else "equals"),
            st.sampled_from([o.code for o in q.options]),
        )
    )
    count = st.builds(
        Count,
        st.one_of(
            st.lists(st.sampled_from(YES_NO), min_size=1, unique=True).map(
                lambda ids: Selection(questions=tuple(ids))
            ),
            st.builds(
                Selection,
                categories=st.sampled_from([(), ("physical",), ("behavioural", "material")]),
                weights=st.sampled_from([("key",), ("supporting", "context")]),
            ),
        ),
        st.sampled_from(["yes", "no", "unknown"]),
        st.integers(1, 3),
    )
    return st.one_of(yes_no, one_of, age, choice, count)


CONDITIONS = st.recursive(
    comparisons(),
    lambda inner: st.one_of(
        st.lists(inner, min_size=1, max_size=3).map(lambda c: AllOf(tuple(c))),
        st.lists(inner, min_size=1, max_size=3).map(lambda c: AnyOf(tuple(c))),
        inner.map(Not),
    ),
    max_leaves=8,
)


@given(CONDITIONS, st.sampled_from(["en", "cy"]))
def test_any_condition_is_said_with_every_question_and_value_it_reads(
    condition: Condition, language: str
) -> None:
    said = text_of(condition, language)
    words = WORDS[language]
    for question_id in referenced_questions(SHIPPED, condition):
        assert words.question(SHIPPED.questions[question_id]) in said
    compares = [c for c in _parts(condition) if isinstance(c, Compare)]
    for compare in compares:
        values = compare.value if isinstance(compare.value, tuple) else (compare.value,)
        question = SHIPPED.questions[compare.question]
        for value in values:
            shown = str(value) if isinstance(value, int) else words.option(question, value)
            assert shown in said
    assert "%(" not in said
    assert said.count("\n") + 1 >= len(compares)


def _parts(condition: Condition) -> list[Condition]:
    match condition:
        case AllOf(parts) | AnyOf(parts):
            return [condition, *(p for c in parts for p in _parts(c))]
        case Not(inner):
            return [condition, *_parts(inner)]
    return [condition]
