"""The Flask app factory: settings, the loaded questionnaires, the case store, and the glue."""

from __future__ import annotations

import threading
from collections.abc import Mapping
from functools import cached_property
from typing import Any

from flask import Flask
from flask.templating import Environment as FlaskEnvironment
from flask_babel import Babel
from jinja2 import Environment, StrictUndefined
from jinja2.ext import Extension

from cserq.base.paths import shipped_dir
from cserq.case.store import (
    CaseStore,
    MemoryStore,
    StoreUnreachable,
    StoreUnsafe,
    store_trouble,
)
from cserq.note.settings import NoteSettings
from cserq.note.workers import STARTING_SECONDS, shared_workers
from cserq.questionnaire.folder import load_folder
from cserq.questionnaire.model import Questionnaire
from cserq.settings.contacts import load_contacts
from cserq.settings.options import KNOWN, MEMORY, SettingError, Settings, redacted
from cserq.settings.sources import configured
from cserq.web import (
    case_bar,
    cases,
    current,
    errors,
    i18n,
    note,
    outcome,
    questions,
    security,
    urls,
)
from cserq.web.forms import build_pages
from cserq.web.services import Services
from cserq.web.session import KeptSerializerSession

# Flask's own settings. The app's settings (cserq.settings.options) are read and checked separately.
FLASK_SETTINGS: Mapping[str, Any] = {
    "MAX_CONTENT_LENGTH": 128 * 1024,  # a whole page of answers is a few kilobytes
    "MAX_FORM_MEMORY_SIZE": 64 * 1024,
    "SESSION_COOKIE_NAME": "cserq_session",
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Strict",
    "WTF_CSRF_TIME_LIMIT": None,  # the token lives as long as the session; idle cases expire
    "WTF_CSRF_SSL_STRICT": False,  # served over plain HTTP on loopback
    # The templates never change while the app runs (they are fixed once it is built): so
    # Flask's debug switch (`flask run`, `app.run(debug=True)`) leaves them alone.
    "TEMPLATES_AUTO_RELOAD": False,
    # Every message a field can show is our own, translated by us; WTForms' catalogue is not used.
    "WTF_I18N_ENABLED": False,
}


class Templates(FlaskEnvironment):
    """Flask's template environment, which refuses any change once the app is built
    (:meth:`seal`). Each language's templates are an overlay of it, made then, and Jinja's
    overlay copies its settings as they are: a setting changed later would reach one language's
    pages and not another's, so it is refused, with a message that says so."""

    def seal(self) -> None:
        # The environment itself, not a flag: an overlay made later copies this, and is not
        # the environment it names, so it is made and set up as any other.
        self.__dict__["_sealed"] = self

    def _fixed(self) -> bool:
        return self.__dict__.get("_sealed") is self

    def __setattr__(self, name: str, value: object) -> None:
        if self._fixed():
            raise TypeError(f"the templates are set up when the app is built: {name} is fixed")
        super().__setattr__(name, value)

    def add_extension(self, extension: str | type[Extension]) -> None:
        if self._fixed():
            raise TypeError("the templates are set up when the app is built: no extension now")
        super().add_extension(extension)


class App(Flask):
    """Flask, with its templates compiled once for each language: a page is rendered by the
    templates of its reader's language, with their fixed texts written in
    (:func:`cserq.web.i18n.page_environment`)."""

    jinja_environment = Templates

    @property
    def jinja_env(self) -> Environment:  # type: ignore[override]
        return i18n.page_environment(self._templates)

    @cached_property
    def _templates(self) -> Environment:
        """Flask's own environment, as every other Flask app has it."""
        return self.create_jinja_environment()


babel = Babel()
csrf = security.KeptTokenCSRF()


def case_store(settings: Settings, questionnaires: Mapping[str, Questionnaire]) -> CaseStore:
    """The store the settings choose: this process's memory, or a Redis shared by several.

    Raises :class:`SettingError` if the Redis cannot be reached or would keep answers on disk.
    """
    timeout, limit = settings.idle_timeout_seconds, settings.max_cases
    if settings.store == MEMORY:
        return MemoryStore(idle_timeout=timeout, max_cases=limit)
    try:
        from cserq.case.redis_store import RedisStore, connect
    except ImportError:
        need = "a shared store needs the central extra: pip install 'cserq[central]'"
        raise SettingError("STORE", redacted(settings.store), need) from None
    try:
        client = connect(settings.store)
        return RedisStore(
            client,
            secret=settings.secret_key,
            questionnaires=questionnaires,
            idle_timeout=timeout,
            max_cases=limit,
            # As long as a note can take: waiting for a worker, starting it, then making it.
            note_lock_seconds=2 * settings.note_seconds + STARTING_SECONDS,
        )
    except (StoreUnreachable, StoreUnsafe) as problem:
        raise SettingError("STORE", redacted(settings.store), str(problem)) from None
    except Exception as error:  # the client's own, while checking: its kind only
        if not store_trouble(error):
            raise
        said = f"the store could not be checked ({type(error).__name__})"
        raise SettingError("STORE", redacted(settings.store), said) from None


def build_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """The app, with the ``CSERQ_*`` settings of the environment and then ``test_config``.

    Raises :class:`SettingError` for a bad setting and :class:`FileProblems` for a
    questionnaire the app cannot offer; each message is a line for the person starting it.
    """
    test_config = test_config or {}
    settings = configured(overrides={k: v for k, v in test_config.items() if k in KNOWN})
    app = App("cserq")
    app.config.from_mapping(FLASK_SETTINGS)
    app.config.from_mapping({k: v for k, v in test_config.items() if k not in KNOWN})
    app.config["SECRET_KEY"] = settings.secret_key
    # Only these names reach the app, so a page elsewhere whose name is made to point at this
    # computer (DNS rebinding) cannot use it. `cserq serve --host` adds its address.
    app.config["TRUSTED_HOSTS"] = list(settings.trusted_hosts)

    contacts = load_contacts(settings.contacts_file) if settings.contacts_file else ()
    questionnaires = load_folder(
        settings.questions_dir or shipped_dir("questions"), settings.languages
    )
    app.extensions["cserq"] = Services(
        settings=settings,
        questionnaires=questionnaires,
        pages={qid: build_pages(q) for qid, q in questionnaires.items()},
        store=case_store(settings, questionnaires),
        note_settings=NoteSettings(
            marking=settings.marking, marking_cy=settings.marking_cy, contacts=contacts
        ),
        note_workers=shared_workers(settings.note_workers, settings.note_seconds),
        note_requests=threading.BoundedSemaphore(app.config.get("NOTE_REQUESTS", 2)),
        languages=settings.languages,
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
    app.session_interface = KeptSerializerSession()
    csrf.init_app(app)
    i18n.init_app(app)
    security.init_app(app)
    urls.init_app(app)
    case_bar.init_app(app)
    errors.init_app(app)
    app.context_processor(current.defaults)
    for blueprint in (cases.bp, questions.bp, outcome.bp, note.bp):
        app.register_blueprint(blueprint)
    # Last: each language's templates copy the settings above, which are fixed from now on.
    templates = app.jinja_env
    i18n.fold_texts(app, templates, settings.languages)
    for environment in (templates, *i18n.folded_environments(templates)):
        environment.seal()  # type: ignore[attr-defined]
    return app
