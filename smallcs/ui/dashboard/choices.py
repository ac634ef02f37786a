"""What the dashboard's filters offer: months and channels (no Qt); categories and staff are
those of ``ui/filter_choices.py``, as on the Complaints page."""

from __future__ import annotations

import datetime as dt

from smallcs import clock, settings
from smallcs.complaints import labels
from smallcs.i18n import _
from smallcs.models.enums import Channel
from smallcs.ui.dashboard.formatting import month_name
from smallcs.ui.dashboard.snapshot import PeriodChoice
from smallcs.ui.filter_choices import Choice

MONTHS_OFFERED = 24


def shop_today() -> dt.date:
    """Today in the shop's time zone."""
    return clock.to_local(clock.utcnow(), settings.get_profile().zone).date()


def period_choices(today: dt.date) -> list[Choice]:
    """This month so far, last month, then the 22 months before, newest first (``PeriodChoice`` keys)."""
    choices = [Choice(_("{month} (so far)").format(month=month_name(today.year, today.month)),
                      PeriodChoice().key)]
    index = today.year * 12 + today.month - 1
    for back in range(1, MONTHS_OFFERED):
        year, month = divmod(index - back, 12)
        name = month_name(year, month + 1)
        text = _("{month} (last month)").format(month=name) if back == 1 else name
        choices.append(Choice(text, PeriodChoice((year, month + 1)).key))
    return choices


def channel_choices() -> list[Choice]:
    """Every channel in the order of the complaint form."""
    return [Choice(labels.channel(channel), channel.value) for channel in Channel]
