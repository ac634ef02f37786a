"""At the first start after a month ends, its report is offered once (or written by itself)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pypdf
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QFrame
from pytestqt.qtbot import QtBot

from smallcs import clock, settings
from smallcs.metrics import Period
from smallcs.models import Staff
from smallcs.reports import automatic
from smallcs.reports.automatic import AutoMode
from smallcs.reports.month_names import month_title
from smallcs.ui.main_window import MONTHLY_REPORT_DELAY_MS, MainWindow
from smallcs.ui.reports_page import ReportsPage
from tests.conftest import OWNER_PASSWORD
from tests.metrics.builders import add_complaints, complaint_row


def _last_month_title() -> str:
    last = Period.month_so_far(clock.utcnow(), zone=settings.get_profile().zone).previous()
    assert last.year is not None and last.month is not None
    return month_title(last.year, last.month)


@pytest.fixture
def shop_with_history(owner: Staff) -> None:
    """A complaint 40 days ago: the shop was open before last month ended."""
    add_complaints([complaint_row(owner, clock.utcnow() - dt.timedelta(days=40))])


def _window(qtbot: QtBot, staff: Staff, db_path: Path) -> MainWindow:
    window = MainWindow(staff, str(db_path))
    qtbot.add_widget(window)
    window.show()
    qtbot.wait_exposed(window)
    return window


def _offer_shown(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: window.report_offer is not None and window.report_offer.box is not None
                    and window.report_offer.box.isVisible())


def test_making_the_offered_report_writes_it_and_asks_no_more(
    qtbot: QtBot, owner: Staff, shop_with_history: None, db_path: Path, tmp_path: Path
) -> None:
    automatic.save_settings(owner, mode=AutoMode.OFFER, folder=str(tmp_path))
    window = _window(qtbot, owner, db_path)
    _offer_shown(qtbot, window)
    offer = window.report_offer
    assert offer is not None and offer.box is not None
    assert f"{_last_month_title()} is over" in offer.box.text()

    with qtbot.waitSignal(offer.written, timeout=30_000) as written:
        offer.button("Make the report").click()
    path = written.args[0]
    assert path.parent == tmp_path and path.name.startswith("smallcs-report-")
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(path).pages)
    assert _last_month_title() in text
    reports = window.page("reports")
    assert isinstance(reports, ReportsPage) and reports.last_report == path
    assert "is ready" in window.statusBar().currentMessage()

    window.set_staff(owner)  # logging in again the same month
    qtbot.wait(50)
    assert offer.box is None
    assert reports.auto_panel.message.text() == f"Reports already made for {_last_month_title()} and before."


def test_the_offer_takes_no_keys_from_someone_typing(
    qtbot: QtBot, owner: Staff, shop_with_history: None, db_path: Path, tmp_path: Path
) -> None:
    """It comes a moment after the log-in, when the person may be typing already (counter review: the
    manager's "C" of a search made the report, and the search was lost)."""
    automatic.save_settings(owner, mode=AutoMode.OFFER, folder=str(tmp_path))
    window = _window(qtbot, owner, db_path)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    search = window.complaints_page.filters.search
    search.setFocus()
    _offer_shown(qtbot, window)
    for letter in "Make report later not":
        qtbot.keyClick(QApplication.focusWidget(), letter)
    assert search.text() == "Make report later not" and QApplication.focusWidget() is search
    qtbot.wait(100)
    assert window.report_offer.box is not None and window.report_offer.task is None
    assert not list(tmp_path.glob("*.pdf")) and automatic.get_settings().last_month == ""


def test_not_for_this_month_is_remembered_and_later_asks_again_at_the_next_start(
    qtbot: QtBot, owner: Staff, shop_with_history: None, db_path: Path, tmp_path: Path
) -> None:
    window = _window(qtbot, owner, db_path)
    _offer_shown(qtbot, window)
    assert window.report_offer is not None
    window.report_offer.button("Later").click()
    qtbot.waitUntil(lambda: window.report_offer.box is None)
    assert automatic.get_settings().last_month == ""

    # Not at the next log-in of this run (an unlock, a user switch back): a box there took
    # the letters typed next as its answer.
    window.set_staff(owner)
    qtbot.wait(MONTHLY_REPORT_DELAY_MS + 300)
    assert window.report_offer.box is None
    window.close()

    window = _window(qtbot, owner, db_path)  # SmallCS started again
    _offer_shown(qtbot, window)
    window.report_offer.button("Not for this month").click()
    qtbot.waitUntil(lambda: window.report_offer.box is None)
    assert automatic.get_settings().last_month != ""
    window.set_staff(owner)
    qtbot.wait(50)
    assert window.report_offer.box is None and not list(tmp_path.glob("*.pdf"))


def test_written_by_itself_when_the_shop_chose_so(
    qtbot: QtBot, owner: Staff, shop_with_history: None, db_path: Path, tmp_path: Path
) -> None:
    automatic.save_settings(owner, mode=AutoMode.WRITE, folder=str(tmp_path))
    window = _window(qtbot, owner, db_path)
    qtbot.waitUntil(lambda: window.report_offer is not None)
    assert window.report_offer is not None and window.report_offer.box is None
    qtbot.waitUntil(lambda: len(list(tmp_path.glob("smallcs-report-*.pdf"))) == 1, timeout=30_000)
    qtbot.waitUntil(lambda: window.report_offer.task is None, timeout=30_000)
    assert automatic.due_month(owner) is None


def test_staff_are_not_asked(qtbot: QtBot, clerk: Staff, shop_with_history: None, db_path: Path) -> None:
    window = _window(qtbot, clerk, db_path)
    qtbot.waitUntil(lambda: window.report_offer is not None)
    qtbot.wait(50)
    assert window.report_offer is not None and window.report_offer.box is None


def test_the_reports_page_keeps_the_choice(qtbot: QtBot, owner: Staff, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    page = ReportsPage()
    qtbot.add_widget(page)
    page.set_actor(owner)
    panel = page.auto_panel
    assert panel.mode.currentData() == AutoMode.OFFER

    # "By itself" needs a folder: it is asked for at once; cancelling keeps the old choice.
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *args: "")
    panel.mode.setCurrentIndex(panel.mode.findData(AutoMode.WRITE))
    panel.mode.activated.emit(panel.mode.currentIndex())
    assert panel.mode.currentData() == AutoMode.OFFER and automatic.get_settings().mode == AutoMode.OFFER

    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *args: str(tmp_path))
    panel.mode.setCurrentIndex(panel.mode.findData(AutoMode.WRITE))
    panel.mode.activated.emit(panel.mode.currentIndex())
    assert automatic.get_settings() == automatic.AutoReportSettings(mode=AutoMode.WRITE, folder=str(tmp_path))
    assert panel.folder.text() == str(tmp_path) and panel.message.text() == "Saved."


def test_staff_see_the_choice_but_cannot_change_it(qtbot: QtBot, clerk: Staff) -> None:
    page = ReportsPage()
    qtbot.add_widget(page)
    page.set_actor(clerk)
    assert not page.auto_panel.mode.isEnabled() and not page.auto_panel.choose.isEnabled()


def test_a_lock_withdraws_the_offer_unanswered_and_it_comes_back_after_unlocking(
    qtbot: QtBot, owner: Staff, shop_with_history: None, db_path: Path, tmp_path: Path
) -> None:
    automatic.save_settings(owner, mode=AutoMode.OFFER, folder=str(tmp_path))
    window = _window(qtbot, owner, db_path)
    _offer_shown(qtbot, window)
    offer = window.report_offer
    assert offer is not None
    window.lock()  # nobody at the counter: nobody may answer for the owner
    assert offer.box is None
    qtbot.waitUntil(lambda: window.findChild(QFrame, "monthlyReportOffer") is None)
    qtbot.keyClicks(window.lock_screen.form.password, OWNER_PASSWORD)
    qtbot.keyClick(window.lock_screen.form.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not window.is_locked())
    _offer_shown(qtbot, window)  # nothing was decided: asked again
    assert f"{_last_month_title()} is over" in offer.box.text()
    offer.button("Later").click()
