"""Fixtures for the survey services: the seeded survey and fresh cards."""

from __future__ import annotations

import pytest

from smallcs import complaints
from smallcs.models import Category, Staff, Survey, SurveyCard
from smallcs.models.enums import CardKind, Channel
from smallcs.surveys import RateLimiter, issue_cards


@pytest.fixture
def survey(owner: Staff) -> Survey:
    """The default survey every shop starts with."""
    return Survey.get(Survey.name == "Customer feedback")


@pytest.fixture
def card(owner: Staff, survey: Survey) -> SurveyCard:
    return issue_cards(owner, survey_id=survey.id, count=1)[0]


def a_complaint(owner: Staff) -> int:
    """A new complaint's id, for cards printed for its customer (the shop knows whom to contact)."""
    delivery = Category.get(Category.name == "Delivery delay")
    return complaints.create_complaint(owner, channel=Channel.PHONE, category_id=delivery.id,
                                       summary="Parcel two days late").id


@pytest.fixture
def complaint_card(owner: Staff, survey: Survey) -> SurveyCard:
    """The card printed for one complaint's customer."""
    return issue_cards(owner, survey_id=survey.id, count=1, complaint_id=a_complaint(owner))[0]


@pytest.fixture
def poster(owner: Staff, survey: Survey) -> SurveyCard:
    return issue_cards(owner, survey_id=survey.id, count=1, kind=CardKind.POSTER)[0]


@pytest.fixture
def limiter() -> RateLimiter:
    """A limiter of its own per test, so tests do not share the process-wide counts."""
    return RateLimiter(limit=5, window=600)
