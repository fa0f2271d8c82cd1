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

from cserq.base.languages import translations
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
    stale = "translations/messages.pot is stale; run the commands in docs/welsh.md"
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
    assert keys(welsh) == keys(read(POT)), "run pybabel update (docs/welsh.md)"
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
    """Where the English uses a glossary term (docs/domain.md), the Welsh uses its Welsh term."""
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
    ("anogwr", "awgrym i atgyfeirio"),
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


def welsh_of(english: str, context: str | None = None) -> tuple[str, ...]:
    """Every Welsh form (one, or each plural form) of one message in either catalogue."""
    for message in every_welsh_message():
        msgid = message.id[0] if isinstance(message.id, tuple) else message.id
        if msgid == english and message.context == context:
            return _forms(message.string)
    raise AssertionError(f"no Welsh message for {english!r} (context {context!r})")


# Corrections from a second independent reading: (context, English, right, wrong). Each Welsh
# form of the message must have the right wording and not the wrong one.
SECOND_READING = [
    (None, "At least %(count)d of these questions is answered %(answer)s:", "Mae o leiaf ",
     "^O leiaf"),
    ("prompt:find_out_more", "Find out more", "Ceisiwch gael gwybod mwy", "Darganfod"),
    (None, "This browser has %(count)s cases open, the most it keeps at once. Carry on with one"
     " of them, or finish or clear one you no longer need, then start again.",
     "neu orffennwch", "neu gorffennwch"),
    (None, "Change anything that is not right, then see what the answers point to.",
     "nad yw'n gywir", "sydd ddim yn gywir"),
    (None, "The date of birth gives an age of %(age)d: check which is right.",
     "Yn ôl y dyddiad geni, mae'r plentyn yn %(age)d oed", "rhoi oedran"),
    (None, "The date of birth you entered gives an age of %(from_birth)d, but the age you entered"
     " is %(age)d. Check which is right: the age decides what the answers point to. The note"
     " says the same.",
     "Yn ôl y dyddiad geni a roesoch, mae'r plentyn yn %(from_birth)d oed", "rhoi oedran"),
    (None, "Enter a date as day, month and year, like 27/3/2026",
     "ar ffurf diwrnod, mis a blwyddyn, er enghraifft 27/3/2026", r"\bfel\b"),
    (None, "Enter a date as day, month and year (like 27/3/2026): %(question)s",
     "ar ffurf diwrnod, mis a blwyddyn (er enghraifft 27/3/2026)", r"\bfel\b"),
    (None, "The tool has reached the number of cases it holds at once. Finish or clear a case you"
     " no longer need, or wait: cases are cleared after %(duration)s without activity.",
     "uchafswm yr achosion y gall eu dal", "y nifer o achosion"),
    (None, "Some of what was typed uses characters this note cannot show. They are replaced by"
     " “[%(placeholder)s]” in: %(fields)s. Add them to your report by hand.",
     "yn eu lle yn yr atebion i: %(fields)s", r"yn eu lle yn:|\?\.|%\(fields\)s\."),
    (None, "Some of what you typed uses characters the note cannot show. In the note they are"
     " replaced by “[%(placeholder)s]”, so add them to your report by hand. They are in:",
     "yn yr atebion i:", "Maen nhw yn:$"),
    (None, "(every question in %(categories)s with the weight %(weights)s)",
     "o dan %(categories)s â'r pwysoliad %(weights)s", r"yn %\(categories|pwysau"),
    (None, "(every question in %(categories)s)", "o dan %(categories)s", r"yn %\(categories"),
    (None, "(every question with the weight %(weights)s)", "pwysoliad", "pwysau"),
    (None, "Sign: %(category)s, weight “%(weight)s”", "pwysoliad “%(weight)s”", "pwysau"),
    (None, "Gives no level: it only adds prompts", "mae'n ychwanegu awgrymiadau yn unig",
     "dim ond ychwanegu"),
    (None, "Which questionnaire do you want to use?", "Pa holiadur ydych chi am ei ddefnyddio?",
     "rydych chi"),
    ("how_well_known", "How well do you know the child?", "Pa mor dda ydych chi'n",
     "rydych chi"),
    (None, "This case is finished", "wedi dod i ben", "wedi gorffen"),
]  # fmt: skip


@pytest.mark.parametrize(("context", "english", "right", "wrong"), SECOND_READING)
def test_the_corrections_from_the_second_reading_hold(
    context: str | None, english: str, right: str, wrong: str
) -> None:
    for form in welsh_of(english, context):
        assert right in form, form
        assert not re.search(wrong, form), form


def _english_forms(message: Message) -> tuple[str, ...]:
    return tuple(message.id) if isinstance(message.id, tuple) else (str(message.id),)


# Where the English term stands for something the Welsh says in full.
SAID_IN_FULL = {"Compared with the prompt"}  # the level the answers point to


@pytest.mark.parametrize(
    ("english", "welsh", "never"),
    [
        # "prompt" is "awgrym" (a suggestion of what to do), never "ysgogiad" or "anogwr".
        (r"\bprompts?\b", "wgrym", r"ysgog|anogwr"),
        # The weight of a sign is its "pwysoliad"; "pwysau" is pressure.
        (r"\bweights?\b", "pwysoliad", r"\bpwysau\b"),
    ],
)
def test_one_welsh_word_for_each_term_over_both_catalogues(
    english: str, welsh: str, never: str
) -> None:
    for message in every_welsh_message():
        if message.id in SAID_IN_FULL:
            continue
        if any(re.search(english, form, re.IGNORECASE) for form in _english_forms(message)):
            assert all(welsh in form for form in _forms(message.string)), message.string
        for form in _forms(message.string):
            assert not re.search(never, form, re.IGNORECASE), form


# A yes/no question opens with the verb, as NHS Wales text asks it ("Oes gan y plentyn...?",
# "Ydy'r plentyn...?", "Ydych chi...?"), never with the literary particle ("A yw...?",
# "A oes...?").
YES_NO_OPENINGS = re.compile(r"(Is|Are|Does|Do|Has|Have|Could|Can|Did|Was|Were|Will)\b")
WELSH_OPENINGS = {"Oes", "Ydy", "Ydych", "Ydyn", "Oedd", "Allai", "Fydd", "Wnaeth", "Gafodd"}


def test_every_question_opens_the_same_way_in_welsh(cserq: Questionnaire) -> None:
    questions = [(q.id, q.text) for q in cserq.questions.values()]
    questions += [(None, str(m.id)) for m in read(WELSH) if isinstance(m.id, str)]
    checked = wrong = 0
    problems = []
    for context, english in questions:
        if not english.endswith("?"):
            continue
        welsh = cserq.translated("cy", context, english) if context else None
        welsh = welsh or translations("cy").gettext(english)
        opening = re.match(r"[^\s',]+", welsh)
        assert opening, welsh
        if opening.group() in ("A", "Ai"):
            wrong += 1
            problems.append(welsh)
        if YES_NO_OPENINGS.match(english):
            checked += 1
            if opening.group() not in WELSH_OPENINGS:
                problems.append(welsh)
    assert checked >= 40, "the yes/no questions were not found"
    assert problems == []


TEMPLATES = REPO / "cserq" / "templates"
_LABEL = r"""_l?\(\s*(?:"([^"]+)"|'([^']+)')\s*\)"""
_BUTTONS = [
    re.compile(r"<button\b[^>]*>(.*?)</button>", re.DOTALL),
    re.compile(r"<input\b[^>]*type=\"submit\"[^>]*>", re.DOTALL),
    re.compile(r"<a\b[^>]*class=\"[^\"]*\bbutton\b[^>]*>(.*?)</a>", re.DOTALL),
    re.compile(r"button_form\(.*?\}\}", re.DOTALL),
]


def button_labels() -> set[str]:
    """The English of every button: <button>, <input type=submit>, links drawn as buttons, the
    button_form macro's label, and submit fields in the forms."""
    labels = set()
    for template in TEMPLATES.rglob("*.html"):
        html = template.read_text(encoding="utf-8")
        for pattern in _BUTTONS:
            for match in pattern.finditer(html):
                labels.update("".join(found) for found in re.findall(_LABEL, match.group(0)))
    forms = (REPO / "cserq" / "web" / "forms.py").read_text(encoding="utf-8")
    for field in re.findall(r"SubmitField\(.*?\)\s*\)", forms, re.DOTALL):
        labels.update("".join(found) for found in re.findall(_LABEL, field))
    return labels


def test_every_button_says_what_it_does_with_a_verbnoun() -> None:
    """Buttons are verbnouns, as in Welsh Government and GOV.UK Welsh services ("Parhau",
    "Lawrlwytho"), never the imperative ("Parhewch", "Lawrlwythwch")."""
    labels = button_labels()
    assert {"Start", "Start another", "Save and continue", "Download the note (PDF)"} <= labels
    cy = translations("cy")
    imperatives = []
    for label in sorted(labels):
        welsh = cy.gettext(label)
        assert welsh != label, f"no Welsh for the button {label!r}"
        verb = re.sub(r"^(Ie|Na), ", "", welsh).split()[0]
        verb = re.split(r"[\'’]", verb)[0]
        if verb.endswith("wch"):
            imperatives.append(welsh)
    assert imperatives == []
