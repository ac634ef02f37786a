"""Backups of the SQLite database: online copies, verified, rotated, restorable.

SQLite's online backup API copies a consistent snapshot while the app and the
survey server keep writing (WAL mode). Every copy is checked with
``PRAGMA integrity_check`` before it takes its final name, so a listed backup
is a good one. PostgreSQL shops use ``pg_dump`` instead (docs/deploy.md).

A backup is named after the moment it was made, on the shop's clock with its UTC
offset (``smallcs-2026-12-03-174600+0100.db``): what the list and the shop call
17:46 is 17:46 in the name, and the offset keeps two backups an hour apart apart
when the clocks go back. Backups named by earlier versions in UTC
(``smallcs-20261203-164600.db``) are still listed, kept and pruned with them; both
kinds are ordered by the moment in their name, never by the file's date, which a
copy to another drive may change.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
import os
import re
import shutil
import sqlite3
from pathlib import Path
from typing import NamedTuple
from zoneinfo import ZoneInfo

import peewee

from smallcs import audit, clock, settings
from smallcs.errors import DatabaseError, ValidationError
from smallcs.i18n import _
from smallcs.models import Staff, database, write_transaction
from smallcs.models.connection import HISTORY_TABLE, close_database, open_database
from smallcs.os_errors import discard_leftover, os_error_reason
from smallcs.permissions import require

log = logging.getLogger(__name__)

BACKUP_PREFIX = "smallcs-"
BACKUP_SUFFIX = ".db"
_STAMP_FORMAT = "%Y-%m-%d-%H%M%S%z"  # 2026-12-03-174600+0100: the shop's clock and its offset
_STAMP = re.compile(r"\d{4}-\d{2}-\d{2}-\d{6}[+-]\d{4}")
_UTC_STAMP_FORMAT = "%Y%m%d-%H%M%S"  # the names of earlier versions: UTC, no offset
_UTC_STAMP = re.compile(r"\d{8}-\d{6}")
_BACKUP_NAME = re.compile(
    re.escape(BACKUP_PREFIX) + f"({_STAMP.pattern}|{_UTC_STAMP.pattern})" + re.escape(BACKUP_SUFFIX))
_UTC = ZoneInfo("UTC")


class BackupInfo(NamedTuple):
    """A verified backup file."""

    path: Path
    size_bytes: int
    created_at: dt.datetime  # naive UTC: the moment in its name (else the file's modification time)


def stamp(moment: dt.datetime, zone: ZoneInfo) -> str:
    """``moment`` (naive UTC) as a file name shows it: the shop's clock with the UTC offset."""
    return clock.to_local(moment, zone).strftime(_STAMP_FORMAT)


def moment_of_stamp(text: str) -> dt.datetime | None:
    """The moment (naive UTC) a ``stamp`` or an earlier version's UTC stamp names; None for
    any other text."""
    try:
        if _STAMP.fullmatch(text):
            return dt.datetime.strptime(text, _STAMP_FORMAT).astimezone(dt.UTC).replace(tzinfo=None)
        if _UTC_STAMP.fullmatch(text):
            return dt.datetime.strptime(text, _UTC_STAMP_FORMAT)
    except ValueError:  # digits in the shape of a date that is none (month 13)
        return None
    return None


def backup_name(moment: dt.datetime, zone: ZoneInfo) -> str:
    """``smallcs-<stamp>.db``: the file name of a backup made at ``moment`` (naive UTC)."""
    return f"{BACKUP_PREFIX}{stamp(moment, zone)}{BACKUP_SUFFIX}"


def _moment_in_name(name: str) -> dt.datetime | None:
    """When the backup called ``name`` was made; None when SmallCS did not name it."""
    match = _BACKUP_NAME.fullmatch(name)
    return moment_of_stamp(match.group(1)) if match else None


def _current_sqlite_path() -> Path:
    db = database.obj
    if not isinstance(db, peewee.SqliteDatabase):
        raise ValidationError(
            _("Backups from SmallCS are for the built-in SQLite database; back up"
              " PostgreSQL with pg_dump (see docs/deploy.md).")
        )
    return Path(db.database)


def check_database_file(path: Path) -> None:
    """Raise DatabaseError unless ``path`` is an intact SmallCS database."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise DatabaseError(_("{path} cannot be opened: {reason}").format(path=path, reason=exc)) from exc
    try:
        result = conn.execute("PRAGMA integrity_check").fetchone()[0]
        if result != "ok":
            raise DatabaseError(_("{path} is damaged ({detail}).").format(path=path, detail=result))
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if HISTORY_TABLE not in tables:
            raise DatabaseError(_("{path} is not a SmallCS database.").format(path=path))
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(_("{path} is not a SmallCS database, or it is too damaged to read.").format(
            path=path)) from exc
    finally:
        conn.close()


def _copy(source: Path, destination: Path) -> None:
    """Online-backup ``source`` into ``destination`` (which is overwritten).

    The copy is one step (``pages=-1``), inside one read transaction. In WAL mode
    a reader never blocks writers, so the counter and the survey server keep
    saving meanwhile. A copy in several steps restarts from the first page
    whenever another connection commits between two steps: with a save every
    few seconds a large database could be copied again and again (bench/bench_backup.py
    saw 1,700 restarts and 39 s for a 29 MB file that copies in 0.1 s).
    """
    src = sqlite3.connect(source, timeout=30)
    try:
        dst = sqlite3.connect(destination)
        try:
            src.backup(dst, pages=-1)
            # A copy of a WAL database is marked WAL too: checking it (read-only) would
            # leave "-wal" and "-shm" files beside it, piling up on the backup drive.
            # The copy is one self-contained file; the app turns WAL on when it opens it.
            dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            dst.close()
    finally:
        src.close()


def write_backup(destination: Path, *, actor: Staff | None) -> BackupInfo:
    """Write a verified copy of the open database to ``destination``.

    Args:
        destination: the new file; its folder must exist. An existing file is replaced
            only once the new copy has been verified.
        actor: who asked (None: the command line or the schedule).

    Raises:
        ValidationError: not a SQLite database, or the folder is missing.
        DatabaseError: the copy failed its integrity check (nothing is left behind).
    """
    source = _current_sqlite_path()
    destination = destination.expanduser()
    if not destination.parent.is_dir():
        raise ValidationError(_("The folder {path} does not exist.").format(path=destination.parent))
    if destination.resolve() == source.resolve():
        raise ValidationError(_("A backup cannot overwrite the database itself."))
    partial = destination.with_name(destination.name + ".partial")
    try:
        os.close(os.open(partial, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600))
        _copy(source, partial)
        check_database_file(partial)
        os.replace(partial, destination)
    except OSError as exc:
        raise ValidationError(
            _("The backup could not be written to {path}: {reason}").format(
                path=destination, reason=os_error_reason(exc))
        ) from exc
    finally:
        discard_leftover(partial)
    info = describe_backup(destination)
    with write_transaction():
        audit.record(actor, "backup.create", entity="database",
                     detail={"file": destination.name, "bytes": info.size_bytes})
    log.info("backup written: %s (%d bytes)", destination.name, info.size_bytes)
    return info


def describe_backup(path: Path) -> BackupInfo:
    stat = path.stat()
    created = _moment_in_name(path.name) or dt.datetime.fromtimestamp(stat.st_mtime, dt.UTC).replace(tzinfo=None)
    return BackupInfo(path=path, size_bytes=stat.st_size, created_at=created)


def list_backups(folder: Path) -> list[BackupInfo]:
    """The backups SmallCS named in ``folder`` (either kind of name), newest first; other files,
    even ``smallcs-something.db``, are neither listed nor ever pruned."""
    if not folder.is_dir():
        return []
    files = [p for p in folder.glob(f"{BACKUP_PREFIX}*{BACKUP_SUFFIX}") if _moment_in_name(p.name) is not None]
    return sorted((describe_backup(p) for p in files), key=lambda b: (b.created_at, b.path.name), reverse=True)


def scheduled_backup(folder: Path, *, keep: int, now: dt.datetime | None = None) -> BackupInfo:
    """Write ``smallcs-<stamp>.db`` (made now, on the shop's clock) into ``folder`` and keep
    only the newest ``keep`` backups there."""
    if keep < 1:
        raise ValidationError(_("Keep at least one backup."))
    name = backup_name(now or clock.utcnow(), settings.get_profile().zone)
    info = write_backup(folder / name, actor=None)
    for old in list_backups(folder)[keep:]:
        old.path.unlink(missing_ok=True)
        log.info("old backup removed: %s", old.path.name)
    return info


def restore_database(target: Path, backup_file: Path) -> Path:
    """Replace the database at ``target`` with ``backup_file``; keep the current one.

    The caller closes its connection first. The current database is first copied
    to ``<name>.before-restore-<stamp>.db`` beside it (returned; the time on the
    shop's clock, as a backup's), then the backup is copied in with the online
    backup API, so WAL files stay consistent.

    Raises:
        DatabaseError: the backup file is damaged or not a SmallCS database.
    """
    check_database_file(backup_file)
    made = stamp(clock.utcnow(), _zone_of(target))
    kept = target.with_name(f"{target.stem}.before-restore-{made}{target.suffix}")
    if target.exists():
        try:
            os.close(os.open(kept, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600))
            _copy(target, kept)
            check_database_file(kept)
        except (sqlite3.DatabaseError, DatabaseError):
            # A damaged database (the start-up rescue's case) cannot be copied page
            # by page: its files are kept byte for byte, as found, for whoever repairs it.
            log.warning("the database being replaced is damaged; its files are kept as found")
            _keep_files_as_found(target, kept)
    else:
        # A PC with no database yet: the restored one is as private as a new one.
        os.close(os.open(target, os.O_CREAT | os.O_WRONLY, 0o600))
    _copy(backup_file, target)
    check_database_file(target)
    log.info("database restored from %s", backup_file.name)
    return kept


def _zone_of(database_file: Path) -> ZoneInfo:
    """The shop's time zone as the (closed) database at ``database_file`` holds it; UTC when the
    file cannot tell (none yet, damaged, a shop not set up). Read as immutable: a read-only
    connection to a WAL database would leave its -wal and -shm files behind."""
    try:
        conn = sqlite3.connect(f"file:{database_file}?mode=ro&immutable=1", uri=True)
    except sqlite3.Error:
        return _UTC
    try:
        # The row settings.get_profile reads; the database is closed, so not through the models.
        row = conn.execute("SELECT value FROM setting WHERE key = 'business_profile'").fetchone()
        return clock.zone(json.loads(row[0])["timezone"])
    except (sqlite3.Error, TypeError, KeyError, ValueError, ValidationError):
        return _UTC
    finally:
        conn.close()


def _keep_files_as_found(target: Path, kept: Path) -> None:
    """Copy the database file and its write-ahead log (if any) to ``kept``, byte for byte."""
    for suffix in ("", "-wal"):
        source = Path(f"{target}{suffix}")
        if source.exists():
            copy = Path(f"{kept}{suffix}")
            os.close(os.open(copy, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600))
            shutil.copyfile(source, copy)


@dataclasses.dataclass(frozen=True)
class BackupSettings:
    """Where the daily backups go and how many are kept."""

    folder: str = ""
    keep: int = 14
    daily: bool = False
    last_at: str = ""  # ISO naive UTC of the last scheduled backup


_SETTINGS_KEY = "backup"


def get_settings() -> BackupSettings:
    stored = settings.get_value(_SETTINGS_KEY, {})
    known = {f.name for f in dataclasses.fields(BackupSettings)}
    return BackupSettings(**{k: v for k, v in stored.items() if k in known})


def save_settings(actor: Staff, *, folder: str, keep: int, daily: bool) -> BackupSettings:
    """Store the schedule (manager or owner); the folder must exist and be writable."""
    require(actor, "settings.edit")
    folder = folder.strip()
    if daily and not folder:
        raise ValidationError(_("Choose a folder for the daily backups."), field="folder")
    if folder and not (Path(folder).is_dir() and os.access(folder, os.W_OK)):
        raise ValidationError(
            _("The folder {path} does not exist or cannot be written.").format(path=folder),
            field="folder")
    if not 1 <= keep <= 365:
        raise ValidationError(_("Keep between 1 and 365 backups."), field="keep")
    new = dataclasses.replace(get_settings(), folder=folder, keep=keep, daily=daily)
    with write_transaction():
        settings.put_value(_SETTINGS_KEY, dataclasses.asdict(new))
        audit.record(actor, "settings.backup", entity="setting", entity_id=_SETTINGS_KEY,
                     detail={"keep": keep, "daily": daily})
    return new


def backup_due(now: dt.datetime | None = None) -> bool:
    """True when daily backups are on and the last one is a day old (or missing)."""
    current = get_settings()
    if not (current.daily and current.folder):
        return False
    if not current.last_at:
        return True
    last = dt.datetime.fromisoformat(current.last_at)
    return (now or clock.utcnow()) - last >= dt.timedelta(hours=24)


def run_scheduled_backup(now: dt.datetime | None = None) -> BackupInfo:
    """Write today's backup into the configured folder and rotate."""
    current = get_settings()
    moment = now or clock.utcnow()
    info = scheduled_backup(Path(current.folder), keep=current.keep, now=moment)
    with write_transaction():
        settings.put_value(_SETTINGS_KEY, dataclasses.asdict(
            dataclasses.replace(current, last_at=moment.isoformat())))
    return info


def quick_check() -> bool:
    """``PRAGMA quick_check`` on the open SQLite database (True on PostgreSQL)."""
    db = database.obj
    if not isinstance(db, peewee.SqliteDatabase):
        return True
    try:
        findings = [row[0] for row in db.execute_sql("PRAGMA quick_check(20)").fetchall()]
    except (peewee.DatabaseError, sqlite3.DatabaseError):  # the rows are read past peewee's wrapper
        log.exception("quick_check failed")
        return False
    if findings == ["ok"]:
        return True
    log.error("quick_check found damage: %s", "; ".join(findings))
    return False


def restore_open_database(actor: Staff, backup_file: Path) -> Path:
    """Owner only: swap the open database for ``backup_file`` and reopen it.

    Returns where the previous database was kept. Everyone must log in again
    afterwards (the accounts are the backup's).
    """
    require(actor, "staff.manage")
    target = _current_sqlite_path()
    check_database_file(backup_file)
    username = actor.username
    close_database()
    try:
        kept = restore_database(target, backup_file)
    finally:
        open_database(target)
    with write_transaction():
        audit.record(None, "backup.restore", entity="database",
                     detail={"file": backup_file.name, "by": username})
    return kept


def restore_latest_good_backup() -> BackupInfo | None:
    """Start-up rescue: restore the newest backup in the schedule's folder that checks out.

    Returns the backup used, or None when there is none to use.
    """
    folder = get_settings().folder
    target = _current_sqlite_path()
    for candidate in list_backups(Path(folder)) if folder else []:
        try:
            check_database_file(candidate.path)
        except DatabaseError:
            log.warning("skipping damaged backup %s", candidate.path.name)
            continue
        close_database()
        try:
            restore_database(target, candidate.path)
        finally:
            open_database(target)
        with write_transaction():
            audit.record(None, "backup.restore", entity="database",
                         detail={"file": candidate.path.name, "reason": "start-up check"})
        return candidate
    return None
