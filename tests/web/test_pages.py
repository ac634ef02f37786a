"""The survey pages through Flask's test client on the real app factory."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from flask.testing import FlaskClient

from smallcs import clock, settings
from smallcs.models import Staff, Survey, SurveyCard, SurveyResponse
from smallcs.models.enums import CardKind
from smallcs.surveys import issue_cards
from tests.web.conftest import nonce_of

SECURITY_HEADERS = {
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}


def form(client: FlaskClient, token: str, **values: str) -> dict[str, str]:
    page = client.get(f"/s/{token}")
    return {"nonce": nonce_of(page.get_data(as_text=True)), "lang": "en", **values}


def assert_secure(response: Any) -> None:
    for name, value in SECURITY_HEADERS.items():
        assert response.headers[name] == value
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "script-src" not in csp and "unsafe-inline" not in csp


def test_the_survey_page(client: FlaskClient, card: SurveyCard) -> None:
    response = client.get(f"/s/{card.token}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert len(response.data) < 20 * 1024
    assert "<script" not in html.lower()
    assert_secure(response)
    assert "How satisfied were you with Corner Shop?" in html
    assert "How likely are you to recommend Corner Shop to a friend or colleague?" in html
    assert "Corner Shop made it easy to handle my issue." in html
    # Every control is labelled; scores are radio groups in fieldsets with a legend.
    assert html.count("<fieldset") == 3 and html.count("<legend>") == 3
    for control_id in re.findall(r'<input type="(?:radio|checkbox)" id="([^"]+)"', html):
        assert f'<label for="{control_id}">' in html
    assert '<label class="lbl" for="comment">' in html
    # The only style is inline under the CSP nonce; no external asset of any kind.
    nonce = re.search(r"'nonce-([^']+)'", response.headers["Content-Security-Policy"]).group(1)
    assert f'<style nonce="{nonce}">' in html
    assert not re.search(r'(src|href)="(https?:)?//', html)


def test_language_from_accept_language_and_the_switcher(client: FlaskClient, card: SurveyCard) -> None:
    page = client.get(f"/s/{card.token}", headers={"Accept-Language": "de-AT,de;q=0.9,en;q=0.5"})
    html = page.get_data(as_text=True)
    assert '<html lang="de">' in html and "Wie zufrieden waren Sie mit Corner Shop?" in html
    assert page.headers["Content-Language"] == "de"
    assert '<span aria-current="true" lang="de">Deutsch</span>' in html
    for code in ("en", "es", "fr", "pt"):  # buttons that send the form as it stands (see below)
        assert f'form="answer" name="switch" value="{code}"' in html
    switched = client.get(f"/s/{card.token}?lang=es", headers={"Accept-Language": "de"})
    assert "¿Cuál es su grado de satisfacción con Corner Shop?" in switched.get_data(as_text=True)
    odd = client.get(f"/s/{card.token}?lang=xx", headers={"Accept-Language": "pt-BR"})
    assert '<html lang="pt">' in odd.get_data(as_text=True)


@pytest.mark.parametrize("kind", [CardKind.SINGLE, CardKind.POSTER])
def test_switching_language_keeps_the_answers_and_stores_nothing(
    client: FlaskClient, owner: Staff, survey: Survey, kind: CardKind,
) -> None:
    """The page has no script: the switcher sends the form, and it comes back translated as it was."""
    card = issue_cards(owner, survey_id=survey.id, count=1, kind=kind)[0]
    data = form(client, card.token, csat="2", nps="x", comment="<b>Cola</b> larga")
    for _press in range(6):  # more presses than a poster takes answers from one phone in an hour
        switched = client.post(f"/s/{card.token}", data={**data, "switch": "es"})
        html = switched.get_data(as_text=True)
        assert switched.status_code == 200 and '<html lang="es">' in html
        assert 'id="csat-2" name="csat" value="2" checked' in html
        assert "&lt;b&gt;Cola&lt;/b&gt; larga</textarea>" in html
        assert 'role="alert"' not in html  # the unreadable score is simply not ticked
    assert SurveyResponse.select().count() == 0

    sent = client.post(f"/s/{card.token}", data={**form(client, card.token, csat="2"), "lang": "es"})
    assert sent.status_code == 303 and sent.headers["Location"].endswith("/thanks?lang=es")
    assert [r.csat for r in SurveyResponse.select()] == [2]


def test_shop_name_and_colour_are_escaped_and_validated(
    client: FlaskClient, card: SurveyCard, owner: Staff, survey: Survey
) -> None:
    profile = settings.get_profile()
    settings.put_value("business_profile", {**profile.__dict__, "name": "<b>Bad & Co</b>",
                                            "accent_colour": "red;}</style><script>"})
    html = client.get(f"/s/{card.token}").get_data(as_text=True)
    assert "<b>Bad" not in html and "&lt;b&gt;Bad &amp; Co&lt;/b&gt;" in html
    assert "<script" not in html and "#1F6FB2" in html
    Survey.update(colour="#00aa55").execute()
    assert "#00AA55" in client.get(f"/s/{card.token}").get_data(as_text=True)


def test_submit_then_thanks_then_already_answered(client: FlaskClient, complaint_card: SurveyCard) -> None:
    card = complaint_card
    data = form(client, card.token, csat="4", nps="10", ces="6", comment="<script>alert(1)</script>",
                contact="1")
    response = client.post(f"/s/{card.token}", data=data)
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/s/{card.token}/thanks?lang=en")
    thanks = client.get(response.headers["Location"])
    assert thanks.status_code == 200 and "Thank you!" in thanks.get_data(as_text=True)
    assert_secure(thanks)
    row = SurveyResponse.get()
    assert (row.csat, row.nps, row.ces, row.contact_requested) == (4, 10, 6, True)
    assert row.comment == "<script>alert(1)</script>" and row.source == "qr"

    again = client.post(f"/s/{card.token}", data=data)
    assert again.status_code == 200
    assert "already been answered" in again.get_data(as_text=True)
    visit = client.get(f"/s/{card.token}")
    assert visit.status_code == 200 and "already been answered" in visit.get_data(as_text=True)
    assert SurveyResponse.select().count() == 1


def test_may_we_contact_you_is_asked_only_for_a_complaint(
    client: FlaskClient, owner: Staff, survey: Survey, card: SurveyCard, complaint_card: SurveyCard,
) -> None:
    # The shop can contact the customer of a complaint; whoever scans a poster or a loose card
    # leaves no phone or e-mail to contact.
    poster = issue_cards(owner, survey_id=survey.id, count=1, kind=CardKind.POSTER)[0]
    for anyone in (card, poster):
        page = client.get(f"/s/{anyone.token}").get_data(as_text=True)
        assert 'name="contact"' not in page and "You may contact me" not in page
        # A tick the page never offered (a hand-made request) is not stored.
        sent = client.post(f"/s/{anyone.token}", data=form(client, anyone.token, csat="3", contact="1"))
        assert sent.status_code == 303
    assert [r.contact_requested for r in SurveyResponse.select()] == [False, False]

    page = client.get(f"/s/{complaint_card.token}").get_data(as_text=True)
    assert '<input type="checkbox" id="contact" name="contact" value="1">' in page
    assert '<label for="contact">You may contact me about my answers.</label>' in page


def test_a_stored_comment_is_escaped_when_shown_back(client: FlaskClient, card: SurveyCard) -> None:
    data = form(client, card.token, csat="9", comment="</textarea><script>x()</script>")
    response = client.post(f"/s/{card.token}", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "<script>" not in html and "&lt;/textarea&gt;&lt;script&gt;x()&lt;/script&gt;" in html


@pytest.mark.parametrize(("values", "message"), [
    ({"csat": "9", "nps": "7", "comment": "kept text"},
     "Please check your answers: Choose a score from 1 to 5."),
    ({"nps": "eleven", "comment": "kept text"},
     "Please check your answers: Choose a score from 0 to 10."),
    ({"ces": "-1", "nps": "7", "comment": "kept text"},
     "Please check your answers: Choose a score from 1 to 7."),
    ({"nps": "7", "comment": "x" * 2001},
     "Please check your answers: Your comment is too long (2,000 characters at most)."),
    # Asks once, not "Please check your answers: Please answer ...".
    ({"comment": "   "}, "Please answer at least one question or write a comment."),
])
def test_bad_values_re_render_the_form_keeping_the_input(
    client: FlaskClient, card: SurveyCard, values: dict[str, str], message: str
) -> None:
    response = client.post(f"/s/{card.token}", data=form(client, card.token, **values))
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert re.search(r'role="alert" id="problem"><p>([^<]*)</p>', html).group(1) == message
    if values.get("comment") == "kept text":
        assert ">kept text</textarea>" in html
    if values.get("nps") == "7":
        assert 'id="nps-7" name="nps" value="7" checked' in html
    assert SurveyResponse.select().count() == 0
    assert SurveyCard.get_by_id(card.id).answered_at is None


def test_forged_or_stale_nonce_is_refused(client: FlaskClient, card: SurveyCard) -> None:
    data = form(client, card.token, csat="5", comment="keep me")
    for bad in ("", "123.abc", data["nonce"][:-1] + ("0" if data["nonce"][-1] != "0" else "1"),
                "1000000000." + data["nonce"].split(".")[1]):
        response = client.post(f"/s/{card.token}", data={**data, "nonce": bad})
        assert response.status_code == 400
        html = response.get_data(as_text=True)
        assert "out of date" not in html and ">keep me</textarea>" in html
        assert "your answers were not sent. They are kept below: please tap Send again." in html
        assert 'id="csat-5" name="csat" value="5" checked' in html
        assert nonce_of(html) != bad  # a fresh form to send again
    assert SurveyResponse.select().count() == 0
    # The customer taps Send on the page they were given: it goes through, as typed.
    resent = client.post(f"/s/{card.token}", data={**data, "nonce": nonce_of(html)})
    assert resent.status_code == 303
    assert (SurveyResponse.get().csat, SurveyResponse.get().comment) == (5, "keep me")


def test_cross_site_posts_are_refused(client: FlaskClient, card: SurveyCard) -> None:
    data = form(client, card.token, csat="5")
    response = client.post(f"/s/{card.token}", data=data, headers={"Sec-Fetch-Site": "cross-site"})
    assert response.status_code == 403 and SurveyResponse.select().count() == 0
    ok = client.post(f"/s/{card.token}", data=data, headers={"Sec-Fetch-Site": "same-origin"})
    assert ok.status_code == 303


def test_unknown_token_and_other_paths_get_a_friendly_404(client: FlaskClient) -> None:
    for path in ("/s/NoSuchTokenAnywhere12", "/s/x", "/", "/admin", "/static/x.css",
                 "/s/abc/def/ghi", "/healthz/x"):
        response = client.get(path, headers={"Accept-Language": "es"})
        assert response.status_code == 404, path
        html = response.get_data(as_text=True)
        assert "<!doctype html>" in html and '<html lang="es">' in html
        assert_secure(response)
    assert client.post("/s/NoSuchTokenAnywhere12", data={"csat": "5"}).status_code == 404
    assert client.delete("/s/NoSuchTokenAnywhere12").status_code == 405


def test_expired_card_gets_410(client: FlaskClient, card: SurveyCard) -> None:
    SurveyCard.update(expires_at=clock.utcnow() - dt.timedelta(days=1)).execute()
    response = client.get(f"/s/{card.token}", headers={"Accept-Language": "fr"})
    assert response.status_code == 410 and "expiré" in response.get_data(as_text=True)
    assert client.post(f"/s/{card.token}", data={"csat": "5"}).status_code == 410


def test_a_posters_typed_address_leads_to_its_page_and_no_other_cards(
    client: FlaskClient, owner: Staff, survey: Survey, card: SurveyCard,
) -> None:
    poster = issue_cards(owner, survey_id=survey.id, count=1, kind=CardKind.POSTER)[0]
    code = poster.short_code
    for typed in (code, f"{code[:4]}-{code[4:]}", code.lower()):
        found = client.get(f"/s/{typed}")
        assert found.status_code == 303 and found.headers["Location"] == f"/s/{poster.token}"
    for typed in (card.short_code, code[:-1], code + "A", "%25", "NoSuchTokenAnywhere12"):
        missing = client.get(f"/s/{typed}", headers={"Accept-Language": "de"})
        assert missing.status_code == 404, typed  # a single-use card is reached by its token alone
        assert poster.token not in missing.get_data(as_text=True) and card.token not in missing.get_data(as_text=True)
    SurveyCard.update(expires_at=clock.utcnow() - dt.timedelta(days=1)).where(SurveyCard.id == poster.id).execute()
    assert client.get(f"/s/{code}", follow_redirects=True).status_code == 410
    assert client.get(f"/p/{code}").status_code == 404  # the survey page's own route, no other


def test_over_long_bodies_get_a_friendly_413(client: FlaskClient, card: SurveyCard) -> None:
    data = form(client, card.token, csat="5", comment="x" * (1024 * 1024))
    response = client.post(f"/s/{card.token}", data=data)
    assert response.status_code == 413
    assert "shorten your comment" in response.get_data(as_text=True)
    assert_secure(response)
    assert SurveyResponse.select().count() == 0


def test_a_long_emoji_comment_still_fits(client: FlaskClient, card: SurveyCard) -> None:
    data = form(client, card.token, comment="🙂" * 2000)
    assert client.post(f"/s/{card.token}", data=data).status_code == 303
    assert SurveyResponse.get().comment == "🙂" * 2000


@pytest.mark.parametrize("body", [
    b"csat=5&comment=%FF%FE",  # broken UTF-8
    b"csat=5&comment=caf\xe9",  # raw Latin-1
    b"&".join(b"f%d=1" % n for n in range(100)),  # too many fields
])
def test_hostile_bodies_are_refused_without_storing(
    client: FlaskClient, card: SurveyCard, body: bytes
) -> None:
    response = client.post(f"/s/{card.token}", data=body,
                           content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400
    assert "out of date" in response.get_data(as_text=True)
    assert SurveyResponse.select().count() == 0


def test_other_content_types_are_refused(client: FlaskClient, card: SurveyCard) -> None:
    response = client.post(f"/s/{card.token}", json={"csat": 5})
    assert response.status_code == 400 and SurveyResponse.select().count() == 0


def test_posters_are_rate_limited_per_client(client: FlaskClient, owner: Staff,
                                             survey: Survey) -> None:
    poster = issue_cards(owner, survey_id=survey.id, count=1, kind=CardKind.POSTER)[0]
    for _i in range(5):
        data = form(client, poster.token, csat="5")
        assert client.post(f"/s/{poster.token}", data=data).status_code == 303
    data = form(client, poster.token, csat="5")
    limited = client.post(f"/s/{poster.token}", data=data)
    assert limited.status_code == 429 and int(limited.headers["Retry-After"]) > 0
    assert "Too many answers came from this device just now." in limited.get_data(as_text=True)
    other = client.post(f"/s/{poster.token}", data=data,
                        environ_overrides={"REMOTE_ADDR": "10.1.2.3"})
    assert other.status_code == 303
    assert SurveyResponse.select().count() == 6
    thanks = client.get(f"/s/{poster.token}/thanks")
    assert thanks.status_code == 200


def test_a_poster_form_sent_twice_counts_once(client: FlaskClient, owner: Staff, survey: Survey) -> None:
    """A double tap on Send, or Back after the thank-you page and Send again (survey review: four
    copies of one answer were stored in the same second)."""
    poster = issue_cards(owner, survey_id=survey.id, count=1, kind=CardKind.POSTER)[0]
    data = form(client, poster.token, csat="2", nps="3", comment="Long queue")
    first, again = (client.post(f"/s/{poster.token}", data=data) for _n in range(2))
    assert first.status_code == again.status_code == 303
    assert again.headers["Location"] == first.headers["Location"]  # thanks, as for the first
    assert SurveyResponse.select().count() == 1
    # The next customer's form (another page shown, even in the same second) counts.
    assert client.post(f"/s/{poster.token}", data=form(client, poster.token, csat="5")).status_code == 303
    assert SurveyResponse.select().count() == 2


def test_thanks_page_of_an_unanswered_card_leads_back_to_the_form(
    client: FlaskClient, card: SurveyCard
) -> None:
    response = client.get(f"/s/{card.token}/thanks")
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/s/{card.token}")
    assert client.get("/s/NoSuchTokenAnywhere12/thanks").status_code == 404


def test_the_shops_thank_you_text(client: FlaskClient, card: SurveyCard) -> None:
    Survey.update(thank_you_text="See you <soon>!").execute()
    data = form(client, card.token, nps="9")
    client.post(f"/s/{card.token}", data=data)
    html = client.get(f"/s/{card.token}/thanks").get_data(as_text=True)
    assert '<p lang="en">See you &lt;soon&gt;!</p>' in html


def test_the_shops_thank_you_text_is_marked_with_its_own_language(
    client: FlaskClient, card: SurveyCard
) -> None:
    # Written once, in the survey's first language, and shown in every page language.
    Survey.update(languages='["fr", "de"]', thank_you_text="Un café offert à la caisse !").execute()
    client.post(f"/s/{card.token}", data=form(client, card.token, nps="9"))
    html = client.get(f"/s/{card.token}/thanks?lang=de").get_data(as_text=True)
    assert '<html lang="de">' in html and "Vielen Dank!" in html
    assert '<p lang="fr">Un café offert à la caisse !</p>' in html


def test_healthz(client: FlaskClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200 and response.data == b"ok\n"
    assert response.mimetype == "text/plain"
    assert_secure(response)


def test_an_unexpected_error_is_logged_and_gets_a_friendly_page(
    client: FlaskClient, card: SurveyCard, monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture, allow_warnings: None,
) -> None:
    def broken(token: str) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("smallcs.web.pages.look_up_card", broken)
    response = client.get(f"/s/{card.token}")
    assert response.status_code == 500
    html = response.get_data(as_text=True)
    assert "Something went wrong on our side" in html and "disk on fire" not in html
    assert_secure(response)
    assert any(r.exc_info and "disk on fire" in str(r.exc_info[1]) for r in caplog.records)
    assert card.token not in caplog.text


def test_head_and_options(client: FlaskClient, card: SurveyCard) -> None:
    assert client.head(f"/s/{card.token}").status_code == 200
    assert client.options(f"/s/{card.token}").status_code == 405


def test_each_visit_gets_its_own_token_nonce_and_csp_nonce(
    client: FlaskClient, owner: Staff, survey: Survey
) -> None:
    # The form page is rendered once and filled in per visit (web.pages.PageCache).
    first, second = issue_cards(owner, survey_id=survey.id, count=2)
    pages = [client.get(f"/s/{card.token}") for card in (first, second, first)]
    seen_nonces, seen_csp = set(), set()
    for page, card in zip(pages, (first, second, first), strict=True):
        html = page.get_data(as_text=True)
        assert f'action="/s/{card.token}?lang=en"' in html
        csp_nonce = re.search(r"'nonce-([^']+)'", page.headers["Content-Security-Policy"]).group(1)
        assert f'<style nonce="{csp_nonce}">' in html
        seen_csp.add(csp_nonce)
        seen_nonces.add(nonce_of(html))
    assert len(seen_csp) == 3
    assert len(seen_nonces) >= 2  # the same card within one second may get the same signed nonce
    data = {"nonce": nonce_of(pages[1].get_data(as_text=True)), "lang": "en", "csat": "4"}
    assert client.post(f"/s/{first.token}", data=data).status_code == 400  # second's nonce
    assert client.post(f"/s/{second.token}", data=data).status_code == 303


def test_a_dropped_server_connection_is_replaced(
    client: FlaskClient, card: SurveyCard, db_target: str, monkeypatch: pytest.MonkeyPatch,
) -> None:
    if "://" not in db_target:
        pytest.skip("SQLite has no server to drop the connection")
    import psycopg

    from smallcs.models import database

    monkeypatch.setattr("smallcs.web.app._CHECK_IDLE_AFTER", 0.0)
    assert client.get(f"/s/{card.token}").status_code == 200
    # The page kept this thread's connection; the server ends it (as a restart would).
    backend = database.execute_sql("SELECT pg_backend_pid()").fetchone()[0]
    with psycopg.connect(db_target, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", (backend,))
    assert client.get(f"/s/{card.token}").status_code == 200
    assert database.execute_sql("SELECT pg_backend_pid()").fetchone()[0] != backend
