"""A follow-up is planned for a day: the detail says which, with its weekday, as the reader's
language writes dates, and in the shop's time zone."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate, QLocale
from pytestqt.qtbot import QtBot

from smallcs import clock, complaints, i18n, settings
from smallcs.models import Complaint, Staff
from smallcs.ui.complaint_desk.action_dialogs import FollowUpDialog
from smallcs.ui.complaint_desk.detail import ComplaintDetail
from smallcs.ui.complaint_desk.page import ComplaintsPage


@pytest.fixture(autouse=True)
def _no_region(monkeypatch: pytest.MonkeyPatch) -> None:
    """The language's own date format, whatever region this machine's locale names
    (an en_GB machine writes "Thu, 3 Dec 2026")."""
    monkeypatch.setenv("LANGUAGE", "C")


def _detail_on(qtbot: QtBot, owner: Staff, complaint: Complaint) -> ComplaintDetail:
    widget = ComplaintDetail()
    qtbot.add_widget(widget)
    widget.set_actor(owner)
    widget.show_complaint(complaint.id)
    return widget


@pytest.mark.parametrize(("language", "shown"), [("en", "Thu, Dec 3, 2026"), ("es", "jue, 3 dic 2026")])
def test_the_follow_up_day_is_shown_with_its_weekday(qtbot: QtBot, owner: Staff, shop: dict[str, Complaint],
                                                     language: str, shown: str) -> None:
    zone = settings.get_profile().zone
    complaints.set_follow_up(owner, shop["parcel"].id, clock.to_utc(dt.datetime(2026, 12, 3, 9, 0), zone))
    i18n.set_language(language)
    detail = _detail_on(qtbot, owner, shop["parcel"])
    assert detail.facts["follow_up"].text() == shown


def test_the_day_is_the_shops(qtbot: QtBot, owner: Staff, shop: dict[str, Complaint]) -> None:
    """Half past midnight in Madrid is still the evening before in UTC: the shop's day counts."""
    zone = settings.get_profile().zone
    complaints.set_follow_up(owner, shop["parcel"].id, clock.to_utc(dt.datetime(2026, 12, 4, 0, 30), zone))
    assert clock.to_utc(dt.datetime(2026, 12, 4, 0, 30), zone).day == 3
    detail = _detail_on(qtbot, owner, shop["parcel"])
    assert detail.facts["follow_up"].text() == "Fri, Dec 4, 2026"


def test_no_follow_up_reads_as_a_dash(qtbot: QtBot, owner: Staff, shop: dict[str, Complaint]) -> None:
    detail = _detail_on(qtbot, owner, shop["parcel"])
    assert detail.facts["follow_up"].text() == "—"


@pytest.mark.parametrize(("language", "shown"), [("en", "Thu, Dec 5, 2030"), ("es", "jue, 5 dic 2030")])
def test_the_day_picked_reads_as_the_detail_then_shows_it(page: ComplaintsPage, shop: dict[str, Complaint],
                                                          language: str, shown: str) -> None:
    """The Follow up dialog's field writes the day the same way (not "12/5/30")."""
    i18n.set_language(language)
    before = QLocale()
    QLocale.setDefault(QLocale(language))  # as the app does for its language: Qt names the days and months
    try:
        page.show_complaint(shop["parcel"].id)
        page.detail.workflow.buttons["follow_up"].click()
        dialog = page.detail.workflow.open_dialog
        assert isinstance(dialog, FollowUpDialog)
        dialog.day.setDate(QDate(2030, 12, 5))
        assert dialog.day.text() == shown
        dialog.accept()
        assert page.detail.facts["follow_up"].text() == shown
    finally:
        QLocale.setDefault(before)
