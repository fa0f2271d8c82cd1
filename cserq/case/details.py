"""The details a practitioner gives about the child and themselves, and how each is checked.

One check for every way in: the pages and ``cserq decide --details`` both call
:func:`checked_detail`, so a detail the command line takes is one the page takes too.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Literal

from cserq.base.dates import DateError, parse_date, written
from cserq.base.languages import N_
from cserq.base.text import tidy


@dataclass(frozen=True)
class DetailField:
    id: str
    label: str
    identifying: bool
    """Left out entirely when the practitioner asks for an anonymised note."""
    max_length: int = 200
    in_note: str | None = None
    """The label in the note, where the form's label would mislead its reader."""
    kind: Literal["text", "date_of_birth", "nhs_number"] = "text"
    """How the value is checked and written: as typed, as a date of birth, as an NHS number."""

    @property
    def multiline(self) -> bool:
        """Whether the field takes several lines (an address, a household)."""
        return self.max_length > 200

    @property
    def note_label(self) -> str:
        return self.in_note or self.label


# What a local authority's report form asks about the child (Wales Safeguarding Procedures).
CHILD_FIELDS = (
    DetailField("name", N_("Name"), identifying=True),
    DetailField("other_names", N_("Other names or nicknames"), identifying=True),
    DetailField("date_of_birth", N_("Date of birth"), identifying=True, kind="date_of_birth"),
    DetailField("nhs_number", N_("NHS number"), identifying=True, kind="nhs_number"),
    DetailField("address", N_("Address"), identifying=True, max_length=500),
    DetailField("parental_responsibility", N_("Who has parental responsibility"), identifying=True),
    DetailField("household", N_("Who lives with the child"), identifying=True, max_length=500),
    DetailField("ethnicity", N_("Ethnicity"), identifying=False),
    DetailField("first_language", N_("First language"), identifying=False),
    DetailField("religion", N_("Religion"), identifying=False),
    DetailField("communication_needs", N_("Interpreter or communication needs"), identifying=False),
    DetailField("school", N_("School or college, and attendance"), identifying=True),
    DetailField("agencies", N_("Other agencies involved"), identifying=False, max_length=500),
)

IDENTITY_FIELDS = ("name", "date_of_birth", "nhs_number")
"""The details that say which child a note is about."""

# The note is read by social services, so it labels these as the practitioner's.
PRACTITIONER_FIELDS = (
    DetailField("name", N_("Your name"), True, in_note=N_("Practitioner's name")),
    DetailField("role", N_("Your role"), False, in_note=N_("Practitioner's role")),
    DetailField(
        "organisation", N_("Your organisation"), False, in_note=N_("Practitioner's organisation")
    ),
    DetailField("contact", N_("How to contact you"), True, in_note=N_("How to contact them")),
)

# Where a piece of information came from: a report says whether each item is observation,
# what the child said, what others said, or opinion.


def _nhs_digits(value: str) -> str:
    """The digits of an NHS number as people write it: 9434765919, 943 476 5919, 943-476-5919."""
    return re.sub(r"[\s-]", "", value)


def nhs_number_written(value: str | None) -> str | None:
    """A valid NHS number written the usual way (943 476 5919); anything else as it was."""
    if not value or not nhs_number_is_valid(value):
        return value
    digits = _nhs_digits(value)
    return f"{digits[:3]} {digits[3:6]} {digits[6:]}"


def nhs_number_is_valid(value: str) -> bool:
    """Whether ``value`` is ten digits (spaces or hyphens between them allowed) whose last is the
    modulus 11 check digit, and not one digit ten times (0000000000 passes the check digit but
    is never issued)."""
    digits = _nhs_digits(value)
    if len(digits) != 10 or not digits.isascii() or not digits.isdigit():
        return False
    if len(set(digits)) == 1:
        return False
    total = sum(int(d) * weight for d, weight in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


class DetailError(ValueError):
    """A detail that cannot be used as given: ``problem`` says why (``too_long``, ``nhs_number``,
    ``date_of_birth``), for each reader to say in their own words."""

    def __init__(self, problem: str, detail: str = "") -> None:
        super().__init__(detail or problem)
        self.problem = problem
        self.detail = detail


def checked_detail(spec: DetailField, value: str, *, today: datetime.date) -> str:
    """A detail as the note writes it, checked the one way the pages and the command line both
    use: no longer than the field takes, tidied, and a date of birth or an NHS number that is
    real, written the usual way. Raises :class:`DetailError`; an empty result means not given.
    """
    if len(value) > spec.max_length:
        raise DetailError("too_long")
    tidied = tidy(value, multiline=spec.multiline)
    if not tidied:
        return ""
    if spec.kind == "nhs_number":
        if not nhs_number_is_valid(tidied):
            raise DetailError("nhs_number")
        return nhs_number_written(tidied) or ""
    if spec.kind == "date_of_birth":
        try:
            return written(parse_date(tidied, today=today))
        except DateError as error:
            raise DetailError("date_of_birth", str(error)) from None
    return tidied
