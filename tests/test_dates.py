"""Dates typed as people write them, and ages from dates of birth."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from functools import cache

import pytest
from flask import Flask
from hypothesis import given
from hypothesis import strategies as st

from cserq import create_app
from cserq.base.dates import MONTH_NUMBERS, DateError, DateProblem, age_on, parse_date
from cserq.web.fields import DATE_MESSAGES

TODAY = datetime.date(2026, 11, 23)
PAST = st.dates(datetime.date(1900, 1, 1), TODAY)
ENGLISH = ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"]  # fmt: skip
WELSH = ["Ionawr", "Chwefror", "Mawrth", "Ebrill", "Mai", "Mehefin", "Gorffennaf", "Awst",
         "Medi", "Hydref", "Tachwedd", "Rhagfyr"]  # fmt: skip


FORMS = ["{d}/{m}/{y}", "{d}-{m}-{y}", "{d} {m} {y}", "{d}.{m}.{y}", "{y}-{m:02d}-{d:02d}",
         "{d:02d}/{m:02d}/{y}", " {d} / {m} / {y} "]  # fmt: skip


@given(PAST, st.sampled_from(FORMS))
def test_every_past_date_in_every_numeric_form_reads_back(day: datetime.date, form: str) -> None:
    typed = form.format(d=day.day, m=day.month, y=day.year)
    assert parse_date(typed, today=TODAY) == day


@given(PAST, st.sampled_from([ENGLISH, WELSH]), st.booleans())
def test_month_names_in_english_and_welsh(
    day: datetime.date, names: list[str], short: bool
) -> None:
    month = names[day.month - 1]
    typed = f"{day.day} {month[:3] if short and names is ENGLISH else month} {day.year}"
    assert parse_date(typed.upper(), today=TODAY) == day


@given(st.dates(TODAY + datetime.timedelta(days=1)))
def test_a_future_date_is_refused(day: datetime.date) -> None:
    with pytest.raises(DateError) as refused:
        parse_date(day.isoformat(), today=TODAY)
    assert refused.value.problem is DateProblem.FUTURE


@given(st.text(max_size=30))
def test_any_text_is_a_date_or_a_reason(text: str) -> None:
    try:
        day = parse_date(text, today=TODAY)
    except DateError as error:  # a refusal always carries a reason the form can word
        problem = error.problem
        assert isinstance(problem, DateProblem)
    else:
        assert datetime.date(1900, 1, 1) <= day <= TODAY


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("31/02/2012", DateProblem.NOT_A_DATE),
        ("01/01/2030", DateProblem.FUTURE),
        ("0001-01-01", DateProblem.TOO_OLD),
        ("1/2/26", DateProblem.SHORT_YEAR),
        ("27/3/20266", DateProblem.NOT_A_DATE),
        ("next Tuesday", DateProblem.UNREADABLE),
        ("27 Smarch 2020", DateProblem.UNREADABLE),
    ],
)
def test_refusals_say_why(typed: str, problem: DateProblem) -> None:
    with pytest.raises(DateError) as refused:
        parse_date(typed, today=TODAY)
    assert refused.value.problem is problem


# The ordinal of each day as Welsh speakers write it in figures (1af, 2il, 3ydd...), and the
# variants also seen (2ail, 3edd).
WELSH_ORDINALS = {
    1: ["af"], 2: ["il", "ail"], 3: ["ydd", "edd"], 4: ["ydd"], 5: ["ed"], 6: ["ed"],
    7: ["fed"], 8: ["fed"], 9: ["fed"], 10: ["fed"], 11: ["eg"], 12: ["fed"], 13: ["eg"],
    14: ["eg"], 15: ["fed"], 16: ["eg"], 17: ["eg"], 18: ["fed"], 19: ["eg"], 20: ["fed"],
    **{day: ["ain"] for day in range(21, 32)},
}  # fmt: skip
# The soft mutation a month takes after "o" ("3 o Fawrth"); the others do not change.
MUTATED = {"Mawrth": "Fawrth", "Mai": "Fai", "Mehefin": "Fehefin", "Gorffennaf": "Orffennaf",
           "Medi": "Fedi", "Tachwedd": "Dachwedd", "Rhagfyr": "Ragfyr"}  # fmt: skip
CASES: list[Callable[[str], str]] = [str, str.lower, str.upper, str.title, str.swapcase]


@st.composite
def welsh_spellings(draw: st.DrawFn) -> tuple[datetime.date, str]:
    """A date, and one way a Welsh speaker might write it."""
    day = draw(PAST)
    ordinal = draw(st.sampled_from(["", *WELSH_ORDINALS[day.day]]))
    article = draw(st.sampled_from(["", "y ", "yr "])) if ordinal else ""
    of = draw(st.sampled_from(["", " o"]))
    radical = WELSH[day.month - 1]
    month = draw(st.sampled_from([radical, MUTATED.get(radical, radical)]))
    written = f"{article}{day.day}{ordinal}{of} {month} {day.year}"
    return day, draw(st.sampled_from(CASES))(written)


@given(welsh_spellings())
def test_every_way_of_writing_a_date_in_welsh_reads_back(
    spelling: tuple[datetime.date, str],
) -> None:
    day, typed = spelling
    assert parse_date(typed, today=TODAY) == day


@pytest.mark.parametrize(
    ("typed", "day"),
    [
        ("3ydd o Fawrth 2012", datetime.date(2012, 3, 3)),
        ("3 o Fawrth 2012", datetime.date(2012, 3, 3)),
        ("11eg Mai 2012", datetime.date(2012, 5, 11)),
        ("21ain Medi 2012", datetime.date(2012, 9, 21)),
        ("1af o Fehefin 2012", datetime.date(2012, 6, 1)),
        ("4ydd o Orffennaf 2012", datetime.date(2012, 7, 4)),
        ("9fed o Fedi 2012", datetime.date(2012, 9, 9)),
        ("25ain o Ragfyr 2012", datetime.date(2012, 12, 25)),
        ("y 2il o Dachwedd 2012", datetime.date(2012, 11, 2)),
        ("3rd of March 2012", datetime.date(2012, 3, 3)),
    ],
)
def test_dates_as_welsh_speakers_write_them(typed: str, day: datetime.date) -> None:
    assert parse_date(typed, today=TODAY) == day


def test_a_day_and_month_without_a_year_is_refused_alike_in_either_language() -> None:
    problems = []
    for typed in ("11 May", "11eg Mai", "11eg o Fai"):
        with pytest.raises(DateError) as refused:
            parse_date(typed, today=TODAY)
        problems.append(refused.value.problem)
    assert problems == [DateProblem.UNREADABLE] * 3


@cache
def _app() -> Flask:
    return create_app({"TESTING": True})


def _message(problem: DateProblem, language: str) -> str:
    with _app().test_request_context(headers={"Accept-Language": language}):
        return str(DATE_MESSAGES[problem])


NOT_A_MONTH = st.text(st.characters(categories=["Ll"]), min_size=1, max_size=10).filter(
    lambda word: word.casefold() not in MONTH_NUMBERS
)
NONSENSE = st.builds(
    lambda day, ending, of, word, year: f"{day}{ending}{of} {word} {year}",
    st.integers(0, 99),
    st.sampled_from(["", "af", "ydd", "eg", "ain", "fed"]),
    st.sampled_from(["", " o"]),
    NOT_A_MONTH,
    st.integers(1000, 9999),
)


@given(NONSENSE)
def test_what_is_not_a_date_is_refused_with_a_message_in_the_readers_language(
    text: str,
) -> None:
    with pytest.raises(DateError) as refused:
        parse_date(text, today=TODAY)
    welsh = _message(refused.value.problem, "cy")
    english = _message(refused.value.problem, "en")
    assert welsh.startswith("Rhowch"), welsh
    assert english.startswith("Enter"), english


def test_age_on_a_date() -> None:
    born = datetime.date(2012, 11, 24)
    assert age_on(born, TODAY) == 13
    assert age_on(born, datetime.date(2026, 11, 24)) == 14
    assert age_on(datetime.date(2012, 2, 29), datetime.date(2026, 2, 28)) == 13
    assert age_on(datetime.date(2012, 2, 29), datetime.date(2026, 3, 1)) == 14
