"""Paper entry: staff key in the boxes a customer ticked on a printed card."""

from __future__ import annotations

import dataclasses
import datetime as dt

from smallcs import audit
from smallcs.errors import NotFound
from smallcs.i18n import _
from smallcs.models import Staff, Survey, SurveyCard, SurveyResponse, write_transaction
from smallcs.models.enums import CardKind, Question, ResponseSource
from smallcs.permissions import require
from smallcs.surveys.cards import (
    asked_on_card,
    normalise_short_code,
    survey_languages,
    survey_questions,
)
from smallcs.surveys.responses import (
    ResponseOutcome,
    store_answer,
    validate_answer,
)
from smallcs.typed_text import is_storable, printable


def find_card_by_short_code(short_code: str) -> SurveyCard | None:
    """The card with this short code (case, spaces and dashes ignored), or None."""
    code = normalise_short_code(short_code)
    if not code or len(code) > 16 or not is_storable(code):
        return None
    return SurveyCard.get_or_none(SurveyCard.short_code == code)


@dataclasses.dataclass(frozen=True)
class PaperCard:
    """What the paper-entry form needs to know about a card before answers are keyed in."""

    short_code: str
    survey: str
    questions: tuple[Question, ...]
    language: str  # the language printed on the card
    answered: bool
    answered_at: dt.datetime | None = None  # a single-use card's answer: when (UTC) ...
    answered_from: ResponseSource | None = None  # ... and how it came (so staff can tell a duplicate)


def _printed_language(card: SurveyCard, survey: Survey) -> str:
    """The language on the card: the one chosen when printing, or (printed before cards
    kept it, migration 0009) the survey's first."""
    return card.language or survey_languages(survey)[0]


def _asked(card: SurveyCard, survey: Survey) -> list[Question]:
    """What the card asks (the card read whole: ``complaint_id`` is known)."""
    return asked_on_card(survey_questions(survey), for_complaint=card.complaint_id is not None)


def paper_card(short_code: str) -> PaperCard | None:
    """The card with this short code, described for the paper-entry form; None when unknown."""
    card = find_card_by_short_code(short_code)
    if card is None:
        return None
    survey = Survey.get_by_id(card.survey_id)
    answered = card.kind == CardKind.SINGLE and card.answered_at is not None
    answer = SurveyResponse.get_or_none(SurveyResponse.card == card.id) if answered else None
    return PaperCard(short_code=card.short_code, survey=survey.name,
                     questions=tuple(_asked(card, survey)), language=_printed_language(card, survey),
                     answered=answered, answered_at=card.answered_at if answered else None,
                     answered_from=ResponseSource(answer.source) if answer is not None else None)


def record_paper_response(
    actor: Staff,
    *,
    short_code: str,
    csat: int | None,
    nps: int | None,
    ces: int | None,
    comment: str | None,
    contact_requested: bool,
    language: str | None = None,
) -> ResponseOutcome:
    """Store the answers ticked on a paper card (any staff member).

    The card's expiry date does not apply: the customer filled the card in
    while holding it, and staff may key it in later.

    Args:
        actor: the staff member typing it in.
        short_code: the code printed on the card, in any case.
        csat, nps, ces, comment, contact_requested: what was ticked and written.
        language: the card's language (None: the one it was printed in, see ``paper_card``).

    Returns:
        RECORDED, or ALREADY_ANSWERED when a single-use card has its answer.

    Raises:
        PermissionDenied: the actor may not enter answers.
        NotFound: no card has this code.
        ValidationError: a value is refused; nothing was stored.
    """
    require(actor, "surveys.paper_entry")
    card = find_card_by_short_code(short_code)
    if card is None:
        # Echo what was typed, but not a pasted page of it nor characters that cannot be shown.
        code = normalise_short_code(short_code)
        shown = printable(code, limit=20) + ("…" if len(code) > 20 else "")
        raise NotFound(_("No card has the code {code}.").format(code=shown))
    survey = Survey.get_by_id(card.survey_id)
    answer = validate_answer(_asked(card, survey), csat=csat, nps=nps, ces=ces, comment=comment,
                             contact_requested=contact_requested,
                             language=language or _printed_language(card, survey))
    with write_transaction():
        stored = store_answer(card, survey, answer, source=ResponseSource.PAPER)
        if stored is None:
            return ResponseOutcome.ALREADY_ANSWERED
        audit.record(actor, "surveys.paper_entry", entity="survey_response", entity_id=stored.id,
                     detail={"card": card.id})
    return ResponseOutcome.RECORDED
