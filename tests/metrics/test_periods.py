"""Periods are cut in the shop's time zone (Europe/Madrid in the fixtures)."""

from __future__ import annotations

import datetime as dt

import pytest

from smallcs.errors import ValidationError
from smallcs.metrics import Period
from smallcs.models import Staff
from tests.metrics.builders import MADRID


def test_a_month_is_cut_at_local_midnight_across_a_dst_change(owner: Staff) -> None:
    march = Period.parse("2026-03")
    assert march.start == dt.datetime(2026, 2, 28, 23, 0)  # CET, UTC+1
    assert march.end == dt.datetime(2026, 3, 31, 22, 0)  # CEST, UTC+2
    assert march.label == "2026-03" and march.zone == MADRID and not march.partial


def test_previous_next_and_a_year_ago_cross_year_ends(owner: Staff) -> None:
    january = Period.parse("2026-01")
    assert january.previous().label == "2025-12"
    assert january.year_ago().label == "2025-01"
    assert january.shifted(13).label == "2027-02"
    assert january.previous().end == january.start


@pytest.mark.parametrize("text", ["2026-13", "2026-00", "March", "2026-3", ""])
def test_a_bad_month_is_refused(owner: Staff, text: str) -> None:
    with pytest.raises(ValidationError):
        Period.parse(text)


def test_this_month_so_far_ends_now_and_compares_with_last_month_in_full(owner: Staff) -> None:
    now = dt.datetime(2026, 4, 10, 9, 30)
    so_far = Period.month_so_far(now)
    assert so_far.partial and so_far.label == "2026-04"
    # The end is exclusive and timestamps are whole seconds: what was written this second counts.
    assert so_far.start == dt.datetime(2026, 3, 31, 22, 0)
    assert so_far.end == now + dt.timedelta(seconds=1) and so_far.contains(now)
    assert so_far.previous() == Period.parse("2026-03")


def test_the_first_hours_of_a_month_in_utc_belong_to_the_shops_month(owner: Staff) -> None:
    # 23:30 UTC on 31 January is 00:30 on 1 February in Madrid.
    late = dt.datetime(2026, 1, 31, 23, 30)
    assert Period.month_so_far(late).label == "2026-02"
    assert Period.parse("2026-02").contains(late)
    assert not Period.parse("2026-01").contains(late)


def test_a_period_cannot_end_before_it_starts(owner: Staff) -> None:
    with pytest.raises(ValidationError):
        Period(start=dt.datetime(2026, 2, 1), end=dt.datetime(2026, 1, 1), zone=MADRID)
