"""Typed text made safe: the one mechanism every field goes through."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from cserq.base.text import JOINERS, tidy


@given(st.text(), st.booleans())
def test_no_control_or_formatting_character_survives(text: str, multiline: bool) -> None:
    tidied = tidy(text, multiline=multiline)
    for char in tidied:
        if char == "\n":
            assert multiline
            continue
        assert char in JOINERS or unicodedata.category(char) not in ("Cc", "Cf", "Cs")


@given(st.text(), st.booleans())
def test_tidying_twice_changes_nothing(text: str, multiline: bool) -> None:
    once = tidy(text, multiline=multiline)
    assert tidy(once, multiline=multiline) == once


def test_examples() -> None:
    assert tidy("Sian\tJones\x1b", multiline=False) == "Sian Jones"
    assert tidy("a\r\nb\u2028c\x0cd", multiline=True) == "a\nb\nc\nd"
    assert tidy("a\nb", multiline=False) == "a b"
    assert tidy("\u202eevil\u2066", multiline=False) == "evil"
    assert tidy("w\u0302", multiline=False) == "ŵ"  # joined, as the fonts have it
    assert tidy("می\u200cخواهم", multiline=False) == "می\u200cخواهم"  # Persian keeps its ZWNJ
