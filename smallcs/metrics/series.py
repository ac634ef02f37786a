"""Change over time: deltas, 12-month series and complaint patterns.

A series runs one small aggregate per month (months are cut in the shop's
zone, which no portable SQL date function can do across DST changes); the
cost grows with the number of months asked for, not with the history.
"""

from __future__ import annotations

import dataclasses
import logging

from smallcs.metrics import complaints as cm
from smallcs.metrics.catalog import metric_value
from smallcs.metrics.coverage import before_first_activity
from smallcs.metrics.periods import NO_FILTER, MetricFilter, Period

log = logging.getLogger(__name__)

# How far back a "most frequent for N months in a row" streak is followed.
MAX_STREAK_MONTHS = 24


@dataclasses.dataclass(frozen=True)
class Delta:
    """A value beside the one it is compared with."""

    current: float | None
    previous: float | None

    @property
    def change(self) -> float | None:
        """``current - previous`` (None unless both exist)."""
        if self.current is None or self.previous is None:
            return None
        return self.current - self.previous

    @property
    def relative_pct(self) -> float | None:
        """The change in percent of the previous value (None from 0 or nothing)."""
        change = self.change
        if change is None or not self.previous:
            return None
        return 100.0 * change / abs(self.previous)


@dataclasses.dataclass(frozen=True)
class SeriesPoint:
    """One month of a series."""

    month: str  # YYYY-MM
    value: float | None


@dataclasses.dataclass(frozen=True)
class CategoryTrend:
    """A complaint category this period, against the period before."""

    category_id: int
    name: str
    count: int
    previous: int
    leading_months: int  # consecutive months (ending now) it was the most frequent; 0 if not now

    @property
    def change(self) -> int:
        """More (+) or fewer (−) complaints than the period before."""
        return self.count - self.previous


def delta(current: float | None, previous: float | None) -> Delta:
    """Pair two values; the change is None unless both exist."""
    return Delta(current, previous)


def month_over_month(key: str, period: Period, flt: MetricFilter = NO_FILTER) -> Delta:
    """A headline metric in ``period`` against the month before.

    Args:
        key: a metric key (see ``catalog.METRICS``).
        period: a month (for "this month so far", last month in full).
        flt: optional filter.
    """
    return Delta(metric_value(key, period, flt), metric_value(key, period.previous(), flt))


def year_over_year(key: str, period: Period, flt: MetricFilter = NO_FILTER) -> Delta:
    """A headline metric in ``period`` against the same month a year before."""
    return Delta(metric_value(key, period, flt), metric_value(key, period.year_ago(), flt))


def monthly_series(key: str, period: Period, *, months: int = 12,
                   flt: MetricFilter = NO_FILTER) -> list[SeriesPoint]:
    """A metric for ``months`` months ending with ``period``, oldest first (sparklines).

    Args:
        key: a metric key (see ``catalog.METRICS``).
        period: the last month of the series (kept as is if partial).
        months: how many points.
        flt: optional filter.

    Returns:
        ``months`` points; months without data have ``value`` None, and so do the months before the
        shop's first complaint or answer, even for a count (a 0 there would draw a surge from nothing).
    """
    points = []
    for back in range(months - 1, -1, -1):
        month = period if back == 0 else period.shifted(-back)
        value = None if before_first_activity(month) else metric_value(key, month, flt)
        points.append(SeriesPoint(month.label, value))
    return points


def _leaders(period: Period, flt: MetricFilter) -> set[int]:
    """The categories with the most complaints in ``period`` (ties share the lead)."""
    counts = cm.counts_by_category(period, flt)
    if not counts:
        return set()
    top = counts[0].count
    return {c.category_id for c in counts if c.count == top}


def leading_streak(category_id: int, period: Period, flt: MetricFilter = NO_FILTER) -> int:
    """How many months in a row, ending with ``period``, ``category_id`` led the complaints.

    A month where it ties for the most complaints counts; a month with no
    complaints ends the streak. Followed back at most 24 months.
    """
    streak = 0
    month = period
    while streak < MAX_STREAK_MONTHS and category_id in _leaders(month, flt):
        streak += 1
        month = month.previous()
    return streak


def top_categories(period: Period, flt: MetricFilter = NO_FILTER, *,
                   limit: int = 3) -> list[CategoryTrend]:
    """The most frequent complaint categories of ``period`` with their change.

    Args:
        period: the window (compared with ``period.previous()``).
        flt: optional filter (channel / staff make sense here).
        limit: how many categories to return.

    Returns:
        Up to ``limit`` categories, most frequent first; the first one (and any
        tied with it) carries its leading streak.
    """
    current = cm.counts_by_category(period, flt)[:limit]
    if not current:
        return []
    previous = {c.category_id: c.count for c in cm.counts_by_category(period.previous(), flt)}
    top = current[0].count
    return [
        CategoryTrend(
            category_id=c.category_id, name=c.name, count=c.count,
            previous=previous.get(c.category_id, 0),
            leading_months=leading_streak(c.category_id, period, flt) if c.count == top else 0,
        )
        for c in current
    ]
