"""The fields a page is made of, and what each says when its value cannot be used.

A field's message is a :class:`FieldProblem`: said alone, and naming the question it is about, so a
page with several mistakes says which is which. The fields here take one value each (two values
posted for one answer are refused, never the first kept), dates as practitioners type them, and
whole numbers.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import (
    Field,
    IntegerField,
    RadioField,
    StringField,
    TextAreaField,
)
from wtforms.validators import ValidationError

from cserq.base.dates import DateError, DateProblem, parse_date, written
from cserq.base.text import tidy
from cserq.questionnaire.answers import WHOLE_NUMBER


class FieldProblem:
    """What is wrong with a field, said two ways: alone, and naming the question (or the
    field's label) it is about, so that a page with several mistakes says which is which.

    Each way is one whole sentence for the translator, with the name after a colon, where no
    Welsh mutation depends on it. WTForms fills a message's numbers with ``%`` (``%(max)d``):
    the values are kept and given to both ways of saying it.
    """

    __slots__ = ("alone", "named", "values")
    alone: Any
    named: Any | None
    values: Mapping[str, object]

    def __init__(
        self, alone: Any, named: Any | None = None, values: Mapping[str, object] | None = None
    ) -> None:
        # Read-only: one problem is shared by every field that can have it, in every form.
        object.__setattr__(self, "alone", alone)
        object.__setattr__(self, "named", named)
        object.__setattr__(self, "values", MappingProxyType(dict(values or {})))

    def __setattr__(self, name: str, value: object) -> None:
        raise TypeError("a field's problem is shared by every form: not to be changed")

    def __mod__(self, values: Mapping[str, object]) -> FieldProblem:
        return FieldProblem(self.alone, self.named, {**self.values, **values})

    def __str__(self) -> str:
        return str(self.alone) % self.values

    def naming(self, name: str) -> str:
        """The message naming ``name`` (a question's text, in the reader's language)."""
        if self.named is None:
            return str(self)  # a message that names its field already
        return str(self.named) % {**self.values, "question": name}


CHOOSE_ONE = FieldProblem(
    _l("Choose one of the answers shown"), _l("Choose one of the answers shown: %(question)s")
)
TOO_LONG = FieldProblem(
    _l("Use %(max)d characters or fewer"), _l("Use %(max)d characters or fewer: %(question)s")
)
NOTE_TOO_LONG = FieldProblem(
    _l("Use %(max)d characters or fewer"),
    _l("Use %(max)d characters or fewer in your note on this question: %(question)s"),
)
CHOOSE_ONLY_ONE = FieldProblem(_l("Choose one answer"), _l("Choose one answer: %(question)s"))
ENTER_ONLY_ONE = FieldProblem(_l("Enter one answer"), _l("Enter one answer: %(question)s"))
SOURCE_NOT_SHOWN = FieldProblem(
    _l("Choose one of the answers shown"),
    _l("Choose one of the answers shown for where the information came from: %(question)s"),
)
DATE_MESSAGES = {
    DateProblem.UNREADABLE: FieldProblem(
        _l("Enter a date as day, month and year, like 27/3/2026"),
        _l("Enter a date as day, month and year (like 27/3/2026): %(question)s"),
    ),
    DateProblem.SHORT_YEAR: FieldProblem(
        _l("Enter the year in full, like 2026"),
        _l("Enter the year in full (like 2026): %(question)s"),
    ),
    DateProblem.NOT_A_DATE: FieldProblem(
        _l("Enter a real date, like 27/3/2026"),
        _l("Enter a real date (like 27/3/2026): %(question)s"),
    ),
    DateProblem.TOO_OLD: FieldProblem(
        _l("Enter a year from 1900 on"), _l("Enter a year from 1900 on: %(question)s")
    ),
    DateProblem.FUTURE: FieldProblem(
        _l("Enter a date that is today or in the past"),
        _l("Enter a date that is today or in the past: %(question)s"),
    ),
}


def choices_of(codes: Iterable[str]) -> dict[str, str]:
    """WTForms choices for codes; the labels shown come from the templates, translated."""
    return {code: code for code in codes}


def one_line(value: object) -> object:
    """A one-line field: control characters and line breaks out (see ``cserq.base.text.tidy``)."""
    return tidy(value, multiline=False) if isinstance(value, str) else value


def many_lines(value: object) -> object:
    return tidy(value, multiline=True) if isinstance(value, str) else value


def _one_value(valuelist: list[Any], problem: FieldProblem) -> None:
    """Refuse two values posted for a field that takes one. WTForms would keep the first and
    drop the rest without a word: for "Yes" and "No" to one question, that is choosing an answer
    the practitioner may not have meant. A browser never sends two; a second tab, an extension
    or a hand-made request can."""
    if len(valuelist) > 1:
        raise ValueError(problem)


class OneRadioField(RadioField):
    """A radio question: one answer, or none checked and a message when two come."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        _one_value(valuelist, CHOOSE_ONLY_ONE)  # before any is taken: none is shown as chosen
        super().process_formdata(valuelist)

    def pre_validate(self, form: Any) -> None:
        """WTForms' own check, that the answer is one of the choices, by a look-up: WTForms
        builds every choice afresh to compare each with the answer, a tenth of a page's save.
        The choices are always a mapping of code to code (:func:`choices_of`)."""
        if self.process_errors or not self.validate_choice:
            return
        if not (isinstance(self.data, str) and self.data in self.choices):
            raise ValidationError(self.invalid_choice_message or CHOOSE_ONE)


class _OneText(Field):
    """Typed text: when two values come, the first is shown again as typed, with a message."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        super().process_formdata(valuelist[:1])
        _one_value(valuelist, ENTER_ONLY_ONE)


class OneStringField(_OneText, StringField):
    """A line of text that takes one value."""


class OneTextAreaField(_OneText, TextAreaField):
    """Text over lines that takes one value."""


class TypedDateField(Field):
    """A date typed as people write it (``cserq.base.dates``); kept as typed when it is refused, so
    the practitioner sees what they wrote beside the message."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.raw = ""

    def process_formdata(self, valuelist: list[Any]) -> None:
        self.raw = one_line(valuelist[0]) if valuelist else ""  # type: ignore[assignment]
        self.data = None
        _one_value(valuelist, ENTER_ONLY_ONE)
        if self.raw:
            try:
                self.data = parse_date(self.raw, today=datetime.date.today())
            except DateError as error:
                raise ValueError(DATE_MESSAGES[error.problem]) from None

    def _value(self) -> str:
        if self.raw:
            return self.raw
        if isinstance(self.data, datetime.date):
            return written(self.data)
        return self.data if isinstance(self.data, str) else ""  # as the case keeps it


class WholeNumberField(IntegerField):
    """A whole number written in digits, as people write one. WTForms' IntegerField uses int(),
    which also takes "1_2" (as 12), "+3", "٣" and thousands of digits."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        if not valuelist:
            return
        if len(valuelist) > 1:
            self.data = None
        _one_value(valuelist, ENTER_ONLY_ONE)
        text = str(valuelist[0]).strip()
        if not text:
            self.data = None
            return
        if WHOLE_NUMBER.fullmatch(text):
            self.data = int(text)
            return
        self.data = None
        raise ValueError(self.invalid_value_message)
