"""A case's details, notes, decision and police call from a JSON file (``cserq decide --details``),
with a plain message for each problem."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from types import MappingProxyType

from cserq.base.text import named, tidy
from cserq.case.details import (
    CHILD_FIELDS,
    PRACTITIONER_FIELDS,
    DetailError,
    DetailField,
    checked_detail,
)
from cserq.case.summary import (
    DECISIONS,
    INFORMATION_SOURCES,
    NOTE_MAX_LENGTH,
    POLICE_REFERENCE_MAX_LENGTH,
    POLICE_TIME_MAX_LENGTH,
    REASON_MAX_LENGTH,
    AnswerNote,
    Decision,
    PoliceCall,
)
from cserq.questionnaire.model import (
    Questionnaire,
)


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
        today = datetime.date.today()
        for field_id, value in given.items():
            spec = known.get(field_id)
            if spec is None:
                problems.append(
                    f"{key}.{named(field_id)}: unknown field; fields: {', '.join(known)}"
                )
                continue
            if not isinstance(value, str):
                problems.append(f"{key}.{field_id}: {_said(DetailError('too_long'), spec)}")
                continue
            try:
                checked = checked_detail(spec, value, today=today)
            except DetailError as error:
                problems.append(f"{key}.{field_id}: {_said(error, spec)}")
                continue
            if checked:
                values[field_id] = checked
        found[key] = MappingProxyType(values)
    anonymised = raw.get("anonymised", False)
    if not isinstance(anonymised, bool):
        problems.append("anonymised: expected true or false")
    found["anonymised"] = anonymised is True
    notes: dict[str, AnswerNote] = {}
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
            notes[str(question_id)] = AnswerNote(tidy(text, multiline=True), source)
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


def _said(error: DetailError, spec: DetailField) -> str:
    """What is wrong with a detail in a file, as a line of ``cserq decide`` says it."""
    if error.problem == "nhs_number":
        return "not a valid NHS number (10 digits, check digit)"
    if error.problem == "date_of_birth":
        return f"not a date of birth ({error.detail})"
    return f"expected text of {spec.max_length} characters at most"


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
