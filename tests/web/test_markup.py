"""Every page's markup, in English and Welsh: valid HTML (the Nu Html Checker), one h1, unique
titles marked "Error:" when there are errors, grouped and described fields, unique ids."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest

from tests.web.conftest import Clinic, FakeClock, Page, every_page

REPO = Path(__file__).resolve().parents[2]
VNU = Path(os.environ.get("CSERQ_VNU_JAR", REPO / ".tools/node_modules/vnu-jar/build/dist/vnu.jar"))


@pytest.fixture(params=["en", "cy"])
def pages(request: pytest.FixtureRequest, clinic: Clinic, clock: FakeClock) -> dict[str, Page]:
    clinic.get(f"/language/{request.param}")
    return every_page(clinic, clock)


def test_one_h1_and_a_title_on_every_page(pages: dict[str, Page]) -> None:
    for name, page in pages.items():
        assert len(page.soup.find_all("h1")) == 1, name
        assert page.title, name


def test_titles_are_unique_and_say_error_when_there_are_errors(pages: dict[str, Page]) -> None:
    titles = Counter(page.title for page in pages.values())
    repeated = {t: n for t, n in titles.items() if n > 1}
    # A page in another state (a question revealed) and the same error page for the same kind
    # of error may share a title; nothing else may.
    allowed = {"safety", "safety with the new question", "unknown case", "expired", "bad form"}
    for name, page in pages.items():
        if page.title in repeated:
            assert name in allowed, (name, page.title)
        has_errors = bool(page.soup.select(".error-summary"))
        assert page.title.startswith(("Error:", "Gwall:")) == has_errors, name


def test_no_duplicate_ids(pages: dict[str, Page]) -> None:
    for name, page in pages.items():
        ids = Counter(tag["id"] for tag in page.soup.find_all(id=True))
        assert [i for i, n in ids.items() if n > 1] == [], name


def test_fields_are_labelled_grouped_and_described(pages: dict[str, Page]) -> None:
    for name, page in pages.items():
        soup = page.soup
        for field in soup.select("input:not([type=hidden]), textarea, select"):
            if field.get("type") in ("radio", "checkbox"):
                assert soup.find("label", attrs={"for": field["id"]}), (name, field["id"])
                if field.get("type") == "radio":
                    fieldset = field.find_parent("fieldset")
                    assert fieldset is not None, (name, field["id"])
                    assert fieldset.find("legend"), (name, field["id"])
            else:
                assert soup.find("label", attrs={"for": field["id"]}), (name, field["id"])
        for described in soup.select("[aria-describedby]"):
            for target in described["aria-describedby"].split():
                assert soup.find(id=target), (name, target)
        for error in soup.select(".error-message"):
            owner = soup.select_one(f'[aria-describedby~="{error["id"]}"]')
            assert owner is not None, (name, error["id"])
        for link in soup.select(".error-summary a"):
            assert soup.find(id=link["href"][1:]), (name, link["href"])


@pytest.mark.skipif(
    not (shutil.which("java") and VNU.exists()) and not os.environ.get("CI"),
    reason="needs Java and vnu-jar (npm install --prefix .tools vnu-jar; CI does)",
)
def test_every_page_is_valid_html(pages: dict[str, Page], tmp_path: Path) -> None:
    files = []
    for number, (name, page) in enumerate(pages.items()):
        path = tmp_path / f"{number:02d}.html"
        path.write_text(page.html, encoding="utf-8")
        files.append((path, name))
    done = subprocess.run(
        [
            "java",
            "-jar",
            str(VNU),
            "--errors-only",
            "--format",
            "json",
            *[str(f) for f, _ in files],
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    messages = json.loads(done.stderr or "{}").get("messages", [])
    names = {f"file:{path}": name for path, name in files}
    errors = [f"{names.get(m['url'], m['url'])}: {m['message']}" for m in messages]
    assert errors == []
