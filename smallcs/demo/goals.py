"""The demo owner's goals, set at the start of the history."""

from __future__ import annotations

import datetime as dt
from typing import Any

from smallcs.demo.period import OPENS, Period

# metric, baseline, target, due ("june" or "december"), note. Baselines match the
# demo's own first months; the data improve towards the targets over the year.
GOALS: tuple[tuple[str, float, float, str, str], ...] = (
    ("fcr", 25, 35, "june",
     "Sort more complaints at the counter: staff may now give small refunds without asking."),
    ("nps", 25, 35, "december", "Win back the Saturday regulars."),
    ("csat", 75, 85, "june", "Second till at lunchtime; two more people trained on paint mixing."),
)


def _next(day: dt.date, month: int, last_day: int) -> dt.date:
    """The next end of ``month`` at least 30 days after ``day``."""
    end = dt.date(day.year, month, last_day)
    return end if (end - day).days >= 30 else dt.date(day.year + 1, month, last_day)


def goal_rows(period: Period, *, owner_id: int) -> list[dict[str, Any]]:
    """Goal rows starting at the beginning of the history, due next June or December.

    Args:
        period: the history window.
        owner_id: the owner who set the goals.

    Returns:
        Rows for ``Goal.insert_many``.
    """
    due = {"june": _next(period.today, 6, 30), "december": _next(period.today, 12, 31)}
    set_at = period.utc(dt.datetime.combine(period.first_day, OPENS))
    return [
        {"metric": metric, "baseline": baseline, "target": target, "starts_on": period.first_day,
         "due_on": due[when], "note": note, "active": True, "created_by": owner_id, "created_at": set_at}
        for metric, baseline, target, when, note in GOALS
    ]
