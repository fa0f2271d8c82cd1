"""A health board's pack: made with ``cserq init``, its own Welsh, its own settings, checked and
run the way the app runs it, and nothing written inside the installed app."""

from __future__ import annotations

import json
import os
import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import assume, given
from hypothesis import strategies as st

from cserq import create_app
from cserq.authoring.packs import pack_copy
from cserq.base.paths import shipped_dir
from cserq.cli import main
from cserq.files.problems import FileProblems
from cserq.questionnaire.folder import load_files
from cserq.questionnaire.loader import load_questionnaire
from cserq.settings.options import SettingError
from cserq.settings.sources import configured
from tests.conftest import with_files
from tests.web.conftest import Clinic
from tests.web.test_clinical_safety import note_text

EXTRA_QUESTION = """\
      - id: school_worry
        kind: yes_no_unknown
        required: true
        category: behavioural
        weight: context
        text: Has the school raised a worry about the child this term?
"""
EXTRA_WELSH = """
#. sections[4].questions[9].text
msgctxt "school_worry"
msgid "Has the school raised a worry about the child this term?"
msgstr "A yw'r ysgol wedi codi pryder am y plentyn y tymor hwn?"
"""


APP_CODE = Path(__file__).resolve().parent.parent / "cserq"


def run(*args: str | Path, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner(env=env).invoke(main, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def snapshot(folder: Path) -> dict[str, float]:
    return {str(p): p.stat().st_mtime for p in folder.rglob("*") if "__pycache__" not in p.parts}


@pytest.fixture
def pack(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in ("CSERQ_LANGUAGES", "CSERQ_QUESTIONS_DIR", "CSERQ_PACK", "CSERQ_MARKING"):
        monkeypatch.delenv(name, raising=False)
    folder = tmp_path / "anytown"
    code, out, _ = run("init", folder, "--id", "anytown_cse")
    assert code == 0, out
    return folder


def add_extra_question(pack: Path, *, welsh: bool) -> Path:
    questionnaire = pack / "questions" / "anytown_cse.yaml"
    text = questionnaire.read_text(encoding="utf-8")
    text = text.replace(
        "      - id: phone_internet\n", EXTRA_QUESTION + "      - id: phone_internet\n"
    )
    questionnaire.write_text(text, encoding="utf-8")
    if welsh:
        catalogue = pack / "questions" / "anytown_cse.cy.po"
        catalogue.write_text(catalogue.read_text(encoding="utf-8") + EXTRA_WELSH, encoding="utf-8")
    return questionnaire


def test_a_new_pack_with_an_extra_question_runs_in_welsh(pack: Path) -> None:
    app_files = snapshot(shipped_dir("questions")) | snapshot(APP_CODE)
    add_extra_question(pack, welsh=True)
    code, out, err = run("check", pack)
    assert code == 0, out
    assert "anytown_cse.yaml: ok: anytown_cse version" in out
    assert "checking" in err
    app = create_app({"TESTING": True, "PACK": str(pack)})
    assert list(app.extensions["cserq"].questionnaires) == ["anytown_cse"]
    clinic = Clinic(app.test_client())
    clinic.get("/language/cy")
    clinic.start()
    page = clinic.get(f"{clinic.case_url}/questions/behavioural")
    assert "A yw'r ysgol wedi codi pryder am y plentyn y tymor hwn?" in page.text
    # `cserq translate` keeps the added Welsh and changes nothing else.
    code, out, _ = run("translate", pack)
    assert "0 new to translate, 0 changed (marked fuzzy, to review)" in out
    after = snapshot(shipped_dir("questions")) | snapshot(APP_CODE)
    assert after == app_files, "nothing may be written inside the app"


def test_a_pack_with_a_missing_welsh_text_names_the_file_and_line(pack: Path) -> None:
    questionnaire = add_extra_question(pack, welsh=False)
    code, out, _ = run("check", pack)
    assert code == 1
    line = (
        questionnaire.read_text(encoding="utf-8")
        .splitlines()
        .index("        text: Has the school raised a worry about the child this term?")
        + 1
    )
    assert re.search(
        rf"anytown_cse\.yaml:{line}: sections\[\d\]\.questions\[\d+\]\.text: no Cymraeg \(cy\)"
        r" translation of 'Has the school raised a worry about the child this term\?'",
        out,
    ), out
    assert "anytown_cse.cy.po" in out
    # The translate command adds the text to the catalogue, empty, for the translator.
    code, out, _ = run("translate", pack)
    assert "1 new to translate" in out


def test_the_packs_settings_apply_and_the_environment_overrides_them(pack: Path) -> None:
    settings_file = pack / "cserq.toml"
    settings_file.write_text(
        settings_file.read_text(encoding="utf-8")
        + 'marking = "OFFICIAL-SENSITIVE PERSONAL"\n'
        + "idle_timeout_minutes = 20\n"
        + 'languages = ["en"]\n',
        encoding="utf-8",
    )
    read = configured({}, pack=pack)
    assert read.marking == "OFFICIAL-SENSITIVE PERSONAL"
    assert read.idle_timeout_minutes == 20
    assert read.languages == ("en",)
    assert read.questions_dir == pack.resolve() / "questions"
    overridden = configured({"CSERQ_MARKING": "OFFICIAL", "CSERQ_PACK": str(pack)})
    assert overridden.marking == "OFFICIAL"
    assert overridden.idle_timeout_minutes == 20


@pytest.mark.parametrize(
    ("line", "said"),
    [
        ("idle_timeout_minutes = 0", r"cserq\.toml:\d+: idle_timeout_minutes = 0: give a whole"),
        ("idel_timeout = 3", r"cserq\.toml:\d+: idel_timeout = 3: not a setting; did you mean"),
        ("marking = 5", r"cserq\.toml:\d+: marking = 5: give the handling marking"),
        ("contacts_file = 'nowhere.yaml'", r"contacts_file = .*there is no file there"),
        ("languages = [", r"cserq\.toml:\d+: not valid TOML"),
    ],
)
def test_a_bad_pack_setting_stops_everything_with_its_file_and_line(
    pack: Path, line: str, said: str
) -> None:
    (pack / "cserq.toml").write_text(f"# a comment\n{line}\n", encoding="utf-8")
    for command in (("check", pack), ("serve", "--no-browser", "--pack", pack)):
        code, _out, err = run(*command)
        assert code == 2
        assert len(err.strip().splitlines()) == 1, err
        assert re.search(said, err), err
    with pytest.raises(SettingError):
        create_app({"PACK": str(pack)})


def test_init_never_overwrites_and_wants_a_plain_id(pack: Path, tmp_path: Path) -> None:
    code, out, _ = run("init", pack, "--id", "anytown_cse")
    assert code == 1
    assert "already there" in out
    code, _out, err = run("init", tmp_path / "other", "--id", "Any Town")
    assert code == 2
    assert "lower-case letters, digits and _" in err


@with_files()
@given(
    content=st.one_of(
        st.text(max_size=200),
        st.lists(
            st.tuples(
                st.sampled_from(
                    [
                        "marking",
                        "languages",
                        "idle_timeout_minutes",
                        "max_cases",
                        "contacts_file",
                        "questions_dir",
                        "trusted_hosts",
                        "x",
                    ]
                ),
                st.sampled_from(
                    [
                        '"x"',
                        "0",
                        "30",
                        "[]",
                        '["cy"]',
                        '"en,cy"',
                        "true",
                        "1.5",
                        '"../.."',
                        '"/"',
                        "{}",
                        '""',
                        "-1",
                    ]
                ),
            ),
            max_size=5,
        ).map(lambda pairs: "\n".join(f"{k} = {v}" for k, v in dict(pairs).items())),
    )
)
def test_any_settings_file_is_taken_or_refused_in_one_line(pack: Path, content: str) -> None:
    (pack / "cserq.toml").write_text(content, encoding="utf-8", errors="surrogateescape")
    message = ""
    try:
        configured({}, pack=pack)
    except SettingError as error:
        message = str(error)
    assert "\n" not in message
    assert not message or "cserq.toml:" in message or message.startswith("CSERQ_")


def test_serve_says_which_questionnaire_it_runs(pack: Path) -> None:
    env = {**os.environ}
    env.pop("CSERQ_LANGUAGES", None)
    import subprocess
    import sys

    process = subprocess.Popen(
        [sys.executable, "-m", "cserq", "serve", "--no-browser", "--port", "0", "--pack", pack],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert process.stdout is not None
    assert "running at http://127.0.0.1:" in process.stdout.readline()
    process.terminate()
    _out, err = process.communicate(timeout=20)
    assert re.search(r"Questionnaire anytown_cse version \S+ from .*anytown_cse\.yaml", err), err


def test_a_pack_is_never_silently_replaced_by_the_shipped_questionnaire(tmp_path: Path) -> None:
    """A pack with an empty questions folder, or a settings file that is not a file, is refused:
    the app must not run the shipped questionnaire as if it were the health board's."""
    pack = tmp_path / "empty"
    (pack / "questions").mkdir(parents=True)
    code, out, _ = run("check", pack)
    assert code == 1
    assert "no questionnaire files (*.yaml) here" in out
    assert "cserq.yaml: ok" not in out
    (pack / "cserq.toml").mkdir()
    code, _out, err = run("check", pack)
    assert code == 2
    assert "cserq.toml:1:" in err


def test_a_new_pack_carries_the_schema_its_questionnaire_points_to(pack: Path) -> None:
    questionnaire = pack / "questions" / "anytown_cse.yaml"
    first = questionnaire.read_text(encoding="utf-8").splitlines()[0]
    pointed = first.split("$schema=")[1]
    written = json.loads((questionnaire.parent / pointed).read_text(encoding="utf-8"))
    code, printed, _ = run("schema")
    assert code == 0
    assert json.loads(printed) == written
    assert "sections" in written["required"]
    assert written["definitions"]["question"]["properties"]["kind"]["enum"][0] == "yes_no_unknown"


def test_schema_writes_a_file_or_says_in_one_line_why_it_cannot(tmp_path: Path) -> None:
    code, _, said = run("schema", "--output", tmp_path / "s.json")
    assert code == 0
    assert "wrote" in said
    assert json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))["title"]
    code, out, said = run("schema", "-o", tmp_path / "no such folder" / "s.json")
    assert code == 1
    assert (out + said).strip().splitlines() == [
        f"{tmp_path / 'no such folder' / 's.json'}: cannot write the schema:"
        " No such file or directory"
    ]


def test_a_packs_contacts_yaml_is_its_local_contacts_and_is_checked(pack: Path) -> None:
    contacts = pack / "contacts.yaml"
    contacts.write_text(
        "contacts:\n  - name: Children's services, Anytown Council\n    phone: 01234 567890\n",
        encoding="utf-8",
    )
    assert configured({}, pack=pack).contacts_file == contacts.resolve()
    code, out, _ = run("check", pack)
    assert code == 0, out
    clinic = Clinic(create_app({"PACK": str(pack), "TESTING": True}).test_client())
    clinic.complete({"age": "15", "missing_overnight": "yes", "older_partner": "yes"})
    note = note_text(clinic)
    assert "Children's services, Anytown Council" in note
    assert "01234 567890" in note
    contacts.write_text("contacts:\n  - phone: 01234 567890\n", encoding="utf-8")
    code, out, _ = run("check", pack)
    assert code == 1
    assert re.search(r"contacts\.yaml:2: contacts\[0\]: missing key 'name'", out), out
    other = pack / "other.yaml"
    other.write_text("contacts:\n  - name: Another team\n", encoding="utf-8")
    overridden = configured({"CSERQ_CONTACTS_FILE": str(other)}, pack=pack)
    assert overridden.contacts_file == other.resolve()


def test_check_says_when_the_packs_schema_is_stale_without_failing(pack: Path) -> None:
    schema_file = pack / "questions" / "questionnaire.schema.json"
    code, _, said = run("check", pack)
    assert code == 0
    assert "schema" not in said
    schema_file.write_text('{"title": "an older schema"}', encoding="utf-8")
    code, _, said = run("check", pack)
    assert code == 0
    assert "questionnaire.schema.json: note: this is not the schema of this version" in said
    assert re.search(r"refresh it with: cserq schema -o \S*questionnaire\.schema\.json", said)
    run("schema", "-o", schema_file)
    assert "schema" not in run("check", pack)[2]


# --- A pack's questionnaire beside the shipped one: two choices a practitioner can tell apart ---

SHIPPED_FILE = shipped_dir("questions") / "cserq.yaml"


def start_page_choices(pack: Path, language: str) -> list[str]:
    clinic = Clinic(create_app({"TESTING": True, "PACK": str(pack)}).test_client())
    clinic.get(f"/language/{language}")
    labels = clinic.get("/").soup.select("label[for^=questionnaire-]")
    return [re.sub(r"\s+", " ", label.get_text(" ")).strip() for label in labels]


def with_shipped_beside(pack: Path) -> None:
    questions = pack / "questions"
    shutil.copy(SHIPPED_FILE, questions / "cserq.yaml")
    shutil.copy(SHIPPED_FILE.with_name("cserq.cy.po"), questions / "cserq.cy.po")


def set_line(file: Path, key: str, value: str) -> int:
    """Set a top-level ``key: value`` line of a questionnaire; its line number."""
    lines = file.read_text(encoding="utf-8").splitlines(keepends=True)
    number = next(n for n, line in enumerate(lines) if line.startswith(f"{key}: "))
    lines[number] = f"{key}: {json.dumps(value, ensure_ascii=False)}\n"
    file.write_text("".join(lines), encoding="utf-8")
    return number + 1


def test_init_gives_the_copy_its_own_title_and_version_so_the_start_page_tells_them_apart(
    pack: Path,
) -> None:
    made = (pack / "questions" / "anytown_cse.yaml").read_text(encoding="utf-8")
    shipped = SHIPPED_FILE.read_text(encoding="utf-8")
    shipped_title = re.search(r"(?m)^title: (.*)$", shipped)
    shipped_version = re.search(r'(?m)^version: "(.*)"$', shipped)
    assert shipped_title
    assert shipped_version
    assert f"\ntitle: {shipped_title[1]} (anytown_cse)\n" in made
    version = re.search(r'(?m)^version: "(.*)"$', made)
    assert version
    assert version[1] == "0.1"
    assert version[1] != shipped_version[1]
    # The file says where it came from and what to make one's own.
    assert f"from the shipped questionnaire (cserq version {shipped_version[1]})" in made
    assert "make it your own here, and its\n# Welsh" in made
    assert "Raise the version with every change" in made
    with_shipped_beside(pack)
    code, out, _ = run("check", pack)
    assert code == 0, out
    english = start_page_choices(pack, "en")
    assert english == [
        f"{shipped_title[1]} (anytown_cse) (version {version[1]})",
        f"{shipped_title[1]} (version {shipped_version[1]})",
    ]
    welsh = start_page_choices(pack, "cy")
    assert len(set(welsh)) == 2
    assert welsh[0].startswith("Holiadur pryder am gamfanteisio'n rhywiol ar blant (anytown_cse) (")


def set_title(copy: Path, english: str, welsh: str) -> None:
    """Give a questionnaire this title, and its catalogue this Welsh for it."""
    set_line(copy, "title", english)
    catalogue = copy.with_name(f"{copy.stem}.cy.po")
    text = catalogue.read_text(encoding="utf-8")
    entry = re.search(r'msgctxt "title"\nmsgid ".*"\nmsgstr ".*"\n', text)
    assert entry
    msgid, msgstr = (json.dumps(value, ensure_ascii=False) for value in (english.strip(), welsh))
    new_entry = f'msgctxt "title"\nmsgid {msgid}\nmsgstr {msgstr}\n'
    catalogue.write_text(text.replace(entry[0], new_entry), encoding="utf-8")


SHIPPED_TITLE = "Child sexual exploitation concern questionnaire"
SHIPPED_WELSH_TITLE = "Holiadur pryder am gamfanteisio'n rhywiol ar blant"


@pytest.mark.parametrize(
    ("english", "welsh", "said"),
    [
        # What cserq init used to make: the shipped title and version under a new id.
        (SHIPPED_TITLE, SHIPPED_WELSH_TITLE, f"title, {SHIPPED_TITLE!r}"),
        # The same to a reader: spaces and capitals do not tell two choices apart.
        (
            "Child  sexual exploitation\u00a0CONCERN questionnaire ",
            "Holiadur Anytown",
            f"title, {SHIPPED_TITLE!r}",
        ),
        # Two English titles, one Welsh one: a Welsh reader sees two choices the same.
        (
            "Anytown questionnaire",
            SHIPPED_WELSH_TITLE,
            f'Cymraeg (cy) title, "{SHIPPED_WELSH_TITLE}"',
        ),
    ],
)
def test_two_questionnaires_with_one_title_and_version_are_refused_by_check_and_start_up(
    pack: Path, english: str, welsh: str, said: str
) -> None:
    with_shipped_beside(pack)
    copy = pack / "questions" / "anytown_cse.yaml"
    shipped = SHIPPED_FILE.read_text(encoding="utf-8")
    version = re.search(r'(?m)^version: "(.*)"$', shipped)
    assert version
    set_line(copy, "version", version[1])
    set_title(copy, english, welsh)
    line = shipped.splitlines().index(f"title: {SHIPPED_TITLE}") + 1
    code, out, _ = run("check", pack)
    assert code == 1
    problems = [line for line in out.splitlines() if ": ok: " not in line]
    assert len(problems) == 1, out
    # The later file is refused, naming the earlier one.
    assert re.fullmatch(
        rf".*/questions/cserq\.yaml:{line}: title: another file, .*/questions/anytown_cse\.yaml,"
        rf" has the same {re.escape(said)}, and the same version, '{version[1]}', so the start"
        " page would offer two choices that look the same: give this questionnaire its own"
        r" .*title.*",
        problems[0],
    ), problems[0]
    with pytest.raises(FileProblems) as refused:
        create_app({"TESTING": True, "PACK": str(pack)})
    assert problems[0].split(": ", 1)[1] in str(refused.value).replace("\n", " ")
    # Its own version is enough: the start page shows the version beside the title.
    set_line(copy, "version", version[1] + "-anytown")
    code, out, _ = run("check", pack)
    assert code == 0, out


@pytest.mark.slow
@with_files("slow")
@given(
    title=st.text(
        st.characters(codec="utf-8", categories=("L", "N", "P", "S", "Zs")), min_size=1, max_size=40
    ).filter(lambda t: t.strip() == t and t != ""),
    welsh=st.text(st.characters(codec="utf-8", categories=("L", "N", "P", "Zs")), max_size=30).map(
        lambda t: f"Holiadur {t}".strip()
    ),
)
def test_init_copies_any_title_the_shipped_file_may_have_into_one_that_loads(
    tmp_path: Path, title: str, welsh: str
) -> None:
    """Whatever the shipped title becomes (colons, quotes, #, any script), the copy's title is
    it with the id in brackets, in English and Welsh, and the copy loads with both."""
    shipped = SHIPPED_FILE.read_text(encoding="utf-8").replace(
        f"\ntitle: {SHIPPED_TITLE}\n", f"\ntitle: {json.dumps(title, ensure_ascii=False)}\n", 1
    )
    catalogue = SHIPPED_FILE.with_name("cserq.cy.po").read_text(encoding="utf-8")
    entry = f'msgctxt "title"\nmsgid "{SHIPPED_TITLE}"\nmsgstr "{SHIPPED_WELSH_TITLE}"\n'
    assert entry in catalogue
    msgid, msgstr = (json.dumps(value, ensure_ascii=False) for value in (title, welsh))
    catalogue = catalogue.replace(entry, f'msgctxt "title"\nmsgid {msgid}\nmsgstr {msgstr}\n')
    source = tmp_path / f"source{abs(hash((title, welsh)))}"
    source.mkdir(exist_ok=True)
    (source / "cserq.yaml").write_text(shipped, encoding="utf-8")
    (source / "cserq.cy.po").write_text(catalogue, encoding="utf-8")
    try:
        original = load_questionnaire(source / "cserq.yaml", run_examples=False)
    except FileProblems:
        assume(False)  # a title the loader refuses (one that reads as reassurance, say)
    text, made_welsh = pack_copy(shipped, catalogue, original, "anytown_cse", date(2027, 3, 4))
    (source / "anytown_cse.yaml").write_text(text, encoding="utf-8")
    (source / "anytown_cse.cy.po").write_text(made_welsh, encoding="utf-8")
    loaded = load_files([source / "anytown_cse.yaml"], ["en", "cy"])
    assert loaded.problems == []
    assert loaded.missing_languages == []
    copy = loaded.questionnaires["anytown_cse"]
    assert copy.title == f"{title} (anytown_cse)"
    assert copy.translated("cy", "title", copy.title) == f"{welsh} (anytown_cse)"
    assert copy.version == "0.1"
