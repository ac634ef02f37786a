"""``smallcs cards | serve | export | import-responses``, run as a shop owner would."""

from __future__ import annotations

import csv
import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pypdf
import pytest

from tests.ports import free_port
from tests.test_cli import ENGLISH, SMALLCS, assert_one_line_error, run

OWNER = ("--as", "owner")
PASSWORD = "demo-owner\n"


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo shop (two months), loaded once for this module's read-mostly tests."""
    path = tmp_path_factory.mktemp("shop") / "shop.db"
    loaded = run("demo", "--db", str(path), "--months", "2")
    assert loaded.returncode == 0, loaded.stderr
    return path


def _rows(db: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(db) as conn:
        return list(conn.execute(sql))


def _csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_cards_issues_and_prints_them(shop: Path, tmp_path: Path) -> None:
    before = _rows(shop, "SELECT count(*) FROM survey_card")[0][0]
    out = tmp_path / "cards.pdf"
    result = run("--db", str(shop), "cards", "--survey", "customer feedback", "--count", "10",
                 "-o", str(out), *OWNER, stdin=PASSWORD)
    assert result.returncode == 0, result.stderr
    assert "10 cards for 'Customer feedback'" in result.stdout
    assert _rows(shop, "SELECT count(*) FROM survey_card")[0][0] == before + 10
    text = "".join(page.extract_text() for page in pypdf.PdfReader(out).pages)
    newest = _rows(shop, "SELECT short_code FROM survey_card ORDER BY id DESC LIMIT 10")
    for (code,) in newest:
        assert f"{code[:4]}-{code[4:]}" in text


def test_a_posters_printed_address_is_short_to_type_and_leads_to_its_page(shop: Path, tmp_path: Path) -> None:
    """Under its QR code a poster prints ``<base>/s/ABCD-2345``: typed on a phone that cannot
    scan (in any case, with or without the dash), it opens the poster's survey."""
    out = tmp_path / "poster.pdf"
    result = run("--db", str(shop), "cards", "--survey", "customer feedback", "--count", "1",
                 "--layout", "poster", "-o", str(out), *OWNER, stdin=PASSWORD)
    assert result.returncode == 0, result.stderr
    [(token, code)] = _rows(shop, "SELECT token, short_code FROM survey_card ORDER BY id DESC LIMIT 1")
    text = " ".join(pypdf.PdfReader(out).pages[0].extract_text().split())
    assert f"or open http://192.168.1.20:8765/s/{code[:4]}-{code[4:]}" in text
    assert token not in text

    server, port = _start_server(shop)
    try:
        for typed in (f"{code[:4]}-{code[4:]}", code.lower()):
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/s/{typed}", timeout=10) as page:
                assert page.geturl() == f"http://127.0.0.1:{port}/s/{token}"
                assert "How satisfied were you with" in page.read().decode()
        assert _answer(port, token, csat="5") == 303
    finally:
        server.terminate()
        server.communicate(timeout=30)


@pytest.mark.parametrize(("args", "stdin", "message"), [
    (("--survey", "Nope", "--count", "3"), PASSWORD, "There is no survey called 'Nope'"),
    (("--survey", "Customer feedback", "--count", "3"), "wrong\n", "password"),
    (("--survey", "Customer feedback", "--count", "5000"), PASSWORD, "between 1 and 1000"),
])
def test_cards_refused_print_nothing(shop: Path, tmp_path: Path, args: tuple[str, ...], stdin: str,
                                     message: str) -> None:
    before = _rows(shop, "SELECT count(*) FROM survey_card")[0][0]
    out = tmp_path / "cards.pdf"
    assert_one_line_error(run("--db", str(shop), "cards", *args, "-o", str(out), *OWNER, stdin=stdin),
                          1, message)
    assert not out.exists()
    assert _rows(shop, "SELECT count(*) FROM survey_card")[0][0] == before


def test_cards_need_someone_acting(shop: Path, tmp_path: Path) -> None:
    result = run("--db", str(shop), "cards", "--survey", "Customer feedback", "--count", "1",
                 "-o", str(tmp_path / "c.pdf"))
    assert_one_line_error(result, 1, "--as USERNAME")


def test_export_writes_every_complaint_and_answer(shop: Path, tmp_path: Path) -> None:
    complaints = tmp_path / "complaints.csv"
    result = run("--db", str(shop), "export", "complaints", "-o", str(complaints))
    assert result.returncode == 0, result.stderr
    total = _rows(shop, "SELECT count(*) FROM complaint")[0][0]
    assert f"{total} complaints written" in result.stdout
    rows = _csv(complaints)
    assert len(rows) == total
    assert {r["Reference"] for r in rows} == {r[0] for r in _rows(shop, "SELECT reference FROM complaint")}

    answers = tmp_path / "answers.csv"
    result = run("--db", str(shop), "export", "responses", "-o", str(answers))
    assert result.returncode == 0, result.stderr
    rows = _csv(answers)
    assert len(rows) == _rows(shop, "SELECT count(*) FROM survey_response")[0][0]
    nps = sorted(int(r["NPS (0-10)"]) for r in rows if r["NPS (0-10)"])
    assert nps == sorted(n for (n,) in _rows(shop, "SELECT nps FROM survey_response WHERE nps IS NOT NULL"))


def test_import_matches_by_token_and_is_safe_to_run_twice(shop: Path, tmp_path: Path) -> None:
    (first,), (second,) = _rows(
        shop, "SELECT token FROM survey_card WHERE answered_at IS NULL AND kind = 'single' LIMIT 2")
    answers = tmp_path / "form-export.csv"
    answers.write_text("Token,Satisfaction,Comment\n"
                       f"{first},5,Lovely\n{second},9,out of range\nnot-a-card,3,\n", encoding="utf-8")
    before = _rows(shop, "SELECT count(*) FROM survey_response")[0][0]

    once = run("--db", str(shop), "import-responses", str(answers), *OWNER, stdin=PASSWORD)
    assert once.returncode == 0, once.stderr
    assert "1 answer imported" in once.stdout
    assert "row 3: refused" in once.stdout and "row 4: unknown card" in once.stdout
    assert _rows(shop, f"SELECT csat, comment FROM survey_response r JOIN survey_card c ON c.id = r.card_id"
                       f" WHERE c.token = '{first}'") == [(5, "Lovely")]

    twice = run("--db", str(shop), "import-responses", str(answers), *OWNER, stdin=PASSWORD)
    assert twice.returncode == 0, twice.stderr
    assert "0 answers imported" in twice.stdout and "row 2: already answered" in twice.stdout
    assert _rows(shop, "SELECT count(*) FROM survey_response")[0][0] == before + 1




def test_serve_answers_phones_until_stopped(shop: Path) -> None:
    port = free_port()
    server = subprocess.Popen([SMALLCS, "--db", str(shop), "serve", "--host", "127.0.0.1",
                               "--port", str(port)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True, env=ENGLISH)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as answer:
                    assert answer.status == 200
                    break
            except OSError:
                assert server.poll() is None, server.communicate()
                assert time.monotonic() < deadline, "the survey server did not come up"
                time.sleep(0.2)
    finally:
        server.terminate()
        out, _err = server.communicate(timeout=30)
    assert f"Survey server listening on http://127.0.0.1:{port}. The cards point to http://192.168.1.20:8765." in out
    # The demo shop's cards print http://192.168.1.20:8765: a server on another port is told so.
    assert f"this server listens on port {port}: start it with --port 8765" in out


def test_serve_on_a_busy_port_says_so(shop: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = run("--db", str(shop), "serve", "--host", "127.0.0.1", "--port", str(port))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "Cannot listen on 127.0.0.1" in result.stderr


def test_serve_refuses_odd_thread_and_process_counts(shop: Path) -> None:
    for option, value, message in (("--threads", "0", "not a thread count (1 to 64)"),
                                   ("--processes", "17", "not a process count (1 to 16)"),
                                   ("--processes", "two", "not a process count")):
        result = run("--db", str(shop), "serve", option, value)
        assert_one_line_error(result, 2, message)


def _start_server(db: Path, *options: str) -> tuple[subprocess.Popen[str], int]:
    port = free_port()
    server = subprocess.Popen([SMALLCS, "--db", str(db), "serve", "--host", "127.0.0.1",
                               "--port", str(port), *options], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, env=ENGLISH)
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as answer:
                assert answer.status == 200
                return server, port
        except OSError:
            assert server.poll() is None, server.communicate()
            assert time.monotonic() < deadline, "the survey server did not come up"
            time.sleep(0.2)


def _children(pid: int) -> list[int]:
    return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def _answer(port: int, token: str, **values: str) -> int:
    """GET the card's page and POST an answer with its nonce, each on a new connection."""
    url = f"http://127.0.0.1:{port}/s/{token}"
    with urllib.request.urlopen(url, timeout=10) as page:
        nonce = re.search(r'name="nonce" value="([^"]+)"', page.read().decode()).group(1)
    body = urllib.parse.urlencode({"nonce": nonce, "lang": "en", **values}).encode()
    try:
        with urllib.request.build_opener(_NoRedirect).open(url, data=body, timeout=10) as sent:
            return int(sent.status)
    except urllib.error.HTTPError as refused:
        return refused.code


def _own_copy(shop: Path, tmp_path: Path) -> tuple[Path, str, str]:
    """A copy of the demo shop with a fresh single-use card and a poster; their tokens."""
    from smallcs.models import Staff, Survey
    from smallcs.models.connection import close_database, open_database
    from smallcs.models.enums import CardKind, Role
    from smallcs.surveys import issue_cards

    db = tmp_path / "shop.db"
    shutil.copy(shop, db)
    open_database(db)
    try:
        owner = Staff.get(Staff.role == Role.OWNER.value)
        survey = Survey.get(Survey.name == "Customer feedback")
        single = issue_cards(owner, survey_id=survey.id, count=1)[0].token
        poster = issue_cards(owner, survey_id=survey.id, count=1, kind=CardKind.POSTER)[0].token
    finally:
        close_database()
    return db, single, poster


@pytest.mark.skipif(not hasattr(os, "fork"), reason="several processes need fork")
def test_serve_with_several_processes_shares_the_port_and_the_poster_limit(
    shop: Path, tmp_path: Path
) -> None:
    db, single, poster = _own_copy(shop, tmp_path)
    server, port = _start_server(db, "--processes", "2", "--threads", "2")
    try:
        children = _children(server.pid)
        assert len(children) == 3  # two servers and the poster limiter
        assert _answer(port, single, csat="5", comment="Two processes") == 303
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/s/{single}", timeout=10) as again:
            assert "already been answered" in again.read().decode()
        # Each answer comes on new connections, which the two processes share: the
        # limit is still five an address, not five a process.
        codes = [_answer(port, poster, nps="9") for _n in range(7)]
        assert codes == [303] * 5 + [429] * 2
    finally:
        server.terminate()
        out, err = server.communicate(timeout=30)
    assert server.returncode == 0, err
    assert f"Survey server listening on http://127.0.0.1:{port}. The cards point to http://192.168.1.20:8765." in out
    assert not [child for child in children if Path(f"/proc/{child}").exists()]
    rows = _rows(db, "SELECT r.comment FROM survey_response r JOIN survey_card c ON c.id = r.card_id"
                     f" WHERE c.token IN ('{single}', '{poster}')")
    assert sorted(comment for (comment,) in rows) == ["", "", "", "", "", "Two processes"]


def test_serve_runs_one_process_per_core_unless_told(shop: Path, tmp_path: Path) -> None:
    from smallcs.web.server import default_processes

    db, single, _poster = _own_copy(shop, tmp_path)
    expected = default_processes()
    assert 1 <= expected <= min(os.cpu_count() or 1, 4)
    server, port = _start_server(db)
    try:
        # More than one server process comes with the poster limiter's process.
        assert len(_children(server.pid)) == (expected + 1 if expected > 1 else 0)
        assert _answer(port, single, csat="4") == 303
    finally:
        server.terminate()
        server.communicate(timeout=30)
    assert server.returncode == 0


@pytest.mark.skipif(not hasattr(os, "fork"), reason="several processes need fork")
def test_serve_stops_when_one_of_its_processes_dies(shop: Path, tmp_path: Path) -> None:
    db, _single, _poster = _own_copy(shop, tmp_path)
    server, _port = _start_server(db, "--processes", "2")
    children = _children(server.pid)
    try:
        os.kill(children[-1], signal.SIGKILL)
        _out, err = server.communicate(timeout=30)
    finally:
        if server.poll() is None:
            server.kill()
    assert server.returncode == 1
    assert "Traceback" not in err
    assert "A survey server process stopped unexpectedly (signal 9)" in err
    assert not [child for child in children if Path(f"/proc/{child}").exists()]
