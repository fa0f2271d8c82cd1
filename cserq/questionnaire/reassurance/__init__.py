"""Reassurance: text that tells a practitioner the child is safe, or that nothing need be done.

The tool never says either (docs/design.md, principle 1): exploitation is hidden and children rarely
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

import bisect
import heapq
import re
import unicodedata
from array import array
from collections.abc import Iterator
from dataclasses import dataclass

from cserq.base.text import brief
from cserq.questionnaire.reassurance import cymraeg, english
from cserq.questionnaire.reassurance.grammar import Claim

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
class _Compiled:
    says: str
    pattern: re.Pattern[str]
    unless: re.Pattern[str] | None


@dataclass(frozen=True)
class _Grammar:
    claims: tuple[_Compiled, ...]
    governed: re.Pattern[str]
    scoped: re.Pattern[str]
    negated: re.Pattern[str]


def _compiled(claim: Claim) -> _Compiled:
    unless = re.compile(claim.unless) if claim.unless else None
    return _Compiled(claim.says, re.compile(claim.pattern), unless)


# Compiled once, on import (about 0.3 s), so that no single load of a questionnaire is slow.
_GRAMMARS = tuple(
    _Grammar(
        tuple(_compiled(claim) for claim in language.CLAIMS),
        re.compile(language.GOVERNED),
        re.compile(language.SCOPED),
        re.compile(language.NEGATED),
    )
    for language in (english, cymraeg)
)
_CLAIMS = tuple(enumerate((grammar, claim) for grammar in _GRAMMARS for claim in grammar.claims))
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


# Runs of characters that stand for themselves, but for their case; and runs of spaces.
_RUNS = re.compile(r"(?P<plain>[A-Za-z0-9'!#$%&+,./:;<=>?@\\^|~]+)|(?P<space>\s+)|.", re.S)


def normalise(text: str) -> tuple[str, array[int]]:
    """``text`` as the grammars read it, and where each of its characters came from.

    Lower case, without accents ("â" is "a"), one apostrophe, one space between words; a hyphen
    in a word is a space ("cam-drin", "risk-free") and a dash between words ends a clause.
    """
    pieces: list[str] = []
    origin = array("q")  # compact: a long text has a long map
    spaced = True  # at the start, as after a space: no space is kept there

    def add(piece: str, at: int) -> None:
        nonlocal spaced
        for c in piece:
            if c == " " and spaced:
                continue
            pieces.append(c)
            origin.append(at)
            spaced = c == " "

    for run in _RUNS.finditer(text):
        at = run.start()
        if run.lastgroup == "plain":
            pieces.append(run.group().lower())
            origin.extend(range(at, run.end()))
            spaced = False
        elif run.lastgroup == "space":
            add(" ", at)
        else:
            add(_normalised(text, at), at)
    norm = "".join(pieces)
    while norm.endswith(" "):
        norm = norm[:-1]
        origin.pop()
    return norm, origin


def _normalised(text: str, i: int) -> str:
    """The character ``text[i]`` (not a plain one) as the grammars read it."""
    char = text[i]
    if char in _APOSTROPHES:
        return "'"
    if char in _DROPPED:
        return " "
    if char in _DASHES:
        return " : "
    if char in _HYPHENS:
        joined = 0 < i < len(text) - 1 and text[i - 1].isalnum() and text[i + 1].isalnum()
        spaced = 0 < i < len(text) - 1 and text[i - 1] == " " and text[i + 1] == " "
        return " " if joined or not spaced else ":"
    decomposed = unicodedata.normalize("NFKD", char)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def find_reassurance(text: str) -> Reassurance | None:
    """The first phrase of ``text`` (English or Welsh) that reassures, or None."""
    norm, origin = normalise(text)
    clauses = _Clauses(norm)
    # Every claim's matches, merged in the order of the text: earliest first, and the longest
    # of those. A claim inside one that is not asserted ("the child is at no risk" in "even if
    # the child is at no risk") is not asserted either. Read lazily, so that the first claim
    # asserted ends the reading, and a long text needs no more memory than a short one.
    streams = [_matches(norm, order, grammar, claim) for order, (grammar, claim) in _CLAIMS]
    unasserted_to = 0
    for start, _, _, match, grammar, claim in heapq.merge(*streams):
        if match.end() == start:
            continue
        clause = clauses.before(start)
        if claim.unless is not None and claim.unless.search(clause):
            continue  # not this claim at all: what is inside it may still be one
        if start < unasserted_to or clauses.unasserted(match, grammar, clause):
            unasserted_to = max(unasserted_to, match.end())
            continue
        begin, end = origin[start], origin[match.end() - 1] + 1
        return Reassurance(" ".join(text[begin:end].split()), claim.says)
    return None


def _matches(
    norm: str, order: int, grammar: _Grammar, claim: _Compiled
) -> Iterator[tuple[int, int, int, re.Match[str], _Grammar, _Compiled]]:
    """The matches of one claim, each with the key that orders all claims' matches."""
    for match in claim.pattern.finditer(norm):
        yield match.start(), -match.end(), order, match, grammar, claim


# How far before a claim a negation or a question is looked for, in characters: more than the
# words it can reach (grammar.REACH) and its own words, so that a long text is read in a time
# that grows with its length, not with its square.
_WINDOW = 400


class _Clauses:
    """Where the clauses and sentences of a normalised text begin and end, found once."""

    def __init__(self, norm: str) -> None:
        self.norm = norm
        self.starts = [b.end() for b in _BOUNDARY.finditer(norm)]
        self.ends = [(e.start(), e.group()) for e in re.finditer(r"[.!?]", norm)]

    def before(self, position: int) -> str:
        """The clause before ``position``, or its last ``_WINDOW`` characters."""
        index = bisect.bisect_right(self.starts, position) - 1
        start = self.starts[index] if index >= 0 else 0
        if position - start <= _WINDOW:
            return self.norm[start:position]
        # Cut at a word, and so that the cut is not taken for the start of the clause.
        cut = self.norm[position - _WINDOW : position]
        return "\x00 " + cut.split(" ", 1)[-1]

    def unasserted(self, match: re.Match[str], grammar: _Grammar, clause: str) -> bool:
        """Whether the claim ``match`` found, after ``clause``, is asked about, supposed or
        denied, not asserted."""
        index = bisect.bisect_left(self.ends, (match.end(), ""))
        if index < len(self.ends) and self.ends[index][1] == "?":
            return True
        if grammar.governed.search(clause) or grammar.scoped.search(clause):
            return True
        if _WHETHER.search(clause) and _WHETHER_VERBS.match(self.norm, match.start()):
            return True
        return grammar.negated.search(clause) is not None


def reassurance_message(found: Reassurance, language: str | None = None) -> str:
    """What the loader says of a text that reassures, quoting it; ``language`` names a
    translation's."""
    shown = brief(found.phrase) + (f" ({language})" if language else "")
    return f"{shown} could tell a practitioner {found.says}; {WHY}"
