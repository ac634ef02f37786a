"""The Follow up dialog's date box takes a day typed at once, in any language's date order."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from smallcs import clock, complaints, i18n, settings
from smallcs.models import Complaint, Staff
from smallcs.ui.complaint_desk.action_dialogs import (
    FollowUpDialog,
    default_follow_up_day,
)


@pytest.fixture(params=["en", "es"])
def language(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The app in English ("Mon, Dec 7, 2026": the day third) or Spanish ("lun, 7 dic 2026": second)."""
    monkeypatch.setenv("LANGUAGE", "C")  # the language's own date order, whatever this machine's region
    before = QLocale()
    i18n.set_language(request.param)
    QLocale.setDefault(QLocale(request.param))  # as the app does: Qt names the days and months
    yield request.param
    QLocale.setDefault(before)


def _opened(qtbot: QtBot, owner: Staff, complaint: Complaint) -> FollowUpDialog:
    dialog = FollowUpDialog(owner, complaint.id)
    qtbot.add_widget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.day)
    return dialog


def _a_day_to_type(shown: dt.date) -> int:
    """The 5th when the box may show it (not before today), else another day of the month shown."""
    today = dt.date.today()
    return next(day for day in (5, 28, 27) if day != shown.day and shown.replace(day=day) >= today)


def test_typing_a_number_sets_the_day_of_the_month(qtbot: QtBot, owner: Staff, shop: dict[str, Complaint],
                                                   language: str) -> None:
    dialog = _opened(qtbot, owner, shop["parcel"])
    shown = default_follow_up_day(dt.date.today())
    assert QApplication.focusWidget() is dialog.day
    assert dialog.day.lineEdit().selectedText() == str(shown.day)

    wanted = _a_day_to_type(shown)
    qtbot.keyClicks(QApplication.focusWidget(), str(wanted))
    assert dialog.day.date().toPython() == shown.replace(day=wanted)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)  # Enter sets the follow-up
    follow_up = complaints.get_complaint(shop["parcel"].id).follow_up_at
    assert follow_up is not None
    assert clock.to_local(follow_up, settings.get_profile().zone).date() == shown.replace(day=wanted)

