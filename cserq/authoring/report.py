"""The report ``cserq diff`` prints: the changes item by item, then what they do to outcomes, with
a worked example for each kind of move, loud where an answer set now reaches a lower level."""

from __future__ import annotations

import difflib
import gettext
from collections.abc import Sequence

from cserq.authoring.items import changes
from cserq.authoring.outcomes import DEFAULT_SAMPLES, Moved, decides_alike, outcome_changes
from cserq.questionnaire.model import (
    NO,
    Condition,
    Level,
    Questionnaire,
)
from cserq.words.wording import Wording

LOUD = "!" * 72
KIND_TITLES = {
    "lower": "now reach a LOWER level",
    "higher": "now reach a HIGHER level",
    "prompts": "reach the same level with other prompts",
}
LOUD_WORDS = {
    "lower": (
        "!!! a child in these circumstances would be pointed to less than before.",
        "!!! Check that this is intended before the change is signed off and used.",
    ),
    "higher": (
        "!!! a child in these circumstances would be pointed to more than before: more reports",
        "!!! and discussions, and over-referral is a hazard too (it floods social services and",
        "!!! keeps young people from services). Check that this is intended before sign-off.",
    ),
}
ALIKE = (
    "What that does to outcomes: nothing. Both versions decide alike: the same questions (ids,",
    "  kinds, options, bounds, when each is asked, category and weight), the same rules in the",
    "  same order (when each applies, its level and prompts) and each prompt for the same level.",
    "  Every answer set gets the same level and prompts from both, so none needed trying.",
)
"""What the report says of outcomes when :func:`decides_alike`: certain, where a sample is not."""
SHARES = (Level.REPORT, Level.DISCUSS)
"""The levels whose share of answer sets (that level or higher) is given before and after."""


def diff_report(
    old: Questionnaire, new: Questionnaire, *, samples: int = DEFAULT_SAMPLES, seed: int = 0
) -> tuple[list[str], int]:
    """The report ``cserq diff`` prints, in English, and how many things in it point a child
    to less than before (answer sets that reach a lower level, worked examples that expect
    one)."""
    words = {id(q): Wording(q, gettext.NullTranslations(), "en") for q in (old, new)}

    def plain(q: Questionnaire, condition: Condition) -> list[str]:
        return words[id(q)].plain(condition).lines()

    found = changes(old, new, plain)
    lines = [
        f"Old: {old.path} ({old.id} version {old.version}, sha256 {old.short_hash})",
        f"New: {new.path} ({new.id} version {new.version}, sha256 {new.short_hash})",
        "",
        f"What changed ({len(found)}):" if found else "What changed: nothing.",
    ]
    for change in found:
        lines.append(f"  {change.item}: {change.what}")
        if len(change.before) > 1 and len(change.after) > 1:
            lines += _line_diff(change.before, change.after)
            continue
        for label, text in (("was", change.before), ("now", change.after)):
            for n, line in enumerate(text):
                lines.append(f"      {label + ':' if n == 0 else '    '} {line}")
    lowered = [change for change in found if change.lower]
    if lowered:
        which = f"{len(lowered)} worked examples now expect" if len(lowered) > 1 else ""
        lines += [
            "",
            LOUD,
            f"!!! {which or '1 worked example now expects'} a LOWER level:",
            *(
                f"!!!   {change.item}: {change.before[0]} -> {change.after[0]}"
                for change in lowered
            ),
            "!!! a child like this would be pointed to less than before.",
            LOUD_WORDS["lower"][1],
            LOUD,
        ]
    if decides_alike(old, new):
        # Nothing any outcome is decided by has changed: no answer set can move, so none is tried.
        lines += ["", *ALIKE]
        return lines, len(lowered)
    result = outcome_changes(old, new, samples=samples, seed=seed)
    how = (
        f"every one of the {result.tried:,} combinations"
        if result.exhaustive
        else f"{result.tried:,} drawn at random (seed {result.seed}) from"
        f" {result.combinations:.3g} combinations"
    )
    lines += [
        "",
        f"What that does to outcomes: answer sets to the {len(result.questions)} questions the"
        f" rules read, {how}.",
    ]
    for level in SHARES:
        before = result.reaching(level, result.before)
        after = result.reaching(level, result.after)
        points = 100 * (after - before) / result.tried if result.tried else 0.0
        went = "the same"
        if before != after:
            went = f"{'up' if points > 0 else 'down'} {abs(points):.1f} points"
        lines.append(
            f"  Answer sets that reach {level.code} or higher: {before:,}"
            f" ({_share(before, result.tried)}) before, {after:,} ({_share(after, result.tried)})"
            f" now ({went})."
        )
    for kind in ("lower", "higher"):
        count = result.counts[kind]
        if count:
            lines += [
                LOUD,
                f"!!! {count:,} answer sets ({_share(count, result.tried)}) {KIND_TITLES[kind]}:",
                *LOUD_WORDS[kind],
                LOUD,
            ]
    for kind in ("lower", "higher", "prompts"):
        count = result.counts[kind]
        lines.append(
            f"  {count:,} answer sets ({_share(count, result.tried)}) {KIND_TITLES[kind]}."
        )
        for (was, now), moved in sorted(result.moves.items()):
            step = Level.from_code(now) - Level.from_code(was)
            if (step < 0 and kind == "lower") or (step > 0 and kind == "higher"):
                lines.append(f"      {was} -> {now}: {moved:,}")
        example = result.examples.get(kind)
        if example is not None:
            lines += _example(words[id(new)], example)
    lines.append(
        f"  {result.counts['same']:,} answer sets ({_share(result.counts['same'], result.tried)})"
        " give the same level and prompts."
    )
    return lines, result.counts["lower"] + len(lowered)


def _line_diff(before: Sequence[str], after: Sequence[str]) -> list[str]:
    """Long texts (a rule in plain words) as the lines that differ, with a line either side:
    "-" was, "+" now."""
    diff = difflib.unified_diff(list(before), list(after), lineterm="", n=1)
    return [
        f"      {line[0] if line[0] in '+-' else ' '} {line[1:]}"
        if not line.startswith("@@")
        else "      ..."
        for line in diff
        if not line.startswith(("---", "+++"))
    ]


def _share(count: int, total: int) -> str:
    return f"{100 * count / total:.1f}%" if total else "0%"


def _example(words: Wording, moved: Moved) -> list[str]:
    q = words.questionnaire
    given = []
    for qid, answer in moved.answers.items():
        question = q.questions.get(qid)
        if answer == NO:
            continue
        shown = words.answer(question, answer) if question else str(answer)
        given.append(f"{qid} {shown}")
    others = "every other yes/no/don't know question No"
    lines = ["      For example: " + "; ".join([*given, others])]
    for label, outcome in (("before", moved.before), ("now", moved.after)):
        rules = ", ".join(reason.rule.id for reason in outcome.reasons) or "no rule with a level"
        prompts = ", ".join(p.id for p in outcome.prompts) or "none"
        lines.append(f"        {label}: {outcome.level.code} (rules: {rules}; prompts: {prompts})")
    return lines
