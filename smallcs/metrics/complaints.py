"""Complaint figures for a period, as SQL aggregates (never row by row).

Which complaints a figure counts:

* counts by channel / category / status and the first response time: the
  complaints *received* in the period (status as it is now);
* resolution time, first contact resolution, on-time rate, reopen rate and
  compensation: the complaints *resolved* in the period
  (``resolved_at`` inside it), whenever they were received. A month's
  resolution figures are therefore final once the month is over, and a
  complaint received on the 30th and resolved on the 2nd counts in the month
  it was resolved;
* escalations: "escalated" steps dated in the period;
* backlog: complaints received before the period's end and neither resolved
  nor closed by then, aged at the end;
* overdue now: open complaints past their due time at ``now``, whatever the
  period.

Counts and money totals over no complaints are 0; rates, means and
percentiles over no complaints are None.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from decimal import Decimal
from typing import Any

import peewee
from peewee import fn

from smallcs import clock
from smallcs.metrics.intervals import percent
from smallcs.metrics.memo import memoised
from smallcs.metrics.periods import NO_FILTER, MetricFilter, Period
from smallcs.metrics.sql import (
    as_hours,
    count_true,
    hours_between,
    in_period,
    median,
    not_negative,
    percentile,
)
from smallcs.models import Category, Complaint, ResolutionStep
from smallcs.models.enums import Channel, Status, StepKind

log = logging.getLogger(__name__)

DAY = dt.timedelta(days=1)
# Backlog age buckets: (key, complaints at least this many whole days old).
AGE_BUCKETS: tuple[tuple[str, int], ...] = (("0-2", 0), ("3-7", 3), ("8-30", 8), ("31+", 31))


@dataclasses.dataclass(frozen=True)
class CategoryCount:
    """How many complaints one category had."""

    category_id: int
    name: str
    count: int


@dataclasses.dataclass(frozen=True)
class DurationStats:
    """Median and 90th percentile of a duration in hours, over ``n`` complaints."""

    n: int
    median_hours: float | None
    p90_hours: float | None


@dataclasses.dataclass(frozen=True)
class ResolutionFigures:
    """Figures over the complaints resolved in the period."""

    resolved: int
    time: DurationStats
    target_hours: float | None  # mean of the categories' targets, weighted by complaints
    first_contact_pct: float | None
    on_time_pct: float | None  # resolved at or before due_at, of those with a due time
    reopened: int
    reopen_pct: float | None
    compensation: Decimal


@dataclasses.dataclass(frozen=True)
class Backlog:
    """Unresolved complaints at a moment, by age in whole days."""

    at: dt.datetime
    total: int
    buckets: dict[str, int]  # keys of AGE_BUCKETS, in order
    overdue: int  # of which past their due time at that moment


@dataclasses.dataclass(frozen=True)
class ComplaintMetrics:
    """Every complaint figure of a period."""

    period: Period
    received: int
    by_channel: dict[str, int]
    by_status: dict[str, int]
    by_category: list[CategoryCount]  # most frequent first
    first_response: DurationStats
    resolution: ResolutionFigures
    escalations: int
    backlog: Backlog
    overdue_now: int


def _filtered(query: peewee.ModelSelect[Any], flt: MetricFilter) -> peewee.ModelSelect[Any]:
    if flt.category_id is not None:
        query = query.where(Complaint.category == flt.category_id)
    if flt.channel is not None:
        query = query.where(Complaint.channel == flt.channel)
    if flt.staff_id is not None:
        # Whoever the complaint is assigned to; unassigned ones belong to whoever took them.
        query = query.where(fn.COALESCE(Complaint.assigned_to, Complaint.created_by) == flt.staff_id)
    return query


def complaints(flt: MetricFilter = NO_FILTER) -> peewee.ModelSelect[Any]:
    """A SELECT over complaints narrowed by ``flt`` (add WHERE and columns)."""
    return _filtered(Complaint.select(), flt)


def received_in(period: Period, flt: MetricFilter = NO_FILTER) -> peewee.ModelSelect[Any]:
    """Complaints received in ``period``."""
    return complaints(flt).where(in_period(Complaint.received_at, period.start, period.end))


def resolved_in(period: Period, flt: MetricFilter = NO_FILTER) -> peewee.ModelSelect[Any]:
    """Complaints resolved in ``period``."""
    return complaints(flt).where(in_period(Complaint.resolved_at, period.start, period.end))


def count_received(period: Period, flt: MetricFilter = NO_FILTER) -> int:
    """How many complaints were received in ``period``."""
    return int(received_in(period, flt).count())


def _grouped(period: Period, flt: MetricFilter, column: peewee.Field) -> dict[str, int]:
    rows = (received_in(period, flt).select(column, fn.COUNT(Complaint.id))
            .group_by(column).tuples())
    return {str(key): int(n) for key, n in rows}


def counts_by_category(period: Period, flt: MetricFilter = NO_FILTER) -> list[CategoryCount]:
    """Complaints received in ``period`` per category, most frequent first.

    Ties are listed in the categories' own order. Categories without
    complaints are left out.
    """
    n = fn.COUNT(Complaint.id)
    rows = (received_in(period, flt)
            .select(Category.id, Category.name, Category.sort_order, n.alias("n"))
            .join(Category)
            .group_by(Category.id, Category.name, Category.sort_order)
            .order_by(n.desc(), Category.sort_order, Category.name)
            .tuples())
    return [CategoryCount(int(cid), str(name), int(count)) for cid, name, _order, count in rows]


def first_response(period: Period, flt: MetricFilter = NO_FILTER) -> DurationStats:
    """First response time (hours) of the complaints received in ``period``.

    A complaint resolved at first contact with no first response recorded
    counts as answered on the spot (0 hours); complaints not yet answered are
    left out.
    """
    answered = fn.COALESCE(
        Complaint.first_response_at,
        peewee.Case(None, ((Complaint.resolved_at_first_contact == True, Complaint.received_at),),
                    None),
    )
    duration = not_negative(hours_between(answered, Complaint.received_at))
    base = received_in(period, flt).where(answered.is_null(False))
    n = int(base.count())
    return DurationStats(n, median(base, duration, count=n),
                         percentile(base, duration, count=n, fraction=0.9))


@dataclasses.dataclass(frozen=True)
class ResolutionRates:
    """The rates over the complaints resolved in the period: one aggregate, no durations."""

    resolved: int
    target_hours: float | None
    first_contact_pct: float | None
    on_time_pct: float | None
    reopened: int
    reopen_pct: float | None
    compensation: Decimal


def _resolution_duration() -> Any:
    return not_negative(hours_between(Complaint.resolved_at, Complaint.received_at))


@memoised
def resolution_rates(period: Period, flt: MetricFilter = NO_FILTER) -> ResolutionRates:
    """First contact, on-time and reopen rates of the complaints resolved in ``period``.

    One aggregate query: what a 12-month series of one of these rates needs,
    without the resolution time's percentile queries.
    """
    has_due = Complaint.due_at.is_null(False)
    row = (resolved_in(period, flt).select(
        fn.COUNT(Complaint.id),
        count_true(Complaint.resolved_at_first_contact == True),
        count_true(has_due),
        count_true(has_due & (Complaint.resolved_at <= Complaint.due_at)),
        count_true(Complaint.reopen_count > 0),
        fn.SUM(Complaint.compensation_cents),
        fn.AVG(Category.resolution_target_hours),
    ).join(Category).tuples().get())
    n, fcr, with_due, on_time, reopened, cents, target = row
    n = int(n or 0)
    return ResolutionRates(
        resolved=n,
        target_hours=as_hours(target),
        first_contact_pct=percent(int(fcr or 0), n),
        on_time_pct=percent(int(on_time or 0), int(with_due or 0)),
        reopened=int(reopened or 0),
        reopen_pct=percent(int(reopened or 0), n),
        compensation=cents_to_money(int(cents or 0)),
    )


def resolution_time(period: Period, flt: MetricFilter = NO_FILTER, *, resolved: int | None = None,
                    p90: bool = True) -> DurationStats:
    """Median and 90th percentile resolution time (hours) of the complaints resolved in ``period``.

    Args:
        period: the window.
        flt: optional filter.
        resolved: how many complaints were resolved in ``period``, if already counted.
        p90: also read the 90th percentile (``p90_hours`` is None when False).
    """
    base = resolved_in(period, flt)
    n = int(base.count()) if resolved is None else resolved
    duration = _resolution_duration()
    return DurationStats(n, median(base, duration, count=n),
                         percentile(base, duration, count=n, fraction=0.9) if p90 else None)


def resolution(period: Period, flt: MetricFilter = NO_FILTER) -> ResolutionFigures:
    """Resolution figures over the complaints resolved in ``period``."""
    rates = resolution_rates(period, flt)
    return ResolutionFigures(
        resolved=rates.resolved,
        time=resolution_time(period, flt, resolved=rates.resolved),
        target_hours=rates.target_hours,
        first_contact_pct=rates.first_contact_pct,
        on_time_pct=rates.on_time_pct,
        reopened=rates.reopened,
        reopen_pct=rates.reopen_pct,
        compensation=rates.compensation,
    )


def cents_to_money(cents: int) -> Decimal:
    """Integer cents as a two-place Decimal (never a float)."""
    return (Decimal(cents) / 100).quantize(Decimal("0.01"))


def escalations(period: Period, flt: MetricFilter = NO_FILTER) -> int:
    """How many "escalated" steps were taken in ``period``."""
    query = (ResolutionStep.select(fn.COUNT(ResolutionStep.id)).join(Complaint)
             .where((ResolutionStep.kind == StepKind.ESCALATED.value)
                    & in_period(ResolutionStep.at, period.start, period.end)))
    return int(_filtered(query, flt).scalar() or 0)


def _open_at(moment: dt.datetime, flt: MetricFilter) -> peewee.ModelSelect[Any]:
    """Complaints open at ``moment``; the caller adds the columns.

    The (resolved_at, received_at, closed_at, due_at) index of migration 0006
    answers it alone: the unresolved complaints plus those resolved at or
    after ``moment``, never the whole history before it. Callers count with
    conditional sums over these columns rather than adding WHERE terms, which
    would steer SQLite back to the ``received_at`` index.
    """
    return complaints(flt).where(
        (Complaint.received_at < moment)
        & (Complaint.resolved_at.is_null() | (Complaint.resolved_at >= moment))
        & (Complaint.closed_at.is_null() | (Complaint.closed_at >= moment))
    )


def backlog_at(moment: dt.datetime, flt: MetricFilter = NO_FILTER) -> Backlog:
    """Complaints received before ``moment`` and not resolved or closed by then.

    Ages are whole days at ``moment`` (0–2, 3–7, 8–30, 31 and more), cut by
    comparing ``received_at`` with moments computed here, so no date
    arithmetic runs in SQL. A complaint resolved and later reopened is read
    from its current ``resolved_at``.
    """
    # One row of conditional counts: "at least d days old" for each bucket's lower
    # bound (no GROUP BY on a parameterised CASE, which PostgreSQL refuses).
    at_least = [count_true(Complaint.received_at <= moment - days * DAY)
                for _key, days in AGE_BUCKETS[1:]]
    overdue = count_true(Complaint.due_at.is_null(False) & (Complaint.due_at < moment))
    row = _open_at(moment, flt).select(fn.COUNT(Complaint.id), overdue, *at_least).tuples().get()
    total, late = int(row[0] or 0), int(row[1] or 0)
    older = [total] + [int(v or 0) for v in row[2:]] + [0]
    buckets = {key: older[i] - older[i + 1] for i, (key, _days) in enumerate(AGE_BUCKETS)}
    return Backlog(at=moment, total=total, buckets=buckets, overdue=late)


def count_backlog(moment: dt.datetime, flt: MetricFilter = NO_FILTER) -> int:
    """How many complaints were open at ``moment``."""
    return int(_open_at(moment, flt).select(fn.COUNT(Complaint.id)).scalar() or 0)


def overdue_at(now: dt.datetime, flt: MetricFilter = NO_FILTER) -> int:
    """Complaints open at ``now`` whose due time has passed."""
    return int(_open_at(now, flt).select(count_true(Complaint.due_at < now)).scalar() or 0)


def complaint_metrics(period: Period, flt: MetricFilter = NO_FILTER, *,
                      now: dt.datetime | None = None) -> ComplaintMetrics:
    """Every complaint figure of ``period`` (about a dozen small queries).

    Args:
        period: the window (see the module docstring for which complaints count).
        flt: optional category / channel / staff filter.
        now: the moment for "overdue now" (naive UTC; default: the clock).

    Returns:
        The figures; rates are None when nothing was resolved.
    """
    by_channel = {c.value: 0 for c in Channel}
    by_channel.update(_grouped(period, flt, Complaint.channel))
    by_status = {s.value: 0 for s in Status}
    by_status.update(_grouped(period, flt, Complaint.status))
    figures = ComplaintMetrics(
        period=period,
        received=sum(by_channel.values()),
        by_channel=by_channel,
        by_status=by_status,
        by_category=counts_by_category(period, flt),
        first_response=first_response(period, flt),
        resolution=resolution(period, flt),
        escalations=escalations(period, flt),
        backlog=backlog_at(period.end, flt),
        overdue_now=overdue_at(now or clock.utcnow(), flt),
    )
    log.debug("complaint metrics for %s: %d received", period.label, figures.received)
    return figures
