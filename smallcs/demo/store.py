"""Bulk writes for the demo: chunked multi-row inserts with ids chosen up front."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any

import peewee

from smallcs.models import BaseModel, database

# Bound parameters allowed in one statement (SQLite before 3.32 allowed 999).
_SQLITE_VARIABLES = 32766 if sqlite3.sqlite_version_info >= (3, 32, 0) else 999
_OTHER_VARIABLES = 30000  # PostgreSQL allows 65535


def next_id(model: type[BaseModel]) -> int:
    """The first id after every existing row of ``model``."""
    highest = model.select(peewee.fn.MAX(model._meta.primary_key)).scalar()
    return (highest or 0) + 1


def insert_rows(model: type[BaseModel], rows: Sequence[dict[str, Any]]) -> None:
    """Insert ``rows`` (dicts with the same keys) in as few statements as the database allows."""
    if not rows:
        return
    limit = _SQLITE_VARIABLES if isinstance(database.obj, peewee.SqliteDatabase) else _OTHER_VARIABLES
    per_chunk = max(1, limit // len(rows[0]))
    for start in range(0, len(rows), per_chunk):
        model.insert_many(rows[start:start + per_chunk]).execute()


def sync_id_sequences(models: Sequence[type[BaseModel]]) -> None:
    """After inserting explicit ids, move PostgreSQL's id sequences past them.

    SQLite needs nothing: its next rowid is always the highest plus one.
    """
    if not isinstance(database.obj, peewee.PostgresqlDatabase):
        return
    for model in models:
        table = model._meta.table_name
        database.execute_sql(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE(MAX(id), 1)) FROM {table}"
        )
