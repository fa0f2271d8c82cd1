"""The reader's language: their explicit choice, else their browser's, else English."""

from __future__ import annotations

from flask import Flask, request, session
from flask_babel import get_translations

from cserq.language import DEFAULT_LANGUAGE, LANGUAGES
from cserq.questionnaire.model import Questionnaire
from cserq.wording import Wording


def select_language() -> str:
    chosen = session.get("lang")
    if isinstance(chosen, str) and chosen in LANGUAGES:
        return chosen
    return request.accept_languages.best_match(LANGUAGES.keys()) or DEFAULT_LANGUAGE


def wording(questionnaire: Questionnaire) -> Wording:
    """The questionnaire's texts in the reader's language."""
    return Wording(questionnaire, get_translations(), select_language())


def init_app(app: Flask) -> None:
    @app.context_processor
    def language() -> dict[str, object]:
        current = select_language()
        return {
            "lang": current,
            "other_languages": {code: name for code, name in LANGUAGES.items() if code != current},
        }
