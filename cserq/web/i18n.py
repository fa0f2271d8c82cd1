"""The reader's language: their explicit choice, else their browser's, else English."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from flask import Flask, request, session
from flask_babel import get_translations

from cserq.base.languages import DEFAULT_LANGUAGE, LANGUAGES
from cserq.questionnaire.model import Questionnaire
from cserq.web.services import services
from cserq.words.wording import Wording


def select_language() -> str:
    """The reader's choice (kept in the session), else their browser's, else English; only
    ever one of the languages offered."""
    offered = services().languages
    chosen = session.get("lang")
    if isinstance(chosen, str) and chosen in offered:
        return chosen
    return browser_language(request.accept_languages, offered)


def browser_language(accepted: Iterable[tuple[str, float]], offered: Sequence[str]) -> str:
    """The first offered language in the browser's order of preference, else English.

    The browser's list is already in order of preference (its q-values); a language tag matches
    on its first part, so ``cy-GB`` asks for Welsh. ``q=0`` means "not this one".
    """
    for tag, quality in accepted:
        primary = tag.split("-", 1)[0].strip().lower()
        if quality > 0 and primary in offered:
            return primary
    return DEFAULT_LANGUAGE


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
