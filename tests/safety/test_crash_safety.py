"""Pull the plug on a writing process 200 times: the database stays sound and keeps
every write the process had acknowledged.

Each round forks a child that logs complaints (through the complaint service) and
records survey answers (through the survey service) as fast as it can, printing
each one to a pipe only after its transaction committed. The parent kills the
child with SIGKILL at a random moment, then opens the file afresh and checks
``PRAGMA integrity_check`` and that every acknowledged write is there. Forking a
process that already imported SmallCS keeps 200 rounds affordable; the child
opens its own connection, so the kill hits a real writer mid-transaction.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import sys
import time
from pathlib import Path

from smallcs.complaints import create_complaint
from smallcs.models import Category, Staff, Survey
from smallcs.models.connection import close_database, open_database
from smallcs.models.enums import Channel
from smallcs.surveys import issue_cards, record_response

ROUNDS = 200


def _writer(db_path: Path, owner_id: int, tokens: list[str], out: int) -> None:
    """The child: write until killed, acknowledging each commit on ``out``."""
    open_database(db_path, migrate=False)
    owner = Staff.get_by_id(owner_id)
    category = Category.select().first()
    for number, token in enumerate(tokens):
        complaint = create_complaint(owner, channel=Channel.PHONE, category_id=category.id,
                                     summary=f"Crash round complaint {number}")
        os.write(out, f"C {complaint.reference}\n".encode())
        record_response(token=token, csat=4, nps=9, ces=6, comment=f"answer {number}",
                        contact_requested=False, language="en")
        os.write(out, f"R {token}\n".encode())


def _run_and_kill(db_path: Path, owner_id: int, tokens: list[str], lifetime: float) -> list[str]:
    read, write = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - runs in the child, which never returns
        os.close(read)
        try:
            _writer(db_path, owner_id, tokens, write)
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


def test_killed_writers_never_lose_acknowledged_writes(owner: Staff, db_path: Path) -> None:
    survey = Survey.get()
    tokens = [card.token for _ in range(6) for card in issue_cards(owner, survey_id=survey.id, count=1000)]
    close_database()
    rng = random.Random(20261124)
    acknowledged_complaints: list[str] = []
    acknowledged_answers: list[str] = []
    per_round = len(tokens) // ROUNDS
    for round_number in range(ROUNDS):
        batch = tokens[round_number * per_round:(round_number + 1) * per_round]
        for line in _run_and_kill(db_path, owner.id, batch, lifetime=rng.uniform(0.01, 0.12)):
            kind, value = line.split(" ", 1)
            (acknowledged_complaints if kind == "C" else acknowledged_answers).append(value)
        with sqlite3.connect(db_path) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",), round_number
        if round_number % 50 == 49 or round_number == ROUNDS - 1:
            _assert_present(db_path, acknowledged_complaints, acknowledged_answers)
    assert len(acknowledged_complaints) > ROUNDS, "the writers should have got some work done"
    print(f"{len(acknowledged_complaints)} complaints and {len(acknowledged_answers)} answers survived"
          f" {ROUNDS} kills", file=sys.stderr)
    open_database(db_path)  # the fixture closes it again


def _assert_present(db_path: Path, complaints: list[str], answers: list[str]) -> None:
    with sqlite3.connect(db_path) as conn:
        stored = {r for (r,) in conn.execute("SELECT reference FROM complaint")}
        answered = {t for (t,) in conn.execute(
            "SELECT c.token FROM survey_response r JOIN survey_card c ON c.id = r.card_id")}
    assert set(complaints) <= stored
    assert set(answers) <= answered
