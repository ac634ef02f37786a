"""The complaint list: filters, saved views, sorting and paging that scale.

Every query asks the database for one page of narrow rows (LEFT JOINs for the
names, LIMIT/OFFSET), never for all complaints, and the count is a separate
``COUNT(*)`` without joins, so the list stays smooth at 100,000 complaints.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from typing import Any, NamedTuple

from peewee import JOIN, Case, Expression, Select, fn

from smallcs import clock
from smallcs.complaints.search import search_condition
from smallcs.complaints.workflow import ACTIVE, DONE
from smallcs.errors import ValidationError
from smallcs.i18n import _
from smallcs.models import Category, Complaint, Customer, Staff
from smallcs.models.enums import Channel, Priority, Status

MAX_PAGE = 1000
_Assigned = Staff.alias("assigned")


@dataclasses.dataclass(frozen=True)
class ComplaintFilter:
    """What the list shows; empty fields do not filter.

    ``received_from`` is inclusive and ``received_to`` exclusive, both naive
    UTC (``clock.month_bounds_utc`` gives a month in the shop's zone).
    """

    statuses: tuple[Status, ...] = ()
    category_ids: tuple[int, ...] = ()
    channels: tuple[Channel, ...] = ()
    assigned_to_id: int | None = None
    customer_id: int | None = None
    received_from: dt.datetime | None = None
    received_to: dt.datetime | None = None
    overdue_only: bool = False
    follow_up_due_by: dt.datetime | None = None  # not closed, follow-up date at or before
    text: str = ""

    def __post_init__(self) -> None:
        # Accept lists from callers while keeping the filter hashable.
        for name in ("statuses", "category_ids", "channels"):
            object.__setattr__(self, name, tuple(getattr(self, name)))


class ComplaintRow(NamedTuple):
    """One line of the complaint list."""

    id: int
    reference: str
    received_at: dt.datetime
    customer_name: str
    summary: str
    category_name: str
    channel: Channel
    priority: Priority
    status: Status
    assigned_name: str
    due_at: dt.datetime | None
    follow_up_at: dt.datetime | None
    overdue: bool


def my_open(staff: Staff) -> ComplaintFilter:
    """Saved view "My open": active complaints assigned to ``staff``."""
    return ComplaintFilter(statuses=tuple(sorted(ACTIVE)), assigned_to_id=staff.id)


def overdue() -> ComplaintFilter:
    """Complaints not resolved and past their due time (what the list's "Overdue only" adds to a view)."""
    return ComplaintFilter(overdue_only=True)


def waiting_on_customer() -> ComplaintFilter:
    """Saved view "Waiting on customer"."""
    return ComplaintFilter(statuses=(Status.WAITING_ON_CUSTOMER,))


def overdue_condition(now: dt.datetime) -> Expression:
    return Complaint.status.not_in([s.value for s in DONE]) & (Complaint.due_at < now)


def filter_conditions(flt: ComplaintFilter, now: dt.datetime) -> list[Expression]:
    """The WHERE conditions of a filter (shared with the CSV export)."""
    where: list[Expression] = []
    if flt.statuses:
        where.append(Complaint.status.in_([Status(s).value for s in flt.statuses]))
    if flt.category_ids:
        where.append(Complaint.category.in_(list(flt.category_ids)))
    if flt.channels:
        where.append(Complaint.channel.in_([Channel(c).value for c in flt.channels]))
    if flt.assigned_to_id is not None:
        where.append(Complaint.assigned_to == flt.assigned_to_id)
    if flt.customer_id is not None:
        where.append(Complaint.customer == flt.customer_id)
    if flt.received_from is not None:
        where.append(Complaint.received_at >= flt.received_from)
    if flt.received_to is not None:
        where.append(Complaint.received_at < flt.received_to)
    if flt.overdue_only:
        where.append(overdue_condition(now))
    if flt.follow_up_due_by is not None:
        where.append(_follow_up_condition(flt.follow_up_due_by))
    if flt.text.strip():
        match = search_condition(flt.text)
        if match is not None:
            where.append(match)
    return where


def _where(query: Select, conditions: Iterable[Expression]) -> Select:
    for condition in conditions:
        query = query.where(condition)
    return query


def count_complaints(flt: ComplaintFilter, *, now: dt.datetime | None = None) -> int:
    """How many complaints the filter selects (for the list's scroll bar and title)."""
    now = now or clock.utcnow()
    return _where(Complaint.select(fn.COUNT(Complaint.id)), filter_conditions(flt, now)).scalar() or 0


_PRIORITY_RANK = Case(Complaint.priority, [(p.value, i) for i, p in enumerate(Priority)])
_STATUS_RANK = Case(Complaint.status, [(s.value, i) for i, s in enumerate(Status)])
SORT_KEYS = {
    "received_at": Complaint.received_at,
    "reference": Complaint.id,  # same order as the numbers within a year, and indexed
    "summary": Complaint.summary,
    "due_at": Complaint.due_at,
    "follow_up_at": Complaint.follow_up_at,
    "priority": _PRIORITY_RANK,
    "status": _STATUS_RANK,
    "channel": Complaint.channel,
    "category": Category.name,
    "customer": Customer.name_norm,
    "assigned": _Assigned.display_name,
}
_NULLABLE_KEYS = frozenset({"due_at", "follow_up_at", "customer", "assigned"})


def _row_query() -> Select:
    return (
        Complaint.select(
            Complaint.id, Complaint.reference, Complaint.received_at, Customer.name, Complaint.summary,
            Category.name, Complaint.channel, Complaint.priority, Complaint.status,
            _Assigned.display_name, Complaint.due_at, Complaint.follow_up_at,
        )
        .join_from(Complaint, Customer, JOIN.LEFT_OUTER)
        .join_from(Complaint, Category, JOIN.LEFT_OUTER)
        .join_from(Complaint, _Assigned, JOIN.LEFT_OUTER,
                   on=(Complaint.assigned_to == _Assigned.id))
    )


def _to_row(values: tuple[Any, ...], now: dt.datetime) -> ComplaintRow:
    (cid, reference, received, customer, summary, category, channel, priority, status, assigned,
     due, follow_up) = values
    state = Status(status)
    return ComplaintRow(
        id=cid, reference=reference, received_at=received, customer_name=customer or "", summary=summary,
        category_name=category or "", channel=Channel(channel), priority=Priority(priority),
        status=state, assigned_name=assigned or "", due_at=due, follow_up_at=follow_up,
        overdue=state not in DONE and due is not None and due < now,
    )


def fetch_complaints(
    flt: ComplaintFilter,
    *,
    order_by: str = "received_at",
    descending: bool = True,
    offset: int = 0,
    limit: int = 200,
    now: dt.datetime | None = None,
) -> list[ComplaintRow]:
    """One page of the complaint list.

    Args:
        flt: what to show.
        order_by: a key of ``SORT_KEYS`` (received_at, reference, due_at, priority, ...).
        descending: newest / most urgent first when True.
        offset: rows to skip.
        limit: rows to return (at most 1,000).
        now: the moment "overdue" is judged at; defaults to now.

    Raises:
        ValidationError: an unknown sort key or a bad page window.
    """
    if order_by not in SORT_KEYS:
        raise ValidationError(_("The list cannot be sorted by {key}.").format(key=order_by),
                              field="order_by")
    if offset < 0 or not 0 < limit <= MAX_PAGE:
        raise ValidationError(_("Ask for between 1 and {n} rows.").format(n=MAX_PAGE),
                              field="limit")
    now = now or clock.utcnow()
    key = SORT_KEYS[order_by]
    # The id breaks ties so pages never overlap or skip rows.
    nulls = "LAST" if order_by in _NULLABLE_KEYS else None  # empty cells at the end
    ordering = [key.desc(nulls=nulls), Complaint.id.desc()] if descending else \
        [key.asc(nulls=nulls), Complaint.id.asc()]
    query = _where(_row_query(), filter_conditions(flt, now)).order_by(*ordering)
    return [_to_row(values, now) for values in query.offset(offset).limit(limit).tuples()]


def follow_ups(by: dt.datetime) -> ComplaintFilter:
    """Saved view "Follow-ups due": pass the end of today in the shop's zone."""
    return ComplaintFilter(follow_up_due_by=by)


def follow_ups_due(now: dt.datetime, *, limit: int = 200) -> list[ComplaintRow]:
    """Complaints (not closed) whose follow-up date is at or before ``now``, oldest first.

    Pass the end of today in the shop's zone to include today's follow-ups.
    """
    query = (_row_query().where(_follow_up_condition(now))
             .order_by(Complaint.follow_up_at, Complaint.id).limit(limit))
    return [_to_row(values, now) for values in query.tuples()]


def follow_up_count(now: dt.datetime) -> int:
    """The number for the Follow-ups badge in the navigation."""
    return Complaint.select(fn.COUNT(Complaint.id)).where(_follow_up_condition(now)).scalar() or 0


def _follow_up_condition(now: dt.datetime) -> Expression:
    return ((Complaint.follow_up_at <= now) & (Complaint.status != Status.CLOSED.value))
