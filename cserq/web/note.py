"""The note (PDF) and the structured record (FHIR) of a whole case, sent and never kept."""

from __future__ import annotations

import datetime
import io

from flask import (
    Blueprint,
    request,
    send_file,
)
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from cserq.base.languages import LANGUAGES
from cserq.note.document import note_filename, render_note
from cserq.record.response import structured_record
from cserq.web.current import (
    load_whole_case,
)
from cserq.web.i18n import select_language
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
