"""Where a link may send the browser next: only to a page of this app, rebuilt from its route.

A ``next`` value arrives from a link or a form and so can be anything. Checking its text for
bad prefixes loses to the next trick (a tab or a newline that browsers strip, a backslash they
read as a slash, an encoded slash). Instead the value must name one of the app's own pages, and
the address sent back is built afresh from that page's route: it cannot say anything else.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from flask import current_app, url_for
from werkzeug.exceptions import HTTPException
from werkzeug.routing import RoutingException

# Longer than any address of the app; a longer value is not one of its pages.
LONGEST = 300
# The one query argument a page address carries: "came here from Check your answers".
KEPT_ARGS = {"return": "check"}
CASE_PAGES = frozenset({"cases", "questions", "outcome", "note"})
"""The blueprints whose pages a link may send the reader back to."""


def local_page(target: object, *, default: str, within: str | None = None) -> str:
    """``target`` as an address of one of the app's pages, or ``default`` if it is not one.

    ``within`` limits the pages to those whose address starts with it (one case's pages).
    """
    if not isinstance(target, str) or not target.isascii() or not target.isprintable():
        return default
    if len(target) > LONGEST or "\\" in target or not target.startswith("/"):
        return default
    try:
        parts = urlsplit(target)
    except ValueError:
        return default
    if parts.scheme or parts.netloc or parts.fragment:
        return default
    adapter = current_app.url_map.bind("localhost")
    try:
        endpoint, values = adapter.match(parts.path, method="GET")
    except (HTTPException, RoutingException):
        return default
    if endpoint.split(".")[0] not in CASE_PAGES or endpoint == "cases.language":
        return default
    query = parse_qs(parts.query)
    args = {**values, **{k: v for k, v in KEPT_ARGS.items() if query.get(k) == [v]}}
    rebuilt = url_for(endpoint, **args)
    if within is not None and not rebuilt.startswith(within):
        return default
    return rebuilt
