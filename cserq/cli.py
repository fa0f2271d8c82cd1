"""The ``cserq`` command: check questionnaire files and try their rules from the shell.

Exit codes: 0 all well, 1 a problem with a file (each printed as ``file:line: message``),
2 a bad command line.
"""

from __future__ import annotations

import datetime
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

import click

from cserq.config import questions_dir
from cserq.decision import Outcome, decide
from cserq.questionnaire.answers import YES_NO_UNKNOWN, answer_others, check_answers
from cserq.questionnaire.loader import (
    QuestionnaireError,
    load_questionnaire,
    questionnaire_files,
)
from cserq.questionnaire.model import Answer, Questionnaire


def _shown(path: Path) -> str:
    """A path as short as it can be said: relative to the working folder when inside it."""
    relative = os.path.relpath(path)
    return path.as_posix() if relative.startswith("..") else Path(relative).as_posix()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Decision support for practitioners worried that a child may be sexually exploited."""


@main.command()
@click.argument("files", nargs=-1, type=click.Path(exists=True, path_type=Path))
def check(files: Sequence[Path]) -> None:
    """Validate questionnaire FILES (default: the configured ones) and run their examples.

    A folder stands for the questionnaire files in it.
    """
    targets: list[Path] = []
    for given in files or (questions_dir(),):
        targets.extend(questionnaire_files(given) if given.is_dir() else [given])
    if not targets:
        click.echo(f"{_shown(questions_dir())}:1: no questionnaire files (*.yaml) here")
        sys.exit(1)
    failed = 0
    for target in targets:
        try:
            questionnaire = load_questionnaire(target, name=_shown(target))
        except QuestionnaireError as error:
            failed += 1
            for problem in error.problems:
                click.echo(str(problem))
            continue
        click.echo(
            f"{_shown(target)}: ok: {questionnaire.id} version {questionnaire.version},"
            f" {len(questionnaire.questions)} questions, {len(questionnaire.rules)} rules,"
            f" {len(questionnaire.examples)} examples give the expected outcome"
            f" (sha256 {questionnaire.short_hash})"
        )
    if failed:
        click.echo(f"{failed} of {len(targets)} files have problems", err=True)
        sys.exit(1)


@main.command()
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
@click.option("--lang", type=click.Choice(["en"]), default="en", show_default=True)
def decide_command(file: Path, answers_file: Path, others: str | None, lang: str) -> None:
    """Print the outcome the rules of FILE give for ANSWERS, as JSON.

    A yes/no/don't know question left out of ANSWERS counts as don't know, never as no.
    """
    try:
        questionnaire = load_questionnaire(file, name=_shown(file))
    except QuestionnaireError as error:
        for problem in error.problems:
            click.echo(str(problem))
        sys.exit(1)
    shown_answers = _shown(answers_file)
    try:
        raw = json.loads(answers_file.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        line = getattr(error, "lineno", 1)
        click.echo(f"{shown_answers}:{line}: not valid JSON text: {_json_message(error)}")
        sys.exit(1)
    if not isinstance(raw, dict):
        click.echo(f"{shown_answers}:1: expected a JSON object from question ids to answers")
        sys.exit(1)
    answers, problems = check_answers(questionnaire, raw)
    if problems:
        for answer_problem in problems:
            click.echo(f"{shown_answers}: {answer_problem}")
        sys.exit(1)
    if others is not None:
        answer_others(questionnaire, answers, others)
    outcome = decide(questionnaire, answers)
    if outcome.unanswered:
        click.echo(
            "note: not answered, so counted as don't know: " + ", ".join(outcome.unanswered),
            err=True,
        )
    click.echo(json.dumps(outcome_json(questionnaire, outcome), indent=2, ensure_ascii=False))


decide_command.name = "decide"


def _json_message(error: ValueError) -> str:
    return error.msg if isinstance(error, json.JSONDecodeError) else "the file is not UTF-8"


def _answer_json(answer: Answer) -> object:
    if isinstance(answer, datetime.date):
        return answer.isoformat()
    if isinstance(answer, tuple):
        return list(answer)
    return answer


def outcome_json(questionnaire: Questionnaire, outcome: Outcome) -> dict[str, object]:
    """The outcome as plain JSON-ready data, with the texts a practitioner would read."""
    level_text = questionnaire.level_text(outcome.level)
    return {
        "questionnaire": {
            "id": questionnaire.id,
            "version": questionnaire.version,
            "sha256": questionnaire.content_hash,
        },
        "level": outcome.level.code,
        "title": level_text.title,
        "text": level_text.text,
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
        "unknown": [{"question": q.id, "text": q.text} for q in outcome.unknown],
        "discarded": list(outcome.discarded),
        "unanswered": list(outcome.unanswered),
    }
