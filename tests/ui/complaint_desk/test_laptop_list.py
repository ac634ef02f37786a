"""The complaint list on a laptop (issue #4): the summary, the one column that tells one complaint
from another, gets room to be read, at a 12 pt font on a 1366×768 screen (a maximised window of
1366×697) as at the usual size on a 1280×800 one (a 1180×740 window), with no sideways scrolling."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from smallcs import complaints
from smallcs.models import Category, Staff
from smallcs.models.enums import Channel
from smallcs.ui.complaint_desk.list_sizing import cell_width
from smallcs.ui.complaint_desk.page import ComplaintsPage
from tests.ui.complaint_desk.conftest import open_window

# Average characters of summary text the list shows at least, its cell's margins aside.
READABLE = 26
# A morning at a hardware shop: summaries alike at their start, told apart further on.
SUMMARIES = [
    "Nobody at the trade counter for twenty minutes",
    "Order ORD-62740 not delivered on the promised day",
    "Order ORD-31895 not delivered, courier says refused",
    "Bulky delivery left outside in the rain",
    "Wheelbarrow arrived with a bent handle",
    "Refund not received after returning the drill",
    "Long queue at the tills on Saturday morning",
    "Car park bays blocked by delivery vans",
    "Music in the shop far too loud",
    "4-way extension lead stopped working",
    "Paint mixed in the wrong shade of green",
    "Charged twice for one box of screws",
    "Click & collect order not ready at the time given",
    "Staff member rude about a returned kettle",
    "Garden hose split on first use",
    "Key cutting machine out of order again",
]


@pytest.fixture
def morning(owner: Staff) -> None:
    """More open complaints than the list shows at once, through the service, as staff log them."""
    other = Category.get(Category.name == "Other")
    for summary in SUMMARIES:
        complaints.create_complaint(owner, channel=Channel.IN_PERSON, category_id=other.id, summary=summary)


def _open(qtbot: QtBot, owner: Staff, db_path: Path, size: tuple[int, int], language: str) -> ComplaintsPage:
    page = open_window(qtbot, owner, db_path, size, language=language).complaints_page
    qtbot.waitUntil(lambda: page.detail.complaint is not None)
    QApplication.processEvents()
    return page


def _assert_summary_readable(page: ComplaintsPage) -> None:
    table, model = page.table, page.model
    summary = model.column_of("summary")
    assert table.verticalScrollBar().isVisible()  # a full list, its scroll bar taking its room
    # Nothing to scroll sideways to: the columns end at the list's edge.
    assert table.horizontalScrollBar().maximum() == 0
    assert table.horizontalHeader().length() <= table.viewport().width()
    # The summary has room for READABLE average characters of text...
    text_room = table.columnWidth(summary) - cell_width(table, "")
    assert text_room >= READABLE * table.fontMetrics().averageCharWidth()
    # ... which shows the first two dozen characters of a summary, enough to tell these apart.
    assert table.fontMetrics().horizontalAdvance(SUMMARIES[0][:24]) <= text_room
    # The reference, when it came in and the status stay beside it (issue #4's earlier rules).
    for key in ("reference", "received_at", "status"):
        assert not table.isColumnHidden(model.column_of(key)), key


@pytest.mark.parametrize("language", ["en", "es"])
def test_at_12_pt_on_a_1366_screen_the_summary_is_readable(
        qtbot: QtBot, owner: Staff, db_path: Path, morning: None, twelve_points: None, language: str) -> None:
    _assert_summary_readable(_open(qtbot, owner, db_path, (1366, 697), language))


@pytest.mark.parametrize("language", ["en", "es"])
def test_on_a_1180_laptop_window_the_summary_is_readable(
        qtbot: QtBot, owner: Staff, db_path: Path, morning: None, language: str) -> None:
    _assert_summary_readable(_open(qtbot, owner, db_path, (1180, 740), language))


def test_at_12_pt_the_detail_beside_the_list_keeps_what_it_needs(
        qtbot: QtBot, owner: Staff, db_path: Path, morning: None, twelve_points: None) -> None:
    """The summary's room comes from the detail's spare width, never below what the detail needs."""
    page = _open(qtbot, owner, db_path, (1366, 697), "es")
    detail = page.detail
    assert detail.width() >= detail.minimumSizeHint().width()
    assert detail.scroll.horizontalScrollBar().maximum() == 0
    assert detail.step_entry.isVisible() and detail.step_entry.text.width() >= 200
