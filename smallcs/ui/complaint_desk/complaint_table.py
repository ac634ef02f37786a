"""The complaint list's table model: a page of rows at a time from the service."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from smallcs import clock, complaints
from smallcs.complaints import ComplaintFilter, ComplaintRow
from smallcs.i18n import _
from smallcs.complaints import labels
from smallcs.ui.lazy_table import Column, LazyTableModel

OVERDUE_BACKGROUND = "#FDE2E1"


def local_time(moment: dt.datetime | None, zone: ZoneInfo) -> str:
    """A stored moment as the shop's wall-clock time, e.g. 2026-11-24 14:05."""
    return "" if moment is None else clock.to_local(moment, zone).strftime("%Y-%m-%d %H:%M")


def _due(row: ComplaintRow, zone: ZoneInfo) -> str:
    text = local_time(row.due_at, zone)
    # Said in words as well as in colour: it must read on a grey screen too.
    return f"⚠ {_('Overdue')} · {text}" if row.overdue else text


def complaint_columns(zone: ZoneInfo) -> list[Column[ComplaintRow]]:
    return [
        Column(_("Reference"), lambda r: r.reference, "reference"),
        Column(_("Received"), lambda r: local_time(r.received_at, zone), "received_at"),
        Column(_("Customer"), lambda r: r.customer_name or "—", "customer"),
        Column(_("Category"), lambda r: r.category_name, "category"),
        Column(_("Channel"), lambda r: labels.channel(r.channel), "channel"),
        Column(_("Priority"), lambda r: labels.priority(r.priority), "priority"),
        Column(_("Status"), lambda r: labels.status(r.status), "status"),
        Column(_("Assigned to"), lambda r: r.assigned_name or "—", "assigned"),
        Column(_("Due"), lambda r: _due(r, zone), "due_at"),
    ]


class ComplaintTableModel(LazyTableModel[ComplaintRow]):
    """Rows of the current filter, newest first until a header is clicked."""

    def __init__(self, zone: ZoneInfo) -> None:
        self.filter = ComplaintFilter()
        super().__init__(
            complaint_columns(zone), self._fetch_page, lambda: complaints.count_complaints(self.filter),
            highlight=lambda r: OVERDUE_BACKGROUND if r.overdue else None,
        )
        self.set_sort("received_at", descending=True)

    def _fetch_page(self, offset: int, limit: int, sort_key: str | None, descending: bool) -> list[ComplaintRow]:
        return complaints.fetch_complaints(self.filter, order_by=sort_key or "received_at",
                                           descending=descending, offset=offset, limit=limit)

    def show(self, flt: ComplaintFilter) -> None:
        """Show what ``flt`` selects, from the first page."""
        self.filter = flt
        self.reload()

    def row_of(self, complaint_id: int) -> int | None:
        """The row already fetched that shows ``complaint_id``, if any."""
        for number in range(self.rowCount()):
            if self.row_at(number).id == complaint_id:
                return number
        return None
