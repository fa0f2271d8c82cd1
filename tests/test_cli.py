"""The ``cserq`` command as a rule author uses it: check files, try answers."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st
from pypdf import PdfReader

from cserq import create_app
from cserq.cli import main
from cserq.files.problems import FileProblems
from tests.conftest import SHIPPED
from tests.hypo import fewer_settings, slow_settings

MINIMAL = (Path(__file__).parent / "questionnaire" / "minimal.yaml").read_text(encoding="utf-8")

WriteFile = Callable[[str, str], Path]


@pytest.fixture
def english_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """The small test questionnaire has no Welsh in the app's catalogue."""
    monkeypatch.setenv("CSERQ_LANGUAGES", "en")


def run(*args: str | Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


def test_check_passes_the_shipped_questionnaire_by_default(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("CSERQ_QUESTIONS_DIR", raising=False)
    code, out, _ = run("check")
    assert code == 0
    assert "cserq.yaml: ok: cserq version" in out
    assert "examples give the expected outcome" in out


def test_a_questionnaire_on_another_drive_is_named_whole_not_a_traceback(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """On Windows the app may sit on C: while the user works in H:, and a path on another
    drive has no relative form (found running the Windows bundle): the path is shown whole."""

    def other_drive(path: object, start: object = None) -> str:
        raise ValueError("path is on mount 'C:', start on mount 'H:'")

    monkeypatch.setattr("os.path.relpath", other_drive)
    monkeypatch.delenv("CSERQ_QUESTIONS_DIR", raising=False)
    code, out, err = run("check")
    assert code == 0, err
    assert "/questions/cserq.yaml: ok: cserq version" in out


@pytest.mark.usefixtures("english_only")
def test_check_reads_the_folder_named_by_the_setting(
    monkeypatch: pytest.MonkeyPatch, write_file: WriteFile
) -> None:
    path = write_file("local.yaml", MINIMAL)
    monkeypatch.setenv("CSERQ_QUESTIONS_DIR", str(path.parent))
    code, out, _ = run("check")
    assert code == 0
    assert "local.yaml: ok: mini version 1" in out


@pytest.mark.usefixtures("english_only")
def test_check_prints_one_line_per_problem_and_exits_1(write_file: WriteFile) -> None:
    good = write_file("good.yaml", MINIMAL)
    bad = write_file("bad.yaml", MINIMAL.replace("level: emergency", "level: urgent"))
    code, out, err = run("check", good, bad)
    assert code == 1
    lines = out.splitlines()
    assert "good.yaml: ok: mini version 1, 7 questions, 3 rules, 2 examples" in lines[0]
    line = MINIMAL.splitlines().index("    level: emergency") + 1
    assert lines[1].endswith(
        f"bad.yaml:{line}: rules[0].level: unknown level 'urgent'"
        "; levels: emergency, report, discuss, review"
    )
    assert "1 of 2 files have problems" in err


@pytest.mark.usefixtures("english_only")
def test_check_a_folder(write_file: WriteFile) -> None:
    path = write_file("one.yaml", MINIMAL)
    code, out, _ = run("check", path.parent)
    assert code == 0
    assert "one.yaml: ok" in out


def test_check_reports_each_text_without_welsh_with_its_line(
    write_file: WriteFile, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CSERQ_LANGUAGES", raising=False)
    path = write_file("mini.yaml", MINIMAL)
    code, out, _ = run("check", path)
    assert code == 1
    line = MINIMAL.splitlines().index("        text: In danger now?") + 1
    assert (
        f"mini.yaml:{line}: sections[0].questions[0].text: no Cymraeg (cy) translation of"
        " 'In danger now?' (context immediate_danger); add it to "
    ) in out
    assert "mini.cy.po (cserq translate makes or updates that file)" in out


def test_a_failing_example_does_not_hide_missing_welsh(
    write_file: WriteFile, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CSERQ_LANGUAGES", raising=False)
    wrong = MINIMAL.replace(
        "answers: {immediate_danger: yes, age: 10}\n    others: no\n    expect: emergency",
        "answers: {immediate_danger: yes, age: 10}\n    others: no\n    expect: review",
    )
    assert wrong != MINIMAL
    path = write_file("mini.yaml", wrong)
    code, out, _ = run("check", path)
    assert code == 1
    assert "example 'danger' expects review, but the rules give emergency" in out
    assert re.search(r"mini\.yaml:\d+: \d+ texts have no Cymraeg \(cy\) translation", out), out
    assert "no Cymraeg (cy) translation of 'In danger now?'" in out, "each text is listed too"
    assert "ok:" not in out


def test_a_failing_example_with_its_welsh_complete_says_only_the_example(
    write_file: WriteFile, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CSERQ_LANGUAGES", "en")
    wrong = MINIMAL.replace("expect: emergency", "expect: review", 1)
    code, out, _ = run("check", write_file("mini.yaml", wrong))
    assert code == 1
    assert "translation" not in out


@fewer_settings()
@given(broken=st.lists(st.booleans(), min_size=2, max_size=2), welsh=st.booleans())
def test_check_says_every_broken_example_and_the_missing_welsh_together(
    broken: list[bool], welsh: bool
) -> None:
    text = MINIMAL
    if broken[0]:
        text = text.replace("expect: emergency", "expect: review", 1)
    if broken[1]:
        text = text.replace(
            "    others: no\n    expect: review", "    others: no\n    expect: report"
        )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "mini.yaml"
        path.write_text(text, encoding="utf-8")
        result = CliRunner(env={"CSERQ_LANGUAGES": "en,cy" if welsh else "en"}).invoke(
            main, ["check", "--brief", str(path)]
        )
    out = result.stdout
    assert ("example 'danger' expects" in out) == broken[0]
    assert ("example 'nothing' expects" in out) == broken[1]
    assert ("no Cymraeg (cy) translation" in out) == welsh
    assert result.exit_code == (1 if welsh or any(broken) else 0)


SHIPPED_WELSH = SHIPPED.with_name("cserq.cy.po")
STI = "text: Has the child had a sexually transmitted infection?"
STI_CHANGED = "text: Has the child ever had a sexually transmitted infection?"


@pytest.fixture
def copied(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A safeguarding lead's copy of the shipped questionnaire under a new id, with its Welsh."""
    monkeypatch.delenv("CSERQ_LANGUAGES", raising=False)
    copy = tmp_path / "anytown.yaml"
    copy.write_text(
        SHIPPED.read_text(encoding="utf-8").replace("id: cserq\n", "id: anytown\n", 1),
        encoding="utf-8",
    )
    (tmp_path / "anytown.cy.po").write_bytes(SHIPPED_WELSH.read_bytes())
    return copy


def test_a_copy_under_a_new_id_keeps_its_welsh(copied: Path) -> None:
    code, out, _ = run("check", copied)
    assert code == 0, out
    assert "anytown.yaml: ok: anytown version" in out


def test_a_changed_english_text_needs_its_welsh_reviewed(copied: Path) -> None:
    copied.write_text(copied.read_text(encoding="utf-8").replace(STI, STI_CHANGED))
    code, out, _ = run("check", copied)
    assert code == 1
    assert out.count("translation of") == 1
    assert "'Has the child ever had a sexually transmitted infection?' (context sti)" in out
    # cserq translate keeps the old Welsh, marked for review, and check says so.
    code, out, _ = run("translate", copied)
    assert code == 0
    assert "anytown.cy.po: 0 new to translate, 1 changed (marked fuzzy, to review)" in out
    po = copied.with_name("anytown.cy.po")
    old_english = (
        "# The English this was translated from:"
        " Has the child had a sexually transmitted infection?\n"
    )
    entry = 'msgctxt "sti"\nmsgid "Has the child ever had a sexually transmitted infection?"'
    assert f"{old_english}#. sections[3].questions[1].text\n#, fuzzy\n{entry}" in po.read_text()
    code, out, _ = run("check", copied)
    assert code == 1
    assert re.search(r"needs review: the English changed \(.*anytown\.cy\.po:\d+ is marked", out)
    # Translate again: the entry is unchanged (the old English is one line Babel reads back).
    run("translate", copied)
    assert po.read_text().count(old_english) == 1
    # Reviewed (the mark removed): check passes, and the next translate drops the old English.
    po.write_text(po.read_text().replace("#, fuzzy\n", ""), encoding="utf-8")
    assert run("check", copied)[0] == 0
    run("translate", copied)
    assert old_english not in po.read_text()
    assert run("check", copied)[0] == 0


def test_check_and_start_up_agree_on_a_folder_with_two_files_of_one_id(
    write_file: WriteFile, english_only: None
) -> None:
    first = write_file("a.yaml", MINIMAL)
    write_file("b.yaml", MINIMAL.replace("version: '1'", "version: '2'"))
    code, out, _ = run("check", first.parent)
    assert code == 1
    assert re.search(r"b\.yaml:\d+: id: another file, .*a\.yaml, has the id 'mini'", out)
    with pytest.raises(FileProblems) as refused:
        create_app({"QUESTIONS_DIR": str(first.parent)})
    assert "has the id 'mini'" in str(refused.value)


@pytest.mark.parametrize("folder_state", ["good", "duplicate", "broken", "no welsh", "empty"])
def test_check_passes_exactly_the_folders_the_app_starts_with(
    write_file: WriteFile, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, folder_state: str
) -> None:
    monkeypatch.delenv("CSERQ_LANGUAGES", raising=False)
    folder = tmp_path / "questions"
    folder.mkdir()
    shipped = SHIPPED.read_text(encoding="utf-8")
    if folder_state != "empty":
        (folder / "one.yaml").write_text(shipped, encoding="utf-8")
        (folder / "one.cy.po").write_bytes(SHIPPED.with_name("cserq.cy.po").read_bytes())
    if folder_state == "duplicate":
        (folder / "two.yaml").write_text(shipped, encoding="utf-8")
        (folder / "two.cy.po").write_bytes(SHIPPED.with_name("cserq.cy.po").read_bytes())
    if folder_state == "broken":
        (folder / "two.yaml").write_text("id: [", encoding="utf-8")
    if folder_state == "no welsh":
        (folder / "two.yaml").write_text(MINIMAL, encoding="utf-8")
    code, _out, _err = run("check", folder)
    try:
        create_app({"QUESTIONS_DIR": str(folder)})
        started = True
    except FileProblems:
        started = False
    assert (code == 0) == started
    assert started == (folder_state == "good")


def test_missing_welsh_stops_start_up_with_one_line_saying_what_to_do(tmp_path: Path) -> None:
    (tmp_path / "mini.yaml").write_text(MINIMAL, encoding="utf-8")
    process = subprocess.run(
        [sys.executable, "-m", "cserq", "serve", "--no-browser", "--port", "0"],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "CSERQ_QUESTIONS_DIR": str(tmp_path), "CSERQ_LANGUAGES": "en,cy"},
    )
    assert process.returncode == 1
    lines = process.stdout.strip().splitlines()
    assert len(lines) == 1, lines
    assert re.match(r".*mini\.yaml:\d+: \d+ texts have no Cymraeg \(cy\) translation", lines[0])
    assert "CSERQ_LANGUAGES=en" in lines[0]
    assert "Traceback" not in process.stderr


@pytest.mark.parametrize(
    "args", [("check", "no-such-file.yaml"), ("decide", SHIPPED), ("frobnicate",)]
)
def test_a_bad_command_line_exits_2(args: tuple[str, ...]) -> None:
    code, _, err = run(*args)
    assert code == 2
    assert "Usage:" in err


def decide_json(write_file: WriteFile, answers: dict[str, object], *extra: str) -> dict:
    path = write_file("answers.json", json.dumps(answers))
    code, out, _ = run("decide", SHIPPED, "--answers", path, *extra)
    assert code == 0, out
    return json.loads(out)


def test_decide_prints_level_reasons_and_prompts(write_file: WriteFile) -> None:
    result = decide_json(
        write_file, {"age": 12, "sexual_activity": "yes", "looked_after": "yes"}, "--others", "no"
    )
    assert result["level"] == "report"
    assert result["title"] == "Make a report to social services now"
    assert result["reasons"] == [
        {
            "rule": "under_13_sexual_contact",
            "level": "report",
            "reason": "The child is under 13 and has had, or may have had, sexual contact (a"
            " sexually transmitted infection or a pregnancy counts; for a baby, a paediatric"
            " assessment can tell whether an infection was passed on at birth). A child under 13"
            " cannot consent to any sexual contact in law.",
            "answers": {"age": 12, "sexual_activity": "yes"},
            "sources": ["soa_2003", "wsp_cse", "spotting_signs"],
        }
    ]
    assert [p["id"] for p in result["prompts"]] == [
        "under_13",
        "police",
        "social_worker",
        "vulnerability",
    ]
    assert result["questionnaire"]["id"] == "cserq"


def test_decide_counts_questions_left_out_as_dont_know(write_file: WriteFile) -> None:
    path = write_file("answers.json", json.dumps({"age": 15, "immediate_danger": "no"}))
    code, out, err = run("decide", SHIPPED, "--answers", path)
    assert code == 0
    result = json.loads(out)
    assert result["level"] == "discuss"
    assert "injuries" in result["unanswered"]
    assert "counted as don't know: " in err
    assert "disclosure" in err.split("counted as don't know: ")[1]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"age": 12,', "answers.json:1: not valid JSON"),
        ("[1, 2]", "answers.json:1: expected a JSON object"),
        (
            '{\n "age": 12,\n "agee": 12}',
            "answers.json:3: agee: no question has this id (did you mean 'age'?)",
        ),
        ('{\n\n "age": 300}', "answers.json:3: age: 300 is more than the maximum, 25"),
        (
            '{"age": 12,\n"injuries": "maybe"}',
            "answers.json:2: injuries: 'maybe' is not one of yes, no, unknown",
        ),
        (
            '{"concern_date": "31/12/2025"}',
            "answers.json:1: concern_date: '31/12/2025' is not a date written as YYYY-MM-DD",
        ),
        ('\ufeff{"age": "x"}', "answers.json:1: age: 'x' is not a whole number"),
        ('{"age": 12,\n "age": 13}', "answers.json:2: age: the key 'age' appears twice"),
        ('{\n"age": 1' + "2" * 5000 + "}", "answers.json:2: a number with more than 18 digits"),
        ('{"age": 1e999}', "answers.json:1: the number '1e999' is too large"),
        ('{"age": NaN}', "answers.json:1: NaN is not a number JSON allows"),
        ("[" * 100_000, "answers.json:1: the file nests too deeply"),
        ('{"title": "' + "x" * 10_000 + '"}', "title: no question has this id"),
        ('{"age": "' + "1" * 10_000 + '"}', "(10,000 characters) is not a whole number"),
    ],
)
def test_decide_explains_a_bad_answers_file(
    write_file: WriteFile, content: str, message: str
) -> None:
    path = write_file("answers.json", content)
    code, out, _ = run("decide", SHIPPED, "--answers", path)
    assert code == 1
    assert message in out
    assert "Traceback" not in out
    assert len(out) < 500, "a message repeats at most a little of what the file holds"


def test_a_huge_answers_file_is_refused_at_once(write_file: WriteFile) -> None:
    path = write_file("answers.json", '{"title": "' + "x" * 50_000_000 + '"}')
    code, out, _ = run("decide", SHIPPED, "--answers", path)
    assert code == 1
    assert out.strip() == f"{path}:1: the file is larger than 1024 KB"


def test_decide_on_a_broken_questionnaire_lists_its_problems(write_file: WriteFile) -> None:
    broken = write_file("broken.yaml", MINIMAL.replace("kind: choice", "kind: pick"))
    answers = write_file("answers.json", "{}")
    code, out, _ = run("decide", broken, "--answers", answers)
    assert code == 1
    assert "broken.yaml:" in out
    assert "unknown kind 'pick'" in out


def test_the_installed_command_runs() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "cserq", "check", str(SHIPPED)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert "cserq.yaml: ok" in completed.stdout


def test_decide_writes_the_note_only_where_told(write_file: WriteFile, tmp_path: Path) -> None:
    answers = write_file("answers.json", json.dumps({"age": 14, "disclosure": "yes"}))
    details = write_file(
        "details.json",
        json.dumps(
            {
                "child": {"name": "Siân Ŵyn", "nhs_number": "943 476 5919"},
                "practitioner": {"name": "Nyrs Ŷ"},
                "notes": {"disclosure": {"text": "Told me at clinic", "source": "child_said"}},
                "decision": {"choice": "report"},
            }
        ),
    )
    before = set(tmp_path.iterdir())
    code, out, err = run(
        "decide", SHIPPED, "--answers", answers, "--others", "no",
        "--details", details, "--pdf", tmp_path / "note.pdf",
    )  # fmt: skip
    assert code == 0, out
    assert json.loads(out)["level"] == "report"
    assert set(tmp_path.iterdir()) - before == {tmp_path / "note.pdf"}
    text = "".join(page.extract_text() for page in PdfReader(tmp_path / "note.pdf").pages)
    assert "Siân Ŵyn" in text
    assert "Told me at clinic" in text
    assert "wrote the note to" in err


def test_the_note_uses_the_configured_marking_and_contacts(
    write_file: WriteFile, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    contacts = write_file(
        "contacts.yaml",
        "contacts:\n  - name: Anytown Children's Services\n    phone: 01234 567890\n",
    )
    monkeypatch.setenv("CSERQ_CONTACTS_FILE", str(contacts))
    monkeypatch.setenv("CSERQ_MARKING", "OFFICIAL")
    answers = write_file("answers.json", json.dumps({"age": 14}))
    code, out, _ = run("decide", SHIPPED, "--answers", answers, "--pdf", tmp_path / "n.pdf")
    assert code == 0, out
    text = "".join(page.extract_text() for page in PdfReader(tmp_path / "n.pdf").pages)
    assert "Anytown Children's Services" in text
    assert "OFFICIAL\n" in text
    assert "OFFICIAL-SENSITIVE" not in text


def test_a_contacts_file_may_say_what_the_questionnaire_may_not(
    write_file: WriteFile, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The wording ban is the questionnaire builder's: a health board's contacts may say how
    they sort concerns, in their own words, and the note carries them as written."""
    contacts = write_file(
        "contacts.yaml",
        "contacts:\n  - name: Anytown Children's Services\n    phone: 01234 567890\n"
        "    notes: For low risk concerns, use the online form.\n",
    )
    monkeypatch.setenv("CSERQ_CONTACTS_FILE", str(contacts))
    answers = write_file("answers.json", json.dumps({"age": 14}))
    code, out, _ = run("decide", SHIPPED, "--answers", answers, "--pdf", tmp_path / "n.pdf")
    assert code == 0, out
    text = " ".join(page.extract_text() for page in PdfReader(tmp_path / "n.pdf").pages)
    assert "For low risk concerns, use the online form." in " ".join(text.split())
    broken = MINIMAL.replace("text: Bruises?", "text: Bruises? For low risk concerns, wait.")
    code, out, _ = run("check", write_file("q.yaml", broken))
    assert code == 1
    assert "sections[1].questions[0].text: this text could tell a practitioner" in out


def test_a_broken_contacts_file_is_named_with_its_line(
    write_file: WriteFile, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    contacts = write_file("contacts.yaml", "contacts:\n  - phone: 01234 567890\n")
    monkeypatch.setenv("CSERQ_CONTACTS_FILE", str(contacts))
    answers = write_file("answers.json", json.dumps({"age": 14}))
    code, out, _ = run("decide", SHIPPED, "--answers", answers, "--pdf", tmp_path / "n.pdf")
    assert code == 1
    assert "contacts.yaml:2: contacts[0]: missing key 'name'" in out
    assert not (tmp_path / "n.pdf").exists()


@pytest.mark.parametrize(
    ("details", "message"),
    [
        ({"child": {"nhs_number": "943 476 5918"}}, "child.nhs_number: not a valid NHS number"),
        ({"child": {"shoe_size": "5"}}, "child.shoe_size: unknown field"),
        ({"decision": {"choice": "maybe"}}, "decision.choice: expected one of emergency"),
        ({"notes": {"injuries": {"text": "x", "source": "rumour"}}}, "notes.injuries.source"),
        ({"notes": {"agee": {"text": "x"}}}, "notes.agee: no question has this id"),
        ({"anonymised": "yes"}, "anonymised: expected true or false"),
        ({"child": {"date_of_birth": "31/02/2012"}}, "child.date_of_birth: not a date of birth"),
    ],
)
def test_a_bad_details_file_is_explained(
    write_file: WriteFile, tmp_path: Path, details: dict[str, object], message: str
) -> None:
    answers = write_file("answers.json", json.dumps({"age": 14}))
    details_file = write_file("details.json", json.dumps(details))
    code, out, _ = run(
        "decide", SHIPPED, "--answers", answers, "--details", details_file,
        "--pdf", tmp_path / "n.pdf",
    )  # fmt: skip
    assert code == 1
    assert message in out
    assert not (tmp_path / "n.pdf").exists()


def test_long_many_line_text_in_every_field_gives_a_note(
    write_file: WriteFile, tmp_path: Path
) -> None:
    lines = "\n".join(f"07700 900{i:03d}" for i in range(200))
    answers = write_file(
        "answers.json",
        json.dumps({"age": 14, "immediate_danger": "yes", "danger_details": lines[:500]}),
    )
    details = {
        "child": {"address": lines[:500], "household": lines[:500], "name": "Ŵ" * 200},
        "practitioner": {"contact": lines[:200]},
        "notes": {"injuries": {"text": lines[:1000], "source": "seen"}},
        "decision": {"choice": "emergency", "reason": "محمد " * 400},
    }
    details_file = write_file("details.json", json.dumps(details))
    code, out, err = run(
        "decide", SHIPPED, "--answers", answers, "--others", "unknown",
        "--details", details_file, "--pdf", tmp_path / "n.pdf", "--lang", "cy+en",
    )  # fmt: skip
    assert code == 0, out + err
    assert "Traceback" not in out + err
    text = "".join(page.extract_text() for page in PdfReader(tmp_path / "n.pdf").pages)
    assert "07700 900037" in text  # the last whole line of a 500-character field


def test_decide_takes_a_number_written_as_text(write_file: WriteFile) -> None:
    result = decide_json(write_file, {"age": "12", "sexual_activity": "yes"}, "--others", "no")
    assert result["level"] == "report"


def _decide_in(folder: Path, *extra: str) -> tuple[int, str, str]:
    """``cserq decide`` run from ``folder``, so that relative paths name its files."""
    (folder / "a.json").write_text(json.dumps({"age": 14}), encoding="utf-8")
    (folder / "d.json").write_text("{}", encoding="utf-8")
    shutil.copyfile(SHIPPED, folder / "q.yaml")  # a copy: a test must never risk the shipped one
    old = Path.cwd()
    os.chdir(folder)
    try:
        return run("decide", "q.yaml", "--answers", "a.json", *extra)
    finally:
        os.chdir(old)


@pytest.mark.parametrize(
    ("extra", "option"),
    [
        (("--pdf", "a.json"), "--pdf"),
        (("--pdf", "./a.json"), "--pdf"),
        (("--fhir", "a.json"), "--fhir"),
        (("--details", "d.json", "--pdf", "d.json"), "--pdf"),
        (("--pdf", "n.out", "--fhir", "./n.out"), "--fhir"),
        (("--pdf", "link.json"), "--pdf"),
        (("--fhir", "q.yaml"), "--fhir"),
    ],
)
def test_decide_refuses_to_write_over_a_file_it_reads(
    tmp_path: Path, extra: tuple[str, ...], option: str
) -> None:
    (tmp_path / "link.json").symlink_to(tmp_path / "a.json")
    code, out, err = _decide_in(tmp_path, *extra)
    assert code == 2
    assert out == "", "nothing is printed before the refusal"
    assert len(err.strip().splitlines()) == 1
    assert option in err
    assert "same file" in err
    assert json.loads((tmp_path / "a.json").read_text()) == {"age": 14}
    assert (tmp_path / "d.json").read_text() == "{}"
    assert not (tmp_path / "n.out").exists()
    assert (tmp_path / "q.yaml").read_bytes() == SHIPPED.read_bytes()


@pytest.mark.parametrize("option", ["--pdf", "--fhir"])
@pytest.mark.parametrize("target", ["missing/dir/n.out", "a.json/n.out"])
def test_decide_says_an_output_cannot_be_written_before_printing(
    tmp_path: Path, option: str, target: str
) -> None:
    code, out, _ = _decide_in(tmp_path, option, target)
    assert code == 1
    lines = out.strip().splitlines()
    assert len(lines) == 1, "no outcome is printed before the failure"
    assert lines[0].startswith(f"{target}: cannot write ")
    assert not (tmp_path / "missing").exists()


@pytest.mark.parametrize(
    "args",
    [
        ("spec", SHIPPED, "--pdf", "missing/x.pdf"),
        ("export", SHIPPED, "--fhir", "-o", "missing/x.json"),
        ("schema", "-o", "missing/x.json"),
    ],
)
def test_authoring_commands_say_an_output_cannot_be_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...]
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(*args)
    assert code == 1
    lines = out.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"{args[-1]}: cannot write ")
    assert out.strip().endswith(": No such file or directory")


@pytest.mark.parametrize("args", [("spec", "--pdf"), ("export", "--fhir", "-o")])
def test_authoring_commands_refuse_to_write_over_the_questionnaire(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...]
) -> None:
    shutil.copyfile(SHIPPED, tmp_path / "q.yaml")
    monkeypatch.chdir(tmp_path)
    code, out, err = run(args[0], "q.yaml", *args[1:], "./q.yaml")
    assert code == 2
    assert out == ""
    assert args[-1] in err
    assert "same file" in err
    assert (tmp_path / "q.yaml").read_bytes() == SHIPPED.read_bytes()


@pytest.mark.slow
@slow_settings()
@given(
    names=st.lists(
        st.sampled_from(["a.json", "./a.json", "sub/../a.json", "link.json", "d.json", "b.out"]),
        min_size=2,
        max_size=2,
    ),
    details=st.booleans(),
)
def test_an_output_never_overwrites_an_input_whatever_it_is_called(
    names: list[str], details: bool
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        where = Path(folder)
        (where / "sub").mkdir()
        (where / "link.json").symlink_to(where / "a.json")
        pdf, fhir = names
        extra = ["--pdf", pdf, "--fhir", fhir, *(["--details", "d.json"] if details else [])]
        code, out, err = _decide_in(where, *extra)
        assert "Traceback" not in out + err
        inputs = {(where / "a.json").resolve()} | ({(where / "d.json")} if details else set())
        outputs = [(where / pdf).resolve(), (where / fhir).resolve()]
        if inputs & set(outputs) or outputs[0] == outputs[1]:
            assert code == 2, err
            assert out == ""
            assert "--pdf" in err or "--fhir" in err
        else:
            assert code == 0, out + err
        assert json.loads((where / "a.json").read_text()) == {"age": 14}
        if details:
            assert (where / "d.json").read_text() == "{}"


@pytest.mark.parametrize("option", ["--pdf", "--fhir"])
def test_decide_refuses_a_folder_as_an_output_before_printing(tmp_path: Path, option: str) -> None:
    (tmp_path / "out").mkdir()
    code, out, err = _decide_in(tmp_path, option, "out")
    assert code == 2
    assert out == ""
    assert f"Invalid value for '{option}'" in err
    assert "is a directory" in err
