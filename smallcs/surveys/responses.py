"""Recording customers' answers: validation, the single-use guard and poster rate limits."""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import logging
from collections.abc import Sequence

import peewee

from smallcs import clock
from smallcs.errors import ValidationError
from smallcs.i18n import _
from smallcs.models import (
    Survey,
    SurveyCard,
    SurveyResponse,
    database,
    execute_write,
)
from smallcs.models.enums import CardKind, Question, ResponseSource
from smallcs.surveys.cards import CardState, card_state, find_card, survey_questions
from smallcs.surveys.ratelimit import RateLimiter, poster_limiter
from smallcs.surveys.wordings import SUPPORTED_LANGUAGES
from smallcs.typed_text import check_storable

log = logging.getLogger(__name__)

MAX_COMMENT_LENGTH = 2000
SCALES: dict[Question, tuple[int, int]] = {
    Question.CSAT: (1, 5),
    Question.NPS: (0, 10),
    Question.CES: (1, 7),
}


class ResponseOutcome(enum.StrEnum):
    """What became of a submitted answer."""

    RECORDED = "recorded"
    ALREADY_ANSWERED = "already_answered"
    UNKNOWN = "unknown"
    EXPIRED = "expired"
    RATE_LIMITED = "rate_limited"
    SENT_BEFORE = "sent_before"  # a poster's form sent again: its answer is in already


_STATE_OUTCOME = {
    CardState.ALREADY_ANSWERED: ResponseOutcome.ALREADY_ANSWERED,
    CardState.EXPIRED: ResponseOutcome.EXPIRED,
    CardState.UNKNOWN: ResponseOutcome.UNKNOWN,
}


@dataclasses.dataclass(frozen=True)
class Answer:
    """One customer's validated answer, ready to be stored."""

    csat: int | None
    nps: int | None
    ces: int | None
    comment: str
    contact_requested: bool
    language: str


def clean_comment(comment: str | None) -> str:
    """A comment as stored: outer blanks trimmed, browsers' CRLF back to LF, NUL bytes dropped.

    Everything else, markup included, is kept exactly: escaping is the job of
    whatever shows it.
    """
    if not comment:
        return ""
    return comment.replace("\x00", "").replace("\r\n", "\n").replace("\r", "\n").strip()


def validate_answer(
    questions: Sequence[Question],
    *,
    csat: int | None,
    nps: int | None,
    ces: int | None,
    comment: str | None,
    contact_requested: bool,
    language: str,
) -> Answer:
    """Check an answer against the survey's questions; raise ValidationError when refused.

    Args:
        questions: what the survey asks (see ``survey_questions``).
        csat, nps, ces: scores or None when skipped.
        comment: free text (up to 2,000 characters after cleaning).
        contact_requested: the customer ticked "you may contact me".
        language: the page's language code.

    Raises:
        ValidationError: with ``field`` naming the first bad value (``"answer"``
            when nothing at all was answered).
    """
    scores = {Question.CSAT: csat, Question.NPS: nps, Question.CES: ces}
    for question, value in scores.items():
        if value is None:
            continue
        low, high = SCALES[question]
        if question not in questions:
            raise ValidationError(_("This survey does not ask that question."), field=question.value)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise ValidationError(
                _("Choose a score from {low} to {high}.").format(low=low, high=high),
                field=question.value,
            )
    text = clean_comment(comment)
    check_storable(text, field="comment", label=_("The comment"))
    if text and Question.COMMENT not in questions:
        raise ValidationError(_("This survey does not take comments."), field="comment")
    if len(text) > MAX_COMMENT_LENGTH:
        raise ValidationError(
            _("The comment is too long ({n} characters at most).").format(n=MAX_COMMENT_LENGTH),
            field="comment",
        )
    if contact_requested and Question.CONTACT not in questions:
        raise ValidationError(_("This survey does not ask to contact the customer."),
                              field="contact")
    if all(v is None for v in scores.values()) and not text:
        raise ValidationError(_("Answer at least one question or write a comment."), field="answer")
    if language not in SUPPORTED_LANGUAGES:
        raise ValidationError(_("Unknown language."), field="language")
    return Answer(csat=csat, nps=nps, ces=ces, comment=text,
                  contact_requested=bool(contact_requested), language=language)


# Storing an answer is the one write of the survey server's hot path, made while
# this process's writers queue on one lock: its SQL is built once per kind of
# database and its values converted before the lock is taken. On SQLite it is one
# statement (see ``execute_write``): an insert that a single-use card's guard
# "not answered yet" lets through once, the card marked by a trigger (migration
# 0007). On PostgreSQL it is one call of a function that runs as the tables' owner
# (migration 0008; the survey server's own account may not write the tables): it
# marks a single-use card first, in the same statement, and its row lock makes a
# concurrent submit wait and then find the card answered.
_RESPONSE_FIELDS: tuple[peewee.Field, ...] = (
    SurveyResponse.card, SurveyResponse.survey, SurveyResponse.submitted_at, SurveyResponse.csat,
    SurveyResponse.nps, SurveyResponse.ces, SurveyResponse.comment, SurveyResponse.language,
    SurveyResponse.source, SurveyResponse.contact_requested,
)
# The function's arguments: the card's token, then _RESPONSE_FIELDS from submitted_at on
# (the answer's survey is the card's).
STORE_ANSWER_FUNCTION = "store_survey_answer"
STORE_ANSWER_ARGUMENTS = ("text", "timestamp", "integer", "integer", "integer", "text", "text", "text",
                          "boolean")


@dataclasses.dataclass(frozen=True)
class _WriteSql:
    """An answer's SQL for one kind of database."""

    insert: str  # SQLite: the answer, for a poster card; PostgreSQL: the function's call, for any card
    guarded_insert: str | None  # SQLite: the answer if the single-use card (last parameter) is unanswered


_WRITE_SQL: dict[type, _WriteSql] = {}


def _write_sql() -> _WriteSql:
    db = database.obj
    kind = type(db)
    if kind in _WRITE_SQL:
        return _WRITE_SQL[kind]
    if not isinstance(db, peewee.SqliteDatabase):
        arguments = ", ".join(f"{db.param}::{type_}" for type_ in STORE_ANSWER_ARGUMENTS)
        _WRITE_SQL[kind] = _WriteSql(insert=f"SELECT {STORE_ANSWER_FUNCTION}({arguments})",
                                     guarded_insert=None)
        return _WRITE_SQL[kind]

    def quoted(name: str) -> str:
        return f"{db.quote[0]}{name}{db.quote[1]}"

    answered, card_id = quoted(SurveyCard.answered_at.column_name), quoted(SurveyCard.id.column_name)
    cards, responses = quoted(SurveyCard._meta.table_name), quoted(SurveyResponse._meta.table_name)
    columns = ", ".join(quoted(field.column_name) for field in _RESPONSE_FIELDS)
    values = ", ".join(db.param for _field in _RESPONSE_FIELDS)
    # The new row's id comes from the cursor's lastrowid.
    insert = f"INSERT INTO {responses} ({columns}) VALUES ({values})"
    guarded = (f"INSERT INTO {responses} ({columns}) SELECT {values} WHERE EXISTS"
               f" (SELECT 1 FROM {cards} WHERE {card_id} = {db.param} AND {answered} IS NULL)")
    _WRITE_SQL[kind] = _WriteSql(insert=insert, guarded_insert=guarded)
    return _WRITE_SQL[kind]


def store_answer(
    card: SurveyCard,
    survey: Survey,
    answer: Answer,
    *,
    source: ResponseSource,
    submitted_at: dt.datetime | None = None,
) -> SurveyResponse | None:
    """Store one validated answer; None when a single-use card was answered first.

    A transaction of its own (or part of the caller's). A single-use card is
    marked answered, at the answer's time, with the same guarantee on both
    databases: of any number of concurrent submits exactly one lands.
    """
    values = _row_values(card, survey, answer, source=source, submitted_at=submitted_at)
    new_id = _insert_answer(card, values)
    if new_id is None:
        return None
    stored = SurveyResponse(__no_default__=True, id=new_id,
                            **{field.name: value for field, value in zip(_RESPONSE_FIELDS, values)})
    stored._dirty.clear()
    return stored


def _row_values(
    card: SurveyCard, survey: Survey, answer: Answer, *, source: ResponseSource,
    submitted_at: dt.datetime | None,
) -> tuple[object, ...]:
    """The answer's row, in the order of ``_RESPONSE_FIELDS``."""
    return (card.id, survey.id, submitted_at or clock.utcnow(), answer.csat, answer.nps, answer.ces,
            answer.comment, answer.language, ResponseSource(source).value, answer.contact_requested)


def _insert_answer(card: SurveyCard, values: Sequence[object]) -> int | None:
    """Write one answer's row (see ``_row_values``); its id, or None when a single-use card was answered first."""
    sql = _write_sql()
    params = [field.db_value(value) for field, value in zip(_RESPONSE_FIELDS, values, strict=True)]
    if sql.guarded_insert is not None:  # SQLite
        single = card.kind == CardKind.SINGLE
        cursor = execute_write(sql.guarded_insert, [*params, card.id]) if single else execute_write(sql.insert, params)
        return cursor.lastrowid if cursor.rowcount == 1 else None
    # PostgreSQL: the card by its token; the answer's survey is the card's
    new_id: int | None = execute_write(sql.insert, [card.token, *params[2:]]).fetchone()[0]
    return new_id


def record_response(
    *,
    token: str,
    csat: int | None,
    nps: int | None,
    ces: int | None,
    comment: str | None,
    contact_requested: bool,
    language: str,
    source: ResponseSource = ResponseSource.QR,
    client_key: str | None = None,
    limiter: RateLimiter | None = None,
) -> ResponseOutcome:
    """Record a customer's answer to the card with ``token``.

    Args:
        token: the card's token from its URL.
        csat, nps, ces, comment, contact_requested, language: the answer.
        source: how it arrived (the survey page by default).
        client_key: who sent it (e.g. the client's address), for poster rate limits.
        limiter: the rate limiter for poster codes (the process-wide one by default).

    Returns:
        RECORDED, or why not: ALREADY_ANSWERED, UNKNOWN, EXPIRED, RATE_LIMITED.

    Raises:
        ValidationError: a value is refused; nothing was stored.
    """
    card = find_card(token)
    if card is None:
        return ResponseOutcome.UNKNOWN
    return answer_card(card, card.survey, csat=csat, nps=nps, ces=ces, comment=comment,
                       contact_requested=contact_requested, language=language, source=source,
                       client_key=client_key, limiter=limiter)


def answer_card(
    card: SurveyCard,
    survey: Survey,
    *,
    csat: int | None,
    nps: int | None,
    ces: int | None,
    comment: str | None,
    contact_requested: bool,
    language: str,
    source: ResponseSource = ResponseSource.QR,
    client_key: str | None = None,
    limiter: RateLimiter | None = None,
    form_key: str | None = None,
) -> ResponseOutcome:
    """``record_response`` for a card already read (the survey page has it from showing the form).

    The card may be a moment old: the single-use guard in ``store_answer`` decides
    in the writing transaction, so a card answered meanwhile comes back ALREADY_ANSWERED.
    ``form_key`` names the form the answer came on (its nonce): a poster's form sent a
    second time comes back SENT_BEFORE and stores nothing.
    """
    now = clock.utcnow()
    state = card_state(card, survey, now=now)
    if state != CardState.OPEN:
        return _STATE_OUTCOME[state]
    answer = validate_answer(survey_questions(survey), csat=csat, nps=nps, ces=ces,
                             comment=comment, contact_requested=contact_requested,
                             language=language)
    if card.kind != CardKind.POSTER:
        new_id = _insert_answer(card, _row_values(card, survey, answer, source=source, submitted_at=now))
        return ResponseOutcome.RECORDED if new_id is not None else ResponseOutcome.ALREADY_ANSWERED
    bucket = limiter if limiter is not None else poster_limiter
    sent = (card.id, form_key) if form_key else None
    if sent is not None and not bucket.first_send(sent):
        log.info("poster card %s: a form sent again (its answer is in already)", card.id)
        return ResponseOutcome.SENT_BEFORE
    try:
        if not bucket.allow((card.id, client_key or "")):
            log.info("poster card %s: rate limit reached for one client", card.id)
            if sent is not None:
                bucket.forget_send(sent)
            return ResponseOutcome.RATE_LIMITED
        _insert_answer(card, _row_values(card, survey, answer, source=source, submitted_at=now))
    except BaseException:
        if sent is not None:
            bucket.forget_send(sent)  # not stored: the same form may be sent again
        raise
    return ResponseOutcome.RECORDED
