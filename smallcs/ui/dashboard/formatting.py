"""How the dashboard writes figures and changes (plain text, no Qt).

The same conventions as the monthly report: a dash for "no data", ▲/▼ with a
sign for the direction of a change and a word for whether it is better, so the
meaning never rests on colour alone.
"""

from __future__ import annotations

import datetime as dt
import enum

from smallcs import locale_format
from smallcs.i18n import _, ngettext
from smallcs.metrics.display import signed
from smallcs.reports.month_names import month_title

UP, DOWN = "▲", "▼"


class Tone(enum.StrEnum):
    """Whether a change is good news; the page colours it and says it in words."""

    BETTER = "better"
    WORSE = "worse"
    SAME = "same"
    NONE = "none"  # nothing to compare with


def format_amount(change: float, unit: str) -> str:
    """The size of a change with its sign: ``+5 pts``, ``−1.5 h``, ``+3``."""
    if unit == "%":
        return _("{n} pts").format(n=signed(change))
    if unit == "hours":
        return _("{n} h").format(n=signed(change, 1))
    if unit == "score":
        return signed(change, 1)
    return signed(change)


def change_tone(change: float | None, *, higher_is_better: bool) -> Tone:
    """Whether ``change`` (current − previous, as written: ``metrics.display.shown_change``) is an improvement."""
    if change is None:
        return Tone.NONE
    if change == 0:
        return Tone.SAME
    return Tone.BETTER if (change > 0) == higher_is_better else Tone.WORSE


def format_change(change: float | None, *, unit: str, higher_is_better: bool) -> str:
    """``▲ +5 pts (better)``, ``= no change`` or ``no comparison``."""
    tone = change_tone(change, higher_is_better=higher_is_better)
    if change is None or tone is Tone.NONE:
        return _("no comparison")
    if tone is Tone.SAME:
        return _("= no change")
    arrow = UP if change > 0 else DOWN
    word = _("better") if tone is Tone.BETTER else _("worse")
    return f"{arrow} {format_amount(change, unit)} ({word})"


def month_name(year: int, month: int) -> str:
    """E.g. "June 2027", in the app's language."""
    return month_title(year, month)


def how_late(late: dt.timedelta) -> str:
    """How long past its due time a complaint is: "2 days overdue", "5 hours overdue" (whole units, rounded down)."""
    minutes = max(1, int(late.total_seconds() // 60))
    hours, days = minutes // 60, minutes // (60 * 24)
    if days:
        return ngettext("{n} day overdue", "{n} days overdue", days).format(n=locale_format.number(days))
    if hours:
        return ngettext("{n} hour overdue", "{n} hours overdue", hours).format(n=locale_format.number(hours))
    return ngettext("{n} minute overdue", "{n} minutes overdue", minutes).format(n=locale_format.number(minutes))
