"""Loading a folder of questionnaires as the app and ``cserq check`` do: what concerns them all."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from cserq.questionnaire.folder import load_files
from tests.conftest import with_files
from tests.questionnaire.test_loader_errors import MINIMAL


def written(folder: Path, name: str, qid: str, title: str, version: str) -> Path:
    text = MINIMAL.replace("id: mini\n", f"id: {qid}\n", 1)
    text = text.replace('version: "1"\n', f"version: {json.dumps(version)}\n", 1)
    text = text.replace(
        "title: A small questionnaire for tests\n", f"title: {json.dumps(title)}\n", 1
    )
    file = folder / name
    file.write_text(text, encoding="utf-8")
    return file


def alike(text: str) -> str:
    """How a reader sees a title on the start page: HTML shows any run of spaces as one, and
    capitals or a composed letter do not make a title another."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text).casefold()).strip()


LETTERS = "abAB \u00a0\u2003ŵŴ\u0175w\u0302ﬁ"
titles = st.text(alphabet=LETTERS, min_size=1, max_size=8).filter(str.strip)
versions = st.sampled_from(["1", "1 ", "2", "1.0", "2026.11-3", "2026.11 -3"])


@st.composite
def two_choices(draw: st.DrawFn) -> tuple[tuple[str, str], tuple[str, str]]:
    """Two titles and versions, the second often the first written another way."""
    title, version = draw(titles), draw(versions)
    other = draw(
        st.one_of(
            st.just(title),
            st.just(f"  {title.upper()}\u00a0"),
            st.just(title.replace(" ", "  ")),
            st.just(unicodedata.normalize("NFD", title)),
            titles,
        )
    )
    return (title, version), (other, draw(st.one_of(st.just(version), versions)))


@with_files()
@given(two_choices())
def test_a_folder_is_refused_exactly_when_two_titles_and_versions_look_the_same(
    tmp_path: Path, choices: tuple[tuple[str, str], tuple[str, str]]
) -> None:
    (title_a, version_a), (title_b, version_b) = choices
    first = written(tmp_path, "a.yaml", "first", title_a, version_a)
    second = written(tmp_path, "b.yaml", "second", title_b, version_b)
    loaded = load_files([first, second], ["en"])
    same = alike(title_a) == alike(title_b) and alike(version_a) == alike(version_b)
    assert (str(second) in loaded.failed) == same
    assert str(first) not in loaded.failed
    if same:
        (problem,) = loaded.problems
        title_line = MINIMAL.splitlines().index("title: A small questionnaire for tests") + 1
        assert str(problem).startswith(
            f"{second}:{title_line}: title: another file, {first}, has the same title,"
        )
        assert str(problem).endswith(
            "so the start page would offer two choices that look the same:"
            " give this questionnaire its own title"
        )
        assert list(loaded.questionnaires) == ["first"]
    else:
        assert loaded.problems == []
        assert list(loaded.questionnaires) == ["first", "second"]
