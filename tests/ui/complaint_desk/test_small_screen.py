"""The Complaints page on a counter laptop (a 1180×740 window: 1280×800 less the taskbar), in
English and in Spanish, and on a 1600×900 screen: nothing a person needs is cut off."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QStyle,
    QStyleOptionComboBox,
    QWidget,
)
from pytestqt.qtbot import QtBot

from smallcs import clock, complaints, customers
from smallcs.models import Category, Complaint, Staff
from smallcs.models.enums import Channel, Status
from smallcs.ui.complaint_desk.page import ComplaintsPage
from smallcs.ui.main_window import MainWindow
from tests.complaints.conftest import bulk_complaints
from tests.ui.complaint_desk.conftest import open_window

LAPTOP = (1180, 740)
DESKTOP = (1600, 900)


@pytest.fixture
def busy_shop(owner: Staff, shop: dict[str, Complaint]) -> None:
    """A morning's open complaints in every active status, enough to scroll, some overdue,
    one customer with a very long name."""
    other = Category.get(Category.name == "Other")
    start = clock.utcnow() - dt.timedelta(days=5)
    for n, status in enumerate((Status.WAITING_ON_CUSTOMER, Status.IN_PROGRESS, Status.ESCALATED, Status.OPEN)):
        bulk_complaints(12, actor=owner, category=other, start=start + dt.timedelta(hours=n), status=status.value,
                        due_at=start + dt.timedelta(days=1))  # overdue: the longest due text
    long_name = customers.create_customer(owner, name="Maximiliana Fernández-Villaverde de la Concepción")
    complaints.create_complaint(owner, channel=Channel.PHONE, category_id=other.id,
                                summary="Called three times", customer_id=long_name.id)


def _open(qtbot: QtBot, owner: Staff, db_path: Path, size: tuple[int, int], language: str) -> MainWindow:
    return open_window(qtbot, owner, db_path, size, language=language)


@pytest.fixture
def laptop(qtbot: QtBot, owner: Staff, db_path: Path, busy_shop: None,
           request: pytest.FixtureRequest) -> Iterator[ComplaintsPage]:
    window = _open(qtbot, owner, db_path, LAPTOP, getattr(request, "param", "en"))
    yield window.complaints_page
    window.close()


def _cut_texts(page: ComplaintsPage, key: str) -> list[str]:
    """The texts of column ``key`` in the rows on screen that do not fit the part of their cell
    the list shows (the cell's text margins taken off)."""
    table = page.table
    column = page.model.column_of(key)
    viewport = table.viewport().rect()
    margin = table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, table) + 1
    first, last = table.rowAt(0), table.rowAt(viewport.height() - 1)
    rows = range(first, (last if last >= 0 else page.model.rowCount() - 1) + 1)
    assert len(rows) > 10  # the list is full of rows, with its scroll bar
    cut = []
    for row in rows:
        index = page.model.index(row, column)
        shown = table.visualRect(index).intersected(viewport)
        if table.fontMetrics().horizontalAdvance(index.data()) > shown.width() - 2 * margin:
            cut.append(index.data())
    return cut


@pytest.mark.parametrize("laptop", ["en", "es"], indirect=True)
def test_on_a_laptop_every_status_in_the_list_reads_whole(laptop: ComplaintsPage) -> None:
    assert laptop.table.verticalScrollBar().isVisible()
    assert _cut_texts(laptop, "status") == []
    assert _cut_texts(laptop, "reference") == []
    # A status fetched later than the first rows fits too: the column fits every status.
    shown = {laptop.model.index(row, laptop.model.column_of("status")).data()
             for row in range(laptop.model.rowCount())}
    assert len(shown) == 4


@pytest.mark.parametrize("laptop", ["en", "es"], indirect=True)
def test_on_a_laptop_the_step_note_is_wide_enough_to_write_in(laptop: ComplaintsPage) -> None:
    entry = laptop.detail.step_entry
    assert laptop.detail.complaint is not None and entry.isVisible()
    assert entry.text.width() >= 200
    # Its buttons went under it rather than off the side of the detail.
    assert entry.is_stacked()
    for widget in (entry.kind, entry.text, entry.canned_button, entry.add):
        left = widget.mapTo(laptop.detail, widget.rect().topLeft()).x()
        assert 0 <= left and left + widget.width() <= laptop.detail.scroll.viewport().width(), widget.objectName()
    assert entry.add.y() > entry.text.y()


def test_a_very_long_name_does_not_push_the_status_away(laptop: ComplaintsPage) -> None:
    customer = laptop.model.column_of("customer")
    assert "Maximiliana Fernández-Villaverde de la Concepción" in {
        laptop.model.index(row, customer).data() for row in range(laptop.model.rowCount())}
    assert _cut_texts(laptop, "status") == []


def test_on_a_wide_screen_the_list_shows_when_each_is_due_and_the_detail_has_room(
        qtbot: QtBot, owner: Staff, db_path: Path, busy_shop: None) -> None:
    page = _open(qtbot, owner, db_path, DESKTOP, "en").complaints_page
    # Received outranks priority (issue #4): with a very long name in the customer column, the
    # priority is what gives way on this screen.
    for key in ("status", "received_at", "due_at"):
        assert _cut_texts(page, key) == [], key
    laptop_detail = 440  # what the detail gets on the laptop at most
    assert page.detail.width() > laptop_detail and page.detail.step_entry.text.width() > 300


def test_a_split_the_user_dragged_stays_theirs(laptop: ComplaintsPage) -> None:
    splitter = laptop.splitter
    splitter.moveSplitter(300, 1)  # as dragging the handle does
    laptop.window().resize(LAPTOP[0] + 100, LAPTOP[1])
    QApplication.processEvents()
    assert splitter.sizes()[0] < 400  # the page's own share would give the list its need again


@pytest.mark.parametrize("laptop", ["es"], indirect=True)
def test_in_spanish_every_filter_reads_whole(laptop: ComplaintsPage) -> None:
    bar = laptop.filters
    combos = [bar.view, bar.status, bar.category, bar.channel, bar.staff]
    for combo in combos:
        # The longest choice as well as the first: the box is as wide as its longest.
        for index in (0, max(range(combo.count()), key=lambda i: len(combo.itemText(i)))):
            combo.setCurrentIndex(index)
            QApplication.processEvents()
            assert _text_fits(combo), f"{combo.objectName()}: {combo.currentText()}"
    for widget in (bar.date_from, bar.date_to, bar.overdue_only, *combos):
        assert widget.width() >= widget.sizeHint().width(), widget.objectName()
        assert _inside(widget, bar), widget.objectName()


def _text_fits(combo: QComboBox) -> bool:
    """Whether the combo box's current text fits the field its style draws it in."""
    option = QStyleOptionComboBox()
    combo.initStyleOption(option)
    field = combo.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                         QStyle.SubControl.SC_ComboBoxEditField, combo)
    return combo.fontMetrics().horizontalAdvance(combo.currentText()) <= field.width()


def _inside(widget: QWidget, container: QWidget) -> bool:
    """Whether ``widget`` is drawn whole within ``container`` (not cut by its edge)."""
    where = QRect(widget.mapTo(container, widget.rect().topLeft()), widget.size())
    return container.rect().contains(where)


@pytest.mark.parametrize("laptop", ["en", "es"], indirect=True)
def test_on_a_laptop_the_list_shows_when_each_came_in_and_sorts_by_it(qtbot: QtBot, laptop: ComplaintsPage) -> None:
    """How old a complaint is matters more than its channel (issue #4): Received stays on a laptop."""
    assert _cut_texts(laptop, "received_at") == []
    column = laptop.model.column_of("received_at")
    header = laptop.table.horizontalHeader()
    assert header.sortIndicatorSection() == column  # newest first, by this column
    newest = laptop.model.row_at(0).reference
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))
    qtbot.waitUntil(lambda: not laptop.model.is_loading() and laptop.model.row_at(0).reference != newest)
    received = [laptop.model.row_at(row).received_at for row in range(laptop.model.rowCount())]
    assert received == sorted(received)


@pytest.mark.parametrize("width", [1000, 1280])
def test_received_shows_from_a_1000_px_window(qtbot: QtBot, owner: Staff, db_path: Path, busy_shop: None,
                                              width: int) -> None:
    page = _open(qtbot, owner, db_path, (width, LAPTOP[1]), "en").complaints_page
    assert _cut_texts(page, "received_at") == []
    assert _cut_texts(page, "status") == []
