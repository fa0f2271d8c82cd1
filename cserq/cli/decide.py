"""``cserq decide``: the outcome a questionnaire's rules give for a file of answers, as JSON, and
optionally the note and the structured record made from them."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import click

from cserq.base.languages import DEFAULT_LANGUAGE, NOTE_LANGUAGES, translations
from cserq.base.paths import shown_path
from cserq.case.reading import read_details
from cserq.case.summary import CaseSummary
from cserq.cli.common import (
    check_writable,
    configured_contacts,
    fail,
    located,
    pack_option,
    read_json_or_fail,
    refuse_overwriting,
    settings_or_exit,
    write_file,
)
from cserq.files.problems import FileProblems
from cserq.note.settings import NoteSettings
from cserq.questionnaire.answers import YES_NO_UNKNOWN, answer_others, check_answers
from cserq.questionnaire.loader import load_questionnaire
from cserq.questionnaire.model import Answer, Questionnaire
from cserq.questionnaire.outcome import Outcome
from cserq.record.response import structured_record
from cserq.words.wording import Wording


@click.command("decide")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--answers",
    "answers_file",
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A JSON object from question ids to answers.",
)
@click.option(
    "--others",
    type=click.Choice(YES_NO_UNKNOWN),
    help="Answer every yes/no/don't know question not in ANSWERS with this"
    " (otherwise they count as don't know).",
)
@click.option(
    "--pdf",
    "pdf_file",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Also write the decision-support note to this PDF file.",
)
@click.option(
    "--details",
    "details_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A JSON object with the child's and practitioner's details, notes and decision,"
    " for the PDF.",
)
@click.option(
    "--lang",
    type=click.Choice(NOTE_LANGUAGES),
    default="en",
    show_default=True,
    help="Language of the PDF note: en, cy, or both (cy+en puts Welsh first).",
)
@click.option(
    "--fhir",
    "fhir_file",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Also write the case as a FHIR R4 QuestionnaireResponse (JSON) to this file.",
)
@pack_option
def decide_command(
    file: Path,
    answers_file: Path,
    others: str | None,
    pdf_file: Path | None,
    details_file: Path | None,
    lang: str,
    fhir_file: Path | None,
    pack: Path | None,
) -> None:
    """Print the outcome the rules of FILE give for ANSWERS, as JSON.

    A yes/no/don't know question left out of ANSWERS counts as don't know, never as no.
    """
    refuse_overwriting(
        {"FILE": file, "--answers": answers_file, "--details": details_file},
        {"--pdf": pdf_file, "--fhir": fhir_file},
    )
    for output, what in ((pdf_file, "the note"), (fhir_file, "the structured record")):
        if output is not None:
            check_writable(output, what)
    configured = settings_or_exit(pack)  # a bad setting stops the command before it prints anything
    try:
        questionnaire = load_questionnaire(file, name=shown_path(file))
    except FileProblems as error:
        fail([str(problem) for problem in error.problems])
    answers_json = read_json_or_fail(answers_file)
    answers, problems = check_answers(questionnaire, answers_json.data)
    if problems:
        fail([str(answers_json.problem((p.question,), p.message)) for p in problems])
    if others is not None:
        answer_others(questionnaire, answers, others)
    case = CaseSummary(questionnaire, answers)
    if details_file is not None:
        details_json = read_json_or_fail(details_file)
        details, details_problems = read_details(details_json.data, questionnaire)
        if details_problems:
            fail([str(located(details_json, problem)) for problem in details_problems])
        case = CaseSummary(questionnaire, answers, **details)  # type: ignore[arg-type]
    if case.outcome.unanswered:
        click.echo(
            "note: not answered, so counted as don't know: " + ", ".join(case.outcome.unanswered),
            err=True,
        )
    click.echo(json.dumps(outcome_json(questionnaire, case.outcome), indent=2, ensure_ascii=False))
    now = datetime.datetime.now().astimezone()  # the note and its record, made together
    if pdf_file is not None:
        settings = NoteSettings(
            marking=configured.marking,
            marking_cy=configured.marking_cy,
            contacts=configured_contacts(configured.contacts_file),
        )
        from cserq.note.document import render_note  # ReportLab: only when a note is asked for

        pdf = render_note(case, language=lang, generated_at=now, settings=settings)
        write_file(pdf_file, pdf, "the note")
    if fhir_file is not None:
        write_file(fhir_file, structured_record(case, now)[1], "the structured record")


def _answer_json(answer: Answer) -> object:
    if isinstance(answer, datetime.date):
        return answer.isoformat()
    if isinstance(answer, tuple):
        return list(answer)
    return answer


def outcome_json(questionnaire: Questionnaire, outcome: Outcome) -> dict[str, object]:
    """The outcome as plain JSON-ready data, with the texts a practitioner would read (in
    English), as the outcome page and the note give them."""
    words = Wording(questionnaire, translations(DEFAULT_LANGUAGE), DEFAULT_LANGUAGE)
    title, text = words.headline(outcome)
    return {
        "questionnaire": {
            "id": questionnaire.id,
            "version": questionnaire.version,
            "sha256": questionnaire.content_hash,
        },
        "level": outcome.level.code,
        "route": "adult" if outcome.adult else "child",
        "title": title,
        "text": text,
        "statement": words.statement(outcome),
        "reasons": [
            {
                "rule": reason.rule.id,
                "level": reason.rule.level.code if reason.rule.level else None,
                "reason": reason.rule.reason,
                "answers": {q: _answer_json(a) for q, a in reason.answers},
                "sources": list(reason.rule.sources),
            }
            for reason in outcome.reasons
        ],
        "prompts": [
            {"id": prompt.id, "title": prompt.title, "text": prompt.text}
            for prompt in outcome.prompts
        ],
        "next_steps": words.next_steps(outcome),
        "unknown": [{"question": q.id, "text": q.text} for q in outcome.unknown],
        "discarded": list(outcome.discarded),
        "unanswered": list(outcome.unanswered),
    }
