"""Demo complaint and timeline rows, numbered per year, with their customers."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from smallcs.demo.complaint_texts import (
    COURIERS,
    DELIVERY_FEES,
    GOODWILL,
    PRODUCTS,
    SCENARIOS,
    Scenario,
)
from smallcs.demo.dice import Dice
from smallcs.demo.people import CustomerBook
from smallcs.demo.period import SUNDAY
from smallcs.demo.schedule import Arrival, arrivals
from smallcs.demo.shop import Shop
from smallcs.demo.timeline import OUTCOME_WEIGHTS, Backlog, Case, Life, live_through
from smallcs.models.enums import Channel, Outcome, Priority

_PRIORITIES = tuple(Priority)
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclasses.dataclass(frozen=True)
class Resolved:
    """What the survey generator needs to know about a resolved complaint."""

    complaint_id: int
    resolved_at: dt.datetime  # local
    staff: int
    on_time: bool
    reopened: bool
    named: bool
    in_person: bool  # settled at the counter, where a card can be handed over
    progress: float


@dataclasses.dataclass
class ComplaintRows:
    """Rows ready for ``insert_many``, and the resolved complaints for survey cards."""

    customers: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    complaints: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    steps: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    resolved: list[Resolved] = dataclasses.field(default_factory=list)


def _priority(dice: Dice, default: str) -> str:
    index = _PRIORITIES.index(Priority(default))
    draw = dice.random()
    index += -1 if draw < 0.15 else (1 if draw < 0.25 else 0)
    return _PRIORITIES[min(len(_PRIORITIES) - 1, max(0, index))].value


def _compensation(dice: Dice, outcome: Outcome, scenario: Scenario, price: int, amount: int) -> int:
    """Cents given back: a refund of what was lost, or a goodwill discount."""
    if outcome == Outcome.DISCOUNT:
        return dice.choice(GOODWILL)
    if outcome != Outcome.REFUND:
        return 0
    by_basis = {"price": price, "amount": amount, "fee": dice.choice(DELIVERY_FEES)}
    return by_basis.get(scenario.money, dice.choice(GOODWILL))


def _slots(dice: Dice, shop: Shop, arrival: Arrival, *, first: str, price: int, amount: int,
           product: str, manager: int | None) -> dict[str, str]:
    courier = dice.choice(COURIERS)
    earlier = arrival.received - dt.timedelta(days=dice.randint(1, 6))
    if earlier.weekday() == SUNDAY:  # the shop was closed
        earlier -= dt.timedelta(days=1)
    return {
        "product": product, "Product": product[:1].upper() + product[1:],
        "price": shop.money(price), "amount": shop.money(amount),
        "order": f"ORD-{dice.randint(10000, 99999)}", "courier": courier,
        "Courier": courier[:1].upper() + courier[1:], "days": str(dice.randint(2, 9)),
        "minutes": str(dice.randint(20, 55)), "till": str(dice.randint(1, 3)),
        "weekday": _WEEKDAYS[earlier.weekday()], "first": first or "the customer",
        "manager": shop.roster.first_names.get(manager, "the manager") if manager else "the manager",
        "card": f"{dice.randint(1000, 9999)}",
    }


@dataclasses.dataclass(frozen=True)
class _Draft:
    """What a complaint is about and how it will end, before anyone works on it."""

    scenario: Scenario
    slots: dict[str, str]
    handler: int
    outcome: Outcome
    compensation: int
    call_seconds: int | None


def _draft(dice: Dice, shop: Shop, arrival: Arrival, *, first_name: str) -> _Draft:
    scenario = dice.choice(SCENARIOS[arrival.category.key])
    product, price = dice.choice(PRODUCTS)
    amount = dice.randint(3, 40) * 100 + dice.choice((0, 49, 50, 99))
    handler = shop.roster.counter_person(dice)
    outcome = dice.pick(OUTCOME_WEIGHTS[arrival.category.key])
    compensation = _compensation(dice, outcome, scenario, price, amount)
    slots = _slots(dice, shop, arrival, first=first_name, price=price, amount=amount,
                   product=product, manager=shop.roster.escalation_for(handler))
    slots["comp"] = shop.money(compensation)
    phone = arrival.channel == Channel.PHONE
    call = round(min(1800, max(40, dice.lognormal_around(240, 0.6)))) if phone else None
    return _Draft(scenario, slots, handler, outcome, compensation, call)


def _row(dice: Dice, shop: Shop, arrival: Arrival, draft: _Draft, life: Life, *, complaint_id: int,
         reference: str, customer_id: int | None) -> dict[str, Any]:
    """The Complaint row; times converted to naive UTC."""
    utc = shop.period.utc_or_none
    received = shop.period.utc(arrival.received)
    resolved = utc(life.resolved_at)
    texts = draft.scenario
    return {
        "id": complaint_id, "reference": reference, "channel": arrival.channel.value,
        "customer": customer_id, "category": arrival.category.id,
        "priority": _priority(dice, arrival.category.priority), "status": life.status.value,
        "summary": texts.summary.format(**draft.slots),
        "description": texts.description.format(**draft.slots),
        "desired_outcome": texts.desired.format(**draft.slots) if dice.chance(0.9) else "",
        "order_reference": draft.slots["order"] if texts.has_order else "",
        "received_at": received, "first_response_at": utc(life.first_response_at),
        "resolved_at": resolved, "closed_at": utc(life.closed_at),
        # Targets are elapsed hours, whatever the clocks do in between.
        "due_at": received + dt.timedelta(hours=arrival.category.resolution_hours),
        "assigned_to": life.assigned_to, "created_by": draft.handler,
        "resolved_at_first_contact": life.first_contact,
        "outcome": draft.outcome.value if resolved else None,
        "compensation_cents": draft.compensation if resolved else 0,
        "follow_up_at": utc(life.follow_up_at), "reopen_count": int(life.reopened),
        "call_duration_seconds": draft.call_seconds,
        "updated_at": shop.period.utc(life.updated_at or arrival.received),
    }


class ComplaintMaker:
    """Makes the shop's complaint history month by month, oldest first.

    Arrivals are drawn for the whole history up front (customers' visits are
    spread over all of it); :meth:`make_until` then turns the next stretch of
    them into rows, so memory stays bounded whatever the scale.
    """

    def __init__(self, dice: Dice, shop: Shop, *, scale: float, first_complaint_id: int,
                 first_customer_id: int) -> None:
        self._dice = dice
        self._shop = shop
        self._incoming = arrivals(dice, shop.period, shop.categories, scale=scale)
        named = sum(1 for a in self._incoming if not a.anonymous)
        self._book = CustomerBook(dice, shop.period, named_total=named, first_id=first_customer_id)
        self._position = 0
        self._first_id = first_complaint_id
        self._per_year: dict[int, int] = {}
        self._backlog = Backlog(dice, shop.period)

    def make_until(self, last_day: dt.date) -> ComplaintRows:
        """Rows for every complaint not made yet that arrived on or before ``last_day``."""
        rows = ComplaintRows()
        incoming = self._incoming
        while self._position < len(incoming) and incoming[self._position].received.date() <= last_day:
            self._make(incoming[self._position], self._first_id + self._position, rows)
            self._position += 1
        rows.customers = self._book.take_rows()
        return rows

    def _make(self, arrival: Arrival, complaint_id: int, rows: ComplaintRows) -> None:
        year = arrival.received.year
        self._per_year[year] = self._per_year.get(year, 0) + 1
        customer = None if arrival.anonymous else self._book.customer_for(arrival.received)
        dice, shop = self._dice, self._shop
        draft = _draft(dice, shop, arrival, first_name=customer[1] if customer else "")
        case = Case(arrival, draft.handler, draft.outcome, draft.call_seconds, draft.scenario.findings,
                    lambda bank: dice.choice(bank).format(**draft.slots))
        rate = 0.3 + 0.1 * arrival.progress + (0.15 if arrival.anonymous else 0.0)
        life = live_through(dice, shop.period, shop.roster, case, first_contact_rate=rate,
                            backlog=self._backlog)
        row = _row(dice, shop, arrival, draft, life, complaint_id=complaint_id,
                   reference=f"C-{year}-{self._per_year[year]:04d}",
                   customer_id=customer[0] if customer else None)
        rows.complaints.append(row)
        rows.steps.extend(
            {"complaint": complaint_id, "at": shop.period.utc(s.at), "staff": s.staff, "kind": s.kind.value,
             "text": s.text}
            for s in life.steps
        )
        if life.resolved_at is not None:
            rows.resolved.append(Resolved(
                complaint_id, life.resolved_at, row["assigned_to"] or draft.handler,
                on_time=row["resolved_at"] <= row["due_at"], reopened=life.reopened,
                named=customer is not None, in_person=arrival.channel == Channel.IN_PERSON,
                progress=arrival.progress,
            ))
