"""Everything the database holds, to assert that a refused action wrote nothing at all."""

from __future__ import annotations

from smallcs.models import ALL_MODELS

Contents = dict[str, list[tuple[object, ...]]]


def contents() -> Contents:
    """Every row of every table, in primary-key order (test databases are small)."""
    return {
        model._meta.table_name: list(
            model.select().order_by(model._meta.primary_key).tuples()
        )
        for model in ALL_MODELS
    }


def row_counts() -> dict[str, int]:
    """How many rows each table has."""
    return {model._meta.table_name: model.select().count() for model in ALL_MODELS}
