"""Fixtures for the survey server: the real app factory over the test's database."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient

from smallcs.models import Staff, Survey, SurveyCard
from smallcs.surveys import RateLimiter, issue_cards
from smallcs.web.app import create_app
from smallcs.web.server import SurveyServer
from tests.surveys.conftest import complaint_card  # noqa: F401  (a fixture)


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
def server(owner: Staff, db_target: str) -> Iterator[SurveyServer]:
    """The real survey server (waitress) on a free loopback port over the test's database."""
    survey_server = SurveyServer(db_target, host="127.0.0.1", port=0)
    survey_server.start()
    try:
        yield survey_server
    finally:
        survey_server.stop()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def nonce_of(html: str) -> str:
    match = re.search(r'name="nonce" value="([^"]+)"', html)
    assert match, "the form has no nonce"
    return match.group(1)


def contrast(first: str, second: str) -> float:
    """WCAG's contrast ratio of two #RRGGBB colours (1 to 21), written out here to check the pages by."""
    def luminance(colour: str) -> float:
        channels = []
        for start in (1, 3, 5):
            c = int(colour[start:start + 2], 16) / 255
            channels.append(c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4)
        return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]

    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)
