"""Which face draws each character: found a run at a time, the same as deciding each one."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from cserq.base.text import tidy
from cserq.note import runs
from cserq.note.fonts import Face, faces
from tests.hypo import fewer_settings

# Pieces of one script or another, put side by side with and without spaces, so the face
# changes often; and any characters at all.
PIECES = [
    *("Siân", "Ŵyn ŷ", "abc", "0123", "(", ")", ",.-!?", " ", "  ", "\u00a0", "Ω Ж", "①"),
    *("محمد", "علی", "١٢٣", "۱۲", "ﷺ", "हिन्दी", "क्षत्रिय", "বাংলা", "தமிழ்", "ਪੰਜਾਬੀ"),
    *("王小明", "さくら", "김민준", "דוד", "ትግርኛ", "ᏣᎳᎩ", "😀", "👍🏽", "\U0001f93b"),
    *("\u200d", "\u200c", "\u0301", "\ufe0f"),
]
TYPED = (st.lists(st.sampled_from(PIECES), max_size=30).map("".join) | st.text(max_size=40)).map(
    lambda text: tidy(text, multiline=False)
)


def one_at_a_time(text: str) -> list[tuple[str, Face | None]]:
    """The rule, a character at a time: a mark or joiner stays with its letter (dropped if
    that face lacks it); any other character goes to the face ``runs._face_for`` picks; then
    punctuation just before a word takes the word's face where it has it."""
    han_first = runs._han_first(text)
    found: list[tuple[str, Face | None]] = []
    face: Face | None = faces()[0]
    for char in text:
        if found and runs.extends_cluster(char) and not char.isspace():
            if face is None or ord(char) in face.covers:
                found.append((char, face))
            continue
        face = runs._face_for(char, face, han_first)
        found.append((char, face))
    for i in range(len(found) - 2, -1, -1):
        (char, face), (next_char, after) = found[i], found[i + 1]
        if (
            after is not None
            and after is not face
            and runs._is_neutral(char)
            and not char.isspace()
            and not next_char.isspace()
            and ord(char) in after.covers
            and not runs.extends_cluster(char)
        ):
            found[i] = (char, after)
    return found


@fewer_settings()
@given(TYPED)
def test_faces_found_a_run_at_a_time_are_those_of_each_character(text: str) -> None:
    assert runs.faces_of(text) == one_at_a_time(text)


@fewer_settings()
@given(TYPED)
def test_every_character_drawn_is_in_the_face_that_draws_it(text: str) -> None:
    for char, face in runs.faces_of(text):
        assert face is None or ord(char) in face.covers, (char, face)


@fewer_settings()
@given(TYPED)
def test_fira_sans_alone_draws_text_when_it_has_every_character(text: str) -> None:
    covers = faces()[0].covers
    plainly = text.isprintable() if text.isascii() else all(ord(c) in covers for c in text)
    assert runs.can_draw_plainly(text) == plainly


def test_a_long_run_of_welsh_is_one_face() -> None:
    text = "Mae Siân yn byw yn Llanfair ym Môn; ŵyr ac ŷd. " * 40
    assert runs.runs(text) == [runs.Run(text, faces()[0])]
