"""The note (PDF) and the structured record (FHIR) of a whole case, sent and never kept."""

from __future__ import annotations

import datetime
import io

from flask import (
    Blueprint,
    current_app,
    request,
    send_file,
)
from werkzeug.wrappers import Response

from cserq.base.languages import NOTE_LANGUAGES
from cserq.case.store import NoteBusy, NoteMade
from cserq.case.summary import CaseSummary
from cserq.note.document import note_filename
from cserq.note.workers import NoteFailed
from cserq.record.response import structured_record
from cserq.web.current import (
    load_whole_case,
)
from cserq.web.i18n import gettext as _
from cserq.web.i18n import select_language
from cserq.web.outcome import outcome_page, standing_form
from cserq.web.services import services

bp = Blueprint("note", __name__)


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


def offered_note_languages() -> set[str]:
    """Every note language made of the languages the app offers, both orders of a bilingual
    note among them."""
    offered = services().languages
    return {code for code in NOTE_LANGUAGES if set(code.split("+")) <= set(offered)}


@bp.post("/case/<case_id>/note")
def note(case_id: str) -> Response:
    case = load_whole_case(case_id)
    now = datetime.datetime.now()
    # The form sends a language only when it offers more than one; one that is sent must be one
    # the app offers (in either order, as a form from before a language switch has them), never
    # replaced by the page's: a note in a language its reader did not ask for may go unread.
    chosen = request.form.getlist("note_language") or [select_language()]
    if len(chosen) != 1 or chosen[0] not in offered_note_languages():
        message = _("Choose a language of the note from those offered")
        return outcome_page(case, standing_form(case), 400, note_error=message)
    language = chosen[0]

    def make(summary: CaseSummary) -> NoteMade:
        made = services().note_workers.make(
            summary, language=language, generated_at=now, settings=services().note_settings
        )
        return now, made

    # Only some of the server's threads may wait for notes: the rest are always free for pages.
    admitted = services().note_requests.acquire(blocking=False)
    try:
        if not admitted:
            raise NoteBusy
        # The same version of the case in the same language gives the same note, made once.
        wait = services().settings.note_seconds
        made_at, pdf = services().store.note(case, language, make, wait)
    except NoteBusy:  # too many notes waited for, or this case's for too long
        message = _("Several notes are being made at once. Your answers are kept: try again.")
        return outcome_page(case, standing_form(case), 503, note_error=message)
    except NoteFailed as failure:
        current_app.logger.error("A note could not be made: %s", failure)
        message = _("The note could not be made just now. Your answers are kept: try again.")
        return outcome_page(case, standing_form(case), 503, note_error=message)
    finally:
        if admitted:
            services().note_requests.release()
    with services().store.editing(case.id) as editing:
        editing.note_made_at = now
    return send_file(
        io.BytesIO(pdf),
        mimetype="application/pdf",
        as_attachment=True,
        download_name=note_filename(made_at, language),
        max_age=0,
    )
