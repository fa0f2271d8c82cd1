"""What the pages share for the life of the process, kept on the app (``app.extensions``).

The factory in :mod:`cserq.web.app` builds it; every view reaches it through :func:`services`,
so no view imports the factory.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass

from flask import current_app

from cserq.case.store import CaseStore
from cserq.note.settings import NoteSettings
from cserq.note.workers import NoteWorkers
from cserq.questionnaire.model import Questionnaire
from cserq.settings.contacts import Contact
from cserq.settings.options import Settings
from cserq.web.forms import Page


@dataclass(frozen=True)
class Services:
    """What the views share for the life of the process."""

    questionnaires: Mapping[str, Questionnaire]
    pages: Mapping[str, tuple[Page, ...]]
    """Each questionnaire's pages, in order, with their form classes."""
    settings: Settings
    store: CaseStore
    note_settings: NoteSettings
    note_workers: NoteWorkers
    """The processes that make notes, outside the request threads."""
    note_requests: threading.BoundedSemaphore
    """How many requests may wait for a note at once (``NOTE_REQUESTS``; ``cserq serve`` keeps
    a quarter of its threads from them): fewer than the server's threads, so a page never
    waits behind notes."""
    contacts: tuple[Contact, ...]
    languages: tuple[str, ...]
    """The languages offered, English first."""


def services() -> Services:
    return current_app.extensions["cserq"]  # type: ignore[no-any-return]
