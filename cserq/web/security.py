"""Headers that keep answers out of caches and the page away from other sites, a refusal of
files, which no form takes, and the session's signed CSRF token kept between its pages (and
let through on a form without its signature being checked again)."""

from __future__ import annotations

import hmac
import threading

from flask import Flask, Response, abort, current_app, g, request, session
from flask_wtf.csrf import CSRFProtect

KEPT_TOKENS = 10_000
"""Signed CSRF tokens kept, one for each session that asked for one (about 150 bytes each)."""

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "base-uri 'none'",
        "object-src 'none'",
        "frame-ancestors 'none'",
    ]
)


class SignedTokens:
    """The signed form of each session's CSRF token, made once rather than for every page.

    Flask-WTF signs the session's token afresh for each request that shows a form (a fresh
    serialiser, a derived key, an HMAC: a twentieth of a question page). Its timestamp is never
    read (``WTF_CSRF_TIME_LIMIT`` is None: the token lives as long as the session), so the one
    signed first is as good as any, and Flask-WTF uses the one it finds for the request in
    ``g``. Kept by the secret too, so a new secret signs afresh.
    """

    def __init__(self, limit: int = KEPT_TOKENS) -> None:
        self.limit = limit
        self._signed: dict[tuple[object, str], str] = {}
        self._lock = threading.Lock()

    def _key(self) -> tuple[object, str] | None:
        raw = session.get(_field_name())
        if not isinstance(raw, str):
            return None
        return (current_app.config.get("WTF_CSRF_SECRET_KEY") or current_app.secret_key, raw)

    def offer(self) -> None:
        """Before a request: the session's token as signed before, for Flask-WTF to use."""
        key = self._key()
        signed = self._signed.get(key) if key is not None else None
        if signed is not None:
            setattr(g, _field_name(), signed)

    def given(self, posted: object) -> bool:
        """Whether ``posted`` is, byte for byte, the signed token kept for this session's token
        under the current key: the very one the session's pages carry."""
        key = self._key()
        signed = self._signed.get(key) if key is not None else None
        if not isinstance(posted, str) or signed is None:
            return False
        # As bytes: compare_digest refuses a text that is not ASCII, which a form can send.
        return hmac.compare_digest(posted.encode("utf-8", "surrogatepass"), signed.encode())

    def keep(self) -> None:
        """After a request: the token Flask-WTF signed for it, if it signed one."""
        signed = g.get(_field_name())
        key = self._key() if isinstance(signed, str) else None
        if key is not None and key not in self._signed:
            with self._lock:
                if len(self._signed) >= self.limit:
                    self._signed.clear()  # rare: signing afresh is only slower
                self._signed[key] = signed


class KeptTokenCSRF(CSRFProtect):
    """Flask-WTF's CSRF check, letting through without checking its signature again a form
    whose token is, byte for byte, the one kept for its session (:class:`SignedTokens`): one
    that Flask-WTF signed for that session's token under the current key, as the check would
    find. Any other token, one sent in a header, and every token when tokens expire
    (``WTF_CSRF_TIME_LIMIT``) or the referrer is checked (``WTF_CSRF_SSL_STRICT`` over HTTPS),
    is checked by Flask-WTF as before; a token that fails says so as before."""

    def protect(self, apply_exemptions: bool = False) -> None:
        config = current_app.config
        tokens: SignedTokens | None = current_app.extensions.get("cserq_signed_tokens")
        if (
            tokens is not None
            and request.method in config["WTF_CSRF_METHODS"]
            and config.get("WTF_CSRF_TIME_LIMIT") is None
            and not (request.is_secure and config["WTF_CSRF_SSL_STRICT"])
            and tokens.given(request.form.get(_field_name()))
        ):
            g.csrf_valid = True  # as Flask-WTF marks a request it has checked
            return
        super().protect(apply_exemptions)


def _field_name() -> str:
    return current_app.config.get("WTF_CSRF_FIELD_NAME") or "csrf_token"


def init_app(app: Flask) -> None:
    tokens = SignedTokens()
    app.extensions["cserq_signed_tokens"] = tokens
    if app.config.get("WTF_CSRF_TIME_LIMIT") is None:  # else each page must sign its own
        app.before_request(tokens.offer)

    @app.before_request
    def no_files() -> None:
        # No form of the app takes a file: one sent in place of a text field is refused
        # plainly, never read as text.
        if request.method == "POST" and request.files:
            abort(400)

    @app.after_request
    def protect(response: Response) -> Response:
        # no-store: the browser keeps no copy of any page or note on disk.
        response.headers["Cache-Control"] = "no-store"
        response.headers["Pragma"] = "no-cache"
        response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
        if app.config.get("WTF_CSRF_TIME_LIMIT") is None:
            tokens.keep()
        return response
