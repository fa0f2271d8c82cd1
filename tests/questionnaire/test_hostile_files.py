"""Whatever a questionnaire or answers file holds, reading it ends quickly, in bounded memory,
with the file's own problems named by file and line, never a traceback."""

from __future__ import annotations

import json
import os
import re
import resource
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from cserq.cli import main
from cserq.files.problems import FileProblems
from cserq.files.yamlfile import MAX_DEPTH
from cserq.questionnaire.loader import load_questionnaire
from cserq.settings.contacts import load_contacts
from tests.conftest import SHIPPED, with_files

WriteFile = Callable[[str, str | bytes], Path]
LINES = SHIPPED.read_text(encoding="utf-8").splitlines()
PROBLEM = re.compile(r"^(?P<file>[^:]+\.ya?ml):(?P<line>\d+): \S")
# Generous: the whole shipped file with its examples loads in well under a second.
SECONDS = 10


def assert_refused_with_lines(path: Path) -> list[str]:
    """Loading ``path`` raises the loader's own error, quickly, each problem with a line."""
    started = time.monotonic()
    with pytest.raises(FileProblems) as refused:
        load_questionnaire(path)
    assert time.monotonic() - started < SECONDS
    lines = str(refused.value).splitlines()
    assert lines
    for line in lines:
        found = PROBLEM.match(line)
        assert found, line
        assert Path(found["file"]).name == path.name
        # YAML counts NEL, LS and PS as line breaks too, as str.splitlines does.
        text = path.read_bytes().decode("utf-8", "replace") if path.is_file() else ""
        assert 1 <= int(found["line"]) <= max(len(text.splitlines()), 1)
    return lines


BILLION_LAUGHS = "\n".join(
    [f"a: &a [{','.join(['lol'] * 9)}]"]
    + [
        f"{b}: &{b} [{','.join(['*' + a] * 9)}]"
        for a, b in zip("abcdefgh", "bcdefghi", strict=True)
    ]
)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (BILLION_LAUGHS, "once its aliases (*name) are expanded"),
        ("id: x\nversion: 2026-11-31\n", "2:"),
        ("id: x\nexamples:\n  - name: a\n    answers: {concern_date: 2026-02-30}\n", "4:"),
        ("id: " + "9" * 5000, "a number with too many digits"),
        ("id: " + "[" * 10_000 + "]" * 10_000, f"nests more than {MAX_DEPTH} levels deep"),
        ("id: " + "{a: " * 5000 + "1" + "}" * 5000, f"nests more than {MAX_DEPTH} levels deep"),
        ("id: " + "x" * 1_000_000, "(1,000,000 characters)"),
        ("id: x\n? " + "x" * 1_000_000 + "\n: 1", "(1,000,000 characters)"),
        ("\ufeffid: [", "not valid YAML"),
        ("id: !!python/object:os.system x", "not allowed"),
        ("x" * 3_000_000, "larger than 2 MB"),
    ],
)
def test_a_hostile_questionnaire_is_refused_quickly_with_a_line(
    write_file: WriteFile, content: str, expected: str
) -> None:
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    lines = assert_refused_with_lines(write_file("hostile.yaml", content))
    assert any(expected in line for line in lines), lines
    assert all(len(line) < 400 for line in lines), "a message repeats only a little of the file"
    grew_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert grew_mb < 300


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX thing")
def test_a_pipe_or_a_device_is_refused_at_once(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe.yaml"
    os.mkfifo(pipe)
    lines = assert_refused_with_lines(pipe)
    assert "this is not a file that can be read" in lines[0]
    for path in (pipe, Path("/dev/zero")):
        result = CliRunner().invoke(main, ["decide", str(SHIPPED), "--answers", str(path)])
        assert result.exit_code == 1
        assert "this is not a file that can be read" in result.stdout


# --- the class: random mutations of the shipped questionnaire ---

SCALARS = ["", "~", "null", "true", "0", "-1", "99999999999999999999999", "2026-02-30", "1e999",
           "[]", "{}", "'x'", "!!binary aGk=", "!!set {a}", "!!omap [a: 1]", "*undefined",
           "&anchor x", "- x", ": x", "{a: [", "\t", "é", "\u202e", "\x00", "\ud800",
           "no risk", "9" * 5000, "[" * 500]  # fmt: skip

mutations = st.lists(
    st.one_of(
        st.tuples(st.just("delete"), st.integers(0, len(LINES) - 1)),
        st.tuples(st.just("swap"), st.integers(0, len(LINES) - 1), st.integers(0, len(LINES) - 1)),
        st.tuples(st.just("value"), st.integers(0, len(LINES) - 1), st.sampled_from(SCALARS)),
        st.tuples(st.just("value"), st.integers(0, len(LINES) - 1), st.text(max_size=20)),
        st.tuples(st.just("indent"), st.integers(0, len(LINES) - 1), st.integers(-4, 4)),
        st.tuples(
            st.just("anchor"), st.integers(0, len(LINES) - 1), st.integers(0, len(LINES) - 1)
        ),
    ),
    min_size=1,
    max_size=6,
)


def mutate(lines: list[str], steps: list[tuple[object, ...]]) -> str:
    lines = list(lines)
    for step in steps:
        kind, at = step[0], int(step[1]) % len(lines)  # type: ignore[call-overload]
        if kind == "delete" and len(lines) > 1:
            del lines[at]
        elif kind == "swap":
            other = int(step[2]) % len(lines)  # type: ignore[call-overload]
            lines[at], lines[other] = lines[other], lines[at]
        elif kind == "value" and ":" in lines[at]:
            key = lines[at].split(":", 1)[0]
            lines[at] = f"{key}: {step[2]}"
        elif kind == "indent":
            shift = int(step[2])  # type: ignore[call-overload]
            lines[at] = " " * max(shift, 0) + lines[at][max(-shift, 0) :]
        elif kind == "anchor" and ":" in lines[at]:
            other = int(step[2]) % len(lines)  # type: ignore[call-overload]
            key = lines[at].split(":", 1)[0]
            lines[at] = f"{key}: &loop{at} {lines[at].split(':', 1)[1].strip() or '~'}"
            if ":" in lines[other]:
                lines[other] = f"{lines[other].split(':', 1)[0]}: *loop{at}"
    return "\n".join(lines) + "\n"


@pytest.mark.slow
@with_files("fewer")
@given(steps=mutations)
def test_any_mutation_of_the_shipped_file_loads_or_is_refused_with_lines(
    write_file: WriteFile, steps: list[tuple[object, ...]]
) -> None:
    text = mutate(LINES, steps)
    path = write_file("mutated.yaml", text.encode("utf-8", "surrogatepass"))
    started = time.monotonic()
    try:
        load_questionnaire(path)
    except FileProblems:
        assert_refused_with_lines(path)
    assert time.monotonic() - started < 2 * SECONDS


@with_files()
@given(content=st.one_of(st.binary(max_size=400), st.text(max_size=400)))
def test_any_bytes_as_a_questionnaire_are_refused_with_lines(
    write_file: WriteFile, content: bytes | str
) -> None:
    path = write_file("random.yaml", content)
    assert_refused_with_lines(path)


# --- answers files for `cserq decide` ---

json_values = st.recursive(
    st.one_of(
        st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=30),
        st.sampled_from(["yes", "no", "unknown", "2026-01-01", "2026-02-30", "14", "1_2"]),
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=12,
)  # fmt: skip
answer_keys = st.one_of(
    st.sampled_from(["age", "immediate_danger", "injuries", "concern_date", "going_missing"]),
    st.text(max_size=15),
)
answer_files = st.one_of(
    st.dictionaries(answer_keys, json_values, max_size=6).map(
        lambda d: json.dumps(d, indent=1, ensure_ascii=False)
    ),
    json_values.map(json.dumps),
    st.text(max_size=200),
    st.binary(max_size=200).map(lambda b: b.decode("latin-1")),
    st.sampled_from(['\ufeff{"age": 14}', '{"age": 14, "age": 15}', '{"age": 1' + "0" * 40 + "}",
                     "[" * 5000, '{"age": Infinity}', "{}", '{"age": -0}', '{"age": 14.0}']),
)  # fmt: skip


@pytest.mark.slow
@with_files("fewer")
@given(content=answer_files)
def test_any_answers_file_gives_an_outcome_or_lines_naming_it(
    write_file: WriteFile, content: str
) -> None:
    path = write_file("answers.json", content.encode("utf-8", "surrogatepass"))
    result = CliRunner().invoke(main, ["decide", str(SHIPPED), "--answers", str(path)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code in (0, 1)
    if result.exit_code == 0:
        assert json.loads(result.stdout)["level"]
        return
    for line in result.stdout.splitlines():
        assert re.match(rf"^{re.escape(str(path))}:\d+: \S", line), line
        assert len(line) < 400


details_files = st.one_of(
    st.fixed_dictionaries(
        {},
        optional={
            "child": st.dictionaries(
                st.sampled_from(["name", "nhs_number", "date_of_birth", "address", "x"]),
                json_values,
                max_size=4,
            ),
            "practitioner": st.dictionaries(st.text(max_size=10), json_values, max_size=3),
            "anonymised": json_values,
            "notes": st.dictionaries(answer_keys, json_values, max_size=3),
            "decision": st.dictionaries(
                st.sampled_from(["choice", "reason", "x"]), json_values, max_size=3
            ),
        },
    ).map(lambda d: json.dumps(d, indent=2, ensure_ascii=False)),
    json_values.map(json.dumps),
    st.text(max_size=100),
)


@pytest.mark.slow
@with_files("fewer")
@given(content=details_files)
def test_any_details_file_gives_an_outcome_or_lines_naming_it(
    write_file: WriteFile, content: str
) -> None:
    answers = write_file("answers.json", '{"age": 14}')
    path = write_file("details.json", content.encode("utf-8", "surrogatepass"))
    result = CliRunner().invoke(
        main, ["decide", str(SHIPPED), "--answers", str(answers), "--details", str(path)]
    )
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code in (0, 1)
    if result.exit_code == 1:
        for line in result.stdout.splitlines():
            assert re.match(rf"^{re.escape(str(path))}:\d+: \S", line), line


@with_files("fewer")
@given(
    content=st.one_of(
        st.text(max_size=300),
        st.lists(
            st.dictionaries(
                st.sampled_from(["name", "phone", "hours", "x"]), json_values, max_size=4
            ),
            max_size=3,
        ).map(lambda c: json.dumps({"contacts": c})),
    )
)
def test_any_contacts_file_is_read_or_refused_with_lines(
    write_file: WriteFile, content: str
) -> None:
    path = write_file("contacts.yaml", content.encode("utf-8", "surrogatepass"))
    try:
        contacts = load_contacts(path)
    except FileProblems as error:
        for line in str(error).splitlines():
            assert PROBLEM.match(line), line
        return
    assert all(contact.name.strip() for contact in contacts)
