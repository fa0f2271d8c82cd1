"""What a practitioner records about one case, besides the answers: details, notes, decision.

Plain, immutable data shared by the web pages, the PDF and the command line. Labels are marked
with ``N_`` for translation and translated where they are shown.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType

from cserq.base.dates import DateError, age_on, parse_date
from cserq.base.languages import N_
from cserq.case.details import CHILD_FIELDS, IDENTITY_FIELDS, PRACTITIONER_FIELDS, DetailField
from cserq.questionnaire.model import (
    AGE,
    IMMEDIATE_DANGER,
    Answer,
    Answers,
    Level,
    Question,
    Questionnaire,
)
from cserq.questionnaire.outcome import Outcome, decide
from cserq.questionnaire.rules import referenced_questions

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
class AnswerNote:
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
    notes: Mapping[str, AnswerNote] = field(default_factory=dict)
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
