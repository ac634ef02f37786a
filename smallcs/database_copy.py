"""Copy a whole shop from one database to another: moving from the counter PC's
SQLite file to a shared PostgreSQL server (or back, or to a new file).

Every row of every table keeps its id, so references, complaint numbers, the
audit log and survey cards already handed to customers stay valid. The copy is
one transaction on the destination: it lands complete or not at all. The
destination must be new (just created, or only migrated): SmallCS will not mix
two shops. The source is only read.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Iterator
from typing import Any

import peewee

from smallcs.errors import ValidationError
from smallcs.i18n import _
from smallcs.models import ALL_MODELS, AuditEvent, Complaint, Staff, SurveyResponse
from smallcs.models.connection import apply_migrations, connect_target, describe

BATCH = 500
Progress = Callable[[str, int], None]


@dataclasses.dataclass(frozen=True)
class CopyReport:
    """What was copied: rows per table, in the order they were written."""

    source: str
    destination: str
    tables: tuple[tuple[str, int], ...]

    @property
    def rows(self) -> int:
        return sum(count for _table, count in self.tables)


def _ordered_models() -> list[type[peewee.Model]]:
    """Tables in an order where every row's references are already there."""
    return list(peewee.sort_models(ALL_MODELS))


def _batches(model: type[peewee.Model]) -> Iterator[list[dict[str, Any]]]:
    """All of ``model``'s rows, a batch at a time, in primary-key order (keyset paging)."""
    key = model._meta.primary_key
    last: Any = None
    while True:
        query = model.select().order_by(key).limit(BATCH)
        if last is not None:
            query = query.where(key > last)
        rows = list(query.dicts())
        if not rows:
            return
        yield rows
        last = rows[-1][key.name]


def _holds_a_shop() -> bool:
    return any(model.select().exists() for model in (Staff, Complaint, SurveyResponse, AuditEvent))


def _reset_sequences(db: peewee.Database, models: list[type[peewee.Model]]) -> None:
    """On PostgreSQL, make the next id of each table follow the copied ones."""
    if not isinstance(db, peewee.PostgresqlDatabase):
        return
    for model in models:
        key = model._meta.primary_key
        if isinstance(key, peewee.AutoField):
            table = model._meta.table_name
            db.execute_sql(
                f"SELECT setval(pg_get_serial_sequence('\"{table}\"', '{key.column_name}'),"
                f" COALESCE(MAX(\"{key.column_name}\"), 1), MAX(\"{key.column_name}\") IS NOT NULL)"
                f" FROM \"{table}\"")


def copy_database(source: str | os.PathLike[str], destination: str | os.PathLike[str],
                  *, progress: Progress | None = None) -> CopyReport:
    """Copy every table of ``source`` into the new database ``destination``.

    Both are brought to the current schema first (the source as opening it in
    the app would). The destination's seeded defaults (categories, the default
    survey, settings) are replaced by the source's.

    Args:
        source: the shop's database, a file path or URL.
        destination: a new database, a file path or URL.
        progress: called as ``progress(table, rows_so_far)``.

    Raises:
        ValidationError: the destination already holds a shop, or is the source.
        DatabaseError, DatabaseTooNew: a database cannot be opened or is newer than this SmallCS.
    """
    source_text, destination_text = os.fspath(source), os.fspath(destination)
    if os.path.abspath(source_text) == os.path.abspath(destination_text) or source_text == destination_text:
        raise ValidationError(_("The source and the destination are the same database."))
    report = progress or (lambda _table, _rows: None)
    models = _ordered_models()
    source_db, destination_db = connect_target(source_text), connect_target(destination_text)
    try:
        apply_migrations(source_db)
        apply_migrations(destination_db)
        with destination_db.bind_ctx(models):
            if _holds_a_shop():
                raise ValidationError(_(
                    "{destination} already holds a shop's data. Copy into a new, empty database.").format(
                    destination=describe(destination_text)))
        copied: list[tuple[str, int]] = []
        with destination_db.atomic():
            with destination_db.bind_ctx(models):
                for model in reversed(models):  # the seeded defaults make way for the shop's own
                    model.delete().execute()
            for model in models:
                count = 0
                with source_db.bind_ctx(models):
                    for batch in _batches(model):  # read from the source...
                        with destination_db.bind_ctx(models):  # ...written to the destination
                            model.insert_many(batch).execute()
                        count += len(batch)
                        report(model._meta.table_name, count)
                copied.append((model._meta.table_name, count))
            _reset_sequences(destination_db, models)
            with destination_db.bind_ctx(models):
                landed = [(model._meta.table_name, model.select().count()) for model in models]
            if landed != copied:
                raise ValidationError(_("The copy does not match the source; nothing was written."))
        return CopyReport(source=describe(source_text), destination=describe(destination_text),
                          tables=tuple(copied))
    finally:
        source_db.close()
        destination_db.close()
