"""Form classes built from a questionnaire: one per page, made once at start-up, never changed.

WTForms checks and converts what is posted; the templates render the fields with our own macros.
Field names are question ids; a sign's note and source are ``<id>-note`` and ``<id>-source``.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    Field,
    IntegerField,
    RadioField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError

from cserq.base.dates import DateError, DateProblem, parse_date, written
from cserq.base.text import tidy
from cserq.case.details import (
    CHILD_FIELDS,
    PRACTITIONER_FIELDS,
    DetailError,
    DetailField,
    checked_detail,
)
from cserq.case.summary import (
    DECISIONS,
    INFORMATION_SOURCES,
    NOTE_MAX_LENGTH,
    POLICE_REFERENCE_MAX_LENGTH,
    POLICE_TIME_MAX_LENGTH,
    REASON_MAX_LENGTH,
)
from cserq.questionnaire.answers import DEFAULT_MAX_LENGTH, WHOLE_NUMBER, allowed_codes
from cserq.questionnaire.model import AGE, Question, Questionnaire, Section


class Problem:
    """What is wrong with a field, said two ways: alone, and naming the question (or the
    field's label) it is about, so that a page with several mistakes says which is which.

    Each way is one whole sentence for the translator, with the name after a colon, where no
    Welsh mutation depends on it. WTForms fills a message's numbers with ``%`` (``%(max)d``):
    the values are kept and given to both ways of saying it.
    """

    __slots__ = ("alone", "named", "values")

    def __init__(
        self, alone: Any, named: Any | None = None, values: Mapping[str, object] | None = None
    ) -> None:
        self.alone = alone
        self.named = named
        self.values: Mapping[str, object] = values or {}

    def __mod__(self, values: Mapping[str, object]) -> Problem:
        return Problem(self.alone, self.named, {**self.values, **values})

    def __str__(self) -> str:
        return str(self.alone) % self.values

    def naming(self, name: str) -> str:
        """The message naming ``name`` (a question's text, in the reader's language)."""
        if self.named is None:
            return str(self)  # a message that names its field already
        return str(self.named) % {**self.values, "question": name}


CHOOSE_ONE = Problem(
    _l("Choose one of the answers shown"), _l("Choose one of the answers shown: %(question)s")
)
TOO_LONG = Problem(
    _l("Use %(max)d characters or fewer"), _l("Use %(max)d characters or fewer: %(question)s")
)
NOTE_TOO_LONG = Problem(
    _l("Use %(max)d characters or fewer"),
    _l("Use %(max)d characters or fewer in your note on this question: %(question)s"),
)
CHOOSE_ONLY_ONE = Problem(_l("Choose one answer"), _l("Choose one answer: %(question)s"))
ENTER_ONLY_ONE = Problem(_l("Enter one answer"), _l("Enter one answer: %(question)s"))
SOURCE_NOT_SHOWN = Problem(
    _l("Choose one of the answers shown"),
    _l("Choose one of the answers shown for where the information came from: %(question)s"),
)
DATE_MESSAGES = {
    DateProblem.UNREADABLE: Problem(
        _l("Enter a date as day, month and year, like 27/3/2026"),
        _l("Enter a date as day, month and year (like 27/3/2026): %(question)s"),
    ),
    DateProblem.SHORT_YEAR: Problem(
        _l("Enter the year in full, like 2026"),
        _l("Enter the year in full (like 2026): %(question)s"),
    ),
    DateProblem.NOT_A_DATE: Problem(
        _l("Enter a real date, like 27/3/2026"),
        _l("Enter a real date (like 27/3/2026): %(question)s"),
    ),
    DateProblem.TOO_OLD: Problem(
        _l("Enter a year from 1900 on"), _l("Enter a year from 1900 on: %(question)s")
    ),
    DateProblem.FUTURE: Problem(
        _l("Enter a date that is today or in the past"),
        _l("Enter a date that is today or in the past: %(question)s"),
    ),
}


def _choices(codes: Iterable[str]) -> dict[str, str]:
    """WTForms choices for codes; the labels shown come from the templates, translated."""
    return {code: code for code in codes}


def _line(value: object) -> object:
    """A one-line field: control characters and line breaks out (see ``cserq.base.text.tidy``)."""
    return tidy(value, multiline=False) if isinstance(value, str) else value


def _lines(value: object) -> object:
    return tidy(value, multiline=True) if isinstance(value, str) else value


def _one_value(valuelist: list[Any], problem: Problem) -> None:
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


class OneStringField(StringField):
    """A line of text: when two come, the first is shown again as typed, with a message."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        super().process_formdata(valuelist[:1])
        _one_value(valuelist, ENTER_ONLY_ONE)


class OneTextAreaField(TextAreaField):
    """Text over lines: when two come, the first is shown again as typed, with a message."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        super().process_formdata(valuelist[:1])
        _one_value(valuelist, ENTER_ONLY_ONE)


class TypedDateField(Field):
    """A date typed as people write it (``cserq.base.dates``); kept as typed when it is refused, so
    the practitioner sees what they wrote beside the message."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.raw = ""

    def process_formdata(self, valuelist: list[Any]) -> None:
        self.raw = _line(valuelist[0]) if valuelist else ""  # type: ignore[assignment]
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


def _required(question: Question, message: Any) -> list[Any]:
    return [InputRequired(message=message)] if question.required else [Optional()]


def _yes_no_unknown(question: Question) -> Field:
    return OneRadioField(
        choices=_choices(allowed_codes(question)),
        validators=_required(
            question,
            Problem(
                _l("Choose Yes, No or Don't know"),
                _l("Choose Yes, No or Don't know: %(question)s"),
            ),
        ),
        invalid_choice_message=CHOOSE_ONE,
    )


def _choice(question: Question) -> Field:
    return OneRadioField(
        choices=_choices(allowed_codes(question)),
        validators=_required(
            question,
            Problem(_l("Choose one of the answers"), _l("Choose one of the answers: %(question)s")),
        ),
        invalid_choice_message=CHOOSE_ONE,
    )


def _multi(question: Question) -> Field:
    return SelectMultipleField(
        choices=_choices(allowed_codes(question)),
        validators=_required(
            question,
            Problem(
                _l("Choose at least one answer"), _l("Choose at least one answer: %(question)s")
            ),
        ),
        invalid_choice_message=CHOOSE_ONE,
    )


def _number(question: Question) -> Field:
    validators = _required(
        question, Problem(_l("Enter a number"), _l("Enter a number: %(question)s"))
    )
    if question.minimum is not None or question.maximum is not None:
        validators.append(
            NumberRange(
                question.minimum,
                question.maximum,
                message=Problem(
                    _l("Enter a whole number from %(min)s to %(max)s"),
                    _l("Enter a whole number from %(min)s to %(max)s: %(question)s"),
                ),
            )
        )
    return WholeNumberField(
        validators=validators,
        invalid_value_message=Problem(
            _l("Enter a whole number, using digits, like 14"),
            _l("Enter a whole number, using digits (like 14): %(question)s"),
        ),
    )


def _text(question: Question) -> Field:
    limit = question.max_length or DEFAULT_MAX_LENGTH
    return OneTextAreaField(
        validators=[
            *_required(
                question, Problem(_l("Enter an answer"), _l("Enter an answer: %(question)s"))
            ),
            Length(max=limit, message=TOO_LONG),
        ],
        filters=[_lines],
    )


def _date(question: Question) -> Field:
    required = Problem(_l("Enter a date"), _l("Enter a date: %(question)s"))
    return TypedDateField(validators=_required(question, required))


FIELD_FOR_KIND: Mapping[str, Callable[[Question], Field]] = {
    "yes_no_unknown": _yes_no_unknown,
    "choice": _choice,
    "multi": _multi,
    "number": _number,
    "text": _text,
    "date": _date,
}


def note_name(question_id: str) -> str:
    return f"{question_id}-note"


def source_name(question_id: str) -> str:
    return f"{question_id}-source"


def _note_fields(question: Question) -> dict[str, Field]:
    return {
        note_name(question.id): OneTextAreaField(
            validators=[Optional(), Length(max=NOTE_MAX_LENGTH, message=NOTE_TOO_LONG)],
            filters=[_lines],
        ),
        source_name(question.id): OneRadioField(
            choices=_choices(INFORMATION_SOURCES),
            validators=[Optional()],
            invalid_choice_message=SOURCE_NOT_SHOWN,
        ),
    }


NOT_AN_NHS_NUMBER = Problem(
    _l("Enter a real NHS number: 10 digits, like 943 476 5919, or leave it empty")
)
"""Only one field takes an NHS number, and the message names it."""


def _checked_as_detail(spec: DetailField) -> Callable[[FlaskForm, Field], None]:
    """The one check a detail gets, on the page and on the command line alike
    (:func:`cserq.case.details.checked_detail`); the field keeps the value as the note writes it."""

    def check(form: FlaskForm, field: Field) -> None:
        if not field.data:
            return
        try:
            field.data = checked_detail(spec, field.data, today=datetime.date.today())
        except DetailError as error:
            if error.problem == "nhs_number":
                raise ValidationError(NOT_AN_NHS_NUMBER) from None
            raise ValidationError(TOO_LONG % {"max": spec.max_length}) from None

    return check


def _detail_fields(prefix: str, fields: Any) -> dict[str, Field]:
    made: dict[str, Field] = {}
    for spec in fields:
        name = f"{prefix}-{spec.id}"
        if spec.kind == "date_of_birth":
            # Read as a date, with the page's own messages for each way a date can be wrong.
            made[name] = TypedDateField(validators=[Optional()])
            continue
        validators = [Optional(), _checked_as_detail(spec)]
        if spec.multiline:
            made[name] = OneTextAreaField(validators=validators, filters=[_lines])
        else:
            made[name] = OneStringField(validators=validators, filters=[_line])
    return made


@dataclass(frozen=True)
class Page:
    """One page of the questionnaire: the details page, or one section."""

    key: str  # "about" or "section:<id>"
    section: Section | None
    questions: tuple[Question, ...]
    form: type[FlaskForm]

    @property
    def slug(self) -> str:
        return self.section.id if self.section else "about"


def _form_class(name: str, fields: Mapping[str, Field]) -> type[FlaskForm]:
    return type(name, (FlaskForm,), dict(fields))


def build_pages(questionnaire: Questionnaire) -> tuple[Page, ...]:
    """The pages in the order they are asked: the first section (safety first), the details of
    the child and the practitioner with the child's age, then the other sections."""
    age = questionnaire.questions[AGE]
    about_fields: dict[str, Field] = {AGE: FIELD_FOR_KIND["number"](age)}
    about_fields |= _detail_fields("child", CHILD_FIELDS)
    about_fields |= _detail_fields("practitioner", PRACTITIONER_FIELDS)
    about_fields["anonymised"] = BooleanField()
    about = Page("about", None, (age,), _form_class("AboutForm", about_fields))

    sections = []
    for section in questionnaire.sections:
        questions = tuple(q for q in section.questions if q.id != AGE)
        if not questions:
            continue
        fields: dict[str, Field] = {}
        for question in questions:
            fields[question.id] = FIELD_FOR_KIND[question.kind](question)
            if question.is_sign:
                fields |= _note_fields(question)
        sections.append(
            Page(f"section:{section.id}", section, questions, _form_class("SectionForm", fields))
        )
    return (*sections[:1], about, *sections[1:])


class DecisionForm(FlaskForm):
    choice = OneRadioField(
        choices=_choices(DECISIONS),
        validators=[InputRequired(message=_l("Choose what you will do"))],
        invalid_choice_message=CHOOSE_ONE,
    )
    reason = OneTextAreaField(
        validators=[Optional(), Length(max=REASON_MAX_LENGTH, message=TOO_LONG)],
        filters=[_lines],
    )
    # Asked only when "Phone 999 now" applies: the social worker's first questions.
    police_called = OneRadioField(
        choices=_choices(("yes", "no")),
        validators=[Optional()],
        invalid_choice_message=CHOOSE_ONE,
    )
    police_at = OneStringField(
        validators=[Optional(), Length(max=POLICE_TIME_MAX_LENGTH, message=TOO_LONG)],
        filters=[_line],
    )
    police_reference = OneStringField(
        validators=[Optional(), Length(max=POLICE_REFERENCE_MAX_LENGTH, message=TOO_LONG)],
        filters=[_line],
    )
