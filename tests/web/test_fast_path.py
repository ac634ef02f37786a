"""The survey page and its answer served in front of Flask (``web.fast``): the same pages, never stale.

Whether Flask saw a request is observed through its ``request_started`` signal.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from flask import Flask, request_started
from flask.testing import FlaskClient

from smallcs import settings
from smallcs.models import Staff, Survey, SurveyCard, SurveyResponse
from smallcs.models.enums import CardKind, Question
from smallcs.surveys import issue_cards
from smallcs.surveys.definitions import SurveyDefinition, update_survey
from smallcs.web.app import ProfileCache
from tests.web.conftest import nonce_of


@contextmanager
def flask_requests(app: Flask) -> Iterator[list[str]]:
    """The paths of the requests Flask itself handled meanwhile."""
    seen: list[str] = []

    def started(sender: Flask, **extra: object) -> None:
        from flask import request

        seen.append(request.path)

    with request_started.connected_to(started, app):
        yield seen


def _masked(html: str) -> str:
    """A page with its per-visit values (form nonce, CSP nonce) blanked."""
    html = re.sub(r'name="nonce" value="[^"]+"', 'name="nonce" value=""', html)
    return re.sub(r'<style nonce="[^"]+">', '<style nonce="">', html)


def _cards(owner: Staff, survey: Survey, count: int, kind: CardKind = CardKind.SINGLE) -> list[SurveyCard]:
    return issue_cards(owner, survey_id=survey.id, count=count, kind=kind)


def test_a_held_page_is_served_without_flask_and_is_the_same_page(
    app: Flask, client: FlaskClient, owner: Staff, survey: Survey,
) -> None:
    first, second = _cards(owner, survey, 2)
    with flask_requests(app) as seen:
        rendered = client.get(f"/s/{first.token}", headers={"Accept-Language": "fr"})
        held = client.get(f"/s/{second.token}", headers={"Accept-Language": "fr"})
    assert seen == [f"/s/{first.token}"]  # rendered once by Flask, then served in front of it
    assert held.status_code == rendered.status_code == 200
    assert _masked(held.get_data(as_text=True)).replace(second.token, first.token) == \
        _masked(rendered.get_data(as_text=True))
    csp = held.headers["Content-Security-Policy"]
    assert dict(held.headers) | {"Content-Security-Policy": ""} == \
        dict(rendered.headers) | {"Content-Security-Policy": ""}
    csp_nonce = re.search(r"'nonce-([^']+)'", csp).group(1)
    assert f'<style nonce="{csp_nonce}">' in held.get_data(as_text=True)
    assert held.headers["Content-Language"] == "fr" and '<html lang="fr">' in held.get_data(as_text=True)
    assert client.head(f"/s/{second.token}").data == b""


def test_an_answer_is_recorded_once_without_flask(
    app: Flask, client: FlaskClient, owner: Staff, survey: Survey,
) -> None:
    card, = _cards(owner, survey, 1)
    client.get(f"/s/{_cards(owner, survey, 1)[0].token}")  # the page is held from now on
    data = {"nonce": nonce_of(client.get(f"/s/{card.token}").get_data(as_text=True)), "lang": "en",
            "csat": "5", "nps": "9", "ces": "6", "comment": "Quick <b>and</b> friendly ✓"}
    with flask_requests(app) as seen:
        response = client.post(f"/s/{card.token}?lang=de", data=data, headers={"Accept-Language": "de"})
    assert seen == []
    assert response.status_code == 303 and response.data == b""
    assert response.headers["Location"] == f"/s/{card.token}/thanks?lang=en"  # the form's language
    assert response.headers["X-Frame-Options"] == "DENY" and "Content-Security-Policy" in response.headers
    row = SurveyResponse.get()
    assert (row.card_id, row.csat, row.nps, row.ces, row.language, row.source) == (card.id, 5, 9, 6, "en", "qr")
    assert row.comment == "Quick <b>and</b> friendly ✓"
    assert SurveyCard.get_by_id(card.id).answered_at is not None

    with flask_requests(app) as seen:
        again = client.post(f"/s/{card.token}", data=data)
    assert seen == [f"/s/{card.token}"]  # not open any more: Flask says so
    assert again.status_code == 200 and "already been answered" in again.get_data(as_text=True)
    assert SurveyResponse.select().count() == 1


def test_a_form_sent_back_reaches_flask_with_its_body(
    app: Flask, client: FlaskClient, owner: Staff, survey: Survey,
) -> None:
    card, = _cards(owner, survey, 1)
    data = {"nonce": nonce_of(client.get(f"/s/{card.token}").get_data(as_text=True)), "lang": "en",
            "nps": "7", "comment": "typed & kept"}
    with flask_requests(app) as seen:
        stale = client.post(f"/s/{card.token}", data={**data, "nonce": "1000000000.abc"})
        out_of_range = client.post(f"/s/{card.token}", data={**data, "csat": "9"})
    assert seen == [f"/s/{card.token}"] * 2
    for response in (stale, out_of_range):
        assert response.status_code == 400
        assert ">typed &amp; kept</textarea>" in response.get_data(as_text=True)
        assert 'id="nps-7" name="nps" value="7" checked' in response.get_data(as_text=True)
    assert "Choose a score from 1 to 5." in out_of_range.get_data(as_text=True)
    assert SurveyResponse.select().count() == 0


def test_poster_answers_keep_their_rate_limit(client: FlaskClient, owner: Staff, survey: Survey) -> None:
    poster, = _cards(owner, survey, 1, kind=CardKind.POSTER)
    statuses = []
    for _n in range(6):
        data = {"nonce": nonce_of(client.get(f"/s/{poster.token}").get_data(as_text=True)),
                "lang": "en", "csat": "4"}
        statuses.append(client.post(f"/s/{poster.token}", data=data).status_code)
    assert statuses == [303] * 5 + [429]
    assert SurveyResponse.select().count() == 5


def test_a_held_page_follows_a_survey_edit(
    app: Flask, client: FlaskClient, owner: Staff, survey: Survey,
) -> None:
    first, second = _cards(owner, survey, 2)
    assert 'name="nps"' in client.get(f"/s/{first.token}").get_data(as_text=True)
    update_survey(owner, survey.id, SurveyDefinition(name=survey.name, questions=(Question.CSAT, Question.COMMENT),
                                                     languages=("es", "en")))
    with flask_requests(app) as seen:
        html = client.get(f"/s/{second.token}").get_data(as_text=True)
    assert seen == [f"/s/{second.token}"]  # a survey never seen in this shape: rendered anew
    assert 'name="nps"' not in html and 'name="csat"' in html
    assert '<html lang="es">' in html  # the survey's first language now
    update_survey(owner, survey.id, SurveyDefinition(name=survey.name, questions=(Question.CSAT,),
                                                     languages=("es", "en"), active=False))
    closed = client.get(f"/s/{second.token}")
    assert closed.status_code == 410


def test_a_held_page_follows_the_shops_name_and_colour(
    client: FlaskClient, owner: Staff, survey: Survey, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(ProfileCache, "TTL", 0.0)  # the server reads the profile again every 5 s
    first, second = _cards(owner, survey, 2)
    client.get(f"/s/{first.token}")
    profile = settings.get_profile()
    settings.put_value("business_profile", {**profile.__dict__, "name": "Other Shop",
                                            "accent_colour": "#AA3300"})
    html = client.get(f"/s/{second.token}").get_data(as_text=True)
    assert "<h1>Other Shop</h1>" in html and "#AA3300" in html and "Corner Shop" not in html


def test_a_complaints_card_and_a_loose_card_each_get_their_own_page_in_front_of_flask(
    app: Flask, client: FlaskClient, owner: Staff, survey: Survey, complaint_card: SurveyCard,
) -> None:
    loose, other_loose = _cards(owner, survey, 2)
    client.get(f"/s/{loose.token}")  # the loose cards' page is held from now on
    with flask_requests(app) as seen:
        asked = client.get(f"/s/{complaint_card.token}").get_data(as_text=True)
        not_asked = client.get(f"/s/{other_loose.token}").get_data(as_text=True)
    assert seen == [f"/s/{complaint_card.token}"]  # its page was not held yet
    assert 'name="contact"' in asked and 'name="contact"' not in not_asked

    # A tick sent for the loose card (its page has no box) is not stored, in front of Flask too.
    data = {"nonce": nonce_of(not_asked), "lang": "en", "csat": "4", "contact": "1"}
    with flask_requests(app) as seen:
        assert client.post(f"/s/{other_loose.token}", data=data).status_code == 303
    assert seen == []
    assert SurveyResponse.get(SurveyResponse.card == other_loose.id).contact_requested is False
    data = {"nonce": nonce_of(asked), "lang": "en", "csat": "2", "contact": "1"}
    assert client.post(f"/s/{complaint_card.token}", data=data).status_code == 303
    assert SurveyResponse.get(SurveyResponse.card == complaint_card.id).contact_requested is True
