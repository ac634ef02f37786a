"""The twelve months up to a month's end, and each person's CSAT after a complaint over them.

The report's staff table prints these: one month gives a person a handful of
answers, a year gives enough to act on (issue #6).
"""

from __future__ import annotations

import datetime as dt

import pytest

from smallcs.metrics import (
    MetricFilter,
    Period,
    post_resolution_csat,
    staff_figures,
    staff_post_resolution_csat,
)
from smallcs.models import Staff
from tests.metrics.builders import (
    MADRID,
    add_card,
    add_complaints,
    add_responses,
    complaint_row,
    local,
)

MARCH = Period.for_month(2026, 3, zone=MADRID)


def test_twelve_months_run_from_the_first_local_midnight_to_the_months_end(owner: Staff) -> None:
    year = MARCH.months_ending(12)
    # 1 April 2025 00:00 in Madrid is 31 March 22:00 UTC (summer time), as is 1 April 2026 00:00.
    assert (year.start, year.end) == (dt.datetime(2025, 3, 31, 22, 0), dt.datetime(2026, 3, 31, 22, 0))
    assert year.zone == MADRID and not year.is_month
    assert MARCH.months_ending(1) == Period(start=MARCH.start, end=MARCH.end, zone=MADRID)
    # January's year starts in the February before, across the year's end and two clock changes.
    assert Period.for_month(2026, 1, zone=MADRID).months_ending(12).start == dt.datetime(2025, 1, 31, 23, 0)


def test_twelve_months_to_this_month_so_far_end_now(owner: Staff) -> None:
    now = dt.datetime(2026, 4, 10, 9, 30)
    so_far = Period.month_so_far(now, zone=MADRID)
    year = so_far.months_ending(12)
    assert year.end == so_far.end and year.start == dt.datetime(2025, 4, 30, 22, 0)


def test_no_months_is_refused(owner: Staff) -> None:
    with pytest.raises(ValueError):
        MARCH.months_ending(0)


def test_each_persons_csat_after_a_complaint_over_twelve_months(owner: Staff, clerk: Staff,
                                                                 manager: Staff) -> None:
    [sams, olivias] = add_complaints([complaint_row(clerk, local(2025, 3, 20), resolved_at=local(2025, 3, 21)),
                                      complaint_row(owner, local(2025, 9, 1), resolved_at=local(2025, 9, 2))])
    sam_card = add_card(printed_at=local(2025, 3, 21), complaint_id=sams, staff=clerk)
    add_responses(local(2025, 3, 31, 23, 30), csat=[5], card_id=sam_card)  # the last half hour before the year
    add_responses(local(2025, 4, 1, 0, 30), csat=[1], card_id=sam_card)  # its first half hour
    add_responses(local(2025, 10, 15), csat=[5], nps=[9, 10], card_id=sam_card)  # the second: NPS only
    add_responses(local(2026, 3, 31, 23, 30), csat=[4], card_id=sam_card)  # the year's last half hour
    add_responses(local(2026, 4, 1, 0, 30), csat=[1], card_id=sam_card)  # after it
    counter_slip = add_card(printed_at=local(2025, 6, 1), staff=clerk)  # not about a complaint
    add_responses(local(2025, 6, 2), csat=[1], card_id=counter_slip)
    add_responses(local(2025, 9, 3), csat=[5], card_id=add_card(printed_at=local(2025, 9, 2),
                                                               complaint_id=olivias, staff=owner))
    year = MARCH.months_ending(12)

    figures = staff_post_resolution_csat(year)

    assert set(figures) == {clerk.id, owner.id}  # the manager had no answer
    sam = figures[clerk.id]
    # 1, 5 and 4: two of three satisfied; Wilson 95 % for 2 of 3 is 20.8 % to 93.9 %
    assert (sam.n, sam.satisfied) == (3, 2)
    assert sam.pct == pytest.approx(200 / 3) and sam.mean == pytest.approx(10 / 3)
    assert sam.interval is not None
    assert (sam.interval.low, sam.interval.high) == (pytest.approx(20.766, abs=1e-3), pytest.approx(93.851, abs=1e-3))
    assert (figures[owner.id].n, figures[owner.id].pct) == (1, 100.0)
    # the same figure the staff filter gives, and staff_figures over the same window
    assert sam == post_resolution_csat(year, MetricFilter(staff_id=clerk.id))
    assert {row.staff_id: row.post_resolution_csat for row in staff_figures(year)}[clerk.id] == sam
    assert post_resolution_csat(year).n == 4  # the shop's: Sam's three and Olivia's one


def test_nobody_has_a_figure_over_an_empty_year(owner: Staff, clerk: Staff) -> None:
    assert staff_post_resolution_csat(MARCH.months_ending(12)) == {}
