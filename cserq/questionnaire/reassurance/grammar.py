"""The pieces the reassurance grammars are built from: word classes, Welsh mutations, claims.

A grammar here is a handful of *claims*, each a regular expression over normalised text (lower
case, no accents, one space between words, see :func:`cserq.questionnaire.reassurance.normalise`)
composed from word classes: subjects, verbs, negations, minimisers, nouns. No claim is a sentence:
"the child", "is", "perfectly" and "fine" are four classes, so "The young person seems completely
OK" is refused though nobody wrote it down.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

GAP = r",? "
"""Between two words of a phrase: a space, perhaps after a comma."""
WORD = r"[\w']+"
REACH = 14
"""How many words after it a denial or a question reaches: "This does not mean that the young
person is likely to be at no risk"."""

SAFE = "that the child is safe or fine"
NOT_AT_RISK = "that the child is safe or barely at risk"
NO_WORRY = "that there is nothing to worry about"
NOTHING_TO_DO = "that nothing (more) need be done"
UNLIKELY = "that exploitation or abuse is unlikely or ruled out"


@dataclass(frozen=True)
class Claim:
    """One kind of reassurance: what it tells the practitioner, and how it is written."""

    says: str
    """What a practitioner would take from it, e.g. ``SAFE``."""
    pattern: str
    """A regex over normalised text."""
    unless: str = ""
    """A regex that, found at the end of the clause before the claim, means the phrase is not
    this claim ("you recorded" before "no signs of exploitation")."""


def claim(says: str, *parts: str, unless: str = "") -> Claim:
    """A claim whose pattern is ``parts`` joined (each part a regex, usually from :func:`words`)."""
    return Claim(says, "".join(parts), unless)


def phrases(text: str) -> tuple[str, ...]:
    """The phrases of a word class written as text, one after another with ``|`` between.

    A phrase may be broken over lines; its spaces are one gap each.
    """
    return tuple(" ".join(p.split()) for p in text.split("|") if p.strip())


def words(*classes: str | Iterable[str]) -> str:
    """A regex matching any phrase of ``classes`` as whole words; a space is any :data:`GAP`.

    Each argument is one phrase or a word class (an iterable of phrases).
    """
    flat: set[str] = set()
    for phrase_or_class in classes:
        flat.update([phrase_or_class] if isinstance(phrase_or_class, str) else phrase_or_class)
    return rf"{_trie([p.split(' ') for p in flat], first=True)}(?!\w)"


def _trie(phrases: list[list[str]], *, first: bool = False) -> str:
    r"""One regex for phrases (lists of words) that shares their first words ("no", "no longer",
    "no need to"): a class of hundreds of phrases then compiles quickly. Longer phrases are
    tried first.

    The ``first`` words must start a word: checked after their first letter (``n(?<!\w.)o``),
    not before it, so that a search can skip at once to the letters a phrase can start with.
    """
    rests: dict[str, list[list[str]]] = {}
    for head, *rest in phrases:
        rests.setdefault(head, []).append(rest)
    branches = []
    for word in sorted(rests, key=lambda word: (-len(word), word)):
        longer = [rest for rest in rests[word] if rest]
        branch = re.escape(word)
        if first:
            branch = re.escape(word[0]) + r"(?<!\w.)" + re.escape(word[1:])
        if longer:
            then = GAP + _trie(longer)
            branch += f"(?:{then})?" if len(longer) < len(rests[word]) else then
        branches.append(branch)
    return f"(?:{'|'.join(branches)})"


def optional(regex: str) -> str:
    """``regex`` followed by a gap, or nothing."""
    return rf"(?:{regex}{GAP})?"


def maybe(first: str, rest: str) -> str:
    """``first`` and a gap before ``rest``, or ``rest`` alone.

    The same as ``optional(first) + rest``, but a search can skip at once to where either can
    start: write a claim's first words this way.
    """
    return rf"(?:{first}{GAP}{rest}|{rest})"


def after(regex: str) -> str:
    """A gap and ``regex``, or nothing."""
    return rf"(?:{GAP}{regex})?"


def some(regex: str, most: int = 3, *, least: int = 0) -> str:
    """``least`` to ``most`` of ``regex``, each followed by a gap."""
    return rf"(?:{regex}{GAP}){{{least},{most}}}"


# --- Welsh mutations ---

# The first letters that change, and what they become, after the words that cause each mutation
# ("ei bryder" his worry, "ei phryder" her worry, "fy mhryder" my worry). Longer first.
_SOFT = (
    ("ll", "l"), ("rh", "r"), ("p", "b"), ("t", "d"), ("c", "g"), ("b", "f"), ("d", "dd"),
    ("g", ""), ("m", "f"),
)  # fmt: skip
_NASAL = (("p", "mh"), ("t", "nh"), ("c", "ngh"), ("b", "m"), ("d", "n"), ("g", "ng"))
_ASPIRATE = (("p", "ph"), ("t", "th"), ("c", "ch"))
# Letters written with two characters that never mutate as their first.
_UNMUTATED = ("ch", "dd", "ff", "ng", "ph", "th")


def mutations(phrase: str) -> set[str]:
    """``phrase`` with its first word in every form a Welsh mutation gives it.

    ``mutations("pryder")`` is pryder, bryder, mhryder and phryder; a word starting with a vowel
    also takes an h ("ei hatgyfeirio").
    """
    forms = {phrase}
    if phrase.startswith(_UNMUTATED):
        return forms
    if phrase[:1] in "aeiouwy":
        forms.add("h" + phrase)
    for table in (_SOFT, _NASAL, _ASPIRATE):
        for radical, mutated in table:
            if phrase.startswith(radical):
                forms.add(mutated + phrase[len(radical) :])
                break
    return forms


def mutated(*phrases: str) -> set[str]:
    """Every mutated form of each of ``phrases``."""
    return {form for phrase in phrases for form in mutations(phrase)}
