"""Reporting periods cut in the shop's time zone, and the filters metrics take."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from zoneinfo import ZoneInfo

from smallcs import clock, settings
from smallcs.errors import ValidationError
from smallcs.i18n import _

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def shop_zone() -> ZoneInfo:
    """The shop's time zone from the business profile (UTC when never set)."""
    return settings.get_profile().zone


@dataclasses.dataclass(frozen=True)
class Period:
    """A half-open window ``[start, end)`` of naive-UTC moments.

    Month periods also carry their calendar month (in the shop's zone) so that
    the previous month and the same month a year ago can be found; a partial
    month ("this month so far") ends at the moment it was asked for.
    """

    start: dt.datetime
    end: dt.datetime
    zone: ZoneInfo
    year: int | None = None
    month: int | None = None
    partial: bool = False

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValidationError(_("A period cannot end before it starts."), field="period")

    @classmethod
    def for_month(cls, year: int, month: int, *, zone: ZoneInfo | None = None) -> Period:
        """The calendar month ``year``-``month`` in the shop's zone.

        Args:
            year: four-digit year.
            month: 1–12.
            zone: the shop's zone; read from the settings when None.

        Returns:
            The whole month as a period.
        """
        if not 1 <= month <= 12 or not 1 <= year <= 9998:
            raise ValidationError(_("Enter a month as YYYY-MM."), field="month")
        tz = zone or shop_zone()
        start, end = clock.month_bounds_utc(year, month, tz)
        return cls(start=start, end=end, zone=tz, year=year, month=month)

    @classmethod
    def parse(cls, text: str, *, zone: ZoneInfo | None = None) -> Period:
        """A month written ``YYYY-MM`` (as on the command line).

        Raises:
            ValidationError: the text is not a month.
        """
        match = _MONTH.match(text.strip())
        if match is None:
            raise ValidationError(
                _("Enter a month as YYYY-MM, not {text}.").format(text=text), field="month"
            )
        return cls.for_month(int(match.group(1)), int(match.group(2)), zone=zone)

    @classmethod
    def month_so_far(cls, now: dt.datetime | None = None, *, zone: ZoneInfo | None = None) -> Period:
        """From the start of the current month (shop's zone) until ``now``.

        Args:
            now: naive UTC; defaults to the clock.
            zone: the shop's zone; read from the settings when None.
        """
        tz = zone or shop_zone()
        moment = now or clock.utcnow()
        local = clock.to_local(moment, tz)
        whole = cls.for_month(local.year, local.month, zone=tz)
        # Timestamps are kept to the second and the end is exclusive: include this second.
        end = min(whole.end, moment.replace(microsecond=0) + dt.timedelta(seconds=1))
        return dataclasses.replace(whole, end=end, partial=True)

    @classmethod
    def trailing(cls, now: dt.datetime, *, days: int = 30, zone: ZoneInfo | None = None) -> Period:
        """The ``days`` days up to ``now`` (used for goals' current values)."""
        return cls(start=now - dt.timedelta(days=days), end=now, zone=zone or shop_zone())

    @property
    def is_month(self) -> bool:
        """True for a calendar month (whole or so far)."""
        return self.year is not None and self.month is not None

    @property
    def label(self) -> str:
        """``YYYY-MM`` for months; otherwise the UTC bounds."""
        if self.year is not None and self.month is not None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.start:%Y-%m-%d %H:%M} – {self.end:%Y-%m-%d %H:%M} UTC"

    def shifted(self, months: int) -> Period:
        """The whole calendar month ``months`` away (negative: earlier).

        For a window that is not a month, the window of the same length that
        many lengths away.
        """
        if self.year is None or self.month is None:
            span = self.end - self.start
            return dataclasses.replace(self, start=self.start + span * months,
                                       end=self.end + span * months)
        index = self.year * 12 + (self.month - 1) + months
        return Period.for_month(index // 12, index % 12 + 1, zone=self.zone)

    def months_ending(self, months: int) -> Period:
        """The ``months`` calendar months that end with this one: ``months_ending(12)`` of March
        2026 runs from the start of April 2025 to the end of March 2026 (or to now, when this
        month is not over).

        It is not a month itself, so it has no ``year``/``month``. For a window that is not a
        month, the ``months`` windows of its length that end with it.
        """
        if months < 1:
            raise ValueError("months_ending needs at least one month")
        return Period(start=self.shifted(1 - months).start, end=self.end, zone=self.zone)

    def previous(self) -> Period:
        """The whole month before (for "this month so far", last month in full)."""
        return self.shifted(-1)

    def year_ago(self) -> Period:
        """The same month one year earlier."""
        return self.shifted(-12)

    def contains(self, moment: dt.datetime) -> bool:
        """Whether a naive-UTC moment falls inside ``[start, end)``."""
        return self.start <= moment < self.end


@dataclasses.dataclass(frozen=True)
class MetricFilter:
    """Narrow a figure to one category, channel and/or staff member.

    For survey figures the category and channel are those of the complaint a
    card is tied to (so they select post-resolution answers only), and the
    staff member is the one the card was printed for.
    """

    category_id: int | None = None
    channel: str | None = None
    staff_id: int | None = None

    @property
    def is_empty(self) -> bool:
        """True when nothing is filtered."""
        return self.category_id is None and self.channel is None and self.staff_id is None


NO_FILTER = MetricFilter()
