"""Survey cards: issuing tokens and short codes, building their URLs, finding them again."""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import functools
import hmac
import json
import logging
import re
import secrets
from collections.abc import Sequence
from typing import TypeVar

import peewee

from smallcs import audit, clock
from smallcs.errors import DatabaseError, NotFound, ValidationError
from smallcs.i18n import _
from smallcs.models import (
    Complaint,
    Staff,
    Survey,
    SurveyCard,
    database,
    write_transaction,
)
from smallcs.models.enums import CardKind, Question
from smallcs.permissions import allowed, require
from smallcs.surveys.wordings import DEFAULT_LANGUAGE, SUPPORTED_LANGUAGES

log = logging.getLogger(__name__)

TOKEN_BYTES = 16  # 128 bits -> 22 URL-safe characters
SHORT_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L
SHORT_CODE_LENGTH = 8
MAX_CARDS_PER_BATCH = 1000
MAX_EXPIRY_DAYS = 3650
# Anything a card URL can carry; checked before the database is asked.
_TOKEN_SHAPE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
_SHORT_CODE_SHAPE = re.compile(f"^[{SHORT_CODE_ALPHABET}]{{{SHORT_CODE_LENGTH}}}$")
_ISSUE_ATTEMPTS = 3


class CardState(enum.StrEnum):
    """What a customer opening a card's URL should see."""

    OPEN = "open"
    ALREADY_ANSWERED = "already_answered"
    UNKNOWN = "unknown"
    EXPIRED = "expired"


@dataclasses.dataclass(frozen=True)
class CardLookup:
    """A card found by its token, with its survey and what state it is in."""

    state: CardState
    card: SurveyCard | None = None
    survey: Survey | None = None
    # Whether the card was printed for a complaint: the shop then knows whom to contact
    # (``card.complaint`` itself is not read: see ``find_card``).
    for_complaint: bool = False

    @property
    def questions(self) -> list[Question]:
        """What the card's page asks (see ``asked_on_card``)."""
        if self.survey is None:
            return []
        return asked_on_card(survey_questions(self.survey), for_complaint=self.for_complaint)

    @property
    def languages(self) -> list[str]:
        return survey_languages(self.survey) if self.survey is not None else [DEFAULT_LANGUAGE]

    @property
    def printed_language(self) -> str | None:
        """The language the customer's card is printed in, while its survey still offers it.

        Only a single-use card's: it was printed for the person holding it, with
        its questions and tick boxes in that language, so their page should
        say the same. A poster or table tent speaks to everyone who passes,
        and the survey's languages are there so that each phone gets its own:
        None, as for a card printed before cards kept their language (migration 0009).
        """
        card = self.card
        if card is None or card.kind != CardKind.SINGLE or card.language not in self.languages:
            return None
        return str(card.language)


def new_token() -> str:
    """A fresh card token: 128 random bits, URL-safe, 22 characters."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def new_short_code() -> str:
    """A fresh 8-character code from the unambiguous alphabet, for typing in by hand."""
    return "".join(secrets.choice(SHORT_CODE_ALPHABET) for _i in range(SHORT_CODE_LENGTH))


def normalise_short_code(code: str) -> str:
    """A short code as stored: upper case, without spaces or dashes people add."""
    return re.sub(r"[\s-]", "", code).upper()


def format_short_code(code: str) -> str:
    """A short code in groups of four for reading aloud and typing (``ABCD-2345``), as cards print it."""
    plain = normalise_short_code(code)
    return "-".join(plain[i:i + 4] for i in range(0, len(plain), 4))


def card_url(base_url: str, token: str) -> str:
    """The address a card's QR code encodes.

    Args:
        base_url: the survey base URL (e.g. ``http://192.168.1.20:8080``), or an
            external form link with ``{token}`` where the token goes.
        token: the card's token.

    Returns:
        ``<base>/s/<token>``, or the form link with the token filled in.

    Raises:
        ValidationError: no base URL is set.
    """
    base = base_url.strip()
    if not base:
        raise ValidationError(_("Set the survey address in Settings first."), field="survey_base_url")
    if "{token}" in base:
        return base.replace("{token}", token)
    return f"{base.rstrip('/')}/s/{token}"


def survey_questions(survey: Survey) -> list[Question]:
    """The questions a survey asks, in the standard order (unknown entries ignored)."""
    return list(_questions(survey.questions or "[]", survey.id))


def asked_on_card(questions: Sequence[Question], *, for_complaint: bool) -> list[Question]:
    """What a card asks of its survey's ``questions``: "May we contact you?" only on a card
    printed for a complaint, where the shop knows whom to contact. A poster or a card for no
    one in particular gives it no way to reach the customer who ticks it."""
    return [q for q in questions if q != Question.CONTACT or for_complaint]


def survey_languages(survey: Survey) -> list[str]:
    """The languages a survey is offered in that have wordings (English when none)."""
    return list(_languages(survey.languages or "[]"))


# A survey's questions and languages are read from their stored JSON on every
# visit to the survey page and every answer: parsed once per stored text.
@functools.lru_cache(maxsize=64)
def _questions(stored_json: str, survey_id: int | None) -> tuple[Question, ...]:
    try:
        stored = json.loads(stored_json)
    except ValueError:
        log.warning("survey %s has unreadable questions; asking all of them", survey_id)
        stored = [q.value for q in Question]
    wanted = {str(q) for q in stored} if isinstance(stored, list) else set()
    return tuple(q for q in Question if q.value in wanted)


@functools.lru_cache(maxsize=64)
def _languages(stored_json: str) -> tuple[str, ...]:
    try:
        stored = json.loads(stored_json)
    except ValueError:
        stored = []
    codes = [str(c) for c in stored] if isinstance(stored, list) else []
    known = [c for c in dict.fromkeys(codes) if c in SUPPORTED_LANGUAGES]
    return tuple(known) or (DEFAULT_LANGUAGE,)


def thank_you_translations(survey: Survey) -> dict[str, str]:
    """The survey's thank-you texts in its other languages, by language code (the first
    language's is ``thank_you_text``), in the survey's order."""
    stored = dict(_translations(survey.thank_you_translations or "{}"))
    return {code: stored[code] for code in survey_languages(survey)[1:] if code in stored}


def thank_you_in(survey: Survey, language: str) -> tuple[str, str]:
    """The thank-you text a customer reading ``language`` is shown, and the language it is in.

    That language's own text when the survey has one, else the text of the survey's
    first language ("" when it has none either).
    """
    own = thank_you_translations(survey).get(language)
    if own:
        return own, language
    return survey.thank_you_text or "", survey_languages(survey)[0]


# Read on every thank-you page: parsed once per stored text, like the languages.
@functools.lru_cache(maxsize=64)
def _translations(stored_json: str) -> tuple[tuple[str, str], ...]:
    try:
        stored = json.loads(stored_json)
    except ValueError:
        stored = {}
    if not isinstance(stored, dict):
        return ()
    return tuple((str(code), text) for code, text in stored.items()
                 if code in SUPPORTED_LANGUAGES and isinstance(text, str) and text)


def poster_url(base_url: str, short_code: str) -> str:
    """The address a poster or table tent prints to be typed: ``<base>/s/ABCD-2345``.

    Its QR code carries the card's token (``card_url``); a person typing reads
    the short code instead, which the survey page's route turns into the token
    (``poster_token``): no other route is needed. With an external form link the form knows only tokens:
    the token's address then.
    """
    base = base_url.strip()
    if "{token}" in base:
        return ""
    return f"{base.rstrip('/')}/s/{format_short_code(short_code)}"


POSTER_BY_CODE_FUNCTION = "survey_poster_by_code"
POSTER_BY_CODE_ARGUMENTS = ("text",)


def poster_token(short_code: str) -> str | None:
    """The token of the poster or table tent with this short code, as typed (dashes, spaces and
    case are forgiven); None for any other code, single-use cards' included (see migration 0014)."""
    code = normalise_short_code(short_code)
    if not _SHORT_CODE_SHAPE.match(code):
        return None
    db = database.obj
    if isinstance(db, peewee.PostgresqlDatabase):
        row = db.execute_sql(f"SELECT {POSTER_BY_CODE_FUNCTION}({db.param}::text)", (code,)).fetchone()
        return str(row[0]) if row and row[0] else None
    token = (SurveyCard.select(SurveyCard.token)
             .where((SurveyCard.short_code == code) & (SurveyCard.kind == CardKind.POSTER.value))
             .scalar())
    return str(token) if token else None


# The survey page looks a card up on every visit and every answer. Building the
# query with peewee cost four times running it, and peewee's row conversion as
# much again, so one join of card and survey is built once for each kind of
# database, run on the cursor, and its columns converted by the fields themselves.
# It reads what the survey pages use, in the order in which PostgreSQL's function
# returns it (below), so a card found has the same fields on both databases.
_CARD_FIELDS: tuple[peewee.Field, ...] = (
    SurveyCard.id, SurveyCard.survey, SurveyCard.token, SurveyCard.kind, SurveyCard.expires_at,
    SurveyCard.answered_at, SurveyCard.language,
)
# Whether the card belongs to a complaint, without which one (migration 0011).
_FOR_COMPLAINT = SurveyCard.complaint.is_null(False)
_SURVEY_FIELDS: tuple[peewee.Field, ...] = (
    Survey.id, Survey.questions, Survey.languages, Survey.thank_you_text, Survey.thank_you_translations,
    Survey.colour, Survey.active,
)
# On PostgreSQL a card is read through this function (migrations 0008, 0010, 0011 and 0015), which runs as
# the tables' owner: the survey server's own account may not read the cards' table,
# so it finds a card only by its token (docs/security.md). Every account takes this path.
CARD_BY_TOKEN_FUNCTION = "survey_card_by_token"
CARD_BY_TOKEN_ARGUMENTS = ("text",)
_LOOKUP_SQL: dict[type, str] = {}
_M = TypeVar("_M", bound=peewee.Model)


def _lookup_sql() -> str:
    """The card-and-survey-by-token SQL for the bound database (built on first use)."""
    db = database.obj
    kind = type(db)
    sql = _LOOKUP_SQL.get(kind)
    if sql is None:
        if isinstance(db, peewee.PostgresqlDatabase):
            arguments = ", ".join(f"{db.param}::{type_}" for type_ in CARD_BY_TOKEN_ARGUMENTS)
            sql = f"SELECT * FROM {CARD_BY_TOKEN_FUNCTION}({arguments})"
        else:
            query = (SurveyCard.select(*_CARD_FIELDS, _FOR_COMPLAINT, *_SURVEY_FIELDS)
                     .join(Survey, on=(SurveyCard.survey == Survey.id))
                     .where(SurveyCard.token == ""))
            sql, _params = query.sql()
        _LOOKUP_SQL[kind] = sql
    return sql


def _instance(model: type[_M], fields: Sequence[peewee.Field], values: Sequence[object]) -> _M:
    """A model instance from one row's columns, converted as peewee converts them.

    The values go straight into the instance's ``__data__`` (where peewee keeps
    them, foreign keys as ids), as peewee's own rows come clean: setting them one
    by one through the field descriptors was most of a look-up's Python time.
    """
    instance = model(__no_default__=True)
    instance.__data__ = {field.name: None if value is None else field.python_value(value)
                         for field, value in zip(fields, values, strict=True)}
    return instance


def plausible_token(token: str) -> bool:
    """Whether ``token`` has a card token's shape (anything else is no card's: not looked up)."""
    return bool(_TOKEN_SHAPE.match(token))


def find_card(token: str) -> SurveyCard | None:
    """The card with exactly this token, its survey attached, or None (shape-checked, compared in constant time).

    Only the fields the survey pages use are read (``_CARD_FIELDS``, ``_SURVEY_FIELDS``):
    for its complaint, staff member, short code, or when it was made or printed, read
    the card by its id.
    """
    found = _find_card(token)
    return found[0] if found is not None else None


def _find_card(token: str) -> tuple[SurveyCard, bool] | None:
    """``find_card``'s card, and whether it belongs to a complaint."""
    if not isinstance(token, str) or not plausible_token(token):
        return None
    row = database.execute_sql(_lookup_sql(), (token,)).fetchone()
    if row is None:
        return None
    split = len(_CARD_FIELDS)
    card = _instance(SurveyCard, _CARD_FIELDS, row[:split])
    if not hmac.compare_digest(card.token.encode(), token.encode()):
        return None
    card.survey = _instance(Survey, _SURVEY_FIELDS, row[split + 1:])
    card._dirty.clear()  # attaching the survey it was read with changes nothing
    return card, bool(row[split])


def card_state(card: SurveyCard, survey: Survey, *, now: dt.datetime | None = None) -> CardState:
    """Whether a card still takes answers (a used single card reads as answered first)."""
    now = now or clock.utcnow()
    if card.kind == CardKind.SINGLE and card.answered_at is not None:
        return CardState.ALREADY_ANSWERED
    if (card.expires_at is not None and card.expires_at <= now) or not survey.active:
        return CardState.EXPIRED
    return CardState.OPEN


def look_up_card(token: str) -> CardLookup:
    """What a customer opening ``/s/<token>`` should see, with the card and survey."""
    found = _find_card(token)
    if found is None:
        return CardLookup(CardState.UNKNOWN)
    card, for_complaint = found
    return CardLookup(card_state(card, card.survey), card, card.survey, for_complaint=for_complaint)


def _check_issue(
    actor: Staff, *, survey_id: int, count: int, kind: CardKind,
    complaint_id: int | None, staff_id: int | None, expires_in_days: int | None,
) -> Survey:
    # Counter staff may print the one card for a complaint they resolve;
    # batches of cards and posters are for managers.
    if not (complaint_id is not None and count == 1 and kind == CardKind.SINGLE
            and allowed(actor, "surveys.card_for_complaint")):
        require(actor, "surveys.cards")
    if not 1 <= count <= MAX_CARDS_PER_BATCH:
        raise ValidationError(
            _("Print between 1 and {n} cards at a time.").format(n=MAX_CARDS_PER_BATCH), field="count"
        )
    if expires_in_days is not None and not 1 <= expires_in_days <= MAX_EXPIRY_DAYS:
        raise ValidationError(
            _("Cards must stay valid for 1 to {n} days.").format(n=MAX_EXPIRY_DAYS),
            field="expires_in_days",
        )
    survey = Survey.get_or_none(Survey.id == survey_id)
    if survey is None:
        raise NotFound(_("That survey does not exist."))
    if not survey.active:
        raise ValidationError(_("The survey '{name}' is switched off.").format(name=survey.name),
                              field="survey")
    if complaint_id is not None and Complaint.get_or_none(Complaint.id == complaint_id) is None:
        raise NotFound(_("That complaint does not exist."))
    if staff_id is not None and Staff.get_or_none(Staff.id == staff_id) is None:
        raise NotFound(_("That staff member does not exist."))
    return survey


def _fresh_codes(count: int) -> list[str]:
    """``count`` short codes unused so far (the unique index still guards races)."""
    codes: set[str] = set()
    while len(codes) < count:
        wanted = {new_short_code() for _i in range(count - len(codes))}
        taken = {c.short_code for c in SurveyCard.select(SurveyCard.short_code)
                 .where(SurveyCard.short_code.in_(list(wanted)))}
        codes |= wanted - taken
    return list(codes)


def issue_cards(
    actor: Staff,
    *,
    survey_id: int,
    count: int,
    kind: CardKind = CardKind.SINGLE,
    complaint_id: int | None = None,
    staff_id: int | None = None,
    expires_in_days: int | None = 90,
    language: str | None = None,
) -> list[SurveyCard]:
    """Create ``count`` cards with fresh tokens and short codes, in one transaction.

    Args:
        actor: who prints them (manager or owner; staff for a complaint's one card).
        survey_id: the survey the cards lead to.
        count: 1 to 1,000.
        kind: single-use slips, or reusable poster codes.
        complaint_id: the complaint the cards follow up, if any.
        staff_id: the staff member the cards credit, if any.
        expires_in_days: days until the cards stop taking answers; None for never.
        language: the language they are printed in (answers keyed in from them take it).

    Returns:
        The new cards, in the order they were created.

    Raises:
        PermissionDenied, ValidationError, NotFound.
    """
    kind = CardKind(kind)
    _check_issue(actor, survey_id=survey_id, count=count, kind=kind, complaint_id=complaint_id,
                 staff_id=staff_id, expires_in_days=expires_in_days)
    now = clock.utcnow()
    expires = now + dt.timedelta(days=expires_in_days) if expires_in_days is not None else None
    for attempt in range(1, _ISSUE_ATTEMPTS + 1):
        tokens = [new_token() for _i in range(count)]
        try:
            with write_transaction():
                codes = _fresh_codes(count)
                rows = [
                    {"survey": survey_id, "token": token, "short_code": code, "kind": kind.value,
                     "complaint": complaint_id, "staff": staff_id, "created_at": now,
                     "printed_at": now, "expires_at": expires, "language": language}
                    for token, code in zip(tokens, codes, strict=True)
                ]
                for start in range(0, len(rows), 200):  # stay under SQLite's variable limit
                    SurveyCard.insert_many(rows[start:start + 200]).execute()
                cards = list(SurveyCard.select().where(SurveyCard.token.in_(tokens))
                             .order_by(SurveyCard.id))
                audit.record(actor, "surveys.cards_issued", entity="survey", entity_id=survey_id,
                             detail={"count": count, "kind": kind.value, "complaint": complaint_id,
                                     "staff": staff_id, "first_card": cards[0].id,
                                     "last_card": cards[-1].id})
            return cards
        except peewee.IntegrityError as exc:
            # Another counter issued the same short code a moment ago: draw again.
            if attempt == _ISSUE_ATTEMPTS:
                raise DatabaseError(_("The cards could not be created; please try again.")) from exc
            log.info("short code collision while issuing cards; retrying")
    raise AssertionError("unreachable")  # pragma: no cover
