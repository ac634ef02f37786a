"""What the dashboard's filters offer: months, categories, channels and staff (no Qt)."""

from __future__ import annotations

import dataclasses
import datetime as dt

from smallcs import accounts, clock, settings
from smallcs.complaints import labels
from smallcs.i18n import _
from smallcs.models import Category
from smallcs.models.enums import Channel
from smallcs.ui.dashboard.formatting import month_name
from smallcs.ui.dashboard.snapshot import PeriodChoice

MONTHS_OFFERED = 24


@dataclasses.dataclass(frozen=True)
class Choice:
    """One entry of a filter: what it reads and the value it stands for."""

    text: str
    value: object


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


def category_choices() -> list[Choice]:
    """Every category, retired ones too (past months used them), by name."""
    # Read-only: no complaint service lists categories yet.
    return [Choice(c.name if c.active else _("{name} (retired)").format(name=c.name), c.id)
            for c in Category.select(Category.id, Category.name, Category.active).order_by(Category.name)]


def channel_choices() -> list[Choice]:
    """Every channel in the order of the complaint form."""
    return [Choice(labels.channel(channel), channel.value) for channel in Channel]


def staff_choices() -> list[Choice]:
    """Every account, disabled ones too (their complaints stay in past months)."""
    return [Choice(s.display_name if s.active else _("{name} (disabled)").format(name=s.display_name), s.id)
            for s in accounts.list_staff(include_disabled=True)]
