"""Breakdowns by category and by person, and which months have something to report."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from smallcs.metrics import (
    MetricFilter,
    Period,
    first_activity,
    last_complete_month,
    post_resolution_csat,
    reportable_months,
    resolution,
    resolution_by_category,
    staff_figures,
)
from smallcs.models import Staff
from tests.metrics.builders import (
    MADRID,
    add_card,
    add_complaints,
    add_responses,
    category_id,
    complaint_row,
    local,
)

MARCH = Period.for_month(2026, 3, zone=MADRID)


def test_resolution_by_category_has_each_categorys_own_figures(owner: Staff) -> None:
    delivery, billing = category_id("Delivery delay"), category_id("Billing error")
    add_complaints([
        # three delivery delays resolved in March after 10, 20 and 30 hours, one with £5
        *(complaint_row(owner, local(2026, 3, 2, 8), category=delivery,
                        resolved_at=local(2026, 3, 2, 8) + dt.timedelta(hours=h),
                        compensation_cents=500 if h == 10 else 0) for h in (10, 20, 30)),
        # one billing error resolved at first contact, one resolved in April (not March's)
        complaint_row(owner, local(2026, 3, 5), category=billing, resolved_at=local(2026, 3, 5),
                      resolved_at_first_contact=True),
        complaint_row(owner, local(2026, 3, 30), category=billing, resolved_at=local(2026, 4, 2)),
        complaint_row(owner, local(2026, 3, 6)),  # still open: no row for "Other"
    ])
    rows = resolution_by_category(MARCH)
    assert [(r.name, r.figures.resolved) for r in rows] == [("Delivery delay", 3), ("Billing error", 1)]
    first, second = rows
    assert (first.figures.time.median_hours, first.figures.time.p90_hours) == (20.0, 30.0)
    assert first.figures.compensation == Decimal("5.00")
    assert second.figures.first_contact_pct == 100.0
    # every row is exactly the filtered figure, target included
    assert first.figures == resolution(MARCH, MetricFilter(category_id=delivery))
    assert first.figures.target_hours is not None and first.figures.target_hours > 0


def test_an_empty_month_has_no_category_rows_and_no_staff_rows(owner: Staff) -> None:
    assert resolution_by_category(MARCH) == []
    assert staff_figures(MARCH) == []


def test_staff_figures_follow_the_staff_filter(owner: Staff, clerk: Staff, manager: Staff) -> None:
    [taken, _assigned, _resolved_later] = add_complaints([
        complaint_row(clerk, local(2026, 3, 3), resolved_at=local(2026, 3, 3),
                      resolved_at_first_contact=True),
        complaint_row(clerk, local(2026, 3, 4), assigned_to=owner.id, resolved_at=local(2026, 3, 9)),
        complaint_row(clerk, local(2026, 2, 20), resolved_at=local(2026, 3, 1)),
    ])
    card = add_card(printed_at=local(2026, 3, 3), complaint_id=taken, staff=clerk)
    add_responses(local(2026, 3, 5), csat=[5], card_id=card)
    rows = {r.name: r for r in staff_figures(MARCH)}
    assert set(rows) == {"Sam Staff", "Olivia Owner"}  # the manager did nothing in March
    sam, olivia = rows["Sam Staff"], rows["Olivia Owner"]
    assert (sam.received, sam.resolution.resolved, sam.resolution.first_contact_pct) == (1, 2, 50.0)
    assert (olivia.received, olivia.resolution.resolved) == (1, 1)
    assert sam.post_resolution_csat == post_resolution_csat(MARCH, MetricFilter(staff_id=clerk.id))
    assert sam.post_resolution_csat.n == 1 and olivia.post_resolution_csat.n == 0


def test_a_disabled_account_keeps_its_row(owner: Staff, clerk: Staff) -> None:
    add_complaints([complaint_row(clerk, local(2026, 3, 3))])
    Staff.update(active=False).where(Staff.id == clerk.id).execute()
    assert [r.name for r in staff_figures(MARCH)] == ["Sam Staff"]


def test_reportable_months_run_from_the_first_record_to_last_month(owner: Staff) -> None:
    now = local(2026, 3, 18)
    assert first_activity() is None
    assert [p.label for p in reportable_months(now, zone=MADRID)] == ["2026-02"]
    add_responses(local(2025, 12, 31, 23, 30), csat=[4])  # Madrid's 31 December, UTC's 22:30
    add_complaints([complaint_row(owner, local(2026, 1, 15))])
    assert first_activity() == local(2025, 12, 31, 23, 30)
    assert [p.label for p in reportable_months(now, zone=MADRID)] == ["2026-02", "2026-01", "2025-12"]
    assert last_complete_month(local(2026, 3, 1, 0, 0), zone=MADRID).label == "2026-02"
    assert last_complete_month(local(2026, 2, 28, 23, 59), zone=MADRID).label == "2026-01"
