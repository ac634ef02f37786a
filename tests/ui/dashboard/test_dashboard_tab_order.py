"""Tab goes through the Dashboard in reading order: the filters left to right, Staff included, the overdue
list, then the goals.

A keyboard review found Month → Category → Channel → New goal… (far down the page) → back up to
Staff → Edit…: the Staff filter, shown only once a manager logs in, had joined the Tab order last.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from smallcs.models import Staff
from smallcs.ui.dashboard import DashboardPage
from tests.ui.dashboard.conftest import PageMaker, settle, window_on_dashboard

MOST_PRESSES = 40  # far more than the page has controls: a walk that never comes back fails, not hangs


def _reading_place(widget: QWidget, content: QWidget) -> tuple[int, int]:
    """Where ``widget`` starts on the page (however far it is scrolled): top to bottom, then left to right."""
    place = widget.mapTo(content, QPoint(0, 0))
    return place.y(), place.x()


def _in_reading_order(content: QWidget) -> list[QWidget]:
    """The controls on the page that Tab may stop at, as a person reads the page."""
    stops = [widget for widget in content.findChildren(QWidget)
             if widget.isVisibleTo(content) and widget.isEnabled()
             and widget.focusPolicy() & Qt.FocusPolicy.TabFocus == Qt.FocusPolicy.TabFocus]
    return sorted(stops, key=lambda widget: _reading_place(widget, content))


def _tab_walk(qtbot: QtBot, start: QWidget, content: QWidget) -> list[QWidget]:
    """Where Tab takes the focus from ``start`` until it leaves ``content`` or comes back to ``start``."""
    start.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is start)
    visited = [start]
    for _ in range(MOST_PRESSES):
        focused = QApplication.focusWidget()
        assert focused is not None
        qtbot.keyClick(focused, Qt.Key.Key_Tab)
        reached = QApplication.focusWidget()
        if reached is start or reached is None or not content.isAncestorOf(reached):
            return visited
        visited.append(reached)
    raise AssertionError(f"Tab did not leave the page in {MOST_PRESSES} presses")


def _names(widgets: list[QWidget]) -> list[str]:
    """What a failure shows of each stop."""
    return [widget.accessibleName() or widget.objectName() for widget in widgets]


def _assert_reading_order(qtbot: QtBot, page: DashboardPage) -> None:
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    content = page.scroll.widget()
    walked = _tab_walk(qtbot, page.filters.period, content)
    assert _names(walked) == _names(_in_reading_order(content))
    assert walked == _in_reading_order(content)


@pytest.mark.parametrize("width", [900, 520], ids=["one-row-of-filters", "filters-in-two-rows"])
def test_tab_reads_the_page_from_the_month_down_to_the_goals(qtbot: QtBot, make_page: PageMaker,
                                                              demo_owner: Staff, width: int) -> None:
    page = make_page(demo_owner)
    page.resize(width, 700)
    settle(qtbot, page)
    qtbot.waitUntil(lambda: page.filters.staff.isVisible())
    filters = page.filters
    content = page.scroll.widget()

    def staff_below() -> bool:
        return _reading_place(filters.staff, content)[0] > _reading_place(filters.period, content)[0]

    qtbot.waitUntil(lambda: staff_below() == (width < 900))  # narrow, Channel and Staff take a second row
    assert len(page.goals.rows) >= 2

    _assert_reading_order(qtbot, page)
    walked = _tab_walk(qtbot, filters.period, content)
    overdue = [widget for widget in (page.overdue.table, page.overdue.more_button) if widget.isVisible()]
    assert walked == [filters.period, filters.category, filters.channel, filters.staff, *overdue,
                      page.goals.new_button, *(row.edit_button for row in page.goals.rows)]


def test_in_the_main_window_too(qtbot: QtBot, demo_owner: Staff, tmp_path: Path) -> None:
    """As the app builds it: the other pages exist, and the goals' rows are made long after them."""
    _window, page = window_on_dashboard(qtbot, demo_owner, tmp_path / "demo.db")
    assert page.goals.rows

    _assert_reading_order(qtbot, page)
