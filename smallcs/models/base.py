"""The database proxy every model is bound to, and the shared base model."""

from __future__ import annotations

import contextlib
import logging
import os
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import peewee
from peewee import DatabaseProxy, Model

try:
    import fcntl
except ImportError:  # Windows: SmallCS processes there meet SQLite's busy timeout
    fcntl = None  # type: ignore[assignment]

log = logging.getLogger(__name__)

database = DatabaseProxy()


class BaseModel(Model):
    """Base for SmallCS models: snake_case table names, bound to ``database``."""

    class Meta:
        database = database
        legacy_table_names = False


# Writers in this process queue here before SQLite's lock; see write_transaction.
_sqlite_writers = threading.RLock()
_writer_depth = threading.local()
# Writers of several survey server processes on the same file queue on a lock file
# beside it ("<database>-lock"), one open file per database and process (see _process_lock).
_lock_files: dict[tuple[str, int], int | None] = {}
_shared_with_processes = False
_LOCK_POLL_SECONDS = 0.0005
_LOCK_WAIT_SECONDS = 10.0  # as SQLite's busy timeout; then SQLite's own wait takes over


def queue_writers_across_processes() -> None:
    """From now on, this process's SQLite writers also queue on the database's lock file.

    For processes that write to one SQLite file side by side all day (``smallcs
    serve --processes N``). It is not the default: taking the lock file lets the
    GIL go once more while the process's write lock is held, which cost one
    server process a tenth of its answers a second.
    """
    global _shared_with_processes
    _shared_with_processes = True


def _lock_file(db: peewee.SqliteDatabase) -> int | None:
    """This process's descriptor of the database's lock file; None where there is none to have."""
    path = str(db.database)
    if not _shared_with_processes or fcntl is None or not path or path == ":memory:" or path.startswith("file:"):
        return None
    key = (path, os.getpid())  # a forked child must not share its parent's open file
    if key not in _lock_files:
        try:
            _lock_files[key] = os.open(f"{path}-lock", os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        except OSError:
            log.warning("cannot open %s-lock; writers of several processes will poll", path,
                        exc_info=True)
            _lock_files[key] = None
    return _lock_files[key]


@contextlib.contextmanager
def _process_lock(db: peewee.SqliteDatabase) -> Iterator[None]:
    """Hold the database's lock file against other SmallCS processes (outermost level only).

    SQLite makes a writer that finds the database locked sleep and retry, for up
    to 100 ms at a time, while every writer queued behind it in its process waits
    too: with two survey server processes, one write in 200 waited 34 to 80 ms.
    Here a waiting process looks again every half millisecond instead. After
    ten seconds it goes on to SQLite's own wait (and its "database is locked").
    Only after ``queue_writers_across_processes``; a no-op on Windows.
    """
    depth = getattr(_writer_depth, "depth", 0)
    fd = _lock_file(db) if depth == 0 else None
    held = False
    if fd is not None:
        deadline = time.monotonic() + _LOCK_WAIT_SECONDS
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                held = True
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    break
                time.sleep(_LOCK_POLL_SECONDS)
    _writer_depth.depth = depth + 1
    try:
        yield
    finally:
        _writer_depth.depth = depth
        if held:
            fcntl.flock(fd, fcntl.LOCK_UN)


@contextlib.contextmanager
def write_transaction() -> Iterator[None]:
    """A transaction for writes: on SQLite it takes the write lock at BEGIN (IMMEDIATE).

    A deferred SQLite transaction that reads first and writes later cannot wait for
    another writer: it fails at once with "database is locked". Taking the lock at
    BEGIN makes concurrent writers (the app, the survey server, a backup's audit
    event) queue on the busy timeout instead. Nested calls become savepoints.
    Server databases keep their default BEGIN; row locks do the job there.

    Threads of one process (the survey server's, the app's) first queue on a
    process-wide lock: SQLite's busy handler polls with sleeps of up to 100 ms,
    which under load left the database idle while answers waited (survey POST
    p99 of half a second); a thread waiting on the lock is woken the moment the
    writer before it commits. The processes of ``smallcs serve --processes``
    then queue on a lock file (``_process_lock``); other processes meet
    SQLite's busy timeout.
    """
    db = database.obj
    try:
        if isinstance(db, peewee.SqliteDatabase):
            with _sqlite_writers, _process_lock(db), database.atomic("IMMEDIATE"):
                yield
        else:
            with database.atomic():
                yield
    finally:
        if database.obj is None or not database.in_transaction():
            _run_after_transaction()


def execute_write(sql: str, params: Sequence[Any]) -> Any:
    """Run one write statement as a transaction of its own (or as part of the caller's).

    For a write that one statement can make whole, such as a survey answer on
    SQLite (a trigger marks the card). It is one call into SQLite, so the
    process's write lock is held for that call alone; in a ``write_transaction``
    BEGIN, each statement and COMMIT are a call each, after each of which the
    thread must win Python's lock back from the server's other threads while
    the write lock waits (survey server, issue #5). SQLite takes the write lock
    as such a statement starts, waiting as for BEGIN IMMEDIATE.

    Returns:
        The DB-API cursor (``rowcount``, ``lastrowid``, a RETURNING row).
    """
    db = database.obj
    try:
        if isinstance(db, peewee.SqliteDatabase):
            with _sqlite_writers, _process_lock(db):
                return database.execute_sql(sql, params)
        return database.execute_sql(sql, params)
    finally:
        if database.obj is None or not database.in_transaction():
            _run_after_transaction()


# What waits for this thread's outermost transaction to end (see after_transaction).
_waiting = threading.local()


def after_transaction(callback: Callable[[], None]) -> None:
    """Run ``callback`` once this thread is outside any transaction: at once, or when
    the outermost ``write_transaction`` ends, whether it committed or rolled back.

    For a write that must outlive the transaction it happens in, such as the audit
    event of a refused action: written inside, it would be rolled back with the
    refused call. (On SQLite a second connection cannot write it meanwhile either:
    this one holds the write lock.) ``callback`` opens its own transaction; what it
    raises is logged, never raised in place of the caller's exception.
    """
    callbacks: list[Callable[[], None]] = _waiting.__dict__.setdefault("callbacks", [])
    callbacks.append(callback)
    if database.obj is None or not database.in_transaction():
        _run_after_transaction()


def _run_after_transaction() -> None:
    callbacks: list[Callable[[], None]] = _waiting.__dict__.setdefault("callbacks", [])
    while callbacks:
        callback = callbacks.pop(0)
        try:
            callback()
        except Exception:  # the caller's own outcome (often an exception) must come through
            log.exception("a write after the transaction failed")
