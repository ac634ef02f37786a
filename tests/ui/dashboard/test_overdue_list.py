"""The Dashboard's overdue list: what is overdue now, most overdue first, and the way to each complaint
and to the rest on the Complaints page."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from smallcs import clock, complaints, metrics
from smallcs.complaints import categories
from smallcs.models import Complaint, Staff
from smallcs.models.enums import Outcome, Status
from smallcs.ui.complaint_desk.action_dialogs import ResolveDialog
from smallcs.ui.dashboard import DashboardPage
from smallcs.ui.main_window import PAGE_NAMES
from tests.metrics.builders import add_complaints, category_id, complaint_row
from tests.ui.dashboard.conftest import PageMaker, settle, window_on_dashboard

DAY, HOUR = dt.timedelta(days=1), dt.timedelta(hours=1)


def _listed(page: DashboardPage) -> list[list[str]]:
    """The overdue list's rows as the user reads them, columns hidden where the page is narrow included."""
    table = page.overdue.table
    return [[table.item(row, column).text() for column in range(table.columnCount())]
            for row in range(table.rowCount())]


def _references(page: DashboardPage) -> list[str]:
    return [row[0] for row in _listed(page)]


def _overdue_shop(owner: Staff, clerk: Staff) -> dict[str, int]:
    """Four complaints past their due time (one of them resolved, so not overdue), one not due yet."""
    now = clock.utcnow()
    rows = {
        "two_days": complaint_row(owner, now - 5 * DAY, due_at=now - 2 * DAY - HOUR, summary="Tap leaks",
                                  assigned_to=clerk.id, category=category_id("Product defect")),
        "five_hours": complaint_row(owner, now - DAY, due_at=now - 5 * HOUR - 10 * dt.timedelta(minutes=1),
                                    summary="Long queue", status="in_progress", assigned_to=owner.id),
        "a_week": complaint_row(owner, now - 9 * DAY, due_at=now - 7 * DAY, summary="Parcel never came",
                                status="escalated", category=category_id("Delivery delay")),
        "resolved": complaint_row(owner, now - 9 * DAY, due_at=now - 8 * DAY, resolved_at=now - HOUR),
        "not_yet": complaint_row(owner, now - HOUR, due_at=now + DAY),
    }
    return dict(zip(rows, add_complaints(rows.values()), strict=True))


def _reference(complaint_id: int) -> str:
    return str(Complaint.get_by_id(complaint_id).reference)


def test_the_overdue_complaints_most_overdue_first(make_page: PageMaker, owner: Staff, clerk: Staff) -> None:
    shop = _overdue_shop(owner, clerk)
    page = make_page(owner)
    page.resize(1100, 800)
    QApplication.processEvents()
    assert _references(page) == [_reference(shop[key]) for key in ("a_week", "two_days", "five_hours")]
    week, two_days, hours = _listed(page)
    assert week[1:] == ["Parcel never came", "—", "Delivery delay", "—", "7 days overdue"]
    assert two_days[1:] == ["Tap leaks", "—", "Product defect", "Sam Staff", "2 days overdue"]
    assert hours[1:] == ["Long queue", "—", "Other", "Olivia Owner", "5 hours overdue"]
    # The same complaints as the tile beside it counts, and nothing else to show.
    assert page.tiles["overdue"].value.text() == "3" == str(metrics.overdue_at(clock.utcnow()))
    assert page.overdue.more_button.isHidden() and page.overdue.empty.isHidden()
    assert page.overdue.table.isVisible() and page.overdue.scope.isHidden()
    assert "Due " in page.overdue.table.item(0, 1).toolTip()


def test_nothing_overdue_is_said_calmly(make_page: PageMaker, owner: Staff) -> None:
    now = clock.utcnow()
    add_complaints([complaint_row(owner, now - HOUR, due_at=now + DAY)])
    page = make_page(owner)
    assert page.overdue.empty.isVisible() and page.overdue.empty.text() == "Nothing is overdue."
    assert page.overdue.table.isHidden() and page.overdue.more_button.isHidden()


def test_the_filters_narrow_the_list_as_they_narrow_the_tile(qtbot: QtBot, make_page: PageMaker, owner: Staff,
                                                             clerk: Staff) -> None:
    shop = _overdue_shop(owner, clerk)
    page = make_page(owner)
    with qtbot.wait_signal(page.loaded, timeout=20000):
        page.filters.category.setCurrentIndex(page.filters.category.findData(category_id("Product defect")))
    assert _references(page) == [_reference(shop["two_days"])] and page.tiles["overdue"].value.text() == "1"
    with qtbot.wait_signal(page.loaded, timeout=20000):
        page.filters.category.setCurrentIndex(0)
        page.filters.staff.setCurrentIndex(page.filters.staff.findData(clerk.id))
    assert _references(page) == [_reference(shop["two_days"])]
    assert page.overdue.scope.isVisible() and page.overdue.scope.text() == "Complaints assigned to Sam Staff."
    # A month gone by: the tile is that month's end; the list, now, says so.
    with qtbot.wait_signal(page.loaded, timeout=20000):
        page.filters.staff.setCurrentIndex(0)
        page.filters.period.setCurrentIndex(1)
    assert len(_references(page)) == 3
    assert page.overdue.scope.text() == "Overdue now, whatever the month chosen above."


def test_enter_on_a_row_opens_the_complaint_and_resolving_it_there_takes_it_off(
        qtbot: QtBot, owner: Staff, clerk: Staff, tmp_path: Path) -> None:
    shop = _overdue_shop(owner, clerk)
    window, page = window_on_dashboard(qtbot, owner, tmp_path / "shop.db", size=(1180, 740))
    table = page.overdue.table
    assert table.accessibleName() == "Overdue complaints"
    assert table.accessibleDescription().startswith("3 complaints overdue.")
    table.setFocus()
    table.setCurrentCell(1, 0)
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert window.current_page_name() == "complaints"
    detail = window.complaints_page.detail
    assert detail.complaint is not None and detail.complaint.id == shop["two_days"]

    detail.workflow.buttons["resolve"].click()
    dialog = detail.workflow.open_dialog
    assert isinstance(dialog, ResolveDialog)
    dialog.print_card.setChecked(False)
    dialog.resolution.choose_outcome(Outcome.REPLACEMENT.value)
    with qtbot.wait_signal(window.data_changes.changed, timeout=5000):
        dialog.accept()
    assert Complaint.get_by_id(shop["two_days"]).status == Status.RESOLVED

    with qtbot.wait_signal(page.loaded, timeout=20000):
        window.show_page(PAGE_NAMES.index("dashboard"))
    assert _references(page) == [_reference(shop[key]) for key in ("a_week", "five_hours")]
    assert page.tiles["overdue"].value.text() == "2"
    settle(qtbot, page)


def test_the_rest_are_shown_on_the_complaints_page(qtbot: QtBot, owner: Staff, tmp_path: Path) -> None:
    now = clock.utcnow()
    defects = category_id("Product defect")
    add_complaints([complaint_row(owner, now - 20 * DAY, due_at=now - (n + 1) * DAY, category=defects)
                    for n in range(10)])
    add_complaints([complaint_row(owner, now - 20 * DAY, due_at=now - DAY)])  # another category
    window, page = window_on_dashboard(qtbot, owner, tmp_path / "shop.db", size=(1180, 740))
    assert len(_references(page)) == 8  # of eleven
    assert page.overdue.more_button.text() == "And 3 more — show them all"
    with qtbot.wait_signal(page.loaded, timeout=20000):
        page.filters.category.setCurrentIndex(page.filters.category.findData(defects))
    assert page.overdue.more_button.text() == "And 2 more — show them all"
    assert [row[-1] for row in _listed(page)][:2] == ["10 days overdue", "9 days overdue"]

    page.overdue.more_button.click()
    assert window.current_page_name() == "complaints"
    complaints_page = window.complaints_page
    qtbot.waitUntil(lambda: not complaints_page.model.is_loading(), timeout=5000)
    bar = complaints_page.filters
    assert bar.overdue_only.isChecked() and bar.category.currentData() == defects
    assert complaints_page.model.total() == 10 == complaints.count_complaints(
        complaints.ComplaintFilter(overdue_only=True, category_ids=(defects,)))
    assert complaints_page.count.text() == "10 complaints"


def test_the_rest_of_a_retired_categorys_overdue_complaints_are_shown_in_that_category(
        qtbot: QtBot, owner: Staff, tmp_path: Path) -> None:
    """Complaints filed under a category since retired stay overdue until resolved: the Complaints
    page lists them in that category, not in every category."""
    now = clock.utcnow()
    defects = category_id("Product defect")
    add_complaints([complaint_row(owner, now - 20 * DAY, due_at=now - (n + 1) * DAY, category=defects)
                    for n in range(10)])
    add_complaints([complaint_row(owner, now - 20 * DAY, due_at=now - DAY)])  # another category
    categories.retire_category(owner, defects)
    window, page = window_on_dashboard(qtbot, owner, tmp_path / "shop.db", size=(1180, 740))
    with qtbot.wait_signal(page.loaded, timeout=20000):
        page.filters.category.setCurrentIndex(page.filters.category.findData(defects))
    assert page.overdue.more_button.text() == "And 2 more — show them all"

    page.overdue.more_button.click()
    complaints_page = window.complaints_page
    qtbot.waitUntil(lambda: not complaints_page.model.is_loading(), timeout=5000)
    bar = complaints_page.filters
    assert bar.category.currentData() == defects
    assert bar.category.currentText() == "Product defect (retired)"
    assert complaints_page.model.total() == 10
