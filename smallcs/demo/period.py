"""The demo's calendar: the history window, opening hours and the shop's clock."""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
from collections.abc import Iterator
from zoneinfo import ZoneInfo

from smallcs import clock
from smallcs.demo.dice import Dice

OPENS = dt.time(9, 0)
CLOSES = dt.time(18, 0)
SUNDAY = 6
CLOSED_DATES = ((12, 25), (12, 26), (1, 1))  # (month, day): Christmas, Boxing Day, New Year's Day
DAY = dt.timedelta(days=1)


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by whole calendar months (clamped to the month's last day)."""
    index = day.year * 12 + day.month - 1 + months
    year, month0 = divmod(index, 12)
    last = calendar.monthrange(year, month0 + 1)[1]
    return dt.date(year, month0 + 1, min(day.day, last))


def is_opening_day(day: dt.date) -> bool:
    """Monday to Saturday, except the few days every shop closes."""
    return day.weekday() != SUNDAY and (day.month, day.day) not in CLOSED_DATES


@dataclasses.dataclass(frozen=True)
class Period:
    """``months`` of history up to ``as_of``, in the shop's wall-clock time.

    Generators work in naive local time (opening hours are local); rows are
    converted to naive UTC with :meth:`utc` only when they are built.
    """

    first_day: dt.date
    today: dt.date
    as_of: dt.datetime
    tz: ZoneInfo

    @classmethod
    def ending(cls, *, today: dt.date, months: int, as_of: dt.datetime, tz: ZoneInfo) -> Period:
        """The window of ``months`` months that ends on ``today`` at ``as_of``."""
        return cls(add_months(today, -months) + DAY, today, as_of, tz)

    @property
    def start(self) -> dt.datetime:
        """Local midnight of the first day."""
        return dt.datetime.combine(self.first_day, dt.time())

    def days(self) -> Iterator[dt.date]:
        """Every calendar day of the window, oldest first."""
        day = self.first_day
        while day <= self.today:
            yield day
            day += DAY

    def opening_days(self) -> Iterator[dt.date]:
        """Every day of the window the shop opens, oldest first."""
        return (day for day in self.days() if is_opening_day(day))

    def progress(self, moment: dt.datetime) -> float:
        """How far through the window ``moment`` is, from 0.0 to 1.0."""
        span = (self.as_of - self.start).total_seconds()
        return min(1.0, max(0.0, (moment - self.start).total_seconds() / span))

    def utc(self, local: dt.datetime) -> dt.datetime:
        """A local wall-clock time as the naive UTC the database stores."""
        return clock.to_utc(local, self.tz).replace(microsecond=0)

    def utc_or_none(self, local: dt.datetime | None) -> dt.datetime | None:
        """:meth:`utc` that passes None through."""
        return None if local is None else self.utc(local)


def at_minute(day: dt.date, minute_of_day: float) -> dt.datetime:
    """``day`` at a time given in minutes after midnight (seconds dropped)."""
    return dt.datetime.combine(day, dt.time()) + dt.timedelta(minutes=int(minute_of_day))


def during_opening(dice: Dice, day: dt.date) -> dt.datetime:
    """A moment in ``day``'s opening hours, busier around lunch and late afternoon."""
    opens = OPENS.hour * 60
    closes = CLOSES.hour * 60
    peak = dice.choice((12.5 * 60, 16.5 * 60))
    if dice.chance(0.6):
        return at_minute(day, dice.triangular(opens, closes - 1, peak))
    return at_minute(day, dice.uniform(opens, closes - 1))


def next_working_moment(dice: Dice, moment: dt.datetime) -> dt.datetime:
    """``moment`` if the shop is open then, else a little after the next opening."""
    if is_opening_day(moment.date()) and OPENS <= moment.time() < CLOSES:
        return moment
    day = moment.date() if moment.time() < OPENS else moment.date() + DAY
    while not is_opening_day(day):
        day += DAY
    return at_minute(day, OPENS.hour * 60 + dice.uniform(2, 75))
