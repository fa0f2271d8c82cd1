"""Loading a set of questionnaire files as the app does: each file, then what concerns them all.

``cserq check`` and the app's start-up both call :func:`load_files`, so a folder that passes the
check is one the app starts with, and the other way round.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from cserq.language import LANGUAGES
from cserq.questionnaire.loader import (
    Problem,
    QuestionnaireError,
    load_questionnaire,
    questionnaire_files,
)
from cserq.questionnaire.messages import translation_problems
from cserq.questionnaire.model import Questionnaire


@dataclass
class Loaded:
    """What loading a set of files found."""

    questionnaires: dict[str, Questionnaire] = field(default_factory=dict)
    """Each questionnaire without problems, by id."""
    problems: list[Problem] = field(default_factory=list)
    """What is wrong with the files and between them."""
    missing_languages: list[Problem] = field(default_factory=list)
    """One line for each language a file lacks translations into."""
    untranslated: list[Problem] = field(default_factory=list)
    """Each text with no translation, for an author who wants them all listed."""
    failed: set[str] = field(default_factory=set)
    """The names of the files with a problem."""


def load_files(
    files: Sequence[Path],
    languages: Iterable[str],
    *,
    name: Callable[[Path], str] = str,
) -> Loaded:
    """Load every file, then check them together: ids unique, translations there."""
    loaded = Loaded()
    first_with: dict[str, str] = {}
    for file in files:
        shown = name(file)
        try:
            questionnaire = load_questionnaire(file, name=shown)
        except QuestionnaireError as error:
            loaded.problems.extend(error.problems)
            loaded.failed.add(shown)
            continue
        if questionnaire.id in first_with:
            loaded.problems.append(
                Problem(
                    shown,
                    questionnaire.lines.get("id", 1),
                    "id",
                    f"another file, {first_with[questionnaire.id]}, has the id"
                    f" {questionnaire.id!r}: each questionnaire needs its own id",
                )
            )
            loaded.failed.add(shown)
            continue
        first_with[questionnaire.id] = shown
        complete = True
        for language in languages:
            missing = translation_problems(questionnaire, [language])
            if missing:
                complete = False
                loaded.untranslated.extend(missing)
                catalogue = questionnaire.catalogues.get(language)
                review = catalogue is not None and bool(catalogue.fuzzy)
                loaded.missing_languages.append(_untranslated(shown, language, missing, review))
        if not complete:
            loaded.failed.add(shown)
            continue
        loaded.questionnaires[questionnaire.id] = questionnaire
    return loaded


def _untranslated(shown: str, language: str, missing: Sequence[Problem], review: bool) -> Problem:
    """One line for all the texts of a file that a language has no translation for (or one
    marked for review, when ``review``)."""
    count = f"{len(missing)} texts have" if len(missing) > 1 else "1 text has"
    return Problem(
        shown,
        missing[0].line,
        "",
        f"{count} no {LANGUAGES[language]} ({language}) translation"
        f"{' or one that needs review' if review else ''}, the first here"
        f" ({missing[0].path}); add them to the catalogue (cserq check {shown} lists them"
        " all), or offer English only with CSERQ_LANGUAGES=en",
    )


def load_folder(folder: str | Path, languages: Iterable[str]) -> dict[str, Questionnaire]:
    """Every questionnaire in a folder, by id, ready to offer in ``languages``.

    Raises :class:`QuestionnaireError` with every problem of every file, one line each.
    """
    files = questionnaire_files(folder)
    if not files:
        problem = Problem(str(folder), 1, "", "no questionnaire files (*.yaml) in this folder")
        raise QuestionnaireError([problem])
    loaded = load_files(files, languages)
    if loaded.failed:
        raise QuestionnaireError([*loaded.problems, *loaded.missing_languages])
    return loaded.questionnaires
