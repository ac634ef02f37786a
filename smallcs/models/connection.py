"""Open the shop's database by path or URL, apply migrations, refuse newer ones."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlparse

import peewee

from smallcs import pg_driver
from smallcs.errors import DatabaseError, DatabaseTooNew
from smallcs.i18n import _
from smallcs.models.base import database
from smallcs.os_errors import os_error_reason

if TYPE_CHECKING:
    from playhouse.migrations import Runner

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
HISTORY_TABLE = "schema_migration"

SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "busy_timeout": 10_000,
    "synchronous": 1,  # NORMAL: durable across app crashes in WAL mode
}

_URL_SCHEMES = ("sqlite", "postgres", "postgresql")


def describe(target: str | os.PathLike[str]) -> str:
    """A form of the database location safe to show (no password)."""
    text = os.fspath(target)
    if "://" not in text:
        return text
    parsed = urlparse(text)
    if parsed.password:
        netloc = parsed.netloc.replace(":" + parsed.password + "@", ":***@")
        return parsed._replace(netloc=netloc).geturl()
    return text


def _sqlite(path: Path) -> peewee.SqliteDatabase:
    if not path.parent.is_dir():
        raise DatabaseError(_("The folder {folder} does not exist.").format(folder=path.parent))
    if path.is_dir():
        raise DatabaseError(_("{path} is a folder, not a database file.").format(path=path))
    if not path.exists():
        # Customers' contact details: readable by this user only.
        try:
            os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
        except OSError as exc:
            raise DatabaseError(_("Cannot create the database {path}: {reason}.").format(
                path=path, reason=os_error_reason(exc))) from exc
    return peewee.SqliteDatabase(str(path), pragmas=SQLITE_PRAGMAS)


def sqlite_file(target: str | os.PathLike[str]) -> Path | None:
    """The SQLite file ``target`` names (a path or ``sqlite:///path``); None for a server URL.

    Raises:
        DatabaseError: an unsupported URL, or a sqlite URL without a file.
    """
    text = os.fspath(target)
    if "://" not in text:
        return Path(text).expanduser()
    scheme = text.split("://", 1)[0].lower()
    if scheme not in _URL_SCHEMES:
        raise DatabaseError(_("Unsupported database URL '{target}': use a file path, sqlite:///path"
                              " or postgresql://user@host/name.").format(target=describe(text)))
    if scheme != "sqlite":
        return None
    # As in peewee and SQLAlchemy: sqlite:///relative.db, sqlite:////absolute.db
    path = text.split("://", 1)[1].removeprefix("/")
    if not path:
        raise DatabaseError(_("The sqlite URL names no file: use sqlite:///path/to/file.db."))
    return Path(path)


def _from_target(target: str) -> peewee.Database:
    file = sqlite_file(target)
    if file is not None:
        return _sqlite(file)
    from playhouse import db_url  # only server databases need the URL parser

    pg_driver.load()
    try:
        return db_url.connect(target)
    except (RuntimeError, ValueError, ImportError) as exc:
        log.info("cannot use %s: %s", describe(target), exc)  # the library's own words, for support
        raise DatabaseError(_("Cannot use '{target}': it is not a database address SmallCS can open. Use a file"
                              " path, sqlite:///path or postgresql://user@host/name.").format(
            target=describe(target))) from exc


def connect_target(target: str | os.PathLike[str]) -> peewee.Database:
    """Connect to the database at ``target`` without binding the models or migrating it.

    Raises:
        DatabaseError: it cannot be opened or is not a database at all.
    """
    text = os.fspath(target)
    db = _from_target(text)
    try:
        db.connect(reuse_if_open=True)
        # Reading the schema proves the file is a database at all.
        db.get_tables()
    except peewee.DatabaseError as exc:  # OperationalError too: a file unreadable, a server down
        db.close()
        log.info("cannot open %s: %s", describe(text), exc)  # the library's own words, for support
        raise DatabaseError(_refusal(text, exc)) from exc
    return db


def _refusal(target: str, exc: peewee.DatabaseError) -> str:
    """Why ``target`` could not be opened, in the user's language (the driver's words are English)."""
    if sqlite_file(target) is None:
        if isinstance(exc, peewee.OperationalError):
            return _("Cannot connect to {target}: the server did not answer or refused the connection. Check"
                     " that it is running and that the address, user name and password are right.").format(
                target=describe(target))
        return _("Cannot open {target}: the server refused it.").format(target=describe(target))
    if isinstance(exc, peewee.OperationalError):
        return _("Cannot open {target}: the file cannot be read.").format(target=describe(target))
    return _("Cannot open {target}: it is not a SmallCS database, or it is damaged.").format(
        target=describe(target))


def open_database(target: str | os.PathLike[str], *, migrate: bool = True) -> peewee.Database:
    """Open (creating if needed) the database and bring its schema up to date.

    Args:
        target: a file path, ``sqlite:///path`` or ``postgresql://...`` URL.
        migrate: apply pending migrations (the default); tests may turn it off.

    Returns:
        The connected database, also bound to every model.

    Raises:
        DatabaseError: it cannot be opened or is not a SmallCS database.
        DatabaseTooNew: a newer SmallCS has changed it.
    """
    db = connect_target(target)
    database.initialize(db)
    if migrate:
        try:
            apply_migrations(db)
        except Exception:
            db.close()
            raise
    return db


def migration_runner(db: peewee.Database) -> Runner:
    """peewee's numbered-migration runner over our migrations folder."""
    from playhouse.migrations import Runner

    return Runner(db, directory=str(MIGRATIONS_DIR), table_name=HISTORY_TABLE)


def _known_migrations() -> set[str]:
    return {p.stem for p in MIGRATIONS_DIR.glob("[0-9]*.py")}


def _applied_migrations(db: peewee.Database) -> set[str]:
    if HISTORY_TABLE not in db.get_tables():
        return set()
    return {row[0] for row in db.execute_sql(f"SELECT name FROM {HISTORY_TABLE}")}


def apply_migrations(db: peewee.Database) -> list[str]:
    """Apply pending migrations; refuse a database with migrations we do not know.

    The usual case, an up-to-date database, is answered with one query and
    without loading the migration runner (start-up time).
    """
    applied, known = _applied_migrations(db), _known_migrations()
    unknown = applied - known
    if not unknown and known <= applied:
        return []
    if unknown:
        raise DatabaseTooNew(
            "This database was updated by a newer version of SmallCS"
            f" (it has {', '.join(sorted(unknown))}). Install the newer version to open it."
        )
    applied_now: list[str] = migration_runner(db).up()
    if applied_now:
        log.info("applied migrations: %s", ", ".join(applied_now))
    return applied_now


def close_database() -> None:
    """Close the bound database, if any."""
    if database.obj is not None and not database.obj.is_closed():
        database.obj.close()
