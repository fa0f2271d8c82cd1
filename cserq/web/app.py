"""The Flask app factory: settings, the loaded questionnaires, the case store, and the glue."""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import Flask, current_app
from flask_babel import Babel
from flask_wtf.csrf import CSRFProtect
from jinja2 import StrictUndefined

from cserq.config import DEFAULT_MARKING, shipped_dir
from cserq.contacts import Contact, load_contacts
from cserq.language import offered_languages
from cserq.pdf.note import NoteSettings
from cserq.questionnaire.loader import QuestionnaireError, load_folder
from cserq.questionnaire.messages import translation_problems
from cserq.questionnaire.model import Questionnaire
from cserq.store import CaseStore
from cserq.web.forms import Page, build_pages

DEFAULTS: Mapping[str, Any] = {
    "QUESTIONS_DIR": None,  # the shipped questionnaires
    "CONTACTS_FILE": None,  # no local contacts: the pages say how to find them
    "MARKING": DEFAULT_MARKING,
    "MARKING_CY": None,  # the marking on a Welsh note; the English one unless set
    "LANGUAGES": None,  # e.g. "en,cy"; all the app has by default
    "IDLE_TIMEOUT_MINUTES": 30,
    "TIMEOUT_WARNING_MINUTES": 5,
    "MAX_CASES": 200,
    "MAX_CONTENT_LENGTH": 128 * 1024,  # a whole page of answers is a few kilobytes
    "MAX_FORM_MEMORY_SIZE": 64 * 1024,
    # Only these names reach the app, so a page elsewhere whose name is made to point at this
    # computer (DNS rebinding) cannot use it. `cserq serve --host` adds its address.
    "TRUSTED_HOSTS": ["127.0.0.1", "localhost"],
    "SESSION_COOKIE_NAME": "cserq_session",
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Strict",
    "WTF_CSRF_TIME_LIMIT": None,  # the token lives as long as the session; idle cases expire
    "WTF_CSRF_SSL_STRICT": False,  # served over plain HTTP on loopback
    # Every message a field can show is our own, translated by us; WTForms' catalogue is not used.
    "WTF_I18N_ENABLED": False,
}

babel = Babel()
csrf = CSRFProtect()


@dataclass(frozen=True)
class Services:
    """What the views share for the life of the process."""

    questionnaires: Mapping[str, Questionnaire]
    pages: Mapping[str, tuple[Page, ...]]
    """Each questionnaire's pages, in order, with their form classes."""
    store: CaseStore
    note_settings: NoteSettings
    contacts: tuple[Contact, ...]
    languages: tuple[str, ...]
    """The languages offered, English first."""


def services() -> Services:
    return current_app.extensions["cserq"]  # type: ignore[no-any-return]


def build_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    from cserq.web import errors, i18n, security, views

    app = Flask("cserq")
    app.config.from_mapping(DEFAULTS)
    app.config.from_prefixed_env("CSERQ")
    if test_config:
        app.config.from_mapping(test_config)
    if not app.config.get("SECRET_KEY"):
        # A new key each start: restarting the app ends every case.
        app.config["SECRET_KEY"] = secrets.token_hex(32)

    questions_dir = app.config["QUESTIONS_DIR"] or shipped_dir("questions")
    contacts_file = app.config["CONTACTS_FILE"]
    contacts = load_contacts(Path(contacts_file)) if contacts_file else ()
    languages = offered_languages(app.config["LANGUAGES"] or "")
    questionnaires = load_folder(questions_dir)
    missing = [p for q in questionnaires.values() for p in translation_problems(q, languages)]
    if missing:
        raise QuestionnaireError(missing)
    app.extensions["cserq"] = Services(
        questionnaires=questionnaires,
        pages={qid: build_pages(q) for qid, q in questionnaires.items()},
        store=CaseStore(
            idle_timeout=float(app.config["IDLE_TIMEOUT_MINUTES"]) * 60,
            max_cases=int(app.config["MAX_CASES"]),
        ),
        note_settings=NoteSettings(
            marking=str(app.config["MARKING"]),
            marking_cy=app.config["MARKING_CY"],
            contacts=contacts,
        ),
        languages=languages,
        contacts=contacts,
    )

    app.jinja_env.undefined = StrictUndefined
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.jinja_env.add_extension("jinja2.ext.do")
    babel.init_app(
        app,
        locale_selector=i18n.select_language,
        default_translation_directories=str(shipped_dir("translations")),
    )
    csrf.init_app(app)
    i18n.init_app(app)
    security.init_app(app)
    errors.init_app(app)
    app.register_blueprint(views.bp)
    return app
