"""The questionnaire and each case as FHIR R4 resources: valid against the FHIR models, true to
the questionnaire's own conditions, and carrying what the note says, no more."""

from __future__ import annotations

import datetime
import io
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

import fhirpathpy
import pytest
from click.testing import CliRunner
from fhir.resources.R4B.questionnaire import Questionnaire as FhirQuestionnaire
from fhirpathpy.models import models
from hypothesis import given
from hypothesis import strategies as st
from pypdf import PdfReader

from cserq.base.languages import translations
from cserq.case.details import CHILD_FIELDS
from cserq.case.summary import AnswerNote, CaseSummary, Decision, PoliceCall
from cserq.cli import main
from cserq.note.document import render_note
from cserq.questionnaire.model import Answer, Compare, Condition, Not, Questionnaire
from cserq.questionnaire.outcome import decide
from cserq.questionnaire.rules import evaluate, shown_questions
from cserq.record.codes import (
    ANSWER_SYSTEM,
    CHILD_DETAIL,
    DECISION,
    ENABLE_WHEN_EXPRESSION,
    NHS_NUMBER_SYSTEM,
    NOTE,
    OUTCOME,
    POLICE_CALL,
    TRANSLATION,
)
from cserq.record.questionnaire import enable_when, fhirpath, questionnaire_resource
from cserq.record.response import (
    answers_from_response,
    as_json_bytes,
    response_resource,
    structured_record,
)
from cserq.words.wording import Wording
from tests.conftest import SHIPPED
from tests.fhir_checks import models_accept
from tests.hypo import fewer_settings, many_settings
from tests.test_plain import CONDITIONS
from tests.test_properties import CSERQ, answer_sets

AUTHORED = datetime.datetime(2026, 11, 23, 14, 30, tzinfo=datetime.UTC)
QUESTIONNAIRE_STATUS = {"draft", "active", "retired", "unknown"}
RESPONSE_STATUS = {"in-progress", "completed", "amended", "entered-in-error", "stopped"}
OPERATORS = {"exists", "=", "!=", ">", "<", ">=", "<="}


def items(resource: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """Every item, however deep."""
    found = []
    for item in resource.get("item", []):
        found.append(item)
        found += items(item)
    return found


def extension(resource: Mapping[str, Any], url: str) -> list[Mapping[str, Any]]:
    return [e for e in resource.get("extension", []) if e["url"] == url]


def part(ext: Mapping[str, Any], url: str) -> list[Any]:
    values = []
    for e in ext["extension"]:
        if e["url"] == url:
            values.append(next(v for k, v in e.items() if k.startswith("value")))
    return values


# --- The Questionnaire ---


def test_the_shipped_questionnaire_is_a_valid_fhir_questionnaire() -> None:
    resource = questionnaire_resource(CSERQ)
    FhirQuestionnaire.model_validate(resource)
    assert resource["status"] in QUESTIONNAIRE_STATUS
    assert resource["version"] == CSERQ.version
    assert resource["identifier"][0]["value"] == CSERQ.content_hash
    assert resource["identifier"][1] == {
        "system": "urn:cserq:catalogue-sha256:cy",
        "value": CSERQ.catalogues["cy"].content_hash,
    }
    link_ids = [item["linkId"] for item in items(resource)]
    assert len(link_ids) == len(set(link_ids))
    by_link = {item["linkId"]: item for item in items(resource)}
    groups = [item for item in resource["item"]]
    assert [g["type"] for g in groups] == ["group"] * len(CSERQ.sections)
    for question in CSERQ.questions.values():
        item = by_link[question.id]
        assert item["text"] == question.text
        assert item.get("required", False) == question.required
        if question.kind in ("choice", "multi"):
            assert [o["valueCoding"]["code"] for o in item["answerOption"]] == [
                o.code for o in question.options
            ]
        if question.kind == "yes_no_unknown":
            codes = [o["valueCoding"] for o in item["answerOption"]]
            assert [(c["system"], c["code"]) for c in codes] == [
                (ANSWER_SYSTEM, "yes"),
                (ANSWER_SYSTEM, "no"),
                (ANSWER_SYSTEM, "unknown"),
            ]
        assert item.get("repeats", False) == (question.kind == "multi")
        for entry in item.get("enableWhen", []):
            assert entry["operator"] in OPERATORS
            assert entry["question"] in by_link
        assert item.get("enableBehavior", "all") in ("all", "any")


def test_the_welsh_is_carried_as_translations() -> None:
    resource = questionnaire_resource(CSERQ)
    welsh = Wording(CSERQ, translations("cy"), "cy")
    by_link = {item["linkId"]: item for item in items(resource)}
    for question in CSERQ.questions.values():
        translation = by_link[question.id]["_text"]["extension"][0]
        assert translation["url"] == TRANSLATION
        assert translation["extension"] == [
            {"url": "lang", "valueCode": "cy"},
            {"url": "content", "valueString": welsh.question(question)},
        ]
    yes = by_link["immediate_danger"]["answerOption"][0]["valueCoding"]
    assert yes["_display"]["extension"][0]["extension"][1]["valueString"] == "Ie"
    for question in CSERQ.questions.values():
        if question.category and question.weight:
            kind = by_link[question.id]["code"][0]
            category = CSERQ.category(question.category)
            assert kind["display"] == category.title
            assert translated(kind, "display") == {"cy": welsh.category(category)}


def test_the_danger_follow_up_is_asked_only_after_yes() -> None:
    by_link = {item["linkId"]: item for item in items(questionnaire_resource(CSERQ))}
    assert by_link["danger_details"]["enableWhen"] == [
        {
            "question": "immediate_danger",
            "operator": "=",
            "answerCoding": {"system": ANSWER_SYSTEM, "code": "yes"},
        }
    ]


# --- Conditions: enableWhen and FHIRPath mean what show_if means ---


def response_of(answers: Mapping[str, Answer]) -> dict[str, Any]:
    """A response holding these answers (inside one group, as a real one nests them)."""
    answered = []
    for qid, answer in answers.items():
        question = CSERQ.questions[qid]
        values: list[dict[str, Any]]
        if isinstance(answer, tuple):
            values = [{"valueCoding": {"code": code}} for code in answer]
        elif question.kind in ("yes_no_unknown", "choice"):
            values = [{"valueCoding": {"code": answer}}]
        elif isinstance(answer, datetime.date):
            values = [{"valueDate": answer.isoformat()}]
        elif isinstance(answer, int):
            values = [{"valueInteger": answer}]
        else:
            values = [{"valueString": answer}]
        if values:
            answered.append({"linkId": qid, "answer": values})
    return {
        "resourceType": "QuestionnaireResponse",
        "status": "completed",
        "item": [{"linkId": "section-all", "item": answered}],
    }


def holds_in_fhir(
    entries: list[dict[str, Any]], behaviour: str, answers: Mapping[str, Answer]
) -> bool:
    """FHIR R4's enableWhen, written from its definition: an entry holds when some answer to
    the question compares true ("exists" tests for an answer)."""

    def value_of(entry: dict[str, Any]) -> object:
        for key in ("answerCoding", "answerInteger", "answerString"):
            if key in entry:
                return entry[key]["code"] if key == "answerCoding" else entry[key]
        raise AssertionError(entry)

    def holds(entry: dict[str, Any]) -> bool:
        given = answers.get(entry["question"])
        values = list(given) if isinstance(given, tuple) else ([] if given is None else [given])
        if entry["operator"] == "exists":
            return bool(values) == entry["answerBoolean"]
        target = value_of(entry)
        compare = {
            "=": lambda a: a == target,
            "!=": lambda a: a != target,
            "<": lambda a: a < target,
            ">": lambda a: a > target,
            "<=": lambda a: a <= target,
            ">=": lambda a: a >= target,
        }[entry["operator"]]
        return any(compare(v) for v in values)

    results = [holds(entry) for entry in entries]
    return all(results) if behaviour == "all" else any(results)


@many_settings()
@given(CONDITIONS, answer_sets)
def test_enable_when_and_fhirpath_hold_exactly_when_the_condition_does(
    condition: Condition, answers: dict[str, Answer]
) -> None:
    ours = evaluate(CSERQ, condition, answers)[0]
    expression = fhirpath(CSERQ, condition)
    response = response_of(answers)
    result = fhirpathpy.evaluate(response, expression, {"resource": response}, models["r4"])
    assert result == [ours], expression
    simple = enable_when(CSERQ, condition)
    if simple is not None:
        assert holds_in_fhir(*simple, answers) == ours


def test_a_condition_enable_when_cannot_say_goes_in_an_sdc_expression() -> None:
    # "Not no" holds for yes, don't know and no answer; FHIR's "!=" would also hold unanswered.
    condition = Not(Compare("immediate_danger", "equals", "no"))
    assert enable_when(CSERQ, condition) is None
    assert enable_when(CSERQ, Compare("immediate_danger", "not_equals", "no")) is None
    resource = questionnaire_resource(_with_show_if(CSERQ, "danger_details", condition))
    item = next(i for i in items(resource) if i["linkId"] == "danger_details")
    assert "enableWhen" not in item
    (expression,) = extension(item, ENABLE_WHEN_EXPRESSION)
    assert expression["valueExpression"]["language"] == "text/fhirpath"
    assert expression["valueExpression"]["expression"] == fhirpath(CSERQ, condition)
    FhirQuestionnaire.model_validate(resource)


@pytest.mark.slow
@fewer_settings()
@given(CONDITIONS, st.text(min_size=1).filter(str.strip))
def test_any_condition_and_any_text_export_as_a_valid_questionnaire(
    condition: Condition, text: str
) -> None:
    changed = _with_show_if(CSERQ, "danger_details", condition)
    changed = replace(
        changed,
        title=text,
        sections=tuple(
            replace(section, title=text) if section.id == "safety" else section
            for section in changed.sections
        ),
    )
    resource = questionnaire_resource(changed)
    FhirQuestionnaire.model_validate(json.loads(as_json_bytes(resource)))
    item = next(i for i in items(resource) if i["linkId"] == "danger_details")
    assert ("enableWhen" in item) != bool(extension(item, ENABLE_WHEN_EXPRESSION))


def _with_show_if(q: Questionnaire, question_id: str, condition: Condition) -> Questionnaire:
    sections = tuple(
        replace(
            section,
            questions=tuple(
                replace(question, show_if=condition) if question.id == question_id else question
                for question in section.questions
            ),
        )
        for section in q.sections
    )
    return replace(q, sections=sections)


# --- A case ---

DETAILS = {
    "name": "Siân Ŵyn",
    "nhs_number": "943 476 5919",
    "date_of_birth": "01/02/2012",
    "school": "Ysgol y Dref",
    "first_language": "Cymraeg",
}


def case_of(answers: Mapping[str, Answer], **details: Any) -> CaseSummary:
    return CaseSummary(CSERQ, dict(answers), **details)


def checked(resource: dict[str, Any]) -> dict[str, Any]:
    """Valid against the FHIR model, and our own checks of what the model leaves open."""
    models_accept(resource)
    assert resource["status"] in RESPONSE_STATUS
    assert resource["questionnaire"] == f"urn:cserq:questionnaire:{CSERQ.id}|{CSERQ.version}"
    authored = datetime.datetime.fromisoformat(resource["authored"])
    assert authored.tzinfo is not None
    return resource


@given(answer_sets)
def test_the_response_read_back_gives_the_same_outcome_and_no_hidden_answer(
    answers: dict[str, Answer],
) -> None:
    case = case_of(answers)
    resource = checked(response_resource(case, authored=AUTHORED))
    read = answers_from_response(CSERQ, resource)
    again = decide(CSERQ, read)
    assert again.level is case.outcome.level
    assert [r.rule.id for r in again.reasons] == [r.rule.id for r in case.outcome.reasons]
    assert [p.id for p in again.prompts] == [p.id for p in case.outcome.prompts]
    shown = shown_questions(CSERQ, answers)
    linked = {item["linkId"] for item in items(resource) if "answer" in item}
    assert linked <= shown
    assert linked == {q for q, a in answers.items() if q in shown and a not in ("", ())}
    (outcome,) = extension(resource, OUTCOME)
    assert part(outcome, "level") == [case.outcome.level.code]
    assert part(outcome, "prompt") == [p.id for p in case.outcome.prompts]


def test_notes_their_sources_and_the_decision_are_in_the_response() -> None:
    answers = {"age": 15, "immediate_danger": "no", "missing_overnight": "yes", "injuries": "yes"}
    case = case_of(
        answers,
        notes={"missing_overnight": AnswerNote("Said she stayed in Rhyl", "child_said")},
        decision=Decision("report", "", basis=None),
    )
    resource = checked(response_resource(case, authored=AUTHORED))
    item = next(i for i in items(resource) if i["linkId"] == "missing_overnight")
    (note,) = extension(item, NOTE)
    assert part(note, "text") == ["Said she stayed in Rhyl"]
    assert part(note, "source") == ["child_said"]
    (decision,) = extension(resource, DECISION)
    assert part(decision, "choice") == ["report"]
    assert item["answer"][0]["valueCoding"]["code"] == "yes"


def test_the_police_call_is_in_the_response_as_in_the_note() -> None:
    police = PoliceCall(True, "14:10", "SWP-2611-0042")
    danger = case_of({"age": 15, "immediate_danger": "yes"}, police=police)
    resource = checked(response_resource(danger, authored=AUTHORED))
    (call,) = extension(resource, POLICE_CALL)
    assert part(call, "called") == [True]
    assert part(call, "at") == ["14:10"]
    assert part(call, "reference") == ["SWP-2611-0042"]
    # Without danger the note prints no call, and neither does the record.
    calm = case_of({"age": 15, "immediate_danger": "no"}, police=police)
    assert extension(response_resource(calm, authored=AUTHORED), POLICE_CALL) == []


def test_a_response_missing_a_required_answer_is_not_called_completed() -> None:
    partial = response_resource(case_of({"age": 15}), authored=AUTHORED)
    assert partial["status"] == "in-progress"
    whole = dict.fromkeys(
        (q.id for q in CSERQ.questions.values() if q.kind == "yes_no_unknown"), "no"
    )
    complete = response_resource(case_of({**whole, "age": 15}), authored=AUTHORED)
    assert complete["status"] == "completed"


FHIR_STRING = re.compile(r"^[ \r\n\t\S]+$")  # FHIR R4's string, as its JSON Schema says


def strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


def test_white_space_fhir_does_not_allow_becomes_a_plain_space() -> None:
    # A no-break space (typed with Option+Space, or pasted from a document), a narrow one,
    # an ideographic one: a note keeps them; in FHIR R4 no string may hold them.
    case = case_of(
        {"age": 14, "immediate_danger": "no", "missing_overnight": "yes"},
        child={"name": "Siân\u00a0Ŵyn", "school": "Ysgol\u202fy Dref"},
        notes={"missing_overnight": AnswerNote("Dwy\u3000noson", "seen")},
        decision=Decision("report", "Digon\u00a0i adrodd"),
    )
    resource = checked(response_resource(case, authored=AUTHORED))
    assert [s for s in strings(resource) if not FHIR_STRING.match(s)] == []
    assert resource["contained"][0]["name"] == [{"text": "Siân Ŵyn"}]
    item = next(i for i in items(resource) if i["linkId"] == "missing_overnight")
    assert part(extension(item, NOTE)[0], "text") == ["Dwy noson"]
    assert part(extension(resource, DECISION)[0], "reason") == ["Digon i adrodd"]


def test_a_control_character_in_a_questionnaire_text_is_marked_not_dropped() -> None:
    # The loader takes "\x08" as a text (it is not white space); FHIR strings may not hold it,
    # and an empty string is no FHIR string either.
    resource = questionnaire_resource(replace(CSERQ, title="\x08", introduction="Cyflwyniad\x01"))
    assert resource["title"] == "\ufffd"
    assert resource["description"] == "Cyflwyniad\ufffd"
    FhirQuestionnaire.model_validate(resource)


def test_a_decision_made_against_other_answers_is_left_out() -> None:
    case = case_of({"age": 15, "immediate_danger": "no"}, decision=Decision("report", basis=("x",)))
    assert extension(response_resource(case, authored=AUTHORED), DECISION) == []


def test_the_child_is_the_subject_only_when_identifying_details_were_entered() -> None:
    answers = {"age": 12, "immediate_danger": "no"}
    named = checked(response_resource(case_of(answers, child=DETAILS), authored=AUTHORED))
    (patient,) = named["contained"]
    assert named["subject"] == {"reference": "#child"}
    assert patient["identifier"] == [{"system": NHS_NUMBER_SYSTEM, "value": "9434765919"}]
    assert patient["name"] == [{"text": "Siân Ŵyn"}]
    assert patient["birthDate"] == "2012-02-01"
    nobody = checked(
        response_resource(case_of(answers, child={"first_language": "Cymraeg"}), authored=AUTHORED)
    )
    assert "subject" not in nobody
    assert "contained" not in nobody


def test_an_anonymised_case_gives_an_anonymised_response() -> None:
    case = case_of({"age": 12, "immediate_danger": "no"}, child=DETAILS, anonymised=True)
    resource = checked(response_resource(case, authored=AUTHORED))
    assert "subject" not in resource
    assert "contained" not in resource
    identifying = {f.id for f in CHILD_FIELDS if f.identifying}
    fields = {part(e, "field")[0] for e in extension(resource, CHILD_DETAIL)}
    assert fields == {"first_language"}
    assert not fields & identifying
    text = json.dumps(resource, ensure_ascii=False)
    for value in ("Siân", "9434765919", "943 476 5919", "Ysgol y Dref", "2012"):
        assert value not in text


def translated(element: Mapping[str, Any], key: str) -> dict[str, str]:
    """The translations FHIR carries for ``element[key]``, by language."""
    found = {}
    for ext in element.get("_" + key, {}).get("extension", []):
        assert ext["url"] == TRANSLATION
        found[part(ext, "lang")[0]] = part(ext, "content")[0]
    return found


def texts_part(ext: Mapping[str, Any], url: str) -> list[Mapping[str, Any]]:
    return [e for e in ext["extension"] if e["url"] == url]


def attached_record(pdf: bytes) -> dict[str, Any]:
    (content,) = PdfReader(io.BytesIO(pdf)).attachments.values()
    return json.loads(content[0])


@pytest.mark.parametrize(
    "answers",
    [
        {"age": 13, "immediate_danger": "no", "sexual_activity": "yes", "missing_overnight": "yes"},
        {"age": 15, "immediate_danger": "yes", "exchange": "yes"},
        {"age": 14, "immediate_danger": "unknown", "missing_overnight": "unknown"},
        {"age": 19, "immediate_danger": "no", "disclosure": "yes"},
    ],
    ids=["report", "danger", "dont-know", "adult"],
)
def test_the_record_in_a_welsh_note_gives_the_outcome_and_reasons_in_welsh(
    answers: dict[str, Answer],
) -> None:
    case = case_of(answers)
    pdf = render_note(case, language="cy", generated_at=AUTHORED, invariant=True)
    record = checked(attached_record(pdf))
    welsh = Wording(CSERQ, translations("cy"), "cy")
    english = Wording(CSERQ, translations("en"), "en")
    (outcome,) = extension(record, OUTCOME)
    (title,) = texts_part(outcome, "title")
    assert title["valueString"] == english.headline(case.outcome)[0]
    assert translated(title, "valueString") == {"cy": welsh.headline(case.outcome)[0]}
    note_text = " ".join(
        " ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages
    )
    assert welsh.headline(case.outcome)[0] in note_text
    for statement in texts_part(outcome, "statement"):
        assert translated(statement, "valueString") == {"cy": welsh.statement(case.outcome)}
    reasons = texts_part(outcome, "reason")
    assert len(reasons) == len(case.outcome.reasons)
    for reason, found in zip(reasons, case.outcome.reasons, strict=True):
        (text,) = texts_part(reason, "text")
        assert text["valueString"] == english.rule_reason(found.rule)
        assert translated(text, "valueString") == {"cy": welsh.rule_reason(found.rule)}
    # The same record whatever the note's language, as for the questions' texts.
    english_note = render_note(case, language="en", generated_at=AUTHORED, invariant=True)
    assert attached_record(english_note) == record


def test_a_questionnaire_without_welsh_gives_its_outcome_without_translations() -> None:
    english_only = replace(CSERQ, catalogues={})
    case = CaseSummary(english_only, {"age": 13, "sexual_activity": "yes"})
    (outcome,) = extension(response_resource(case, authored=AUTHORED), OUTCOME)
    assert "_valueString" not in texts_part(outcome, "title")[0]
    for reason in texts_part(outcome, "reason"):
        assert "_valueString" not in texts_part(reason, "text")[0]


# --- The command line ---


def test_export_writes_the_questionnaire_and_decide_writes_the_response(tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "q.json"
    result = runner.invoke(main, ["export", str(SHIPPED), "--fhir", "-o", str(out)])
    assert result.exit_code == 0, result.output
    FhirQuestionnaire.model_validate(json.loads(out.read_text(encoding="utf-8")))
    assert runner.invoke(main, ["export", str(SHIPPED)]).exit_code == 2
    answers = tmp_path / "answers.json"
    answers.write_text('{"age": 13, "sexual_activity": "yes"}', encoding="utf-8")
    record = tmp_path / "r.json"
    result = runner.invoke(
        main, ["decide", str(SHIPPED), "--answers", str(answers), "--others", "no",
               "--fhir", str(record)]
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    resource = checked(json.loads(record.read_text(encoding="utf-8")))
    printed = json.loads(result.stdout)
    (outcome,) = extension(resource, OUTCOME)
    assert part(outcome, "level") == [printed["level"]]


@pytest.mark.parametrize("where", ["no such folder/r.json"])
def test_a_record_that_cannot_be_written_is_one_line(tmp_path: Path, where: str) -> None:
    answers = tmp_path / "answers.json"
    answers.write_text('{"age": 13}', encoding="utf-8")
    result = CliRunner().invoke(
        main, ["decide", str(SHIPPED), "--answers", str(answers), "--fhir", str(tmp_path / where)]
    )
    assert result.exit_code == 1
    assert "cannot write the structured record" in result.stdout
    assert "Traceback" not in result.output


def test_two_childrens_records_made_in_the_same_second_get_different_names() -> None:
    made = datetime.datetime(2026, 11, 22, 14, 30, 15)
    megan = case_of({"age": 15}, child={"name": "Megan Jones"}, changed_at=made)
    alex = case_of({"age": 15}, child={"name": "Alex Smith"}, changed_at=made)
    megan_name, _ = structured_record(megan, made)
    alex_name, _ = structured_record(alex, made)
    assert megan_name != alex_name
    assert megan_name.startswith("cserq-record-20261122-143015-")
    assert "Megan" not in megan_name
    assert structured_record(megan, made)[0] == megan_name  # the same record, the same name


def test_the_record_is_json_on_one_line_that_keeps_every_letter() -> None:
    """Made with every note and read by programs: one line, Welsh letters as they are, and a
    lone surrogate (which no UTF-8 file may hold) as "?"."""
    made = datetime.datetime(2026, 11, 22, 14, 30, 15)
    case = case_of({"age": 15}, child={"name": "Siân \ud800Ŵyn"}, changed_at=made)
    _name, content = structured_record(case, made)
    assert content.endswith(b"}\n")
    assert content.count(b"\n") == 1
    assert "Siân ?Ŵyn" in content.decode("utf-8")
    checked(json.loads(content))
