"""A demo complaint's life: who did what and when, cut off at the present moment."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Mapping

from smallcs.demo import step_texts as texts
from smallcs.demo.dice import Dice
from smallcs.demo.period import DAY, Period, next_working_moment
from smallcs.demo.schedule import Arrival
from smallcs.demo.shop import Roster
from smallcs.models.enums import Channel, Outcome, Status, StepKind

MINUTE = dt.timedelta(minutes=1)
HOUR = dt.timedelta(hours=1)
MAX_OPEN = dt.timedelta(days=21)
BACKLOG_WINDOW = dt.timedelta(days=10)
LIVE_CHANNELS = (Channel.IN_PERSON, Channel.PHONE)
REMEDY_OUTCOMES = (Outcome.REFUND, Outcome.REPLACEMENT, Outcome.REPAIR, Outcome.DISCOUNT)
TALKING_OUTCOMES = (Outcome.EXPLANATION, Outcome.APOLOGY, Outcome.NO_ACTION)

OUTCOME_WEIGHTS: Mapping[str, dict[Outcome, float]] = {
    "delivery": {Outcome.APOLOGY: 25, Outcome.DISCOUNT: 25, Outcome.REFUND: 15, Outcome.REPLACEMENT: 12,
                 Outcome.EXPLANATION: 18, Outcome.NO_ACTION: 5},
    "defect": {Outcome.REPLACEMENT: 45, Outcome.REFUND: 28, Outcome.REPAIR: 15, Outcome.EXPLANATION: 6,
               Outcome.NO_ACTION: 6},
    "staff": {Outcome.APOLOGY: 68, Outcome.DISCOUNT: 12, Outcome.EXPLANATION: 14, Outcome.NO_ACTION: 6},
    "billing": {Outcome.REFUND: 62, Outcome.EXPLANATION: 26, Outcome.APOLOGY: 8, Outcome.DISCOUNT: 4},
    "waiting": {Outcome.APOLOGY: 62, Outcome.EXPLANATION: 26, Outcome.DISCOUNT: 10, Outcome.NO_ACTION: 2},
    "other": {Outcome.EXPLANATION: 40, Outcome.APOLOGY: 30, Outcome.NO_ACTION: 15, Outcome.DISCOUNT: 10,
              Outcome.REFUND: 5},
}


@dataclasses.dataclass(frozen=True)
class Step:
    """One timeline entry in local time; ``waiting`` marks a question to the customer."""

    at: dt.datetime
    staff: int
    kind: StepKind
    text: str
    waiting: bool = False


@dataclasses.dataclass(frozen=True)
class Life:
    """How far a complaint has got by ``period.as_of``."""

    steps: list[Step]
    status: Status
    first_response_at: dt.datetime | None
    resolved_at: dt.datetime | None
    closed_at: dt.datetime | None
    follow_up_at: dt.datetime | None
    assigned_to: int | None
    first_contact: bool
    reopened: bool

    @property
    def updated_at(self) -> dt.datetime | None:
        """The last moment anything happened, if anything has."""
        moments = [s.at for s in self.steps] + ([self.closed_at] if self.closed_at else [])
        return max(moments) if moments else None


@dataclasses.dataclass
class Case:
    """Everything the timeline needs to know about one complaint."""

    arrival: Arrival
    handler: int
    outcome: Outcome
    call_seconds: int | None
    findings: tuple[str, ...]  # what investigating this kind of complaint turns up
    fill: Callable[[tuple[str, ...]], str]  # picks a template and fills its slots


class _Writer:
    """Appends steps in time order, keeping each at or after the previous one."""

    def __init__(self, dice: Dice, case: Case) -> None:
        self.dice = dice
        self.case = case
        self.staff = case.handler
        self.steps: list[Step] = []

    def add(self, at: dt.datetime, kind: StepKind, bank: tuple[str, ...], *, waiting: bool = False,
            working: bool = True) -> dt.datetime:
        """Add a step at ``at`` (moved into opening hours when ``working``); return its time."""
        if working:
            at = next_working_moment(self.dice, at)
        if self.steps and at <= self.steps[-1].at:
            at = self.steps[-1].at + self.dice.randint(3, 40) * MINUTE
        self.steps.append(Step(at, self.staff, kind, self.case.fill(bank), waiting))
        return at


def _spread(dice: Dice, start: dt.datetime, end: dt.datetime, count: int) -> list[dt.datetime]:
    """``count`` sorted moments between ``start`` and ``end`` (at least an hour apart in all)."""
    span = max(end - start, HOUR)
    return [start + span * f for f in sorted(dice.uniform(0.05, 0.9) for _ in range(count))]


class Backlog:
    """Picks the recent complaints still being worked on today, the newer the likelier.

    Systematic sampling (a running credit instead of a coin per complaint)
    keeps the backlog's size steady from one seed to the next.
    """

    def __init__(self, dice: Dice, period: Period) -> None:
        self._as_of = period.as_of
        self._credit = dice.random()

    def takes(self, received: dt.datetime) -> bool:
        """Whether the complaint received then is still open now."""
        age = self._as_of - received
        if age >= BACKLOG_WINDOW:
            return False
        self._credit += (1 - age / BACKLOG_WINDOW) ** 1.5
        if self._credit < 1:
            return False
        self._credit -= 1
        return True


def _resolution_time(dice: Dice, case: Case) -> dt.timedelta:
    """Mostly within target with a long tail, getting quicker as the year goes on."""
    median = 0.55 - 0.2 * case.arrival.progress  # of the target
    hours = case.arrival.category.resolution_hours * dice.lognormal_around(median, 0.85)
    return min(MAX_OPEN, max(2 * HOUR, hours * HOUR))


def _first_response(dice: Dice, case: Case, w: _Writer) -> None:
    """Acknowledged on the spot at the counter or on the phone; otherwise a reply a while later."""
    arrival = case.arrival
    if arrival.channel in LIVE_CHANNELS:
        counter = arrival.channel == Channel.IN_PERSON
        w.add(arrival.received, StepKind.NOTE, texts.ACK_AT_COUNTER if counter else texts.ACK_ON_PHONE,
              working=False)
        if dice.chance(0.5):
            w.add(arrival.received + dice.randint(1, 5) * MINUTE, StepKind.APOLOGISED, texts.APOLOGISED,
                  working=False)
        return
    if arrival.channel == Channel.CHAT:
        delay = dice.randint(2, 20) * MINUTE
    else:
        delay = arrival.category.response_hours * dice.lognormal_around(0.35, 0.8) * HOUR
    bank = texts.FIRST_REPLY.get(arrival.channel.value, texts.FIRST_REPLY["other"])
    w.add(arrival.received + delay, StepKind.CONTACTED_CUSTOMER, bank)


_Planned = tuple[StepKind, tuple[str, ...], bool]  # kind, texts, waiting on the customer


def _middle_kinds(dice: Dice, case: Case, *, escalate: bool, ask: bool) -> list[_Planned]:
    """The working steps between the first response and the resolution."""
    kinds: list[_Planned] = []
    if dice.chance(0.85):
        kinds.append((StepKind.INVESTIGATED, case.findings, False))
    if escalate:
        kinds.append((StepKind.ESCALATED, texts.ESCALATED, False))
    if ask and not case.arrival.anonymous:
        kinds.append((StepKind.CONTACTED_CUSTOMER, texts.WAITING_FOR_CUSTOMER, True))
    if case.outcome in REMEDY_OUTCOMES:
        kinds.append((StepKind.OFFERED_REMEDY, texts.OFFERED[case.outcome.value], True))
    if case.outcome == Outcome.REFUND:
        kinds.append((StepKind.REFUNDED, texts.REFUNDED, False))
    elif case.outcome == Outcome.REPLACEMENT:
        replaced = texts.REPLACED.get(case.arrival.category.key, texts.REPLACED["defect"])
        kinds.append((StepKind.REPLACED, replaced, False))
    elif case.outcome in TALKING_OUTCOMES and not case.arrival.anonymous:
        kinds.append((StepKind.CONTACTED_CUSTOMER, texts.EXPLAINED, False))
    if not case.arrival.anonymous and dice.chance(0.25):
        kinds.append((StepKind.FOLLOW_UP, texts.FOLLOW_UP, False))
    return kinds


def _work_through(
    dice: Dice, period: Period, roster: Roster, case: Case, w: _Writer, *, backlog: bool
) -> None:
    """First response, the working steps, the resolution and perhaps a reopening."""
    arrival = case.arrival
    _first_response(dice, case, w)
    if backlog:  # resolved after today: hard cases, often escalated or waiting on the customer
        resolve_by, escalation_rate = period.as_of + dice.uniform(1, 10) * DAY, 0.3
    else:
        resolve_by = arrival.received + _resolution_time(dice, case)
        escalation_rate = 0.35 if arrival.category.key == "staff" else 0.1
    manager = roster.escalation_for(case.handler)
    escalate = manager is not None and dice.chance(escalation_rate)
    kinds = _middle_kinds(dice, case, escalate=escalate, ask=dice.chance(0.4 if backlog else 0.2))
    work_until = resolve_by
    if backlog:  # only part of the work is done by now; something has happened on older ones
        started = bool(kinds) and period.as_of - arrival.received > 2 * DAY
        kinds, work_until = kinds[:dice.randint(1 if started else 0, len(kinds))], period.as_of
    moments = _spread(dice, w.steps[-1].at, work_until, len(kinds))
    for at, (kind, bank, waiting) in zip(moments, kinds, strict=True):
        w.add(at, kind, bank, waiting=waiting)
        if kind == StepKind.ESCALATED and manager is not None:
            w.staff = manager
    resolved = w.add(resolve_by, StepKind.RESOLVED, texts.RESOLVED[case.outcome.value])
    if dice.chance(0.065):
        _reopen(dice, case, w, resolved=resolved)


def _reopen(dice: Dice, case: Case, w: _Writer, *, resolved: dt.datetime) -> None:
    """The customer comes back a few days later; it is looked at again and resolved again."""
    reasons = texts.REOPENED.get(case.outcome.value, texts.REOPENED["other"])
    reopen = w.add(resolved + dice.lognormal_around(3, 0.6) * DAY, StepKind.REOPENED, reasons)
    again = reopen + case.arrival.category.resolution_hours * dice.lognormal_around(0.4, 0.6) * HOUR
    w.add(reopen + (again - reopen) / 2, StepKind.INVESTIGATED, texts.REWORK)
    w.add(again, StepKind.RESOLVED, texts.RESOLVED[case.outcome.value])


def _on_the_spot(dice: Dice, period: Period, case: Case) -> list[Step] | None:
    """The single step of a complaint sorted while the customer is there, if it fits before now."""
    arrival = case.arrival
    took = dt.timedelta(seconds=case.call_seconds) if case.call_seconds else dice.randint(3, 15) * MINUTE
    at = arrival.received + took + dice.randint(0, 3) * MINUTE
    if at > period.as_of:
        return None
    bank = texts.RESOLVED_ON_THE_SPOT[case.outcome.value]
    return [Step(at, case.handler, StepKind.RESOLVED, case.fill(bank))]


def _status_of(steps: list[Step], *, channel: Channel) -> Status:
    """The status of an unresolved complaint, read from its timeline so far."""
    last = steps[-1] if steps else None
    if any(s.kind == StepKind.REOPENED for s in steps):
        return Status.IN_PROGRESS
    if last is None or (len(steps) <= 2 and last.kind in (StepKind.NOTE, StepKind.APOLOGISED)):
        return Status.OPEN
    if last.kind == StepKind.CONTACTED_CUSTOMER and len(steps) == 1 and channel not in LIVE_CHANNELS:
        return Status.OPEN
    if last.waiting:
        return Status.WAITING_ON_CUSTOMER
    if any(s.kind == StepKind.ESCALATED for s in steps):
        return Status.ESCALATED
    return Status.IN_PROGRESS


def _settle(dice: Dice, period: Period, case: Case, planned: list[Step], *, first_contact: bool) -> Life:
    """Cut the planned timeline at ``as_of`` and derive the complaint's state from what is left."""
    arrival = case.arrival
    steps = [s for s in planned if s.at <= period.as_of]
    live = arrival.channel in LIVE_CHANNELS
    first_response = arrival.received if live else (steps[0].at if steps else None)
    reopened = any(s.kind == StepKind.REOPENED for s in steps)
    assigned: int | None = steps[-1].staff if steps else case.handler
    if steps and steps[-1].kind == StepKind.RESOLVED:
        resolved = steps[-1].at
        closed = next_working_moment(dice, resolved + dice.randint(3, 14) * DAY)
        closed_at = closed if closed <= period.as_of and dice.chance(0.9) else None
        status = Status.CLOSED if closed_at else Status.RESOLVED
        return Life(steps, status, first_response, resolved, closed_at, None, assigned, first_contact,
                    reopened)
    status = _status_of(steps, channel=arrival.channel)
    follow_up = None
    if status != Status.OPEN and dice.chance(0.6):
        follow_up = next_working_moment(dice, steps[-1].at + dice.randint(1, 4) * DAY)
    if status == Status.OPEN and dice.chance(0.3):
        assigned = None
    return Life(steps, status, first_response, None, None, follow_up, assigned, False, reopened)


def live_through(dice: Dice, period: Period, roster: Roster, case: Case, *, first_contact_rate: float,
                 backlog: Backlog) -> Life:
    """Plan a complaint from arrival to resolution, then see how far it got by now.

    Args:
        dice: the seeded random source.
        period: the history window (``as_of`` is "now").
        roster: staff ids for handling and escalation.
        case: the complaint as received, its handler and its eventual outcome.
        first_contact_rate: chance that a counter or phone complaint is sorted there and then.
        backlog: decides which recent complaints are still open.

    Returns:
        The complaint's timeline and state as of ``period.as_of``.
    """
    sortable = case.arrival.channel in LIVE_CHANNELS and case.outcome != Outcome.REPAIR
    if sortable and dice.chance(first_contact_rate):
        spot = _on_the_spot(dice, period, case)
        if spot is not None:
            return _settle(dice, period, case, spot, first_contact=True)
    writer = _Writer(dice, case)
    _work_through(dice, period, roster, case, writer, backlog=backlog.takes(case.arrival.received))
    return _settle(dice, period, case, writer.steps, first_contact=False)

