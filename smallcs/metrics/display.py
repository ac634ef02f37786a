"""How a figure is written for people, the same on the dashboard, in the report and in goals.

Only the words around a number live here; the number itself is written by
``smallcs.locale_format`` in the reader's locale ("83%", "83 %").
"""

from __future__ import annotations

from smallcs import locale_format
from smallcs.i18n import _

NO_VALUE = "—"
MINUS = "\u2212"  # a real minus sign, as wide as "+"
# The decimals each unit is written with (``format_value``).
DIGITS = {"%": 0, "hours": 1, "points": 0, "score": 1, "count": 0}


def signed(value: float, digits: int = 0) -> str:
    """A figure with its sign as people write an NPS or a change: ``+34``, ``0``, ``−1.5``."""
    if round(abs(value), digits) == 0:
        return locale_format.number(0, digits)
    return ("+" if value > 0 else MINUS) + locale_format.number(abs(value), digits)


def shown_change(value: float, previous: float, unit: str) -> float:
    """``value`` − ``previous`` as the two figures are written: a reader shown 81 % and 78 % reads
    +3 pts, whatever the decimals behind them. The dashboard and the report both judge a change
    by this, so they never give one month two different changes."""
    digits = DIGITS.get(unit, 0)
    return round(round(value, digits) - round(previous, digits), digits)


def format_value(value: float | None, unit: str) -> str:
    """A figure in its unit ("%", "hours", "points", "score", "count"); a dash when there is none."""
    if value is None:
        return NO_VALUE
    if unit == "%":
        return locale_format.percent(value)
    if unit == "hours":
        if value < 1:
            return _("{n} min").format(n=locale_format.number(value * 60))
        return _("{n} h").format(n=locale_format.number(value, 1))
    if unit == "points":
        return signed(value)
    if unit == "score":
        return locale_format.number(value, 1)
    return locale_format.number(value)
