"""The complaint list's table model: a page of rows at a time from the service."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from smallcs import clock, complaints, locale_format
from smallcs.complaints import ComplaintFilter, ComplaintRow, labels
from smallcs.i18n import _
from smallcs.models import Complaint
from smallcs.models.enums import Channel, Priority, Status
from smallcs.ui.complaint_desk.overdue_legend import overdue_row_tip
from smallcs.ui.lazy_table import Column, LazyTableModel
from smallcs.ui.theme import current_scheme


def local_time(moment: dt.datetime | None, zone: ZoneInfo) -> str:
    """A stored moment as the shop's wall-clock time, e.g. 2026-11-24 14:05."""
    return "" if moment is None else locale_format.date_time(clock.to_local(moment, zone))


def received_text(moment: dt.datetime, zone: ZoneInfo, today: dt.date) -> str:
    """When a complaint came in, as the list shows it: the time for today's, the day for older
    ones ("10:58 PM", "Dec 3, 2026"), as a mail client lists its messages.

    Short enough to keep the column on a laptop, where the age of a complaint matters more than
    its minute; the detail shows the full moment.
    """
    local = clock.to_local(moment, zone)
    return locale_format.time(local) if local.date() == today else locale_format.date(local.date())


def follow_up_day(moment: dt.datetime | None, zone: ZoneInfo) -> str:
    """A follow-up as the shop's day it falls on, with its weekday: "Thu, Dec 3, 2026".

    A follow-up is planned for a day (the time stored with it was never chosen), so no time is shown.
    """
    return "" if moment is None else locale_format.day_with_weekday(clock.to_local(moment, zone).date())


def _due(row: ComplaintRow, zone: ZoneInfo) -> str:
    return due_text(local_time(row.due_at, zone), overdue=row.overdue)


def due_text(when: str, *, overdue: bool) -> str:
    """The due column's text; overdue is said in words as well as in colour (it must read on a grey screen)."""
    return f"⚠ {_('Overdue')} · {when}" if overdue else when


def _today(zone: ZoneInfo) -> dt.date:
    return clock.to_local(clock.utcnow(), zone).date()


def complaint_columns(zone: ZoneInfo) -> list[Column[ComplaintRow]]:
    """What a row shows; what tells staff what to do next (status, due) comes early. The summary
    takes the width the others leave (``list_sizing``)."""
    return [
        Column(_("Reference"), lambda r: r.reference, "reference"),
        Column(_("Received"), lambda r: received_text(r.received_at, zone, _today(zone)), "received_at"),
        Column(_("Customer"), lambda r: r.customer_name or "—", "customer"),
        Column(_("Summary"), lambda r: r.summary, "summary"),
        Column(_("Status"), lambda r: labels.status(r.status), "status"),
        Column(_("Due"), lambda r: _due(r, zone), "due_at"),
        Column(_("Priority"), lambda r: labels.priority(r.priority), "priority"),
        Column(_("Category"), lambda r: r.category_name, "category"),
        Column(_("Channel"), lambda r: labels.channel(r.channel), "channel"),
        Column(_("Assigned to"), lambda r: r.assigned_name or "—", "assigned"),
    ]


def closed_texts() -> dict[str, list[str]]:
    """Every text a column of labels or moments can show, by the column's sort key.

    The list sizes these columns to fit them all, so a row fetched later is never cut,
    whichever rows came first. For days and moments, the longest each month gives (names of
    months differ in length; 22:58 is the longest time of day in both 12- and 24-hour clocks).
    """
    moments = [locale_format.date_time(dt.datetime(2026, month, 28, 22, 58)) for month in range(1, 13)]
    days = [locale_format.date(dt.date(2026, month, 28)) for month in range(1, 13)]
    return {
        "received_at": [*days, locale_format.time(dt.time(22, 58))],
        "status": [labels.status(s) for s in Status],
        "due_at": [due_text(moment, overdue=True) for moment in moments],
        "priority": [labels.priority(p) for p in Priority],
        "channel": [labels.channel(c) for c in Channel],
    }


def row_from_complaint(complaint: Complaint, now: dt.datetime) -> ComplaintRow:
    """The list row of a complaint just re-read (after an action), without a list query."""
    return ComplaintRow(
        id=complaint.id, reference=complaint.reference, received_at=complaint.received_at,
        customer_name=complaint.customer.name if complaint.customer_id else "", summary=complaint.summary,
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

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """As the base model's, and an overdue row says what its colour means when pointed at."""
        if role == Qt.ItemDataRole.ToolTipRole and index.isValid() and self.row_at(index.row()).overdue:
            return overdue_row_tip()
        return super().data(index, role)

    def has_overdue(self) -> bool:
        """Whether a row fetched so far is overdue (the legend is shown with such rows)."""
        return self.find(lambda row: row.overdue) is not None

    def row_of(self, complaint_id: int) -> int | None:
        """The row already fetched that shows ``complaint_id``, if any."""
        return self.find(lambda row: row.id == complaint_id)

    def column_of(self, sort_key: str) -> int:
        """The column sorted by ``sort_key``."""
        return next(n for n, column in enumerate(self.columns) if column.sort_key == sort_key)
