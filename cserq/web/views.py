"""The pages: thin glue between the browser, the forms, the case store and the decision."""

from __future__ import annotations

import datetime
import io
from collections.abc import Mapping, Set
from typing import Any, NoReturn

from flask import (
    Blueprint,
    abort,
    flash,
    jsonify,
    make_response,
    redirect,
    render_template,
    request,
    send_file,
    session,
    url_for,
)
from flask_babel import format_time, ngettext
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from cserq.base.dates import written
from cserq.base.languages import LANGUAGES
from cserq.case.store import Case, Ended, StoreFull
from cserq.case.summary import (
    CHILD_FIELDS,
    DECISIONS,
    INFORMATION_SOURCES,
    PRACTITIONER_FIELDS,
    REASON_MAX_LENGTH,
    Decision,
    DetailField,
    Note,
    PoliceCall,
)
from cserq.note.note import note_filename, render_note, unprintable
from cserq.questionnaire.answers import check_answer
from cserq.questionnaire.decision import Outcome, signs_by_category
from cserq.questionnaire.model import UNKNOWN, Answer, Compare, Level, Question
from cserq.questionnaire.rules import shown_questions
from cserq.record.resources import structured_record
from cserq.web.app import services
from cserq.web.forms import DecisionForm, Page, Problem, note_name, source_name
from cserq.web.i18n import select_language, wording
from cserq.web.targets import local_page
from cserq.words import guidance
from cserq.words.wording import Wording

bp = Blueprint("web", __name__)

# Case ids this browser owns are kept in its signed session cookie (ids only, never answers).
OWNED_CASES = "cases"
MAX_OWNED = 20


class DangerInThisBrowser:
    """Whether a case this browser started, open or ended, recorded that the child is in
    immediate danger: a page that is not about one case (the start page after clearing one,
    finished, gone, too many cases, an error) then says "Phone 999 now" first.

    Worked out only when a page asks: a case page says it for its own case instead.
    """

    def __bool__(self) -> bool:
        store = services().store
        for case_id in session.get(OWNED_CASES, []):
            case = store.peek(case_id) if isinstance(case_id, str) else None
            if case is not None and case.summary().outcome.level is Level.EMERGENCY:
                return True
            if case is None and isinstance(case_id, str) and store.ended_in_danger(case_id):
                return True
        return False


@bp.app_context_processor
def defaults() -> dict[str, Any]:
    """Names every template may use, with the values a page without a case has."""
    return {
        "case": None,
        "emergency": DangerInThisBrowser(),
        "has_errors": False,
        "child_fields": CHILD_FIELDS,
        "practitioner_fields": PRACTITIONER_FIELDS,
        "information_sources": INFORMATION_SOURCES,
        "decision_options": [(code, _(label)) for code, (label, _level) in DECISIONS.items()],
        "planning_prompt": guidance.PLANNING_PROMPT,
        "report_form_asks": guidance.REPORT_FORM_ASKS,
        "wording_for": wording,
        "level_from_code": Level.from_code,
        "marking": services().settings.marking_in(select_language()),
        "timeout_duration": ngettext(
            "%(num)d minute", "%(num)d minutes", services().settings.idle_timeout_minutes
        ),
    }


# --- the case this request is about ---


def _gone(status: int, reason: str) -> NoReturn:
    abort(make_response(render_template("gone.html", reason=reason), status))


def load_case(case_id: str) -> Case:
    """The open case with this id, if this browser owns it; otherwise a page saying why not."""
    owned = session.get(OWNED_CASES, [])
    if case_id not in owned:
        _gone(404, "unknown")
    found = services().store.status(case_id)
    if isinstance(found, Case):
        return found
    if found is None:
        _gone(404, "restarted")
    _gone(410, found.value)


def pages_of(case: Case) -> tuple[Page, ...]:
    return services().pages[case.questionnaire.id]


def page_url(case: Case, page: Page, **args: Any) -> str:
    if page.section is None:
        return url_for("web.about", case_id=case.id, **args)
    return url_for("web.questions", case_id=case.id, section_id=page.section.id, **args)


def first_unfinished(case: Case) -> Page | None:
    """The first page not yet saved, or with a required question shown but not answered."""
    shown = shown_questions(case.questionnaire, case.answers)
    for page in pages_of(case):
        if page.key not in case.done:
            return page
        for question in page.questions:
            if question.required and question.id in shown and question.id not in case.answers:
                return page
    return None


def case_context(case: Case, outcome: Outcome | None = None) -> dict[str, Any]:
    """What every case page shows: the 999 banner once danger is known, and the timeout.

    ``outcome`` saves deciding again when the page has already done so.
    """
    outcome = outcome or case.summary().outcome
    return {
        "case": case,
        "emergency": outcome.level is Level.EMERGENCY,
        **_timeout(case),
    }


def _timeout(case: Case) -> dict[str, Any]:
    """When the case will be cleared if nothing is done, and when the page warns of it."""
    store = services().store
    left = store.seconds_left(case)
    clears_at = datetime.datetime.now() + datetime.timedelta(seconds=left)
    return {
        "timeout_seconds": int(store.idle_timeout),
        "seconds_left": int(left),
        "warning_seconds": services().settings.warning_seconds,
        "clears_at": format_time(clears_at, "HH:mm"),
    }


# --- start, finish, clear ---


@bp.get("/")
def start() -> str:
    return render_template("start.html", questionnaires=services().questionnaires)


@bp.post("/start")
def start_case() -> Response:
    questionnaires = services().questionnaires
    chosen = request.form.get("questionnaire") or next(iter(questionnaires))
    if chosen not in questionnaires:
        abort(400)
    store = services().store
    # Cases that have ended need no place in the cookie; every open one keeps its place, so
    # no case this browser started is ever out of its reach.
    owned = [i for i in session.get(OWNED_CASES, []) if isinstance(i, str) and store.is_open(i)]
    if len(owned) >= MAX_OWNED:
        session[OWNED_CASES] = owned
        return make_response(render_template("too_many.html", cases=_open_cases(owned)), 409)
    try:
        case = store.open(questionnaires[chosen])
    except StoreFull:
        return make_response(render_template("full.html"), 503)
    session[OWNED_CASES] = [*owned, case.id]
    return redirect(page_url(case, pages_of(case)[0]), 303)


def _open_cases(owned: list[str]) -> list[dict[str, Any]]:
    """This browser's open cases, for it to pick one to carry on with or to finish."""
    cases = []
    for case_id in owned:
        case = services().store.peek(case_id)
        if case is None:
            continue
        unfinished = first_unfinished(case)
        cases.append(
            {
                "opened_at": format_time(case.opened_at, "HH:mm"),
                "emergency": case.summary().outcome.level is Level.EMERGENCY,
                "url": page_url(case, unfinished)
                if unfinished
                else url_for("web.outcome", case_id=case.id),
                "clear_url": url_for("web.clear", case_id=case.id),
            }
        )
    return cases


@bp.route("/case/<case_id>/finish", methods=["GET", "POST"])
def finish(case_id: str) -> Response | str:
    """Finishing asks first, and says whether the note was downloaded: afterwards it cannot be."""
    case = load_case(case_id)
    if request.method == "POST" and request.form.get("confirmed") == "yes":
        services().store.end(case_id, Ended.FINISHED)
        return redirect(url_for("web.finished"), 303)
    made = case.note_made_at
    return render_template(
        "finish.html",
        note_made_at=format_time(made, "HH:mm") if made else None,
        **case_context(case),
    )


@bp.get("/finished")
def finished() -> str:
    return render_template("finished.html")


@bp.route("/case/<case_id>/clear", methods=["GET", "POST"])
def clear(case_id: str) -> Response | str:
    case = load_case(case_id)
    if request.method == "POST":
        services().store.end(case_id, Ended.CLEARED)
        flash(_("The answers were cleared. Nothing about that child is kept."))
        return redirect(url_for("web.start"), 303)
    back = _same_case_path(case, request.args.get("back"))
    return render_template("clear.html", back=back, **case_context(case))


@bp.post("/case/<case_id>/extend")
def extend(case_id: str) -> Response:
    case = load_case(case_id)  # loading marks the case active, which is what extends it
    if request.accept_mimetypes.best == "application/json":
        # The page shows the new time the answers will be cleared at, and warns again later.
        timeout = _timeout(case)
        return jsonify(clears_at=timeout["clears_at"], seconds_left=timeout["seconds_left"])
    return redirect(_same_case_path(case, request.form.get("next")), 303)


def _same_case_path(case: Case, target: str | None) -> str:
    """``target`` if it is a page of this case, else the case's first page: never elsewhere."""
    first = page_url(case, pages_of(case)[0])
    return local_page(target, default=first, within=f"/case/{case.id}/")


@bp.get("/favicon.ico")
def favicon() -> Response:
    """Browsers ask for this by habit; the pages name their icon, so there is nothing here."""
    return make_response("", 204)


# --- the language ---


@bp.get("/language/<code>")
def language(code: str) -> Response:
    if code in services().languages:
        session["lang"] = code
    home = url_for("web.start")
    return redirect(local_page(request.args.get("next"), default=home), 303)


# --- question pages ---


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
            with store.editing(case.id) as editing:
                _forget_changed_marks(editing)  # a page left with an error is shown as saved
        form = page.form(data=_saved_values(case, page))
        return _render_page(case, page, form, case.answers)

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
        session["lang"] = language
        return redirect(page_url(case, page, **({"return": "check"} if returning else {})), 303)
    candidate = {q: a for q, a in case.answers.items() if q not in {x.id for x in page.questions}}
    candidate.update(answers)
    shown = shown_questions(case.questionnaire, candidate)
    # A question the page did not show (hidden before this answer) and that was not answered
    # now has not been seen: without JavaScript it appears only after this save.
    shown_before = shown_questions(case.questionnaire, case.answers)
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
            with store.editing(case.id) as editing:
                editing.unknown_by_button |= filled
        return _render_page(case, page, form, candidate, status=400, filled=bool(filled))

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
        return redirect(url_for("web.check", case_id=case.id), 303)
    index = pages.index(page)
    if index + 1 < len(pages):
        return redirect(page_url(case, pages[index + 1]), 303)
    return redirect(url_for("web.check", case_id=case.id), 303)


# The button that answers "Don't know" to the questions left on a page. No question id has a
# hyphen, so it is never an answer's field name.
DONT_KNOW_BUTTON = "dont-know-rest"
# Whether the child is in immediate danger is always answered on its own, never in bulk.
ANSWERED_ONE_BY_ONE = frozenset({"immediate_danger"})


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


def _posted(page: Page, form: Any) -> tuple[dict[str, Answer], dict[str, Note]]:
    """The answers and notes on a submitted page that passed their checks, as the core wants."""
    answers: dict[str, Answer] = {}
    notes: dict[str, Note] = {}
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
                notes[question.id] = Note(text, source)
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
    form: Any,
    answers: Mapping[str, Answer],
    status: int = 200,
    *,
    filled: bool = False,
) -> tuple[str, int]:
    """The page, with ``filled`` when the "Don't know" button answered some of it but other
    mistakes stopped it being saved."""
    pages = pages_of(case)
    shown = shown_questions(case.questionnaire, answers)
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
    errors = []
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
    index = pages.index(page)
    if request.args.get("return") == "check":
        back = url_for("web.check", case_id=case.id)
    else:
        back = page_url(case, pages[index - 1]) if index else url_for("web.start")
    return (
        render_template(
            "page.html",
            page=page,
            form=form,
            states=states,
            reveal=reveal,
            errors=errors,
            has_errors=bool(errors),
            number=index + 1,
            total=len(pages),
            back=back,
            returning=request.args.get("return") == "check",
            words=words,
            labels=_question_labels(),
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
    if not isinstance(problem, Problem):
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
        "answer_options": [("yes", _("Yes")), ("no", _("No")), ("unknown", _("Don't know"))],
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
    if field.type in ("RadioField", "SelectMultipleField"):
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


# --- check answers, outcome, note ---


@bp.get("/case/<case_id>/check")
def check(case_id: str) -> Response | str:
    case = load_case(case_id)
    unfinished = first_unfinished(case)
    if unfinished is not None:
        flash(_("Answer the questions on this page first."), "incomplete")
        return redirect(page_url(case, unfinished), 303)
    shown = shown_questions(case.questionnaire, case.answers)
    by_button = [
        (page, question)
        for page in pages_of(case)
        for question in page.questions
        if question.id in shown
        and question.id in case.unknown_by_button
        and case.answers.get(question.id) == UNKNOWN
    ]
    return render_template(
        "check.html",
        age_from_birth=case.summary().age_disagrees(datetime.date.today()),
        pages=pages_of(case),
        shown=shown,
        by_button=by_button,
        page_url=page_url,
        back=page_url(case, pages_of(case)[-1]),
        words=wording(case.questionnaire),
        **case_context(case),
    )


@bp.route("/case/<case_id>/outcome", methods=["GET", "POST"])
def outcome(case_id: str) -> Response:
    case = load_whole_case(case_id)
    summary = case.summary()
    status = 200
    language = request.form.get("switch_language")
    if request.method == "POST" and language in services().languages:
        # The language link, with JavaScript, sends the decision as typed so far: keep it as a
        # draft (not recorded), switch, and show the same page again.
        # Kept as typed (within a bound on memory), never cut to the limit: what is too long
        # is said so when the practitioner records it.
        choice, reason = request.form.get("choice", ""), request.form.get("reason", "")
        with services().store.editing(case.id) as editing:
            editing.draft_decision = (choice[:40], reason[:DRAFT_MAX_LENGTH])
            editing.draft_police = {
                name: request.form.get(name, "")[:DRAFT_MAX_LENGTH] for name in POLICE_FIELDS
            }
        session["lang"] = language
        return redirect(url_for("web.outcome", case_id=case.id) + "#decision", 303)
    if request.method == "POST":
        form = DecisionForm()
        valid = form.validate()
        # Every problem at once: a missing reason is said beside any other.
        chosen: str | None = form.choice.data if form.choice.data in DECISIONS else None
        lower = chosen is not None and DECISIONS[chosen][1] < summary.outcome.level
        if lower and not form.reason.data and not form.reason.errors:
            form.reason.errors = [_("Say why you are choosing less than what the answers point to")]
            valid = False
        if valid:
            # The decision answers this outcome: if the answers change it, it is made again.
            made = Decision(form.choice.data, form.reason.data or "", summary.outcome.basis)
            with services().store.editing(case.id) as editing:
                editing.decision = made
                editing.draft_decision = None
                editing.draft_police = None
                if summary.outcome.level is Level.EMERGENCY:
                    editing.police = PoliceCall(
                        {"yes": True, "no": False}.get(form.police_called.data or ""),
                        form.police_at.data or "",
                        form.police_reference.data or "",
                    )
            flash(_("Your decision is recorded. It will be in the note."), "decision")
            return redirect(url_for("web.outcome", case_id=case.id) + "#decision-recorded", 303)
        status = 400
    else:
        decision = summary.standing_decision
        data: dict[str, str | None] | None = None
        if decision is not None:
            data = {"choice": decision.choice, "reason": decision.reason}
        if case.draft_decision is not None:
            choice, reason = case.draft_decision
            data = {"choice": choice if choice in DECISIONS else None, "reason": reason}
        called = {True: "yes", False: "no", None: None}[case.police.called]
        police: dict[str, str | None] = {"police_called": called, "police_at": case.police.at}
        police["police_reference"] = case.police.reference
        if case.draft_police is not None:
            police = dict(case.draft_police)
        form = DecisionForm(data={**(data or {}), **police})
    page = render_template(
        "outcome.html",
        summary=summary,
        outdated=summary.outdated_decision,
        unprintable=unprintable(summary),
        age_from_birth=summary.age_disagrees(datetime.date.today()),
        result=summary.outcome,
        signs=signs_by_category(case.questionnaire, summary.outcome),
        form=form,
        note_languages=note_language_choices(),
        contacts=services().contacts,
        words=wording(case.questionnaire),
        **case_context(case, summary.outcome),
    )
    return make_response(page, status)


POLICE_FIELDS = ("police_called", "police_at", "police_reference")
DRAFT_MAX_LENGTH = 4 * REASON_MAX_LENGTH
"""What a draft keeps of a field typed before a language switch: far more than any field takes,
so nothing is cut; recording it says what is too long."""


def load_whole_case(case_id: str) -> Case:
    """The open case, when every page has been answered; otherwise back to the first page
    that has not: the outcome, the note and the record come only from a whole set of answers."""
    case = load_case(case_id)
    unfinished = first_unfinished(case)
    if unfinished is not None:
        flash(_("Answer the questions on this page first."), "incomplete")
        abort(redirect(page_url(case, unfinished), 303))
    return case


@bp.post("/case/<case_id>/record")
def record(case_id: str) -> Response:
    """The case as a FHIR QuestionnaireResponse, the same record the note carries."""
    summary = load_whole_case(case_id).summary()
    name, data = structured_record(summary, datetime.datetime.now().astimezone())
    return send_file(
        io.BytesIO(data),
        mimetype="application/fhir+json",
        as_attachment=True,
        download_name=name,
        max_age=0,
    )


def note_language_choices() -> list[tuple[str, str]]:
    """The languages the note can be in, the reader's own first, with their labels."""
    current = select_language()
    others = [code for code in services().languages if code != current]
    choices = [(code, LANGUAGES[code]) for code in (current, *others)]
    if "cy" in services().languages and len(choices) > 1:
        both = "+".join((current, *others))
        label = (
            _("Both languages, Welsh first")
            if current == "cy"
            else _("Both languages, English first")
        )
        choices.append((both, label))
    return choices


@bp.post("/case/<case_id>/note")
def note(case_id: str) -> Response:
    case = load_whole_case(case_id)
    now = datetime.datetime.now()
    allowed = {code for code, _label in note_language_choices()}
    chosen = request.form.get("note_language", "")
    language = chosen if chosen in allowed else select_language()
    pdf = render_note(
        case.summary(),
        language=language,
        generated_at=now,
        settings=services().note_settings,
    )
    with services().store.editing(case.id) as editing:
        editing.note_made_at = now
    return send_file(
        io.BytesIO(pdf),
        mimetype="application/pdf",
        as_attachment=True,
        download_name=note_filename(now, language),
        max_age=0,
    )
