"""End to end through real waitress on a loopback port, as a phone would talk to it."""

from __future__ import annotations

import concurrent.futures
import urllib.error
import urllib.parse
import urllib.request

import pytest

from smallcs.models import Staff, Survey, SurveyCard, SurveyResponse
from smallcs.models.enums import CardKind
from smallcs.surveys import RateLimiter, issue_cards
from smallcs.web.server import SurveyServer
from tests.web.conftest import nonce_of


def fetch(url: str, data: dict[str, str] | None = None) -> tuple[int, str, str]:
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    request = urllib.request.Request(url, data=body, headers={"Accept-Language": "pt-PT,pt"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.geturl(), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, url, error.read().decode()


def test_answer_through_waitress_lands_in_the_database(
    server: SurveyServer, owner: Staff, survey: Survey, complaint_card: SurveyCard
) -> None:
    assert server.running and server.bound_port > 0
    assert server.url == f"http://127.0.0.1:{server.bound_port}"
    card = complaint_card  # asks "May we contact you?"
    [contested] = issue_cards(owner, survey_id=survey.id, count=1)

    assert fetch(f"{server.url}/healthz")[0] == 200
    status, _url, html = fetch(f"{server.url}/s/{card.token}")
    assert status == 200 and len(html.encode()) < 20 * 1024 and "<script" not in html
    assert "Qual é o seu grau de satisfação com Corner Shop?" in html

    answer = {"nonce": nonce_of(html), "lang": "pt", "csat": "5", "nps": "9", "ces": "7",
              "comment": "Atendimento ótimo 👍", "contact": "1"}
    status, final_url, html = fetch(f"{server.url}/s/{card.token}", answer)
    assert status == 200 and final_url.endswith(f"/s/{card.token}/thanks?lang=pt")
    assert "Obrigado! Recebemos a sua resposta." in html
    row = SurveyResponse.get(SurveyResponse.card == card.id)
    assert (row.csat, row.nps, row.ces, row.comment, row.language, row.contact_requested) == (
        5, 9, 7, "Atendimento ótimo 👍", "pt", True)

    # Twenty phones submit the same single-use card at once: exactly one answer is kept.
    nonce = nonce_of(fetch(f"{server.url}/s/{contested.token}")[2])
    with concurrent.futures.ThreadPoolExecutor(max_workers=20) as pool:
        results = list(pool.map(
            lambda n: fetch(f"{server.url}/s/{contested.token}",
                            {"nonce": nonce, "lang": "en", "nps": str(n % 11)}),
            range(20)))
    assert all(status == 200 for status, _u, _h in results)
    thanked = [h for _s, u, h in results if u.endswith("/thanks?lang=en")]
    assert len(thanked) == 1
    assert SurveyResponse.select().where(SurveyResponse.card == contested.id).count() == 1
    assert SurveyCard.get_by_id(contested.id).answered_at is not None

    assert fetch(f"{server.url}/s/NoSuchTokenAnywhere12")[0] == 404


def test_stop_closes_the_port(owner: Staff, db_target: str) -> None:
    survey_server = SurveyServer(db_target, host="127.0.0.1", port=0,
                                 base_url="http://shop.example/")
    survey_server.start()
    port = survey_server.bound_port
    assert survey_server.url == "http://shop.example"
    assert fetch(f"http://127.0.0.1:{port}/healthz")[0] == 200
    survey_server.stop()
    assert not survey_server.running
    with pytest.raises(OSError):  # refused, or reset by the closing socket
        urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
    survey_server.stop()  # stopping twice is harmless


def test_a_taken_port_is_a_clear_error(owner: Staff, db_target: str) -> None:
    import socket

    from smallcs.web.server import ServerError, serve

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(ServerError, match=str(port)):
            SurveyServer(db_target, host="127.0.0.1", port=port).start()
        with pytest.raises(ServerError):
            serve(db_target, host="127.0.0.1", port=port, base_url=None)


def test_a_rate_limited_poster_answer_comes_back_as_typed(
    owner: Staff, survey: Survey, db_target: str, monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The server's own limiter, on a clock the test moves on instead of waiting ten minutes.
    now = [1000.0]
    limiter = RateLimiter(limit=1, window=600, clock=lambda: now[0])
    monkeypatch.setattr("smallcs.web.app.poster_limiter", limiter)
    poster = issue_cards(owner, survey_id=survey.id, count=1, kind=CardKind.POSTER)[0]
    survey_server = SurveyServer(db_target, host="127.0.0.1", port=0)
    survey_server.start()
    try:
        url = f"{survey_server.url}/s/{poster.token}"
        first = {"nonce": nonce_of(fetch(url)[2]), "lang": "en", "csat": "5"}
        assert fetch(url, first)[1].endswith("/thanks?lang=en")

        typed = {"nonce": nonce_of(fetch(url)[2]), "lang": "en", "csat": "2", "nps": "3",
                 "comment": "The queue was long & slow 😞"}
        request = urllib.request.Request(url, data=urllib.parse.urlencode(typed).encode(),
                                         headers={"Accept-Language": "en"})
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=10)
        html = refused.value.read().decode()
        assert refused.value.code == 429 and int(refused.value.headers["Retry-After"]) > 0
        assert "Thank you" not in html
        assert ('<div class="err" role="alert" id="problem"><p>Too many answers came from this'
                ' device just now. Yours are kept below: please tap Send again in a few minutes.'
                '</p></div>') in html
        assert html.index('role="alert"') < html.index("<form")
        assert ">The queue was long &amp; slow 😞</textarea>" in html
        assert 'id="csat-2" name="csat" value="2" checked' in html
        assert 'id="nps-3" name="nps" value="3" checked' in html
        assert SurveyResponse.select().where(SurveyResponse.card == poster.id).count() == 1

        # A few minutes later the customer taps Send on that page: nothing they typed is lost.
        now[0] += 601
        resent = {**typed, "nonce": nonce_of(html)}
        assert fetch(url, resent)[1].endswith("/thanks?lang=en")
        latest = SurveyResponse.select().order_by(SurveyResponse.id.desc()).get()
        assert (latest.csat, latest.nps, latest.comment) == (2, 3, "The queue was long & slow 😞")
    finally:
        survey_server.stop()
