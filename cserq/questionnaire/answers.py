"""Checking raw answers (from JSON, YAML examples) against a questionnaire before ``decide``."""

from __future__ import annotations

import contextlib
import datetime
import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass

from cserq.base.dates import OLDEST_YEAR, DateError, check_past
from cserq.base.text import brief, named, tidy
from cserq.questionnaire.model import NO, UNKNOWN, YES, Answer, Question, Questionnaire
from cserq.questionnaire.rules import shown_questions

YES_NO_UNKNOWN = (YES, NO, UNKNOWN)
DEFAULT_MAX_LENGTH = 1000
# Digits only, as people write a number: int() would also take "1_2", "+3", " ٣" and 5,000 digits.
WHOLE_NUMBER = re.compile(r"-?[0-9]{1,9}")


@dataclass(frozen=True)
class AnswerProblem:
    question: str
    message: str

    def __str__(self) -> str:
        return f"{named(self.question)}: {self.message}"


def allowed_codes(question: Question) -> tuple[str, ...]:
    """The answer codes a yes/no/don't know, choice or multi question accepts."""
    if question.kind == "yes_no_unknown":
        return YES_NO_UNKNOWN
    return tuple(option.code for option in question.options)


def check_answer(question: Question, raw: object) -> Answer:
    """The answer as the rules read it; ``ValueError`` with a plain message if not allowed."""
    kind = question.kind
    if kind in ("yes_no_unknown", "choice"):
        codes = allowed_codes(question)
        if not isinstance(raw, str) or raw not in codes:
            raise ValueError(f"{brief(raw)} is not one of {', '.join(codes)}")
        return raw
    if kind == "multi":
        codes = allowed_codes(question)
        if not isinstance(raw, list | tuple) or not all(isinstance(code, str) for code in raw):
            raise ValueError(f"expected a list of codes from {', '.join(codes)}")
        wrong = [code for code in raw if code not in codes]
        if wrong:
            raise ValueError(f"{brief(wrong[0])} is not one of {', '.join(codes)}")
        return tuple(code for code in codes if code in raw)  # questionnaire order, no repeats
    if kind == "number":
        if isinstance(raw, str) and WHOLE_NUMBER.fullmatch(raw.strip()):
            raw = int(raw)  # "14" from a form or a hand-written answers file
        if isinstance(raw, bool) or not isinstance(raw, int):
            raise ValueError(f"{brief(raw)} is not a whole number")
        if question.minimum is not None and raw < question.minimum:
            raise ValueError(f"{brief(raw)} is less than the minimum, {question.minimum}")
        if question.maximum is not None and raw > question.maximum:
            raise ValueError(f"{brief(raw)} is more than the maximum, {question.maximum}")
        return raw
    if kind == "text":
        if not isinstance(raw, str):
            raise ValueError(f"{brief(raw)} is not text")
        limit = question.max_length or DEFAULT_MAX_LENGTH
        if len(raw) > limit:
            raise ValueError(f"the text is {len(raw)} characters long; the limit is {limit}")
        return tidy(raw, multiline=True)
    if kind == "date":
        value: datetime.date | None = None
        if isinstance(raw, datetime.date) and not isinstance(raw, datetime.datetime):
            value = raw
        elif isinstance(raw, str):
            with contextlib.suppress(ValueError):
                value = datetime.date.fromisoformat(raw)
        if value is None:
            raise ValueError(f"{brief(raw)} is not a date written as YYYY-MM-DD")
        try:
            check_past(value, today=datetime.date.today())
        except DateError:
            raise ValueError(f"{value} is in the future or before {OLDEST_YEAR}") from None
        return value
    raise ValueError(f"unknown kind {kind!r}")  # unreachable after loading


def check_answers(
    questionnaire: Questionnaire, raw: Mapping[str, object]
) -> tuple[dict[str, Answer], list[AnswerProblem]]:
    """Checked answers, and a problem for each answer naming no question or not allowed.

    ``None`` means "not answered" and is left out.
    """
    answers: dict[str, Answer] = {}
    problems: list[AnswerProblem] = []
    for question_id, value in raw.items():
        if value is None:
            continue  # not answered
        question = questionnaire.questions.get(question_id)
        if question is None:
            close = difflib.get_close_matches(str(question_id), questionnaire.questions, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            problems.append(AnswerProblem(question_id, f"no question has this id{hint}"))
            continue
        try:
            answers[question_id] = check_answer(question, value)
        except ValueError as error:
            problems.append(AnswerProblem(question_id, str(error)))
    return answers, problems


def answer_others(questionnaire: Questionnaire, answers: dict[str, Answer], code: str) -> None:
    """Give every shown yes/no/don't know question not yet answered the answer ``code``.

    Hidden questions stay unanswered (an answer to one would only be discarded); a question an
    answer shows is answered in turn.
    """
    while True:
        shown = shown_questions(questionnaire, answers)
        missing = [
            q.id
            for q in questionnaire.questions.values()
            if q.kind == "yes_no_unknown" and q.id in shown and q.id not in answers
        ]
        if not missing:
            return
        answers.update(dict.fromkeys(missing, code))
