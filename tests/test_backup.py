"""Backups: consistent while others write, verified, rotated, restorable."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import stat
import threading
import time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from smallcs import accounts, backup, clock
from smallcs.errors import DatabaseError, PermissionDenied, ValidationError
from smallcs.models import AuditEvent, Staff
from smallcs.models.connection import close_database
from smallcs.models.enums import Role
from tests.test_cli import run


def _count(path: Path, table: str) -> int:
    with sqlite3.connect(path) as conn:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_backup_is_verified_private_and_audited(owner: Staff, tmp_path: Path) -> None:
    target = tmp_path / "copies" / "monday.db"
    target.parent.mkdir()
    info = backup.write_backup(target, actor=owner)
    assert info.path == target and info.size_bytes == target.stat().st_size
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
    backup.check_database_file(target)
    assert _count(target, "staff") == 1
    # One self-contained file: no journal files left beside it to pile up on the drive.
    assert sorted(p.name for p in target.parent.iterdir()) == ["monday.db"]
    assert AuditEvent.select().where(AuditEvent.action == "backup.create").count() == 1


def test_backup_while_another_connection_keeps_writing(owner: Staff, db_path: Path, tmp_path: Path) -> None:
    stop = threading.Event()
    written: list[int] = []

    def writer() -> None:
        conn = sqlite3.connect(db_path, timeout=30)
        i = 0
        while not stop.is_set():
            with conn:
                conn.execute("INSERT INTO setting (key, value) VALUES (?, '1')", (f"k{i}",))
            written.append(i)
            i += 1
            # A very busy shop, not a tight loop: a writer that never pauses would
            # starve every other writer past any busy timeout.
            time.sleep(0.002)
        conn.close()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        copies = [backup.write_backup(tmp_path / f"b{n}.db", actor=None) for n in range(5)]
    finally:
        stop.set()
        thread.join()
    assert written, "the writer should have written during the backups"
    for copy in copies:
        backup.check_database_file(copy.path)
    assert _count(copies[-1].path, "setting") >= _count(copies[0].path, "setting")


def test_schedule_keeps_the_newest_n(owner: Staff, tmp_path: Path) -> None:
    start = dt.datetime(2026, 11, 1, 3, 0)
    for day in range(5):
        backup.scheduled_backup(tmp_path, keep=3, now=start + dt.timedelta(days=day))
    names = [b.path.name for b in backup.list_backups(tmp_path)]
    assert names == ["smallcs-2026-11-05-040000+0100.db", "smallcs-2026-11-04-040000+0100.db",
                     "smallcs-2026-11-03-040000+0100.db"]
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("smallcs-")) == sorted(names)


def test_a_backup_is_named_on_the_shops_clock(owner: Staff, tmp_path: Path) -> None:
    """17:46 in Madrid (16:46 UTC in winter) is 17:46 in the name, with the offset."""
    info = backup.scheduled_backup(tmp_path, keep=3, now=dt.datetime(2026, 12, 3, 16, 46))
    assert info.path.name == "smallcs-2026-12-03-174600+0100.db"
    assert info.created_at == dt.datetime(2026, 12, 3, 16, 46)  # the moment, stored as UTC
    summer = backup.scheduled_backup(tmp_path, keep=3, now=dt.datetime(2026, 7, 3, 15, 46))
    assert summer.path.name == "smallcs-2026-07-03-174600+0200.db"


def _old_style_backup(folder: Path, utc_stamp: str) -> Path:
    """A backup as earlier versions named it: the moment in UTC, no offset."""
    return backup.write_backup(folder / f"smallcs-{utc_stamp}.db", actor=None).path


def test_old_and_new_names_are_kept_in_true_time_order_across_the_clocks_going_back(
        owner: Staff, tmp_path: Path) -> None:
    """25 October 2026: Madrid's clocks go back from 03:00 to 02:00. Two backups an hour apart
    both read 02:30 on the clock; the offset tells them apart and orders them."""
    _old_style_backup(tmp_path, "20261024-233000")  # 01:30 in Madrid, summer time
    backup.scheduled_backup(tmp_path, keep=9, now=dt.datetime(2026, 10, 25, 0, 30))  # 02:30 summer
    _old_style_backup(tmp_path, "20261025-010000")  # 02:00 in Madrid, winter time
    backup.scheduled_backup(tmp_path, keep=9, now=dt.datetime(2026, 10, 25, 1, 30))  # 02:30 again
    for made in tmp_path.glob("smallcs-*.db"):  # dates a copy to another drive would scramble
        os.utime(made, (1_700_000_000, 1_700_000_000 - made.stat().st_size))
    foreign = [tmp_path / "smallcs-copy.db", tmp_path / "smallcs-2026-99-99-000000+0100.db"]
    for path in foreign:
        path.write_bytes(b"someone's own file")

    listed = backup.list_backups(tmp_path)
    assert [b.path.name for b in listed] == [
        "smallcs-2026-10-25-023000+0100.db", "smallcs-20261025-010000.db",
        "smallcs-2026-10-25-023000+0200.db", "smallcs-20261024-233000.db"]
    assert [b.created_at for b in listed] == [
        dt.datetime(2026, 10, 25, 1, 30), dt.datetime(2026, 10, 25, 1, 0),
        dt.datetime(2026, 10, 25, 0, 30), dt.datetime(2026, 10, 24, 23, 30)]

    newest = backup.scheduled_backup(tmp_path, keep=3, now=dt.datetime(2026, 10, 25, 2, 30))
    assert newest.path.name == "smallcs-2026-10-25-033000+0100.db"
    assert [b.path.name for b in backup.list_backups(tmp_path)] == [
        "smallcs-2026-10-25-033000+0100.db", "smallcs-2026-10-25-023000+0100.db",
        "smallcs-20261025-010000.db"]  # the two oldest went, whichever their kind of name
    assert all(path.read_bytes() == b"someone's own file" for path in foreign)  # never SmallCS's to prune


def test_the_copy_kept_before_a_restore_is_named_on_the_shops_clock(
        owner: Staff, db_path: Path, tmp_path: Path) -> None:
    saved = backup.write_backup(tmp_path / "saved.db", actor=owner).path
    close_database()
    before = clock.utcnow()
    kept = backup.restore_database(db_path, saved)
    prefix = f"{db_path.stem}.before-restore-"
    assert kept.name.startswith(prefix) and kept.suffix == ".db"
    made = kept.name.removeprefix(prefix).removesuffix(".db")
    local = clock.to_local(before, ZoneInfo("Europe/Madrid"))
    assert made[-5:] == local.strftime("%z")  # +0100 or +0200: Madrid's offset at the time
    moment = backup.moment_of_stamp(made)
    assert moment is not None and dt.timedelta(0) <= moment - before < dt.timedelta(minutes=1)
    assert sorted(p.name for p in db_path.parent.iterdir() if p.name.startswith(db_path.name)) == [
        db_path.name]  # (reading the shop's time zone left no -wal or -shm file)


def test_bad_destinations_are_refused(owner: Staff, db_path: Path, tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="does not exist"):
        backup.write_backup(tmp_path / "nowhere" / "b.db", actor=owner)
    with pytest.raises(ValidationError, match="cannot overwrite the database"):
        backup.write_backup(db_path, actor=owner)


def test_damaged_or_foreign_files_are_not_good_backups(tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)
    with pytest.raises(DatabaseError, match=r"junk.db is not a SmallCS database, or it is too damaged to read\.$"):
        backup.check_database_file(junk)
    text = tmp_path / "notes.db"
    text.write_text("not a database at all\n" * 100)
    with pytest.raises(DatabaseError, match=r"notes.db is not a SmallCS database, or it is too damaged to read\.$"):
        backup.check_database_file(text)
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE t (x)")
    with pytest.raises(DatabaseError, match="not a SmallCS database"):
        backup.check_database_file(other)


def test_restore_from_the_command_line_keeps_the_current_database(
    owner: Staff, db_path: Path, tmp_path: Path
) -> None:
    saved = backup.write_backup(tmp_path / "before.db", actor=owner).path
    accounts.create_staff(owner, username="late", display_name="Added later",
                          role=Role.STAFF, password="late-password")
    close_database()
    result = run("restore", "--db", str(db_path), str(saved))
    assert result.returncode == 0, result.stderr
    assert _count(db_path, "staff") == 1  # "late" is gone: the backup is back
    kept = next(tmp_path.glob("shop.before-restore-*.db"))
    assert _count(kept, "staff") == 2  # ...and the database as it was is kept
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        actions = [r[0] for r in conn.execute("SELECT action FROM audit_event ORDER BY id")]
    assert actions[-1] == "backup.restore"


def test_backup_and_bad_restore_from_the_command_line(db_path: Path, tmp_path: Path) -> None:
    run("user", "add", "olivia", "--role", "owner", "--db", str(db_path), stdin="owner-password\n")
    made = run("backup", "--db", str(db_path), "-o", str(tmp_path / "copy.db"))
    assert made.returncode == 0, made.stderr
    assert "verified" in made.stdout
    junk = tmp_path / "junk.db"
    junk.write_text("not a database")
    refused = run("restore", "--db", str(db_path), str(junk))
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert _count(db_path, "staff") == 1


def test_daily_schedule_settings_and_due_time(manager: Staff, clerk: Staff, tmp_path: Path) -> None:
    with pytest.raises(PermissionDenied):
        backup.save_settings(clerk, folder=str(tmp_path), keep=7, daily=True)
    with pytest.raises(ValidationError, match="does not exist"):
        backup.save_settings(manager, folder=str(tmp_path / "gone"), keep=7, daily=True)
    assert not backup.backup_due()
    backup.save_settings(manager, folder=str(tmp_path), keep=2, daily=True)
    assert backup.backup_due()
    first = backup.run_scheduled_backup(now=dt.datetime(2026, 11, 24, 9, 0))
    assert first.path.parent == tmp_path
    assert not backup.backup_due(now=dt.datetime(2026, 11, 25, 8, 59))
    assert backup.backup_due(now=dt.datetime(2026, 11, 25, 9, 0))


def test_restore_from_the_app_swaps_and_reopens(owner: Staff, manager: Staff, tmp_path: Path) -> None:
    saved = backup.write_backup(tmp_path / "early.db", actor=owner).path
    accounts.create_staff(owner, username="late", display_name="Late", role=Role.STAFF,
                          password="late-password")
    with pytest.raises(PermissionDenied):
        backup.restore_open_database(manager, saved)
    kept = backup.restore_open_database(owner, saved)
    assert not Staff.select().where(Staff.username == "late").exists()
    assert kept.exists()
    assert not [p for p in kept.parent.iterdir() if p.name.startswith(kept.name) and p != kept]
    assert backup.quick_check()
    assert AuditEvent.select().order_by(AuditEvent.id.desc()).get().action == "backup.restore"


@pytest.mark.usefixtures("allow_warnings")
def test_start_up_rescue_skips_damaged_backups(owner: Staff, tmp_path: Path) -> None:
    backup.save_settings(owner, folder=str(tmp_path), keep=5, daily=True)
    good = backup.run_scheduled_backup(now=dt.datetime(2026, 11, 1, 3, 0))
    os.utime(good.path, (1_700_000_000, 1_700_000_000))
    damaged = tmp_path / "smallcs-20261102-030000.db"
    damaged.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    used = backup.restore_latest_good_backup()
    assert used is not None and used.path == good.path
