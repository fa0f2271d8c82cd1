"""Loading a set of questionnaire files as the app does: each file, then what concerns them all.

``cserq check`` and the app's start-up both call :func:`load_files`, so a folder that passes the
check is one the app starts with, and the other way round.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from cserq.base.languages import DEFAULT_LANGUAGE, LANGUAGES
from cserq.base.text import brief
from cserq.files.problems import FileProblems, Problem
from cserq.questionnaire.catalogue import catalogue_path
from cserq.questionnaire.loader import load_questionnaire
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
    """Load every file, then check them together: ids unique, each offered as a choice that
    looks like no other (:func:`choice_problem`), translations there."""
    languages = tuple(languages)
    loaded = Loaded()
    first_with: dict[str, str] = {}
    choices: dict[tuple[str, str, str], tuple[str, Questionnaire]] = {}
    for file in files:
        shown = name(file)
        try:
            questionnaire = load_questionnaire(file, name=shown)
        except FileProblems as error:
            loaded.problems.extend(error.problems)
            loaded.failed.add(shown)
            _translations_of_failed(file, shown, languages, loaded)
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
        clash = choice_problem(questionnaire, shown, languages, choices)
        if clash is not None:
            loaded.problems.append(clash)
            loaded.failed.add(shown)
            continue
        if not _translations_complete(questionnaire, shown, languages, loaded):
            loaded.failed.add(shown)
            continue
        loaded.questionnaires[questionnaire.id] = questionnaire
    return loaded


def _translations_complete(
    questionnaire: Questionnaire, shown: str, languages: Sequence[str], loaded: Loaded
) -> bool:
    """Whether every text has a translation into each language; adds to ``loaded`` what is
    missing."""
    complete = True
    for language in languages:
        missing = translation_problems(questionnaire, [language])
        if missing:
            complete = False
            loaded.untranslated.extend(missing)
            catalogue = questionnaire.catalogues.get(language)
            review = catalogue is not None and bool(catalogue.fuzzy)
            loaded.missing_languages.append(_untranslated(shown, language, missing, review))
    return complete


def _translations_of_failed(
    file: Path, shown: str, languages: Sequence[str], loaded: Loaded
) -> None:
    """The missing translations of a file refused only for its worked examples, so that every
    problem is said at once, as for the rest: fixing an example must not reveal, only then,
    a missing Welsh text. A file with other problems cannot be read far enough to list them."""
    try:
        questionnaire = load_questionnaire(file, name=shown, run_examples=False)
    except FileProblems:
        return
    _translations_complete(questionnaire, shown, languages, loaded)


def shown_alike(text: str) -> str:
    """``text`` as a reader tells it from another: runs of spaces of any kind as one space, none
    at either end, letters in one Unicode form (NFKC) and case folded. Two titles equal after
    this look the same on the start page (HTML shows "A  B" as "A B")."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def choice_problem(
    questionnaire: Questionnaire,
    shown: str,
    languages: Sequence[str],
    choices: dict[tuple[str, str, str], tuple[str, Questionnaire]],
) -> Problem | None:
    """A problem if the start page would show ``questionnaire`` as it shows one in ``choices``:
    the same title and version in English or in a language offered (compared by
    :func:`shown_alike`). Otherwise it joins ``choices``."""
    version = shown_alike(questionnaire.version)
    keys = []
    for language in dict.fromkeys((DEFAULT_LANGUAGE, *languages)):
        title = _title(questionnaire, language)
        if title is None:
            continue  # no translation yet: the translation check says so
        key = (language, shown_alike(title), version)
        if key in choices:
            other_file, other = choices[key]
            which, where = "title", ""
            if language != DEFAULT_LANGUAGE:
                which = f"{LANGUAGES[language]} ({language}) title"
                where = f" (in {catalogue_path(shown, language).as_posix()})"
            return Problem(
                shown,
                questionnaire.lines.get("title", 1),
                "title",
                f"another file, {other_file}, has the same {which}, {brief(title)}, and the same"
                f" version, {brief(other.version)}, so the start page would offer two choices"
                f" that look the same: give this questionnaire its own title{where}",
            )
        keys.append(key)
    for key in keys:
        choices[key] = (shown, questionnaire)
    return None


def _title(questionnaire: Questionnaire, language: str) -> str | None:
    if language == DEFAULT_LANGUAGE:
        return questionnaire.title
    catalogue = questionnaire.catalogues.get(language)
    return catalogue.translated.get(("title", questionnaire.title)) if catalogue else None


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

    Raises :class:`FileProblems` with every problem of every file, one line each.
    """
    files = questionnaire_files(folder)
    if not files:
        problem = Problem(str(folder), 1, "", "no questionnaire files (*.yaml) in this folder")
        raise FileProblems([problem])
    loaded = load_files(files, languages)
    if loaded.failed:
        raise FileProblems([*loaded.problems, *loaded.missing_languages])
    return loaded.questionnaires


def questionnaire_files(folder: str | Path) -> list[Path]:
    """The questionnaire files in a folder, in name order."""
    try:
        return sorted(
            p for p in Path(folder).iterdir() if p.suffix in (".yaml", ".yml") and p.is_file()
        )
    except OSError as error:
        problem = Problem(str(folder), 1, "", f"cannot read the folder: {error.strerror or error}")
        raise FileProblems([problem]) from None
