"""Starting a case, carrying on with one, finishing or clearing it, and keeping it open."""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    abort,
    flash,
    jsonify,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import format_time
from werkzeug.wrappers import Response

from cserq.case.store import Case, Ended, StoreFull, StoreUnsafe
from cserq.questionnaire.model import AGE, Level
from cserq.web.current import (
    MAX_OWNED,
    OWNED_CASES,
    case_context,
    load_case,
    page_url,
    pages_of,
    timeout,
    unfinished_page,
)
from cserq.web.forms import Page
from cserq.web.i18n import choose_language
from cserq.web.i18n import gettext as _
from cserq.web.services import services
from cserq.web.targets import local_page

bp = Blueprint("cases", __name__)


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
    except StoreUnsafe:  # the administrator's line is in the log
        return make_response(render_template("unsafe.html"), 503)
    session[OWNED_CASES] = [*owned, case.id]
    return redirect(page_url(case, pages_of(case)[0]), 303)


def _open_cases(owned: list[str]) -> list[dict[str, Any]]:
    """This browser's open cases, for it to pick one to carry on with or to finish."""
    cases = []
    for case_id in owned:
        case = services().store.peek(case_id)
        if case is None:
            continue
        unfinished = unfinished_page(case)
        cases.append(
            {
                "opened_at": format_time(case.opened_at, "HH:mm"),
                "told_apart": _told_apart(case, unfinished),
                "emergency": case.level() is Level.EMERGENCY,
                "url": page_url(case, unfinished)
                if unfinished
                else url_for("outcome.outcome", case_id=case.id),
                "clear_url": url_for("cases.clear", case_id=case.id),
            }
        )
    return cases


def _told_apart(case: Case, unfinished: Page | None) -> list[str]:
    """What tells a browser's open cases apart when they started in the same minute: the
    child's age, if given, and how far the case has got. Only these: the list is of every case
    in this browser, shown to whoever uses it next, so it never names the child or gives any
    other detail that could identify them."""
    told = []
    age = case.answers.get(AGE)
    if isinstance(age, int):
        told.append(_("Age %(age)d", age=age))
    if unfinished is None:
        told.append(_("Outcome reached"))
    else:
        pages = pages_of(case)
        told.append(
            _("Page %(page)d of %(pages)d", page=pages.index(unfinished) + 1, pages=len(pages))
        )
    return told


@bp.route("/case/<case_id>/finish", methods=["GET", "POST"])
def finish(case_id: str) -> Response | str:
    """Finishing asks first, and says whether the note was downloaded: afterwards it cannot be."""
    case = load_case(case_id)
    if request.method == "POST" and request.form.get("confirmed") == "yes":
        services().store.end(case_id, Ended.FINISHED)
        return redirect(url_for("cases.finished"), 303)
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
        return redirect(url_for("cases.start"), 303)
    back = _same_case_path(case, request.args.get("back"))
    return render_template("clear.html", back=back, **case_context(case))


@bp.post("/case/<case_id>/extend")
def extend(case_id: str) -> Response:
    case = load_case(case_id)  # loading marks the case active, which is what extends it
    if request.accept_mimetypes.best == "application/json":
        # The page shows the new time the answers will be cleared at, and warns again later.
        left = timeout(case)
        return jsonify(clears_at=left["clears_at"], seconds_left=left["seconds_left"])
    return redirect(_same_case_path(case, request.form.get("next")), 303)


def _same_case_path(case: Case, target: str | None) -> str:
    """``target`` if it is a page of this case, else the case's first page: never elsewhere."""
    first = page_url(case, pages_of(case)[0])
    return local_page(target, default=first, within=f"/case/{case.id}/")


@bp.get("/favicon.ico")
def favicon() -> Response:
    """Browsers ask for this by habit; the pages name their icon, so there is nothing here."""
    return make_response("", 204)


@bp.get("/language/<code>")
def language(code: str) -> Response:
    if code in services().languages:
        choose_language(code)
    home = url_for("cases.start")
    return redirect(local_page(request.args.get("next"), default=home), 303)
