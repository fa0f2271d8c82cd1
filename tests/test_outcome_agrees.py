"""An outcome agrees with itself: no text shown under a headline asks for more or less than it,
on the page, in the note and from ``cserq decide`` alike (Hypothesis over answer sets)."""

from __future__ import annotations

from hypothesis import given

from cserq.base.languages import translations
from cserq.cli.decide import outcome_json
from cserq.questionnaire.model import Answer, Level
from cserq.questionnaire.outcome import Outcome, decide
from cserq.words.wording import Wording
from tests.test_dont_know import ages, any_sets, with_age
from tests.test_properties import CSERQ, SETTINGS

ENGLISH = Wording(CSERQ, translations("en"), "en")

# Words that ask for a report now, and words that ask only for a discussion.
ASKS_FOR_A_REPORT = (
    "must always be reported",
    "Report a child who may be trafficked",
    "Tell the police as well",
    "make the report to the child's social worker",
    "You have a duty to report",
    "Make a report to social services now",
    "report to adult services now",
)
ASKS_ONLY_TO_DISCUSS = (
    "Discuss today with your safeguarding lead",
    "discuss today with your safeguarding lead",
    "A report is likely",
    "Discuss your concern with your safeguarding lead or manager today",
)


def shown_texts(result: Outcome) -> list[str]:
    """Every text the outcome page and the note show about what to do."""
    title, text = ENGLISH.headline(result)
    texts = [title, text, ENGLISH.statement(result) or ""]
    for prompt in result.prompts:
        texts += [ENGLISH.prompt_title(prompt), ENGLISH.prompt_text(prompt)]
    texts += ENGLISH.next_steps(result)
    texts += [" ".join(h) for h in ENGLISH.helplines(result)]
    return texts


@SETTINGS
@given(answers=any_sets, age=ages)
def test_no_text_asks_for_more_or_less_than_the_headline(
    answers: dict[str, Answer], age: int
) -> None:
    result = decide(CSERQ, with_age(answers, age))
    said = " ".join(shown_texts(result))
    assert all(prompt.shown_at(result.level) for prompt in result.prompts)
    if result.level < Level.REPORT:
        assert not [words for words in ASKS_FOR_A_REPORT if words in said]
    if result.level >= Level.REPORT:
        assert not [words for words in ASKS_ONLY_TO_DISCUSS if words in said]
    if result.adult:
        assert "section 130" not in said
        assert "child at risk" not in said
        assert "the child" not in said.replace("the child's", "")
    if age >= 19:
        assert "Childline" not in said


@SETTINGS
@given(answers=any_sets, age=ages)
def test_cserq_decide_says_what_the_page_says(answers: dict[str, Answer], age: int) -> None:
    result = decide(CSERQ, with_age(answers, age))
    printed = outcome_json(CSERQ, result)
    assert (printed["title"], printed["text"]) == ENGLISH.headline(result)
    assert printed["statement"] == ENGLISH.statement(result)
    assert printed["next_steps"] == ENGLISH.next_steps(result)
    assert printed["route"] == ("adult" if result.adult else "child")
    assert [p["id"] for p in printed["prompts"]] == [p.id for p in result.prompts]  # type: ignore[attr-defined]
