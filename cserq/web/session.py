"""The signed session cookie (the ids of the cases a browser owns, and its language), read with
one serialiser for each set of keys rather than one built for each request, and its signature
checked once for each cookie rather than on every page."""

from __future__ import annotations

import threading
import time

from flask import Flask, Request
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface
from itsdangerous import BadSignature, URLSafeTimedSerializer

KEPT_COOKIES = 10_000
"""Session cookies whose signature has been checked, kept (about 600 bytes each, the cookie
and what it says)."""


class KeptSerializerSession(SecureCookieSessionInterface):
    """Flask's own session cookie, signed and checked as Flask does, with two things kept.

    The serialiser, which holds nothing of any request, is kept while the keys stay the same:
    Flask builds it afresh for every request (about 0.1 ms, a tenth of what a question page
    costs beyond sending its bytes).

    And a cookie whose signature has been checked is not checked again, nor read again (a key
    derived and two HMACs on every page, and the payload decoded, though a browser sends the
    same cookie until the session changes).
    What is kept is the very text of the cookie that passed, by the keys it passed under, with
    the time it was signed and what it says (case ids, the language, the CSRF token and the
    app's own messages for the next page: never an answer). Only that text, byte for byte,
    under those keys, is let through unchecked, and its age is checked on every request as
    Flask checks it. A cookie that differs in one character, or comes after a change of key,
    is checked afresh; the session read from it is a copy made anew each time, so nothing one
    request changes reaches another.
    """

    def __init__(self, limit: int = KEPT_COOKIES) -> None:
        self._kept: tuple[tuple[object, ...], URLSafeTimedSerializer | None] | None = None
        self._signed_at: dict[tuple[tuple[object, ...], str], tuple[int, object]] = {}
        self._limit = limit
        self._lock = threading.Lock()

    def _keys(self, app: Flask) -> tuple[object, ...]:
        return (app.secret_key, *(app.config["SECRET_KEY_FALLBACKS"] or ()))

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        keys = self._keys(app)
        kept = self._kept
        if kept is None or kept[0] != keys:
            kept = self._kept = (keys, super().get_signing_serializer(app))
        return kept[1]

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        serializer = self.get_signing_serializer(app)
        if serializer is None:
            return None
        value = request.cookies.get(self.get_cookie_name(app))
        if not value:
            return self.session_class()
        max_age = int(app.permanent_session_lifetime.total_seconds())
        key = (self._keys(app), value)
        checked = self._signed_at.get(key)
        if checked is None:
            try:
                data, when = serializer.loads(value, max_age=max_age, return_timestamp=True)
            except BadSignature:  # expired too, as Flask reads it
                return self.session_class()
            with self._lock:
                if len(self._signed_at) >= self._limit:
                    self._signed_at.clear()  # rare: checking afresh is only slower
                self._signed_at[key] = (int(when.timestamp()), _thawed(data))
            return self.session_class(data)
        signed_at, data = checked
        # As itsdangerous checks a signature's age: in whole seconds, neither too old nor ahead.
        age = int(time.time()) - signed_at
        if age > max_age or age < 0:
            return self.session_class()
        # What the cookie says, read once: a copy of it, so that nothing a request changes in
        # its session reaches the kept reading or another request.
        return self.session_class(_thawed(data))  # type: ignore[arg-type]


def _thawed(value: object) -> object:
    """A copy of a session's value, each dict, list and tuple in it a new one (a tuple can hold
    a list): the rest (text, numbers, bytes and dates) is never changed."""
    if isinstance(value, dict):
        return {key: _thawed(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_thawed(item) for item in value]
    if isinstance(value, tuple):
        return tuple(_thawed(item) for item in value)
    return value
