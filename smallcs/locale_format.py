"""Dates, numbers and money as the person reading them writes them (Babel, CLDR data).

The locale is the app's language (:func:`smallcs.i18n.current_language`), with
the region of the system's locale when it is the same language: a Spanish app
on a PC set to ``es_MX`` writes Mexican dates, one on ``en_US`` in Spanish
writes ``es`` dates. Every front end (desktop, PDF report) formats through here,
so "1.234,50 €" and "3/12/26, 9:52" agree everywhere.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import lru_cache

from babel import Locale, UnknownLocaleError, default_locale
from babel.core import get_global
from babel.dates import format_date, format_time, get_timezone_location, match_skeleton
from babel.numbers import format_currency, format_decimal, format_percent

from smallcs import i18n

_SAMPLE_MOMENT = dt.datetime(2026, 1, 2, 3, 4)
_DAY_WITH_WEEKDAY = "yMMMEd"  # CLDR skeleton: year, abbreviated month, day and weekday


@lru_cache(maxsize=8)
def _locale_for(language: str, system: str | None) -> Locale:
    if system:
        try:
            candidate = Locale.parse(system)
        except (ValueError, UnknownLocaleError):
            candidate = None
        if candidate is not None and candidate.language == language and candidate.variant is None:
            return candidate
    return Locale.parse(language)


def current_locale() -> Locale:
    """The CLDR locale texts are formatted for now."""
    return _locale_for(i18n.current_language(), default_locale())


def warm_up() -> None:
    """Load the locale's CLDR data now (about 40 ms), e.g. on a worker while a password is typed."""
    date_time(_SAMPLE_MOMENT)
    number(1234.5, 1)


def number(value: float | Decimal, digits: int = 0) -> str:
    """``value`` with the locale's grouping and decimal signs, e.g. "1,234.5" or "1.234,5"."""
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value, format=pattern, locale=current_locale())


def file_size(size_bytes: int) -> str:
    """A file's size in decimal units, as file managers show them: "3.7 MB", "3,7 MB", "84 KB"."""
    if size_bytes >= 100_000:
        return i18n._("{mb} MB").format(mb=number(size_bytes / 1_000_000, 1))
    return i18n._("{kb} KB").format(kb=number(size_bytes // 1000))


def money(amount: Decimal, currency: str) -> str:
    """An amount in the shop's currency as the locale writes it: "€1,234.50", "1.234,50 €"."""
    return format_currency(amount, currency, locale=current_locale())


def date(day: dt.date) -> str:
    """A day, short and unambiguous in the locale: "Dec 3, 2026", "3 dic 2026"."""
    return format_date(day, format="medium", locale=current_locale())


def day_with_weekday(day: dt.date) -> str:
    """A day someone plans around (a follow-up), with its weekday: "Thu, Dec 3, 2026", "jue, 3 dic 2026".

    The weekday is what a person at the counter plans by ("Thursday, then"), and
    the whole is still short enough for a list column.
    """
    return format_date(day, format=day_with_weekday_pattern(), locale=current_locale())


def day_with_weekday_pattern() -> str:
    """The CLDR pattern of :func:`day_with_weekday` in the locale, e.g. "E, MMM d, y" (for a date field)."""
    skeletons = current_locale().datetime_skeletons
    skeleton = _DAY_WITH_WEEKDAY if _DAY_WITH_WEEKDAY in skeletons else match_skeleton(_DAY_WITH_WEEKDAY, skeletons)
    return str(skeletons[skeleton].pattern)


def time(moment: dt.datetime | dt.time, *, seconds: bool = False) -> str:
    """A time of day: "9:52 AM", "9:52" (with ``seconds``: "9:52:07 AM")."""
    return format_time(moment, format="medium" if seconds else "short", locale=current_locale())


def date_time(moment: dt.datetime, *, seconds: bool = False) -> str:
    """A moment for lists and tables (local time already): "Dec 3, 2026, 9:52 AM"."""
    return i18n._("{date}, {time}").format(date=date(moment.date()), time=time(moment, seconds=seconds))


def percent(value: float) -> str:
    """A percentage given on a 0–100 scale, whole, as the locale writes it: "83%", "83 %" (es, de, fr).

    Every percentage a person reads goes through here, so the sign never sits
    against the figure in one place and apart from it in another.
    """
    return format_percent(value / 100, locale=current_locale())


def date_pattern() -> str:
    """The CLDR pattern of :func:`date` in the locale, e.g. "MMM d, y" (for a date field)."""
    return str(current_locale().date_formats["medium"].pattern)


def month_year(day: dt.date) -> str:
    """The month and year of ``day`` as the locale writes them: "June 2027", "junio de 2027"."""
    return format_date(day, format=_skeleton_pattern("yMMMM"), locale=current_locale())


def _skeleton_pattern(skeleton: str) -> str:
    """The locale's pattern for a CLDR skeleton (the closest one it has)."""
    skeletons = current_locale().datetime_skeletons
    found = skeleton if skeleton in skeletons else match_skeleton(skeleton, skeletons)
    return str(skeletons[found].pattern)


def language_name(code: str) -> str:
    """A language named in the app's language, for a sentence around it: "inglés" in Spanish."""
    return current_locale().languages.get(code) or code


def month_name(year: int, month: int) -> str:
    """A month's name standing alone in the locale: "October", "octubre"."""
    return format_date(dt.date(year, month, 1), format="LLLL", locale=current_locale())


def time_zone_place(zone_id: str) -> str:
    """Where a time zone is, named in the locale: "España (Madrid)", "United States (New York)".

    Empty for zones that are no place (UTC, Etc/GMT+2): their offset says it all.
    """
    canonical = get_global("zone_aliases").get(zone_id, zone_id)
    locale = current_locale()
    territory = locale.territories.get(get_global("zone_territories").get(canonical, ""))
    if canonical.startswith("Etc/") or canonical == "UTC":
        return ""
    city = get_timezone_location(canonical, locale=locale, return_city=True)
    if territory is None or territory == locale.territories.get("001"):
        return city
    return locale.zone_formats["fallback"] % {"0": city, "1": territory}
