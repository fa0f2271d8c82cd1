"""The case details: NHS number checking and what an anonymised note keeps."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cserq.case.details import nhs_number_is_valid, nhs_number_written
from cserq.case.reading import read_details
from cserq.case.summary import (
    POLICE_REFERENCE_MAX_LENGTH,
    POLICE_TIME_MAX_LENGTH,
    CaseSummary,
    PoliceCall,
)
from cserq.questionnaire.model import Questionnaire


@pytest.mark.parametrize(
    ("number", "valid"),
    [
        ("943 476 5919", True),
        ("9434765919", True),
        ("401 023 2137", True),
        ("943 476 5918", False),  # wrong check digit
        ("943 476 591", False),  # nine digits
        ("943 476 59190", False),  # eleven digits
        ("943-476-5919", True),  # as people often write it
        ("943 - 476 - 5919", True),
        ("94347659I9", False),
        ("١٢٣٤٥٦٧٨٩٠", False),  # digits, but not ASCII ones
        ("0000000000", False),  # passes the check digit, but is never issued
        ("1111111111", False),
        ("1000000009", False),
        ("0000000060", False),  # the check digit would be 10: never issued
        ("", False),
    ],
)
def test_nhs_number_modulus_11(number: str, valid: bool) -> None:
    assert nhs_number_is_valid(number) is valid


def test_anonymised_keeps_only_non_identifying_details(cserq: Questionnaire) -> None:
    case = CaseSummary(
        cserq,
        {"age": 15},
        child={"name": "Siân", "ethnicity": "White Welsh", "first_language": "Cymraeg"},
        anonymised=True,
    )
    assert [(f.id, v) for f, v in case.child_details] == [
        ("ethnicity", "White Welsh"),
        ("first_language", "Cymraeg"),
    ]
    not_given = [f.id for f in case.child_details_not_given]
    assert "name" not in not_given
    assert "religion" in not_given


def _check_digit(nine: str) -> int:
    return (11 - sum(int(d) * w for d, w in zip(nine, range(10, 1, -1), strict=True)) % 11) % 11


@given(
    nine=st.text("0123456789", min_size=9, max_size=9),
    separators=st.lists(st.sampled_from(["", " ", "-", "  ", " - "]), min_size=9, max_size=9),
)
def test_any_number_with_its_check_digit_is_taken_however_it_is_spaced(
    nine: str, separators: list[str]
) -> None:
    check = _check_digit(nine)
    if check == 10:
        return  # no number has a check digit of 10: it is never issued
    digits = nine + str(check)
    typed = "".join(d + s for d, s in zip(digits, [*separators, ""], strict=False))
    expected = len(set(digits)) > 1
    assert nhs_number_is_valid(typed) is expected
    if expected:
        assert nhs_number_written(typed) == f"{digits[:3]} {digits[3:6]} {digits[6:]}"
    wrong = nine + str((check + 1) % 10)
    assert not nhs_number_is_valid(wrong)


def test_a_details_file_records_the_police_call(cserq: Questionnaire) -> None:
    raw = {"police": {"called": True, "at": " 14:10 ", "reference": "SWP-2611-0042"}}
    details, problems = read_details(raw, cserq)
    assert problems == []
    assert details["police"] == PoliceCall(True, "14:10", "SWP-2611-0042")


@pytest.mark.parametrize(
    ("police", "problem"),
    [
        ("yes", "police: expected an object"),
        ({"called": "yes"}, "police.called: expected true or false"),
        ({"at": 1410}, "police.at: expected text"),
        ({"reference": "R" * 61}, "police.reference: expected text of 60 characters at most"),
        ({"when": "now"}, "police.when: unknown key"),
    ],
)
def test_a_wrong_police_call_is_named(cserq: Questionnaire, police: object, problem: str) -> None:
    details, problems = read_details({"police": police}, cserq)
    assert any(p.startswith(problem) for p in problems), problems
    assert "police" not in details


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=80),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=10), inner, max_size=3)
    ),
    max_leaves=6,
)


@given(
    police=json_values
    | st.dictionaries(st.sampled_from(["called", "at", "reference", "x"]), json_values)
)
def test_any_police_value_is_read_or_named_as_a_problem(
    cserq: Questionnaire, police: object
) -> None:
    details, problems = read_details({"police": police}, cserq)
    if problems:
        assert all(p.startswith("police") for p in problems)
        assert "police" not in details
    else:
        call = details["police"]
        assert isinstance(call, PoliceCall)
        assert len(call.at) <= POLICE_TIME_MAX_LENGTH
        assert len(call.reference) <= POLICE_REFERENCE_MAX_LENGTH
