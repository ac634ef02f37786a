"""Complaint figures against small data sets computed by hand."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from smallcs.metrics import (
    MetricFilter,
    Period,
    backlog_at,
    complaint_metrics,
    monthly_series,
    overdue_at,
)
from smallcs.models import Complaint, Staff, database
from tests.metrics.builders import (
    add_complaints,
    add_step,
    category_id,
    complaint_row,
    local,
)

H = dt.timedelta(hours=1)
D = dt.timedelta(days=1)


def test_an_empty_month_has_counts_of_zero_and_no_rates(owner: Staff) -> None:
    figures = complaint_metrics(Period.parse("2026-03"), now=dt.datetime(2026, 4, 1))
    assert figures.received == 0 and figures.by_category == []
    assert set(figures.by_channel.values()) == {0}
    assert figures.first_response.median_hours is None
    res = figures.resolution
    assert (res.time.median_hours, res.time.p90_hours, res.first_contact_pct, res.on_time_pct,
            res.reopen_pct, res.target_hours) == (None,) * 6
    assert res.compensation == Decimal("0.00")
    assert figures.backlog.total == 0 and figures.overdue_now == 0 and figures.escalations == 0


def test_counts_by_channel_category_and_status(owner: Staff) -> None:
    at = local(2026, 3, 10)
    delivery, defect = category_id("Delivery delay"), category_id("Product defect")
    add_complaints([
        complaint_row(owner, at, channel="phone", category=delivery),
        complaint_row(owner, at, channel="phone", category=delivery, status="escalated"),
        complaint_row(owner, at, channel="email", category=defect, status="closed",
                      resolved_at=at + H, closed_at=at + 2 * H),
        complaint_row(owner, local(2026, 2, 27), channel="email"),  # February
    ])
    figures = complaint_metrics(Period.parse("2026-03"))
    assert figures.received == 3
    assert figures.by_channel["phone"] == 2 and figures.by_channel["email"] == 1
    assert figures.by_channel["in_person"] == 0
    assert figures.by_status["open"] == 1 and figures.by_status["escalated"] == 1
    assert figures.by_status["closed"] == 1
    assert [(c.name, c.count) for c in figures.by_category] == [("Delivery delay", 2), ("Product defect", 1)]


def test_month_boundaries_follow_the_shops_clock(owner: Staff) -> None:
    add_complaints([
        complaint_row(owner, dt.datetime(2026, 3, 31, 21, 30)),  # 23:30 in Madrid: March
        complaint_row(owner, dt.datetime(2026, 3, 31, 22, 30)),  # 00:30 on 1 April in Madrid
        complaint_row(owner, dt.datetime(2026, 1, 31, 23, 30)),  # 00:30 on 1 February
    ])
    assert complaint_metrics(Period.parse("2026-03")).received == 1
    assert complaint_metrics(Period.parse("2026-04")).received == 1
    assert complaint_metrics(Period.parse("2026-01")).received == 0
    assert complaint_metrics(Period.parse("2026-02")).received == 1


def test_median_and_p90_resolution_time(owner: Staff) -> None:
    start = local(2026, 3, 2)
    # Resolution times 1..10 hours: median 5.5, nearest-rank p90 = the 9th value.
    add_complaints(complaint_row(owner, start, resolved_at=start + h * H) for h in range(1, 11))
    res = complaint_metrics(Period.parse("2026-03")).resolution
    assert res.resolved == 10
    assert res.time.median_hours == pytest.approx(5.5)
    assert res.time.p90_hours == pytest.approx(9.0)
    # An 11th, very slow one: median is the 6th value, p90 the 10th.
    add_complaints([complaint_row(owner, start, resolved_at=start + 100 * H)])
    res = complaint_metrics(Period.parse("2026-03")).resolution
    assert res.time.median_hours == pytest.approx(6.0)
    assert res.time.p90_hours == pytest.approx(10.0)


def test_resolution_figures_count_complaints_resolved_in_the_month(owner: Staff) -> None:
    feb = local(2026, 2, 25)
    mar = local(2026, 3, 5)
    delivery = category_id("Delivery delay")  # resolution target 48 h
    add_complaints([
        # Received in February, resolved in March: counts in March.
        complaint_row(owner, feb, category=delivery, resolved_at=mar, due_at=feb + 48 * H),
        # Resolved at first contact, exactly at its due time: on time.
        complaint_row(owner, mar, category=delivery, resolved_at=mar + 2 * H, due_at=mar + 2 * H,
                      resolved_at_first_contact=True, compensation_cents=1050),
        complaint_row(owner, mar, category=delivery, resolved_at=mar + 10 * H, due_at=mar + 48 * H,
                      reopen_count=1, compensation_cents=299),
        complaint_row(owner, mar, category=delivery, resolved_at=mar + 50 * H, due_at=mar + 48 * H,
                      compensation_cents=1),
        # Received in March, still open: not in the resolution figures.
        complaint_row(owner, mar, category=delivery, due_at=mar + 48 * H, compensation_cents=500),
        # Resolved in April: not March's.
        complaint_row(owner, mar, category=delivery, resolved_at=local(2026, 4, 2),
                      due_at=mar + 48 * H),
    ])
    res = complaint_metrics(Period.parse("2026-03")).resolution
    assert res.resolved == 4
    assert res.first_contact_pct == 25.0
    assert res.on_time_pct == 50.0
    assert res.reopened == 1 and res.reopen_pct == 25.0
    assert res.target_hours == 48.0
    assert res.compensation == Decimal("13.50")
    assert isinstance(res.compensation, Decimal)


def test_first_response_is_zero_on_the_spot(owner: Staff) -> None:
    at = local(2026, 3, 3, 10)
    add_complaints([
        complaint_row(owner, at, first_response_at=at),  # acknowledged at the counter
        complaint_row(owner, at, resolved_at_first_contact=True, resolved_at=at + H),  # no ack recorded
        complaint_row(owner, at, first_response_at=at + 2 * H),
        complaint_row(owner, at, first_response_at=at + 4 * H),
        complaint_row(owner, at),  # not answered yet: left out
    ])
    first = complaint_metrics(Period.parse("2026-03")).first_response
    assert first.n == 4
    assert first.median_hours == pytest.approx(1.0)
    assert first.p90_hours == pytest.approx(4.0)


def test_escalations_count_steps_taken_in_the_month(owner: Staff) -> None:
    at = local(2026, 3, 3)
    (cid,) = add_complaints([complaint_row(owner, local(2026, 2, 20))])
    add_step(cid, owner, local(2026, 2, 21), "escalated")
    add_step(cid, owner, at, "escalated")
    add_step(cid, owner, at + H, "escalated")
    add_step(cid, owner, at + 2 * H, "note")
    assert complaint_metrics(Period.parse("2026-03")).escalations == 2
    assert complaint_metrics(Period.parse("2026-02")).escalations == 1


def test_backlog_at_month_end_with_age_buckets(owner: Staff) -> None:
    end = Period.parse("2026-03").end
    add_complaints([
        complaint_row(owner, end - 1 * H),  # 0-2
        complaint_row(owner, end - 2 * D - 23 * H, due_at=end - H),  # 0-2, overdue
        complaint_row(owner, end - 3 * D),  # 3-7
        complaint_row(owner, end - 7 * D - 23 * H),  # 3-7
        complaint_row(owner, end - 8 * D),  # 8-30
        complaint_row(owner, end - 30 * D - 23 * H, due_at=end + H),  # 8-30, not yet due
        complaint_row(owner, end - 31 * D),  # 31+
        complaint_row(owner, end - 90 * D, resolved_at=end + D),  # resolved after the end: 31+
        complaint_row(owner, end - 5 * D, resolved_at=end - H),  # resolved before the end
        complaint_row(owner, end - 5 * D, status="closed", closed_at=end - H),  # closed unresolved
        complaint_row(owner, end + H),  # received after the end
    ])
    backlog = backlog_at(end)
    assert backlog.buckets == {"0-2": 2, "3-7": 2, "8-30": 2, "31+": 2}
    assert backlog.total == 8 and backlog.overdue == 1
    assert complaint_metrics(Period.parse("2026-03")).backlog == backlog


def test_overdue_now(owner: Staff) -> None:
    now = local(2026, 3, 20)
    add_complaints([
        complaint_row(owner, now - 5 * D, due_at=now - D),  # overdue
        complaint_row(owner, now - 5 * D, due_at=now + D),  # not yet due
        complaint_row(owner, now - 5 * D, due_at=now - D, resolved_at=now - 2 * D),  # resolved
        complaint_row(owner, now - 5 * D),  # no due time
    ])
    assert overdue_at(now) == 1
    assert complaint_metrics(Period.parse("2026-01"), now=now).overdue_now == 1


def test_filters_narrow_every_figure(owner: Staff, clerk: Staff) -> None:
    at = local(2026, 3, 10)
    delivery = category_id("Delivery delay")
    add_complaints([
        complaint_row(owner, at, category=delivery, channel="phone", assigned_to=clerk.id,
                      resolved_at=at + H, resolved_at_first_contact=True),
        complaint_row(clerk, at, category=delivery, channel="email", resolved_at=at + 3 * H),
        complaint_row(owner, at, channel="phone", resolved_at=at + 5 * H),
    ])
    march = Period.parse("2026-03")
    by_category = complaint_metrics(march, MetricFilter(category_id=delivery))
    assert by_category.received == 2 and by_category.resolution.first_contact_pct == 50.0
    by_channel = complaint_metrics(march, MetricFilter(channel="phone"))
    assert by_channel.received == 2 and by_channel.resolution.time.median_hours == pytest.approx(3.0)
    # Assigned to the clerk, or taken by the clerk and not assigned.
    by_staff = complaint_metrics(march, MetricFilter(staff_id=clerk.id))
    assert by_staff.received == 2 and by_staff.resolution.first_contact_pct == 50.0
    both = complaint_metrics(march, MetricFilter(category_id=delivery, channel="email"))
    assert both.received == 1


def test_ten_thousand_complaints_in_a_month(owner: Staff) -> None:
    start = local(2026, 3, 1, 9)
    other = category_id("Other")
    rows = [
        complaint_row(owner, start + (i % 600) * H, channel=("phone", "email")[i % 2], category=other,
                      resolved_at=start + (i % 600) * H + (i % 10 + 1) * H,
                      resolved_at_first_contact=i % 4 == 0,
                      due_at=start + (i % 600) * H + 5 * H,
                      compensation_cents=1)
        for i in range(10_000)
    ]
    with database.atomic():
        for chunk in range(0, len(rows), 1000):
            Complaint.insert_many(rows[chunk:chunk + 1000]).execute()
    figures = complaint_metrics(Period.parse("2026-03"))
    assert figures.received == 10_000
    assert figures.by_channel == {**figures.by_channel, "phone": 5000, "email": 5000}
    res = figures.resolution
    assert res.resolved == 10_000
    assert res.first_contact_pct == 25.0
    assert res.on_time_pct == 50.0  # 1..5 h of 1..10 h
    assert res.time.median_hours == pytest.approx(5.5)
    assert res.time.p90_hours == pytest.approx(9.0)
    assert res.compensation == Decimal("100.00")


def test_open_at_month_end_series_matches_the_rows(owner: Staff) -> None:
    """The "open at month end" sparkline counts what a person would count from the rows.

    The query is written for an index (migration 0006) that only touches the
    unresolved complaints and those resolved after each month end; every kind
    of row that index splits on is here, across six month ends.
    """
    march = Period.parse("2026-03")
    ends = [march.shifted(-back).end for back in range(5, -1, -1)]
    first = ends[0]
    rows = [
        complaint_row(owner, first - 40 * D, due_at=first - 30 * D),  # never resolved, long overdue
        complaint_row(owner, first - 2 * D, resolved_at=ends[2]),  # resolved exactly at an end: open then
        complaint_row(owner, first + D, due_at=ends[2], resolved_at=ends[3] + H, status="closed",
                      closed_at=ends[4] + H),
        complaint_row(owner, ends[1] + D, status="closed", closed_at=ends[3] - H),  # closed unresolved
        complaint_row(owner, ends[2] - H, resolved_at=ends[2] - H / 2),  # open half an hour
        complaint_row(owner, ends[4] - D, resolved_at=ends[5] + 10 * D),  # resolved after the last end
        complaint_row(owner, ends[5] - H, status="in_progress", reopen_count=1,  # reopened: unresolved again
                      due_at=ends[5] + 30 * D),
        complaint_row(owner, ends[5] + H),  # received after the last end
    ]
    add_complaints(rows)

    def open_at(moment: dt.datetime) -> list[dict[str, object]]:
        return [r for r in rows if r["received_at"] < moment
                and (r.get("resolved_at") is None or r["resolved_at"] >= moment)
                and (r.get("closed_at") is None or r["closed_at"] >= moment)]

    def overdue(moment: dt.datetime) -> int:
        return sum(1 for r in open_at(moment) if r.get("due_at") is not None and r["due_at"] < moment)

    assert [p.value for p in monthly_series("backlog", march, months=6)] == [float(len(open_at(e))) for e in ends]
    assert [(backlog_at(e).total, backlog_at(e).overdue) for e in ends] == [(len(open_at(e)), overdue(e))
                                                                           for e in ends]
    later = ends[5] + 20 * D
    assert overdue_at(later) == overdue(later) == 1
