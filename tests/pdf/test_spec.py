"""``cserq spec``: the whole questionnaire as a document a clinical safety officer signs off:
every question and rule in it, in plain words, in English, Welsh or both, and the exact file it
describes (id, version, content hash) on every page."""

from __future__ import annotations

import datetime
import gettext
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from cserq.authoring.spec import render_spec
from cserq.base.languages import translations
from cserq.cli import main
from cserq.questionnaire.builder import FORBIDDEN_WORDING
from cserq.questionnaire.loader import load_questionnaire, questionnaire_from_bytes
from cserq.questionnaire.model import Questionnaire
from cserq.questionnaire.outcome import decide
from cserq.questionnaire.reassurance import find_reassurance
from cserq.words.wording import Wording
from tests.hypo import slow_settings
from tests.pdf.test_note import flat, read
from tests.questionnaire.test_loader_errors import MINIMAL

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "questions" / "cserq.yaml"
WHEN = datetime.datetime(2026, 11, 23, 10, 0)


def spec_text(questionnaire: Questionnaire, language: str) -> tuple[list[str], str]:
    pdf = render_spec(questionnaire, language=language, generated_at=WHEN, invariant=True)
    _, pages = read(pdf)
    # Each page ends with its footer (id and hash, made, page X of Y); without it a text that
    # runs over a page break still reads as one.
    bodies = ["\n".join(page.splitlines()[:-3]) for page in pages]
    return pages, flat(bodies)


def words_in(questionnaire: Questionnaire, language: str) -> Wording:
    t = gettext.NullTranslations() if language == "en" else translations(language)
    return Wording(questionnaire, t, language)


@pytest.mark.parametrize("language", ["en", "cy"])
def test_every_question_option_rule_and_example_is_in_the_document(
    cserq: Questionnaire, language: str
) -> None:
    _, text = spec_text(cserq, language)
    words = words_in(cserq, language)
    for question in cserq.questions.values():
        assert words.question(question) in text, question.id
        assert f"Id: {question.id}" in text or f"Dynodydd: {question.id}" in text
        for code, option in words.options(question):
            assert f"{option} ({code})" in text
        if question.show_if is not None:
            for line in words.plain(question.show_if).lines():
                assert line.strip() in text, question.id
    for rule in cserq.rules:
        assert rule.id in text
        assert words.rule_reason(rule) in text
        for line in words.plain(rule.when).lines():
            assert line.strip() in text, rule.id
    for example in cserq.examples:
        assert words.example_name(example) in text
        assert words.level_title(decide(cserq, example.answers).level) in text
    for prompt in cserq.prompts:
        assert words.prompt_title(prompt) in text
    for source in cserq.sources:
        assert f"{source.id}: {' '.join(words.source_title(source).split())}" in text


def _typed_in_examples(questionnaire: Questionnaire) -> list[str]:
    return [
        answer
        for example in questionnaire.examples
        for question_id, answer in example.answers.items()
        if questionnaire.questions[question_id].kind == "text" and isinstance(answer, str)
    ]


def test_the_welsh_document_gives_sources_and_worked_examples_in_welsh(
    cserq: Questionnaire,
) -> None:
    _, welsh = spec_text(cserq, "cy")
    english = [source.title for source in cserq.sources]
    english += [example.name for example in cserq.examples]
    english += _typed_in_examples(cserq)
    assert len(english) > 70
    assert [text for text in english if " ".join(text.split()) in welsh] == []
    assert "Gweithio gyda'n Gilydd i Ddiogelu Pobl, Cyfrol 7" in welsh
    assert "Deddf Gwasanaethau Cymdeithasol a Llesiant (Cymru) 2014" in welsh
    assert "y tu allan gyda dyn mewn car" in welsh


def test_check_names_a_source_or_an_example_with_no_welsh(tmp_path: Path) -> None:
    shutil.copy(SHIPPED, tmp_path / "q.yaml")
    po = (ROOT / "questions" / "cserq.cy.po").read_text(encoding="utf-8")
    for welsh in ("Deddf Troseddau Rhywiol 2003, adrannau 5 i 8 (plant dan 13 oed)",
                  "dau arwydd allweddol", "y tu allan gyda dyn mewn car"):  # fmt: skip
        assert po.count(f'msgstr "{welsh}"') == 1
        po = po.replace(f'msgstr "{welsh}"', 'msgstr ""')
    (tmp_path / "q.cy.po").write_text(po, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(tmp_path / "q.yaml")])
    assert result.exit_code == 1
    assert re.search(r"q\.yaml:\d+: sources\[4\]\.title: no Cymraeg", result.output)
    assert re.search(
        r"q\.yaml:\d+: examples\[\d+\]\.name: no Cymraeg .*'two key signs'", result.output
    )
    assert re.search(
        r"q\.yaml:\d+: examples\[\d+\]\.answers\.danger_details: no Cymraeg", result.output
    )


def test_every_page_names_the_file_it_describes(cserq: Questionnaire) -> None:
    pages, _ = spec_text(cserq, "cy+en")
    assert len(pages) > 10
    for number, page in enumerate(pages, start=1):
        squashed = re.sub(r"\s+", " ", page)
        assert f"{cserq.id} · {cserq.version} · sha256 {cserq.content_hash}" in squashed
        assert f"{number} o {len(pages)} / Page {number} of {len(pages)}" in squashed
        assert f"cy {cserq.catalogues['cy'].content_hash[:12]}" in squashed


def test_both_languages_give_the_whole_document_in_each(cserq: Questionnaire) -> None:
    _, both = spec_text(cserq, "cy+en")
    _, english = spec_text(cserq, "en")
    assert both.index("Manyleb yr holiadur") < both.index("Questionnaire specification")
    assert "At least 2 of these questions are answered “Yes”:" in english
    assert "Mae o leiaf 2 o'r cwestiynau hyn wedi'u hateb “Ie”:" in both
    assert "The answer to" not in spec_text(cserq, "cy")[1]


def test_the_command_writes_the_document_and_says_what_it_describes(tmp_path: Path) -> None:
    out = tmp_path / "spec.pdf"
    result = CliRunner().invoke(main, ["spec", str(SHIPPED), "--pdf", str(out), "--lang", "en"])
    assert result.exit_code == 0, result.output
    q = load_questionnaire(SHIPPED)
    assert f"{q.id} version {q.version}, content hash {q.short_hash}" in result.stderr
    assert out.read_bytes().startswith(b"%PDF-")


def test_a_missing_welsh_text_stops_a_welsh_document_with_its_file_and_line(
    tmp_path: Path,
) -> None:
    shutil.copy(SHIPPED, tmp_path / "q.yaml")
    po = (ROOT / "questions" / "cserq.cy.po").read_text(encoding="utf-8")
    (tmp_path / "q.cy.po").write_text(
        po.replace('msgstr "Diogelwch nawr"', 'msgstr ""'), encoding="utf-8"
    )
    out = tmp_path / "spec.pdf"
    args = ["spec", str(tmp_path / "q.yaml"), "--pdf", str(out), "--lang", "cy+en"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1
    assert re.search(r"q\.yaml:\d+: sections\[0\]\.title: no Cymraeg", result.output)
    assert not out.exists()
    english = CliRunner().invoke(main, [*args[:-1], "en"])
    assert english.exit_code == 0


TEXT = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1
).filter(
    # Text the loader accepts anywhere: no wording that could reassure ("NFA" is one).
    lambda t: t.strip() and not FORBIDDEN_WORDING.search(t) and find_reassurance(t) is None
)


@pytest.mark.slow
@slow_settings()
@given(TEXT, TEXT)
def test_any_text_a_questionnaire_holds_gives_a_document(question: str, reason: str) -> None:
    def quoted(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    source = MINIMAL.replace("text: Bruises?", f"text: {quoted(question)}").replace(
        "reason: In danger.", f"reason: {quoted(reason)}"
    )
    q = questionnaire_from_bytes(source.encode(), "q.yaml")
    pdf = render_spec(q, language="en", generated_at=WHEN, invariant=True)
    assert pdf.startswith(b"%PDF-")
    if question.isascii() and question.isprintable() and len(question.strip()) > 3:
        _, text = spec_text(q, "en")
        assert " ".join(question.split()) in text
