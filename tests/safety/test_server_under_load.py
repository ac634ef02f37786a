"""The survey server under load while the counter app writes: nobody sees "database is locked".

Phones answer through real waitress on loopback, from many threads at once, while
this process logs complaints and their steps through the services as the counter
PC does. The server runs either as its own process (``smallcs serve``, as a shop
with a separate server runs it) or on a thread of the app (the app's switch).
Afterwards every answer a phone was thanked for is stored, every complaint the
app saved is there, and no error reached a phone, the app or the server's log.
"""

from __future__ import annotations

import concurrent.futures
import os
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from smallcs.complaints import add_step, create_complaint
from smallcs.models import (
    Category,
    Complaint,
    ResolutionStep,
    Staff,
    Survey,
    SurveyResponse,
)
from smallcs.models.enums import Channel, StepKind
from smallcs.surveys import issue_cards
from smallcs.web.server import SurveyServer
from tests.ports import free_port
from tests.web.conftest import nonce_of
from tests.web.test_server import fetch

PHONES = 12
SECONDS = 3.0




@pytest.fixture
def tokens(owner: Staff) -> list[str]:
    survey = Survey.get(Survey.name == "Customer feedback")
    return [card.token for card in issue_cards(owner, survey_id=survey.id, count=600)]


@pytest.fixture
def server_in_process(owner: Staff, db_target: str) -> Iterator[str]:
    server = SurveyServer(db_target, host="127.0.0.1", port=0)
    server.start()
    try:
        yield server.url
    finally:
        server.stop()


@pytest.fixture
def server_process(owner: Staff, db_target: str, tmp_path: Path) -> Iterator[tuple[str, Path]]:
    port = free_port()
    log = tmp_path / "serve.log"
    env = {**os.environ, "SMALLCS_DB": ""}
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [sys.executable, "-m", "smallcs", "serve", "--db", db_target, "--host", "127.0.0.1",
             "--port", str(port)], stdout=sink, stderr=subprocess.STDOUT, env=env)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"{url}/healthz", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                pass
            assert process.poll() is None, log.read_text()
            assert time.monotonic() < deadline, "the server did not come up"
            time.sleep(0.1)
        yield url, log
    finally:
        process.terminate()
        process.wait(timeout=10)


def _phone(url: str, tokens: Iterator[str], stop: threading.Event, lock: threading.Lock
           ) -> tuple[list[str], list[str]]:
    """Answer cards until told to stop; (tokens thanked, problems seen)."""
    thanked: list[str] = []
    problems: list[str] = []
    while not stop.is_set():
        with lock:
            token = next(tokens, None)
        if token is None:
            break
        status, _url, html = fetch(f"{url}/s/{token}")
        if status != 200:
            problems.append(f"GET {status}")
            continue
        status, final_url, _html = fetch(f"{url}/s/{token}", {"nonce": nonce_of(html), "lang": "en",
                                                              "csat": "4", "nps": "9", "comment": "ok"})
        if status == 200 and final_url.endswith("/thanks?lang=en"):
            thanked.append(token)
        else:
            problems.append(f"POST {status}")
    return thanked, problems


def _counter_app(owner: Staff, stop: threading.Event) -> list[str]:
    """Log complaints with a step each, as the counter does, until told to stop; their references."""
    category = Category.select().first()
    saved: list[str] = []
    while not stop.is_set():
        complaint = create_complaint(owner, channel=Channel.PHONE, category_id=category.id,
                                     summary=f"Busy-day complaint {len(saved)}")
        add_step(owner, complaint.id, kind=StepKind.CONTACTED_CUSTOMER, text="Called the customer back.")
        saved.append(complaint.reference)
    return saved


def _load(url: str, owner: Staff, tokens: list[str]) -> tuple[list[str], list[str], list[str]]:
    stop = threading.Event()
    lock = threading.Lock()
    cards = iter(tokens)
    with concurrent.futures.ThreadPoolExecutor(max_workers=PHONES) as pool:
        phones = [pool.submit(_phone, url, cards, stop, lock) for _n in range(PHONES)]
        timer = threading.Timer(SECONDS, stop.set)
        timer.start()
        try:
            saved = _counter_app(owner, stop)
        finally:
            stop.set()
            timer.cancel()
        results = [phone.result() for phone in phones]
    thanked = [token for done, _problems in results for token in done]
    problems = [problem for _done, seen in results for problem in seen]
    return thanked, problems, saved


def _check(thanked: list[str], problems: list[str], saved: list[str]) -> None:
    assert problems == []
    assert len(thanked) > 20 and len(saved) > 5, "the load was too light to mean anything"
    stored = {token for (token,) in SurveyResponse.select(SurveyResponse.card.token)
              .join(SurveyResponse.card.rel_model).tuples()}
    assert set(thanked) <= stored
    assert SurveyResponse.select().count() == len(stored)
    references = {reference for (reference,) in Complaint.select(Complaint.reference).tuples()}
    assert set(saved) <= references
    assert ResolutionStep.select().where(ResolutionStep.text == "Called the customer back.").count() \
        == len(saved)


def test_a_separate_server_process_and_the_app_write_together(
    owner: Staff, tokens: list[str], server_process: tuple[str, Path]
) -> None:
    url, log = server_process
    thanked, problems, saved = _load(url, owner, tokens)
    _check(thanked, problems, saved)
    server_log = log.read_text(errors="replace")
    assert "locked" not in server_log and "Traceback" not in server_log


def test_the_apps_own_server_thread_and_the_app_write_together(
    owner: Staff, tokens: list[str], server_in_process: str, caplog: pytest.LogCaptureFixture
) -> None:
    thanked, problems, saved = _load(server_in_process, owner, tokens)
    _check(thanked, problems, saved)
    assert not [r for r in caplog.records if r.levelname in ("ERROR", "CRITICAL")]

