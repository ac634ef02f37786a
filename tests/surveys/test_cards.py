"""Issuing cards: tokens, short codes, URLs, roles and the audit trail."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from smallcs import clock
from smallcs.errors import NotFound, PermissionDenied, ValidationError
from smallcs.models import AuditEvent, Staff, Survey, SurveyCard
from smallcs.models.enums import CardKind, Question
from smallcs.surveys import (
    SHORT_CODE_ALPHABET,
    CardState,
    card_url,
    find_card,
    issue_cards,
    look_up_card,
    survey_questions,
)


def test_cards_get_unguessable_url_safe_tokens_and_unique_short_codes(
    owner: Staff, survey: Survey
) -> None:
    cards = issue_cards(owner, survey_id=survey.id, count=300)
    assert len(cards) == 300 == SurveyCard.select().count()
    tokens = {c.token for c in cards}
    codes = {c.short_code for c in cards}
    assert len(tokens) == 300 and len(codes) == 300
    for c in cards:
        assert re.fullmatch(r"[A-Za-z0-9_-]{22}", c.token)  # 128 bits, URL-safe
        assert len(c.short_code) == 8 and set(c.short_code) <= set(SHORT_CODE_ALPHABET)
        assert c.kind == CardKind.SINGLE and c.answered_at is None
        assert c.printed_at is not None
        assert c.expires_at - c.created_at == dt.timedelta(days=90)
    assert not set("01IOL") & set(SHORT_CODE_ALPHABET)


def test_issuing_is_audited_once_per_batch(owner: Staff, survey: Survey) -> None:
    cards = issue_cards(owner, survey_id=survey.id, count=5, kind=CardKind.POSTER,
                        expires_in_days=None)
    assert all(c.kind == CardKind.POSTER and c.expires_at is None for c in cards)
    event = AuditEvent.get(AuditEvent.action == "surveys.cards_issued")
    assert event.staff_id == owner.id
    detail = json.loads(event.detail)
    assert detail["count"] == 5 and detail["kind"] == "poster"
    assert (detail["first_card"], detail["last_card"]) == (cards[0].id, cards[-1].id)


@pytest.mark.parametrize("count", [0, -1, 1001])
def test_batch_size_is_bounded(owner: Staff, survey: Survey, count: int) -> None:
    with pytest.raises(ValidationError):
        issue_cards(owner, survey_id=survey.id, count=count)
    assert SurveyCard.select().count() == 0


def test_unknown_survey_is_refused(owner: Staff) -> None:
    with pytest.raises(NotFound):
        issue_cards(owner, survey_id=999, count=1)


def test_counter_staff_may_print_only_a_complaints_one_card(clerk: Staff, survey: Survey) -> None:
    with pytest.raises(PermissionDenied):
        issue_cards(clerk, survey_id=survey.id, count=10)
    with pytest.raises(NotFound):  # allowed to try, but the complaint must exist
        issue_cards(clerk, survey_id=survey.id, count=1, complaint_id=12345)
    assert SurveyCard.select().count() == 0


def test_card_url_plain_and_external_form_modes() -> None:
    token = "abcDEF123_-abcDEF123_-"
    assert card_url("http://192.168.1.20:8080", token) == f"http://192.168.1.20:8080/s/{token}"
    assert card_url("https://shop.example/", token) == f"https://shop.example/s/{token}"
    form = "https://forms.example/f/123?entry.42={token}&usp=pp_url"
    assert card_url(form, token) == f"https://forms.example/f/123?entry.42={token}&usp=pp_url"
    with pytest.raises(ValidationError):
        card_url("  ", token)


def test_survey_questions_keep_the_standard_order(survey: Survey) -> None:
    assert survey_questions(survey) == list(Question)
    survey.questions = json.dumps(["comment", "nps", "bogus"])
    assert survey_questions(survey) == [Question.NPS, Question.COMMENT]


def test_look_up_by_exact_token_only(card: SurveyCard) -> None:
    assert find_card(card.token).id == card.id
    assert find_card(card.token.upper() if card.token != card.token.upper() else "x" * 22) is None
    assert find_card(card.token[:-1]) is None
    assert find_card("' OR 1=1 --") is None
    assert find_card("") is None
    assert look_up_card("nope" * 6).state == CardState.UNKNOWN
    assert look_up_card(card.token).state == CardState.OPEN


def test_expired_cards_read_as_expired(card: SurveyCard) -> None:
    SurveyCard.update(expires_at=clock.utcnow() - dt.timedelta(seconds=1)).execute()
    assert look_up_card(card.token).state == CardState.EXPIRED
