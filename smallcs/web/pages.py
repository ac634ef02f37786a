"""The survey routes: the page (also reached by a poster's short code, typed by hand), its POST,
the thank-you page and a health check. Nothing else."""

from __future__ import annotations

import functools
import logging
import secrets
from collections.abc import Callable, Hashable, Sequence
from typing import TYPE_CHECKING, Any

from flask import (
    Blueprint,
    Response,
    current_app,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from werkzeug.datastructures import Headers
from werkzeug.wrappers import Response as BaseResponse

from smallcs.errors import ValidationError
from smallcs.models import database
from smallcs.models.enums import CardKind, Question
from smallcs.settings import BusinessProfile
from smallcs.surveys.cards import (
    CardLookup,
    CardState,
    look_up_card,
    poster_token,
    thank_you_in,
)
from smallcs.surveys.responses import SCALES, ResponseOutcome, answer_card
from smallcs.surveys.signing import check_nonce, make_nonce
from smallcs.surveys.wordings import (
    LANGUAGE_NAMES,
    SUPPORTED_LANGUAGES,
    pick_language,
    wordings,
)
from smallcs.web.forms import BadForm, Submission, parse_body
from smallcs.web.style import page_css, safe_colour

if TYPE_CHECKING:
    from _typeshed.wsgi import WSGIEnvironment

log = logging.getLogger(__name__)

blueprint = Blueprint("survey", __name__)

# Where the WSGI environ holds this request's CSP nonce (see ``app.with_security_headers``).
CSP_NONCE = "smallcs.csp_nonce"

FORM_TYPE = "application/x-www-form-urlencoded"
# The survey form's id: the switcher's language buttons, outside it at the top of the page,
# send it (``form=``), so a switch of language keeps what was ticked and typed.
ANSWER_FORM = "answer"
# Fetch metadata: a browser says where a POST comes from; "none" is typed or bookmarked.
_ALLOWED_FETCH_SITES = {"same-origin", "none"}
_ERROR_KEYS = {
    "csat": "error_csat",
    "nps": "error_nps",
    "ces": "error_ces",
    "comment": "error_comment",
    "answer": "error_empty",
}
# Errors about one answer, shown after "Please check your answers:"; the others say it all.
_ANSWER_ERRORS = frozenset({"csat", "nps", "ces", "comment"})
_STATE_PAGES = {
    CardState.UNKNOWN: ("not_found", 404),
    CardState.EXPIRED: ("expired", 410),
    CardState.ALREADY_ANSWERED: ("already_answered", 200),
}
_OUTCOME_STATES = {
    ResponseOutcome.UNKNOWN: CardState.UNKNOWN,
    ResponseOutcome.EXPIRED: CardState.EXPIRED,
    ResponseOutcome.ALREADY_ANSWERED: CardState.ALREADY_ANSWERED,
}


def _state() -> Any:
    return current_app.extensions["smallcs_survey"]


def _language(available: Sequence[str], requested: str | None = None, printed: str | None = None) -> str:
    """The page's language, the first of these that the survey offers.

    The customer's own choice in the switcher (``?lang=``, or the form's
    ``lang`` field, ``requested``), then the language their card is printed in
    (``printed``, see ``CardLookup.printed_language``), then the best match for
    their browser's Accept-Language (or the survey's first language).
    """
    environ = request.environ
    if not requested and environ.get("QUERY_STRING"):  # parsing an empty query costs as much
        requested = request.args.get("lang")
    return choose_language(available, requested, printed, environ.get("HTTP_ACCEPT_LANGUAGE"))


def choose_language(
    available: Sequence[str], requested: str | None, printed: str | None, accept_language: str | None,
) -> str:
    """``_language`` from the request's values (see there): the switcher's or form's choice,
    the card's printed language, the browser's Accept-Language header."""
    for choice in (requested, printed):
        if choice in available:
            return str(choice)
    if accept_language is not None and len(accept_language) > _REMEMBERED_HEADER_LENGTH:
        return pick_language(accept_language, available)
    return _browser_language(accept_language, tuple(available))


# Phones send a handful of distinct Accept-Language headers; parsing one took
# about as long as the rest of the language choice and the nonce together.
_REMEMBERED_HEADER_LENGTH = 200


@functools.lru_cache(maxsize=512)
def _browser_language(header: str | None, available: tuple[str, ...]) -> str:
    """``pick_language`` remembered per header and survey languages (its answer depends on nothing else)."""
    return pick_language(header, available)


class PageCache:
    """Pages rendered once, with marks where each visit's own values go.

    A survey page depends on the survey, the language (however it was chosen:
    switcher, card or browser), the shop's profile and
    the address it is served under, all known before rendering; only the card's
    token, the form's nonce and the style's CSP nonce change from one visit to
    the next. Rendering the scales (some 200 escapes) was the largest part of a
    visit, so a page is rendered once with random marks in those three places
    and each visit fills them in. The marks are random per process, and what
    fills them is plain URL-safe text (a shape-checked token, a signed nonce, a
    random CSP nonce) that needs no escaping. Bounded: emptied when full.
    """

    MAX_PAGES = 256

    def __init__(self) -> None:
        mark = secrets.token_hex(8)
        self.token_mark, self.nonce_mark, self.csp_mark = (f"{name}{mark}"
                                                            for name in ("tok", "form", "csp"))
        self._pages: dict[Hashable, str] = {}

    def peek(self, key: Hashable) -> str | None:
        """The page for ``key`` when it is held already."""
        return self._pages.get(key)

    def get(self, key: Hashable, render: Callable[[], str]) -> str:
        """The page for ``key``, rendered by ``render`` when not held yet."""
        page = self._pages.get(key)
        if page is None:
            page = render()
            if len(self._pages) >= self.MAX_PAGES:
                self._pages.clear()
            self._pages[key] = page
        return page

    def fill(self, page: str, *, csp_nonce: str, token: str = "", nonce: str = "") -> str:
        """A held page with this visit's values in place of the marks."""
        page = page.replace(self.csp_mark, csp_nonce)
        if token:
            page = page.replace(self.token_mark, token)
        if nonce:
            page = page.replace(self.nonce_mark, nonce)
        return page


def _html(
    template: str, *, profile: BusinessProfile, lang: str, languages: Sequence[str],
    colour: str | None, csp_nonce: str, switch_form: str | None = None, **context: Any,
) -> str:
    """``template`` rendered for the shop; ``switch_form``: the id of the form the language
    switcher sends (links that open the page afresh when None)."""
    shop = profile.name or wordings(lang)["shop_fallback"]
    switcher = [(code, LANGUAGE_NAMES[code], code == lang) for code in languages] \
        if len(languages) > 1 else []
    return render_template(
        template, t=wordings(lang, shop=shop), lang=lang, shop=shop, switcher=switcher,
        switch_form=switch_form, css=page_css(safe_colour(colour, profile.accent_colour)),
        csp_nonce=csp_nonce, **context,
    )


def page_key(
    page: Hashable, template: str, *, lang: str, languages: Sequence[str], colour: str | None,
    profile: BusinessProfile, script_root: str,
) -> Hashable:
    """Everything a held page depends on besides its marks (see ``PageCache``)."""
    return (page, template, lang, tuple(languages), colour, profile.name, profile.accent_colour,
            script_root)


def contact_requested(found: CardLookup, submission: Submission) -> bool:
    """The contact box ticked on a page that asked it (a tick the page did not offer is ignored)."""
    return submission.contact and Question.CONTACT in found.questions


def form_page_key(found: CardLookup, *, lang: str, profile: BusinessProfile, script_root: str) -> Hashable:
    """The held form page of an open card's survey (``_form_page`` without an error)."""
    assert found.survey is not None
    return page_key(("form", tuple(found.questions)), "survey.html", lang=lang,
                    languages=found.languages, colour=found.survey.colour, profile=profile,
                    script_root=script_root)


def _cached_html(
    page: Hashable, template: str, *, lang: str, languages: Sequence[str], colour: str | None,
    context: Callable[[PageCache], dict[str, Any]], token: str = "", nonce: str = "",
) -> str:
    """``template`` from the page cache, filled in for this visit.

    Args:
        page: names everything ``context`` puts in the page besides the marks.
        template, lang, languages, colour: as for ``_html``.
        context: the template's context, with the cache's marks for token and nonce.
        token, nonce: this visit's values for the marks.
    """
    state = _state()
    cache: PageCache = state.page_cache
    profile = state.profile.get()
    key = page_key(page, template, lang=lang, languages=languages, colour=colour, profile=profile,
                   script_root=request.script_root)
    held = cache.get(key, lambda: _html(template, profile=profile, lang=lang, languages=languages,
                                        colour=colour, csp_nonce=cache.csp_mark,
                                        **context(cache)))
    return cache.fill(held, csp_nonce=request.environ[CSP_NONCE], token=token, nonce=nonce)


class FinishedResponse(Response):
    """A response whose headers are complete as built: sent without werkzeug's rework of them.

    Before sending any response werkzeug copies its headers, searches them for
    Location and Content-Length and re-encodes the location as a URI: about a
    tenth of a survey visit's own CPU. These responses are a whole body (its
    Content-Length set on creation), never 1xx, 204 or 304, and their only
    Location is the thank-you path, ASCII by construction (a shape-checked token
    and one of our language codes). A HEAD request still gets no body
    (``get_app_iter``).
    """

    def get_wsgi_headers(self, environ: WSGIEnvironment) -> Headers:
        return self.headers


HTML_TYPE = "text/html; charset=utf-8"


def thanks_path(script_root: str, token: str, lang: str) -> str:
    """Where a recorded answer goes (a 303, no body: browsers follow it).

    As url_for would build it: the token passed its shape check and lang is one
    of ours, so neither needs quoting.
    """
    return f"{script_root}/s/{token}/thanks?lang={lang}"


def _respond(html: str, *, status: int, lang: str) -> Response:
    return FinishedResponse(html, status, [("Content-Type", HTML_TYPE), ("Content-Language", lang),
                                           ("Vary", "Accept-Language")])


def message_page(
    key: str, *, status: int, languages: Sequence[str], back: str | None = None,
    colour: str | None = None, extra: Callable[[str], tuple[str, str]] | None = None,
    printed: str | None = None,
) -> Response:
    """A one-message page (thank you, already answered, not found, ...) in the visitor's language.

    ``extra``: the shop's own words under the message (a survey's thank-you text)
    for the page's language, and the language they are written in, marked so (a
    screen reader reads them in that language inside a page in another).
    ``printed``: the language of the visitor's card, when the page is about a known card.
    """
    lang = _language(languages, printed=printed)
    extra_text, extra_lang = extra(lang) if extra is not None else ("", lang)
    if back is None:
        html = _cached_html(("message", key, extra_text, extra_lang), "message.html", lang=lang,
                            languages=languages, colour=colour,
                            context=lambda _cache: {"key": key, "back": None, "extra": extra_text,
                                                    "extra_lang": extra_lang})
    else:  # a link back to one card: rare error pages, rendered each time
        html = _html("message.html", profile=_state().profile.get(), lang=lang, languages=languages,
                     colour=colour, csp_nonce=request.environ[CSP_NONCE], key=key, back=back,
                     extra=extra_text, extra_lang=extra_lang)
    return _respond(html, status=status, lang=lang)


def _state_page(found: CardLookup, state: CardState) -> Response:
    key, status = _STATE_PAGES[state]
    languages = found.languages if found.survey is not None else list(SUPPORTED_LANGUAGES)
    colour = found.survey.colour if found.survey is not None else None
    return message_page(key, status=status, languages=languages, colour=colour,
                        printed=found.printed_language)


def _form_context(
    questions: Sequence[Question], *, lang: str, submission: Submission | None,
    error_field: str | None,
) -> dict[str, Any]:
    scores = submission.scores if submission is not None else {}
    t = wordings(lang)
    scales = []
    for question, (low, high) in SCALES.items():
        if question not in questions:
            continue
        name = question.value
        scales.append({
            "name": name, "values": range(low, high + 1), "count": high - low + 1,
            "low": low, "high": high, "low_text": t[f"{name}_low"], "high_text": t[f"{name}_high"],
            "selected": scores.get(name), "invalid": error_field == name,
        })
    return {
        "scales": scales, "ask_comment": Question.COMMENT in questions,
        "ask_contact": Question.CONTACT in questions,
        "comment": submission.comment if submission is not None else "",
        "contact": submission.contact if submission is not None else False,
    }


def _form_page(
    found: CardLookup, token: str, *, lang: str, status: int = 200,
    submission: Submission | None = None, error_key: str | None = None,
    error_field: str | None = None,
) -> Response:
    assert found.survey is not None
    questions = found.questions
    languages = found.languages
    nonce = make_nonce(_state().secret, token)
    if submission is None and error_key is None:  # a fresh form: the same for every card
        state = _state()
        cache: PageCache = state.page_cache
        profile = state.profile.get()
        colour = found.survey.colour

        def render() -> str:
            return _html("survey.html", profile=profile, lang=lang, languages=languages, colour=colour,
                         csp_nonce=cache.csp_mark, switch_form=ANSWER_FORM,
                         action=url_for("survey.submit", token=cache.token_mark, lang=lang),
                         nonce=cache.nonce_mark, error_key=None, error_field=None,
                         **_form_context(questions, lang=lang, submission=None, error_field=None))

        held = cache.get(form_page_key(found, lang=lang, profile=profile,
                                       script_root=request.script_root), render)
        html = cache.fill(held, csp_nonce=request.environ[CSP_NONCE], token=token, nonce=nonce)
    else:
        html = _html(
            "survey.html", profile=_state().profile.get(), lang=lang, languages=languages,
            colour=found.survey.colour, csp_nonce=request.environ[CSP_NONCE], switch_form=ANSWER_FORM,
            action=url_for("survey.submit", token=token, lang=lang), nonce=nonce,
            error_key=error_key, error_field=error_field, error_intro=error_field in _ANSWER_ERRORS,
            **_form_context(questions, lang=lang, submission=submission, error_field=error_field),
        )
    return _respond(html, status=status, lang=lang)


def refusal(
    token: str, submission: Submission, *, secret: bytes, fetch_site: str | None,
) -> tuple[int, str, str | None] | None:
    """Why a submitted form is sent back before its answer is looked at: status, error key and
    field; None when it came from our page for this card, in time, with readable scores.

    A form from elsewhere or open too long comes back with what was typed and a fresh
    nonce: tapping Send again sends it.
    """
    if fetch_site is not None and fetch_site not in _ALLOWED_FETCH_SITES:
        return 403, "stale_form", None
    if not check_nonce(secret, token, submission.raw.get("nonce")):
        return 400, "stale_form", None
    if submission.unreadable:
        field = submission.unreadable[0]
        return 400, _ERROR_KEYS[field], field
    return None


@blueprint.get("/s/<token>", provide_automatic_options=False)
def show(token: str) -> BaseResponse:
    """The survey page for one card; a poster's short code typed by hand (``/s/ABCD-2345``) leads to its token's."""
    found = look_up_card(token)
    if found.state == CardState.UNKNOWN and (poster := poster_token(token)) is not None:
        return redirect(url_for("survey.show", token=poster), code=303)
    if found.state != CardState.OPEN:
        return _state_page(found, found.state)
    return _form_page(found, token, lang=_language(found.languages, printed=found.printed_language))


@blueprint.post("/s/<token>", provide_automatic_options=False)
def submit(token: str) -> BaseResponse:
    """A customer's answer: validated, recorded once, then the thank-you page."""
    found = look_up_card(token)
    if found.state != CardState.OPEN:
        return _state_page(found, found.state)
    assert found.card is not None and found.survey is not None
    try:
        if request.mimetype != FORM_TYPE:
            raise BadForm(request.mimetype)
        submission = parse_body(request.get_data(cache=False))
    except BadForm:
        return message_page("bad_form", status=400, languages=found.languages,
                            back=url_for("survey.show", token=token), printed=found.printed_language)
    if submission.language_switch:  # nothing is sent yet: the form again, as it stands, in that language
        return _form_page(found, token, submission=submission, lang=_language(
            found.languages, submission.language_switch, found.printed_language))
    lang = _language(found.languages, submission.raw.get("lang"), found.printed_language)

    def again(status: int, error_key: str, field: str | None = None) -> BaseResponse:
        return _form_page(found, token, lang=lang, status=status, submission=submission,
                          error_key=error_key, error_field=field)

    refused = refusal(token, submission, secret=_state().secret,
                      fetch_site=request.headers.get("Sec-Fetch-Site"))
    if refused is not None:
        return again(*refused)
    try:
        outcome = answer_card(
            found.card, found.survey, csat=submission.scores["csat"], nps=submission.scores["nps"],
            ces=submission.scores["ces"], comment=submission.comment,
            contact_requested=contact_requested(found, submission), language=lang,
            client_key=request.remote_addr or "", limiter=_state().limiter,
            form_key=submission.raw.get("nonce"),
        )
    except ValidationError as exc:
        return again(400, _ERROR_KEYS.get(exc.field or "", "stale_form"), exc.field)
    if outcome in (ResponseOutcome.RECORDED, ResponseOutcome.SENT_BEFORE):  # (a second tap: thanks again)
        return FinishedResponse(b"", 303, [("Content-Type", HTML_TYPE),
                                           ("Location", thanks_path(request.script_root, token, lang))])
    if outcome == ResponseOutcome.RATE_LIMITED:  # nothing was stored: the form again, as typed
        page = again(429, "rate_limited")
        wait = _state().limiter.retry_after((found.card.id, request.remote_addr or ""))
        page.headers["Retry-After"] = str(max(wait, 1))
        return page
    return _state_page(found, _OUTCOME_STATES[outcome])


@blueprint.get("/s/<token>/thanks", provide_automatic_options=False)
def thanks(token: str) -> BaseResponse:
    """After a recorded answer (a single-use card not yet answered goes back to its form)."""
    found = look_up_card(token)
    if found.state == CardState.UNKNOWN:
        return _state_page(found, found.state)
    assert found.card is not None and found.survey is not None
    if found.card.kind == CardKind.SINGLE and found.card.answered_at is None:
        return redirect(url_for("survey.show", token=token), code=303)
    return message_page("thank_you", status=200, languages=found.languages,
                        colour=found.survey.colour,
                        extra=functools.partial(thank_you_in, found.survey),
                        printed=found.printed_language)


@blueprint.get("/healthz", provide_automatic_options=False)
def healthz() -> Response:
    """For load balancers and the app's status bar: 200 when the database answers."""
    try:
        database.execute_sql("SELECT 1")
    except Exception:
        log.warning("health check: the database does not answer", exc_info=True)
        response = make_response("unavailable\n", 503)
    else:
        response = make_response("ok\n", 200)
    response.mimetype = "text/plain"
    return response
