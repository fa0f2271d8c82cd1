"""Loading questionnaire files: YAML in, a validated :class:`Questionnaire` out, or every problem.

Each problem names the file, the line and the path to the field, e.g.
``questions/cserq.yaml:42: sections[2].questions[0].show_if: unknown question 'agee'``.
Reading the YAML is :mod:`cserq.files.yamlfile`'s job, building the questionnaire
:mod:`cserq.questionnaire.builder`'s, its Welsh :mod:`cserq.questionnaire.catalogue`'s.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

from cserq.files.problems import FileProblems
from cserq.files.yamlfile import read_yaml_file
from cserq.questionnaire.builder import Builder, QuestionnaireReader
from cserq.questionnaire.catalogue import read_catalogues
from cserq.questionnaire.model import Questionnaire


def load_questionnaire(
    path: str | Path, *, name: str | None = None, run_examples: bool = True
) -> Questionnaire:
    """Load, validate and run the examples of one file; raise :class:`FileProblems` if wrong.

    ``name`` is how messages refer to the file (default: the path as given). Without
    ``run_examples`` an example whose outcome differs from what it expects is no problem
    (``cserq diff`` reports it instead).
    """
    reader = QuestionnaireReader(name or str(path))
    _, data, raw = read_yaml_file(path, reader=reader)
    questionnaire = _build(reader, data, raw, run_examples=run_examples)
    catalogues = read_catalogues(Path(path), reader.file)
    return replace(questionnaire, catalogues=catalogues) if catalogues else questionnaire


def questionnaire_from_bytes(data: bytes, name: str) -> Questionnaire:
    """A questionnaire from the bytes of a file, without its Welsh (no file is read)."""
    reader = QuestionnaireReader(name)
    return _build(reader, data, reader.parse(data))


def parsed_yaml(data: bytes, name: str) -> object:
    """The values of a questionnaire file as the loader reads them (``yes`` stays text, a date
    is a date), or None when it is not YAML."""
    return QuestionnaireReader(name).parse(data)


def _build(
    reader: QuestionnaireReader, data: bytes, raw: object, *, run_examples: bool = True
) -> Questionnaire:
    questionnaire = None
    if not reader.problems:
        builder = Builder(reader, run_examples=run_examples)
        questionnaire = builder.build(raw, content_hash=hashlib.sha256(data).hexdigest())
    if questionnaire is None or reader.problems:
        raise FileProblems(reader.problems)
    return questionnaire
