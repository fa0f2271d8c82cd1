"""What a practitioner records about one case, besides the answers: details, notes, decision.

Plain, immutable data shared by the web pages, the PDF and the command line. Labels are marked
with ``N_`` for translation and translated where they are shown.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType

from cserq.base.dates import DateError, age_on, parse_date, written
from cserq.base.languages import N_
from cserq.base.text import named, tidy
from cserq.questionnaire.decision import Outcome, decide
from cserq.questionnaire.model import (
    AGE,
    IMMEDIATE_DANGER,
    Answer,
    Answers,
    Level,
    Question,
    Questionnaire,
)
from cserq.questionnaire.rules import referenced_questions


@dataclass(frozen=True)
class DetailField:
    id: str
    label: str
    identifying: bool
    """Left out entirely when the practitioner asks for an anonymised note."""
    max_length: int = 200
    in_note: str | None = None
    """The label in the note, where the form's label would mislead its reader."""

    @property
    def note_label(self) -> str:
        return self.in_note or self.label


# What a local authority's report form asks about the child (Wales Safeguarding Procedures).
CHILD_FIELDS = (
    DetailField("name", N_("Name"), identifying=True),
    DetailField("other_names", N_("Other names or nicknames"), identifying=True),
    DetailField("date_of_birth", N_("Date of birth"), identifying=True),
    DetailField("nhs_number", N_("NHS number"), identifying=True),
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
INFORMATION_SOURCES: Mapping[str, str] = MappingProxyType(
    {
        "seen": N_("I saw or heard it myself"),
        "child_said": N_("The child told me"),
        "others_said": N_("Someone else told me"),
        "opinion": N_("My professional opinion"),
    }
)

# The practitioner's own decision, and the outcome level each matches.
DECISIONS: Mapping[str, tuple[str, Level]] = MappingProxyType(
    {
        "emergency": (N_("I have phoned, or will phone, 999 now"), Level.EMERGENCY),
        "report": (N_("I will report to social services now"), Level.REPORT),
        "discuss": (N_("I will discuss with my safeguarding lead today"), Level.DISCUSS),
        "no_report": (N_("I will not make a report now"), Level.REVIEW),
    }
)

NOTE_MAX_LENGTH = 1000
REASON_MAX_LENGTH = 2000
POLICE_TIME_MAX_LENGTH = 40
POLICE_REFERENCE_MAX_LENGTH = 60


@dataclass(frozen=True)
class Note:
    """A practitioner's note on one answer, and where the information came from."""

    text: str
    source: str | None = None  # a key of INFORMATION_SOURCES


@dataclass(frozen=True)
class Decision:
    choice: str  # a key of DECISIONS
    reason: str = ""
    basis: tuple[str, ...] | None = None
    """The :attr:`Outcome.basis` the decision was made against; None when it was given with the
    answers themselves (``cserq decide --details``), so it answers whatever they give."""

    @property
    def level(self) -> Level:
        return DECISIONS[self.choice][1]


@dataclass(frozen=True)
class PoliceCall:
    """Whether the police were phoned on 999, when, and their reference: the first things a
    social worker asks about a note that says "Phone 999 now". Each is optional."""

    called: bool | None = None
    at: str = ""
    """The time of the call, as the practitioner wrote it."""
    reference: str = ""
    """The police reference (incident or log number)."""

    def __bool__(self) -> bool:
        return self.called is not None or bool(self.at or self.reference)


@dataclass(frozen=True)
class CaseSummary:
    """Everything the decision-support note says about one case."""

    questionnaire: Questionnaire
    answers: Answers
    child: Mapping[str, str] = field(default_factory=dict)
    practitioner: Mapping[str, str] = field(default_factory=dict)
    anonymised: bool = False
    notes: Mapping[str, Note] = field(default_factory=dict)
    decision: Decision | None = None
    police: PoliceCall = field(default_factory=PoliceCall)
    changed_at: datetime.datetime | None = None
    """When any of this last changed, if known (a case in the app knows; a file does not)."""
    decided: Outcome | None = field(default=None, repr=False, compare=False)
    """The outcome of these answers when the case has already decided it, to save deciding
    again; otherwise it is decided when first asked for."""

    @cached_property
    def outcome(self) -> Outcome:
        return self.decided or decide(self.questionnaire, self.answers)

    @property
    def standing_decision(self) -> Decision | None:
        """The recorded decision, if it was made against the outcome these answers give now."""
        decision = self.decision
        if decision is None or decision.basis not in (None, self.outcome.basis):
            return None
        return decision

    @property
    def outdated_decision(self) -> Decision | None:
        """A decision recorded against an earlier outcome: the answers changed since, so it
        must be made again and is never shown as the practitioner's decision."""
        decision = self.decision
        return decision if decision is not None and self.standing_decision is None else None

    @property
    def danger_details(self) -> tuple[tuple[Question, Answer], ...]:
        """Answers to the questions that follow up immediate danger (what it is, where the
        child is), which the note puts with "Phone 999 now"."""
        q = self.questionnaire
        return tuple(
            (question, self.outcome.answers[question.id])
            for question in q.questions.values()
            if question.show_if is not None
            and IMMEDIATE_DANGER in referenced_questions(q, question.show_if)
            and question.id in self.outcome.answers
        )

    def age_from_birth(self, today: datetime.date) -> int | None:
        """The age the date of birth gives on ``today``, if one was entered and can be read."""
        born = self.child.get("date_of_birth")
        if not born:
            return None
        try:
            return age_on(parse_date(born, today=today), today)
        except DateError:
            return None

    def age_disagrees(self, today: datetime.date) -> int | None:
        """The age from the date of birth, when it is not the age given; else None."""
        from_birth = self.age_from_birth(today)
        given = self.answers.get(AGE)
        return from_birth if from_birth is not None and from_birth != given else None

    def typed_texts(self) -> Iterator[tuple[str, Question | None, str]]:
        """Everything the practitioner typed that the note prints, with what names it: a label
        (empty for an answer, named by its question) and the question it belongs to, if any."""
        for spec, value in (*self.child_details, *self.practitioner_details):
            yield spec.note_label, None, value
        for question in self.questionnaire.questions.values():
            answer = self.outcome.answers.get(question.id)
            if question.kind == "text" and isinstance(answer, str):
                yield "", question, answer
        for question_id, note in self.notes.items():
            yield (
                N_("Note on \u201c%(question)s\u201d"),
                self.questionnaire.questions[question_id],
                note.text,
            )
        decision = self.standing_decision
        if decision is not None and decision.reason:
            yield N_("Reason for the decision"), None, decision.reason
        if self.outcome.level is Level.EMERGENCY:
            if self.police.at:
                yield N_("Time of the call"), None, self.police.at
            if self.police.reference:
                yield N_("Police reference"), None, self.police.reference

    @property
    def child_details(self) -> tuple[tuple[DetailField, str], ...]:
        """The child's details that were entered and may be shown, in form order."""
        return tuple(
            (f, self.child[f.id])
            for f in CHILD_FIELDS
            if self.child.get(f.id) and not (self.anonymised and f.identifying)
        )

    @property
    def identity(self) -> tuple[tuple[DetailField, str], ...]:
        """The child's name, date of birth and NHS number, those given and not anonymised: on
        every page of the note and beside its download, so that it goes with the right child."""
        return tuple((f, value) for f, value in self.child_details if f.id in IDENTITY_FIELDS)

    @property
    def child_details_not_given(self) -> tuple[DetailField, ...]:
        """Fields left empty (in an anonymised note, identifying fields are not listed)."""
        return tuple(
            f
            for f in CHILD_FIELDS
            if not self.child.get(f.id) and not (self.anonymised and f.identifying)
        )

    @property
    def practitioner_details(self) -> tuple[tuple[DetailField, str], ...]:
        return tuple(
            (f, self.practitioner[f.id]) for f in PRACTITIONER_FIELDS if self.practitioner.get(f.id)
        )


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


def read_details(
    raw: Mapping[str, object], questionnaire: Questionnaire
) -> tuple[dict[str, object], list[str]]:
    """The parts of a :class:`CaseSummary` besides the answers, from JSON-like data.

    Returns keyword arguments for ``CaseSummary`` and a plain message for each problem.
    Keys: ``child`` and ``practitioner`` (field id to text), ``anonymised`` (true/false),
    ``notes`` (question id to ``{"text", "source"}``), ``decision`` (``{"choice", "reason"}``)
    and ``police`` (``{"called": true/false, "at": time, "reference": text}``, all optional).
    """
    problems: list[str] = []
    found: dict[str, object] = {}
    for key in raw:
        if key not in ("child", "practitioner", "anonymised", "notes", "decision", "police"):
            problems.append(f"{named(key)}: unknown key")
    for key, fields in (("child", CHILD_FIELDS), ("practitioner", PRACTITIONER_FIELDS)):
        given = raw.get(key, {})
        if not isinstance(given, dict):
            problems.append(f"{key}: expected an object")
            continue
        known = {f.id: f for f in fields}
        values: dict[str, str] = {}
        for field_id, value in given.items():
            spec = known.get(field_id)
            if spec is None:
                problems.append(
                    f"{key}.{named(field_id)}: unknown field; fields: {', '.join(known)}"
                )
            elif not isinstance(value, str) or len(value) > spec.max_length:
                problems.append(
                    f"{key}.{field_id}: expected text of {spec.max_length} characters at most"
                )
            elif tidied := tidy(value, multiline=spec.max_length > 200):
                values[field_id] = tidied
        if key == "child" and "date_of_birth" in values:
            try:
                born = parse_date(values["date_of_birth"], today=datetime.date.today())
                values["date_of_birth"] = written(born)
            except DateError as error:
                problems.append(f"child.date_of_birth: not a date of birth ({error})")
        if key == "child" and "nhs_number" in values:
            if nhs_number_is_valid(values["nhs_number"]):
                values["nhs_number"] = nhs_number_written(values["nhs_number"]) or ""
            else:
                problems.append("child.nhs_number: not a valid NHS number (10 digits, check digit)")
        found[key] = MappingProxyType(values)
    anonymised = raw.get("anonymised", False)
    if not isinstance(anonymised, bool):
        problems.append("anonymised: expected true or false")
    found["anonymised"] = anonymised is True
    notes: dict[str, Note] = {}
    raw_notes = raw.get("notes", {})
    for question_id, note in raw_notes.items() if isinstance(raw_notes, dict) else []:
        text = note.get("text") if isinstance(note, dict) else None
        source = note.get("source") if isinstance(note, dict) else None
        if question_id not in questionnaire.questions:
            problems.append(f"notes.{named(question_id)}: no question has this id")
        elif not isinstance(text, str) or len(text) > NOTE_MAX_LENGTH:
            problems.append(
                f"notes.{question_id}.text: expected text of {NOTE_MAX_LENGTH} characters at most"
            )
        elif source is not None and (
            not isinstance(source, str) or source not in INFORMATION_SOURCES
        ):
            problems.append(
                f"notes.{question_id}.source: expected one of {', '.join(INFORMATION_SOURCES)}"
            )
        else:
            notes[str(question_id)] = Note(tidy(text, multiline=True), source)
    if not isinstance(raw_notes, dict):
        problems.append("notes: expected an object from question ids to notes")
    found["notes"] = MappingProxyType(notes)
    decision = raw.get("decision")
    if decision is not None:
        choice = decision.get("choice") if isinstance(decision, dict) else None
        reason = decision.get("reason", "") if isinstance(decision, dict) else ""
        if not isinstance(choice, str) or choice not in DECISIONS:
            problems.append(f"decision.choice: expected one of {', '.join(DECISIONS)}")
        elif not isinstance(reason, str) or len(reason) > REASON_MAX_LENGTH:
            problems.append(
                f"decision.reason: expected text of {REASON_MAX_LENGTH} characters at most"
            )
        else:
            found["decision"] = Decision(str(choice), tidy(reason, multiline=True))
    if "police" in raw:
        police = _read_police(raw["police"], problems)
        if police is not None:
            found["police"] = police
    return found, problems


def _read_police(raw: object, problems: list[str]) -> PoliceCall | None:
    if not isinstance(raw, dict):
        problems.append("police: expected an object with called, at and reference")
        return None
    found = len(problems)
    for key in raw:
        if key not in ("called", "at", "reference"):
            problems.append(f"police.{named(key)}: unknown key; keys: called, at, reference")
    called = raw.get("called")
    if called is not None and not isinstance(called, bool):
        problems.append("police.called: expected true or false")
    texts = {}
    for key, most in (("at", POLICE_TIME_MAX_LENGTH), ("reference", POLICE_REFERENCE_MAX_LENGTH)):
        value = raw.get(key, "")
        if not isinstance(value, str) or len(value) > most:
            problems.append(f"police.{key}: expected text of {most} characters at most")
        else:
            texts[key] = tidy(value, multiline=False)
    if len(problems) > found:
        return None
    return PoliceCall(called if isinstance(called, bool) else None, texts["at"], texts["reference"])
