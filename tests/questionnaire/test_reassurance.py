"""Reassurance refused: no outcome text tells a practitioner the child is safe or that nothing
need be done, in English or in Welsh, however it is phrased; cautionary text is let through.

The generative tests build their phrasings from pieces of their own (subjects, verbs, negations,
intensifiers, nouns, punctuation, casing, sentences around them), not from the classifier's
word lists or its examples, so that they find the phrasings the classifier does not know.
"""

from __future__ import annotations

import json
import time
from collections.abc import Mapping
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from cserq.base.paths import shipped_dir
from cserq.cli import main
from cserq.files.problems import FileProblems
from cserq.questionnaire.builder import FORBIDDEN_WORDING
from cserq.questionnaire.folder import load_folder
from cserq.questionnaire.loader import load_questionnaire
from cserq.questionnaire.messages import questionnaire_messages
from cserq.questionnaire.model import Questionnaire
from cserq.questionnaire.reassurance import find_reassurance, normalise, reassurance_message
from cserq.questionnaire.reassurance.grammar import (
    NO_WORRY,
    NOT_AT_RISK,
    NOTHING_TO_DO,
    SAFE,
    UNLIKELY,
)
from tests.hypo import many_settings

WHY = (
    "the tool never tells a practitioner a child is safe or that nothing need be done:"
    " say what was recorded instead"
)
GENERATED = many_settings()

# --- Examples: the issue's, the brief's, and their Welsh ---

REFUSED = [
    ("The child is not at risk", "The child is not at risk", NOT_AT_RISK),
    ("No concerns: no further action needed", "No concerns", NOT_AT_RISK),
    ("No need to report", "No need to report", NOTHING_TO_DO),
    ("Nothing to worry about", "Nothing to worry about", NO_WORRY),
    ("The child is fine", "The child is fine", SAFE),
    ("Risk is minimal", "Risk is minimal", NOT_AT_RISK),
    ("No further action", "No further action", NOTHING_TO_DO),
    ("No risk found.", "No risk", NOT_AT_RISK),
    ("Exploitation has been ruled out.", "Exploitation has been ruled out", UNLIKELY),
    # Hedged, it still tells the practitioner a report is not needed: the lead decides that.
    ("A report may not be needed.", "A report may not be needed", NOTHING_TO_DO),
    ("There is no significant threat to her.", "no significant threat", NOT_AT_RISK),
    (
        "We do not think the child is being exploited.",
        "We do not think the child is being exploited",
        UNLIKELY,
    ),
    ("Nid oes gennym unrhyw bryderon.", "Nid oes gennym unrhyw bryderon", NOT_AT_RISK),
    ("The answers do not show any risk.", "do not show any risk", NOT_AT_RISK),
    (
        "Nid yw'r atebion yn dangos unrhyw risg.",
        "Nid yw'r atebion yn dangos unrhyw risg",
        NOT_AT_RISK,
    ),
    (
        "Nid yw'n ymddangos bod y plentyn mewn perygl.",
        "Nid yw'n ymddangos bod y plentyn mewn perygl",
        UNLIKELY,
    ),
    ("dim risg", "dim risg", NOT_AT_RISK),
    ("risg isel", "risg isel", NOT_AT_RISK),
    ("Dim pryder.", "Dim pryder", NOT_AT_RISK),
    ("Dim angen gweithredu.", "Dim angen gweithredu", NOTHING_TO_DO),
    ("Dim angen hysbysu.", "Dim angen hysbysu", NOTHING_TO_DO),
    ("Mae'r plentyn yn ddiogel.", "Mae'r plentyn yn ddiogel", SAFE),
    ("Dim byd i boeni amdano.", "Dim byd i boeni amdano", NO_WORRY),
    ("Nid yw'r plentyn mewn perygl.", "Nid yw'r plentyn mewn perygl", NOT_AT_RISK),
    ("Nid oes unrhyw bryder.", "Nid oes unrhyw bryder", NOT_AT_RISK),
    ("Peidiwch â phoeni.", "Peidiwch â phoeni", NO_WORRY),
    ("Mae camfanteisio'n annhebygol.", "camfanteisio'n annhebygol", UNLIKELY),
]


@pytest.mark.parametrize(("text", "phrase", "says"), REFUSED, ids=[r[0] for r in REFUSED])
def test_reassurance_is_refused_quoting_it(text: str, phrase: str, says: str) -> None:
    found = find_reassurance(text)
    assert found is not None
    assert reassurance_message(found) == f"{phrase!r} could tell a practitioner {says}; {WHY}"


CAUTIONARY = [
    "This does not mean the child is safe",
    "Nid yw hyn yn golygu bod y plentyn yn ddiogel",
    "A lack of detail must not delay a report",
    "Do not question the child in detail",
    "You did not record any signs today",
    "Missing detail must not hold up a report",
    "A report to social services may well be needed: if you are still unsure, make one.",
    "Check the child is safe now",
    "Gwiriwch fod y plentyn yn ddiogel nawr",
    "It never tells you that a child is safe: exploitation is often hidden.",
    "It does not show that exploitation is happening, but keep it in mind.",
    "Nid yw'n dangos bod camfanteisio'n digwydd.",
    "These are not signs of exploitation in themselves.",
    "You cannot rule out exploitation.",
    "Ni ellir diystyru camfanteisio.",
    "Do not tell the parents or carers first.",
    "Peidiwch â dweud wrth y rhieni yn gyntaf.",
    "Don't worry if you cannot answer every question.",
    "There is nothing wrong with saying you do not know.",
    "Responsibility has nothing to do with the child's behaviour.",
    "Do not refer to the child as promiscuous.",
    "Nid oes angen yr holl fanylion arnoch yn gyntaf.",
    "Rhaid i ddiffyg manylion beidio ag oedi hysbysiad.",
    "If there is no reply within seven working days, chase it.",
    "It is not a risk assessment.",
    "Not every 18-year-old is an adult at risk.",
    "Ydy'r plentyn yn ddiogel?",
    "Do not be reassured by a child who says all is well.",
    "There is no harm in asking your safeguarding lead.",
    "Even a minor concern should be shared.",
    "The child is not safe.",
    "Nid yw'r plentyn yn ddiogel.",
    "Dim arwyddion wedi'u cofnodi heddiw.",
    "The child is well known to services.",
    # Texts the rules for images, over-referral and adults call for (issue 19, items 3, 7, 10).
    "Images shared only between peers of a similar age, with no threat and no adult involved,"
    " are judged case by case: discuss with your safeguarding lead today.",
    "Sexual activity at 13 to 15 with a peer and no other concern is a matter for your"
    " safeguarding lead's judgement.",
    "No concern is too small to share with your safeguarding lead.",
    "Where no report is made, record why.",
    "Nothing you recorded rules out exploitation.",
    "The person has no care and support needs, so the duty to report an adult at risk does not"
    " apply: support them, and tell the police if a crime is disclosed.",
    "Boys are under-identified: do not assume a boy is at lower risk.",
    "Caiff delweddau a rennir rhwng cyfoedion heb fygythiad eu barnu fesul achos.",
    "Nid oes unrhyw bryder yn rhy fach i'w rannu gyda'ch arweinydd diogelu.",
    "Nid yw pob person 18 oed yn oedolyn sy'n wynebu risg.",
    "You do not need to act alone: talk to your safeguarding lead.",
    "It is not your job to investigate: report what you know.",
    "No action is too small.",
    "You recorded no signs of exploitation today.",
    "Does dim niwed mewn gofyn i'ch arweinydd diogelu.",
    "Ffoniwch 999 pan fydd y plentyn mewn perygl.",
    "Mae hi'n iawn i chi ddweud nad ydych chi'n gwybod.",
    "Gwnewch yn siŵr fod y plentyn yn ddiogel cyn iddo adael.",
    "If you do not think the child is at risk, record why, and discuss it with your lead.",
    "Os nad ydych yn credu bod y plentyn mewn perygl, cofnodwch pam.",
    "A single answer does not show exploitation: discuss it with your lead today.",
    "This is not a finding that the child is safe: exploitation is often hidden.",
    "Nid yw hyn yn ganfyddiad bod y plentyn yn ddiogel: mae camfanteisio yn aml yn gudd.",
]


@pytest.mark.parametrize("text", CAUTIONARY)
def test_cautionary_text_is_accepted(text: str) -> None:
    assert find_reassurance(text) is None


def _po_texts(path: Path) -> list[tuple[str, str]]:
    with path.open("rb") as file:
        catalog = read_po(file)
    found = []
    for message in catalog:
        if (message.context or "").startswith("example"):
            continue  # a worked example's name or answer (see below)
        for text in (message.id, message.string):
            for one in text if isinstance(text, tuple) else (text,):
                if one:
                    found.append((f"{path.name}:{message.lineno}", one))
    return found


def test_no_shipped_text_is_taken_for_reassurance(cserq: Questionnaire) -> None:
    # Worked examples are the author's tests, printed in the specification for sign-off and
    # never shown to a practitioner: their names say what must not happen ("must not report").
    texts = [
        (f"cserq.yaml {m.path}", m.text)
        for m in questionnaire_messages(cserq)
        if not m.path.startswith("examples")
    ]
    texts += _po_texts(shipped_dir("questions") / "cserq.cy.po")
    texts += _po_texts(shipped_dir("translations") / "cy" / "LC_MESSAGES" / "messages.po")
    assert len(texts) > 900
    flagged = [(where, found.phrase) for where, text in texts if (found := find_reassurance(text))]
    assert flagged == []


# --- Generated reassurance, in English ---


def _agree(subject: str, verb: str) -> str:
    """``verb`` as ``subject`` takes it: "they" are, "she" is."""
    if subject != "they":
        return verb
    plural = {"is": "are", "'s": "'re", "was": "were", "seems": "seem", "appears": "appear"}
    plural |= {"looks": "look", "remains": "remain"}
    first, *rest = verb.split(" ")
    return " ".join([plural.get(first, first), *rest])


def _sentence(parts: list[str]) -> str:
    return " ".join(part for part in parts if part)


SUBJECTS = st.sampled_from(
    ["the child", "this child", "the young person", "this young person", "the girl", "the boy"]
    + ["she", "he", "they", "your patient", "the patient", "the teenager", "the pupil"]
    + ["the youngster", "the baby", "this person", "the 15-year-old", "the young woman"]
    + ["your client", "our patient", "the lad"]
)
BE = st.sampled_from(
    ["is", "seems", "appears", "appears to be", "looks", "is now", "remains", "will be"]
    + ["is considered", "is judged to be", "was found to be", "seems to be", "is probably"]
    + ["is likely to be", "'s", "has been", "is deemed", "is believed to be", "is now considered"]
)
INTENSE = st.sampled_from(
    ["", "completely", "perfectly", "totally", "absolutely", "quite", "really", "entirely"]
    + ["probably", "clearly", "definitely", "now", "at present", "very", "fully", "100%"]
)
SAFE_NOW = st.sampled_from(
    ["safe", "fine", "OK", "okay", "alright", "all right", "well", "out of danger", "unharmed"]
    + ["not at risk", "in no danger", "not in any danger", "safe and well", "no longer at risk"]
    + ["safe from harm", "free from harm", "not in danger", "at no risk", "safe at home"]
    + ["safe enough", "doing well", "in safe hands", "not at any risk", "not vulnerable"]
    + ["at low risk", "at minimal risk", "safe for now", "coping fine", "not at immediate risk"]
    + ["not a safeguarding matter", "managing well"]
)


@st.composite
def safe_child(draw: st.DrawFn) -> str:
    subject = draw(SUBJECTS)
    be = _agree(subject, draw(BE))
    joined = subject + be if be in ("'s", "'re") else f"{subject} {be}"
    return _sentence([joined, draw(INTENSE), draw(SAFE_NOW)])


LITTLE = st.sampled_from(
    ["no", "low", "minimal", "very low", "little", "negligible", "hardly any", "no real"]
    + ["no significant", "zero", "only a small", "a low level of", "without any", "reduced"]
)
QUALITY = st.sampled_from(["", "real", "significant", "safeguarding", "obvious", "current"])
RISK = st.sampled_from(
    ["risk", "concern", "concerns", "danger", "cause for concern", "worries", "risk of harm"]
    + ["risk of exploitation", "safeguarding concerns", "threat", "cause for alarm"]
    + ["safeguarding risk", "likelihood of exploitation", "chance of harm"]
)
FRAMES = st.sampled_from(
    ["{}", "There is {}", "There are {}", "We found {}", "The answers show {}", "{} identified"]
    + ["{} today", "The questionnaire shows {}", "Overall, {}", "Based on your answers, {}"]
)


@st.composite
def little_risk(draw: st.DrawFn) -> str:
    little, quality, risk = draw(LITTLE), draw(QUALITY), draw(RISK)
    if risk == "threat" and little in ("no", "without any") and not quality:
        risk = "threat to the child"  # "with no threat" describes answers about images
    return draw(FRAMES).format(_sentence([little, quality, risk]))


@st.composite
def risk_is_low(draw: st.DrawFn) -> str:
    subject = draw(
        st.sampled_from(
            ["the risk", "risk", "the level of risk", "the overall risk", "the concern"]
            + ["the risk to the child", "any risk", "the risk of harm", "concern for her"]
        )
    )
    be = draw(st.sampled_from(["is", "seems", "appears", "looks", "is assessed as", "remains"]))
    low = draw(st.sampled_from(["low", "minimal", "negligible", "very low", "small", "remote"]))
    if draw(st.booleans()):
        return f"{subject}: {low}"
    return _sentence([subject, be, draw(INTENSE), low])


ACTS = st.sampled_from(
    ["report this", "report", "refer", "make a referral", "make a report", "act"]
    + ["take action", "take any action", "do anything", "do anything more"]
    + ["tell social services", "contact social services", "tell anyone", "escalate"]
    + ["follow this up", "call the police", "refer her to social services"]
    + ["do anything further", "phone social services", "tell the safeguarding lead"]
)


@st.composite
def nothing_to_do(draw: st.DrawFn) -> str:
    kind = draw(st.integers(0, 4))
    if kind == 0:
        more = draw(st.sampled_from(["", "further", "more", "additional", "immediate"]))
        what = draw(st.sampled_from(["action", "steps", "referral", "follow-up", "report"]))
        needed = draw(st.sampled_from(["", "needed", "is needed", "required", "is necessary"]))
        return _sentence(["No", more, what, needed])
    if kind == 1:
        need = draw(
            st.sampled_from(
                ["There is no need to", "No need to", "You do not need to", "You don't need to"]
                + ["You won't need to", "You do not have to", "It is not necessary to"]
                + ["It is unnecessary to", "There is no point trying to", "You needn't"]
                + ["You need not", "From what you recorded, there is no need to"]
            )
        )
        return _sentence([need, draw(ACTS)])
    if kind == 2:
        what = draw(
            st.sampled_from(
                ["A report", "A referral", "Further action", "Any action", "Reporting"]
                + ["A referral to social services", "Escalation", "Any further action"]
            )
        )
        verdict = draw(
            st.sampled_from(
                ["is not needed", "isn't required", "is not necessary", "is not warranted"]
                + ["would be unnecessary", "seems premature", "is excessive", "is not advised"]
            )
        )
        return _sentence([what, verdict])
    if kind == 3 and draw(st.booleans()):
        need = draw(st.sampled_from(["There is no need for", "No need for", "There's no need for"]))
        what = draw(st.sampled_from(["a report", "a referral", "action", "any further action"]))
        return _sentence([need, what])
    if kind == 3:
        more = draw(st.sampled_from(["", "more", "further", "else"]))
        done = draw(
            st.sampled_from(["needs to be done", "is needed", "to do", "to report", "is required"])
        )
        return _sentence(["Nothing", more, done])
    do_not = draw(st.sampled_from(["Do not", "Don't", "Never", "You should not", "Avoid"]))
    act = draw(
        st.sampled_from(
            ["report", "refer", "make a referral", "contact social services", "tell the police"]
        )
    )
    return _sentence([do_not, "reporting" if do_not == "Avoid" and act == "report" else act])


@st.composite
def no_worry(draw: st.DrawFn) -> str:
    kind = draw(st.integers(0, 3))
    if kind == 0:
        about = draw(st.sampled_from(["worry", "be concerned", "be worried", "be alarmed"]))
        return _sentence([draw(st.sampled_from(["", "There is"])), "nothing to", about, "about"])
    if kind == 1:
        return _sentence([draw(st.sampled_from(["Do not", "Don't", "Try not to"])), "worry"])
    if kind == 2 and draw(st.booleans()):
        return draw(
            st.sampled_from(
                ["No cause for alarm", "You need not worry", "No need for concern"]
                + ["Nothing to be worried about here", "All is well"]
            )
        )
    if kind == 2:
        cause = draw(st.sampled_from(["need", "reason", "cause"]))
        feel = draw(st.sampled_from(["worry", "be concerned", "be alarmed"]))
        return _sentence([draw(st.sampled_from(["No", "There is no"])), cause, "to", feel])
    return _sentence(
        ["Nothing", draw(st.sampled_from(["wrong", "amiss", "untoward"])), "was found"]
    )


@st.composite
def unlikely(draw: st.DrawFn) -> str:
    harm = draw(st.sampled_from(["Exploitation", "Abuse", "Sexual exploitation", "CSE", "Harm"]))
    kind = draw(st.integers(0, 3))
    if kind == 0:
        seems = draw(st.sampled_from(["is", "seems", "appears", "looks"]))
        verdict = draw(
            st.sampled_from(
                ["unlikely", "very unlikely", "improbable", "ruled out", "not happening"]
            )
        )
        return _sentence([harm, seems, verdict])
    if kind == 1:
        subject = draw(st.sampled_from(["the child", "she", "he", "the young person"]))
        done = draw(st.sampled_from(["exploited", "abused", "harmed", "groomed"]))
        lead = draw(st.sampled_from(["It is unlikely that", "Unlikely that", "Nothing suggests"]))
        return _sentence([lead, subject, "is being", done])
    if kind == 2 and draw(st.booleans()):
        return draw(
            st.sampled_from(
                ["Exploitation is not suspected", "Abuse seems doubtful"]
                + ["There is no reason to suspect exploitation", "No indication of abuse"]
                + ["It is not likely that she is being exploited", "CSE can be excluded"]
            )
        )
    if kind == 2:
        return _sentence([draw(st.sampled_from(["We", "You"])), "can rule out", harm.lower()])
    return _sentence(["There is no evidence of", harm.lower()])


REASSURING = st.one_of(safe_child(), little_risk(), risk_is_low(), nothing_to_do())


@st.composite
def not_believed(draw: st.DrawFn) -> str:
    """Harm denied by the writer: "I do not think the child is being exploited"."""
    who = draw(st.sampled_from(["I do not", "We don't", "It does not", "We do not", "I don't"]))
    think = draw(st.sampled_from(["think", "believe", "suspect", "consider"]))
    if who.startswith("It"):
        think = draw(st.sampled_from(["appear", "seem", "look as if"]))
    what = draw(
        st.sampled_from(
            ["the child is at risk", "she is being exploited", "the young person is in danger"]
            + ["there is any real risk", "exploitation is happening", "he is being abused"]
            + ["the child is at significant risk"]
        )
    )
    return _sentence([who, think, draw(st.sampled_from(["", "that"])), what])


REASSURING = st.one_of(REASSURING, no_worry(), unlikely(), not_believed())
REASSURING = st.one_of(
    REASSURING, st.sampled_from(["You can close the case", "Case closed", "No cause to refer"])
)

BEFORE = st.sampled_from(
    ["", "You answered every question.", "Thank you.", "Record what you saw.", "Today:"]
)
AFTER = st.sampled_from(
    ["", "Keep a note of your decision.", "Record what you did.", "Review at the next visit."]
)


@st.composite
def in_a_text(draw: st.DrawFn, claims: st.SearchStrategy[str]) -> tuple[str, str]:
    """A text holding one of ``claims``, and the claim as written in it: in any case, with any
    spaces, apostrophes and punctuation, between other sentences."""
    claim = draw(claims)
    claim = draw(st.sampled_from([str.lower, str.upper, str.capitalize, str.title]))(claim)
    claim = claim.replace("'", draw(st.sampled_from(["'", "\u2019"])))
    claim = claim.replace(" ", draw(st.sampled_from([" ", "  ", "\n", "\u00a0"])))
    end = draw(st.sampled_from([".", "!", "", " .", "...", ";"]))
    return f"{draw(BEFORE)} {claim}{end} {draw(AFTER)}", claim


@GENERATED
@given(in_a_text(REASSURING))
def test_reassurance_composed_from_pieces_is_refused(text_and_claim: tuple[str, str]) -> None:
    text, claim = text_and_claim
    found = find_reassurance(text)
    assert found is not None, text
    # The message quotes the reassuring words, not the sentences around them.
    assert normalise(found.phrase)[0] in normalise(claim)[0]


# --- Generated reassurance, in Welsh (mutated as Welsh mutates) ---

DIOGEL = st.sampled_from(
    ["ddiogel", "saff", "iawn", "iach", "berffaith ddiogel", "hollol ddiogel", "gwbl ddiogel"]
    + ["ddiogel iawn", "berffaith iawn", "hollol saff", "ddiogel nawr", "iawn bellach"]
)


@st.composite
def plentyn_diogel(draw: st.DrawFn) -> str:
    who = draw(
        st.sampled_from(
            ["Mae'r plentyn yn", "Mae'r person ifanc yn", "Mae'r ferch yn", "Mae'r bachgen yn"]
            + ["Mae hi'n", "Mae e'n", "Maen nhw'n", "Rydym yn credu bod y plentyn yn"]
            + ["Mae'n ymddangos bod y plentyn yn", "Credaf fod y plentyn yn", "Mae'n"]
            + ["Mae'r plentyn 15 oed yn", "Dywedodd yr ysgol fod y plentyn yn"]
        )
    )
    return f"{who} {draw(DIOGEL)}"


# Radical after "dim", soft mutation after "unrhyw" and "heb".
PRYDER = st.sampled_from(
    [("risg", "risg"), ("pryder", "bryder"), ("perygl", "berygl"), ("pryderon", "bryderon")]
    + [("pryderon diogelu", "bryderon diogelu"), ("risg o niwed", "risg o niwed")]
)


@st.composite
def dim_risg(draw: st.DrawFn) -> str:
    radical, soft = draw(PRYDER)
    kind = draw(st.integers(0, 4))
    if kind == 0:
        return f"{draw(st.sampled_from(['Dim', 'Does dim', 'Nid oes']))} {radical}"
    if kind == 1:
        return f"{draw(st.sampled_from(['Nid oes unrhyw', 'Heb', 'Does dim unrhyw']))} {soft}"
    if kind == 2:
        subject = draw(st.sampled_from(["Mae'r risg", "Mae'r perygl", "Mae lefel y risg"]))
        low = draw(st.sampled_from(["isel", "fach", "isel iawn", "fach iawn", "ddibwys"]))
        return f"{subject} yn {low}"
    if kind == 3:
        return f"Risg {draw(st.sampled_from(['isel', 'fach', 'fechan', 'isel iawn', 'ddibwys']))}"
    not_at_risk = draw(
        st.sampled_from(
            ["Nid yw'r plentyn mewn perygl", "Nad yw'r plentyn yn wynebu risg"]
            + ["Dyw'r plentyn ddim mewn perygl", "Dyw e ddim yn wynebu risg"]
            + ["Nid ydynt mewn perygl", "Nid yw'r ferch mewn unrhyw berygl"]
            + ["Dydy'r plentyn ddim mewn perygl", "Does fawr o risg", "Prin yw'r risg"]
            + ["Ychydig iawn o bryder sydd", "Mae risg yn isel"]
        )
    )
    return not_at_risk


@st.composite
def dim_angen(draw: st.DrawFn) -> str:
    kind = draw(st.integers(0, 4))
    if kind == 0:
        need = draw(st.sampled_from(["Dim angen", "Nid oes angen", "Does dim angen"]))
        act = draw(
            st.sampled_from(
                ["gweithredu", "hysbysu", "atgyfeirio", "gwneud dim", "cymryd camau"]
                + ["rhoi gwybod i'r gwasanaethau cymdeithasol", "cysylltu â'r heddlu"]
                + ["hysbysiad", "atgyfeiriad", "gwneud hysbysiad"]
                + ["cymryd unrhyw gamau pellach", "i chi hysbysu'r gwasanaethau cymdeithasol"]
            )
        )
        return f"{need} {act}"
    if kind == 1:
        act = draw(
            st.sampled_from(
                ["weithredu", "hysbysu", "atgyfeirio", "wneud dim byd"]
                + ["gysylltu â'r gwasanaethau cymdeithasol"]
            )
        )
        return f"Does dim rhaid i chi {act}"
    if kind == 2:
        return f"Dim {draw(st.sampled_from(['gweithredu pellach', 'camau pellach']))}"
    if kind == 3:
        act = draw(
            st.sampled_from(
                ["hysbysu", "chysylltu â'r gwasanaethau cymdeithasol", "gwneud hysbysiad"]
            )
        )
        return f"Peidiwch â {act}"
    return f"Dim byd {draw(st.sampled_from(['', 'pellach ']))}i'w wneud"


@st.composite
def dim_poeni(draw: st.DrawFn) -> str:
    kind = draw(st.integers(0, 4))
    if kind == 0:
        return f"Dim byd i {draw(st.sampled_from(['boeni', 'bryderu']))} amdano"
    if kind == 1:
        return f"Does dim angen {draw(st.sampled_from(['poeni', 'pryderu']))}"
    if kind == 2:
        return f"Peidiwch â {draw(st.sampled_from(['phoeni', 'phryderu']))}"
    if kind == 3:
        return f"Does dim rheswm i {draw(st.sampled_from(['boeni', 'bryderu']))}"
    return "Mae popeth yn iawn"


@st.composite
def annhebygol(draw: st.DrawFn) -> str:
    return draw(
        st.sampled_from(
            ["Mae camfanteisio'n annhebygol", "Mae'n annhebygol bod y plentyn yn cael ei gam-drin"]
            + ["Gellir diystyru camfanteisio", "Does dim tystiolaeth o gamfanteisio"]
            + ["Does dim tystiolaeth o gam-drin", "Mae cam-drin yn annhebygol"]
        )
    )


@st.composite
def heb_gredu(draw: st.DrawFn) -> str:
    """Harm denied by the writer, or worries denied as had: "Nid wyf yn credu bod ..."."""
    if draw(st.booleans()):
        return draw(
            st.sampled_from(
                ["Nid oes gennym bryderon", "Nid oes gennym unrhyw bryderon"]
                + ["Does gen i ddim pryderon", "Nid oes gennyf unrhyw bryder"]
                + ["Does gynnon ni ddim pryderon", "Does gyda ni ddim pryder"]
            )
        )
    who = draw(st.sampled_from(["Nid wyf yn credu", "Nid ydym yn meddwl", "Nid yw'n ymddangos"]))
    what = draw(
        st.sampled_from(
            [
                "bod y plentyn mewn perygl",
                "bod y plentyn yn cael ei gam-drin",
                "fod hi'n wynebu risg",
            ]
            + ["bod camfanteisio'n digwydd", "bod y person ifanc mewn unrhyw berygl"]
        )
    )
    return f"{who} {what}"


CALONOGOL = st.one_of(plentyn_diogel(), dim_risg(), dim_angen(), dim_poeni(), annhebygol())
CALONOGOL = st.one_of(
    CALONOGOL,
    heb_gredu(),
    st.sampled_from(["Mae'r plentyn yn ymddangos yn ddiogel", "Mae'r ferch yn edrych yn iawn"]),
)
CYN = st.sampled_from(["", "Diolch.", "Atebwyd pob cwestiwn.", "Cofnodwch yr hyn a welsoch."])
AR_OL = st.sampled_from(["", "Cofnodwch eich penderfyniad.", "Adolygwch y tro nesaf."])


@st.composite
def mewn_testun(draw: st.DrawFn, claims: st.SearchStrategy[str]) -> tuple[str, str]:
    claim = draw(claims)
    claim = draw(st.sampled_from([str.lower, str.upper, str.capitalize]))(claim)
    claim = claim.replace("'", draw(st.sampled_from(["'", "\u2019"])))
    claim = claim.replace(" ", draw(st.sampled_from([" ", "  ", "\n", "\u00a0"])))
    return f"{draw(CYN)} {claim}{draw(st.sampled_from(['.', '!', '', ';']))} {draw(AR_OL)}", claim


@GENERATED
@given(mewn_testun(CALONOGOL))
def test_welsh_reassurance_composed_from_pieces_is_refused(
    text_and_claim: tuple[str, str],
) -> None:
    text, claim = text_and_claim
    found = find_reassurance(text)
    assert found is not None, text
    assert normalise(found.phrase)[0] in normalise(claim)[0]


# --- Generated cautionary text: reassurance denied, asked about or supposed ---

# Claims that read as a clause inside another sentence ("... that the risk is low").
EMBEDDABLE = st.one_of(
    safe_child().filter(lambda claim: not claim.startswith("they")),
    little_risk().filter(lambda claim: claim.startswith("There is")),
    risk_is_low().filter(lambda claim: ":" not in claim),
    st.sampled_from(
        ["no further action is needed", "nothing more needs to be done", "exploitation is unlikely"]
        + ["you do not need to report", "there is nothing to worry about", "abuse is ruled out"]
    ),
)


@st.composite
def cautionary(draw: st.DrawFn) -> str:
    kind = draw(st.integers(0, 9))
    claim = draw(EMBEDDABLE).replace("There is", "there is")
    that = draw(st.sampled_from(["", "that "]))
    if kind == 0:
        what = draw(
            st.sampled_from(
                ["This", "That", "A lack of signs", "No signs today", "What you recorded"]
                + ["An answer of No", "The outcome", "Answering No"]
            )
        )
        does_not = draw(
            st.sampled_from(
                ["does not", "doesn't", "cannot", "will not", "does not necessarily"]
                + ["does not on its own", "never", "is not a sign"]
            )
        )
        mean = draw(st.sampled_from(["mean", "show", "prove", "tell you"]))
        if does_not == "is not a sign":
            return f"This is not a sign that {claim}"
        if does_not == "never":
            mean += "s"
        return f"{what} {does_not} {mean} {that}{claim}"
    if kind == 1:
        assume = draw(
            st.sampled_from(
                ["Do not assume", "Never assume", "Don't conclude", "Do not assume from one answer"]
                + ["It would be wrong to conclude", "Nobody can tell you"]
            )
        )
        return f"{assume} {that}{claim}"
    if kind == 2:
        return f"{draw(st.sampled_from(['You cannot be sure', 'No one can say']))} {that}{claim}"
    if kind == 3:
        supposing = draw(
            st.sampled_from(["Even if", "Until you know that", "Before you decide that"])
        )
        return f"{supposing} {claim}, discuss it with your safeguarding lead today"
    if kind == 4:
        subject = draw(st.sampled_from(["the child", "the young person", "she"]))
        verb = draw(st.sampled_from(["Check whether", "Ask whether", "Find out whether"]))
        return f"{verb} {subject} {draw(st.sampled_from(['is safe', 'feels safe', 'is OK']))}"
    if kind == 5:
        lack = draw(
            st.sampled_from(
                ["A lack of detail", "Missing detail", "Not knowing everything", "Uncertainty"]
            )
        )
        must_not = draw(st.sampled_from(["must not", "should not", "must never", "should never"]))
        delay = draw(st.sampled_from(["delay", "hold up", "put off", "stop", "prevent"]))
        report = draw(st.sampled_from(["a report", "your report", "a referral", "making a report"]))
        return f"{lack} {must_not} {delay} {report}"
    if kind == 6:
        do_not = draw(st.sampled_from(["Do not", "Don't", "Never"]))
        verb = draw(st.sampled_from(["question", "interview", "confront", "pressure"]))
        how = draw(st.sampled_from(["in detail", "about it", "again", "yourself"]))
        return f"{do_not} {verb} the child {how}"
    if kind == 7:
        tell = draw(st.sampled_from(["tell", "warn", "contact", "inform"]))
        family = draw(st.sampled_from(["parents", "carers", "family"]))
        return f"Do not {tell} the {family} first"
    if kind == 8:
        signs = draw(st.sampled_from(["any signs", "any key signs", "a disclosure"]))
        return f"You did not record {signs} today"
    unsure = draw(st.sampled_from(["unsure", "still unsure", "in doubt", "not sure"]))
    act = draw(st.sampled_from(["make one", "report", "make a report", "discuss it today"]))
    return f"If you are {unsure}, {act}"


@st.composite
def gofalus(draw: st.DrawFn) -> str:
    clause = draw(
        st.sampled_from(
            ["bod y plentyn yn ddiogel", "nad oes risg", "bod y risg yn isel"]
            + ["nad oes angen gweithredu", "nad oes angen hysbysu", "fod popeth yn iawn"]
            + ["bod y person ifanc yn hollol ddiogel", "nad oes dim byd i boeni amdano"]
        )
    )
    kind = draw(st.integers(0, 5))
    if kind == 0:
        this = draw(st.sampled_from(["hyn", "hynny", "diffyg arwyddion"]))
        mean = draw(st.sampled_from(["golygu", "dangos", "profi"]))
        return f"Nid yw {this} yn {mean} {clause}"
    if kind == 1:
        return f"Peidiwch â {draw(st.sampled_from(['chymryd', 'thybio']))} {clause}"
    if kind == 2:
        return f"Gwiriwch {clause.replace('bod ', 'fod ', 1)}"
    if kind == 3:
        lack = draw(st.sampled_from(["ddiffyg manylion", "fanylion coll", "ansicrwydd"]))
        report = draw(st.sampled_from(["hysbysiad", "atgyfeiriad"]))
        if draw(st.booleans()):
            return f"Rhaid i {lack} beidio ag oedi {report}"
        return f"Rhaid i {lack} beidio â dal {report} yn ôl"
    if kind == 4:
        return draw(
            st.sampled_from(
                ["Peidiwch â holi'r plentyn yn fanwl", "Peidiwch â dweud wrth y rhieni yn gyntaf"]
                + ["Ni wnaethoch gofnodi unrhyw arwyddion heddiw"]
            )
        )
    if draw(st.booleans()):
        return (
            draw(
                st.sampled_from(
                    ["Nid yw'r offeryn byth yn dweud", "Ni all neb ddweud", "Holwch a yw'n wir"]
                )
            )
            + f" {clause}"
        )
    if draw(st.booleans()):
        return "Hyd yn oed os yw'r risg yn isel, trafodwch gyda'ch arweinydd diogelu heddiw"
    return f"Os ydych chi'n dal yn ansicr, {draw(st.sampled_from(['gwnewch un', 'hysbyswch']))}"


@GENERATED
@given(st.one_of(in_a_text(cautionary()), mewn_testun(gofalus())))
def test_cautionary_text_composed_from_pieces_is_accepted(
    text_and_claim: tuple[str, str],
) -> None:
    text, _ = text_and_claim
    assert find_reassurance(text) is None, text


# --- Nothing the old check refused is let through now ---

OLD_FORBIDDEN = st.sampled_from(
    ["no risk", "not at risk", "low risk", "zero risk", "without risk", "risk-free", "risk free"]
)


@GENERATED
@given(
    st.sampled_from(["", "The child is", "There is", "This child is", "Outcome:", "They are"]),
    OLD_FORBIDDEN,
    st.sampled_from(["", ".", " today.", " now", "; keep under review."]),
    st.sampled_from([str.lower, str.upper, str.capitalize]),
)
def test_what_the_old_check_refused_is_still_refused(
    before: str, words: str, end: str, case: object
) -> None:
    text = f"{before} {words}{end}".strip()
    text = case(text)  # type: ignore[operator]
    assert FORBIDDEN_WORDING.search(text)
    assert find_reassurance(text) is not None, text


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("Heb bryder.", "Heb bryder"),  # "pryder" after "heb" is "bryder"
        ("Peidiwch â phryderu.", "Peidiwch â phryderu"),  # after "â", "phryderu"
        ("Does dim rhaid i chi boeni.", "Does dim rhaid i chi boeni"),  # after "i chi", "boeni"
        ("Mae hi'n berffaith ddiogel.", "Mae hi'n berffaith ddiogel"),  # "diogel" after "yn"
        ("Nid oes unrhyw berygl.", "Nid oes unrhyw berygl"),  # "perygl" after "unrhyw"
    ],
)
def test_welsh_reassurance_is_refused_in_every_mutation(text: str, phrase: str) -> None:
    found = find_reassurance(text)
    assert found is not None
    assert found.phrase == phrase


# --- In a questionnaire file, and in the catalogue beside it ---

MINIMAL = (Path(__file__).parent / "minimal.yaml").read_text(encoding="utf-8")
# Each outcome text of minimal.yaml: its path, and the text to replace (with a "{}" for the
# new text).
PLACES = {
    "levels.review.title": ("review: {title: Keep under review,", "review: {{title: {},"),
    "levels.review.text": ("text: Nothing recorded today; keep under review.}", "text: {}}}"),
    "prompts[0].title": ("    title: Find out more", "    title: {}"),
    "prompts[0].text": ("    text: Ask people who know the child.", "    text: {}"),
    "rules[0].reason": ("    reason: In danger.", "    reason: {}"),
}
BAD_ENGLISH = [
    ("No concerns: no further action needed", "No concerns", NOT_AT_RISK),
    ("Nothing to worry about.", "Nothing to worry about", NO_WORRY),
    ("The child is fine.", "The child is fine", SAFE),
    ("Risk is minimal.", "Risk is minimal", NOT_AT_RISK),
    ("No need to report.", "No need to report", NOTHING_TO_DO),
    ("Exploitation is unlikely.", "Exploitation is unlikely", UNLIKELY),
]


def _with(place: str, text: str) -> tuple[str, int]:
    """minimal.yaml with ``text`` at ``place``, and the line it is on."""
    old, new = PLACES[place]
    assert old in MINIMAL
    edited = MINIMAL.replace(old, new.format(json.dumps(text)), 1)
    return edited, next(n for n, line in enumerate(edited.splitlines(), 1) if text in line)


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize(("text", "phrase", "says"), BAD_ENGLISH, ids=[b[0] for b in BAD_ENGLISH])
def test_check_refuses_reassurance_in_every_outcome_text_with_its_line(
    place: str,
    text: str,
    phrase: str,
    says: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CSERQ_LANGUAGES", "en")
    monkeypatch.chdir(tmp_path)
    edited, line = _with(place, text)
    Path("q.yaml").write_text(edited, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "q.yaml"])
    assert result.exit_code == 1
    expected = f"q.yaml:{line}: {place}: {phrase!r} could tell a practitioner {says}; {WHY}"
    assert result.stdout.splitlines() == [expected]


def _welsh(questionnaire: Path, bad: Mapping[str, str]) -> Path:
    """A complete Welsh catalogue beside ``questionnaire``, with the translations ``bad`` gives
    by field in place of the others."""
    q = load_questionnaire(questionnaire)
    catalog = Catalog(locale="cy")
    for message in questionnaire_messages(q):
        welsh = bad.get(message.path, f"Cymraeg: {message.text}")
        catalog.add(message.text, welsh, context=message.context, auto_comments=[message.path])
    path = questionnaire.with_name(f"{questionnaire.stem}.cy.po")
    with path.open("wb") as file:
        write_po(file, catalog, width=1_000_000)
    return path


BAD_WELSH = [
    ("Dim pryderon: dim angen gweithredu", "Dim pryderon", NOT_AT_RISK),
    ("Mae'r plentyn yn ddiogel.", "Mae'r plentyn yn ddiogel", SAFE),
    ("Does dim angen hysbysu.", "Does dim angen hysbysu", NOTHING_TO_DO),
    ("Dim byd i boeni amdano.", "Dim byd i boeni amdano", NO_WORRY),
]


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize(("welsh", "phrase", "says"), BAD_WELSH, ids=[b[0] for b in BAD_WELSH])
def test_welsh_reassurance_stops_the_questionnaire_with_its_catalogue_line(
    place: str, welsh: str, phrase: str, says: str, tmp_path: Path
) -> None:
    (tmp_path / "q.yaml").write_text(MINIMAL, encoding="utf-8")
    po = _welsh(tmp_path / "q.yaml", {place: welsh})
    line = next(n for n, text in enumerate(po.read_text().splitlines(), 1) if welsh in text)
    expected = f"q.cy.po:{line}: {place}: {phrase!r} (Cymraeg) could tell a practitioner {says}"
    # As `cserq check` reads the file, and as the app does when it starts.
    with pytest.raises(FileProblems) as refused:
        load_questionnaire(tmp_path / "q.yaml", name="q.yaml")
    assert [str(p) for p in refused.value.problems] == [f"{expected}; {WHY}"]
    with pytest.raises(FileProblems) as at_start:
        load_folder(tmp_path, ["en", "cy"])
    assert f"{tmp_path / 'q.cy.po'}:{line}: {place}: " in str(at_start.value)


def test_a_welsh_catalogue_that_does_not_reassure_is_read(tmp_path: Path) -> None:
    (tmp_path / "q.yaml").write_text(MINIMAL, encoding="utf-8")
    _welsh(
        tmp_path / "q.yaml",
        {"levels.review.text": "Nid yw hyn yn golygu bod y plentyn yn ddiogel."},
    )
    assert load_folder(tmp_path, ["en", "cy"])["mini"].catalogues["cy"].translated


def test_check_prints_welsh_reassurance_with_its_catalogue_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CSERQ_LANGUAGES", "en,cy")
    monkeypatch.chdir(tmp_path)
    Path("q.yaml").write_text(MINIMAL, encoding="utf-8")
    po = _welsh(Path("q.yaml"), {"levels.review.text": "Mae'r plentyn yn ddiogel."})
    line = next(n for n, text in enumerate(po.read_text().splitlines(), 1) if "ddiogel" in text)
    result = CliRunner().invoke(main, ["check", "q.yaml"])
    assert result.exit_code == 1
    assert f'q.cy.po:{line}: levels.review.text: "Mae\'r plentyn yn ddiogel"' in result.stdout


@pytest.mark.parametrize(
    "sentence",
    [
        "Does this mean no risk? ",  # every claim asked about
        "Check that the child is fine and ",  # one long sentence of clauses
        "This does not mean that the child is fine or that ",  # one clause, every claim denied
    ],
)
def test_a_long_text_is_read_in_a_time_that_grows_with_its_length(sentence: str) -> None:
    # Read claim by claim from the start of each clause, 130,000 characters took a minute.
    text = sentence * (130_000 // len(sentence))
    started = time.monotonic()
    assert find_reassurance(text) is None
    assert time.monotonic() - started < 10
