"""Check your answers, and the outcome page, where the practitioner records their own decision."""

from __future__ import annotations

import datetime
from dataclasses import fields

from flask import (
    Blueprint,
    flash,
    make_response,
    redirect,
    render_template,
    request,
)
from werkzeug.wrappers import Response

from cserq.base.languages import LANGUAGES
from cserq.case.store import Case
from cserq.case.summary import (
    DECISIONS,
    REASON_MAX_LENGTH,
    AnswerNote,
    Decision,
    PoliceCall,
)
from cserq.note.sections import unprintable
from cserq.questionnaire.model import UNKNOWN, Level
from cserq.questionnaire.outcome import signs_by_category
from cserq.web.current import (
    case_context,
    load_case,
    load_whole_case,
    page_url,
    pages_of,
    unfinished_page,
)
from cserq.web.forms import DecisionForm, Page
from cserq.web.i18n import choose_language, select_language, wording
from cserq.web.i18n import gettext as _
from cserq.web.services import services
from cserq.web.urls import case_url
from cserq.words.wording import Wording

bp = Blueprint("outcome", __name__)


@bp.get("/case/<case_id>/check")
def check(case_id: str) -> Response | str:
    case = load_case(case_id)
    unfinished = unfinished_page(case)
    if unfinished is not None:
        flash(_("Answer the questions on this page first."), "incomplete")
        return redirect(page_url(case, unfinished), 303)
    shown = case.shown()
    by_button = [
        (page, question)
        for page in pages_of(case)
        for question in page.questions
        if question.id in shown
        and question.id in case.unknown_by_button
        and case.answers.get(question.id) == UNKNOWN
    ]
    words = wording(case.questionnaire)
    return render_template(
        "check.html",
        age_from_birth=case.summary().age_disagrees(datetime.date.today()),
        pages=pages_of(case),
        rows={page.key: _check_rows(case, page, shown, words) for page in pages_of(case)},
        by_button=by_button,
        page_url=page_url,
        back=page_url(case, pages_of(case)[-1]),
        words=words,
        **case_context(case),
    )


def _check_rows(
    case: Case, page: Page, shown: frozenset[str], words: Wording
) -> list[tuple[str, str, str, bool, AnswerNote | None]]:
    """Each shown question of a page as Check your answers lists it: its id, its text, the
    answer as the page says it, whether the "Don't know" button gave it, and its note. Worked
    out here rather than by the template, where each of the 40 or so rows called back into
    Python five times."""
    rows = []
    for question in page.questions:
        if question.id not in shown:
            continue
        answer = case.answers.get(question.id)
        rows.append(
            (
                question.id,
                words.question(question),
                words.answer(question, answer),
                question.id in case.unknown_by_button and answer == UNKNOWN,
                case.notes.get(question.id),
            )
        )
    return rows


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
        choice, reason = _one_choice("choice"), request.form.get("reason", "")
        with services().store.editing(case.id) as editing:
            editing.draft_decision = (choice[:40], reason[:DRAFT_MAX_LENGTH])
            editing.draft_police = {
                name: request.form.get(name, "")[:DRAFT_MAX_LENGTH] for name in POLICE_FIELDS
            }
            editing.draft_police["police_called"] = _one_choice("police_called")
        choose_language(language)
        return redirect(case_url(case.id, "outcome.outcome", case_id=case.id) + "#decision", 303)
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
            return redirect(
                case_url(case.id, "outcome.outcome", case_id=case.id) + "#decision-recorded", 303
            )
        status = 400
    else:
        form = standing_form(case)
    return outcome_page(case, form, status)


def standing_form(case: Case) -> DecisionForm:
    """The decision form as the case holds it: the recorded decision, or the draft kept over a
    language switch, and what was said of the police."""
    summary = case.summary()
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
    return DecisionForm(data={**(data or {}), **police})


def outcome_page(
    case: Case, form: DecisionForm, status: int = 200, note_error: str | None = None
) -> Response:
    """The outcome page; ``note_error`` says, beside the note's languages, why no note came."""
    summary = case.summary()
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
        note_error=note_error,
        contacts=services().contacts,
        words=wording(case.questionnaire),
        decision_options=[(code, _(label)) for code, (label, _level) in DECISIONS.items()],
        marking=services().settings.marking_in(select_language()),
        **case_context(case),
    )
    return make_response(page, status)


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


POLICE_FIELDS = tuple(f"police_{part.name}" for part in fields(PoliceCall))
"""The decision form's fields for the police call: one for each part of a ``PoliceCall``."""


def _one_choice(name: str) -> str:
    """A radio group's answer kept over a language switch: none when two came, as the form
    itself refuses them (:class:`cserq.web.forms.OneRadioField`), never the first of them."""
    values = request.form.getlist(name)
    return values[0] if len(values) == 1 else ""


DRAFT_MAX_LENGTH = 4 * REASON_MAX_LENGTH
"""What a draft keeps of a field typed before a language switch: far more than any field takes,
so nothing is cut; recording it says what is too long."""
