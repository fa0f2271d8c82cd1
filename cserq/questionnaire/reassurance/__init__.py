"""Reassurance: text that tells a practitioner the child is safe, or that nothing need be done.

The tool never says either (DESIGN.md, principle 1): exploitation is hidden and children rarely
tell, so the lowest outcome says only what was recorded. A list of forbidden sentences always
leaks ("No concerns: no further action needed" passes a check for "not at risk"), so this is a
small grammar of the *class*, in English and Welsh: a minimiser or negation next to a word for
risk, concern or action ("no concerns", "risg isel", "dim angen hysbysu"); a person and "is" and
a word for safe ("the child seems completely fine", "mae'r plentyn yn ddiogel"); exploitation
and "unlikely" or "ruled out". See :mod:`.english` and :mod:`.cymraeg`.

A claim is not reassurance when it is not asserted: asked about or supposed ("check whether the
child is safe", "os yw'r risg yn isel"), or denied ("This does not mean the child is safe", "Nid
yw hyn yn golygu bod y plentyn yn ddiogel", "do not rule out exploitation"), within its clause.

The loader refuses reassurance in every text a practitioner reads about an outcome: level
titles and texts, prompt titles and texts, rule reasons, in the questionnaire file and in the
catalogue of each language beside it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from cserq.questionnaire.reassurance import cymraeg, english
from cserq.questionnaire.reassurance.grammar import Claim
from cserq.text import brief

OUTCOME_PARTS = frozenset({"levels", "prompts", "rules"})
"""The parts of a questionnaire file whose texts are about an outcome."""
OUTCOME_CONTEXTS = ("level:", "prompt:", "rule:")
"""The message contexts of those texts in a catalogue (see :mod:`..messages`)."""

WHY = (
    "the tool never tells a practitioner a child is safe or that nothing need be done:"
    " say what was recorded instead"
)


@dataclass(frozen=True)
class Reassurance:
    """Where a text reassures, and what it would tell the practitioner."""

    phrase: str
    """The words of the text that reassure, as written."""
    says: str
    """e.g. "that the child is safe or fine"."""


@dataclass(frozen=True)
class _Grammar:
    claims: tuple[tuple[Claim, re.Pattern[str]], ...]
    governed: re.Pattern[str]
    scoped: re.Pattern[str]
    negated: re.Pattern[str]


# Compiled once, on import (about 0.3 s), so that no single load of a questionnaire is slow.
_GRAMMARS = tuple(
    _Grammar(
        tuple((claim, re.compile(claim.pattern)) for claim in language.CLAIMS),
        re.compile(language.GOVERNED),
        re.compile(language.SCOPED),
        re.compile(language.NEGATED),
    )
    for language in (english, cymraeg)
)


_WHETHER = re.compile(cymraeg.WHETHER)
_WHETHER_VERBS = re.compile(cymraeg.WHETHER_VERBS)

# Where one clause ends and the next begins, for what a negation or a "whether" can reach.
# A comma ends a clause unless an "or" or "and that" carries the sentence on.
_BOUNDARY = re.compile(
    r"[.;:!?](?:\s|$)"
    r"|,\s(?!(?:or|nor|and that|or that|and whether|neu|na|ac nad|neu fod|neu nad|a bod)\b)"
    r"|\s(?:but|whereas|otherwise|although|even though|ond|felly)\s"
    r"|\sso\s(?!that\b)|\showever,|(?<!not)\syet\s|(?<!as)\sthough\s"
    r"|\sand\s(?!(?:that|whether|if|or)\b)|\sac\s(?!(?:nad|na|bod|fod)\b)"
)

_APOSTROPHES = "\u2019\u2018\u02bc`\u00b4\u2032"
_DROPPED = '"\u201c\u201d\u201e\u00ab\u00bb()[]{}*_'
_DASHES = "\u2013\u2014\u2015"
_HYPHENS = "-\u2010\u2011\u2012"


def normalise(text: str) -> tuple[str, list[int]]:
    """``text`` as the grammars read it, and where each of its characters came from.

    Lower case, without accents ("â" is "a"), one apostrophe, one space between words; a hyphen
    in a word is a space ("cam-drin", "risk-free") and a dash between words ends a clause.
    """
    chars: list[str] = []
    origin: list[int] = []
    for i, char in enumerate(text):
        if char in _APOSTROPHES:
            piece = "'"
        elif char in _DROPPED or char.isspace():
            piece = " "
        elif char in _DASHES:
            piece = " : "
        elif char in _HYPHENS:
            joined = 0 < i < len(text) - 1 and text[i - 1].isalnum() and text[i + 1].isalnum()
            spaced = 0 < i < len(text) - 1 and text[i - 1] == " " and text[i + 1] == " "
            piece = " " if joined or not spaced else ":"
        else:
            decomposed = unicodedata.normalize("NFKD", char)
            piece = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
        for c in piece:
            if c == " " and (not chars or chars[-1] == " "):
                continue
            chars.append(c)
            origin.append(i)
    while chars and chars[-1] == " ":
        chars.pop()
        origin.pop()
    return "".join(chars), origin


def find_reassurance(text: str) -> Reassurance | None:
    """The first phrase of ``text`` (English or Welsh) that reassures, or None."""
    norm, origin = normalise(text)
    matches = [
        (match, order, claim, grammar)
        for grammar in _GRAMMARS
        for order, (claim, pattern) in enumerate(grammar.claims)
        for match in pattern.finditer(norm)
        if match.end() > match.start()
    ]
    # Earliest first, and the longest of those: a claim inside one that is not asserted ("the
    # child is at no risk" in "even if the child is at no risk") is not asserted either.
    matches.sort(key=lambda m: (m[0].start(), -m[0].end(), m[1]))
    unasserted: list[tuple[int, int]] = []
    for match, _, claim, grammar in matches:
        if any(start <= match.start() < end for start, end in unasserted) or _unasserted(
            norm, match, grammar
        ):
            unasserted.append(match.span())
            continue
        start, end = origin[match.start()], origin[match.end() - 1] + 1
        return Reassurance(" ".join(text[start:end].split()), claim.says)
    return None


def _unasserted(norm: str, match: re.Match[str], grammar: _Grammar) -> bool:
    """Whether the claim ``match`` found is asked about, supposed or denied, not asserted."""
    after = re.search(r"[.!?]", norm[match.end() :])
    if after is not None and after.group() == "?":
        return True
    before = norm[: match.start()]
    ends = [b.end() for b in _BOUNDARY.finditer(before)]
    clause = before[ends[-1] :] if ends else before
    if grammar.governed.search(clause) or grammar.scoped.search(clause):
        return True
    if _WHETHER.search(clause) and _WHETHER_VERBS.match(norm, match.start()):
        return True
    return grammar.negated.search(clause) is not None


def reassurance_message(found: Reassurance, language: str | None = None) -> str:
    """What the loader says of a text that reassures, quoting it; ``language`` names a
    translation's."""
    shown = brief(found.phrase) + (f" ({language})" if language else "")
    return f"{shown} could tell a practitioner {found.says}; {WHY}"
