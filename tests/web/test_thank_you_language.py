"""The thank-you page shows the shop's own words in the language the customer answered in (issue #5).

A survey's thank-you text is written once per language; a language without its own
shows the first language's, marked with that language so a screen reader reads it so.
Runs on SQLite and PostgreSQL (where the survey comes through ``survey_card_by_token``,
migration 0015), through Flask's test client and through waitress on loopback.
"""

from __future__ import annotations

import dataclasses
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from smallcs import clock, setup
from smallcs.models import Staff, Survey, SurveyCard, database
from smallcs.models.connection import close_database, migration_runner, open_database
from smallcs.surveys import issue_cards
from smallcs.surveys.cards import find_card, new_short_code, new_token, thank_you_in
from smallcs.surveys.definitions import get_survey, update_survey
from smallcs.web.app import create_app
from smallcs.web.server import SurveyServer
from tests.conftest import OWNER_PASSWORD
from tests.web.conftest import nonce_of

ENGLISH = "Show this page at the till for a free coffee."
SPANISH = "Enseñe esta página en caja: le invitamos a un café."


@pytest.fixture
def bilingual(owner: Staff, survey: Survey) -> Survey:
    """The shop's survey in English, Spanish and French; English and Spanish have their own text."""
    update_survey(owner, survey.id, dataclasses.replace(
        get_survey(survey.id).definition, languages=("en", "es", "fr"), thank_you_text=ENGLISH,
        thank_you_translations={"es": SPANISH}))
    return survey


def _answered(client: FlaskClient, token: str, lang: str) -> str:
    """Answer a card's page in ``lang`` and return the thank-you page it leads to."""
    page = client.get(f"/s/{token}?lang={lang}").get_data(as_text=True)
    sent = client.post(f"/s/{token}", data={"nonce": nonce_of(page), "lang": lang, "csat": "5"})
    assert sent.status_code == 303 and sent.headers["Location"].endswith(f"/thanks?lang={lang}")
    thanks = client.get(sent.headers["Location"])
    assert thanks.status_code == 200
    return thanks.get_data(as_text=True)


def test_each_language_reads_its_own_text_and_the_others_the_first_languages(
    client: FlaskClient, owner: Staff, bilingual: Survey,
) -> None:
    cards = issue_cards(owner, survey_id=bilingual.id, count=3)
    spanish = _answered(client, cards[0].token, "es")
    assert '<html lang="es">' in spanish and "¡Gracias! Hemos recibido su respuesta." in spanish
    assert f'<p lang="es">{SPANISH}</p>' in spanish and ENGLISH not in spanish
    english = _answered(client, cards[1].token, "en")
    assert f'<p lang="en">{ENGLISH}</p>' in english and SPANISH not in english
    # French has no text of its own: the English one, marked English inside the French page.
    french = _answered(client, cards[2].token, "fr")
    assert '<html lang="fr">' in french and f'<p lang="en">{ENGLISH}</p>' in french
    # Pages are held once rendered (PageCache): each language keeps its own text on a second visit.
    for token, lang, shown in ((cards[0].token, "es", f'<p lang="es">{SPANISH}</p>'),
                               (cards[2].token, "fr", f'<p lang="en">{ENGLISH}</p>')):
        assert shown in client.get(f"/s/{token}/thanks?lang={lang}").get_data(as_text=True)


def test_a_spanish_card_thanks_in_spanish_on_an_english_phone(
    client: FlaskClient, owner: Staff, bilingual: Survey,
) -> None:
    card = issue_cards(owner, survey_id=bilingual.id, count=1, language="es")[0]
    page = client.get(f"/s/{card.token}", headers={"Accept-Language": "en"}).get_data(as_text=True)
    sent = client.post(f"/s/{card.token}", headers={"Accept-Language": "en"},
                       data={"nonce": nonce_of(page), "csat": "4"})
    html = client.get(sent.headers["Location"], headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert f'<p lang="es">{SPANISH}</p>' in html


def test_a_changed_text_shows_at_once(client: FlaskClient, owner: Staff, bilingual: Survey) -> None:
    card = issue_cards(owner, survey_id=bilingual.id, count=1)[0]
    assert SPANISH in _answered(client, card.token, "es")
    update_survey(owner, bilingual.id, dataclasses.replace(
        get_survey(bilingual.id).definition, thank_you_translations={"es": "¡Hasta pronto!"}))
    html = client.get(f"/s/{card.token}/thanks?lang=es").get_data(as_text=True)
    assert '<p lang="es">¡Hasta pronto!</p>' in html and SPANISH not in html
    # Its own text removed: back to the first language's.
    update_survey(owner, bilingual.id, dataclasses.replace(
        get_survey(bilingual.id).definition, thank_you_translations={}))
    html = client.get(f"/s/{card.token}/thanks?lang=es").get_data(as_text=True)
    assert f'<p lang="en">{ENGLISH}</p>' in html


def test_the_card_look_up_brings_the_texts(owner: Staff, bilingual: Survey) -> None:
    """``find_card`` reads the survey as the pages do (on PostgreSQL through the function)."""
    card = issue_cards(owner, survey_id=bilingual.id, count=1)[0]
    found = find_card(card.token)
    assert found is not None
    assert thank_you_in(found.survey, "es") == (SPANISH, "es")
    assert thank_you_in(found.survey, "fr") == (ENGLISH, "en")
    assert thank_you_in(found.survey, "en") == (ENGLISH, "en")


def test_through_waitress_a_portuguese_phone_reads_the_first_languages_text(
    server: SurveyServer, owner: Staff, bilingual: Survey,
) -> None:
    update_survey(owner, bilingual.id, dataclasses.replace(
        get_survey(bilingual.id).definition, languages=("es", "pt", "en"), thank_you_text=SPANISH,
        thank_you_translations={"en": ENGLISH}))
    card = issue_cards(owner, survey_id=bilingual.id, count=1)[0]
    phone = {"Accept-Language": "pt-PT,pt"}
    with urllib.request.urlopen(urllib.request.Request(f"{server.url}/s/{card.token}", headers=phone),
                                timeout=10) as answer:
        page = answer.read().decode()
    body = urllib.parse.urlencode({"nonce": nonce_of(page), "lang": "pt", "nps": "10"}).encode()
    with urllib.request.urlopen(urllib.request.Request(f"{server.url}/s/{card.token}", data=body,
                                                       headers=phone), timeout=10) as answer:
        assert answer.geturl().endswith("/thanks?lang=pt")
        html = answer.read().decode()
    assert "Obrigado! Recebemos a sua resposta." in html and f'<p lang="es">{SPANISH}</p>' in html


def test_a_sqlite_shop_at_migration_0014_keeps_its_text_for_every_language(db_path: Path) -> None:
    """Before, one text was shown whatever the language: after the update it is the first
    language's, and so still shown in every language until the shop writes others."""
    db = open_database(db_path, migrate=False)
    migration_runner(db).up("0014_poster_by_code")
    setup.initialise_shop(business_name="Corner Shop", timezone="Europe/Madrid", owner_username="olivia",
                          owner_display_name="Olivia Owner", owner_password=OWNER_PASSWORD)
    survey_id = database.execute_sql("SELECT id FROM survey WHERE name = 'Customer feedback'").fetchone()[0]
    database.execute_sql("UPDATE survey SET thank_you_text = ?, languages = ? WHERE id = ?",
                         (ENGLISH, '["en", "es"]', survey_id))
    token = new_token()
    database.execute_sql("INSERT INTO survey_card (survey_id, token, short_code, kind, created_at, printed_at)"
                         " VALUES (?, ?, ?, 'poster', ?, ?)",
                         (survey_id, token, new_short_code(), clock.utcnow(), clock.utcnow()))
    close_database()
    db = open_database(db_path)
    try:
        assert Survey.get_by_id(survey_id).thank_you_translations == "{}"
        info = get_survey(survey_id).definition
        assert (info.thank_you_text, info.thank_you_translations) == (ENGLISH, {})
        client = create_app(db_target=str(db_path)).test_client()
        html = _answered(client, token, "es")
        assert '<html lang="es">' in html and f'<p lang="en">{ENGLISH}</p>' in html
        assert SurveyCard.select().count() == 1
        # Applied again (a history row removed by hand): nothing changes, nothing fails.
        database.execute_sql("DELETE FROM schema_migration WHERE name = '0015_thank_you_per_language'")
    finally:
        close_database()
    open_database(db_path)
    try:
        assert get_survey(survey_id).definition.thank_you_text == ENGLISH
    finally:
        close_database()
