"""The question pages: the form for a page, what was posted, and where to go next.

Without JavaScript a question that an answer on the same page reveals appears once that answer
is saved; the "Don't know" button answers the questions left on a page, never immediate danger.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Set
from typing import Any

from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from markupsafe import Markup
from werkzeug.wrappers import Response
from wtforms import RadioField, SelectMultipleField

from cserq.base.dates import written
from cserq.case.details import CHILD_FIELDS, PRACTITIONER_FIELDS, DetailField
from cserq.case.store import Case
from cserq.case.summary import INFORMATION_SOURCES, AnswerNote
from cserq.questionnaire.answers import check_answer
from cserq.questionnaire.model import IMMEDIATE_DANGER, UNKNOWN, Answer, Compare, Question
from cserq.questionnaire.rules import shown_questions
from cserq.web import fragments
from cserq.web.current import (
    case_context,
    load_case,
    page_url,
    pages_of,
)
from cserq.web.fields import FieldProblem
from cserq.web.forms import Page, note_name, source_name
from cserq.web.fragments import details_markup, posted_questions_markup, saved_questions_markup
from cserq.web.i18n import choose_language, wording
from cserq.web.i18n import gettext as _
from cserq.web.navigation import page_after, page_before
from cserq.web.services import services
from cserq.web.urls import case_url
from cserq.words.wording import ANSWER_LABELS, Wording

bp = Blueprint("questions", __name__)
bp.record_once(lambda state: fragments.init_app(state.app))


@bp.route("/case/<case_id>/about", methods=["GET", "POST"])
def about(case_id: str) -> Response | tuple[str, int] | str:
    return _page(load_case(case_id), "about")


@bp.route("/case/<case_id>/questions/<section_id>", methods=["GET", "POST"])
def questions(case_id: str, section_id: str) -> Response | tuple[str, int] | str:
    return _page(load_case(case_id), f"section:{section_id}")


def _page(case: Case, key: str) -> Response | tuple[str, int] | str:
    pages = pages_of(case)
    page = next((p for p in pages if p.key == key), None)
    if page is None:
        abort(404)
    returning = request.args.get("return") == "check"
    store = services().store
    if request.method == "GET":
        if case.unknown_by_button & {q.id for q in page.questions}:
            # A store outside this process gives a copy: the page is drawn from the one edited.
            with store.editing(case.id) as case:
                _forget_changed_marks(case)  # a page left with an error is shown as saved
        return _render_page(case, page, None, case.shown())

    form = page.form()
    form.validate()
    answers, notes = _posted(page, form)
    language = request.form.get("switch_language")
    if language in services().languages:
        # The language link, with JavaScript, sends the page as it is: keep what is valid,
        # switch, and show the same page again.
        with store.editing(case.id) as editing:
            editing.save_page(page.key, page.questions, answers, notes, finished=False)
            if page.section is None:
                _save_details(editing, form)
            _forget_changed_marks(editing)
        choose_language(language)
        return redirect(page_url(case, page, **({"return": "check"} if returning else {})), 303)
    candidate = {q: a for q, a in case.answers.items() if q not in {x.id for x in page.questions}}
    candidate.update(answers)
    shown = shown_questions(case.questionnaire, candidate)
    # A question the page did not show (hidden before this answer) and that was not answered
    # now has not been seen: without JavaScript it appears only after this save.
    shown_before = case.shown()
    seen = {*request.form.getlist("seen"), *shown_before}
    filled: frozenset[str] = frozenset()
    if request.form.get(DONT_KNOW_BUTTON) == UNKNOWN:
        filled = _answer_dont_know(page, form, answers, shown, seen)
        candidate.update(answers)
        shown = shown_questions(case.questionnaire, candidate)
    errors = [
        field
        for field in form
        if field.errors and _question_of(field.name, page) in (shown | {None})
    ]
    if errors:
        if filled:
            # Kept until the page is saved, so that the answers the button chose are still
            # known as its own when the practitioner puts the other mistakes right.
            with store.editing(case.id) as case:
                case.unknown_by_button |= filled
        return _render_page(case, page, form, shown, status=400, filled=bool(filled))

    seen |= answers.keys()
    with store.editing(case.id) as editing:
        editing.save_page(page.key, page.questions, answers, notes)
        if page.section is None:
            _save_details(editing, form)
        editing.unknown_by_button |= filled
        _forget_changed_marks(editing)
    revealed = [
        q for q in page.questions if q.show_if is not None and q.id in shown and q.id not in seen
    ]
    if revealed:
        # Without JavaScript a question that depends on an answer on the same page appears
        # only once that answer is saved: show the page again with it.
        flash(_("Your answer means there is another question on this page."), "reveal")
        return redirect(
            page_url(case, page, **({"return": "check"} if returning else {}))
            + f"#question-{revealed[0].id}",
            303,
        )
    if returning:
        return redirect(case_url(case.id, "outcome.check", case_id=case.id), 303)
    following = page_after(pages, page)
    if following is not None:
        return redirect(page_url(case, following), 303)
    return redirect(case_url(case.id, "outcome.check", case_id=case.id), 303)


# The button that answers "Don't know" to the questions left on a page. No question id has a
# hyphen, so it is never an answer's field name.
DONT_KNOW_BUTTON = "dont-know-rest"


# Whether the child is in immediate danger is always answered on its own, never in bulk.
ANSWERED_ONE_BY_ONE = frozenset({IMMEDIATE_DANGER})


def _takes_dont_know_button(question: Question) -> bool:
    return question.kind == "yes_no_unknown" and question.id not in ANSWERED_ONE_BY_ONE


def _answer_dont_know(
    page: Page,
    form: Any,
    answers: dict[str, Answer],
    shown: Set[str],
    seen: Set[str],
) -> frozenset[str]:
    """Answer "Don't know" to each yes/no/don't know question the page showed and the
    practitioner left unanswered, in ``answers`` and in the form; every answer given, valid
    or not, is left as it is.

    Returns the questions it answered. A question hidden by ``show_if``, or one that an
    answer on this page has only just revealed (the practitioner has not seen it yet), is
    not touched.
    """
    filled = []
    for question in page.questions:
        if (
            _takes_dont_know_button(question)
            and question.id in shown
            and (question.show_if is None or question.id in seen)
            and not request.form.get(question.id)
        ):
            answers[question.id] = UNKNOWN
            form[question.id].data = UNKNOWN
            form[question.id].errors = []
            filled.append(question.id)
    return frozenset(filled)


def _forget_changed_marks(case: Case) -> None:
    """Keep the button's mark only on answers that are still the "Don't know" it gave."""
    case.unknown_by_button = frozenset(
        q for q in case.unknown_by_button if case.answers.get(q) == UNKNOWN
    )


def _question_of(field_name: str, page: Page) -> str | None:
    """The question a field belongs to (its answer, note or source), or None for others."""
    base = field_name.split("-", 1)[0]
    return base if any(q.id == base for q in page.questions) else None


def _posted(page: Page, form: Any) -> tuple[dict[str, Answer], dict[str, AnswerNote]]:
    """The answers and notes on a submitted page that passed their checks, as the core wants."""
    answers: dict[str, Answer] = {}
    notes: dict[str, AnswerNote] = {}
    for question in page.questions:
        field = form[question.id]
        if field.errors or field.data in (None, "", []):
            continue
        try:
            answers[question.id] = check_answer(question, field.data)
        except ValueError:
            continue  # the form's own checks have already told the practitioner
        if question.is_sign:
            text = form[note_name(question.id)].data or ""
            source = form[source_name(question.id)].data or None
            if text:
                notes[question.id] = AnswerNote(text, source)
    return answers, notes


def _save_details(case: Case, form: Any) -> None:
    case.anonymised = bool(form.anonymised.data)

    def entered(prefix: str, spec: DetailField) -> str | None:
        field = form[f"{prefix}-{spec.id}"]
        if field.errors or not field.data:
            return None
        if isinstance(field.data, datetime.date):
            return written(field.data)  # a date of birth, as a report writes it
        return str(field.data)

    case.child = {
        f.id: value
        for f in CHILD_FIELDS
        if (value := entered("child", f)) and not (case.anonymised and f.identifying)
    }
    case.practitioner = {
        f.id: value for f in PRACTITIONER_FIELDS if (value := entered("practitioner", f))
    }


def _saved_values(case: Case, page: Page) -> dict[str, object]:
    values: dict[str, object] = {}
    for question in page.questions:
        answer = case.answers.get(question.id)
        values[question.id] = list(answer) if isinstance(answer, tuple) else answer
        note = case.notes.get(question.id)
        if note is not None:
            values[note_name(question.id)] = note.text
            values[source_name(question.id)] = note.source
    if page.section is None:
        values |= {f"child-{f.id}": case.child.get(f.id) for f in CHILD_FIELDS}
        values |= {f"practitioner-{f.id}": case.practitioner.get(f.id) for f in PRACTITIONER_FIELDS}
        values["anonymised"] = case.anonymised
    return values


def _render_page(
    case: Case,
    page: Page,
    form: Any | None,
    shown: Set[str],
    status: int = 200,
    *,
    filled: bool = False,
) -> tuple[str, int]:
    """The page: as the case holds it when ``form`` is None, else the posted ``form`` with its
    mistakes; with ``filled`` when the "Don't know" button answered some of it but other
    mistakes stopped it being saved."""
    pages = pages_of(case)
    on_page = {q.id for q in page.questions}
    states: dict[str, str] = {}
    reveal: dict[str, tuple[str, tuple[str, ...]]] = {}
    for question in page.questions:
        trigger = _reveal_trigger(question, on_page)
        if trigger is not None:
            reveal[question.id] = trigger
        if question.id in shown:
            states[question.id] = "shown"
        elif trigger is not None:
            states[question.id] = "reveal"
    words = wording(case.questionnaire)
    # A page of questions draws them in blocks; the details page (about_fields.html) draws its
    # fields itself, with the form.
    on_show = [(q, states[q.id], reveal.get(q.id)) for q in page.questions if q.id in states]
    if page.section is None:
        on_show = []
    labels = functools.cache(_question_labels)
    errors = []

    def details(form: Any) -> Markup:
        return Markup(  # noqa: S704  # nosec B704 (our own template's output)
            render_template("about_fields.html", page=page, form=form, words=words, labels=labels())
        )

    details_drawn = None
    if form is None:
        saved = _saved_values(case, page)
        # The form is filled only if a question has to be drawn: most of a page is kept.
        filled_form = functools.cache(lambda: page.form(data=saved))
        if page.section is None:
            details_drawn = details_markup(words, saved, lambda: details(filled_form()))
        drawn = saved_questions_markup(on_show, saved, filled_form, words, labels)
    else:
        for field in form:
            if not field.errors:
                continue
            question_id = _question_of(field.name, page)
            if question_id is not None and states.get(question_id) != "shown":
                field.errors = []  # a question the page does not show: its answer is discarded
                continue
            # Beside the field and in the summary alike, each message says which question it is
            # about: "Choose Yes, No or Don't know" three times on a page says nothing.
            field.errors = [_named(field.errors[0], field.name, page, words)]
            errors.append((_error_target(field), field.errors[0]))
        drawn = posted_questions_markup(on_show, form, words, labels())
        if page.section is None:
            details_drawn = details(form)
    index = pages.index(page)
    if request.args.get("return") == "check":
        back = case_url(case.id, "outcome.check", case_id=case.id)
    else:
        before = page_before(pages, page)
        back = page_url(case, before) if before else url_for("cases.start")
    return (
        render_template(
            "page.html",
            page=page,
            details=details_drawn,
            states=states,
            reveal=reveal,
            question_blocks=drawn,
            errors=errors,
            has_errors=bool(errors),
            number=index + 1,
            total=len(pages),
            back=back,
            returning=request.args.get("return") == "check",
            words=words,
            offers_dont_know=any(
                _takes_dont_know_button(q) and q.id in states for q in page.questions
            ),
            dont_know_button=DONT_KNOW_BUTTON,
            filled=filled,
            **case_context(case),
        ),
        status,
    )


def _named(problem: object, field_name: str, page: Page, words: Wording) -> str:
    """The message for a field's problem, naming the question (or detail) it is about."""
    if not isinstance(problem, FieldProblem):
        return str(problem)
    if field_name in DETAIL_LABELS:
        return problem.naming(_(DETAIL_LABELS[field_name]))
    question_id = _question_of(field_name, page)
    for question in page.questions:
        if question.id == question_id:
            return problem.naming(words.question(question))
    return str(problem)


DETAIL_LABELS = {f"child-{f.id}": f.label for f in CHILD_FIELDS} | {
    f"practitioner-{f.id}": f.label for f in PRACTITIONER_FIELDS
}


def _question_labels() -> dict[str, Any]:
    """Texts every question or sign repeats, translated once for the whole page."""
    return {
        "answer_options": [(code, _(label)) for code, label in ANSWER_LABELS.items()],
        "date_example": _("For example, 27/3/2026."),
        # A date of birth a child could have: 13 years before this year, so it never ages.
        "birth_example": _(
            "For example, %(date)s.", date=f"14/9/{datetime.date.today().year - 13}"
        ),
        "note_summary": _("Add a note to this answer (optional)"),
        "note_label": _("Note"),
        "note_hint": _("What you know, in a few words. Say when and where if you can."),
        "source_legend": _("Where did this information come from?"),
        "source_options": [(code, _(label)) for code, label in INFORMATION_SOURCES.items()],
    }


def _error_target(field: Any) -> str:
    """The id the error summary links to: the field, or a group's first option."""
    if isinstance(field, RadioField | SelectMultipleField):  # our own kinds of these too
        return f"{field.name}-{next(iter(field.choices))}"
    return str(field.name)


def _reveal_trigger(question: Question, on_page: set[str]) -> tuple[str, tuple[str, ...]] | None:
    """The same-page question and answers that show this question, if the browser can show it
    in place (a plain comparison of a radio answer); None otherwise."""
    condition = question.show_if
    if not isinstance(condition, Compare) or condition.question not in on_page:
        return None
    if condition.op == "equals" and isinstance(condition.value, str):
        return condition.question, (condition.value,)
    if condition.op == "one_of" and isinstance(condition.value, tuple):
        return condition.question, tuple(str(v) for v in condition.value)
    return None
