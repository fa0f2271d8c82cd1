"""A case as a FHIR R4 ``QuestionnaireResponse`` for a clinical record, read back, and as bytes.

Nothing here writes a file: every function returns plain data or bytes."""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import json
from collections.abc import Iterator, Mapping
from typing import Any

from cserq.case.summary import CaseSummary
from cserq.questionnaire.model import (
    Answer,
    Level,
    Question,
    Questionnaire,
)
from cserq.questionnaire.rules import shown_questions
from cserq.record.codes import (
    CHILD_DETAIL,
    DECISION,
    NHS_NUMBER_SYSTEM,
    NOTE,
    OUTCOME,
    POLICE_CALL,
    Json,
    Texts,
    fhir_strings,
    questionnaire_url,
    section_link,
)
from cserq.record.questionnaire import coding


def response_resource(case: CaseSummary, *, authored: datetime.datetime) -> Json:
    """The case as a FHIR R4 ``QuestionnaireResponse``: every answer to a question that is
    shown, with the practitioner's notes, the outcome, their decision, and the child's details
    (none that identify the child when anonymised; a contained Patient only when some that do
    were entered)."""
    q = case.questionnaire
    texts = Texts(q)
    if authored.tzinfo is None:
        authored = authored.astimezone()
    shown = shown_questions(q, case.answers)
    answers = {qid: answer for qid, answer in case.answers.items() if qid in shown}
    whole = all(
        answers.get(qid) not in (None, "", ()) for qid in shown if q.questions[qid].required
    )
    resource: Json = {
        "resourceType": "QuestionnaireResponse",
        "questionnaire": f"{questionnaire_url(q)}|{q.version}",
        # The app makes a record only from a whole set of answers; a file given to
        # `cserq decide` may leave required questions out.
        "status": "completed" if whole else "in-progress",
        "authored": authored.isoformat(timespec="seconds"),
    }
    patient = _patient(case)
    if patient is not None:
        resource["contained"] = [patient]
        resource["subject"] = {"reference": "#child"}
    author = ", ".join(value for _field, value in case.practitioner_details)
    if author:
        resource["author"] = {"display": author}
    extensions = [_outcome(case, texts)]
    decision = case.standing_decision
    if decision is not None:
        parts = [{"url": "choice", "valueCode": decision.choice}]
        if decision.reason:
            parts.append({"url": "reason", "valueString": decision.reason})
        extensions.append({"url": DECISION, "extension": parts})
    police = case.police
    if police and case.outcome.level is Level.EMERGENCY:
        call: list[Json] = []
        if police.called is not None:
            call.append({"url": "called", "valueBoolean": police.called})
        if police.at:
            call.append({"url": "at", "valueString": police.at})
        if police.reference:
            call.append({"url": "reference", "valueString": police.reference})
        extensions.append({"url": POLICE_CALL, "extension": call})
    for field, value in case.child_details:
        extensions.append(
            {
                "url": CHILD_DETAIL,
                "extension": [
                    {"url": "field", "valueCode": field.id},
                    {"url": "text", "valueString": value},
                ],
            }
        )
    resource["extension"] = extensions
    groups = []
    for section in q.sections:
        items = [
            _answered_item(case, texts, question, answers[question.id])
            for question in section.questions
            if question.id in answers and answers[question.id] not in ("", ())
        ]
        if items:
            group: Json = {"linkId": section_link(section.id)}
            texts.put_each(group, "text", lambda words, s=section: words.section_title(s))
            group["item"] = items
            groups.append(group)
    if groups:
        resource["item"] = groups
    return fhir_strings(resource)


def _answered_item(case: CaseSummary, texts: Texts, question: Question, answer: Answer) -> Json:
    q = case.questionnaire
    item: Json = {"linkId": question.id}
    texts.put_each(item, "text", lambda words: words.question(question))
    item["answer"] = list(_values(q, texts, question, answer))
    note = case.notes.get(question.id)
    if note is not None and note.text:
        parts = [{"url": "text", "valueString": note.text}]
        if note.source:
            parts.append({"url": "source", "valueCode": note.source})
        item["extension"] = [{"url": NOTE, "extension": parts}]
    return item


def _values(q: Questionnaire, texts: Texts, question: Question, answer: Answer) -> Iterator[Json]:
    if isinstance(answer, tuple):
        for code in answer:
            yield {"valueCoding": coding(q, texts, question, code)}
    elif isinstance(answer, datetime.date):
        yield {"valueDate": answer.isoformat()}
    elif isinstance(answer, int):
        yield {"valueInteger": answer}
    elif question.kind in ("yes_no_unknown", "choice"):
        yield {"valueCoding": coding(q, texts, question, answer)}
    else:
        yield {"valueString": answer}


def _outcome(case: CaseSummary, texts: Texts) -> Json:
    outcome = case.outcome
    parts: list[Json] = [{"url": "level", "valueCode": outcome.level.code}]
    parts.append(_text_part(texts, "title", lambda words: words.headline(outcome)[0]))
    statement = _text_part(texts, "statement", lambda words: words.statement(outcome))
    if "valueString" in statement:
        parts.append(statement)
    for reason in outcome.reasons:
        reason_parts: list[Json] = [
            {"url": "rule", "valueCode": reason.rule.id},
            _text_part(texts, "text", lambda words, rule=reason.rule: words.rule_reason(rule)),
        ]
        reason_parts += [{"url": "answer", "valueString": qid} for qid, _answer in reason.answers]
        parts.append({"url": "reason", "extension": reason_parts})
    parts += [{"url": "prompt", "valueCode": prompt.id} for prompt in outcome.prompts]
    return {"url": OUTCOME, "extension": parts}


def _text_part(texts: Texts, url: str, text_in: Any) -> Json:
    """A part of an extension holding a text in English, its other languages on
    ``_valueString`` as the questions' texts carry theirs."""
    part: Json = {"url": url}
    texts.put_each(part, "valueString", text_in)
    return part


def _patient(case: CaseSummary) -> Json | None:
    """The child as a contained Patient, from the details that identify them, when any were
    entered and the note is not anonymised."""
    if case.anonymised:
        return None
    child = {field.id: value for field, value in case.child_details if field.identifying}
    wanted = ("name", "other_names", "date_of_birth", "nhs_number", "address")
    if not any(child.get(key) for key in wanted):
        return None
    patient: Json = {"resourceType": "Patient", "id": "child"}
    if child.get("nhs_number"):
        digits = "".join(ch for ch in child["nhs_number"] if ch.isdigit())
        patient["identifier"] = [{"system": NHS_NUMBER_SYSTEM, "value": digits}]
    names = [{"text": child["name"]}] if child.get("name") else []
    if child.get("other_names"):
        names.append({"use": "nickname", "text": child["other_names"]})
    if names:
        patient["name"] = names
    if child.get("date_of_birth"):
        # Kept as the app writes it (27/03/2026) once checked; the text is also a child detail.
        with contextlib.suppress(ValueError):
            born = datetime.datetime.strptime(child["date_of_birth"], "%d/%m/%Y").date()
            patient["birthDate"] = born.isoformat()
    if child.get("address"):
        patient["address"] = [{"text": child["address"]}]
    return patient


# --- Reading a response back, and bytes ---


def answers_from_response(q: Questionnaire, resource: Mapping[str, Any]) -> dict[str, Answer]:
    """The answers in a response to ``q``, as ``decide`` takes them."""
    found: dict[str, Answer] = {}

    def walk(items: list[Mapping[str, Any]]) -> None:
        for item in items:
            question = q.questions.get(item.get("linkId", ""))
            values = item.get("answer", [])
            if question is not None and values:
                found[question.id] = _answer(question, values)
            walk(item.get("item", []))

    walk(resource.get("item", []))
    return found


def _answer(question: Question, values: list[Mapping[str, Any]]) -> Answer:
    first = values[0]
    if question.kind == "multi":
        return tuple(value["valueCoding"]["code"] for value in values)
    if "valueCoding" in first:
        return str(first["valueCoding"]["code"])
    if "valueInteger" in first:
        return int(first["valueInteger"])
    if "valueDate" in first:
        return datetime.date.fromisoformat(first["valueDate"])
    return str(first["valueString"])


def as_json_bytes(resource: Json, *, indented: bool = True) -> bytes:
    """UTF-8 JSON; a lone surrogate (which no Unicode text may hold) becomes "?".

    Indented for a person to read (the ``Questionnaire`` an author exports), or else on one
    line, which Python's json writes several times faster (its C encoder never indents)."""
    if indented:
        text = json.dumps(resource, ensure_ascii=False, indent=2)
    else:
        text = json.dumps(resource, ensure_ascii=False, separators=(",", ":"))
    return (text + "\n").encode("utf-8", errors="replace")


def record_filename(generated_at: datetime.datetime, content: bytes) -> str:
    """Like the note's: the time, and a tag from the content (the first six hex digits of its
    SHA-256), never anything about the child. The same record always has the same name (the
    note's attachment and the download match); two children's records made in the same second
    have different names."""
    tag = hashlib.sha256(content).hexdigest()[:6]
    return f"cserq-record-{generated_at:%Y%m%d-%H%M%S}-{tag}.json"


def structured_record(case: CaseSummary, made_at: datetime.datetime) -> tuple[str, bytes]:
    """The case's record, as the note carries it and the app offers it: its file name and its
    bytes. It is authored when the case last changed (``made_at`` when that is not known), so
    the same case gives the same file whenever it is asked for. It is made with every note, and
    read by programs: on one line."""
    authored = case.changed_at or made_at
    content = as_json_bytes(response_resource(case, authored=authored), indented=False)
    return record_filename(authored, content), content
