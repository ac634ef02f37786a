"""The database proxy every model is bound to, and the shared base model."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator

import peewee
from peewee import DatabaseProxy, Model

database = DatabaseProxy()


class BaseModel(Model):
    """Base for SmallCS models: snake_case table names, bound to ``database``."""

    class Meta:
        database = database
        legacy_table_names = False


# Writers in this process queue here before SQLite's lock; see write_transaction.
_sqlite_writers = threading.RLock()


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
    writer before it commits. Other processes still queue on the busy timeout.
    """
    if isinstance(database.obj, peewee.SqliteDatabase):
        with _sqlite_writers, database.atomic("IMMEDIATE"):
            yield
    else:
        with database.atomic():
            yield
