"""The database proxy every model is bound to, and the shared base model."""

from __future__ import annotations

from typing import Any

import peewee
from peewee import DatabaseProxy, Model

database = DatabaseProxy()


class BaseModel(Model):
    """Base for SmallCS models: snake_case table names, bound to ``database``."""

    class Meta:
        database = database
        legacy_table_names = False


def write_transaction() -> Any:
    """A transaction for writes: on SQLite it takes the write lock at BEGIN (IMMEDIATE).

    A deferred SQLite transaction that reads first and writes later cannot wait for
    another writer: it fails at once with "database is locked". Taking the lock at
    BEGIN makes concurrent writers (the app, the survey server, a backup's audit
    event) queue on the busy timeout instead. Nested calls become savepoints.
    Server databases keep their default BEGIN; row locks do the job there.
    """
    if isinstance(database.obj, peewee.SqliteDatabase):
        return database.atomic("IMMEDIATE")
    return database.atomic()
