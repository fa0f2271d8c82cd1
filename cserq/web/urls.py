"""The addresses of the app's own files, which the layout names on every page.

``url_for`` matches the rule afresh each time (about 0.05 ms); a static file's address depends
only on the app and the path it is served under (``SCRIPT_NAME``), so it is built once for each.
"""

from __future__ import annotations

from flask import Flask, current_app, request, url_for

_STATIC_URLS = "cserq_static_urls"

# The path may come from a proxy's header: a few are kept, and any more are built each time.
_MOST_KEPT = 64


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


def init_app(app: Flask) -> None:
    app.extensions[_STATIC_URLS] = {}
    app.jinja_env.globals["static_url"] = static_url
