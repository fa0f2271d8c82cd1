"""The reader's language: their explicit choice, else their browser's, else English."""

from __future__ import annotations

from flask import Flask, request, session
from flask_babel import get_translations

from cserq.language import DEFAULT_LANGUAGE, LANGUAGES
from cserq.questionnaire.model import Questionnaire
from cserq.web.app import services
from cserq.wording import Wording


def select_language() -> str:
    """The reader's choice (kept in the session), else their browser's, else English; only
    ever one of the languages offered."""
    offered = services().languages
    chosen = session.get("lang")
    if isinstance(chosen, str) and chosen in offered:
        return chosen
    return request.accept_languages.best_match(offered) or DEFAULT_LANGUAGE


def wording(questionnaire: Questionnaire) -> Wording:
    """The questionnaire's texts in the reader's language."""
    return Wording(questionnaire, get_translations(), select_language())


def init_app(app: Flask) -> None:
    @app.context_processor
    def language() -> dict[str, object]:
        current = select_language()
        return {
            "lang": current,
            "other_languages": {
                code: LANGUAGES[code] for code in services().languages if code != current
            },
        }
