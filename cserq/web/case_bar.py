"""The bar on every page of a case, drawn by its template once for each catalogue and kept as
a stencil: the same bytes, with each page's values put in their places.

The bar says when the answers will be cleared and offers to keep them longer or clear them now.
Its texts are the same on every page in a language; only the case's addresses, the page's own
path, the form's token and the times differ. Drawn by Jinja for every page, it was a sixth of a
question page's time; put together from the stencil, it costs a few string joins. The values
are escaped as Jinja escapes them, so the bytes are the same (tests/web/test_case_bar.py).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from flask import current_app, request
from flask_wtf.csrf import generate_csrf
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup, escape

from cserq.web.fragments import Kept
from cserq.web.i18n import page_translations
from cserq.web.urls import case_url

TEMPLATE = "components/case_bar.html"
VALUES = ("clear_url", "extend_url", "here", "csrf", "clears_at", "seconds_left",
          "timeout_seconds", "warning_seconds")  # fmt: skip
"""What the template is given for each page: everything in it but its texts."""
TIMES = VALUES[4:]

_MARK = "\x1a"
"""Stands either side of a value's name in the stencil: a control character no text or
template of ours contains, and one that escaping leaves as it is."""
_MARKED = re.compile(f"{_MARK}([a-z_]+){_MARK}")
_STENCILS = "cserq_case_bar"
_MOST_KEPT = 16  # a catalogue and a timeout each: two languages, one setting


class Stencil:
    """A template's output with its values cut out: the texts between them, and their names."""

    def __init__(self, drawn: str) -> None:
        pieces = _MARKED.split(drawn)
        self.texts = pieces[0::2]
        self.names = pieces[1::2]

    def fill(self, values: Mapping[str, object]) -> Markup:
        parts = [self.texts[0]]
        for name, text in zip(self.names, self.texts[1:], strict=True):
            parts += (escape(values[name]), text)
        return Markup("".join(parts))  # noqa: S704  # nosec B704 - our template, values escaped


def draw(values: Mapping[str, object], timeout_duration: str) -> Markup:
    """The bar as its template draws it, afresh."""
    template = current_app.jinja_env.get_template(TEMPLATE)
    return Markup(template.render(timeout_duration=timeout_duration, **values))  # noqa: S704  # nosec B704


def _stencil(timeout_duration: str) -> Stencil:
    def drawn() -> Stencil:
        # The template's texts in this catalogue, with a marked name for each value.
        marked = {name: Markup(f"{_MARK}{name}{_MARK}") for name in VALUES}  # noqa: S704  # nosec B704
        return Stencil(draw(marked, timeout_duration))

    kept: Kept[Stencil] = current_app.extensions[_STENCILS]
    return kept.block((page_translations(), timeout_duration), drawn)


def page_values(case_id: str, times: Mapping[str, object]) -> dict[str, object]:
    """The values of this page's bar: its case's addresses, the page, the token and ``times``
    (when the case clears, and when the page warns of it: see ``current.timeout``)."""
    return {
        "clear_url": case_url(case_id, "cases.clear", case_id=case_id, back=request.path),
        "extend_url": case_url(case_id, "cases.extend", case_id=case_id),
        "here": request.path,
        "csrf": generate_csrf(),
        **{name: times[name] for name in TIMES},
    }


@pass_context
def case_bar(context: Context) -> Markup:
    """The templates' ``case_bar()``: the bar of this page's case, from the stencil."""
    values = page_values(context["case"].id, {name: context[name] for name in TIMES})
    return _stencil(context["timeout_duration"]).fill(values)


def init_app(app: Any) -> None:
    app.extensions[_STENCILS] = Kept[Stencil](limit=_MOST_KEPT)
    app.jinja_env.globals["case_bar"] = case_bar
