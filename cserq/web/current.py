"""The case a request is about, and what every page of a case shows (the 999 banner, the timeout).

A browser owns the cases it started: their ids (never answers) are kept in its signed session
cookie. A page for a case it does not own, or one that has ended, says so and shows nothing.
"""

from __future__ import annotations

import datetime
import functools
from gettext import NullTranslations
from typing import Any, NoReturn

from flask import (
    abort,
    flash,
    make_response,
    redirect,
    render_template,
    session,
)

from cserq.case.details import CHILD_FIELDS, PRACTITIONER_FIELDS
from cserq.case.store import Case, store_trouble
from cserq.case.summary import INFORMATION_SOURCES
from cserq.questionnaire.model import Level
from cserq.web.forms import Page
from cserq.web.i18n import gettext as _
from cserq.web.i18n import page_translations, wording
from cserq.web.navigation import first_unfinished
from cserq.web.services import services
from cserq.web.urls import case_url
from cserq.words import guidance

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
        try:
            return self._known()
        except Exception as error:
            # The page that says the store cannot be reached must still be shown: the store
            # cannot say whether danger was recorded, and the page says what to do instead.
            if store_trouble(error):
                return False
            raise

    def _known(self) -> bool:
        store = services().store
        for case_id in session.get(OWNED_CASES, []):
            case = store.peek(case_id) if isinstance(case_id, str) else None
            if case is not None and case.level() is Level.EMERGENCY:
                return True
            if case is None and isinstance(case_id, str) and store.ended_in_danger(case_id):
                return True
        return False


def defaults() -> dict[str, Any]:
    """Names every template may use, with the values a page without a case has."""
    return {
        "case": None,
        "emergency": DangerInThisBrowser(),
        "has_errors": False,
        "child_fields": CHILD_FIELDS,
        "practitioner_fields": PRACTITIONER_FIELDS,
        "information_sources": INFORMATION_SOURCES,
        "planning_prompt": guidance.PLANNING_PROMPT,
        "report_form_asks": guidance.REPORT_FORM_ASKS,
        "wording_for": wording,
        "level_from_code": Level.from_code,
        "timeout_duration": _duration(
            page_translations(), services().settings.idle_timeout_minutes
        ),
    }


@functools.lru_cache(maxsize=64)
def _duration(translations: NullTranslations, minutes: int) -> str:
    """ "20 minutes" in a catalogue, as Flask-Babel's ``ngettext`` says it, kept for each
    catalogue: every page says it, and Flask-Babel finds the catalogue afresh each time."""
    return translations.ngettext("%(num)d minute", "%(num)d minutes", minutes) % {"num": minutes}


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


def load_whole_case(case_id: str) -> Case:
    """The open case, when every page has been answered; otherwise back to the first page
    that has not: the outcome, the note and the record come only from a whole set of answers."""
    case = load_case(case_id)
    unfinished = unfinished_page(case)
    if unfinished is not None:
        flash(_("Answer the questions on this page first."), "incomplete")
        abort(redirect(page_url(case, unfinished), 303))
    return case


def pages_of(case: Case) -> tuple[Page, ...]:
    return services().pages[case.questionnaire.id]


def unfinished_page(case: Case) -> Page | None:
    """The first page of the case still to be finished, if any."""
    return first_unfinished(pages_of(case), case.done, case.answers, case.shown())


def page_url(case: Case, page: Page, **args: str) -> str:
    if page.section is None:
        return case_url(case.id, "questions.about", case_id=case.id, **args)
    return case_url(
        case.id, "questions.questions", case_id=case.id, section_id=page.section.id, **args
    )


def case_context(case: Case) -> dict[str, Any]:
    """What every case page shows: the 999 banner once danger is known, and the timeout."""
    return {
        "case": case,
        "emergency": case.level() is Level.EMERGENCY,
        **timeout(case),
    }


def timeout(case: Case) -> dict[str, Any]:
    """When the case will be cleared if nothing is done, and when the page warns of it."""
    store = services().store
    left = store.seconds_left(case)
    clears_at = datetime.datetime.now() + datetime.timedelta(seconds=left)
    return {
        "timeout_seconds": int(store.idle_timeout),
        "seconds_left": int(left),
        "warning_seconds": services().settings.warning_seconds,
        "clears_at": clears_at.strftime("%H:%M"),  # the same digits in English and Welsh
    }
