"""The Welsh catalogues, the app's and the shipped questionnaire's: complete, current,
compiled, and consistent with the glossary."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from cserq.language import translations
from cserq.questionnaire.messages import questionnaire_messages
from cserq.questionnaire.model import Questionnaire

REPO = Path(__file__).resolve().parent.parent
POT = REPO / "translations" / "messages.pot"
WELSH = REPO / "translations" / "cy" / "LC_MESSAGES" / "messages.po"
QUESTIONNAIRE_WELSH = REPO / "questions" / "cserq.cy.po"
KEYWORDS = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "lazy_gettext": None,
    "_l": None,
    "N_": None,
}


def read(path: Path) -> Catalog:
    with path.open("rb") as file:
        return read_po(file)


def every_welsh_message() -> list[Message]:
    """The messages of both catalogues: the app's own, and the shipped questionnaire's."""
    return [m for path in (WELSH, QUESTIONNAIRE_WELSH) for m in read(path) if m.id]


def keys(catalog: Catalog) -> set[tuple[str | None, object]]:
    return {(m.context, m.id) for m in catalog if m.id}


def test_the_template_is_not_stale() -> None:
    with (REPO / "babel.cfg").open(encoding="utf-8") as config:
        method_map, options_map = parse_mapping_cfg(config)
    fresh = Catalog()
    for _file, line, message, comments, context in extract_from_dir(
        REPO, method_map, options_map, keywords=KEYWORDS
    ):
        fresh.add(message, None, [("", line)], auto_comments=comments, context=context)
    missing = keys(fresh) - keys(read(POT))
    extra = keys(read(POT)) - keys(fresh)
    stale = "translations/messages.pot is stale; run the commands in README 'Translations'"
    assert not missing, f"{stale}: new {sorted(map(str, missing))[:5]}"
    assert not extra, f"{stale}: gone {sorted(map(str, extra))[:5]}"


def test_the_questionnaire_has_its_own_complete_welsh_and_the_app_none_of_it(
    cserq: Questionnaire,
) -> None:
    own = read(QUESTIONNAIRE_WELSH)
    expected = {(m.context, m.text) for m in questionnaire_messages(cserq)}
    assert keys(own) == expected, "run: cserq translate questions"
    assert [m.id for m in own if m.id and (m.fuzzy or not m.string)] == []
    app_keys = {(m.context or "", m.id) for m in read(WELSH) if m.id}
    assert not app_keys & expected, "the app's catalogue holds questionnaire text"
    assert not [c for c, _id in app_keys if c.startswith("cserq:")]


def test_every_welsh_message_is_translated_and_none_is_fuzzy() -> None:
    welsh = read(WELSH)
    assert keys(welsh) == keys(read(POT)), "run pybabel update (README 'Translations')"
    untranslated = [m.id for m in welsh if m.id and not all(_forms(m.string))]
    fuzzy = [m.id for m in welsh if m.id and m.fuzzy]
    assert untranslated == []
    assert fuzzy == []


def test_placeholders_survive_translation() -> None:
    welsh = read(WELSH)
    problems = [(m.id, [str(e) for e in errors]) for m, errors in welsh.check() if errors]
    assert problems == []


def test_the_compiled_catalogue_matches_the_po_file() -> None:
    cy = translations("cy")
    stale = [
        m.id
        for m in read(WELSH)
        if m.id
        and not isinstance(m.id, tuple)
        and (cy.pgettext(m.context, m.id) if m.context else cy.gettext(m.id)) != m.string
    ]
    assert stale == [], "the .mo is out of date: pip install -e . (or pybabel compile)"


def test_welsh_has_its_plural_forms() -> None:
    cy = translations("cy")
    one, many = "%(num)d question answered “Don't know”", "%(num)d questions answered “Don't know”"
    forms = {n: cy.ngettext(one, many, n) % {"num": n} for n in (1, 2, 3, 4, 6)}
    assert forms[1].startswith("1 cwestiwn wedi'i ateb")
    assert forms[2].startswith("2 gwestiwn")
    assert forms[3].startswith("3 chwestiwn")
    assert forms[6].startswith("6 chwestiwn")
    assert forms[4].startswith("4 cwestiwn wedi'u hateb")


@pytest.mark.parametrize(
    ("english", "welsh"),
    [
        ("safeguarding lead", "arweinydd diogelu"),
        ("social services", "gwasanaethau cymdeithasol"),
        ("Emergency Duty Team", "Tîm Dyletswydd Brys"),
        ("child at risk", "plentyn sy'n wynebu risg"),
    ],
)
def test_one_word_for_one_thing(english: str, welsh: str) -> None:
    """Where the English uses a glossary term (DOMAIN.md), the Welsh uses its Welsh term."""
    for message in every_welsh_message():
        if isinstance(message.id, tuple) or english not in message.id:
            continue
        # Mutations change the first letter (g > w, t > d, p > b...), so compare the rest.
        assert welsh[1:] in message.string, (message.id, message.string)


def test_welsh_text_says_crhb_not_cse() -> None:
    for message in every_welsh_message():
        for form in _forms(message.string):
            assert not re.search(r"\bCSE\b", form), form


def _forms(string: object) -> tuple[str, ...]:
    if isinstance(string, tuple | list):
        return tuple(string)
    return (str(string),)


# Corrections from an independent reading of the Welsh: (wrong, right).
CORRECTIONS = [
    ("sy'n llawer hŷn neu sy'n rheoli?", "sy'n ymddwyn yn rheolaethol"),
    ("ai eich sylw chi", "ai eich arsylwad chi"),
    ("ni ddylai diffyg manylion", "rhaid i ddiffyg manylion beidio ag oedi"),
    ("Ni ddylai manylion coll", "Rhaid i fanylion coll beidio"),
    ("neu clywais", "neu glywais"),
    ("neu cliriwch", "neu gliriwch"),
    ("neu byddaf", "neu fe fyddaf"),
    ("neu cafodd", "neu fe gafodd"),
    ("anogwr", "ysgogiad i atgyfeirio"),
    ("Gwerth ei ganfod", "Gwerth cael gwybod"),
    ("Wedi ateb", "Atebwyd “Ie”"),
    ("8am", "8yb tan hanner nos"),
    ("childcomwales", "complantcymru.org.uk"),
]


@pytest.mark.parametrize(("wrong", "right"), CORRECTIONS)
def test_the_corrections_from_the_independent_reading_hold(wrong: str, right: str) -> None:
    welsh = " ".join(str(m.string) for m in every_welsh_message())
    assert wrong.casefold() not in welsh.casefold()
    assert right in welsh
