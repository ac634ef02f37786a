"""Complaint figures over generated complaints equal a plain Python recount of the raw rows.

The month is March 2026 in Madrid: it starts at 23:00 UTC the day before and
ends at 22:00 UTC on 31 March (summer time began on the 29th), so a figure cut
in UTC rather than in the shop's time zone counts the wrong complaints.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smallcs.metrics import AGE_BUCKETS, Period, complaint_metrics
from smallcs.models import Complaint, Staff
from smallcs.models.enums import Channel, Status
from tests.metrics.builders import MADRID, add_complaints, category_id, complaint_row

MARCH = Period.for_month(2026, 3, zone=MADRID)
# Complaints come in from two weeks before the month to a week after it, to the minute.
EARLIEST = MARCH.start - dt.timedelta(days=14)
SPAN_MINUTES = int((MARCH.end + dt.timedelta(days=7) - EARLIEST).total_seconds() // 60)
CATEGORIES = ("Delivery delay", "Product defect", "Billing error", "Other")


@dataclass(frozen=True)
class Row:
    """One complaint's times (naive UTC) and flags, as generated."""

    received: dt.datetime
    first_response: dt.datetime | None
    resolved: dt.datetime | None
    closed: dt.datetime | None
    due: dt.datetime | None
    first_contact: bool
    reopened: int
    channel: str
    status: str
    category: str


def _after(start: dt.datetime, most_minutes: int) -> st.SearchStrategy[dt.datetime | None]:
    return st.one_of(st.none(), st.integers(0, most_minutes).map(lambda m: start + dt.timedelta(minutes=m)))


@st.composite
def rows(draw: st.DrawFn) -> Row:
    # Now and then exactly on the month's edges (its first instant is in it, its end is not).
    received = draw(st.one_of(
        st.sampled_from([MARCH.start, MARCH.end, MARCH.start - dt.timedelta(minutes=1),
                         MARCH.end - dt.timedelta(minutes=1)]),
        st.integers(0, SPAN_MINUTES).map(lambda m: EARLIEST + dt.timedelta(minutes=m))))
    resolved = draw(_after(received, 25 * 24 * 60))
    closed = draw(_after(resolved, 5 * 24 * 60)) if resolved is not None else None
    return Row(received=received, first_response=draw(_after(received, 3 * 24 * 60)), resolved=resolved,
               closed=closed, due=draw(_after(received, 6 * 24 * 60)), first_contact=draw(st.booleans()),
               reopened=draw(st.integers(0, 2)), channel=draw(st.sampled_from([c.value for c in Channel])),
               status=draw(st.sampled_from([s.value for s in Status])), category=draw(st.sampled_from(CATEGORIES)))


def _hours(later: dt.datetime, earlier: dt.datetime) -> float:
    return max(0.0, (later - earlier).total_seconds() / 3600)


def _median(values: list[float]) -> float | None:
    values = sorted(values)
    if not values:
        return None
    middle = len(values) // 2
    return values[middle] if len(values) % 2 else (values[middle - 1] + values[middle]) / 2


def _p90(values: list[float]) -> float | None:
    """Nearest rank: a time one complaint really took."""
    values = sorted(values)
    return values[math.ceil(0.9 * len(values)) - 1] if values else None


def _percent(part: int, whole: int) -> float | None:
    return 100 * part / whole if whole else None


def _inside(moment: dt.datetime | None) -> bool:
    return moment is not None and MARCH.start <= moment < MARCH.end


def _approx(value: float | None) -> object:
    return None if value is None else pytest.approx(value, abs=1e-4)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(generated=st.lists(rows(), max_size=40))
def test_complaint_figures_equal_a_plain_python_recount(owner: Staff, generated: list[Row]) -> None:
    Complaint.delete().execute()
    if generated:
        add_complaints([complaint_row(
            owner, r.received, first_response_at=r.first_response, resolved_at=r.resolved, closed_at=r.closed,
            due_at=r.due, resolved_at_first_contact=r.first_contact, reopen_count=r.reopened, channel=r.channel,
            status=r.status, category=category_id(r.category)) for r in generated])
    end = MARCH.end
    figures = complaint_metrics(MARCH, now=end)

    received = [r for r in generated if _inside(r.received)]
    assert figures.received == len(received)
    assert figures.by_channel == {c.value: sum(r.channel == c.value for r in received) for c in Channel}
    assert figures.by_status == {s.value: sum(r.status == s.value for r in received) for s in Status}

    answered = [_hours(r.first_response or r.received, r.received) for r in received
                if r.first_response is not None or r.first_contact]
    assert figures.first_response.n == len(answered)
    assert figures.first_response.median_hours == _approx(_median(answered))

    resolved = [r for r in generated if _inside(r.resolved)]
    times = [_hours(r.resolved, r.received) for r in resolved if r.resolved is not None]
    res = figures.resolution
    assert res.resolved == res.time.n == len(resolved)
    assert res.time.median_hours == _approx(_median(times))
    assert res.time.p90_hours == _approx(_p90(times))
    assert res.first_contact_pct == _approx(_percent(sum(r.first_contact for r in resolved), len(resolved)))
    with_due = [r for r in resolved if r.due is not None]
    on_time = sum(1 for r in with_due if r.resolved is not None and r.due is not None and r.resolved <= r.due)
    assert res.on_time_pct == _approx(_percent(on_time, len(with_due)))
    assert res.reopened == sum(r.reopened > 0 for r in resolved)
    assert res.reopen_pct == _approx(_percent(res.reopened, len(resolved)))

    still_open = [r for r in generated if r.received < end and (r.resolved is None or r.resolved >= end)
                  and (r.closed is None or r.closed >= end)]
    backlog = figures.backlog
    assert backlog.total == len(still_open)
    overdue = sum(r.due is not None and r.due < end for r in still_open)
    assert backlog.overdue == figures.overdue_now == overdue
    bounds = [days for _key, days in AGE_BUCKETS] + [None]
    for index, (key, _days) in enumerate(AGE_BUCKETS):
        low, high = bounds[index], bounds[index + 1]
        aged = [r for r in still_open if (end - r.received).total_seconds() >= low * 86400
                and (high is None or (end - r.received).total_seconds() < high * 86400)]
        assert backlog.buckets[key] == len(aged), key
