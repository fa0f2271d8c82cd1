"""The questions' kept markup (cserq.web.fragments): a page drawn from it is the page drawn
afresh, in the reader's language, and it never carries one case's answers or words into another
case's page."""

from __future__ import annotations

import datetime
import re

import pytest
from bs4 import BeautifulSoup
from flask import Flask
from hypothesis import HealthCheck, given
from hypothesis import strategies as st

from cserq.web.fragments import EXTENSION, KeptMarkup
from tests.hypo import fewer_settings
from tests.web.conftest import Clinic
from tests.web.test_welsh import english_left

SIGNS = "/questions/behavioural"
NOTE = "Seen with a man in a silver car <outside> the school & the shop"


def without_token(html: str) -> str:
    """The page without what changes from one drawing to the next whatever is kept: its CSRF
    token, and the clock time the answers are cleared at and the seconds left until then
    (two drawings either side of a minute's turn say different times)."""
    html = re.sub(r'name="csrf_token" value="[^"]+"', 'name="csrf_token"', html)
    html = re.sub(r"<span data-clears-at>[0-9:]+</span>", "<span data-clears-at></span>", html)
    return re.sub(r'data-seconds-left="[0-9]+"', "data-seconds-left", html)


def kept(app: Flask) -> KeptMarkup:
    return app.extensions[EXTENSION]  # type: ignore[no-any-return]


def test_a_page_from_kept_markup_is_the_page_drawn_afresh(app: Flask, clinic: Clinic) -> None:
    clinic.start()
    url = clinic.case_url + SIGNS
    clinic.answer_page(url, {"secretive": "yes", "secretive-source": "seen"}, others="unknown")
    first = without_token(clinic.get(url).html)  # draws and keeps each part
    assert len(kept(app)) > 0
    again = without_token(clinic.get(url).html)  # every part kept
    app.extensions[EXTENSION] = KeptMarkup()
    afresh = without_token(clinic.get(url).html)
    assert first == again == afresh


def test_the_welsh_page_after_the_english_one_is_in_welsh(clinic: Clinic) -> None:
    clinic.start()
    url = clinic.case_url + SIGNS
    english = clinic.get(url)
    assert english.soup.html["lang"] == "en"
    clinic.get("/language/cy")
    welsh = clinic.get(url)
    assert welsh.soup.html["lang"] == "cy"
    assert english_left(welsh) == []
    assert welsh.soup.select_one("legend.question").get_text() not in english.text
    clinic.get("/language/en")
    assert without_token(clinic.get(url).html) == without_token(english.html)


def test_one_case_s_answers_never_show_in_another_case(app: Flask, clinic: Clinic) -> None:
    clinic.start()
    first = clinic.case_url
    chosen = {"secretive": "yes", "secretive-source": "seen", "secretive-note": NOTE}
    clinic.answer_page(first + SIGNS, chosen, others="unknown")
    shown = clinic.get(first + SIGNS)
    assert shown.soup.select_one("#secretive-yes").has_attr("checked")
    assert shown.soup.select_one("#secretive-source-seen").has_attr("checked")
    assert NOTE in shown.soup.select_one("#secretive-note").get_text()

    clinic.start()
    other = clinic.get(clinic.case_url + SIGNS)
    assert other.soup.select("input[checked]") == []
    assert other.soup.select("details[open]") == []
    assert "silver car" not in other.html


def test_typed_words_are_never_kept(app: Flask, clinic: Clinic) -> None:
    clinic.start()
    url = clinic.case_url + SIGNS
    clinic.answer_page(url, {"secretive": "yes", "secretive-note": NOTE}, others="unknown")
    assert NOTE in clinic.get(url).soup.select_one("#secretive-note").get_text()
    assert not any("silver car" in part for part in kept(app)._blocks.values())


def test_past_its_limit_nothing_more_is_kept(app: Flask, clinic: Clinic) -> None:
    app.extensions[EXTENSION] = KeptMarkup(limit=3)
    clinic.start()
    url = clinic.case_url + SIGNS
    drawn = without_token(clinic.get(url).html)
    assert len(kept(app)) == 3
    assert without_token(clinic.get(url).html) == drawn


ABOUT = "/about"
DETAILS = ("child-name", "child-school", "child-ethnicity", "practitioner-role")


def _about(clinic: Clinic) -> str:
    return without_token(clinic.get(clinic.case_url + ABOUT).html).replace(clinic.case_url, "")


def test_an_empty_details_page_is_kept_and_reads_as_drawn_afresh(
    app: Flask, clinic: Clinic
) -> None:
    """Every case first meets the details page with nothing in it: its fields are drawn once
    and kept, and the page from them is the page drawn afresh, in English and in Welsh."""
    for language in ("en", "cy"):
        clinic.get(f"/language/{language}")
        clinic.start()
        first = _about(clinic)
        assert len(kept(app)) > 0
        clinic.start()
        again = _about(clinic)
        app.extensions[EXTENSION] = KeptMarkup()
        assert first == again == _about(clinic)
        assert BeautifulSoup(first, "html.parser").html["lang"] == language


@fewer_settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    typed=st.dictionaries(st.sampled_from(DETAILS), st.text(min_size=1, max_size=40), max_size=3),
    anonymised=st.booleans(),
    age=st.sampled_from(["", "15"]),
)
def test_typed_details_are_shown_to_their_case_only_and_never_kept(
    app: Flask, typed: dict[str, str], anonymised: bool, age: str
) -> None:
    """Whatever the details page holds, it shows it as drawn afresh, no kept block carries a
    word of it, and the next case's details page is empty."""
    clinic = Clinic(app.test_client())  # a browser of its own: its open cases are its own
    clinic.start()
    empty = _about(clinic)
    data: dict[str, object] = {"age": age, **typed}
    if anonymised:
        data["anonymised"] = "y"
    clinic.post(clinic.case_url + ABOUT, data)
    shown = _about(clinic)
    app.extensions[EXTENSION], before = KeptMarkup(), kept(app)
    assert _about(clinic) == shown
    app.extensions[EXTENSION] = before
    blocks = "".join(kept(app)._blocks.values())
    for text in typed.values():
        for word in re.findall(r"\w{3,}", text):
            assert word in empty or word not in blocks
    other = Clinic(app.test_client())
    other.start()
    assert _about(other) == empty


def test_the_kept_details_page_moves_its_example_date_of_birth_with_the_year(
    app: Flask, clinic: Clinic, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The details page's example date of birth is 13 years before this year: a page kept in
    one year is not shown in the next."""
    for year in (2031, 2032):

        class InThatYear(datetime.date):
            this_year = year

            @classmethod
            def today(cls) -> InThatYear:
                return cls(cls.this_year, 6, 1)

        monkeypatch.setattr(datetime, "date", InThatYear)
        clinic.start()
        assert f"14/9/{year - 13}" in _about(clinic)
