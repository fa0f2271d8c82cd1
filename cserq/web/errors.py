"""Error pages in the reader's language: what happened and what to do, never a stack trace."""

from __future__ import annotations

from flask import Flask, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, SecurityError

from cserq.case.store import store_trouble
from cserq.web.i18n import select_language

MESSAGES = {
    400: (
        _l("Something in that request was not right"),
        _l(
            "The page could not use what was sent. Your saved answers are safe: go back,"
            " check the page and try again."
        ),
    ),
    403: (
        _l("This page is not available"),
        _l("This page cannot be opened from here."),
    ),
    404: (
        _l("Page not found"),
        _l("There is no page at this address. If you typed it, check it is right."),
    ),
    405: (
        _l("That did not work"),
        _l("This page cannot be used that way. Go back and use the buttons on the page."),
    ),
    413: (
        _l("Too much was sent"),
        _l(
            "What you sent is larger than this tool accepts. Your saved answers are safe: go"
            " back and shorten the longest text."
        ),
    ),
    500: (
        _l("Sorry, something went wrong"),
        _l(
            "The tool met a problem it could not handle. Your saved answers are safe: go back"
            " and try again. If it keeps happening, tell your IT or safeguarding lead."
        ),
    ),
}
STORE_MESSAGE = (
    _l("The answers cannot be reached just now"),
    _l(
        "The tool cannot reach the store that holds the answers. Wait a minute and try again."
        " If it keeps happening, tell your IT team."
    ),
)
CSRF_MESSAGE = (
    _l("This form could not be accepted"),
    _l(
        "The form was sent without the check that proves it came from this tool, perhaps because"
        " the tool was restarted. Your saved answers are safe: go back, reload the page and"
        " try again."
    ),
)


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError) -> tuple[str, int]:
        title, text = CSRF_MESSAGE
        return render_template("error.html", title=title, text=text), 400

    @app.errorhandler(SecurityError)
    def untrusted_host(error: SecurityError) -> tuple[str, int]:
        # No URL can be built for a host the app does not serve, so the page has no links.
        title, text = MESSAGES[400]
        page = render_template("bare_error.html", title=title, text=text, lang=select_language())
        return page, 400

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> tuple[str, int] | HTTPException:
        code = error.code or 500
        if error.response is not None:
            return error  # a page a view made for itself (e.g. an ended case)
        title, text = MESSAGES.get(code, MESSAGES[400 if code < 500 else 500])
        return render_template("error.html", title=title, text=text), code

    @app.errorhandler(Exception)
    def unexpected(error: Exception) -> tuple[str, int]:
        if store_trouble(error):
            # The store's own words may name its address, never a case: they are for the log.
            app.logger.error("The case store cannot be used: %s", type(error).__name__)
            title, text = STORE_MESSAGE
            return render_template("error.html", title=title, text=text), 503
        # The type and the page only: an exception's message or traceback could carry an
        # answer, and nothing about a child may reach a log.
        app.logger.error("Unhandled %s on %s", type(error).__name__, request.endpoint)
        title, text = MESSAGES[500]
        return render_template("error.html", title=title, text=text), 500
