"""Which page comes next: plain Python over a case's pages, which the views call.

Nothing here calls Flask or reads the request: the pages are given to it. A page is finished
once it has been saved and every required question it shows has an answer; the outcome comes
only from a case with no unfinished page.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence, Set

from cserq.questionnaire.model import Answer
from cserq.web.forms import Page


def first_unfinished(
    pages: Sequence[Page], done: Set[str], answers: Mapping[str, Answer], shown: Set[str]
) -> Page | None:
    """The first page not yet saved, or with a required question shown but not answered."""
    for page in pages:
        if page.key not in done:
            return page
        for question in page.questions:
            if question.required and question.id in shown and question.id not in answers:
                return page
    return None


def page_after(pages: Sequence[Page], page: Page) -> Page | None:
    """The page that follows ``page``, or None after the last (Check your answers is next)."""
    index = pages.index(page)
    return pages[index + 1] if index + 1 < len(pages) else None


def page_before(pages: Sequence[Page], page: Page) -> Page | None:
    """The page before ``page``, or None on the first (the start page is before it)."""
    index = pages.index(page)
    return pages[index - 1] if index else None
