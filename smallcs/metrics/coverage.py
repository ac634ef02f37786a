"""Which months have anything to report: from the first complaint or answer to last month."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from peewee import fn

from smallcs import clock
from smallcs.metrics.memo import memoised
from smallcs.metrics.periods import Period, shop_zone
from smallcs.models import Complaint, SurveyResponse

# A stray timestamp (a typo'd year) must not fill a month picker with centuries.
MAX_MONTHS = 120


@memoised
def first_activity() -> dt.datetime | None:
    """The earliest complaint received or answer submitted (naive UTC); None when there is none."""
    moments = [Complaint.select(fn.MIN(Complaint.received_at)).scalar(),
               SurveyResponse.select(fn.MIN(SurveyResponse.submitted_at)).scalar()]
    known = [moment for moment in moments if moment is not None]
    return min(known) if known else None


def last_complete_month(now: dt.datetime | None = None, *, zone: ZoneInfo | None = None) -> Period:
    """The calendar month before the one ``now`` (naive UTC) falls in, in the shop's zone."""
    return Period.month_so_far(now or clock.utcnow(), zone=zone or shop_zone()).previous()


def reportable_months(now: dt.datetime | None = None, *, zone: ZoneInfo | None = None) -> list[Period]:
    """Complete months worth a report, newest first.

    From the month of the first complaint or answer up to the last complete
    month (at most ``MAX_MONTHS``); on a database with nothing in it yet, the
    last complete month alone, so a new shop can still see what a report looks
    like.

    Args:
        now: naive UTC; defaults to the clock.
        zone: the shop's zone; read from the settings when None.
    """
    tz = zone or shop_zone()
    first = first_activity()
    months = [last_complete_month(now, zone=tz)]
    while first is not None and len(months) < MAX_MONTHS and months[-1].start > first:
        months.append(months[-1].previous())
    return months


def before_first_activity(period: Period) -> bool:
    """Whether ``period`` ended before the shop's first complaint or answer (or there is none yet):
    its figures are not zeros but nothing, and a trend line leaves it out."""
    first = first_activity()
    return first is None or period.end <= first
