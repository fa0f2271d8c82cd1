"""The markup of a page's questions, drawn by their macros once for each language and choice of
answers, and kept for the life of the app.

Most of a page of questions is the same bytes for every case: each question, its hint and its
options, and a sign's folded note, in the reader's language. What differs from one case to the
next is which options are chosen, what was typed and any mistakes. A question whose answer and
note hold only options chosen (nothing typed, no mistake) is drawn once by its macros and kept,
by questionnaire, language, question and the options chosen. Anything typed is drawn afresh for
its page and never kept, so no words of a case outlive it or reach another case's page.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from flask import current_app, get_template_attribute
from flask.sansio.app import App
from markupsafe import Markup

from cserq.questionnaire.model import Question
from cserq.web.forms import note_name, source_name
from cserq.words.wording import Wording

KEPT_LIMIT = 20_000
"""At most this many drawn parts are kept (a few megabytes); past it, parts are drawn afresh.
A questionnaire of 100 questions in two languages keeps about 2,000 (the choices of a "multi"
question are what could add up)."""

TYPED = object()
"""What a part is keyed by when something was typed in it: it is drawn afresh, never kept."""

Key = tuple[str, str, str, str, object]


class KeptMarkup:
    """The parts of questions drawn so far in one app, by what they show (see the module)."""

    def __init__(self, limit: int = KEPT_LIMIT) -> None:
        self.limit = limit
        self._parts: dict[Key, Markup] = {}
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._parts)

    def part(self, key: Key, draw: Callable[[], Markup]) -> Markup:
        """The part kept under ``key``, drawing (and keeping) it the first time."""
        found = self._parts.get(key)
        if found is None:
            found = draw()  # two threads may both draw it: the bytes are the same
            with self._lock:
                if len(self._parts) < self.limit:
                    self._parts[key] = found
        return found


EXTENSION = "cserq.markup"


def init_app(app: App) -> None:
    app.extensions.setdefault(EXTENSION, KeptMarkup())


def kept_markup() -> KeptMarkup:
    return current_app.extensions[EXTENSION]  # type: ignore[no-any-return]


def saved_question_markup(
    questions: Iterable[Question],
    values: Mapping[str, object],
    form: Callable[[], Any],
    words: Wording,
    labels: Callable[[], Mapping[str, Any]],
) -> dict[str, Markup]:
    """Each question's markup, showing the answers and notes in ``values`` (a case's, as saved)
    and no mistakes. ``form`` gives the page's form filled from ``values``, and ``labels`` the
    texts the macros repeat: both are asked for only when a part has to be drawn."""
    kept = kept_markup()
    answer, sign_note = _macros()
    where = (words.questionnaire.id, words.language)
    drawn = {}
    for question in questions:
        chosen = _chosen(question, values.get(question.id))

        def draw_answer(question: Question = question) -> Markup:
            return answer(question, form(), words, labels())

        markup = _kept_or_drawn(kept, (*where, question.id, "answer", chosen), draw_answer)
        if question.is_sign:
            source = values.get(source_name(question.id))
            typed = bool(values.get(note_name(question.id)))
            key = (*where, question.id, "note", TYPED if typed else source)

            def draw_note(question: Question = question) -> Markup:
                return sign_note(question, form(), labels())

            markup += _kept_or_drawn(kept, key, draw_note)
        drawn[question.id] = markup
    return drawn


def posted_question_markup(
    questions: Iterable[Question], form: Any, words: Wording, labels: Mapping[str, Any]
) -> dict[str, Markup]:
    """Each question's markup from a posted form, with its mistakes: drawn afresh, never kept."""
    answer, sign_note = _macros()
    drawn = {}
    for question in questions:
        markup = answer(question, form, words, labels)
        if question.is_sign:
            markup += sign_note(question, form, labels)
        drawn[question.id] = markup
    return drawn


def _macros() -> tuple[Callable[..., Markup], Callable[..., Markup]]:
    return (
        get_template_attribute("components/answer.html", "answer"),
        get_template_attribute("components/sign_note.html", "sign_note"),
    )


def _kept_or_drawn(kept: KeptMarkup, key: Key, draw: Callable[[], Markup]) -> Markup:
    return draw() if key[-1] is TYPED else kept.part(key, draw)


def _chosen(question: Question, value: object) -> object:
    """What a question's saved answer is kept by: the option or options chosen, or nothing
    chosen; TYPED for a number, date or text that was typed."""
    if value is None:
        return None
    if question.kind in ("yes_no_unknown", "choice") and isinstance(value, str):
        return value
    if question.kind == "multi" and isinstance(value, list | tuple):
        return tuple(str(code) for code in value)
    return TYPED
