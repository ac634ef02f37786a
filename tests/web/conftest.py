"""Fixtures for the survey server: the real app factory over the test's database."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

from smallcs.models import Staff, Survey, SurveyCard
from smallcs.surveys import RateLimiter, issue_cards
from smallcs.web.app import create_app


@pytest.fixture
def survey(owner: Staff) -> Survey:
    return Survey.get(Survey.name == "Customer feedback")


@pytest.fixture
def card(owner: Staff, survey: Survey) -> SurveyCard:
    return issue_cards(owner, survey_id=survey.id, count=1)[0]


@pytest.fixture
def limiter() -> RateLimiter:
    return RateLimiter(limit=5, window=600)


@pytest.fixture
def app(owner: Staff, db_target: str, limiter: RateLimiter) -> Flask:
    return create_app(db_target=db_target, limiter=limiter)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def nonce_of(html: str) -> str:
    match = re.search(r'name="nonce" value="([^"]+)"', html)
    assert match, "the form has no nonce"
    return match.group(1)
