"""Fixtures for the survey services: the seeded survey and fresh cards."""

from __future__ import annotations

import pytest

from smallcs.models import Staff, Survey, SurveyCard
from smallcs.models.enums import CardKind
from smallcs.surveys import RateLimiter, issue_cards


@pytest.fixture
def survey(owner: Staff) -> Survey:
    """The default survey every shop starts with."""
    return Survey.get(Survey.name == "Customer feedback")


@pytest.fixture
def card(owner: Staff, survey: Survey) -> SurveyCard:
    return issue_cards(owner, survey_id=survey.id, count=1)[0]


@pytest.fixture
def poster(owner: Staff, survey: Survey) -> SurveyCard:
    return issue_cards(owner, survey_id=survey.id, count=1, kind=CardKind.POSTER)[0]


@pytest.fixture
def limiter() -> RateLimiter:
    """A limiter of its own per test, so tests do not share the process-wide counts."""
    return RateLimiter(limit=5, window=600)
