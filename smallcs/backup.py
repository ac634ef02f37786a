"""Backups of the SQLite database: online copies, verified, rotated, restorable.

SQLite's online backup API copies a consistent snapshot while the app and the
survey server keep writing (WAL mode). Every copy is checked with
``PRAGMA integrity_check`` before it takes its final name, so a listed backup
is a good one. PostgreSQL shops use ``pg_dump`` instead (docs/deploy.md).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import os
import sqlite3
from pathlib import Path

import peewee

from smallcs import audit, clock
from smallcs.errors import DatabaseError, ValidationError
from smallcs.i18n import _
from smallcs.models import Staff, database
from smallcs.models.connection import HISTORY_TABLE

log = logging.getLogger(__name__)

BACKUP_PREFIX = "smallcs-"
BACKUP_SUFFIX = ".db"


@dataclasses.dataclass(frozen=True)
class BackupInfo:
    """A verified backup file."""

    path: Path
    size_bytes: int
    created_at: dt.datetime  # naive UTC, from the file's modification time


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
        raise DatabaseError(_("{path} is not a database: {reason}").format(path=path, reason=exc)) from exc
    finally:
        conn.close()


def _copy(source: Path, destination: Path) -> None:
    """Online-backup ``source`` into ``destination`` (which is overwritten)."""
    src = sqlite3.connect(source, timeout=30)
    try:
        dst = sqlite3.connect(destination)
        try:
            src.backup(dst, pages=1024)
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
                path=destination, reason=exc.strerror or exc)
        ) from exc
    finally:
        partial.unlink(missing_ok=True)
    info = describe_backup(destination)
    with database.atomic():
        audit.record(actor, "backup.create", entity="database",
                     detail={"file": destination.name, "bytes": info.size_bytes})
    log.info("backup written: %s (%d bytes)", destination.name, info.size_bytes)
    return info


def describe_backup(path: Path) -> BackupInfo:
    stat = path.stat()
    created = dt.datetime.fromtimestamp(stat.st_mtime, dt.timezone.utc).replace(tzinfo=None)
    return BackupInfo(path=path, size_bytes=stat.st_size, created_at=created)


def list_backups(folder: Path) -> list[BackupInfo]:
    """Backups in ``folder`` written by the schedule, newest first."""
    if not folder.is_dir():
        return []
    files = folder.glob(f"{BACKUP_PREFIX}*{BACKUP_SUFFIX}")
    return sorted((describe_backup(p) for p in files), key=lambda b: b.created_at, reverse=True)


def scheduled_backup(folder: Path, *, keep: int, now: dt.datetime | None = None) -> BackupInfo:
    """Write ``smallcs-YYYYMMDD-HHMMSS.db`` into ``folder`` and keep only the newest ``keep``."""
    if keep < 1:
        raise ValidationError(_("Keep at least one backup."))
    stamp = (now or clock.utcnow()).strftime("%Y%m%d-%H%M%S")
    info = write_backup(folder / f"{BACKUP_PREFIX}{stamp}{BACKUP_SUFFIX}", actor=None)
    for old in list_backups(folder)[keep:]:
        old.path.unlink(missing_ok=True)
        log.info("old backup removed: %s", old.path.name)
    return info


def restore_database(target: Path, backup_file: Path) -> Path:
    """Replace the database at ``target`` with ``backup_file``; keep the current one.

    The caller closes its connection first. The current database is first copied
    to ``<name>.before-restore-<time>.db`` beside it (returned), then the backup is
    copied in with the online backup API, so WAL files stay consistent.

    Raises:
        DatabaseError: the backup file is damaged or not a SmallCS database.
    """
    check_database_file(backup_file)
    stamp = clock.utcnow().strftime("%Y%m%d-%H%M%S")
    kept = target.with_name(f"{target.stem}.before-restore-{stamp}{target.suffix}")
    if target.exists():
        os.close(os.open(kept, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600))
        _copy(target, kept)
        check_database_file(kept)
    _copy(backup_file, target)
    check_database_file(target)
    log.info("database restored from %s", backup_file.name)
    return kept
