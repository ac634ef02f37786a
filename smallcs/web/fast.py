"""The two requests every customer makes, answered without Flask's machinery when nothing is unusual.

Opening a card's page and sending its answer are nearly all of the survey
server's traffic. Flask's own work for a request (contexts, URL matching,
hooks, the response object) cost as much CPU as everything SmallCS does for
it, and kept the server at about half the answers a second of a bare WSGI app
(issue #5, docs/benchmarks.md). ``FastRoutes`` sits in front of the Flask app
and answers, with the very functions the Flask views use:

- ``GET /s/<token>`` of an open card, without a query, when its survey's page
  is held in the page cache: the same page ``pages.show`` sends;
- ``POST /s/<token>`` of a form this page sent for an open single-use card
  (right content type and size, our nonce in time, readable scores, an answer
  the survey takes) that is then recorded: the same 303 ``pages.submit`` sends.
  A press of the language switcher, which sends the form to be shown again, is Flask's.

Everything else goes to Flask unchanged: other paths and methods, a query
(other than the form's own ``?lang=``), a prefix (``SCRIPT_NAME``), poster
cards (rate limits), every refusal and error page, a page not yet rendered.
Nothing is written before the hand-over, so Flask decides as if it had had
the request from the start; the body already read is handed on with it. The
one exception is an answer that found its card answered first: nothing was
stored, and Flask, reading the card again, shows "already answered" as it
would have. An unexpected error hands the request to Flask too, which logs it
and shows the error page if it happens again there.
"""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from werkzeug.http import HTTP_STATUS_CODES

from smallcs.errors import ValidationError
from smallcs.models.enums import CardKind
from smallcs.surveys.cards import CardLookup, CardState, look_up_card, plausible_token
from smallcs.surveys.responses import ResponseOutcome, answer_card
from smallcs.surveys.signing import make_nonce
from smallcs.web import pages
from smallcs.web.forms import BadForm, parse_body

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

    from smallcs.web.app import SurveyAppState

log = logging.getLogger(__name__)

_PREFIX = "/s/"
_OK = f"200 {HTTP_STATUS_CODES[200].upper()}"  # as werkzeug writes status lines
_SEE_OTHER = f"303 {HTTP_STATUS_CODES[303].upper()}"
# The form's action carries the page's language; any other query goes to Flask.
_FORM_QUERY = re.compile(r"^(?:lang=([a-z]{2}))?$")


class FastRoutes:
    """WSGI middleware answering the survey page and its answer directly (see the module's docstring)."""

    def __init__(
        self, flask_app: WSGIApplication, state: SurveyAppState, *, max_body: int,
        open_connection: Callable[[], None], release_connection: Callable[[], None],
    ) -> None:
        self._flask = flask_app
        self._state = state
        self._max_body = max_body
        self._open_connection = open_connection
        self._release_connection = release_connection

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        method = environ["REQUEST_METHOD"]
        path: str = environ.get("PATH_INFO", "")
        token = path[len(_PREFIX):]
        if (method not in ("GET", "POST") or not path.startswith(_PREFIX)
                or environ.get("SCRIPT_NAME") or not plausible_token(token)):
            return self._flask(environ, start_response)
        answer: tuple[str, list[tuple[str, str]], bytes] | None = None
        try:
            self._open_connection()
            answer = self._show(environ, token) if method == "GET" else self._submit(environ, token)
        except Exception:
            log.warning("survey %s fast path failed; Flask takes the request", method, exc_info=True)
        finally:
            self._release_connection()
        if answer is None:
            return self._flask(environ, start_response)
        status, headers, body = answer
        start_response(status, headers)
        return [body]

    def _show(self, environ: WSGIEnvironment, token: str) -> tuple[str, list[tuple[str, str]], bytes] | None:
        if environ.get("QUERY_STRING"):
            return None
        found = look_up_card(token)
        if found.state != CardState.OPEN:
            return None
        lang = pages.choose_language(found.languages, None, found.printed_language,
                                     environ.get("HTTP_ACCEPT_LANGUAGE"))
        cache = self._state.page_cache
        held = cache.peek(pages.form_page_key(found, lang=lang, profile=self._state.profile.get(),
                                              script_root=""))
        if held is None:
            return None
        html = cache.fill(held, csp_nonce=environ[pages.CSP_NONCE], token=token,
                          nonce=make_nonce(self._state.secret, token))
        return _page(html, lang)

    def _submit(self, environ: WSGIEnvironment, token: str) -> tuple[str, list[tuple[str, str]], bytes] | None:
        query = _FORM_QUERY.match(environ.get("QUERY_STRING", ""))
        body = self._body(environ)
        if query is None or body is None:
            return None
        found = look_up_card(token)
        if not _open_single_use(found):
            return None
        assert found.card is not None and found.survey is not None
        try:
            submission = parse_body(body)
        except BadForm:
            return None
        if submission.language_switch or pages.refusal(
                token, submission, secret=self._state.secret,
                fetch_site=environ.get("HTTP_SEC_FETCH_SITE")) is not None:
            return None
        lang = pages.choose_language(found.languages, submission.raw.get("lang") or query.group(1),
                                     found.printed_language, environ.get("HTTP_ACCEPT_LANGUAGE"))
        try:
            outcome = answer_card(
                found.card, found.survey, csat=submission.scores["csat"], nps=submission.scores["nps"],
                ces=submission.scores["ces"], comment=submission.comment,
                contact_requested=pages.contact_requested(found, submission), language=lang,
                client_key=environ.get("REMOTE_ADDR") or "", limiter=self._state.limiter,
            )
        except ValidationError:
            return None
        if outcome != ResponseOutcome.RECORDED:
            return None
        return _SEE_OTHER, [("Content-Type", pages.HTML_TYPE), ("Location", pages.thanks_path("", token, lang)),
                            ("Content-Length", "0")], b""

    def _body(self, environ: WSGIEnvironment) -> bytes | None:
        """A form body of a declared size within the limit, read and put back for Flask; else None."""
        mimetype = environ.get("CONTENT_TYPE", "").split(";", 1)[0].strip().lower()
        length: str = environ.get("CONTENT_LENGTH") or ""
        if (mimetype != pages.FORM_TYPE or not length.isdigit() or int(length) > self._max_body
                or "HTTP_TRANSFER_ENCODING" in environ):
            return None
        body: bytes = environ["wsgi.input"].read(int(length))
        environ["wsgi.input"] = io.BytesIO(body)
        return body


def _open_single_use(found: CardLookup) -> bool:
    """An open single-use card: poster cards' rate limits are left to the Flask views."""
    return found.state == CardState.OPEN and found.card is not None and found.card.kind == CardKind.SINGLE


def _page(html: str, lang: str) -> tuple[str, list[tuple[str, str]], bytes]:
    """A 200 page with the headers ``pages._respond`` gives it."""
    body = html.encode()
    return _OK, [("Content-Type", pages.HTML_TYPE), ("Content-Language", lang),
                 ("Vary", "Accept-Language"), ("Content-Length", str(len(body)))], body

