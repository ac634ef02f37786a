"""The survey routes: the page, its POST, the thank-you page and a health check. Nothing else."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from flask import (
    Blueprint,
    Response,
    current_app,
    g,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from werkzeug.wrappers import Response as BaseResponse

from smallcs.errors import ValidationError
from smallcs.models import database
from smallcs.models.enums import CardKind, Question
from smallcs.surveys.cards import CardLookup, CardState, look_up_card
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

log = logging.getLogger(__name__)

blueprint = Blueprint("survey", __name__)

FORM_TYPE = "application/x-www-form-urlencoded"
# Fetch metadata: a browser says where a POST comes from; "none" is typed or bookmarked.
_ALLOWED_FETCH_SITES = {"same-origin", "none"}
_ERROR_KEYS = {
    "csat": "error_csat",
    "nps": "error_nps",
    "ces": "error_ces",
    "comment": "error_comment",
    "answer": "error_empty",
}
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


def _language(available: Sequence[str], requested: str | None = None) -> str:
    """``?lang=`` (or the form's) when offered, else the best match for Accept-Language."""
    choice = requested or request.args.get("lang")
    if choice in available:
        return str(choice)
    return pick_language(request.headers.get("Accept-Language"), available)


def _render(
    template: str, *, status: int, lang: str, languages: Sequence[str],
    colour: str | None = None, **context: Any,
) -> Response:
    profile = _state().profile.get()
    shop = profile.name or wordings(lang)["shop_fallback"]
    switcher = [(code, LANGUAGE_NAMES[code], code == lang) for code in languages] \
        if len(languages) > 1 else []
    html = render_template(
        template, t=wordings(lang, shop=shop), lang=lang, shop=shop, switcher=switcher,
        css=page_css(safe_colour(colour, profile.accent_colour)), csp_nonce=g.csp_nonce,
        **context,
    )
    response = make_response(html, status)
    response.headers["Content-Language"] = lang
    response.vary.add("Accept-Language")
    return response


def message_page(
    key: str, *, status: int, languages: Sequence[str], back: str | None = None,
    colour: str | None = None, extra: str = "",
) -> Response:
    """A one-message page (thank you, already answered, not found, ...) in the visitor's language."""
    lang = _language(languages)
    return _render("message.html", status=status, lang=lang, languages=languages, colour=colour,
                   key=key, back=back, extra=extra)


def _state_page(found: CardLookup, state: CardState) -> Response:
    key, status = _STATE_PAGES[state]
    languages = found.languages if found.survey is not None else list(SUPPORTED_LANGUAGES)
    colour = found.survey.colour if found.survey is not None else None
    return message_page(key, status=status, languages=languages, colour=colour)


def _form_page(
    found: CardLookup, token: str, *, lang: str, status: int = 200,
    submission: Submission | None = None, error_key: str | None = None,
    error_field: str | None = None,
) -> Response:
    assert found.survey is not None
    questions = found.questions
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
    return _render(
        "survey.html", status=status, lang=lang, languages=found.languages,
        colour=found.survey.colour, scales=scales,
        ask_comment=Question.COMMENT in questions, ask_contact=Question.CONTACT in questions,
        comment=submission.comment if submission is not None else "",
        contact=submission.contact if submission is not None else False,
        action=url_for("survey.submit", token=token, lang=lang),
        nonce=make_nonce(_state().secret, token), error_key=error_key, error_field=error_field,
    )


@blueprint.get("/s/<token>", provide_automatic_options=False)
def show(token: str) -> BaseResponse:
    """The survey page for one card."""
    found = look_up_card(token)
    if found.state != CardState.OPEN:
        return _state_page(found, found.state)
    return _form_page(found, token, lang=_language(found.languages))


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
                            back=url_for("survey.show", token=token))
    lang = _language(found.languages, submission.raw.get("lang"))

    def again(status: int, error_key: str, field: str | None = None) -> BaseResponse:
        return _form_page(found, token, lang=lang, status=status, submission=submission,
                          error_key=error_key, error_field=field)

    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None and fetch_site not in _ALLOWED_FETCH_SITES:
        return again(403, "bad_form")
    if not check_nonce(_state().secret, token, submission.raw.get("nonce")):
        return again(400, "bad_form")
    if submission.unreadable:
        field = submission.unreadable[0]
        return again(400, _ERROR_KEYS[field], field)
    try:
        outcome = answer_card(
            found.card, found.survey, csat=submission.scores["csat"], nps=submission.scores["nps"],
            ces=submission.scores["ces"], comment=submission.comment,
            contact_requested=submission.contact, language=lang,
            client_key=request.remote_addr or "", limiter=_state().limiter,
        )
    except ValidationError as exc:
        return again(400, _ERROR_KEYS.get(exc.field or "", "bad_form"), exc.field)
    if outcome == ResponseOutcome.RECORDED:
        return redirect(url_for("survey.thanks", token=token, lang=lang), code=303)
    if outcome == ResponseOutcome.RATE_LIMITED:
        page = message_page("rate_limited", status=429, languages=found.languages,
                            colour=found.survey.colour)
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
                        colour=found.survey.colour, extra=found.survey.thank_you_text or "")


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
