"""The blocks of a page's questions, drawn by their macros once for each language and choice
of answers, and kept for the life of the app.

Most of a page of questions is the same bytes for every case: each question, its hint and its
options, and a sign's folded note, in the reader's language. What differs from one case to the
next is which options are chosen, what was typed and any mistakes. A question's block that
shows only options chosen (nothing typed, no mistake) is drawn once by its macros and kept, by
questionnaire, language, question, whether it waits to be revealed, and the options chosen.
Anything typed is drawn afresh for its page and never kept, so no words of a case outlive it or
reach another case's page.

The details page ("About the child and you") is one block: kept while nothing shows in any of
its fields (as every case first meets it), drawn afresh once anything does.

A kept block must depend on nothing but its key: the questionnaire and the catalogues are fixed
for the life of the app, and no block says anything of the request; the details page's example
date of birth moves with the year, which is in its key.
"""

from __future__ import annotations

import datetime
import threading
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Generic, TypeVar

from flask import current_app, get_template_attribute
from flask.sansio.app import App
from markupsafe import Markup

from cserq.questionnaire.model import Question
from cserq.web.forms import note_name, source_name
from cserq.words.wording import Wording

KEPT_LIMIT = 5_000
"""At most this many blocks are kept (a block is 1 to 3 kB); past it, blocks are drawn afresh.
The shipped questionnaire, in English and Welsh, has about 2,100 blocks if every choice of
every answer and source is shown some day: the choices of its "multi" questions are a quarter."""

TYPED = object()
"""What a block is keyed by when something typed shows in it: it is drawn afresh, never kept."""

Key = tuple[object, ...]
T = TypeVar("T")


class Kept(Generic[T]):
    """What has been drawn so far in one app, by what it shows (see the module), up to a limit."""

    def __init__(self, limit: int = KEPT_LIMIT) -> None:
        self.limit = limit
        self._blocks: dict[Key, T] = {}
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._blocks)

    def block(self, key: Key, draw: Callable[[], T]) -> T:
        """The block kept under ``key``, drawing (and keeping) it the first time."""
        found = self._blocks.get(key)
        if found is None:
            found = draw()  # two threads may both draw it: the bytes are the same
            with self._lock:
                if len(self._blocks) < self.limit:
                    self._blocks[key] = found
        return found


KeptMarkup = Kept[Markup]
"""The blocks of questions drawn so far in one app."""


EXTENSION = "cserq.markup"


def init_app(app: App) -> None:
    app.extensions.setdefault(EXTENSION, KeptMarkup())


def kept_markup() -> KeptMarkup:
    return current_app.extensions[EXTENSION]  # type: ignore[no-any-return]


Reveal = tuple[str, tuple[str, ...]] | None
"""The question on the same page and the answers that reveal a question, if any."""


def saved_questions_markup(
    questions: Iterable[tuple[Question, str, Reveal]],
    values: Mapping[str, object],
    form: Callable[[], Any],
    words: Wording,
    labels: Callable[[], Mapping[str, Any]],
) -> Markup:
    """The blocks of a page's questions, each with its state ("shown" or "reveal") and what
    reveals it, showing the answers and notes in ``values`` (a case's, as saved) and no
    mistakes. ``form`` gives the page's form filled from ``values``, and ``labels`` the texts
    the macros repeat: both are asked for only when a block has to be drawn."""
    kept = kept_markup()
    block = _block_macro()
    where = (words.questionnaire.id, words.language)
    drawn = []
    for question, state, reveal in questions:

        def draw(
            question: Question = question, state: str = state, reveal: Reveal = reveal
        ) -> Markup:
            return block(question, state, reveal, form(), words, labels())

        key = (*where, question.id, state, *_shown_by(question, values))
        drawn.append(draw() if TYPED in key else kept.block(key, draw))
    return Markup("").join(drawn)


def details_markup(
    words: Wording, values: Mapping[str, object], draw: Callable[[], Markup]
) -> Markup:
    """The details page's fields, showing ``values`` (a case's, as saved): kept while every
    field is empty, as ``draw`` draws them; drawn afresh, never kept, once anything shows."""
    if not all(_empty(value) for value in values.values()):
        return draw()
    key = (words.questionnaire.id, words.language, DETAILS, datetime.date.today().year)
    return kept_markup().block(key, draw)


DETAILS = "details"


def _empty(value: object) -> bool:
    """A field that shows nothing: not answered, not ticked, nothing typed."""
    return value is None or value is False or (isinstance(value, str | list) and not value)


def posted_questions_markup(
    questions: Iterable[tuple[Question, str, Reveal]],
    form: Any,
    words: Wording,
    labels: Mapping[str, Any],
) -> Markup:
    """The blocks of a page's questions from a posted form, with its mistakes: drawn afresh,
    never kept."""
    block = _block_macro()
    return Markup("").join(
        block(question, state, reveal, form, words, labels) for question, state, reveal in questions
    )


def _block_macro() -> Callable[..., Markup]:
    return get_template_attribute(  # type: ignore[no-any-return]
        "components/question_block.html", "question_block"
    )


def _shown_by(question: Question, values: Mapping[str, object]) -> tuple[object, ...]:
    """What a question's block shows of the case: the options chosen for its answer (and, for
    a sign, where the information came from), or TYPED where something typed is shown."""
    shown = _chosen(question, values.get(question.id))
    if not question.is_sign:
        return (shown,)
    if values.get(note_name(question.id)):
        return (shown, TYPED)
    return (shown, values.get(source_name(question.id)))


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
