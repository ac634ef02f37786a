"""The Complaints page as a fresh one shows it, for the next person at a shared counter PC:
no search, the first saved view, no filter, no complaint open."""

from __future__ import annotations

from typing import TYPE_CHECKING

from smallcs.ui.complaint_desk.filters import FilterBar

if TYPE_CHECKING:
    from smallcs.ui.complaint_desk.page import ComplaintsPage


def reset_filters(bar: FilterBar) -> None:
    """Every filter back to what a new bar shows, without a ``changed`` for each of them."""
    bar.blockSignals(True)
    try:
        bar.search.clear()
        bar.flush_search()  # (no search left waiting for the pause in typing)
        for combo in (bar.view, bar.status, bar.category, bar.channel, bar.staff):
            combo.setCurrentIndex(0)
        bar.overdue_only.setChecked(False)
        for edit in (bar.date_from, bar.date_to):
            edit.setDate(edit.minimumDate())  # "any"
    finally:
        bar.blockSignals(False)


def forget_user_state(page: ComplaintsPage) -> None:
    """Drop what the last person left on ``page`` and show the unfiltered list from its top."""
    reset_filters(page.filters)
    page.table.selectionModel().clear()
    page.detail.show_complaint(None)  # (a step note typed there stays aside for its typist)
    page.before_search = None  # the last person's search does not lead back to their complaint
    page.apply_filter()
