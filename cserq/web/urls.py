"""The addresses the pages name: the app's own files, which the layout names on every page, and
a case's pages, which every page of a case names several times.

``url_for`` matches the rule afresh each time (about 0.05 ms): a static file's address depends
only on the app and the path it is served under (``SCRIPT_NAME``), so it is built once for
each; a case page's address is built once with a mark in place of the case's id, which is put
in for each case (:func:`case_url`).
"""

from __future__ import annotations

import re
from typing import Any

from flask import Flask, current_app, request, url_for

_STATIC_URLS = "cserq_static_urls"
_CASE_URLS = "cserq_case_urls"

# The path may come from a proxy's header: a few are kept, and any more are built each time.
_MOST_KEPT = 64
# Each page of each questionnaire, its links and the ways back to it, for each such path.
_MOST_KEPT_FOR_CASES = 1024

# What stands for a case's id in a kept address: "~" is never in an id, a page's name or a
# path of the app, and no address quotes it.
_CASE_MARK = "~case~"
_CASE_ID = re.compile(r"[A-Za-z0-9_-]+")  # as cserq.case.store.new_case_id makes them


def static_url(filename: str) -> str:
    """``url_for("static", filename=...)``, kept per app and per path the app is served under."""
    known: dict[tuple[str, str], str] = current_app.extensions[_STATIC_URLS]
    key = (request.script_root, filename)
    found = known.get(key)
    if found is None:
        found = url_for("static", filename=filename)
        if len(known) < _MOST_KEPT:
            known[key] = found
    return found


def case_url(case_id: str, endpoint: str, /, **values: Any) -> str:
    """``url_for(endpoint, **values)`` for an address about the case ``case_id``, which may be
    in any of the values (its own ``case_id``, or a path to come back to). The address is built
    once with a mark in place of the id, and kept without it, for each endpoint, the values so
    marked and the path the app is served under; the id is put in where the mark is. An id,
    value or path that could not be marked safely (one with a "~", which could make a mark
    where the id is put in) is built by ``url_for`` as it is."""
    if (
        not _CASE_ID.fullmatch(case_id)
        or "~" in request.script_root
        or not all(isinstance(value, str) and "~" not in value for value in values.values())
    ):
        return url_for(endpoint, **values)
    marked = tuple((name, value.replace(case_id, _CASE_MARK)) for name, value in values.items())
    known: dict[tuple[object, ...], str] = current_app.extensions[_CASE_URLS]
    key = (request.script_root, endpoint, marked)
    found = known.get(key)
    if found is None:
        found = url_for(endpoint, **dict(marked))
        if len(known) < _MOST_KEPT_FOR_CASES:
            known[key] = found
    return found.replace(_CASE_MARK, case_id)


def init_app(app: Flask) -> None:
    app.extensions[_STATIC_URLS] = {}
    app.extensions[_CASE_URLS] = {}
    app.jinja_env.globals["static_url"] = static_url
    app.jinja_env.globals["case_url"] = case_url
