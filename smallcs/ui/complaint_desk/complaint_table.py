"""The complaint list's table model: a page of rows at a time from the service."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from smallcs import clock, complaints, locale_format
from smallcs.complaints import ComplaintFilter, ComplaintRow, labels
from smallcs.i18n import _
from smallcs.models import Complaint
from smallcs.models.enums import Channel, Priority, Status
from smallcs.ui.lazy_table import Column, LazyTableModel
from smallcs.ui.theme import current_scheme


def local_time(moment: dt.datetime | None, zone: ZoneInfo) -> str:
    """A stored moment as the shop's wall-clock time, e.g. 2026-11-24 14:05."""
    return "" if moment is None else locale_format.date_time(clock.to_local(moment, zone))


def _due(row: ComplaintRow, zone: ZoneInfo) -> str:
    text = local_time(row.due_at, zone)
    # Said in words as well as in colour: it must read on a grey screen too.
    return f"⚠ {_('Overdue')} · {text}" if row.overdue else text


def complaint_columns(zone: ZoneInfo) -> list[Column[ComplaintRow]]:
    """What a row shows; what tells staff what to do next (status, due) comes early."""
    return [
        Column(_("Reference"), lambda r: r.reference, "reference"),
        Column(_("Received"), lambda r: local_time(r.received_at, zone), "received_at"),
        Column(_("Customer"), lambda r: r.customer_name or "—", "customer"),
        Column(_("Status"), lambda r: labels.status(r.status), "status"),
        Column(_("Due"), lambda r: _due(r, zone), "due_at"),
        Column(_("Priority"), lambda r: labels.priority(r.priority), "priority"),
        Column(_("Category"), lambda r: r.category_name, "category"),
        Column(_("Channel"), lambda r: labels.channel(r.channel), "channel"),
        Column(_("Assigned to"), lambda r: r.assigned_name or "—", "assigned"),
    ]


def row_from_complaint(complaint: Complaint, now: dt.datetime) -> ComplaintRow:
    """The list row of a complaint just re-read (after an action), without a list query."""
    return ComplaintRow(
        id=complaint.id, reference=complaint.reference, received_at=complaint.received_at,
        customer_name=complaint.customer.name if complaint.customer_id else "",
        category_name=complaint.category.name, channel=Channel(complaint.channel),
        priority=Priority(complaint.priority), status=Status(complaint.status),
        assigned_name=complaint.assigned_to.display_name if complaint.assigned_to_id else "",
        due_at=complaint.due_at, follow_up_at=complaint.follow_up_at,
        overdue=complaints.is_overdue(complaint, now),
    )


def _fetch_page(flt: ComplaintFilter, offset: int, limit: int, sort_key: str | None,
                descending: bool) -> list[ComplaintRow]:
    return complaints.fetch_complaints(flt, order_by=sort_key or "received_at", descending=descending,
                                       offset=offset, limit=limit)


class ComplaintTableModel(LazyTableModel[ComplaintRow, ComplaintFilter]):
    """Rows of the current filter, newest first until a header is clicked."""

    def __init__(self, zone: ZoneInfo) -> None:
        super().__init__(
            complaint_columns(zone), _fetch_page, complaints.count_complaints, ComplaintFilter(),
            highlight=lambda r: current_scheme().overdue_background if r.overdue else None,
        )
        self.set_sort("received_at", descending=True)

    def row_of(self, complaint_id: int) -> int | None:
        """The row already fetched that shows ``complaint_id``, if any."""
        return self.find(lambda row: row.id == complaint_id)

    def column_of(self, sort_key: str) -> int:
        """The column sorted by ``sort_key``."""
        return next(n for n, column in enumerate(self.columns) if column.sort_key == sort_key)
