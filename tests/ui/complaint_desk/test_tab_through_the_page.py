"""The keyboard user's Tab walks through the Complaints page: no control keeps it, the list included."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from smallcs.models import Complaint
from smallcs.ui.complaint_desk.page import ComplaintsPage


def _tab_from(qtbot: QtBot, start: QWidget, presses: int) -> list[QWidget]:
    """Where the focus is after each of ``presses`` Tabs, starting in ``start``."""
    start.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is start)
    visited = []
    for _ in range(presses):
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        visited.append(QApplication.focusWidget())
    return visited


def test_tab_goes_from_the_search_box_through_the_dates_and_the_list_to_the_detail(
        qtbot: QtBot, page: ComplaintsPage, shop: dict[str, Complaint]) -> None:
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    page.table.selectRow(1)
    shown = page.detail.complaint
    assert shown is not None

    visited = _tab_from(qtbot, page.filters.search, 12)

    names = [widget.objectName() for widget in visited]
    assert "dateFrom" in names and "dateTo" in names  # each "any" date is passed, not a trap
    after_list = names.index("complaintTable") + 1
    assert names[after_list] != "complaintTable"  # one Tab leaves the list ...
    assert page.isAncestorOf(visited[after_list])
    assert page.detail.complaint is not None and page.detail.complaint.id == shown.id  # ... showing the same complaint


def test_a_date_that_is_set_is_walked_part_by_part_and_then_left(qtbot: QtBot, page: ComplaintsPage) -> None:
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    date_from = page.filters.date_from
    date_from.setDate(date_from.minimumDate().addYears(26))
    visited = _tab_from(qtbot, date_from, 3)
    assert visited[:2] == [date_from, date_from]  # year → month → day, as Qt's date boxes go
    assert visited[2] is not date_from
