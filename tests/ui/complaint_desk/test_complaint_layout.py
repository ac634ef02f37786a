"""The Complaints page's layout where it is tight (issue #4): on a counter laptop (a 1180×740
window) the timeline of a long-running complaint gets the room, without the detail scrolling;
with a large system font the list fits its width instead of scrolling sideways."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QLineEdit,
    QListWidget,
    QTextBrowser,
    QWidget,
)
from pytestqt.qtbot import QtBot

from smallcs import clock, complaints, customers, i18n
from smallcs.models import Category, Complaint, Staff
from smallcs.models.enums import Channel, Priority, StepKind
from smallcs.ui.complaint_desk.action_dialogs import FollowUpDialog
from smallcs.ui.complaint_desk.page import OPTIONAL_COLUMNS, ComplaintsPage
from smallcs.ui.main_window import MainWindow
from tests.complaints.conftest import bulk_complaints
from tests.ui.complaint_desk.conftest import open_window, settle

CONTROLS = (QAbstractButton, QComboBox, QLineEdit, QListWidget, QTextBrowser)
LAPTOP = (1180, 740)
LARGE_TEXT = (1400, 900)
# What staff type at the counter over a week of chasing a parcel.
NOTES = [
    (StepKind.APOLOGISED, "Apologised for the delay on the phone."),
    (StepKind.INVESTIGATED, "Courier tracking shows it stuck at the depot."),
    (StepKind.CONTACTED_CUSTOMER, "Called the customer back, no answer."),
    (StepKind.CONTACTED_CUSTOMER, "Left a voicemail with the new date."),
    (StepKind.NOTE, "Courier promised delivery on Thursday."),
    (StepKind.CONTACTED_CUSTOMER, "Customer rang: still nothing on Thursday."),
    (StepKind.INVESTIGATED, "Depot says the label was damaged."),
    (StepKind.NOTE, "Asked the supplier to send a second parcel."),
    (StepKind.CONTACTED_CUSTOMER, "Told the customer a new parcel is coming."),
    (StepKind.NOTE, "Second parcel collected by the courier."),
    (StepKind.CONTACTED_CUSTOMER, "E-mailed the new tracking number."),
    (StepKind.NOTE, "Tracking shows out for delivery today."),
]


@pytest.fixture
def long_running(owner: Staff, clerk: Staff) -> Complaint:
    """An open complaint chased for a week: a dozen steps, its suggested steps still to tick,
    among a morning's other complaints."""
    delivery = Category.get(Category.name == "Delivery delay")
    bulk_complaints(30, actor=owner, category=Category.get(Category.name == "Other"),
                    start=clock.utcnow() - dt.timedelta(days=3))
    ana = customers.create_customer(owner, name="Ana Lucía Pérez", phone="612 345 678",
                                    email="ana.perez@example.org")
    complaint = complaints.create_complaint(
        owner, channel=Channel.PHONE, category_id=delivery.id, customer_id=ana.id, priority=Priority.HIGH,
        summary="Garden table ordered three weeks ago has not arrived",
        description="Paid for next-week delivery; the tracking page has said 'in transit' for nine days.",
        desired_outcome="The table by Saturday, or her money back.", order_reference="ORD-55102")
    complaints.assign(owner, complaint.id, clerk.id)
    for kind, text in NOTES:
        complaints.add_step(clerk, complaint.id, kind=kind, text=text)
    return complaint


def _open(qtbot: QtBot, owner: Staff, db_path: Path, size: tuple[int, int], complaint: Complaint) -> MainWindow:
    return open_window(qtbot, owner, db_path, size, complaint=complaint)


def _entries_in_view(page: ComplaintsPage) -> int:
    """How many timeline entries (steps, and the complaint as it came in) are whole in its viewport."""
    timeline = page.detail.timeline
    layout = timeline.document().documentLayout()
    viewport = timeline.viewport().rect()
    offset = timeline.verticalScrollBar().value()
    block, whole = timeline.document().begin(), 0
    while block.isValid():
        rect = layout.blockBoundingRect(block).toRect().translated(0, -offset)
        whole += viewport.contains(rect)
        block = block.next()
    return whole


def _cut_off(detail: QWidget, viewport: QWidget) -> list[str]:
    """The detail's visible controls not wholly inside what its scroll area shows."""
    shown = QRect(viewport.mapTo(detail, viewport.rect().topLeft()), viewport.size())
    return [widget.objectName() or type(widget).__name__ for widget in detail.findChildren(QWidget)
            if widget.isVisible() and isinstance(widget, CONTROLS)
            and not shown.contains(QRect(widget.mapTo(detail, widget.rect().topLeft()), widget.size()))]


@pytest.mark.parametrize("language", ["en", "es"])
def test_on_a_laptop_the_timeline_shows_the_last_eight_steps_without_scrolling_the_detail(
        qtbot: QtBot, owner: Staff, db_path: Path, long_running: Complaint, language: str) -> None:
    i18n.set_language(language)
    page = _open(qtbot, owner, db_path, LAPTOP, long_running).complaints_page
    detail = page.detail
    assert detail.scroll.verticalScrollBar().maximum() == 0  # the detail fits: nothing to scroll to
    assert detail.suggestions.isVisible() and detail.step_entry.isVisible()
    assert _cut_off(detail, detail.scroll.viewport()) == []
    # The newest steps are in view, at least eight of them whole, the newest at the bottom.
    assert _entries_in_view(page) >= 8
    assert detail.timeline.toPlainText().endswith(NOTES[-1][1])
    bar = detail.timeline.verticalScrollBar()
    assert bar.value() == bar.maximum()


def test_on_a_laptop_the_actions_without_room_are_in_more_and_keep_their_keys(
        qtbot: QtBot, owner: Staff, db_path: Path, long_running: Complaint) -> None:
    window = _open(qtbot, owner, db_path, LAPTOP, long_running)
    workflow = window.complaints_page.detail.workflow
    offered = workflow.offered()
    inline = [key for key in offered if workflow.buttons[key].isVisible()]
    assert offered[:2] == ["resolve", "assign"] and inline == offered[:len(inline)]  # the likeliest first
    # In one line: every button shown stands on the line of the first, and More ends it.
    assert {workflow.buttons[key].y() for key in inline} == {workflow.buttons[inline[0]].y()}
    first = workflow.buttons[inline[0]].geometry()
    assert workflow.more.isVisible() and first.top() <= workflow.more.geometry().center().y() <= first.bottom()
    assert workflow.more.x() > workflow.buttons[inline[-1]].x()
    waiting = [action.text() for action in workflow.more_menu.actions()]
    assert waiting == [workflow.buttons[key].text() for key in offered[len(inline):]]
    # Follow up waits in More, and its Alt+U still opens it, as the button's would.
    assert "follow_up" not in inline
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    note = window.complaints_page.detail.step_entry.text
    note.setFocus()
    qtbot.keyClick(note, Qt.Key.Key_U, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: workflow.open_dialog is not None)
    assert isinstance(workflow.open_dialog, FollowUpDialog)
    workflow.open_dialog.reject()


@pytest.mark.parametrize("language", ["en", "es"])
def test_with_large_text_the_list_fits_its_width_and_the_summary_takes_the_room(
        qtbot: QtBot, owner: Staff, db_path: Path, long_running: Complaint, large_text: None,
        language: str) -> None:
    i18n.set_language(language)
    page = _open(qtbot, owner, db_path, LARGE_TEXT, long_running).complaints_page
    table, model = page.table, page.model
    assert not table.horizontalScrollBar().isVisible()
    shown = {column: table.columnWidth(column) for column in range(model.columnCount())
             if not table.isColumnHidden(column)}
    for key in ("reference", "summary", "status"):
        assert model.column_of(key) in shown, key
    # The summary takes what the others leave: here its readable minimum, the rest going to the
    # detail beside the list (which then fits without scrolling).
    assert shown[model.column_of("summary")] >= page.columns.stretch_minimum()
    # The columns end at the list's edge, and every status reads whole.
    header = table.horizontalHeader()
    assert header.length() <= table.viewport().width()
    status = model.column_of("status")
    needed = max(table.fontMetrics().horizontalAdvance(model.index(row, status).data())
                 for row in range(model.rowCount()))
    assert table.columnWidth(status) > needed
    # The detail beside it is not squeezed below what it needs, and its buttons are not cut off.
    detail = page.detail
    assert detail.width() >= detail.minimumSizeHint().width()
    assert all(button.width() >= button.minimumSizeHint().width()
               for button in detail.findChildren(QAbstractButton) if button.isVisible())


def test_with_large_text_columns_come_back_as_the_window_grows_the_most_important_first(
        qtbot: QtBot, owner: Staff, db_path: Path, long_running: Complaint, large_text: None) -> None:
    window = _open(qtbot, owner, db_path, LARGE_TEXT, long_running)
    page = window.complaints_page

    def shown() -> list[str]:
        """The optional columns on screen, by their keys."""
        return [key for key in OPTIONAL_COLUMNS if not page.table.isColumnHidden(page.model.column_of(key))]

    assert shown() == []  # reference, summary and status only
    for width in (1920, 2600, 3400):
        before = shown()
        window.resize(width, LARGE_TEXT[1])
        QApplication.processEvents()
        assert not page.table.horizontalScrollBar().isVisible()
        assert shown() == list(OPTIONAL_COLUMNS[:len(shown())])  # hidden from the least important up
        assert len(shown()) > len(before), width


@pytest.mark.parametrize("language", ["en", "es"])
def test_with_large_text_the_detail_of_a_long_running_complaint_fits_without_scrolling(
        qtbot: QtBot, owner: Staff, db_path: Path, long_running: Complaint, large_text: None,
        language: str) -> None:
    """At 15 pt on a 1400×900 window (issue #4): the facts go compact, the detail does not scroll."""
    i18n.set_language(language)
    page = _open(qtbot, owner, db_path, LARGE_TEXT, long_running).complaints_page
    detail = page.detail
    assert detail.scroll.verticalScrollBar().maximum() == 0
    assert not detail.scroll.verticalScrollBar().isVisible()
    assert _cut_off(detail, detail.scroll.viewport()) == []
    # The suggested steps at hand: here as a drop-down beside the timeline's title, which keeps
    # the timeline its lines (issue #4).
    assert detail.suggestion_menu.isVisible() and detail.step_entry.isVisible()
    assert detail.fact_grid.is_compact()
    # Every fact reads whole on its line(s): none is cut at the detail's edge.
    for key, value in detail.facts.items():
        if value.isVisible():
            right = value.mapTo(detail, value.rect().topRight()).x()
            assert right <= detail.scroll.viewport().width(), key
            assert value.height() >= value.heightForWidth(value.width()) or not value.wordWrap(), key
    # The newest steps are in view, the newest at the bottom.
    assert detail.timeline.toPlainText().endswith(NOTES[-1][1])
    assert _entries_in_view(page) >= 3


def test_with_large_text_the_received_order_is_a_choice_while_its_column_is_hidden(
        qtbot: QtBot, owner: Staff, db_path: Path, long_running: Complaint, large_text: None) -> None:
    window = _open(qtbot, owner, db_path, LARGE_TEXT, long_running)
    page = window.complaints_page
    received = page.model.column_of("received_at")
    order = page.filters.order
    assert page.table.isColumnHidden(received) and order.isVisible()
    assert order.currentText() == "Newest first"
    order.setFocus()
    qtbot.keyClick(order, Qt.Key.Key_Down)  # Oldest first
    settle(qtbot, page)
    moments = [page.model.row_at(row).received_at for row in range(page.model.rowCount())]
    assert moments == sorted(moments) and moments[0] < moments[-1]
    header = page.table.horizontalHeader()
    assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (received, Qt.SortOrder.AscendingOrder)
    # Another column's header sorts the list: the choice goes blank rather than tell a wrong order.
    page.table.sortByColumn(page.model.column_of("reference"), Qt.SortOrder.AscendingOrder)
    settle(qtbot, page)
    assert order.currentIndex() == -1
    # A window wide enough for the column: its header sorts, and the choice goes.
    window.resize(3400, LARGE_TEXT[1])
    QApplication.processEvents()
    assert not page.table.isColumnHidden(received) and not order.isVisible()


def test_on_a_laptop_the_received_column_sorts_and_no_order_choice_is_shown(
        qtbot: QtBot, owner: Staff, db_path: Path, long_running: Complaint) -> None:
    page = _open(qtbot, owner, db_path, LAPTOP, long_running).complaints_page
    assert not page.table.isColumnHidden(page.model.column_of("received_at"))
    assert not page.filters.order.isVisible()
