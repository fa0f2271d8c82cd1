"""The questionnaire and each case as HL7 FHIR R4 resources (JSON): a ``Questionnaire`` that
structured data capture tools can render, and a ``QuestionnaireResponse`` for a clinical record.

Codes are in code systems of this app, named by URNs (nothing here is fetched):

- ``urn:cserq:answer``: ``yes``, ``no``, ``unknown`` (the answers to yes/no/don't know);
- ``urn:cserq:questionnaire:<id>:<question>``: the options of one choice or multi question;
- ``urn:cserq:questionnaire:<id>:category`` and ``urn:cserq:weight``: what kind of sign a
  question is.

What FHIR has no element for is carried in extensions of this app (:data:`OUTCOME`,
:data:`DECISION`, :data:`NOTE`, :data:`CHILD_DETAIL`), described in the README. Extensions rather
than contained resources: the outcome is decision support, not a finding or a risk assessment,
and no FHIR resource says that without implying more than the app does.

Nothing here writes a file: every function returns plain data or bytes.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import json
import re
from collections.abc import Iterator, Mapping
from typing import Any

from cserq.base.languages import DEFAULT_LANGUAGE, LANGUAGES, translations
from cserq.case.summary import CaseSummary
from cserq.questionnaire.answers import YES_NO_UNKNOWN
from cserq.questionnaire.model import (
    All,
    Answer,
    Compare,
    Condition,
    Count,
    Level,
    Not,
    Question,
    Questionnaire,
)
from cserq.questionnaire.model import (
    Any as AnyOf,
)
from cserq.questionnaire.rules import shown_questions
from cserq.words.wording import Wording

Json = dict[str, Any]

ANSWER_SYSTEM = "urn:cserq:answer"
WEIGHT_SYSTEM = "urn:cserq:weight"
CONTENT_HASH_SYSTEM = "urn:cserq:content-sha256"
NHS_NUMBER_SYSTEM = "https://fhir.nhs.uk/Id/nhs-number"

TRANSLATION = "http://hl7.org/fhir/StructureDefinition/translation"
MIN_VALUE = "http://hl7.org/fhir/StructureDefinition/minValue"
MAX_VALUE = "http://hl7.org/fhir/StructureDefinition/maxValue"
ITEM_CONTROL = "http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl"
ITEM_CONTROL_SYSTEM = "http://hl7.org/fhir/questionnaire-item-control"
ENABLE_WHEN_EXPRESSION = (
    "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-enableWhenExpression"
)

OUTCOME = "urn:cserq:fhir:outcome"
"""On a response: ``level`` (code), ``title`` and ``statement`` (string), and for each rule that
set the level a ``reason`` (``rule`` code, ``text`` string, ``answer`` the linkId of each answer
behind it), and a ``prompt`` (code) for each prompt shown. Each string part carries its other
languages as the translation extension on ``_valueString``."""
DECISION = "urn:cserq:fhir:decision"
"""On a response: the practitioner's own decision, ``choice`` (code) and ``reason`` (string);
only a decision made against the outcome the answers give."""
POLICE_CALL = "urn:cserq:fhir:police-call"
"""On a response whose outcome is "Phone 999 now": what was recorded of the call to the police,
``called`` (boolean), ``at`` (string, the time as written) and ``reference`` (string), each
only when given (the note prints the same in its 999 box)."""
NOTE = "urn:cserq:fhir:note"
"""On an answered item: the practitioner's note, ``text`` (string) and ``source`` (code: seen,
child_said, others_said, opinion)."""
CHILD_DETAIL = "urn:cserq:fhir:child-detail"
"""On a response, once per detail entered (none that identify the child when anonymised):
``field`` (code) and ``text`` (string)."""

COMPARISON_OPERATORS = {
    "equals": "=",
    "not_equals": "!=",
    "includes": "=",
    "less_than": "<",
    "at_most": "<=",
    "greater_than": ">",
    "at_least": ">=",
}


def questionnaire_url(q: Questionnaire) -> str:
    return f"urn:cserq:questionnaire:{q.id}"


def option_system(q: Questionnaire, question: Question) -> str:
    if question.kind == "yes_no_unknown":
        return ANSWER_SYSTEM
    return f"{questionnaire_url(q)}:{question.id}"


def _fhir_id(text: str) -> str:
    """A FHIR id (letters, digits, - and .) for one of ours (which may hold _)."""
    return text.replace("_", "-")[:64]


def _section_link(section_id: str) -> str:
    return f"section-{section_id}"  # our ids never hold "-", so never a question's linkId


class _Texts:
    """Each text in English, with its other languages as the FHIR translation extension."""

    def __init__(self, q: Questionnaire) -> None:
        self.english = Wording(q, translations(DEFAULT_LANGUAGE), DEFAULT_LANGUAGE)
        self.others = [
            Wording(q, translations(code), code)
            for code in LANGUAGES
            if code != DEFAULT_LANGUAGE and code in q.catalogues
        ]

    def put(self, target: Json, key: str, say: str) -> None:
        """``target[key]`` in English and ``target["_" + key]`` its translations; ``say`` names
        a method of :class:`~cserq.words.wording.Wording` taking no more arguments."""
        self.put_each(target, key, lambda words: getattr(words, say)())

    def put_each(self, target: Json, key: str, text_in: Any) -> None:
        english = text_in(self.english)
        if not english:
            return
        target[key] = english
        translated = [
            {
                "url": TRANSLATION,
                "extension": [
                    {"url": "lang", "valueCode": words.language},
                    {"url": "content", "valueString": text},
                ],
            }
            for words in self.others
            if (text := text_in(words)) and text != english
        ]
        if translated:
            target["_" + key] = {"extension": translated}


# FHIR R4's string is "[ \r\n\t\S]+": white space other than these (a no-break space typed
# or pasted, an ideographic space, a byte order mark, which JavaScript counts as white space)
# may not be in one, and the JSON Schema rejects the resource. Nor may controls below U+0020
# other than these.
_NOT_IN_FHIR_STRINGS = re.compile(r"[^\S \r\n\t]|\ufeff|[\x00-\x08\x0e-\x1f]")


def fhir_strings(resource: Json) -> Json:
    """``resource`` with each string in it made a valid FHIR string: white space FHIR does not
    allow becomes a plain space, and a control character the replacement character (U+FFFD),
    as :func:`as_json_bytes` does for a lone surrogate: it marks where something could not be
    carried, and a text is never left empty. (What the practitioner types has no controls
    left, see :func:`cserq.base.text.tidy`; a questionnaire's texts may.)"""
    cleaned: Json = _fhir_strings(resource)
    return cleaned


def _fhir_strings(value: Any) -> Any:
    if isinstance(value, str):
        return _NOT_IN_FHIR_STRINGS.sub(_fhir_character, value)
    if isinstance(value, dict):
        return {key: _fhir_strings(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_fhir_strings(item) for item in value]
    return value


def _fhir_character(match: re.Match[str]) -> str:
    char = match.group(0)
    return " " if char.isspace() or char == "\ufeff" else "\ufffd"


# --- The questionnaire ---


def questionnaire_resource(q: Questionnaire) -> Json:
    """The questionnaire as a FHIR R4 ``Questionnaire``: sections as groups, questions with our
    ids as linkIds, options as codings, ``show_if`` as enableWhen (or an SDC expression)."""
    texts = _Texts(q)
    resource: Json = {
        "resourceType": "Questionnaire",
        "id": _fhir_id(q.id),
        "url": questionnaire_url(q),
        "identifier": [
            {"system": CONTENT_HASH_SYSTEM, "value": q.content_hash},
            *[
                {"system": f"urn:cserq:catalogue-sha256:{code}", "value": catalogue.content_hash}
                for code, catalogue in sorted(q.catalogues.items())
            ],
        ],
        "version": q.version,
        "name": "".join(part.capitalize() for part in q.id.split("_")),
        "status": "active",
        "subjectType": ["Patient"],
    }
    texts.put(resource, "title", "title")
    texts.put(resource, "description", "introduction")
    resource["item"] = [_section(q, texts, section) for section in q.sections]
    return fhir_strings(resource)


def _section(q: Questionnaire, texts: _Texts, section: Any) -> Json:
    group: Json = {"linkId": _section_link(section.id), "type": "group"}
    texts.put_each(group, "text", lambda words: words.section_title(section))
    items: list[Json] = []
    if section.intro:
        intro: Json = {"linkId": f"{_section_link(section.id)}-intro", "type": "display"}
        texts.put_each(intro, "text", lambda words: words.section_intro(section))
        items.append(intro)
    items += [_question(q, texts, question) for question in section.questions]
    group["item"] = items
    return group


ITEM_TYPES = {
    "yes_no_unknown": "choice",
    "choice": "choice",
    "multi": "choice",
    "number": "integer",
    "text": "text",
    "date": "date",
}


def _question(q: Questionnaire, texts: _Texts, question: Question) -> Json:
    item: Json = {"linkId": question.id}
    texts.put_each(item, "text", lambda words: words.question(question))
    item["type"] = ITEM_TYPES[question.kind]
    if question.required:
        item["required"] = True
    if question.kind == "multi":
        item["repeats"] = True
    if question.max_length:
        item["maxLength"] = question.max_length
    extensions = [
        {"url": url, "valueInteger": value}
        for url, value in ((MIN_VALUE, question.minimum), (MAX_VALUE, question.maximum))
        if value is not None
    ]
    if question.category and question.weight:
        category = q.category(question.category)
        kind: Json = {"system": f"{questionnaire_url(q)}:category", "code": category.id}
        texts.put_each(kind, "display", lambda words: words.category(category))
        item["code"] = [kind, {"system": WEIGHT_SYSTEM, "code": question.weight}]
    codes = (
        YES_NO_UNKNOWN if question.kind == "yes_no_unknown" else [o.code for o in question.options]
    )
    if codes:
        item["answerOption"] = [
            {"valueCoding": _coding(q, texts, question, code)} for code in codes
        ]
    if question.show_if is not None:
        enable = enable_when(q, question.show_if)
        if enable is not None:
            item["enableWhen"], item["enableBehavior"] = enable
        else:
            extensions.append(
                {
                    "url": ENABLE_WHEN_EXPRESSION,
                    "valueExpression": {
                        "language": "text/fhirpath",
                        "expression": fhirpath(q, question.show_if),
                    },
                }
            )
    if extensions:
        item["extension"] = extensions
    if question.hint:
        hint: Json = {
            "linkId": f"{question.id}-hint",
            "type": "display",
            "extension": [
                {
                    "url": ITEM_CONTROL,
                    "valueCodeableConcept": {
                        "coding": [{"system": ITEM_CONTROL_SYSTEM, "code": "help"}]
                    },
                }
            ],
        }
        texts.put_each(hint, "text", lambda words: words.hint(question))
        item["item"] = [hint]
    return item


def _coding(q: Questionnaire, texts: _Texts, question: Question, code: str) -> Json:
    coding: Json = {"system": option_system(q, question), "code": code}
    texts.put_each(coding, "display", lambda words: words.option(question, code))
    return coding


# --- Conditions ---


def enable_when(q: Questionnaire, condition: Condition) -> tuple[list[Json], str] | None:
    """``condition`` as FHIR enableWhen entries and their enableBehavior, when it is one
    comparison, or all (or any) of comparisons FHIR can say the way this app means them;
    otherwise None."""
    if isinstance(condition, Compare):
        parts = _enable_when_parts(q, condition)
        if parts is None:
            return None
        return parts, "any" if condition.op == "one_of" else "all"
    if isinstance(condition, All | AnyOf):
        behaviour = "all" if isinstance(condition, All) else "any"
        entries: list[Json] = []
        for part in condition.conditions:
            if not isinstance(part, Compare):
                return None
            found = _enable_when_parts(q, part)
            # A one_of is several entries, any of which will do: only "any" can hold it.
            if found is None or (behaviour == "all" and len(found) > 1):
                return None
            entries += found
        return entries, behaviour
    return None


def _enable_when_parts(q: Questionnaire, compare: Compare) -> list[Json] | None:
    question = q.questions[compare.question]
    if compare.op == "one_of":
        values = compare.value if isinstance(compare.value, tuple) else (compare.value,)
        return [_enable_entry(q, question, "=", v) for v in values]
    if compare.op == "not_equals":
        # In FHIR "!=" holds when there is no answer; here a question with no answer never
        # meets a comparison, so it must also have been answered.
        return None
    return [_enable_entry(q, question, COMPARISON_OPERATORS[compare.op], compare.value)]


def _enable_entry(q: Questionnaire, question: Question, operator: str, value: object) -> Json:
    entry: Json = {"question": question.id, "operator": operator}
    if question.kind in ("yes_no_unknown", "choice", "multi"):
        entry["answerCoding"] = {"system": option_system(q, question), "code": value}
    elif question.kind == "number":
        entry["answerInteger"] = value
    else:
        entry["answerString"] = value
    return entry


def fhirpath(q: Questionnaire, condition: Condition) -> str:
    """``condition`` as a FHIRPath expression on the response (``%resource``) that is true
    exactly when the condition holds on the answers in it."""
    match condition:
        case Compare(question_id, op, value):
            question = q.questions[question_id]
            answers = f"%resource.repeat(item).where(linkId = '{question_id}').answer.value"
            coded = question.kind in ("yes_no_unknown", "choice", "multi")
            if op == "one_of":
                values = value if isinstance(value, tuple) else (value,)
                listed = " | ".join(_literal(v) for v in values)
                test = f"code in ({listed})" if coded else f"$this in ({listed})"
                return f"{answers}.where({test}).exists()"
            if op == "not_equals":
                test = f"code = {_literal(value)}" if coded else f"$this = {_literal(value)}"
                return f"({answers}.exists() and {answers}.where({test}).empty())"
            operator = COMPARISON_OPERATORS[op]
            test = f"code = {_literal(value)}" if coded else f"$this {operator} {_literal(value)}"
            return f"{answers}.where({test}).exists()"
        case Count(among, equals, at_least):
            ids = " | ".join(_literal(question.id) for question in q.select(among))
            counted = f"%resource.repeat(item).where(linkId in ({ids})).answer.value"
            return f"({counted}.where(code = {_literal(equals)}).count() >= {at_least})"
        case All(conditions):
            return "(" + " and ".join(fhirpath(q, c) for c in conditions) + ")"
        case AnyOf(conditions):
            return "(" + " or ".join(fhirpath(q, c) for c in conditions) + ")"
        case Not(inner):
            return f"({fhirpath(q, inner)}).not()"
    raise TypeError(f"not a condition: {condition!r}")


def _literal(value: object) -> str:
    if isinstance(value, int):
        return str(value)
    text = str(value).replace("\\", "\\\\").replace("'", "\\'")
    return f"'{text}'"


# --- A case ---


def response_resource(case: CaseSummary, *, authored: datetime.datetime) -> Json:
    """The case as a FHIR R4 ``QuestionnaireResponse``: every answer to a question that is
    shown, with the practitioner's notes, the outcome, their decision, and the child's details
    (none that identify the child when anonymised; a contained Patient only when some that do
    were entered)."""
    q = case.questionnaire
    texts = _Texts(q)
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
            group: Json = {"linkId": _section_link(section.id)}
            texts.put_each(group, "text", lambda words, s=section: words.section_title(s))
            group["item"] = items
            groups.append(group)
    if groups:
        resource["item"] = groups
    return fhir_strings(resource)


def _answered_item(case: CaseSummary, texts: _Texts, question: Question, answer: Answer) -> Json:
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


def _values(q: Questionnaire, texts: _Texts, question: Question, answer: Answer) -> Iterator[Json]:
    if isinstance(answer, tuple):
        for code in answer:
            yield {"valueCoding": _coding(q, texts, question, code)}
    elif isinstance(answer, datetime.date):
        yield {"valueDate": answer.isoformat()}
    elif isinstance(answer, int):
        yield {"valueInteger": answer}
    elif question.kind in ("yes_no_unknown", "choice"):
        yield {"valueCoding": _coding(q, texts, question, answer)}
    else:
        yield {"valueString": answer}


def _outcome(case: CaseSummary, texts: _Texts) -> Json:
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


def _text_part(texts: _Texts, url: str, text_in: Any) -> Json:
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


def as_json_bytes(resource: Json) -> bytes:
    """UTF-8 JSON; a lone surrogate (which no Unicode text may hold) becomes "?"."""
    text = json.dumps(resource, ensure_ascii=False, indent=2) + "\n"
    return text.encode("utf-8", errors="replace")


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
    the same case gives the same file whenever it is asked for."""
    authored = case.changed_at or made_at
    content = as_json_bytes(response_resource(case, authored=authored))
    return record_filename(authored, content), content
