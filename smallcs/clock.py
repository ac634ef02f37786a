"""Time helpers: the database stores naive UTC; the shop sees its own time zone."""

from __future__ import annotations

import datetime as dt
import functools
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from smallcs.errors import ValidationError
from smallcs.i18n import _


def utcnow() -> dt.datetime:
    """Now, as the naive UTC datetime every timestamp column holds."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)


def zone(name: str) -> ZoneInfo:
    """The ZoneInfo for an IANA name, or a clear ValidationError."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValidationError(
            _("Unknown time zone: {name}").format(name=name), field="timezone"
        ) from exc


@functools.cache
def time_zone_names() -> tuple[str, ...]:
    """All IANA zone names, sorted, for pickers (read from tzdata once)."""
    return tuple(sorted(n for n in available_timezones() if "/" in n or n == "UTC"))


def utc_offset_text(tz: ZoneInfo, moment: dt.datetime) -> str:
    """The zone's offset from UTC at ``moment`` (naive UTC), as "UTC+01:00" or "UTC-03:30".

    Unlike the POSIX names Etc/GMT+2 (which is two hours *behind* UTC), the sign reads the
    way people say it.
    """
    offset = to_local(moment, tz).utcoffset() or dt.timedelta()
    minutes = int(offset.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02}:{rest:02}"


def to_local(moment: dt.datetime, tz: ZoneInfo) -> dt.datetime:
    """A stored naive-UTC moment as an aware datetime in the shop's zone."""
    return moment.replace(tzinfo=dt.UTC).astimezone(tz)


def to_utc(local: dt.datetime, tz: ZoneInfo) -> dt.datetime:
    """A naive wall-clock time in the shop's zone as naive UTC for storage."""
    aware = local.replace(tzinfo=tz) if local.tzinfo is None else local
    return aware.astimezone(dt.UTC).replace(tzinfo=None)


def month_bounds_utc(year: int, month: int, tz: ZoneInfo) -> tuple[dt.datetime, dt.datetime]:
    """[start, end) of a calendar month in the shop's zone, as naive UTC."""
    start = dt.datetime(year, month, 1)
    end = dt.datetime(year + (month == 12), month % 12 + 1, 1)
    return to_utc(start, tz), to_utc(end, tz)
