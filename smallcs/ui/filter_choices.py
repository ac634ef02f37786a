"""What the category and staff filters offer, on the Complaints page and the Dashboard (no Qt).

Retired categories and disabled accounts are offered too, marked as such: their
complaints stay, in past months and in today's list (a complaint still assigned
to someone who has left is found this way, to hand it over).
"""

from __future__ import annotations

from typing import NamedTuple

from smallcs import accounts
from smallcs.i18n import _
from smallcs.models import Category


class Choice(NamedTuple):
    """One entry of a filter: what it reads and the value it stands for."""

    text: str
    value: object


def category_choices() -> list[Choice]:
    """Every category, retired ones too, by name."""
    # Read-only: no complaint service lists categories yet.
    return [Choice(c.name if c.active else _("{name} (retired)").format(name=c.name), c.id)
            for c in Category.select(Category.id, Category.name, Category.active).order_by(Category.name)]


def staff_choices() -> list[Choice]:
    """Every account, disabled ones too."""
    return [Choice(s.display_name if s.active else _("{name} (disabled)").format(name=s.display_name), s.id)
            for s in accounts.list_staff(include_disabled=True)]
