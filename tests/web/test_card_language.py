"""The survey page opens in the language the customer's card was printed in (issue #5).

A customer holding a card printed in Spanish, on a phone set to English, must
see the Spanish page that matches the paper in their hand; the switcher still
changes it, and what they send is stored in the language they answered in.
Runs on SQLite and PostgreSQL (on PostgreSQL the card comes through the
function of migration 0010).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from flask.testing import FlaskClient

from smallcs import clock, setup
from smallcs.models import Staff, Survey, SurveyCard, SurveyResponse, database
from smallcs.models.connection import close_database, migration_runner, open_database
from smallcs.models.enums import CardKind, Question
from smallcs.surveys import issue_cards
from smallcs.surveys.cards import new_short_code, new_token
from smallcs.surveys.definitions import SurveyDefinition, update_survey
from smallcs.web.app import create_app
from tests.conftest import OWNER_PASSWORD
from tests.web.conftest import nonce_of

SPANISH_CSAT = "¿Cuál es su grado de satisfacción con Corner Shop?"
ENGLISH_CSAT = "How satisfied were you with Corner Shop?"
GERMAN_CSAT = "Wie zufrieden waren Sie mit Corner Shop?"
ENGLISH_PHONE = {"Accept-Language": "en-GB,en;q=0.9"}


def _spanish_card(owner: Staff, survey: Survey, kind: CardKind = CardKind.SINGLE) -> SurveyCard:
    return issue_cards(owner, survey_id=survey.id, count=1, kind=kind, language="es")[0]


def _page(client: FlaskClient, url: str, headers: dict[str, str] | None = None) -> tuple[int, str]:
    response = client.get(url, headers=headers or ENGLISH_PHONE)
    return response.status_code, response.get_data(as_text=True)


def _send(client: FlaskClient, token: str, page: str, **values: str) -> str:
    """Send the form of ``page`` as a phone would: its hidden fields, its action, these answers."""
    lang = page.split('name="lang" value="', 1)[1].split('"', 1)[0]
    response = client.post(f"/s/{token}?lang={lang}", headers=ENGLISH_PHONE,
                           data={"nonce": nonce_of(page), "lang": lang, **values})
    assert response.status_code == 303, response.get_data(as_text=True)
    return str(response.headers["Location"])


def test_a_spanish_card_opens_in_spanish_on_an_english_phone(
    client: FlaskClient, owner: Staff, survey: Survey,
) -> None:
    card = _spanish_card(owner, survey)
    status, html = _page(client, f"/s/{card.token}")
    assert status == 200
    assert '<html lang="es">' in html and SPANISH_CSAT in html and ENGLISH_CSAT not in html
    assert '<span aria-current="true" lang="es">Español</span>' in html
    assert 'name="switch" value="en"' in html  # the switcher is still there

    thanks = _send(client, card.token, html, csat="5", nps="9")
    assert thanks.endswith(f"/s/{card.token}/thanks?lang=es")
    status, html = _page(client, thanks)
    assert status == 200 and "¡Gracias! Hemos recibido su respuesta." in html
    stored = SurveyResponse.get(SurveyResponse.card == card.id)
    assert (stored.csat, stored.nps, stored.language) == (5, 9, "es")


def test_the_switcher_still_changes_the_language_and_the_answer_says_so(
    client: FlaskClient, owner: Staff, survey: Survey,
) -> None:
    card = _spanish_card(owner, survey)
    status, html = _page(client, f"/s/{card.token}?lang=en")
    assert status == 200 and '<html lang="en">' in html and ENGLISH_CSAT in html
    thanks = _send(client, card.token, html, csat="4")
    assert thanks.endswith("?lang=en")
    assert "Thank you! Your answer has been received." in _page(client, thanks)[1]
    assert SurveyResponse.get(SurveyResponse.card == card.id).language == "en"


def test_an_answer_without_the_forms_language_takes_the_cards(
    client: FlaskClient, owner: Staff, survey: Survey,
) -> None:
    card = _spanish_card(owner, survey)
    html = _page(client, f"/s/{card.token}")[1]
    response = client.post(f"/s/{card.token}", headers=ENGLISH_PHONE,
                           data={"nonce": nonce_of(html), "csat": "3"})
    assert response.headers["Location"].endswith("/thanks?lang=es")
    assert SurveyResponse.get(SurveyResponse.card == card.id).language == "es"


def test_the_cards_other_pages_are_in_its_language_too(
    client: FlaskClient, owner: Staff, survey: Survey,
) -> None:
    card = _spanish_card(owner, survey)
    _send(client, card.token, _page(client, f"/s/{card.token}")[1], csat="5")
    # Opening it again, or the thank-you page without the switcher's word: still Spanish.
    status, html = _page(client, f"/s/{card.token}")
    assert status == 200 and '<html lang="es">' in html
    assert "Esta tarjeta ya ha sido respondida. ¡Gracias!" in html
    status, html = _page(client, f"/s/{card.token}/thanks")
    assert status == 200 and "¡Gracias! Hemos recibido su respuesta." in html
    assert _page(client, f"/s/{card.token}?lang=en")[1].count("already been answered") == 1

    expired = _spanish_card(owner, survey)
    SurveyCard.update(expires_at=clock.utcnow() - dt.timedelta(days=1)) \
        .where(SurveyCard.id == expired.id).execute()
    status, html = _page(client, f"/s/{expired.token}")
    assert status == 410 and '<html lang="es">' in html
    assert "Esta tarjeta de encuesta ha caducado." in html

    # A form the page could not have sent: the message and its way back, in Spanish.
    other = _spanish_card(owner, survey)
    response = client.post(f"/s/{other.token}", headers=ENGLISH_PHONE, json={"csat": 5})
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and '<html lang="es">' in html
    assert f'href="/s/{other.token}"' in html and "Back to the survey" not in html


def test_a_card_without_a_language_follows_the_phone(
    client: FlaskClient, owner: Staff, survey: Survey,
) -> None:
    card = issue_cards(owner, survey_id=survey.id, count=1)[0]  # printed before cards kept it
    assert card.language is None
    status, html = _page(client, f"/s/{card.token}", {"Accept-Language": "de-AT,de;q=0.9"})
    assert status == 200 and '<html lang="de">' in html and GERMAN_CSAT in html
    _send(client, card.token, html, csat="4")
    assert SurveyResponse.get(SurveyResponse.card == card.id).language == "de"


def test_a_language_the_survey_no_longer_offers_gives_way_to_the_phones(
    client: FlaskClient, owner: Staff, survey: Survey,
) -> None:
    card = _spanish_card(owner, survey)
    update_survey(owner, survey.id, SurveyDefinition(
        name=survey.name, questions=(Question.CSAT, Question.COMMENT), languages=("fr", "en")))
    status, html = _page(client, f"/s/{card.token}")
    assert status == 200 and '<html lang="en">' in html and ENGLISH_CSAT in html
    status, html = _page(client, f"/s/{card.token}", {"Accept-Language": "es"})
    assert '<html lang="fr">' in html  # neither offered: the survey's first language


def test_a_poster_speaks_to_each_phone_in_its_own_language(
    client: FlaskClient, owner: Staff, survey: Survey,
) -> None:
    # A poster hangs for every passer-by: the phone's language says more than the wall's.
    poster = _spanish_card(owner, survey, CardKind.POSTER)
    status, html = _page(client, f"/s/{poster.token}")
    assert status == 200 and '<html lang="en">' in html and ENGLISH_CSAT in html
    status, html = _page(client, f"/s/{poster.token}", {"Accept-Language": "es"})
    assert '<html lang="es">' in html and SPANISH_CSAT in html


def spanish_card_printed_at_migration_0009() -> SurveyCard:
    """A single-use card of the seeded survey printed in Spanish by the SmallCS of migration 0009,
    written as it wrote it (today's models have columns that database lacks yet)."""
    survey_id = Survey.select(Survey.id).where(Survey.name == "Customer feedback").scalar()
    token, code = new_token(), new_short_code()
    database.execute_sql("INSERT INTO survey_card (survey_id, token, short_code, kind, created_at, printed_at,"
                         " language) VALUES (%s, %s, %s, 'single', %s, %s, 'es')".replace("%s", database.param),
                         (survey_id, token, code, clock.utcnow(), clock.utcnow()))
    return SurveyCard.select(SurveyCard.id, SurveyCard.token).where(SurveyCard.token == token).get()


def test_a_sqlite_shop_at_migration_0009_updates(db_path: Path) -> None:
    """Nothing to change in a SQLite file (0010 is PostgreSQL's): its Spanish cards open in Spanish."""
    db = open_database(db_path, migrate=False)
    migration_runner(db).up("0009_card_language")
    setup.initialise_shop(business_name="Corner Shop", timezone="Europe/Madrid",
                          owner_username="olivia", owner_display_name="Olivia Owner",
                          owner_password=OWNER_PASSWORD)
    card = spanish_card_printed_at_migration_0009()
    close_database()
    db = open_database(db_path)
    try:
        assert [m.name for m in migration_runner(db).status() if m.applied is None] == []
        client = create_app(db_target=str(db_path)).test_client()
        status, html = _page(client, f"/s/{card.token}")
        assert status == 200 and '<html lang="es">' in html and SPANISH_CSAT in html
    finally:
        close_database()
