"""The ``cserq`` command: check questionnaire files and try their rules from the shell.

Exit codes: 0 all well, 1 a problem with a file (each printed as ``file:line: message``),
2 a bad command line.
"""

from __future__ import annotations

import datetime
import errno
import ipaddress
import json
import os
import re
import socket
import sys
import webbrowser
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

import click
import yaml

from cserq.authoring.changes import (
    DEFAULT_SAMPLES,
    EXHAUSTIVE_LIMIT,
    diff_report,
)
from cserq.authoring.spec import render_spec
from cserq.base.languages import DEFAULT_LANGUAGE, LANGUAGES, translations
from cserq.base.paths import shipped_dir
from cserq.case.summary import CaseSummary, read_details
from cserq.files.jsonfile import JsonFile, read_json_object
from cserq.files.problems import FileProblems, Problem
from cserq.files.yamlfile import IDENTIFIER
from cserq.note.note import NOTE_LANGUAGES, NoteSettings, render_note
from cserq.questionnaire.answers import YES_NO_UNKNOWN, answer_others, check_answers
from cserq.questionnaire.catalogue import catalogue_path, header_comment, update_catalogue
from cserq.questionnaire.decision import Outcome
from cserq.questionnaire.folder import load_files
from cserq.questionnaire.loader import load_questionnaire, questionnaire_files
from cserq.questionnaire.messages import questionnaire_messages
from cserq.questionnaire.model import Answer, Questionnaire
from cserq.questionnaire.schema import SCHEMA_FILE, schema_text
from cserq.record.resources import as_json_bytes, questionnaire_resource, structured_record
from cserq.settings.contacts import Contact, load_contacts
from cserq.settings.options import (
    HOST_NAME,
    PACK_FILE,
    SettingError,
    Settings,
    configured,
    unknown_variables,
)
from cserq.words.wording import Wording


def _shown(path: Path) -> str:
    """A path as short as it can be said: relative to the working folder when inside it."""
    relative = os.path.relpath(path)
    return path.as_posix() if relative.startswith("..") else Path(relative).as_posix()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Decision support for practitioners worried that a child may be sexually exploited."""


def _settings(pack: Path | None = None) -> Settings:
    """The settings (the pack's, then ``CSERQ_*``), or their problem in one line and exit 2."""
    try:
        return configured(pack=pack)
    except SettingError as error:
        click.echo(f"Error: {error}", err=True)
        sys.exit(2)


def is_pack(folder: Path) -> bool:
    """Whether a folder is a pack (it has a settings file or a questions folder)."""
    return (folder / PACK_FILE).is_file() or (folder / "questions").is_dir()


pack_option = click.option(
    "--pack",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="A pack folder (made by cserq init): its questionnaires, Welsh, contacts and settings."
    " Default: CSERQ_PACK, else the questionnaires shipped with the app.",
)


def _pack_of(files: Sequence[Path], pack: Path | None) -> tuple[Sequence[Path], Path | None]:
    """A single folder argument that is a pack is taken as ``--pack``."""
    if pack is None and len(files) == 1 and files[0].is_dir() and is_pack(files[0]):
        return (), files[0]
    return files, pack


@main.command()
@click.argument("files", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--brief", is_flag=True, help="One line for each missing translation of a file, not each text."
)
@pack_option
def check(files: Sequence[Path], brief: bool, pack: Path | None) -> None:
    """Validate questionnaire FILES (default: the configured ones) and run their examples.

    A folder stands for the questionnaire files in it. The files are checked together, as the
    app loads them: each questionnaire needs its own id, and a translation of every text into
    each language offered (CSERQ_LANGUAGES). A pack folder is checked whole: its settings, its
    contacts and its questionnaires.
    """
    files, pack = _pack_of(files, pack)
    settings = _settings(pack)
    targets = _questionnaire_targets(files, settings)
    click.echo(f"checking {', '.join(_shown(t) for t in targets)}", err=True)
    if settings.contacts_file is not None:
        _configured_contacts(settings.contacts_file)
        click.echo(f"{_shown(settings.contacts_file)}: ok: contacts")
    loaded = load_files(targets, settings.languages, name=_shown)
    listed = loaded.untranslated if not brief else []
    passed = {q.path: q for q in loaded.questionnaires.values()}
    for shown in dict.fromkeys(_shown(target) for target in targets):
        # A problem in a questionnaire's own catalogue (its Welsh beside it) is its problem too.
        own = {shown, *(str(catalogue_path(shown, language)) for language in LANGUAGES)}
        for problem in [*loaded.problems, *listed, *loaded.missing_languages]:
            if problem.file in own:
                click.echo(str(problem))
        if shown in passed:
            questionnaire = passed[shown]
            click.echo(
                f"{shown}: ok: {questionnaire.id} version {questionnaire.version},"
                f" {len(questionnaire.questions)} questions, {len(questionnaire.rules)} rules,"
                f" {len(questionnaire.examples)} examples give the expected outcome"
                f" (sha256 {questionnaire.short_hash})"
            )
    for folder in dict.fromkeys(target.parent for target in targets):
        schema_file = folder / SCHEMA_FILE
        if schema_file.is_file() and schema_file.read_text(encoding="utf-8") != schema_text():
            click.echo(
                f"{_shown(schema_file)}: note: this is not the schema of this version of the"
                f" app, so an editor may mark mistakes wrongly; refresh it with:"
                f" cserq schema -o {_shown(schema_file)}",
                err=True,
            )
    if loaded.failed:
        click.echo(f"{len(loaded.failed)} of {len(targets)} files have problems", err=True)
        sys.exit(1)


@main.command()
@click.argument("files", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--language",
    "languages",
    multiple=True,
    type=click.Choice([code for code in LANGUAGES if code != DEFAULT_LANGUAGE]),
    help="The language to make or update catalogues for (default: every one besides English).",
)
@pack_option
def translate(files: Sequence[Path], languages: Sequence[str], pack: Path | None) -> None:
    """Make or update the catalogue of each questionnaire in FILES (default: the configured
    folder), beside it: questions/cserq.yaml gets questions/cserq.cy.po.

    Texts whose English is unchanged keep their translation, even under a new questionnaire
    id; a text whose English changed keeps its old translation marked fuzzy, for review; new
    texts are added empty. Open the .po file in Poedit or any translation tool; cserq check
    lists what is still missing.
    """
    files, pack = _pack_of(files, pack)
    settings = _settings(pack)
    targets = _questionnaire_targets(files, settings)
    failed = 0
    for target in targets:
        try:
            questionnaire = load_questionnaire(target, name=_shown(target), run_examples=False)
        except FileProblems as error:
            failed += 1
            for problem in error.problems:
                click.echo(str(problem))
            continue
        texts = [(m.context, m.text, m.path) for m in questionnaire_messages(questionnaire)]
        for language in languages or [c for c in LANGUAGES if c != DEFAULT_LANGUAGE]:
            path = catalogue_path(target, language)
            try:
                done = update_catalogue(path, language, texts, project=questionnaire.id)
            except OSError as error:
                failed += 1
                click.echo(f"{_shown(path)}: cannot write: {error.strerror or error}")
                continue
            click.echo(
                f"{_shown(path)}: {done.added} new to translate, {done.changed} changed"
                f" (marked fuzzy, to review), {done.kept} kept, {done.dropped} dropped"
            )
    if failed:
        sys.exit(1)


PACK_TEMPLATE = """\
# Settings of this pack. Each line is optional: remove the # to use it. An environment variable
# (CSERQ_MARKING and so on) overrides the same setting here. Check the pack with: cserq check {pack}

# The handling marking printed on every page of the note, and its form on a Welsh note (by
# default the Welsh with the English beside it; with a marking of your own and no marking_cy,
# a Welsh note carries your marking as it is).
# marking = "OFFICIAL-SENSITIVE"
# marking_cy = "SWYDDOGOL-SENSITIF / OFFICIAL-SENSITIVE"

# Minutes without activity before a case is cleared, and how long before that the page warns.
# idle_timeout_minutes = 30
# timeout_warning_minutes = 5

# The languages offered: ["en", "cy"], or ["en"] for English only.
# languages = ["en", "cy"]

# Your local contacts for the note (social services, the Emergency Duty Team). A file named
# contacts.yaml in this folder is used without a setting; name another file here. It reads:
#   contacts:
#     - name: Children's services, Anytown Council
#       phone: 01234 567890
#       hours: Monday to Friday, 9am to 5pm
#       notes: Out of hours, phone the Emergency Duty Team.
# contacts_file = "contacts.yaml"

# How many cases may be open at once.
# max_cases = 200
"""


@main.command()
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--id",
    "questionnaire_id",
    required=True,
    help="The id of your questionnaire: lower-case letters, digits and _, e.g. anytown_cse.",
)
def init(folder: Path, questionnaire_id: str) -> None:
    """Make a new pack in FOLDER from the shipped questionnaire, with its Welsh, under a new id.

    The pack holds questions/ID.yaml and its Welsh questions/ID.cy.po, and cserq.toml for its
    settings. Edit them, run cserq translate FOLDER and cserq check FOLDER, then run it with
    cserq serve --pack FOLDER.
    """
    if not IDENTIFIER.match(questionnaire_id):
        raise click.BadParameter(
            "use lower-case letters, digits and _, starting with a letter", param_hint="--id"
        )
    questions = folder / "questions"
    made = [questions / f"{questionnaire_id}.yaml", questions / f"{questionnaire_id}.cy.po"]
    made += [folder / PACK_FILE, questions / SCHEMA_FILE]
    existing = [path for path in made if path.exists()]
    if existing:
        _fail([f"{_shown(existing[0])}: already there; choose a new folder or remove it first"])
    shipped = shipped_dir("questions") / "cserq.yaml"
    try:
        original = load_questionnaire(shipped, name=_shown(shipped), run_examples=False)
        text, welsh = pack_copy(
            shipped.read_text(encoding="utf-8"),
            catalogue_path(shipped, "cy").read_text(encoding="utf-8"),
            original,
            questionnaire_id,
            datetime.date.today(),
        )
    except FileProblems as error:
        _fail([str(problem) for problem in error.problems])
    except (OSError, ValueError, yaml.YAMLError) as error:
        _fail([f"{_shown(shipped)}: cannot copy the shipped questionnaire: {error}"])
    try:
        questions.mkdir(parents=True, exist_ok=True)
        made[0].write_text(text, encoding="utf-8")
        old_header = header_comment(shipped, "cy")
        made[1].write_text(
            welsh.replace(old_header, header_comment(made[0], "cy"), 1), encoding="utf-8"
        )
        made[2].write_text(PACK_TEMPLATE.format(pack=_shown(folder)), encoding="utf-8")
        made[3].write_text(schema_text(), encoding="utf-8")
    except OSError as error:
        _fail([f"{_shown(folder)}: cannot make the pack: {error.strerror or error}"])
    for path in made:
        click.echo(f"made {_shown(path)}")
    click.echo(
        f"Next: edit {_shown(made[0])}, then run: cserq translate {_shown(folder)} &&"
        f" cserq check {_shown(folder)} && cserq serve --pack {_shown(folder)}"
    )


PACK_COPY_COMMENT = """\
# Made by cserq init on {today} from the shipped questionnaire (cserq version {version}).
# The title is how the start page names this questionnaire: make it your own here, and its
# Welsh (msgctxt "title") in {catalogue}. Raise the version with every change you make
# (to {next_version}, and so on), so that each note names the rules that made it.
"""


def pack_copy(
    text: str, welsh: str, shipped: Questionnaire, questionnaire_id: str, today: datetime.date
) -> tuple[str, str]:
    """The shipped questionnaire's file and Welsh catalogue as a pack's own: a new id, a title
    with the id in brackets (in English and Welsh) and a version of its own, ``0.1`` (never
    the shipped ``YYYY.MM-N`` form, so the two cannot meet), so
    the start page never offers it and the shipped one as two choices that look the same.

    Raises ``ValueError`` when the shipped file does not have those lines in the expected form.
    """
    title = f"{shipped.title} ({questionnaire_id})"
    version = "0.1"
    catalogue = shipped.catalogues.get("cy")
    welsh_title = catalogue.translated.get(("title", shipped.title)) if catalogue else None
    if welsh_title is None:
        raise ValueError("its Welsh catalogue has no title")
    made = PACK_COPY_COMMENT.format(
        today=today.isoformat(),
        version=shipped.version,
        catalogue=f"{questionnaire_id}.cy.po",
        next_version="0.2",
    )
    for key, was, now in (
        ("id", shipped.id, questionnaire_id),
        ("version", shipped.version, version),
        ("title", shipped.title, title),
    ):
        line = re.search(rf"(?m)^{key}: (.*)$", text)
        if line is None or yaml.safe_load(line.group(1)) != was:
            raise ValueError(f"it has no line '{key}: {was}' to change")
        shown = json.dumps(now, ensure_ascii=False) if key == "version" else _yaml_scalar(now)
        replacement = f"{key}: {shown}"
        if key == "id":
            replacement = made + replacement
        text = text[: line.start()] + replacement + text[line.end() :]
    entry = 'msgctxt "title"\nmsgid {}\nmsgstr {}'
    old_entry = entry.format(_po_string(shipped.title), _po_string(welsh_title))
    new_entry = entry.format(_po_string(title), _po_string(f"{welsh_title} ({questionnaire_id})"))
    if welsh.count(old_entry) != 1:
        raise ValueError("its Welsh catalogue has no title entry on three lines to change")
    return text, welsh.replace(old_entry, new_entry)


def _yaml_scalar(value: str) -> str:
    """``value`` as YAML: plain when YAML reads it back as this text, else in double quotes."""
    try:
        plain = yaml.safe_load(f"key: {value}")
    except yaml.YAMLError:
        plain = None
    return value if plain == {"key": value} else json.dumps(value, ensure_ascii=False)


def _po_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


@main.command()
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help=f"Write it to this file (beside the questionnaires: {SCHEMA_FILE}), not the screen.",
)
def schema(output: Path | None) -> None:
    """Print the JSON Schema of a questionnaire file, for editors.

    An editor with a YAML language server (VS Code's YAML extension, for one) reads the first
    line of a questionnaire, "# yaml-language-server: $schema=questionnaire.schema.json", and
    offers completion, help on hover and errors as you type. cserq init writes the file into a
    new pack; run this again after upgrading the app.
    """
    if output is None:
        click.echo(schema_text(), nl=False)
        return
    _write(output, schema_text().encode("utf-8"), "the schema")


def _questionnaire_targets(files: Sequence[Path], settings: Settings) -> list[Path]:
    """The questionnaire files named, a folder standing for those in it; by default the
    configured folder's."""
    folders = files or (settings.questions_dir or shipped_dir("questions"),)
    targets: list[Path] = []
    for given in folders:
        try:
            targets.extend(questionnaire_files(given) if given.is_dir() else [given])
        except FileProblems as error:
            _fail([str(problem) for problem in error.problems])
    if not targets:
        _fail([f"{_shown(folders[0])}:1: no questionnaire files (*.yaml) here"])
    return targets


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
    configured = _settings(pack)  # a bad setting stops the command before it prints anything
    try:
        questionnaire = load_questionnaire(file, name=_shown(file))
    except FileProblems as error:
        _fail([str(problem) for problem in error.problems])
    answers_json = _read_json_object(answers_file)
    answers, problems = check_answers(questionnaire, answers_json.data)
    if problems:
        _fail([str(answers_json.problem((p.question,), p.message)) for p in problems])
    if others is not None:
        answer_others(questionnaire, answers, others)
    case = CaseSummary(questionnaire, answers)
    if details_file is not None:
        details_json = _read_json_object(details_file)
        details, details_problems = read_details(details_json.data, questionnaire)
        if details_problems:
            _fail([str(_located(details_json, problem)) for problem in details_problems])
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
            contacts=_configured_contacts(configured.contacts_file),
        )
        pdf = render_note(case, language=lang, generated_at=now, settings=settings)
        _write(pdf_file, pdf, "the note")
    if fhir_file is not None:
        _write(fhir_file, structured_record(case, now)[1], "the structured record")


@main.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--pdf",
    "pdf_file",
    required=True,
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="The PDF file to write.",
)
@click.option(
    "--lang",
    type=click.Choice(NOTE_LANGUAGES),
    default="en",
    show_default=True,
    help="en, cy, or both (cy+en: the whole document in Welsh, then in English).",
)
def spec(file: Path, pdf_file: Path, lang: str) -> None:
    """Write FILE as a document for clinical review: every question, when it is asked, every
    rule in plain words with its level and prompts, the outcome texts and the worked examples
    with their outcomes. Its id, version and content hash are on every page."""
    languages = [code for code in lang.split("+") if code != DEFAULT_LANGUAGE]
    loaded = load_files([file], languages, name=_shown)
    if loaded.failed:
        _fail([str(p) for p in [*loaded.problems, *loaded.untranslated]])
    (questionnaire,) = loaded.questionnaires.values()
    pdf = render_spec(questionnaire, language=lang, generated_at=datetime.datetime.now())
    _write(pdf_file, pdf, "the specification")
    click.echo(
        f"of {questionnaire.id} version {questionnaire.version},"
        f" content hash {questionnaire.short_hash}",
        err=True,
    )


@main.command()
@click.argument("old_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("new_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--samples",
    type=click.IntRange(100, 1_000_000),
    default=DEFAULT_SAMPLES,
    show_default=True,
    help=f"Answer sets to try when there are more than {EXHAUSTIVE_LIMIT:,} combinations.",
)
@click.option(
    "--seed",
    type=click.IntRange(0, 2**32 - 1),
    default=0,
    show_default=True,
    help="Which random sample (the same seed gives the same sample).",
)
def diff(old_file: Path, new_file: Path, samples: int, seed: int) -> None:
    """What changed from OLD_FILE to NEW_FILE (questions, options, conditions, rules, worked
    examples, texts and their Welsh), and what that does to outcomes: how many answer sets now
    reach a higher level, a lower one, or other prompts, each with a worked example.

    Exits 0 when no answer set reaches a lower level and no worked example expects a lower one
    than before, 1 when some do (or a file has problems).
    """
    versions = []
    for file in (old_file, new_file):
        try:
            versions.append(load_questionnaire(file, name=_shown(file), run_examples=False))
        except FileProblems as error:
            _fail([str(problem) for problem in error.problems])
    old, new = versions
    lines, flagged = diff_report(old, new, samples=samples, seed=seed)
    for line in lines:
        click.echo(line)
    sys.exit(1 if flagged else 0)


@main.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--fhir",
    "as_fhir",
    is_flag=True,
    help="As a FHIR R4 Questionnaire (JSON), the one format there is for now.",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Write it to this file, not the screen.",
)
@pack_option
def export(file: Path, as_fhir: bool, output: Path | None, pack: Path | None) -> None:
    """Export the questionnaire in FILE for other tools: with --fhir, as a FHIR R4
    Questionnaire that structured data capture renderers (LHC-Forms, Smart Forms) read, with
    its Welsh as translation extensions."""
    if not as_fhir:
        raise click.UsageError("say which format: --fhir (a FHIR R4 Questionnaire)")
    settings = _settings(pack)
    languages = [code for code in settings.languages if code != DEFAULT_LANGUAGE]
    loaded = load_files([file], languages, name=_shown)
    if loaded.failed:
        _fail([str(p) for p in [*loaded.problems, *loaded.missing_languages]])
    (questionnaire,) = loaded.questionnaires.values()
    data = as_json_bytes(questionnaire_resource(questionnaire))
    if output is None:
        click.echo(data.decode("utf-8"), nl=False)
    else:
        _write(output, data, "the questionnaire")


def _write(path: Path, data: bytes, what: str) -> None:
    try:
        path.write_bytes(data)
    except OSError as error:
        _fail([f"{_shown(path)}: cannot write {what}: {error.strerror or error}"])
    click.echo(f"wrote {what} to {_shown(path)}", err=True)


def _fail(lines: Sequence[str]) -> NoReturn:
    for line in lines:
        click.echo(line)
    sys.exit(1)


def _read_json_object(path: Path) -> JsonFile:
    """A JSON file holding an object, or a ``file:line: message`` for each problem and exit 1."""
    try:
        return read_json_object(path, name=_shown(path))
    except FileProblems as error:
        _fail([str(problem) for problem in error.problems])


def _located(file: JsonFile, problem: str) -> Problem:
    """A details problem (``child.name: message``) with the line of the key it is about."""
    where, _, message = problem.partition(": ")
    return file.problem(tuple(where.split(".")), message) if message else file.problem((), where)


NO_CONTACTS = (
    "no local contacts are set, so the outcome page and the note give no phone number for"
    " social services or the Emergency Duty Team, only where to find one. To set them, write"
    " a contacts.yaml in a pack folder (the cserq.toml that cserq init writes shows its form)"
    " and start with --pack FOLDER, or name the file in CSERQ_CONTACTS_FILE; check it with"
    " cserq check."
)


def _configured_contacts(path: Path | None) -> tuple[Contact, ...]:
    if path is None:
        return ()
    try:
        return load_contacts(path, name=_shown(path))
    except FileProblems as error:
        _fail([str(problem) for problem in error.problems])


decide_command.name = "decide"


LOOPBACK = ("127.0.0.1", "localhost")


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port",
    default=8080,
    show_default=True,
    type=click.IntRange(0, 65535),
    help="Port to listen on; 0 lets the computer choose a free one (the address is printed).",
)
@click.option("--no-browser", is_flag=True, help="Do not open the web browser.")
@click.option(
    "--allow-network",
    is_flag=True,
    help="Allow a --host other than this computer (loopback). Read the warning first.",
)
@click.option("--threads", default=4, show_default=True, type=click.IntRange(1, 64))
@pack_option
def serve(
    host: str, port: int, no_browser: bool, allow_network: bool, threads: int, pack: Path | None
) -> None:
    """Run the app with waitress and open it in the browser.

    Stopping the app (Ctrl+C) clears every answer.
    """
    if not HOST_NAME.match(host):
        raise click.BadParameter(
            "give an IP address (such as 127.0.0.1) or a host name", param_hint="--host"
        )
    if host not in LOOPBACK and not allow_network:
        raise click.UsageError(
            f"--host {host} would let other computers reach the app; add --allow-network"
            " if that is really what you want."
        )
    from waitress import create_server

    from cserq import create_app

    # The app writes nothing to disk, and neither does Python caching compiled modules.
    sys.dont_write_bytecode = True
    for line in unknown_variables():
        click.echo(f"Warning: {line}", err=True)
    extra_hosts = [] if host in LOOPBACK or _unspecified(host) else [host]
    try:
        app = create_app({"PACK": str(pack)} if pack else None)
    except SettingError as error:
        click.echo(f"Error: {error}", err=True)
        sys.exit(2)
    except FileProblems as error:
        _fail([str(problem) for problem in error.problems])
    if extra_hosts:
        app.config["TRUSTED_HOSTS"] = [*app.config["TRUSTED_HOSTS"], *extra_hosts]
    for note in app.extensions["cserq"].settings.notes:
        click.echo(f"Note: {note}", err=True)
    if not app.extensions["cserq"].contacts:
        click.echo(f"Note: {NO_CONTACTS}", err=True)
    for questionnaire in app.extensions["cserq"].questionnaires.values():
        click.echo(
            f"Questionnaire {questionnaire.id} version {questionnaire.version}"
            f" from {_shown(Path(questionnaire.path))}",
            err=True,
        )
    try:
        server = create_server(app, host=host, port=port, threads=threads, ident="cserq")
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            _fail([f"Port {port} is already in use. {_free_port_hint(host, port)}"])
        reason = error.strerror or str(error) or type(error).__name__
        _fail([f"Cannot listen on {host}:{port}: {reason}"])
    except ValueError:  # waitress could not turn the host into an address
        _fail([f"Cannot listen on {host}:{port}: this computer has no such address"])
    shown_host = f"[{host}]" if ":" in host else host
    url = f"http://{shown_host}:{server.effective_port}/"
    if host not in LOOPBACK:
        click.echo(
            "WARNING: the app is reachable from other computers on the network, over plain"
            " HTTP. Anyone who can reach this address can start a case, and answers travel"
            " unencrypted. Use this only on a network you trust. Requests must name a host in"
            " CSERQ_TRUSTED_HOSTS (names separated by commas) or this address.",
            err=True,
        )
    try:
        click.echo(f"CSERQ decision support is running at {url}")
        click.echo("Press Ctrl+C to stop. Stopping clears every answer.")
        if not no_browser:
            webbrowser.open(url)
        server.run()  # returns when stopped: waitress handles Ctrl+C while it runs
    except KeyboardInterrupt:
        pass  # Ctrl+C before the server loop started
    finally:
        server.close()
        click.echo("Stopped. Every answer has been cleared.")


def _free_port_hint(host: str, taken: int) -> str:
    """A suggestion of a port that is free now on ``host``, or of letting the system choose."""
    for port in range(taken + 1, min(taken + 50, 65535) + 1):
        try:
            with socket.create_server((host, port)):
                return f"Try one that is free now: cserq serve --port {port}"
        except OSError:
            continue
    return "Let the computer choose a free one: cserq serve --port 0"


def _unspecified(host: str) -> bool:
    """Whether ``host`` means "every address" (0.0.0.0 or ::), which names no host to trust."""
    try:
        return ipaddress.ip_address(host).is_unspecified
    except ValueError:
        return False


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
