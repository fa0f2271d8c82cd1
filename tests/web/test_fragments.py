"""The questions' kept markup (cserq.web.fragments): a page drawn from it is the page drawn
afresh, in the reader's language, and it never carries one case's answers or words into another
case's page."""

from __future__ import annotations

import re

from flask import Flask

from cserq.web.fragments import EXTENSION, KeptMarkup
from tests.web.conftest import Clinic
from tests.web.test_welsh import english_left

SIGNS = "/questions/behavioural"
NOTE = "Seen with a man in a silver car <outside> the school & the shop"


def without_token(html: str) -> str:
    return re.sub(r'name="csrf_token" value="[^"]+"', 'name="csrf_token"', html)


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
