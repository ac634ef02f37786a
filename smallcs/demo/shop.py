"""What the generators know about the shop: its categories, its people, its money."""

from __future__ import annotations

import dataclasses

from smallcs.demo.complaint_texts import category_key
from smallcs.demo.dice import Dice
from smallcs.demo.period import Period
from smallcs.models import Category

_SYMBOLS = {"GBP": "£", "EUR": "€", "USD": "$", "AUD": "A$", "CAD": "C$", "CHF": "CHF ", "JPY": "¥"}


@dataclasses.dataclass(frozen=True)
class CategoryInfo:
    """A complaint category's targets, and which phrase bank describes it."""

    id: int
    name: str
    key: str
    priority: str
    response_hours: int
    resolution_hours: int

    @classmethod
    def active(cls) -> list[CategoryInfo]:
        """The shop's active categories in their display order."""
        query = Category.select().where(Category.active == True).order_by(
            Category.sort_order, Category.name
        )
        return [
            cls(c.get_id(), c.name, category_key(c.name), c.default_priority,
                c.response_target_hours, c.resolution_target_hours)
            for c in query
        ]


@dataclasses.dataclass(frozen=True)
class Roster:
    """Who works the counter, and who a complaint is escalated to."""

    owner: int
    manager: int
    clerks: tuple[int, ...]
    first_names: dict[int, str]

    def counter_person(self, dice: Dice) -> int:
        """Who logs a complaint: mostly staff, sometimes the manager or the owner."""
        who = dice.pick({"clerk": 65.0, "manager": 22.0, "owner": 13.0})
        if who == "clerk" and self.clerks:
            return dice.choice(self.clerks)
        return self.owner if who == "owner" else self.manager

    def escalation_for(self, handler: int) -> int | None:
        """The manager, or the owner when the manager is handling it; None for the owner."""
        if handler == self.owner:
            return None
        return self.owner if handler == self.manager else self.manager


@dataclasses.dataclass(frozen=True)
class Money:
    """Formats whole cents in the shop's currency for notes (``£24.99``)."""

    currency: str

    def __call__(self, cents: int) -> str:
        symbol = _SYMBOLS.get(self.currency, self.currency + " ")
        return f"{symbol}{cents // 100}.{cents % 100:02d}"


@dataclasses.dataclass(frozen=True)
class Shop:
    """The fixed facts every complaint draws on."""

    period: Period
    roster: Roster
    categories: list[CategoryInfo]
    money: Money
