"""Dates typed as people write them, and ages from dates of birth."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cserq.dates import DateError, DateProblem, age_on, parse_date

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


def test_age_on_a_date() -> None:
    born = datetime.date(2012, 11, 24)
    assert age_on(born, TODAY) == 13
    assert age_on(born, datetime.date(2026, 11, 24)) == 14
    assert age_on(datetime.date(2012, 2, 29), datetime.date(2026, 2, 28)) == 13
    assert age_on(datetime.date(2012, 2, 29), datetime.date(2026, 3, 1)) == 14
