"""The FHIR resources we write, checked by tools that are not ours, as a receiving system might
check them: the FHIR R4 JSON Schema and Medplum's validator (see tests/fhir_checks.py).

Each checker is first shown to fail on resources broken on purpose, so that its silence on ours
means something.
"""

from __future__ import annotations

import copy
import datetime
import functools
import io
import json
import os
import re
import shutil
import subprocess
from collections.abc import Callable, Iterator, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given
from hypothesis import strategies as st
from pypdf import PdfReader

from cserq.case.details import CHILD_FIELDS, PRACTITIONER_FIELDS
from cserq.case.reading import read_details
from cserq.case.summary import AnswerNote, CaseSummary, Decision, PoliceCall
from cserq.cli import main
from cserq.note.document import render_note
from cserq.questionnaire.answers import answer_others, check_answers
from cserq.questionnaire.model import Answer, Questionnaire
from cserq.record.questionnaire import questionnaire_resource
from cserq.record.response import response_resource
from tests.conftest import SHIPPED
from tests.fhir_checks import (
    MEDPLUM_SCRIPT,
    NODE_MODULES,
    MedplumCheck,
    SchemaCheck,
    described,
    load_schema,
    medplum_node,
    models_accept,
    start_medplum,
)
from tests.hypo import fewer_settings, slow_settings
from tests.test_fhir import _with_show_if
from tests.test_plain import CONDITIONS
from tests.test_properties import CSERQ, answer_sets

AUTHORED = datetime.datetime(2026, 11, 23, 14, 30, tzinfo=datetime.UTC)
Json = dict[str, Any]


@pytest.fixture(scope="session")
def fhir_schema() -> SchemaCheck:
    """The schema, compiled once (it is 3.5 MB)."""
    return load_schema()


@pytest.fixture(scope="session")
def medplum() -> Iterator[MedplumCheck]:
    check = start_medplum()
    yield check
    check.close()


def schema_errors(schema: SchemaCheck, resources: Mapping[str, Json]) -> dict[str, list[str]]:
    return {name: errors for name, r in resources.items() if (errors := schema.errors(r))}


def medplum_issues(medplum: MedplumCheck, resources: Mapping[str, Json]) -> dict[str, list[str]]:
    """Every issue Medplum finds, warnings too (ours should give none)."""
    results = medplum.issues(list(resources.values()))
    return {
        name: [described(issue) for issue in issues]
        for name, issues in zip(resources, results, strict=True)
        if issues
    }


# --- What we write ---

WHOLE = {q.id: "no" for q in CSERQ.questions.values() if q.kind == "yes_no_unknown"}
CHILD = {
    "name": "Siân Ŵyn ap Rhys",
    "other_names": "Sî",
    "date_of_birth": "01/02/2012",
    "nhs_number": "943 476 5919",
    "address": "1 Stryd y Bont\nLlanfair-ym-Muallt",
    "school": "Ysgol y Dref, yn colli dyddiau",
    "first_language": "Cymraeg",
}
PRACTITIONER = {"name": "Nyrs Gwen Ellis", "role": "Nyrs ysgol", "contact": "01234 567890"}


def case(answers: Mapping[str, Answer], **details: Any) -> CaseSummary:
    return CaseSummary(CSERQ, {**WHOLE, **answers}, **details)


def attached_record(pdf: bytes) -> Json:
    (content,) = PdfReader(io.BytesIO(pdf)).attachments.values()
    record: Json = json.loads(content[0])
    return record


@functools.cache
def everything_we_write() -> dict[str, Json]:
    """The shipped Questionnaire, and responses for the cases a receiver meets (made once, on
    first use: one is taken out of a note's PDF)."""
    welsh = case(
        {"age": 14, "missing_overnight": "yes", "older_partner": "yes"},
        child=CHILD,
        practitioner=PRACTITIONER,
        notes={"missing_overnight": AnswerNote("Dywedodd iddi aros yn y Rhyl.", "child_said")},
        decision=Decision("report", "Mae'r arwyddion yn ddigon i adrodd heddiw."),
    )
    every_unknown = {q.id: "unknown" for q in CSERQ.questions.values() if q.is_sign}
    return {
        "questionnaire": questionnaire_resource(CSERQ),
        "welsh note": attached_record(
            render_note(welsh, language="cy", generated_at=AUTHORED, invariant=True)
        ),
        "danger": response_resource(
            case(
                {
                    "age": 15,
                    "immediate_danger": "yes",
                    "danger_details": "Mae hi mewn car gyda dyn 25 oed, ger yr orsaf.",
                    "exchange": "yes",
                },
                notes={"exchange": AnswerNote("Arian a diod", "others_said")},
                police=PoliceCall(True, "14:10", "SWP-2611-0042"),
            ),
            authored=AUTHORED,
        ),
        "adult": response_resource(case({"age": 19, "disclosure": "yes"}), authored=AUTHORED),
        "anonymised": response_resource(
            case({"age": 13, "sexual_activity": "yes"}, child=CHILD, anonymised=True),
            authored=AUTHORED,
        ),
        "many don't knows": response_resource(
            case({"age": 12, **every_unknown}, child={"name": "Alex"}), authored=AUTHORED
        ),
        "every sign yes": response_resource(
            case({"age": 16, **{q: "yes" for q in every_unknown}}), authored=AUTHORED
        ),
        "in progress": response_resource(CaseSummary(CSERQ, {"age": 15}), authored=AUTHORED),
    }


def test_the_cases_are_the_ones_named() -> None:
    everything = everything_we_write()
    levels = {
        name: [e for e in r.get("extension", []) if e["url"] == "urn:cserq:fhir:outcome"]
        for name, r in everything.items()
        if r["resourceType"] == "QuestionnaireResponse"
    }
    level = {name: ext[0]["extension"][0]["valueCode"] for name, ext in levels.items()}
    assert level["danger"] == "emergency"
    assert "contained" in everything["welsh note"]
    assert "contained" not in everything["anonymised"]
    assert everything["in progress"]["status"] == "in-progress"
    for resource in everything.values():
        models_accept(resource)


def test_everything_we_write_meets_the_fhir_r4_json_schema(fhir_schema: SchemaCheck) -> None:
    assert schema_errors(fhir_schema, everything_we_write()) == {}


def test_everything_we_write_passes_medplums_validator(medplum: MedplumCheck) -> None:
    assert medplum_issues(medplum, everything_we_write()) == {}
    assert medplum.network == []


# --- Each checker catches what it should ---


def _set(path: str, value: Any) -> Callable[[Json], None]:
    *parents, last = path.split(".")

    def change(resource: Json) -> None:
        target: Any = resource
        for key in parents:
            target = target[int(key)] if key.isdigit() else target[key]
        if value is _DELETE:
            del target[last]
        else:
            target[int(last) if last.isdigit() else last] = value

    return change


_DELETE = object()
RESPONSE = "welsh note"  # the record with the most in it
QUESTIONNAIRE = "questionnaire"

# (what is broken, the resource, the change, where the schema says so or None, where Medplum does)
BROKEN = [
    ("a field of the wrong type", RESPONSE, _set("authored", 20261123),
     "$.authored", "QuestionnaireResponse.authored"),
    ("an answer of the wrong type", RESPONSE, _set("item.1.item.0.answer.0.valueInteger", "14"),
     "$.item[1].item[0].answer[0].valueInteger", "QuestionnaireResponse.item[1].item[0].answer[0]"),
    ("a property FHIR does not have", RESPONSE, _set("item.0.answers", []),
     "$.item[0]", "QuestionnaireResponse.item[0].answers"),
    ("a status FHIR does not have", RESPONSE, _set("status", "done"),
     "$.status", None),
    ("a contained patient's birth date written the UK way", RESPONSE,
     _set("contained.0.birthDate", "01/02/2012"),
     "$.contained[0].birthDate", "QuestionnaireResponse.contained[0].birthDate"),
    ("the required status left out", RESPONSE, _set("status", _DELETE),
     None, "QuestionnaireResponse.status"),
    ("an extension with a value and parts (ext-1)", RESPONSE, _set("extension.0.valueCode", "x"),
     None, "QuestionnaireResponse.extension[0]"),
    ("a group with no items (que-1)", QUESTIONNAIRE, _set("item.0.item", []),
     None, "Questionnaire.item[0]"),
    ("an item with no linkId", QUESTIONNAIRE, _set("item.0.linkId", _DELETE),
     None, "Questionnaire.item[0].linkId"),
    ("an empty text", QUESTIONNAIRE, _set("title", ""),
     "$.title", "Questionnaire.title"),
    ("a no-break space in a text", RESPONSE,
     _set("extension.0.extension.1.valueString", "Make a report\u00a0now"),
     "$.extension[0].extension[1].valueString", None),
    ("a control character in a text", QUESTIONNAIRE, _set("title", "Holiadur\x08"),
     None, "Questionnaire.title"),
    ("a translation's language not a code", RESPONSE,
     _set("extension.0.extension.1._valueString.extension.0.extension.0.valueCode", "c  y"),
     "$.extension[0].extension[1]['_valueString'].extension[0].extension[0].valueCode",
     "QuestionnaireResponse.extension[0].extension[1].value[x].extension[0].extension[0]"),
]  # fmt: skip


def _broken(name: str, change: Callable[[Json], None]) -> Json:
    broken = copy.deepcopy(everything_we_write()[name])
    change(broken)
    return broken


def test_the_broken_resources_break_what_they_say() -> None:
    response = everything_we_write()[RESPONSE]
    answer = response["item"][1]["item"][0]["answer"][0]
    assert "valueInteger" in answer
    assert "birthDate" in response["contained"][0]
    title = response["extension"][0]["extension"][1]
    assert title["url"] == "title"
    (translation,) = title["_valueString"]["extension"]
    assert translation["extension"][0] == {"url": "lang", "valueCode": "cy"}


@pytest.mark.parametrize(
    ("resource", "change", "where"),
    [pytest.param(r, c, where, id=name) for name, r, c, where, _ in BROKEN if where],
)
def test_the_schema_finds_a_broken_resource(
    fhir_schema: SchemaCheck, resource: str, change: Callable[[Json], None], where: str
) -> None:
    assert fhir_schema.errors(everything_we_write()[resource]) == []
    errors = fhir_schema.errors(_broken(resource, change))
    assert any(error.startswith(where + ":") for error in errors), errors


def test_medplum_finds_every_broken_resource(medplum: MedplumCheck) -> None:
    broken = {name: _broken(r, change) for name, r, change, _, _ in BROKEN}
    found = medplum_issues(medplum, broken)
    for name, _, _, _, where in BROKEN:
        if where is not None:
            errors = [i for i in found.get(name, []) if i.startswith(f"error {where}")]
            assert errors, (name, found.get(name))


# --- No network ---

needs_strace = pytest.mark.skipif(
    shutil.which("strace") is None and not os.environ.get("CI"),
    reason="strace is not installed (scripts/test installs it as root)",
)


@needs_strace
def test_medplums_validator_opens_no_network_connection(tmp_path: Path) -> None:
    node = medplum_node()  # skips (or fails in CI) when Node.js or Medplum is missing
    trace = tmp_path / "trace.txt"
    done = subprocess.run(
        ["strace", "-f", "-qq", "-o", str(trace), "-e", "trace=network",
         node, str(MEDPLUM_SCRIPT), str(NODE_MODULES)],
        input=json.dumps(list(everything_we_write().values())) + "\n",
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["network"] == []
    # Node talks to itself over Unix sockets and pipes; nothing may reach an IP address.
    reached = [
        line
        for line in trace.read_text().splitlines()
        if re.search(r"\b(connect|sendto|sendmsg)\(.*AF_INET6?\b", line)
    ]
    assert reached == []


# --- Anything typed, through the same checks as the app's own input ---

typed = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs",)) | st.sampled_from(" \u00a0\u2028\n"),
    max_size=40,
)


@st.composite
def typed_inputs(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, Any]]:
    """An answers file (what `cserq decide` reads) with any text typed anywhere: its details
    and its answers."""
    raw: dict[str, Any] = {
        "child": {f.id: draw(typed) for f in CHILD_FIELDS if draw(st.booleans())},
        "practitioner": {f.id: draw(typed) for f in PRACTITIONER_FIELDS if draw(st.booleans())},
        "anonymised": draw(st.booleans()),
        "notes": {
            qid: {"text": draw(typed), "source": draw(st.sampled_from(["seen", "opinion"]))}
            for qid in draw(st.lists(st.sampled_from(["missing_overnight", "exchange", "age"])))
        },
        "decision": {"choice": draw(st.sampled_from(["report", "discuss"])), "reason": draw(typed)},
    }
    raw["child"].pop("date_of_birth", None)  # read as dates, and tested with them
    raw["child"].pop("nhs_number", None)
    answers = {
        "age": draw(st.integers(0, 25)),
        "immediate_danger": "yes",
        "danger_details": draw(typed),
        "missing_overnight": draw(st.sampled_from(["yes", "no", "unknown"])),
    }
    return raw, answers


def case_from_file(raw: Mapping[str, Any], raw_answers: Mapping[str, Any]) -> CaseSummary:
    """The case `cserq decide` makes of an answers file, the others answered "Don't know"."""
    details, _problems = read_details(raw, CSERQ)
    answers, _ = check_answers(CSERQ, raw_answers)
    answer_others(CSERQ, answers, "unknown")
    return CaseSummary(CSERQ, answers, **details)  # type: ignore[arg-type]


FEW = fewer_settings(suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.slow
@FEW
@given(typed_inputs())
def test_any_typed_text_gives_a_response_both_checkers_accept(
    fhir_schema: SchemaCheck, medplum: MedplumCheck, inputs: tuple[dict[str, Any], dict[str, Any]]
) -> None:
    resource = {"response": response_resource(case_from_file(*inputs), authored=AUTHORED)}
    assert schema_errors(fhir_schema, resource) == {}
    assert medplum_issues(medplum, resource) == {}


def _with_texts(q: Questionnaire, text: str) -> Questionnaire:
    return replace(
        q,
        title=text,
        sections=tuple(replace(s, title=text, intro=text) for s in q.sections),
    )


@pytest.mark.slow
@FEW
@given(answer_sets)
def test_any_set_of_answers_gives_a_response_both_checkers_accept(
    fhir_schema: SchemaCheck, medplum: MedplumCheck, raw_answers: dict[str, Answer]
) -> None:
    answers, problems = check_answers(CSERQ, raw_answers)  # as an answers file is read
    assert problems == []
    resource = {"response": response_resource(CaseSummary(CSERQ, answers), authored=AUTHORED)}
    assert schema_errors(fhir_schema, resource) == {}
    assert medplum_issues(medplum, resource) == {}


# A questionnaire's texts as the loader takes them: stripped, not empty.
pack_texts = st.text(min_size=1).map(str.strip).filter(bool)


@pytest.mark.slow
@slow_settings(suppress_health_check=[HealthCheck.too_slow])
@given(CONDITIONS, pack_texts)
def test_any_condition_and_title_give_a_questionnaire_both_checkers_accept(
    fhir_schema: SchemaCheck, medplum: MedplumCheck, condition: Any, text: str
) -> None:
    changed = _with_texts(_with_show_if(CSERQ, "danger_details", condition), text)
    resource = {"questionnaire": questionnaire_resource(changed)}
    assert schema_errors(fhir_schema, resource) == {}
    assert medplum_issues(medplum, resource) == {}


# --- The files the command line writes ---


def test_the_files_cserq_writes_pass_both_checkers(
    fhir_schema: SchemaCheck, medplum: MedplumCheck, tmp_path: Path
) -> None:
    runner = CliRunner()
    questionnaire = tmp_path / "questionnaire.json"
    result = runner.invoke(main, ["export", str(SHIPPED), "--fhir", "-o", str(questionnaire)])
    assert result.exit_code == 0, result.output
    answers = tmp_path / "answers.json"
    answers.write_text(
        json.dumps(
            {
                "age": 13,
                "sexual_activity": "yes",
                "danger_details": "Yn y parc\u00a0nawr",
                "immediate_danger": "yes",
            }
        ),
        encoding="utf-8",
    )
    record = tmp_path / "record.json"
    result = runner.invoke(
        main, ["decide", str(SHIPPED), "--answers", str(answers), "--others", "unknown",
               "--fhir", str(record)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    written = {
        path.name: json.loads(path.read_text(encoding="utf-8")) for path in (questionnaire, record)
    }
    assert schema_errors(fhir_schema, written) == {}
    assert medplum_issues(medplum, written) == {}
