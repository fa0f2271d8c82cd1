"""Form classes built from a questionnaire: one per page, made once at start-up, never changed.

WTForms checks and converts what is posted; the templates render the fields with our own macros.
Field names are question ids; a sign's note and source are ``<id>-note`` and ``<id>-source``.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    Field,
    SelectMultipleField,
)
from wtforms.fields.core import Flags, Label
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError

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
from cserq.questionnaire.answers import DEFAULT_MAX_LENGTH, allowed_codes
from cserq.questionnaire.model import AGE, Question, Questionnaire, Section
from cserq.web.fields import (
    CHOOSE_ONE,
    NOTE_TOO_LONG,
    SOURCE_NOT_SHOWN,
    TOO_LONG,
    FieldProblem,
    OneRadioField,
    OneStringField,
    OneTextAreaField,
    TypedDateField,
    WholeNumberField,
    choices_of,
    many_lines,
    one_line,
)


def _required(question: Question, message: Any) -> list[Any]:
    return [InputRequired(message=message)] if question.required else [Optional()]


def _yes_no_unknown(question: Question) -> Field:
    return OneRadioField(
        choices=choices_of(allowed_codes(question)),
        validators=_required(
            question,
            FieldProblem(
                _l("Choose Yes, No or Don't know"),
                _l("Choose Yes, No or Don't know: %(question)s"),
            ),
        ),
        invalid_choice_message=CHOOSE_ONE,
    )


def _choice(question: Question) -> Field:
    return OneRadioField(
        choices=choices_of(allowed_codes(question)),
        validators=_required(
            question,
            FieldProblem(
                _l("Choose one of the answers"), _l("Choose one of the answers: %(question)s")
            ),
        ),
        invalid_choice_message=CHOOSE_ONE,
    )


def _multi(question: Question) -> Field:
    return SelectMultipleField(
        choices=choices_of(allowed_codes(question)),
        validators=_required(
            question,
            FieldProblem(
                _l("Choose at least one answer"), _l("Choose at least one answer: %(question)s")
            ),
        ),
        invalid_choice_message=CHOOSE_ONE,
    )


def _number(question: Question) -> Field:
    validators = _required(
        question, FieldProblem(_l("Enter a number"), _l("Enter a number: %(question)s"))
    )
    if question.minimum is not None or question.maximum is not None:
        validators.append(
            NumberRange(
                question.minimum,
                question.maximum,
                message=FieldProblem(
                    _l("Enter a whole number from %(min)s to %(max)s"),
                    _l("Enter a whole number from %(min)s to %(max)s: %(question)s"),
                ),
            )
        )
    return WholeNumberField(
        validators=validators,
        invalid_value_message=FieldProblem(
            _l("Enter a whole number, using digits, like 14"),
            _l("Enter a whole number, using digits (like 14): %(question)s"),
        ),
    )


def _text(question: Question) -> Field:
    limit = question.max_length or DEFAULT_MAX_LENGTH
    return OneTextAreaField(
        validators=[
            *_required(
                question, FieldProblem(_l("Enter an answer"), _l("Enter an answer: %(question)s"))
            ),
            Length(max=limit, message=TOO_LONG),
        ],
        filters=[many_lines],
    )


def _date(question: Question) -> Field:
    required = FieldProblem(_l("Enter a date"), _l("Enter a date: %(question)s"))
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
            filters=[many_lines],
        ),
        source_name(question.id): OneRadioField(
            choices=choices_of(INFORMATION_SOURCES),
            validators=[Optional()],
            invalid_choice_message=SOURCE_NOT_SHOWN,
        ),
    }


NOT_AN_NHS_NUMBER = FieldProblem(
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
            made[name] = OneTextAreaField(validators=validators, filters=[many_lines])
        else:
            made[name] = OneStringField(validators=validators, filters=[one_line])
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


class ReadOnlyDict(dict[Any, Any]):
    """A dict that refuses every change: a field's choices or attributes that every form of a
    page shares. Still a dict, as WTForms checks its choices to be."""

    def _refuse(self, *args: object, **kwargs: object) -> Any:
        raise TypeError("shared by every form of its page: not to be changed")

    __setitem__ = __delitem__ = __ior__ = _refuse
    clear = pop = popitem = setdefault = update = _refuse


class ReadOnlyFlags(Flags):
    """A field's flags (``required``, ``optional``), set once and refused any change."""

    def __init__(self, flags: Flags) -> None:
        for name, value in vars(flags).items():
            object.__setattr__(self, name, value)

    def __setattr__(self, name: str, value: object) -> None:
        raise TypeError("shared by every form of its page: not to be changed")

    def __delattr__(self, name: str) -> None:
        raise TypeError("shared by every form of its page: not to be changed")


class ReadOnlyLabel(Label):
    """A field's label, set once and refused any change."""

    def __init__(self, label: Label) -> None:
        object.__setattr__(self, "field_id", label.field_id)
        object.__setattr__(self, "text", label.text)

    def __setattr__(self, name: str, value: object) -> None:
        raise TypeError("shared by every form of its page: not to be changed")


def _read_only(field: Field) -> None:
    """Make what every copy of a kept field shares refuse change: a form that changed its
    field's flags, label, choices, validators or filters would change them for every other
    form of the page, in every request, for the life of the app."""
    shared = vars(field)
    for name in ("validators", "filters"):
        if isinstance(shared.get(name), list):
            shared[name] = tuple(shared[name])
    for name in ("_choices", "render_kw"):
        if isinstance(shared.get(name), dict):
            shared[name] = ReadOnlyDict(shared[name])
        elif isinstance(shared.get(name), list):
            shared[name] = tuple(shared[name])
    if isinstance(shared.get("flags"), Flags):
        shared["flags"] = ReadOnlyFlags(shared["flags"])
    if isinstance(shared.get("label"), Label):
        shared["label"] = ReadOnlyLabel(shared["label"])


class KeptFieldsForm(FlaskForm):
    """A FlaskForm whose fields are each bound once for the life of its class, then copied.

    WTForms binds every field of a form afresh for each request (its label, flags, validators
    and choices, from the field's arguments), though the arguments never change: building the
    form of a page of 46 fields was most of saving it. Here each field of the class is bound
    once, apart from any form, and kept untouched; each form gets a copy of it with its own
    ``meta``, and the copy has no data and no errors until the form processes what was
    posted, as a field fresh from WTForms. What the copies share (flags, label, choices,
    validators, filters) is made read-only (:func:`_read_only`), so no form can change
    another's. A field WTForms adds for one form only (Flask-WTF's CSRF token, bound to that
    form's own check) is bound afresh.
    """

    _kept_fields: dict[tuple[object, ...], Field]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls._kept_fields = {}

    class Meta:
        def bind_field(self, form: Any, unbound_field: Any, options: dict[str, Any]) -> Field:
            name = options.get("name")
            if not _of_the_class(form, name, unbound_field):
                return unbound_field.bind(form=form, **options)
            kept = type(form)._kept_fields
            key = (name, options.get("prefix"), options.get("translations"))
            first = kept.get(key)
            if first is None:
                bound: Any = unbound_field.bind(form=form, **options)
                bound.meta = bound._form = None  # kept apart from the form it was bound for
                _read_only(bound)
                first = kept[key] = bound
            field: Field = object.__new__(type(first))
            field.__dict__.update(first.__dict__)
            field.meta = form.meta
            field._form = form  # as WTForms sets it
            return field


def _of_the_class(form: Any, name: object, unbound_field: object) -> bool:
    """Whether a field is one of the form class's own, not one added for this form alone."""
    return isinstance(name, str) and getattr(type(form), name, None) is unbound_field


def _form_class(name: str, fields: Mapping[str, Field]) -> type[FlaskForm]:
    return type(name, (KeptFieldsForm,), dict(fields))


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


class DecisionForm(KeptFieldsForm):
    choice = OneRadioField(
        choices=choices_of(DECISIONS),
        validators=[InputRequired(message=_l("Choose what you will do"))],
        invalid_choice_message=CHOOSE_ONE,
    )
    reason = OneTextAreaField(
        validators=[Optional(), Length(max=REASON_MAX_LENGTH, message=TOO_LONG)],
        filters=[many_lines],
    )
    # Asked only when "Phone 999 now" applies: the social worker's first questions.
    police_called = OneRadioField(
        choices=choices_of(("yes", "no")),
        validators=[Optional()],
        invalid_choice_message=CHOOSE_ONE,
    )
    police_at = OneStringField(
        validators=[Optional(), Length(max=POLICE_TIME_MAX_LENGTH, message=TOO_LONG)],
        filters=[one_line],
    )
    police_reference = OneStringField(
        validators=[Optional(), Length(max=POLICE_REFERENCE_MAX_LENGTH, message=TOO_LONG)],
        filters=[one_line],
    )
