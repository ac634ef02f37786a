"""The "Received from / to" calendar pop-up: whole, on the right month, its arrows visible in
light and dark (also after the desktop switched while the app ran)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QDate, QLocale, QPoint, Qt
from PySide6.QtGui import QColor, QFont, QImage
from PySide6.QtWidgets import (
    QApplication,
    QCalendarWidget,
    QDateEdit,
    QTableView,
    QToolButton,
)
from pytestqt.qtbot import QtBot

from smallcs.ui import theme
from smallcs.ui.complaint_desk.filters import FilterBar
from smallcs.ui.theme import contrast_ratio
from tests.ui.conftest import themed_at


@pytest.fixture(params=[0, 15], ids=["usual", "15pt"])
def text_size(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[QApplication]:
    for _themed in themed_at(qapp, request.param):
        yield qapp


def _open_popup(qtbot: QtBot, edit: QDateEdit) -> QCalendarWidget:
    """Click the date box's arrow, as a user opens the calendar."""
    qtbot.mouseClick(edit, Qt.MouseButton.LeftButton, pos=QPoint(edit.width() - 6, edit.height() // 2))
    calendar = edit.calendarWidget()
    qtbot.waitUntil(calendar.isVisible)
    QApplication.processEvents()
    return calendar


def _filter_bar(qtbot: QtBot) -> FilterBar:
    bar = FilterBar()
    qtbot.add_widget(bar)
    bar.resize(900, 200)
    bar.show()
    qtbot.wait_exposed(bar)
    return bar


def _strongest_contrast(image: QImage, background: QColor) -> float:
    """The most any pixel of ``image`` stands out from ``background`` (an icon on a button)."""
    return max(contrast_ratio(image.pixelColor(x, y), background)
               for x in range(image.width()) for y in range(image.height()))


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_the_month_arrows_stand_out_in_either_scheme_even_after_a_switch(
        qtbot: QtBot, text_size: QApplication, dark: bool) -> None:
    theme.apply_theme(text_size, dark=not dark)
    bar = _filter_bar(qtbot)
    calendar = _open_popup(qtbot, bar.date_from)  # made in the other scheme
    calendar.window().hide()
    theme.apply_theme(text_size, dark=dark)
    calendar = _open_popup(qtbot, bar.date_from)
    for name in ("qt_calendar_prevmonth", "qt_calendar_nextmonth"):
        button = calendar.findChild(QToolButton, name)
        assert button is not None and not button.icon().isNull()
        size = button.iconSize()
        icon = button.icon().pixmap(size).toImage()
        assert _strongest_contrast(icon, QColor(theme.current_scheme().button)) >= 4.5, name  # on the button
    calendar.window().hide()


def test_the_pop_up_shows_every_week_and_whole_day_names(qtbot: QtBot, text_size: QApplication) -> None:
    bar = _filter_bar(qtbot)
    calendar = _open_popup(qtbot, bar.date_to)
    view = calendar.findChild(QTableView)
    assert view is not None
    model = view.model()
    rows = [row for row in range(model.rowCount()) if not view.isRowHidden(row)]
    columns = [column for column in range(model.columnCount()) if not view.isColumnHidden(column)]
    assert len(rows) == 7 and len(columns) == 7  # the day names, then six weeks
    viewport = view.viewport().rect()
    last = view.visualRect(model.index(rows[-1], columns[-1]))
    assert viewport.contains(last), (last, viewport)  # the last week whole, not cut by the frame
    assert last.height() >= view.fontMetrics().height()
    metrics = view.fontMetrics()
    for column in columns:
        name = str(model.index(0, column).data())
        assert view.columnWidth(column) > metrics.horizontalAdvance(name), name  # "Wed", never "W…"
    assert {str(model.index(0, column).data()) for column in columns} == {
        calendar.locale().dayName(day, QLocale.FormatType.ShortFormat) for day in range(1, 8)}
    calendar.window().hide()


def test_on_any_it_opens_on_this_month_and_on_a_date_at_its_month(qtbot: QtBot, text_size: QApplication) -> None:
    bar = _filter_bar(qtbot)
    assert bar.date_from.date() == bar.date_from.minimumDate()  # "any"
    calendar = _open_popup(qtbot, bar.date_from)
    today = QDate.currentDate()
    assert (calendar.yearShown(), calendar.monthShown()) == (today.year(), today.month())
    assert bar.date_from.date() == bar.date_from.minimumDate()  # opening it chose nothing
    calendar.window().hide()
    bar.date_from.setDate(QDate(2024, 3, 15))
    calendar = _open_popup(qtbot, bar.date_from)
    assert (calendar.yearShown(), calendar.monthShown()) == (2024, 3)
    calendar.window().hide()


def test_today_is_marked_in_the_pop_up(qtbot: QtBot) -> None:
    """On "any" the pop-up's focus rests on the 1st: today is in bold so that day is not taken for it."""
    bar = _filter_bar(qtbot)
    calendar = _open_popup(qtbot, bar.date_from)
    today = QDate.currentDate()
    assert calendar.dateTextFormat(today).fontWeight() == QFont.Weight.Bold
    assert calendar.dateTextFormat(today.addDays(-1)).fontWeight() != QFont.Weight.Bold
