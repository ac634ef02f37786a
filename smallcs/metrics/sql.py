"""Portable SQL pieces for metrics: durations, ordered values and percentiles.

Everything here runs unchanged on SQLite and PostgreSQL; the one place that
must differ (the length of an interval between two timestamps) checks the
database type once per query.

Percentiles are read without loading the rows: the number of values comes
from an aggregate, then only the value(s) at the needed rank are fetched with
``ORDER BY <duration> LIMIT k OFFSET r``. The median is the mean of the two
middle values when the count is even; other percentiles use the nearest-rank
method (the value at rank ``ceil(p * n)``), so a p90 is always a time one
complaint really took.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import peewee
from peewee import SQL, Case, NodeList, fn

from smallcs.models import database

# A peewee expression: its stubs type operators on expressions too loosely to help.
Expr = Any

SECONDS_PER_HOUR = 3600.0
# julianday() differences carry ~1e-5 s of floating error; report to 1/100 s.
_DIGITS = 6


def backend() -> str:
    """``sqlite``, ``postgresql`` or ``mysql`` for the database bound to the models."""
    obj = database.obj
    if isinstance(obj, peewee.PostgresqlDatabase):
        return "postgresql"
    if isinstance(obj, peewee.MySQLDatabase):
        return "mysql"
    return "sqlite"


def hours_between(later: Any, earlier: Any) -> Expr:
    """SQL for ``later - earlier`` in hours (a float; negative if reversed).

    Args:
        later: a column or expression holding a timestamp.
        earlier: a column or expression holding a timestamp.

    Returns:
        An expression usable in SELECT, WHERE, ORDER BY and aggregates.
    """
    kind = backend()
    if kind == "postgresql":
        seconds = NodeList((SQL("EXTRACT(EPOCH FROM ("), later, SQL("-"), earlier, SQL("))")))
        return seconds / SECONDS_PER_HOUR
    if kind == "mysql":
        return fn.TIMESTAMPDIFF(SQL("SECOND"), earlier, later) / SECONDS_PER_HOUR
    # SQLite keeps DateTimeField as ISO text; julianday() reads it.
    return (fn.julianday(later) - fn.julianday(earlier)) * 24.0


def not_negative(expr: Expr) -> Expr:
    """``expr`` with negative values (clock skew, typing slips) read as 0."""
    return Case(None, ((expr < 0, 0.0),), expr)


def count_true(condition: Expr) -> Expr:
    """``SUM(CASE WHEN condition THEN 1 ELSE 0 END)``: portable conditional count."""
    return fn.SUM(Case(None, ((condition, 1),), 0))


def as_hours(value: Any) -> float | None:
    """A duration read from the database, rounded past its floating noise."""
    if value is None:
        return None
    return round(float(value), _DIGITS)


def _values_at(query: peewee.ModelSelect[Any], expr: Expr, *, offset: int, limit: int) -> list[float]:
    rows = (query.select(expr.alias("v")).order_by(expr).limit(limit).offset(offset)
            .tuples())
    return [float(v) for (v,) in rows]


def median(query: peewee.ModelSelect[Any], expr: Expr, *, count: int) -> float | None:
    """The median of ``expr`` over the rows of ``query`` (which has ``count`` rows).

    Args:
        query: a SELECT whose WHERE picks the rows (its columns are replaced).
        expr: the value to take the median of; rows where it is NULL must be
            excluded by ``query``.
        count: how many rows ``query`` selects (from an earlier aggregate).

    Returns:
        The median, or None when there are no rows.
    """
    if count <= 0:
        return None
    if count % 2:
        values = _values_at(query, expr, offset=count // 2, limit=1)
    else:
        values = _values_at(query, expr, offset=count // 2 - 1, limit=2)
    return as_hours(sum(values) / len(values)) if values else None


def percentile(query: peewee.ModelSelect[Any], expr: Expr, *, count: int,
               fraction: float) -> float | None:
    """The nearest-rank percentile (e.g. ``fraction=0.9``) of ``expr``.

    Returns:
        The value at rank ``ceil(fraction * count)``, or None when there are no rows.
    """
    if count <= 0:
        return None
    rank = min(count, max(1, math.ceil(round(fraction * count, 9))))
    values = _values_at(query, expr, offset=rank - 1, limit=1)
    return as_hours(values[0]) if values else None


def in_period(column: peewee.Field, start: dt.datetime, end: dt.datetime) -> Expr:
    """``start <= column < end`` (half-open, so months never overlap)."""
    return (column >= start) & (column < end)
