"""Recording answers: validation, exactly-once under concurrency, expiry, posters."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import peewee
import pytest

from smallcs import clock
from smallcs.errors import ValidationError
from smallcs.models import Survey, SurveyCard, SurveyResponse, database
from smallcs.models.enums import ResponseSource
from smallcs.surveys import RateLimiter, ResponseOutcome, record_response
from smallcs.surveys.responses import Answer, store_answer

ANSWER: dict[str, Any] = {"csat": 5, "nps": 9, "ces": 6, "comment": "Lovely", "contact_requested": False,
                          "language": "en"}


def answer(**changes: Any) -> dict[str, Any]:
    return {**ANSWER, **changes}


def test_an_answer_lands_with_its_values(card: SurveyCard, survey: Survey) -> None:
    outcome = record_response(token=card.token, **answer(contact_requested=True, language="es"))
    assert outcome == ResponseOutcome.RECORDED
    row = SurveyResponse.get()
    assert (row.card_id, row.survey_id, row.csat, row.nps, row.ces) == (card.id, survey.id, 5, 9, 6)
    assert row.comment == "Lovely" and row.contact_requested and row.language == "es"
    assert row.source == ResponseSource.QR
    assert SurveyCard.get_by_id(card.id).answered_at is not None


def test_a_single_use_card_takes_one_answer(card: SurveyCard) -> None:
    assert record_response(token=card.token, **answer()) == ResponseOutcome.RECORDED
    assert record_response(token=card.token, **answer(csat=1)) == ResponseOutcome.ALREADY_ANSWERED
    assert SurveyResponse.select().count() == 1 and SurveyResponse.get().csat == 5


def test_exactly_once_under_concurrent_submits(card: SurveyCard) -> None:
    """Eight threads, each with its own connection, submit the same token at once."""
    workers = 8
    barrier = threading.Barrier(workers)
    outcomes: list[ResponseOutcome] = []
    errors: list[BaseException] = []

    def submit(n: int) -> None:
        try:
            database.connect(reuse_if_open=True)
            barrier.wait(timeout=10)
            outcomes.append(record_response(token=card.token, **answer(nps=n)))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            database.close()

    threads = [threading.Thread(target=submit, args=(n,)) for n in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert not errors
    assert sorted(outcomes) == sorted([ResponseOutcome.RECORDED]
                                      + [ResponseOutcome.ALREADY_ANSWERED] * (workers - 1))
    assert SurveyResponse.select().where(SurveyResponse.card == card.id).count() == 1


def test_unknown_and_expired_tokens(card: SurveyCard) -> None:
    assert record_response(token="x" * 22, **answer()) == ResponseOutcome.UNKNOWN
    SurveyCard.update(expires_at=clock.utcnow() - dt.timedelta(minutes=1)).execute()
    assert record_response(token=card.token, **answer()) == ResponseOutcome.EXPIRED
    assert SurveyResponse.select().count() == 0


def test_a_switched_off_survey_takes_no_answers(card: SurveyCard, survey: Survey) -> None:
    Survey.update(active=False).execute()
    assert record_response(token=card.token, **answer()) == ResponseOutcome.EXPIRED


@pytest.mark.parametrize(("changes", "field"), [
    ({"csat": 0}, "csat"), ({"csat": 6}, "csat"), ({"nps": -1}, "nps"), ({"nps": 11}, "nps"),
    ({"ces": 0}, "ces"), ({"ces": 8}, "ces"), ({"csat": True}, "csat"), ({"nps": "9"}, "nps"),
    ({"comment": "x" * 2001}, "comment"),
    ({"csat": None, "nps": None, "ces": None, "comment": "  \n "}, "answer"),
    ({"language": "xx"}, "language"),
])
def test_refused_values_change_nothing(card: SurveyCard, changes: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        record_response(token=card.token, **answer(**changes))
    assert caught.value.field == field
    assert SurveyResponse.select().count() == 0
    assert SurveyCard.get_by_id(card.id).answered_at is None


def test_questions_the_survey_does_not_ask_are_refused(card: SurveyCard, survey: Survey) -> None:
    Survey.update(questions='["nps"]').execute()
    with pytest.raises(ValidationError):
        record_response(token=card.token, **answer())
    assert record_response(token=card.token, csat=None, nps=10, ces=None, comment="",
                           contact_requested=False, language="en") == ResponseOutcome.RECORDED


def test_one_answer_or_a_comment_is_enough(owner: Any, survey: Survey) -> None:
    from smallcs.surveys import issue_cards

    first, second = issue_cards(owner, survey_id=survey.id, count=2)
    assert record_response(token=first.token, **answer(csat=None, nps=None, ces=None,
                                                       comment="Only words")) == "recorded"
    assert record_response(token=second.token, **answer(nps=None, ces=None, comment="")) == "recorded"


@pytest.mark.parametrize("comment", [
    "<script>alert('x')</script>",
    "'; DROP TABLE survey_response; --",
    "Great 👍🏽 service 🎉 — merci «très» bien",
    "שירות מצוין, תודה רבה",  # right-to-left
    "ممتاز \u202eevil\u202c",
    "é" * 2000,
    "🙂" * 2000,
])
def test_hostile_comments_are_stored_faithfully(card: SurveyCard, comment: str) -> None:
    assert record_response(token=card.token, **answer(comment=comment)) == ResponseOutcome.RECORDED
    assert SurveyResponse.get().comment == comment
    assert "survey_response" in database.get_tables()


def test_nul_bytes_and_crlf_are_cleaned(card: SurveyCard) -> None:
    record_response(token=card.token, **answer(comment=" line one\r\nline\x00 two \r\n"))
    assert SurveyResponse.get().comment == "line one\nline two"


def test_posters_take_many_answers_but_rate_limit_each_client(
    poster: SurveyCard, limiter: RateLimiter
) -> None:
    for _i in range(5):
        assert record_response(token=poster.token, **answer(), client_key="10.0.0.5",
                               limiter=limiter) == ResponseOutcome.RECORDED
    assert record_response(token=poster.token, **answer(), client_key="10.0.0.5",
                           limiter=limiter) == ResponseOutcome.RATE_LIMITED
    assert record_response(token=poster.token, **answer(), client_key="10.0.0.6",
                           limiter=limiter) == ResponseOutcome.RECORDED
    assert SurveyResponse.select().count() == 6
    assert SurveyCard.get_by_id(poster.id).answered_at is None


def test_invalid_poster_answers_do_not_use_up_the_limit(
    poster: SurveyCard, limiter: RateLimiter
) -> None:
    for _i in range(10):
        with pytest.raises(ValidationError):
            record_response(token=poster.token, **answer(csat=9), client_key="a", limiter=limiter)
    assert record_response(token=poster.token, **answer(), client_key="a",
                           limiter=limiter) == ResponseOutcome.RECORDED


def test_a_card_is_marked_answered_when_its_answer_was_given(card: SurveyCard, survey: Survey) -> None:
    """An imported answer keeps its time, and its card is answered at that time (both databases)."""
    given = dt.datetime(2026, 10, 3, 9, 15)
    stored = store_answer(card, survey, Answer(csat=4, nps=None, ces=None, comment="", contact_requested=False,
                                               language="en"), source=ResponseSource.IMPORT, submitted_at=given)
    assert stored is not None and SurveyResponse.get_by_id(stored.id).submitted_at == given
    assert SurveyCard.get_by_id(card.id).answered_at == given
    again = store_answer(card, survey, Answer(csat=1, nps=None, ces=None, comment="", contact_requested=False,
                                              language="en"), source=ResponseSource.IMPORT)
    assert again is None and SurveyResponse.select().count() == 1


def test_an_answer_the_database_refuses_leaves_its_card_unanswered(card: SurveyCard, survey: Survey) -> None:
    """The answer and the card's mark land together or not at all."""
    out_of_range = Answer(csat=9, nps=None, ces=None, comment="", contact_requested=False, language="en")
    with pytest.raises(peewee.IntegrityError):
        store_answer(card, survey, out_of_range, source=ResponseSource.QR)
    assert SurveyResponse.select().count() == 0 and SurveyCard.get_by_id(card.id).answered_at is None
    assert record_response(token=card.token, **answer()) == ResponseOutcome.RECORDED
