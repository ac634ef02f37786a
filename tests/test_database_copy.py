"""Moving a shop to another database: SQLite file -> a real PostgreSQL server, and file -> file."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

from smallcs import accounts, demo, metrics
from smallcs.complaints import ComplaintFilter, count_complaints, create_complaint
from smallcs.database_copy import copy_database
from smallcs.errors import ValidationError
from smallcs.metrics import Period
from smallcs.models import ALL_MODELS, Category, Complaint, ResolutionStep
from smallcs.models.connection import close_database, open_database
from smallcs.models.enums import Channel
from tests.pg_server import ThrowawayPostgres

TODAY = dt.date(2026, 11, 20)


def _demo_shop(path: Path) -> demo.DemoSummary:
    open_database(path)
    try:
        return demo.load_demo(months=2, scale=1, seed=11, today=TODAY)
    finally:
        close_database()


def _snapshot(target: str) -> dict[str, object]:
    """What a shop would check after moving: row counts, a month's figures, a step's words."""
    open_database(target)
    try:
        step = ResolutionStep.select().where(ResolutionStep.text != "").order_by(ResolutionStep.id).first()
        word = max(step.text.split(), key=len).strip(".,;:!?\"'()")
        found = count_complaints(ComplaintFilter(text=word))
        return {
            "rows": {model._meta.table_name: model.select().count() for model in ALL_MODELS},
            "october": metrics.monthly_summary(Period.for_month(2026, 10)).headlines,
            "search": (word, found > 0),
            "last_reference": Complaint.select().order_by(Complaint.id.desc()).first().reference,
        }
    finally:
        close_database()


def test_a_shop_moves_from_its_sqlite_file_to_postgresql(tmp_path: Path, postgres: ThrowawayPostgres) -> None:
    source = tmp_path / "counter.db"
    summary = _demo_shop(source)
    destination = postgres.new_database()

    report = copy_database(source, destination)

    assert dict(report.tables)["complaint"] == summary.complaints
    before, after = _snapshot(str(source)), _snapshot(destination)
    assert after == before  # every table, October's headline figures and full-text search agree
    # The shop carries on where it left off: same log-in, the next complaint number, no id clash.
    open_database(destination)
    try:
        owner = accounts.authenticate(summary.owner_username, summary.owner_password or "")
        newest = Complaint.select().order_by(Complaint.id.desc()).first()
        made = create_complaint(owner, channel=Channel.PHONE, category_id=Category.select().first().id,
                                summary="First complaint on the shared database")
        assert made.id > newest.id
        assert int(made.reference.rsplit("-", 1)[1]) == int(newest.reference.rsplit("-", 1)[1]) + 1
    finally:
        close_database()


def test_copying_into_a_database_that_holds_a_shop_is_refused_and_changes_nothing(tmp_path: Path) -> None:
    source, other = tmp_path / "counter.db", tmp_path / "other.db"
    _demo_shop(source)
    _demo_shop(other)
    rows_before = _snapshot(str(other))["rows"]
    with pytest.raises(ValidationError, match="already holds a shop"):
        copy_database(source, other)
    assert _snapshot(str(other))["rows"] == rows_before
    with pytest.raises(ValidationError, match="same database"):
        copy_database(source, source)


def test_the_command_copies_a_shop_into_a_new_file_and_refuses_a_second_time(tmp_path: Path) -> None:
    source, target = tmp_path / "counter.db", tmp_path / "moved.db"
    summary = _demo_shop(source)
    command = [sys.executable, "-m", "smallcs", "copy-database", "--db", str(source), "--to", str(target)]
    first = subprocess.run(command, check=False, capture_output=True, text=True, env=dict(os.environ))
    assert first.returncode == 0, first.stderr
    assert f"complaint: {summary.complaints:,}" in first.stdout
    assert "Point every counter at the new database" in first.stdout
    assert _snapshot(str(target))["rows"] == _snapshot(str(source))["rows"]
    again = subprocess.run(command, check=False, capture_output=True, text=True, env=dict(os.environ))
    assert again.returncode != 0
    assert again.stderr.strip().startswith("smallcs: error:") and "already holds a shop" in again.stderr
    assert "Traceback" not in again.stderr
