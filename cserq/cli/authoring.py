"""The commands questionnaire authors and clinical safety officers use: check, translate, init,
schema, spec, diff and export."""

from __future__ import annotations

import datetime
import sys
from collections.abc import Sequence
from pathlib import Path

import click
import yaml

from cserq.authoring.outcomes import DEFAULT_SAMPLES, EXHAUSTIVE_LIMIT
from cserq.authoring.packs import pack_copy, pack_template
from cserq.authoring.report import diff_report
from cserq.base.languages import DEFAULT_LANGUAGE, LANGUAGES, NOTE_LANGUAGES
from cserq.base.paths import shipped_dir, shown_path
from cserq.cli.common import (
    check_writable,
    configured_contacts,
    fail,
    pack_of,
    pack_option,
    questionnaire_targets,
    refuse_overwriting,
    settings_or_exit,
    write_file,
)
from cserq.files.problems import FileProblems
from cserq.files.yamlfile import IDENTIFIER
from cserq.questionnaire.catalogue import catalogue_path, header_comment, update_catalogue
from cserq.questionnaire.folder import load_files
from cserq.questionnaire.loader import load_questionnaire
from cserq.questionnaire.messages import questionnaire_messages
from cserq.questionnaire.schema import SCHEMA_FILE, schema_text
from cserq.record.questionnaire import questionnaire_resource
from cserq.record.response import as_json_bytes
from cserq.settings.sources import PACK_FILE


@click.command()
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
    files, pack = pack_of(files, pack)
    settings = settings_or_exit(pack)
    targets = questionnaire_targets(files, settings)
    click.echo(f"checking {', '.join(shown_path(t) for t in targets)}", err=True)
    if settings.contacts_file is not None:
        configured_contacts(settings.contacts_file)
        click.echo(f"{shown_path(settings.contacts_file)}: ok: contacts")
    loaded = load_files(targets, settings.languages, name=shown_path)
    listed = loaded.untranslated if not brief else []
    passed = {q.path: q for q in loaded.questionnaires.values()}
    for shown in dict.fromkeys(shown_path(target) for target in targets):
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
                f"{shown_path(schema_file)}: note: this is not the schema of this version of the"
                f" app, so an editor may mark mistakes wrongly; refresh it with:"
                f" cserq schema -o {shown_path(schema_file)}",
                err=True,
            )
    if loaded.failed:
        click.echo(f"{len(loaded.failed)} of {len(targets)} files have problems", err=True)
        sys.exit(1)


@click.command()
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
    files, pack = pack_of(files, pack)
    settings = settings_or_exit(pack)
    targets = questionnaire_targets(files, settings)
    failed = 0
    for target in targets:
        try:
            questionnaire = load_questionnaire(target, name=shown_path(target), run_examples=False)
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
                click.echo(f"{shown_path(path)}: cannot write: {error.strerror or error}")
                continue
            click.echo(
                f"{shown_path(path)}: {done.added} new to translate, {done.changed} changed"
                f" (marked fuzzy, to review), {done.kept} kept, {done.dropped} dropped"
            )
    if failed:
        sys.exit(1)


@click.command()
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
        fail([f"{shown_path(existing[0])}: already there; choose a new folder or remove it first"])
    shipped = shipped_dir("questions") / "cserq.yaml"
    try:
        original = load_questionnaire(shipped, name=shown_path(shipped), run_examples=False)
        text, welsh = pack_copy(
            shipped.read_text(encoding="utf-8"),
            catalogue_path(shipped, "cy").read_text(encoding="utf-8"),
            original,
            questionnaire_id,
            datetime.date.today(),
        )
    except FileProblems as error:
        fail([str(problem) for problem in error.problems])
    except (OSError, ValueError, yaml.YAMLError) as error:
        fail([f"{shown_path(shipped)}: cannot copy the shipped questionnaire: {error}"])
    try:
        questions.mkdir(parents=True, exist_ok=True)
        made[0].write_text(text, encoding="utf-8")
        old_header = header_comment(shipped, "cy")
        made[1].write_text(
            welsh.replace(old_header, header_comment(made[0], "cy"), 1), encoding="utf-8"
        )
        made[2].write_text(pack_template().format(pack=shown_path(folder)), encoding="utf-8")
        made[3].write_text(schema_text(), encoding="utf-8")
    except OSError as error:
        fail([f"{shown_path(folder)}: cannot make the pack: {error.strerror or error}"])
    for path in made:
        click.echo(f"made {shown_path(path)}")
    click.echo(
        f"Next: edit {shown_path(made[0])}, then run: cserq translate {shown_path(folder)} &&"
        f" cserq check {shown_path(folder)} && cserq serve --pack {shown_path(folder)}"
    )


@click.command()
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
    check_writable(output, "the schema")
    write_file(output, schema_text().encode("utf-8"), "the schema")


@click.command()
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
    refuse_overwriting({"FILE": file}, {"--pdf": pdf_file})
    check_writable(pdf_file, "the specification")
    languages = [code for code in lang.split("+") if code != DEFAULT_LANGUAGE]
    loaded = load_files([file], languages, name=shown_path)
    if loaded.failed:
        fail([str(p) for p in [*loaded.problems, *loaded.untranslated]])
    (questionnaire,) = loaded.questionnaires.values()
    from cserq.authoring.spec import render_spec  # ReportLab: only for the command that uses it

    pdf = render_spec(questionnaire, language=lang, generated_at=datetime.datetime.now())
    write_file(pdf_file, pdf, "the specification")
    click.echo(
        f"of {questionnaire.id} version {questionnaire.version},"
        f" content hash {questionnaire.short_hash}",
        err=True,
    )


@click.command()
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
            versions.append(load_questionnaire(file, name=shown_path(file), run_examples=False))
        except FileProblems as error:
            fail([str(problem) for problem in error.problems])
    old, new = versions
    lines, flagged = diff_report(old, new, samples=samples, seed=seed)
    for line in lines:
        click.echo(line)
    sys.exit(1 if flagged else 0)


@click.command()
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
    if output is not None:
        refuse_overwriting({"FILE": file}, {"--output": output})
        check_writable(output, "the questionnaire")
    settings = settings_or_exit(pack)
    languages = [code for code in settings.languages if code != DEFAULT_LANGUAGE]
    loaded = load_files([file], languages, name=shown_path)
    if loaded.failed:
        fail([str(p) for p in [*loaded.problems, *loaded.missing_languages]])
    (questionnaire,) = loaded.questionnaires.values()
    data = as_json_bytes(questionnaire_resource(questionnaire))
    if output is None:
        click.echo(data.decode("utf-8"), nl=False)
    else:
        write_file(output, data, "the questionnaire")
