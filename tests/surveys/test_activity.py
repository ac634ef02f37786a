"""What the Surveys page shows: cards printed and answered per survey, and the latest answers."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from smallcs import complaints
from smallcs.models import Category, Staff, Survey, SurveyCard, SurveyResponse
from smallcs.models.enums import CardKind, Channel, Question, ResponseSource
from smallcs.surveys import (
    RateLimiter,
    ResponseOutcome,
    issue_cards,
    record_paper_response,
    record_response,
    validate_answer,
)
from smallcs.surveys.activity import (
    RECENT_ANSWERS,
    RecentAnswer,
    SurveyActivity,
    is_low_score,
    latest_answer_marker,
    recent_answers,
    survey_activity,
)
from smallcs.surveys.definitions import SurveyDefinition, create_survey
from smallcs.surveys.responses import store_answer

MADRID = ZoneInfo("Europe/Madrid")  # the owner fixture's shop zone


def answer_qr(card: SurveyCard, **values: Any) -> ResponseOutcome:
    fields: dict[str, Any] = {"csat": 5, "nps": None, "ces": None, "comment": "",
                              "contact_requested": False, "language": "en", **values}
    return record_response(token=card.token, limiter=RateLimiter(limit=100, window=600), **fields)


def answer_at(card: SurveyCard, at: dt.datetime, *, source: ResponseSource = ResponseSource.QR,
              **values: Any) -> SurveyResponse:
    """Store an answer as if submitted at ``at`` (naive UTC, as stored)."""
    survey = Survey.get_by_id(card.survey_id)
    fields: dict[str, Any] = {"csat": None, "nps": None, "ces": None, "comment": "",
                              "contact_requested": False, "language": "en", **values}
    stored = store_answer(card, survey, validate_answer(list(Question), **fields), source=source,
                          submitted_at=at)
    assert stored is not None
    return stored


def new_survey(actor: Staff, name: str) -> int:
    return create_survey(actor, SurveyDefinition(name=name, questions=tuple(Question),
                                                 languages=("en",)))


# --- counts ----------------------------------------------------------------------------------


def test_no_cards_and_no_answers_means_no_activity(owner: Staff, survey: Survey) -> None:
    assert survey_activity() == {}
    assert SurveyActivity().response_rate is None


def test_counts_per_survey(owner: Staff, clerk: Staff, survey: Survey) -> None:
    slips = issue_cards(owner, survey_id=survey.id, count=4)
    [poster] = issue_cards(owner, survey_id=survey.id, count=1, kind=CardKind.POSTER)
    other = new_survey(owner, "Delivery")
    issue_cards(owner, survey_id=other, count=1, kind=CardKind.POSTER)
    quiet = new_survey(owner, "Never printed")

    assert answer_qr(slips[0]) == ResponseOutcome.RECORDED
    assert record_paper_response(clerk, short_code=slips[1].short_code, csat=3, nps=None, ces=None,
                                 comment="", contact_requested=False) == ResponseOutcome.RECORDED
    assert answer_qr(slips[0], csat=1) == ResponseOutcome.ALREADY_ANSWERED  # not counted twice
    for _i in range(3):
        assert answer_qr(poster) == ResponseOutcome.RECORDED

    activity = survey_activity()
    assert activity[survey.id] == SurveyActivity(cards=5, single_cards=4, answered_cards=2, answers=5)
    assert activity[survey.id].response_rate == pytest.approx(0.5)
    # Posters only: printed, but no single-use card to give a response rate.
    assert activity[other] == SurveyActivity(cards=1, single_cards=0, answered_cards=0, answers=0)
    assert activity[other].response_rate is None
    assert quiet not in activity
    assert set(activity) == {survey.id, other}


def test_printed_but_unanswered_cards_give_a_zero_rate(owner: Staff, survey: Survey) -> None:
    issue_cards(owner, survey_id=survey.id, count=3)
    activity = survey_activity()[survey.id]
    assert (activity.cards, activity.single_cards, activity.answered_cards, activity.answers) == (3, 3, 0, 0)
    assert activity.response_rate == 0.0


def test_every_card_answered_is_a_full_rate(owner: Staff, survey: Survey) -> None:
    for card in issue_cards(owner, survey_id=survey.id, count=3):
        answer_qr(card)
    assert survey_activity()[survey.id].response_rate == 1.0


# --- recent answers ----------------------------------------------------------------------------


def test_recent_answers_newest_first_in_the_shops_time_zone(owner: Staff, survey: Survey) -> None:
    [poster] = issue_cards(owner, survey_id=survey.id, count=1, kind=CardKind.POSTER)
    winter = answer_at(poster, dt.datetime(2026, 1, 15, 10, 0), csat=2)
    summer = answer_at(poster, dt.datetime(2026, 7, 1, 23, 30), nps=10)
    spring = answer_at(poster, dt.datetime(2026, 4, 2, 8, 0), ces=6)

    rows = recent_answers()
    assert [r.id for r in rows] == [summer.id, spring.id, winter.id]
    # Stored in UTC; shown on Madrid's wall clock (CEST +2 in summer, CET +1 in winter),
    # so a late summer evening in UTC is already the next day at the shop.
    wall = [(r.submitted_at.replace(tzinfo=None), r.submitted_at.utcoffset()) for r in rows]
    assert wall == [(dt.datetime(2026, 7, 2, 1, 30), dt.timedelta(hours=2)),
                    (dt.datetime(2026, 4, 2, 10, 0), dt.timedelta(hours=2)),
                    (dt.datetime(2026, 1, 15, 11, 0), dt.timedelta(hours=1))]
    assert all(r.submitted_at.tzinfo == MADRID for r in rows)


def test_answers_at_the_same_moment_list_the_later_one_first(owner: Staff, survey: Survey) -> None:
    [poster] = issue_cards(owner, survey_id=survey.id, count=1, kind=CardKind.POSTER)
    at = dt.datetime(2026, 3, 3, 12, 0)
    first = answer_at(poster, at, csat=1)
    second = answer_at(poster, at, csat=2)
    assert [r.id for r in recent_answers()] == [second.id, first.id]


def test_recent_answers_carry_what_the_customer_said(owner: Staff, clerk: Staff, survey: Survey) -> None:
    qr_card, paper = issue_cards(owner, survey_id=survey.id, count=2)
    answer_at(qr_card, dt.datetime(2026, 3, 1, 9, 0), csat=4, nps=9, ces=7, comment="Quick and kind",
              contact_requested=True)
    record_paper_response(clerk, short_code=paper.short_code, csat=None, nps=3, ces=None,
                          comment="Queue too long", contact_requested=False)
    newest, older = recent_answers()
    assert (newest.survey, newest.source, newest.nps, newest.csat, newest.ces) == (
        "Customer feedback", "paper", 3, None, None)
    assert (newest.comment, newest.contact_requested, newest.complaint) == ("Queue too long", False, None)
    assert (older.csat, older.nps, older.ces, older.comment) == (4, 9, 7, "Quick and kind")
    assert older.contact_requested is True and older.source == "qr"


def test_an_answer_on_a_complaints_card_names_the_complaint(
    owner: Staff, clerk: Staff, survey: Survey
) -> None:
    delivery = Category.get(Category.name == "Delivery delay")
    complaint = complaints.create_complaint(clerk, channel=Channel.PHONE, category_id=delivery.id,
                                            summary="Parcel two days late")
    # Counter staff may print the one card for a complaint they resolve.
    [tied] = issue_cards(clerk, survey_id=survey.id, count=1, complaint_id=complaint.id)
    [loose] = issue_cards(owner, survey_id=survey.id, count=1)
    answer_at(tied, dt.datetime(2026, 5, 5, 10, 0), csat=2)
    answer_at(loose, dt.datetime(2026, 5, 4, 10, 0), csat=5)
    tied_row, loose_row = recent_answers()
    assert tied_row.complaint == complaint.reference and complaint.reference.startswith("C-")
    assert loose_row.complaint is None


def test_recent_answers_of_one_survey(owner: Staff, survey: Survey) -> None:
    delivery = new_survey(owner, "Delivery")
    [ours] = issue_cards(owner, survey_id=survey.id, count=1, kind=CardKind.POSTER)
    [theirs] = issue_cards(owner, survey_id=delivery, count=1, kind=CardKind.POSTER)
    mine = [answer_at(ours, dt.datetime(2026, 2, d, 12, 0), csat=4) for d in (1, 3)]
    other = answer_at(theirs, dt.datetime(2026, 2, 2, 12, 0), csat=1)

    assert [r.id for r in recent_answers(survey_id=survey.id)] == [mine[1].id, mine[0].id]
    assert [(r.id, r.survey) for r in recent_answers(survey_id=delivery)] == [(other.id, "Delivery")]
    assert [r.id for r in recent_answers()] == [mine[1].id, other.id, mine[0].id]
    assert recent_answers(survey_id=new_survey(owner, "Silent")) == []


def test_recent_answers_are_limited_to_the_newest(owner: Staff, survey: Survey) -> None:
    [poster] = issue_cards(owner, survey_id=survey.id, count=1, kind=CardKind.POSTER)
    start = dt.datetime(2026, 1, 1, 8, 0)
    rows = [{"card": poster.id, "survey": survey.id, "submitted_at": start + dt.timedelta(minutes=n),
             "csat": n % 5 + 1, "comment": f"answer {n}", "language": "en",
             "source": ResponseSource.QR.value, "contact_requested": False}
            for n in range(RECENT_ANSWERS + 5)]
    SurveyResponse.insert_many(rows).execute()

    newest = recent_answers()
    assert len(newest) == RECENT_ANSWERS
    assert newest[0].comment == f"answer {RECENT_ANSWERS + 4}" and newest[-1].comment == "answer 5"
    assert [r.comment for r in recent_answers(limit=3)] == [
        f"answer {n}" for n in (RECENT_ANSWERS + 4, RECENT_ANSWERS + 3, RECENT_ANSWERS + 2)]


# --- a tied complaint's customer, low scores, the change marker ---------------------------------


def test_an_answer_on_a_complaints_card_carries_the_complaint_and_its_customer(
    owner: Staff, clerk: Staff, survey: Survey
) -> None:
    from smallcs import customers

    ana = customers.create_customer(clerk, name="Ana Núñez", phone="600 111 222")
    delivery = Category.get(Category.name == "Delivery delay")
    complaint = complaints.create_complaint(clerk, channel=Channel.PHONE, category_id=delivery.id,
                                            summary="Parcel two days late", customer_id=ana.id)
    anonymous = complaints.create_complaint(clerk, channel=Channel.IN_PERSON, category_id=delivery.id,
                                             summary="No name given")
    [tied] = issue_cards(clerk, survey_id=survey.id, count=1, complaint_id=complaint.id)
    [nameless] = issue_cards(clerk, survey_id=survey.id, count=1, complaint_id=anonymous.id)
    [loose] = issue_cards(owner, survey_id=survey.id, count=1)
    answer_at(tied, dt.datetime(2026, 5, 5, 10, 0), nps=2)
    answer_at(nameless, dt.datetime(2026, 5, 4, 10, 0), nps=8)
    answer_at(loose, dt.datetime(2026, 5, 3, 10, 0), nps=10)

    tied_row, nameless_row, loose_row = recent_answers()
    assert (tied_row.complaint_id, tied_row.customer_id, tied_row.customer_name) == (
        complaint.id, ana.id, "Ana Núñez")
    assert (nameless_row.complaint_id, nameless_row.customer_id, nameless_row.customer_name) == (
        anonymous.id, None, "")
    assert (loose_row.complaint_id, loose_row.customer_id) == (None, None)


def _answer(*, csat: int | None = None, nps: int | None = None, ces: int | None = None,
            comment: str = "") -> RecentAnswer:
    return RecentAnswer(id=1, submitted_at=dt.datetime(2026, 5, 5, 12, 0, tzinfo=MADRID), survey="S",
                        csat=csat, nps=nps, ces=ces, comment=comment, contact_requested=False,
                        source="qr", complaint=None)


@pytest.mark.parametrize(("scores", "low"), [
    # NPS detractors are 0-6 (DESIGN.md), passives 7-8 are not low.
    ({"nps": 0}, True), ({"nps": 6}, True), ({"nps": 7}, False), ({"nps": 10}, False),
    # CSAT: 4-5 satisfied, 3 neutral, 1-2 dissatisfied.
    ({"csat": 1}, True), ({"csat": 2}, True), ({"csat": 3}, False), ({"csat": 5}, False),
    # CES: 5-7 easy, 4 the middle, 1-3 hard.
    ({"ces": 1}, True), ({"ces": 3}, True), ({"ces": 4}, False), ({"ces": 7}, False),
    # Any one low score is enough; no score at all (a comment alone) is not low.
    ({"csat": 5, "nps": 9, "ces": 2}, True), ({"csat": 4, "nps": 8, "ces": 5}, False),
    ({"comment": "Terrible"}, False),
])
def test_low_scores_follow_the_metric_definitions(scores: dict[str, Any], low: bool) -> None:
    assert is_low_score(_answer(**scores)) is low


def test_low_scores_are_named_for_the_complaint_summary() -> None:
    assert _answer(csat=2, nps=3, ces=6).low_scores() == [("NPS", 3), ("CSAT", 2)]
    assert _answer(csat=5, nps=10, ces=7).low_scores() == []


def test_the_marker_changes_when_an_answer_arrives_and_only_then(
    owner: Staff, clerk: Staff, survey: Survey
) -> None:
    assert latest_answer_marker() == (0, 0)
    [slip, other] = issue_cards(owner, survey_id=survey.id, count=2)
    assert latest_answer_marker() == (0, 0)  # printing cards is no answer

    assert answer_qr(slip, csat=2) == ResponseOutcome.RECORDED
    first = latest_answer_marker()
    newest = SurveyResponse.select().order_by(SurveyResponse.id.desc()).get()
    assert first == (1, newest.id)
    assert answer_qr(slip, csat=5) == ResponseOutcome.ALREADY_ANSWERED
    assert latest_answer_marker() == first

    assert record_paper_response(clerk, short_code=other.short_code, csat=4, nps=None, ces=None,
                                 comment="", contact_requested=False) == ResponseOutcome.RECORDED
    second = latest_answer_marker()
    assert second[0] == 2 and second[1] > first[1]
    SurveyResponse.delete().where(SurveyResponse.id == newest.id).execute()
    assert latest_answer_marker()[0] == 1  # an answer removed is a change too
