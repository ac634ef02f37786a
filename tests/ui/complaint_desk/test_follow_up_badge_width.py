"""The follow-ups badge in the navigation does not take the complaint list's room (counter review: at
12 pt in Spanish, "3 seguimientos pendientes" widened the page list by 150 px, and the list's filters
were cut, one of them hidden under the table's header where Tab still reached it)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from smallcs import clock, complaints
from smallcs.models import Complaint, Staff
from tests.ui.complaint_desk.conftest import open_window

LAPTOP = (1180, 740)  # the window's first size on a 1366 px laptop


@pytest.mark.usefixtures("twelve_points")
def test_follow_ups_due_leave_the_filters_their_room(qtbot: QtBot, owner: Staff, db_path: Path,
                                                     shop: dict[str, Complaint]) -> None:
    window = open_window(qtbot, owner, db_path, LAPTOP, language="es", complaint=shop["parcel"])
    without_badge = window.navigation.width()
    for complaint in shop.values():
        complaints.set_follow_up(owner, complaint.id, clock.utcnow() - dt.timedelta(hours=1))
    window.complaints_page.refresh()
    entry = window.navigation.item(0)
    qtbot.waitUntil(lambda: "3" in entry.text())
    assert entry.text() == "Quejas\n3 seguimientos" and entry.toolTip() == "3 seguimientos para hoy o atrasados"
    qtbot.waitUntil(lambda: window.navigation.width() == without_badge)
    filters = window.complaints_page.filters
    assert filters.width() >= filters.minimumSizeHint().width()
    table_top = window.complaints_page.table.mapTo(window, window.complaints_page.table.rect().topLeft()).y()
    for control in (filters.staff, filters.search):
        assert control.isVisible() and control.mapTo(window, control.rect().bottomLeft()).y() < table_top
