"""Paper entry: short codes typed in by staff."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from smallcs import clock
from smallcs.errors import NotFound, PermissionDenied, ValidationError
from smallcs.models import AuditEvent, Staff, SurveyCard, SurveyResponse
from smallcs.models.enums import Question, Role
from smallcs.surveys import ResponseOutcome, record_paper_response
from smallcs.surveys.paper import paper_card


def test_staff_key_in_a_paper_card(clerk: Staff, card: SurveyCard) -> None:
    typed = f" {card.short_code[:4].lower()}-{card.short_code[4:].lower()} "
    outcome = record_paper_response(clerk, short_code=typed, csat=4, nps=None, ces=7,
                                    comment="Written by hand", contact_requested=False)
    assert outcome == ResponseOutcome.RECORDED
    row = SurveyResponse.get()
    assert (row.card_id, row.csat, row.nps, row.ces, row.source) == (card.id, 4, None, 7, "paper")
    event = AuditEvent.get(AuditEvent.action == "surveys.paper_entry")
    assert event.staff_id == clerk.id and json.loads(event.detail) == {"card": card.id}


def test_only_a_card_printed_for_a_complaint_asks_to_contact_the_customer(
    clerk: Staff, card: SurveyCard, complaint_card: SurveyCard
) -> None:
    """The shop can call back the customer of a complaint; on a card for no one in particular a
    tick would name no one to call, so the card does not ask and the form does not offer it."""
    described = paper_card(complaint_card.short_code)
    assert described is not None and Question.CONTACT in described.questions
    assert record_paper_response(clerk, short_code=complaint_card.short_code, csat=5, nps=None, ces=None,
                                 comment="", contact_requested=True) == ResponseOutcome.RECORDED
    assert SurveyResponse.get(SurveyResponse.card == complaint_card.id).contact_requested

    described = paper_card(card.short_code)
    assert described is not None and Question.CONTACT not in described.questions
    with pytest.raises(ValidationError):
        record_paper_response(clerk, short_code=card.short_code, csat=5, nps=None, ces=None,
                              comment="", contact_requested=True)
    assert not SurveyResponse.select().where(SurveyResponse.card == card.id).exists()


def test_a_card_keyed_in_twice_is_reported_and_not_stored(clerk: Staff, card: SurveyCard) -> None:
    kwargs = {"csat": 4, "nps": 8, "ces": None, "comment": "", "contact_requested": False}
    assert record_paper_response(clerk, short_code=card.short_code, **kwargs) == "recorded"
    assert record_paper_response(clerk, short_code=card.short_code,
                                 **kwargs) == ResponseOutcome.ALREADY_ANSWERED
    assert SurveyResponse.select().count() == 1
    assert AuditEvent.select().where(AuditEvent.action == "surveys.paper_entry").count() == 1


def test_paper_ignores_expiry_because_the_card_was_filled_in_earlier(
    clerk: Staff, card: SurveyCard
) -> None:
    SurveyCard.update(expires_at=clock.utcnow() - dt.timedelta(days=1)).execute()
    assert record_paper_response(clerk, short_code=card.short_code, csat=3, nps=None, ces=None,
                                 comment="", contact_requested=False) == "recorded"


def test_unknown_code_and_bad_values(clerk: Staff, card: SurveyCard) -> None:
    with pytest.raises(NotFound):
        record_paper_response(clerk, short_code="ZZZZZZZZ", csat=3, nps=None, ces=None,
                              comment="", contact_requested=False)
    with pytest.raises(ValidationError):
        record_paper_response(clerk, short_code=card.short_code, csat=6, nps=None, ces=None,
                              comment="", contact_requested=False)
    assert SurveyResponse.select().count() == 0


def test_a_disabled_account_cannot_enter_answers(clerk: Staff, card: SurveyCard) -> None:
    clerk.active = False
    with pytest.raises(PermissionDenied):
        record_paper_response(clerk, short_code=card.short_code, csat=3, nps=None, ces=None,
                              comment="", contact_requested=False)
    assert clerk.role == Role.STAFF
