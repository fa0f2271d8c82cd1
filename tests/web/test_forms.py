"""The form classes (cserq.web.forms): each field bound once and copied for each form reads
what is posted exactly as a field bound afresh by WTForms, and keeps nothing of it."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask_wtf import FlaskForm
from hypothesis import HealthCheck, given
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict
from wtforms.fields.core import Flags, Label

from cserq.web.fields import FieldProblem
from cserq.web.forms import (
    DecisionForm,
    KeptFieldsForm,
    ReadOnlyDict,
    ReadOnlyFlags,
    ReadOnlyLabel,
)
from tests.hypo import fewer_settings


def form_classes(app: Flask) -> list[type[KeptFieldsForm]]:
    pages = [page for pages in app.extensions["cserq"].pages.values() for page in pages]
    return [*(page.form for page in pages), DecisionForm]


def bound_afresh(form_class: type[FlaskForm]) -> type[FlaskForm]:
    """The same fields in a plain FlaskForm, which WTForms binds afresh for every form."""
    fields = {name: v for name, v in vars(form_class).items() if hasattr(v, "_formfield")}
    return type("BoundAfresh", (FlaskForm,), fields)


def state(form: Any) -> list[tuple[object, ...]]:
    """What a page, its checks and the saving of it read of each field."""
    return [
        (
            f.name,
            f.id,
            f.type,
            str(f.label.text),
            f.data,
            f.raw_data,
            f.object_data,
            [str(e) for e in f.errors],
            [str(e) for e in f.process_errors],
            sorted(vars(f.flags).items()),
            [type(v) for v in f.validators],
            getattr(f, "choices", None),
        )
        for f in form
    ]


def posted(names: list[str]) -> st.SearchStrategy[MultiDict[str, str]]:
    """Any form: any of the fields' names (or none of them), each any number of times, with
    a value of the field's choices, a number, a date or any text."""
    value = st.one_of(
        st.sampled_from(["yes", "no", "unknown", "15", "31/02/2026", "1/1/2010", "y", ""]),
        st.text(max_size=20),
    )
    name = st.one_of(st.sampled_from(names), st.text(max_size=8))
    return st.lists(st.tuples(name, value), max_size=12).map(MultiDict)


@fewer_settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_post_reads_the_same_as_with_fields_bound_afresh(
    memory_app: Flask, data: st.DataObject
) -> None:
    form_class = data.draw(st.sampled_from(form_classes(memory_app)))
    names = [name for name, v in vars(form_class).items() if hasattr(v, "_formfield")]
    before, now = data.draw(posted(names)), data.draw(posted(names))
    with memory_app.test_request_context("/", method="POST", data=before):
        form_class().validate()  # a form before it, with its own answers and mistakes
    with memory_app.test_request_context("/", method="POST", data=now):
        kept, afresh = form_class(), bound_afresh(form_class)()
        assert kept.validate() == afresh.validate()
        assert state(kept) == state(afresh)
    with memory_app.test_request_context("/", data={"ignored": "x"}):
        filled = {name: "yes" for name in names}
        assert state(form_class(data=filled)) == state(bound_afresh(form_class)(data=filled))


def test_a_kept_field_holds_no_form_and_nothing_posted(memory_app: Flask) -> None:
    """The fields kept to be copied belong to no form and were never given what a form was
    posted: no answer outlives the request it came in."""
    for form_class in form_classes(memory_app):
        with memory_app.test_request_context("/", method="POST", data={"age": "15", "x": "y"}):
            form_class().validate()
            fields = len(bound_afresh(form_class)()._fields)
        kept = form_class._kept_fields.values()
        assert len(kept) == fields - 1  # all but the CSRF token
        for field in kept:
            assert field._form is None
            assert field.meta is None
            assert not {"data", "raw_data", "object_data", "errors"} & vars(field).keys()


def test_each_form_has_fields_of_its_own(memory_app: Flask) -> None:
    """Two forms of one class at once: a mistake put on one field is on that form only."""
    with memory_app.test_request_context("/", method="POST", data={"choice": "nonsense"}):
        first, second = DecisionForm(), DecisionForm()
        assert not first.validate()
        assert first.choice is not second.choice
        assert first.choice.errors
        assert list(second.choice.errors) == []
        assert second.choice.meta is second.meta


IMMUTABLE = (str, int, float, bool, type(None), type, FieldProblem)
"""What two forms' fields may share as it is: nothing a form could change for the other."""


def _read_only(value: object) -> bool:
    """Whether a value shared by two forms' fields refuses change. A validator, a filter or a
    widget is shared by every form in WTForms too, and holds nothing of a form."""
    if isinstance(value, tuple | frozenset):
        return all(_read_only(item) for item in value)
    if isinstance(value, dict):
        return isinstance(value, ReadOnlyDict) and all(map(_read_only, value.items()))
    if isinstance(value, Flags | Label):
        return isinstance(value, ReadOnlyFlags | ReadOnlyLabel)
    return isinstance(value, IMMUTABLE) or (callable(value) and not isinstance(value, list))


def test_two_forms_share_nothing_either_could_change(memory_app: Flask) -> None:
    """Every field's flags, label, choices, validators and filters are shared by the forms of
    its page (copied, not bound afresh): each is read-only, and a change is refused, so that no
    form can change what another form, in another request, reads or shows."""
    for form_class in form_classes(memory_app):
        with memory_app.test_request_context("/", method="POST", data={"age": "15"}):
            first, second = form_class(), form_class()
            for one, other in zip(first, second, strict=True):
                shared = {
                    name: value
                    for name, value in vars(one).items()
                    if vars(other).get(name) is value
                }
                wrong = {n: v for n, v in shared.items() if not _read_only(v)}
                assert not wrong, (form_class.__name__, one.name, wrong)
                if one.flags is not other.flags:
                    assert one.name == "csrf_token"  # bound afresh for each form: not kept
                    continue
                for change in (
                    lambda f: setattr(f.flags, "required", True),
                    lambda f: delattr(f.flags, "optional"),
                    lambda f: setattr(f.label, "text", "changed"),
                    lambda f: f.choices.update({"changed": "changed"}),
                    lambda f: f.choices.__setitem__("changed", "changed"),
                    lambda f: f.validators.append(None),
                    lambda f: f.filters.append(None),
                    lambda f: setattr(f.invalid_choice_message, "alone", "changed"),
                ):
                    try:
                        change(one)
                    except (TypeError, AttributeError):
                        continue  # refused, or the field has no such part
                    raise AssertionError(f"{one.name}: a shared part was changed")
                assert state_of(one) == state_of(other)


def state_of(field: Any) -> tuple[object, ...]:
    return (
        sorted(vars(field.flags).items()),
        str(field.label.text),
        dict(getattr(field, "choices", None) or {}),
        len(field.validators),
    )
