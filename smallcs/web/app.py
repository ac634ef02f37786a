"""The survey server's Flask app: database per request, security headers, friendly errors."""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import os
import secrets
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import peewee
from flask import Flask, Response, request
from werkzeug.exceptions import HTTPException

from smallcs import settings
from smallcs.models import database
from smallcs.pg_survey_role import open_for_survey_server
from smallcs.settings import BusinessProfile
from smallcs.surveys.ratelimit import RateLimiter, poster_limiter
from smallcs.surveys.signing import form_secret
from smallcs.surveys.wordings import SUPPORTED_LANGUAGES
from smallcs.web import pages
from smallcs.web.fast import FastRoutes

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

log = logging.getLogger(__name__)

# A 2,000-character comment of emoji or CJK is 18-24 KB once URL-encoded,
# so the limit sits just above what the form can legitimately send.
MAX_CONTENT_LENGTH = 32 * 1024
EXTENSION = "smallcs_survey"

_STATUS_PAGES = {
    404: "page_not_found",
    405: "page_not_found",
    413: "too_large",
}


class ProfileCache:
    """The shop's profile, read again at most every ``TTL`` seconds.

    Every survey page shows the shop's name and colour; reading them on each
    visit was a third of the page's queries. A change in Settings reaches the
    phones within a few seconds. Threads may race to refill it: harmless.
    """

    TTL = 5.0

    def __init__(self) -> None:
        self._profile: BusinessProfile | None = None
        self._read_at = 0.0

    def get(self) -> BusinessProfile:
        now = time.monotonic()
        if self._profile is None or now - self._read_at > self.TTL:
            self._profile, self._read_at = settings.get_profile(), now
        return self._profile


@dataclasses.dataclass(frozen=True)
class SurveyAppState:
    """What the views need beyond the database: the form secret, the poster limiter, the profile
    and the rendered pages."""

    secret: bytes
    limiter: RateLimiter
    profile: ProfileCache = dataclasses.field(default_factory=ProfileCache)
    page_cache: pages.PageCache = dataclasses.field(default_factory=pages.PageCache)


def _sqlite_path(target: str) -> Path | None:
    """The file a target names when it is SQLite (as ``open_database`` reads it)."""
    if "://" not in target:
        return Path(target).expanduser()
    scheme, rest = target.split("://", 1)
    if scheme.lower() == "sqlite":
        return Path(rest.removeprefix("/"))
    return None


def _already_bound(target: str) -> bool:
    """True when the models are bound to this very SQLite file (the desktop app's toggle)."""
    current = database.obj
    path = _sqlite_path(target)
    if not isinstance(current, peewee.SqliteDatabase) or path is None:
        return False
    return Path(current.database).resolve() == path.resolve()


def _bind(db_target: str) -> bool:
    """Bind the models to the database; True when it was opened here (not shared).

    A restricted PostgreSQL account (``smallcs db survey-role``) never migrates:
    the server refuses to start with a clear message instead.
    """
    if _already_bound(db_target):
        return False
    open_for_survey_server(db_target)
    return True


# A kept server connection idle longer than this is checked before use: after
# the database server restarts, it is dead without knowing it yet.
_CHECK_IDLE_AFTER = 1.0
_thread_state = threading.local()


def _check_idle_connection() -> None:
    """Before a request: close a kept server connection that no longer answers."""
    db = database.obj
    if db is None or db.is_closed() or isinstance(db, peewee.SqliteDatabase):
        return
    if time.monotonic() - getattr(_thread_state, "released_at", 0.0) < _CHECK_IDLE_AFTER:
        return
    try:
        db.execute_sql("SELECT 1")
    except peewee.PeeweeException:
        log.info("a kept database connection no longer answers; opening a new one")
        with contextlib.suppress(peewee.PeeweeException):
            db.close()


def _open_connection() -> None:
    """Before a request: this thread's kept connection, checked, or a new one."""
    _check_idle_connection()
    database.connect(reuse_if_open=True)


def _release_connection() -> None:
    """After a request: keep the thread's connection for its next request, unless it is broken.

    Opening a SQLite connection and setting its pragmas, then closing it, cost
    as much as storing the answer; opening a PostgreSQL one (a new server
    process each time) cost several times more. Waitress serves from a fixed
    set of threads, so each keeps its own. Kept SQLite connections also keep
    the WAL file in place (closing the last one checkpoints and deletes it, an
    fsync each time). A connection left inside a transaction by a failed
    request is rolled back; a server connection that broke (the server
    restarted, the network dropped) is closed, and the next request opens a new one.
    """
    db = database.obj
    if db is None or db.is_closed():
        return
    try:
        if db.in_transaction():
            db.rollback()
    except peewee.PeeweeException:
        log.warning("could not roll back a failed request's transaction", exc_info=True)
        with contextlib.suppress(peewee.PeeweeException):
            db.close()
        return
    if isinstance(db, peewee.SqliteDatabase):
        return
    connection = db.connection()
    if getattr(connection, "broken", False) or getattr(connection, "closed", False):
        db.close()
    _thread_state.released_at = time.monotonic()


# Headers every answer carries, pages and errors alike (the CSP is added per request).
_SECURITY_HEADERS: tuple[tuple[str, str], ...] = (
    ("Referrer-Policy", "no-referrer"),
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    ("Cache-Control", "no-store"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
    ("Cross-Origin-Resource-Policy", "same-origin"),
    ("Permissions-Policy", "camera=(), microphone=(), geolocation=()"),
)
_SET_HERE = frozenset(name.lower() for name, _value in _SECURITY_HEADERS) | {
    "content-security-policy"}


def with_security_headers(wsgi_app: WSGIApplication) -> WSGIApplication:
    """Wrap a WSGI app so every response carries the security headers and a fresh CSP nonce.

    The nonce is made here, before the app runs, and handed to the pages in the
    WSGI environ (``pages.CSP_NONCE``). Adding the headers to the list given to
    ``start_response`` reaches every answer, Flask's own errors included, and
    costs a fraction of setting them one by one on each response object.
    """
    def app(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        nonce = secrets.token_urlsafe(16)
        environ[pages.CSP_NONCE] = nonce
        csp = (f"default-src 'none'; style-src 'nonce-{nonce}'; form-action 'self';"
               " base-uri 'none'; frame-ancestors 'none'")

        def start(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            headers = [h for h in headers if h[0].lower() not in _SET_HERE]
            headers.append(("Content-Security-Policy", csp))
            headers.extend(_SECURITY_HEADERS)
            return start_response(status, headers, exc_info)

        return wsgi_app(environ, start)

    return app


class SurveyFlask(Flask):
    """Flask, asking once per function whether it must be run as a coroutine.

    Flask asks ``inspect.iscoroutinefunction`` for every hook, view and error
    handler of every request: some 2 % of a survey visit's CPU. The answer
    never changes for a function, so it is kept.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._sync_functions: dict[Callable[..., Any], Callable[..., Any]] = {}

    def ensure_sync(self, func: Callable[..., Any]) -> Callable[..., Any]:
        sync = self._sync_functions.get(func)
        if sync is None:
            sync = super().ensure_sync(func)
            if len(self._sync_functions) < 256:  # the app's own few functions
                self._sync_functions[func] = sync
        return sync


def _http_error(error: HTTPException) -> Response | HTTPException:
    code = error.code or 500
    key = _STATUS_PAGES.get(code)
    if key is None:
        return error
    token = (request.view_args or {}).get("token")
    back = f"/s/{token}" if code == 413 and isinstance(token, str) else None
    return pages.message_page(key, status=code, languages=list(SUPPORTED_LANGUAGES), back=back)


def _server_error(error: Exception) -> Response:
    log.error("survey page %s %s failed", request.method, request.endpoint, exc_info=error)
    return pages.message_page("server_error", status=500, languages=list(SUPPORTED_LANGUAGES))


def create_app(
    *,
    db_target: str,
    secret_key: bytes | None = None,
    limiter: RateLimiter | None = None,
) -> Flask:
    """The survey server's WSGI app over the shop's database.

    Args:
        db_target: the database path or URL (as ``--db``); opened (and migrated,
            when its account may) once here unless the models are bound to this file already.
        secret_key: signs the forms' nonces; by default the shop's stored
            secret, so every server on the database accepts each other's forms.
        limiter: rate limiter for poster codes (the process-wide one by default).

    Raises:
        DatabaseError: the database cannot be opened.
    """
    opened_here = _bind(db_target)
    if secret_key is None:
        secret_key = form_secret()
    if opened_here and not isinstance(database.obj, peewee.SqliteDatabase):
        # Requests open their own connections; this thread needs none.
        database.close()
    app = SurveyFlask("smallcs.web", static_folder=None)
    app.config.update(
        MAX_CONTENT_LENGTH=MAX_CONTENT_LENGTH,
        MAX_FORM_PARTS=64,
        DEBUG=False,
        TESTING=False,
        PROPAGATE_EXCEPTIONS=False,
        TRAP_HTTP_EXCEPTIONS=False,
        SECRET_KEY=None,
        SMALLCS_DB=os.fspath(db_target),
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.extensions[EXTENSION] = SurveyAppState(
        secret=secret_key, limiter=limiter if limiter is not None else poster_limiter
    )

    state: SurveyAppState = app.extensions[EXTENSION]

    app.before_request(_open_connection)

    @app.teardown_request
    def _end_request(exc: BaseException | None) -> None:
        _release_connection()

    fast_routes = FastRoutes(app.wsgi_app, state, max_body=MAX_CONTENT_LENGTH,
                             open_connection=_open_connection, release_connection=_release_connection)
    app.wsgi_app = with_security_headers(fast_routes)  # type: ignore[method-assign]
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _server_error)
    app.register_blueprint(pages.blueprint)
    return app
