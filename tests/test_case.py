"""The case details: NHS number checking and what an anonymised note keeps."""

from __future__ import annotations

import pytest

from cserq.case import CaseSummary, nhs_number_is_valid
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
        ("943-476-5919", False),
        ("94347659I9", False),
        ("١٢٣٤٥٦٧٨٩٠", False),  # digits, but not ASCII ones
        ("0000000000", True),
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
