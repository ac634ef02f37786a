"""The Dashboard's way to the Complaints page: its overdue list's "show them all"."""

from __future__ import annotations

from typing import TYPE_CHECKING

from smallcs.metrics import MetricFilter

if TYPE_CHECKING:
    from smallcs.ui.complaint_desk.page import ComplaintsPage


def choose_overdue(page: ComplaintsPage, flt: MetricFilter) -> None:
    """Set ``page``'s filters to list what the overdue list lists: all open complaints, overdue only,
    in ``flt``'s category and channel, assigned to its staff member; no search, no complaint open.

    The page reads the list when it is next brought to the front (``refresh``), once.
    """
    from smallcs.ui.complaint_desk.fresh_view import reset_filters

    bar = page.filters
    bar.fill_choices()
    reset_filters(bar)
    bar.blockSignals(True)  # (one read, as the page comes to the front)
    try:
        bar.choose_view("overdue")
        for combo, value in ((bar.category, flt.category_id), (bar.channel, flt.channel), (bar.staff, flt.staff_id)):
            if value is not None:
                combo.setCurrentIndex(max(0, combo.findData(value)))
    finally:
        bar.blockSignals(False)
    page.table.selectionModel().clear()
    page.detail.show_complaint(None)  # the list's first complaint is shown as it arrives
