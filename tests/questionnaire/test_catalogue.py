"""Each questionnaire's own Welsh: read beside it at run time, made and updated by
``cserq translate``, refused with its line when broken."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cserq.files.problems import FileProblems
from cserq.questionnaire.catalogue import catalogue_path, read_catalogue, update_catalogue
from cserq.questionnaire.loader import load_questionnaire
from cserq.words.wording import Wording
from tests.conftest import SHIPPED, with_files

MINIMAL = Path(__file__).with_name("minimal.yaml")
TEXTS = [
    ("q1", "Is the child safe now?", "sections[0].questions[0].text"),
    ("q1", "Think of today.", "sections[0].questions[0].hint"),
    ("q2", "Does the child go missing?", "sections[0].questions[1].text"),
]


def test_the_shipped_welsh_is_read_beside_the_questionnaire(cserq) -> None:  # type: ignore[no-untyped-def]
    words = Wording(cserq, gettext.NullTranslations(), "cy")
    question = cserq.questions["immediate_danger"]
    assert words.question(question) != question.text
    assert catalogue_path(SHIPPED, "cy").name == "cserq.cy.po"


def test_translate_adds_keeps_flags_and_drops(tmp_path: Path) -> None:
    path = tmp_path / "x.cy.po"
    first = update_catalogue(path, "cy", TEXTS, project="x")
    assert (first.added, first.changed, first.kept, first.dropped) == (3, 0, 0, 0)
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        'msgid "Is the child safe now?"\nmsgstr ""',
        'msgid "Is the child safe now?"\nmsgstr "Ydy\'r plentyn yn ddiogel nawr?"',
    )
    text = text.replace(
        'msgid "Think of today."\nmsgstr ""',
        'msgid "Think of today."\nmsgstr "Meddyliwch am heddiw."',
    )
    path.write_text(text, encoding="utf-8")  # fmt: skip
    changed = [("q1", "Is the child safe tonight?", "sections[0].questions[0].text"), TEXTS[1]]
    second = update_catalogue(path, "cy", changed, project="x")
    assert (second.added, second.changed, second.kept, second.dropped) == (0, 1, 1, 2)
    read = read_catalogue(path, "cy")
    assert read.translated == {("q1", "Think of today."): "Meddyliwch am heddiw."}
    # The changed question keeps its own old Welsh (not its hint's), marked for review.
    assert ("q1", "Is the child safe tonight?") in read.fuzzy
    assert "Ydy'r plentyn yn ddiogel nawr?" in path.read_text(encoding="utf-8")


def test_a_broken_catalogue_is_named_with_its_line(tmp_path: Path) -> None:
    copy = tmp_path / "mini.yaml"
    copy.write_bytes(MINIMAL.read_bytes())
    (tmp_path / "mini.cy.po").write_text('msgid "a"\nmsgstr "b"\nmsgid\n', encoding="utf-8")
    with pytest.raises(FileProblems) as refused:
        load_questionnaire(copy)
    assert re.match(r".*mini\.cy\.po:\d+: not a valid catalogue", str(refused.value))


ODD_CATALOGUES = [b'msgid "x"\nmsgstr "y"\n', b"#, fuzzy\n", b"\xff\xfe", b'msgctxt "q"\n']


@with_files()
@given(
    content=st.one_of(
        st.binary(max_size=300),
        st.text(max_size=300).map(str.encode),
        st.sampled_from(ODD_CATALOGUES),
    )
)
def test_any_catalogue_is_read_or_refused_with_its_line(tmp_path: Path, content: bytes) -> None:
    copy = tmp_path / "mini.yaml"
    copy.write_bytes(MINIMAL.read_bytes())
    (tmp_path / "mini.cy.po").write_bytes(content)
    try:
        load_questionnaire(copy)
    except FileProblems as error:
        for line in str(error).splitlines():
            assert re.match(r"^\S+\.(po|yaml):\d+: \S", line), line
