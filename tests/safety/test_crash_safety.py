"""Pull the plug on a writing process 200 times, on SQLite and on PostgreSQL: the
database stays sound and keeps every write the process had acknowledged.

Each round forks a child that logs complaints (through the complaint service;
every other one resolved on the spot, so with a timeline step) and records
survey answers (through the survey service) as fast as it can, printing each one
to a pipe only after its transaction committed. The parent kills the child with
SIGKILL at a random moment, then checks the database afresh. Forking a process
that already imported SmallCS keeps 200 rounds affordable; the child opens its
own connection, so the kill hits a real writer mid-transaction.

On SQLite the kill hits the writer of the file itself: every round the file
passes ``PRAGMA integrity_check``. On PostgreSQL it hits a client of the server:
every round the server soon drops the dead client's session (nothing left idle in
a transaction, no lock held) and takes a new connection. On both, every 50 rounds
and at the end, every acknowledged write is there and nothing is half-written: each
complaint has its ``complaint.create`` audit event (and each event its complaint),
a complaint resolved on the spot its "resolved" step and an open one none, each
answer its card marked answered and each card marked answered its one answer.
After the last kill the services still write.
"""

from __future__ import annotations

import contextlib
import os
import random
import signal
import sqlite3
import sys
import time
from collections.abc import Iterator
from typing import Any

from smallcs.complaints import create_complaint
from smallcs.models import Category, Staff, Survey
from smallcs.models.connection import close_database, open_database, sqlite_file
from smallcs.models.enums import Channel
from smallcs.surveys import issue_cards, record_response
from smallcs.surveys.responses import ResponseOutcome

ROUNDS = 200
CARDS = 6000  # 30 a round; a writer seldom gets through them all before its kill
CHECK_EVERY = 50
SESSION_GONE_SECONDS = 10.0  # how long the server may take to notice a dead client


def _writer(db_target: str, owner_id: int, tokens: list[str], out: int) -> None:
    """The child: write until killed, acknowledging each commit on ``out``."""
    open_database(db_target, migrate=False)
    owner = Staff.get_by_id(owner_id)
    category = Category.select().first()
    for number, token in enumerate(tokens):
        complaint = create_complaint(owner, channel=Channel.PHONE, category_id=category.id,
                                     summary=f"Crash round complaint {number}",
                                     resolved_on_the_spot=number % 2 == 1)
        os.write(out, f"C {complaint.reference}\n".encode())
        record_response(token=token, csat=4, nps=9, ces=6, comment=f"answer {number}",
                        contact_requested=False, language="en")
        os.write(out, f"R {token}\n".encode())


def _run_and_kill(db_target: str, owner_id: int, tokens: list[str], lifetime: float) -> list[str]:
    read, write = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - runs in the child, which never returns
        os.close(read)
        try:
            _writer(db_target, owner_id, tokens, write)
        finally:
            os._exit(0)
    os.close(write)
    time.sleep(lifetime)
    os.kill(child, signal.SIGKILL)
    os.waitpid(child, 0)
    chunks = []
    while chunk := os.read(read, 65536):
        chunks.append(chunk)
    os.close(read)
    return b"".join(chunks).decode().splitlines()


@contextlib.contextmanager
def _connect(db_target: str) -> Iterator[Any]:
    """A plain DB-API connection of the parent's own (never open while it forks)."""
    file = sqlite_file(db_target)
    if file is not None:
        with contextlib.closing(sqlite3.connect(file)) as conn:
            yield conn
        return
    import psycopg

    with psycopg.connect(db_target, autocommit=True, connect_timeout=10) as conn:
        yield conn


def test_killed_writers_never_lose_acknowledged_writes(owner: Staff, db_target: str) -> None:
    on_sqlite = sqlite_file(db_target) is not None
    survey = Survey.get()
    tokens = [card.token for _ in range(CARDS // 1000) for card in issue_cards(owner, survey_id=survey.id,
                                                                                count=1000)]
    close_database()
    rng = random.Random(20261124)
    acknowledged_complaints: list[str] = []
    acknowledged_answers: list[str] = []
    per_round = len(tokens) // ROUNDS
    started = time.monotonic()
    for round_number in range(ROUNDS):
        batch = tokens[round_number * per_round:(round_number + 1) * per_round]
        for line in _run_and_kill(db_target, owner.id, batch, lifetime=rng.uniform(0.01, 0.12)):
            kind, value = line.split(" ", 1)
            (acknowledged_complaints if kind == "C" else acknowledged_answers).append(value)
        with _connect(db_target) as conn:
            if on_sqlite:
                assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",), round_number
            else:
                _assert_the_dead_client_is_gone(conn, round_number)
            if round_number % CHECK_EVERY == CHECK_EVERY - 1 or round_number == ROUNDS - 1:
                _assert_sound(conn, acknowledged_complaints, acknowledged_answers)
    seconds = time.monotonic() - started
    assert len(acknowledged_complaints) > ROUNDS, "the writers should have got some work done"
    print(f"{'SQLite' if on_sqlite else 'PostgreSQL'}: {len(acknowledged_complaints)} complaints and"
          f" {len(acknowledged_answers)} answers survived {ROUNDS} kills ({seconds:.1f} s)", file=sys.stderr)

    open_database(db_target, migrate=False)  # the fixture closes it again
    category = Category.select().first()
    after = create_complaint(owner, channel=Channel.PHONE, category_id=category.id, summary="After the kills")
    card = issue_cards(owner, survey_id=survey.id, count=1)[0]
    assert record_response(token=card.token, csat=5, nps=10, ces=7, comment="", contact_requested=False,
                           language="en") == ResponseOutcome.RECORDED
    with _connect(db_target) as conn:
        _assert_sound(conn, [*acknowledged_complaints, after.reference], [*acknowledged_answers, card.token])


def _assert_the_dead_client_is_gone(conn: Any, round_number: int) -> None:
    """PostgreSQL: the killed writer's session ends soon, leaving no lock and no open transaction."""
    others = ("FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
              " AND backend_type = 'client backend'")
    deadline = time.monotonic() + SESSION_GONE_SECONDS
    while sessions := conn.execute(f"SELECT pid, state, xact_start {others}").fetchall():
        assert time.monotonic() < deadline, f"round {round_number}: sessions left behind: {sessions}"
        time.sleep(0.002)
    locks = conn.execute(
        "SELECT l.locktype, l.mode, l.pid FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
        " WHERE l.pid <> pg_backend_pid() AND a.backend_type = 'client backend'").fetchall()
    assert locks == [], f"round {round_number}: locks held by others"
    assert conn.execute("SELECT count(*) FROM pg_prepared_xacts").fetchone() == (0,)


def _assert_sound(conn: Any, complaints: list[str], answers: list[str]) -> None:
    """Every acknowledged write is there; no complaint or answer is half-written."""
    stored = {r for (r,) in conn.execute("SELECT reference FROM complaint")}
    answered = {t for (t,) in conn.execute(
        "SELECT c.token FROM survey_response r JOIN survey_card c ON c.id = r.card_id")}
    assert set(complaints) <= stored
    assert set(answers) <= answered
    half_written = {
        "complaint without its audit event": """
            SELECT c.reference FROM complaint c WHERE NOT EXISTS (
                SELECT 1 FROM audit_event e WHERE e.action = 'complaint.create' AND e.entity = 'complaint'
                AND e.entity_id = CAST(c.id AS TEXT))""",
        "audit event without its complaint": """
            SELECT e.entity_id FROM audit_event e WHERE e.action = 'complaint.create' AND NOT EXISTS (
                SELECT 1 FROM complaint c WHERE CAST(c.id AS TEXT) = e.entity_id)""",
        "complaint resolved on the spot without its step": """
            SELECT c.reference FROM complaint c WHERE c.resolved_at_first_contact AND NOT EXISTS (
                SELECT 1 FROM resolution_step s WHERE s.complaint_id = c.id AND s.kind = 'resolved')""",
        "open complaint with a step": """
            SELECT c.reference FROM complaint c JOIN resolution_step s ON s.complaint_id = c.id
            WHERE NOT c.resolved_at_first_contact""",
        "answer on a card not marked answered": """
            SELECT c.token FROM survey_response r JOIN survey_card c ON c.id = r.card_id
            WHERE c.answered_at IS NULL""",
        "card marked answered without exactly one answer": """
            SELECT c.token FROM survey_card c WHERE c.answered_at IS NOT NULL
            AND (SELECT count(*) FROM survey_response r WHERE r.card_id = c.id) <> 1""",
    }
    for what, sql in half_written.items():
        assert conn.execute(sql).fetchall() == [], what
