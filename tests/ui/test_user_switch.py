"""The shared counter PC after a lock: the next person finds every page fresh (no search, no
filters, no complaint open, no unsaved settings, no report month or file of someone else),
while the person who locked finds everything as they left it, and gets their unsaved
settings back after someone else's session.

Everything is real: the main window, the lock screen typed into, the complaint list read
from a SQLite file on the thread pool.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from smallcs import accounts, backup, clock, complaints, metrics, settings
from smallcs.models import Category, Complaint, Staff
from smallcs.models.enums import Channel, Status
from smallcs.ui.complaint_desk.page import ComplaintsPage
from smallcs.ui.dashboard import DashboardPage
from smallcs.ui.main_window import PAGE_NAMES, MainWindow
from smallcs.ui.reports_page import ReportsPage
from smallcs.ui.save_folder import documents_folder
from smallcs.ui.settings_page import SettingsPage
from tests.conftest import OWNER_PASSWORD, STAFF_PASSWORD
from tests.ui.complaint_desk import conftest as shared

_cheap_password_hashes = shared._cheap_password_hashes


@pytest.fixture(autouse=True)
def _background_reads_finish() -> Iterator[None]:
    """The list reads on the thread pool: none may outlive its test's database."""
    yield
    QThreadPool.globalInstance().waitForDone(10_000)


@pytest.fixture
def window(qtbot: QtBot, owner: Staff, manager: Staff, clerk: Staff, db_path: Path) -> MainWindow:
    """Olivia (owner) logged in; Mario (manager) and Sam (staff) may log in at the lock screen."""
    win = MainWindow(owner, str(db_path))
    qtbot.add_widget(win)
    win.show()
    qtbot.wait_exposed(win)
    return win


@pytest.fixture
def kettle(owner: Staff) -> Complaint:
    """Two complaints: the kettle (older) and the parcel (newest, at the top of the list)."""
    defect = Category.get(Category.name == "Product defect")
    delivery = Category.get(Category.name == "Delivery delay")
    made = complaints.create_complaint(owner, channel=Channel.IN_PERSON, category_id=defect.id,
                                       summary="Kettle leaks from the lid")
    complaints.create_complaint(owner, channel=Channel.PHONE, category_id=delivery.id,
                                summary="Parcel three days late")
    return made


def _log_in(qtbot: QtBot, window: MainWindow, username: str, password: str) -> None:
    """Type at the lock screen: the user name when another one is shown, the password, Enter."""
    form = window.lock_screen.form
    if form.username.text() != username:
        form.username.clear()
        qtbot.keyClicks(form.username, username)
    qtbot.keyClicks(form.password, password)
    qtbot.keyClick(form.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not window.is_locked())


def _lock(qtbot: QtBot, window: MainWindow) -> None:
    """Ctrl+L, with the window active as on the counter (offscreen, a worker's window can take it)."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.is_locked()


def _summaries(page: ComplaintsPage) -> list[str]:
    """The list's complaints, by summary."""
    ids = [page.model.row_at(row).id for row in range(page.model.rowCount())]
    return [Complaint.get_by_id(complaint_id).summary for complaint_id in ids]


def _search_kettle_among_open(qtbot: QtBot, window: MainWindow) -> ComplaintsPage:
    """Olivia looks for the kettle: typed search, a status filter, the complaint open."""
    window.show_page(PAGE_NAMES.index("complaints"))
    page = window.complaints_page
    qtbot.waitUntil(lambda: len(_summaries(page)) == 2)
    page.filters.status.setCurrentIndex(page.filters.status.findData(Status.OPEN.value))
    qtbot.keyClicks(page.filters.search, "kettle")
    qtbot.waitUntil(lambda: _summaries(page) == ["Kettle leaks from the lid"], timeout=5000)
    qtbot.waitUntil(lambda: page.detail.complaint is not None
                    and page.detail.complaint.summary == "Kettle leaks from the lid")
    return page


@pytest.mark.usefixtures("kettle")
def test_the_next_person_finds_the_complaint_list_unfiltered(qtbot: QtBot, window: MainWindow) -> None:
    page = _search_kettle_among_open(qtbot, window)
    _lock(qtbot, window)
    _log_in(qtbot, window, "sam", STAFF_PASSWORD)
    assert page.filters.search.text() == ""
    assert page.filters.status.currentIndex() == 0 and page.filters.view.currentIndex() == 0
    qtbot.waitUntil(lambda: _summaries(page) == ["Parcel three days late", "Kettle leaks from the lid"])
    qtbot.waitUntil(lambda: page.detail.complaint is not None
                    and page.detail.complaint.summary == "Parcel three days late")  # the top row, as fresh
    assert page.count.text() == "2 complaints"
    qtbot.wait(400)  # longer than the pause after typing a search: nothing typed comes back
    assert _summaries(page) == ["Parcel three days late", "Kettle leaks from the lid"]


@pytest.mark.usefixtures("kettle")
def test_the_same_person_unlocking_finds_the_list_as_they_left_it(qtbot: QtBot, window: MainWindow) -> None:
    page = _search_kettle_among_open(qtbot, window)
    _lock(qtbot, window)
    _log_in(qtbot, window, "olivia", OWNER_PASSWORD)
    assert page.filters.search.text() == "kettle"
    assert page.filters.status.currentData() == Status.OPEN.value
    qtbot.waitUntil(lambda: not page.model.is_loading())
    assert _summaries(page) == ["Kettle leaks from the lid"]
    assert page.detail.complaint is not None and page.detail.complaint.summary == "Kettle leaks from the lid"


@pytest.mark.usefixtures("kettle")
def test_the_next_person_starts_in_the_complaint_list(qtbot: QtBot, window: MainWindow) -> None:
    """(Not in the navigation, where the arrow keys would switch pages.)"""
    page = _search_kettle_among_open(qtbot, window)
    page.detail.step_entry.text.setFocus()
    _lock(qtbot, window)
    _log_in(qtbot, window, "sam", STAFF_PASSWORD)
    assert window.focusWidget() is page.table
    qtbot.waitUntil(lambda: page.detail.complaint is not None)
    qtbot.keyClick(page.table, Qt.Key.Key_Down)
    assert page.detail.complaint.summary == "Kettle leaks from the lid"


@pytest.mark.usefixtures("kettle")
def test_the_same_person_finds_the_keyboard_where_they_left_it(qtbot: QtBot, window: MainWindow) -> None:
    page = _search_kettle_among_open(qtbot, window)
    page.detail.step_entry.text.setFocus()
    _lock(qtbot, window)
    _log_in(qtbot, window, "olivia", OWNER_PASSWORD)
    assert window.focusWidget() is page.detail.step_entry.text


def _edit_settings(window: MainWindow) -> SettingsPage:
    """Olivia starts renaming the shop and typing a backup folder, and saves neither."""
    window.show_page(PAGE_NAMES.index("settings"))
    page = window.settings_page
    page.name.setText("Corner Shop & Café")
    page.backup_panel.folder.setText("/media/usb-stick")
    return page


def test_the_next_person_sees_the_stored_settings_not_the_unsaved_edits(
        qtbot: QtBot, window: MainWindow) -> None:
    page = _edit_settings(window)
    _lock(qtbot, window)
    _log_in(qtbot, window, "mario", STAFF_PASSWORD)
    assert window.current_page_name() == "settings"
    assert page.name.text() == "Corner Shop"  # as stored
    assert page.backup_panel.folder.text() == ""
    assert page.message.text() == ""
    assert settings.get_profile().name == "Corner Shop" and backup.get_settings().folder == ""


def test_counter_staff_see_the_stored_settings_too(qtbot: QtBot, window: MainWindow) -> None:
    page = _edit_settings(window)
    _lock(qtbot, window)
    _log_in(qtbot, window, "sam", STAFF_PASSWORD)
    assert page.name.text() == "Corner Shop" and not page.name.isEnabled()


def test_the_same_person_unlocking_finds_the_unsaved_settings(qtbot: QtBot, window: MainWindow) -> None:
    page = _edit_settings(window)
    _lock(qtbot, window)
    _log_in(qtbot, window, "olivia", OWNER_PASSWORD)
    assert page.name.text() == "Corner Shop & Café"
    assert page.backup_panel.folder.text() == "/media/usb-stick"
    assert settings.get_profile().name == "Corner Shop"  # still not saved


def test_unsaved_settings_come_back_to_their_typist_after_someone_elses_session(
        qtbot: QtBot, window: MainWindow, manager: Staff) -> None:
    page = _edit_settings(window)
    _lock(qtbot, window)
    _log_in(qtbot, window, "mario", STAFF_PASSWORD)
    assert page.name.text() == "Corner Shop"
    page.currency.setText("GBP")  # Mario changes and saves another box meanwhile
    page.save_button.click()
    assert settings.get_profile().currency == "GBP"
    _lock(qtbot, window)
    _log_in(qtbot, window, "olivia", OWNER_PASSWORD)
    assert page.name.text() == "Corner Shop & Café"  # hers, still to be saved
    assert page.backup_panel.folder.text() == "/media/usb-stick"
    assert page.currency.text() == "GBP"  # Mario's saved change is not undone by her old screen
    assert page.message.text() == "The changes you left unsaved are back; they are not saved yet."
    page.revert_button.click()
    assert page.name.text() == "Corner Shop"


def test_saved_settings_are_not_offered_back_as_unsaved(qtbot: QtBot, window: MainWindow) -> None:
    page = _edit_settings(window)
    page.save_button.click()
    page.texts_panel.texts.setPlainText("Apologised in person")
    page.texts_panel.save_texts.click()
    _lock(qtbot, window)
    _log_in(qtbot, window, "mario", STAFF_PASSWORD)
    _lock(qtbot, window)
    _log_in(qtbot, window, "olivia", OWNER_PASSWORD)
    assert page.name.text() == "Corner Shop & Café"  # saved: shown as stored
    assert page.backup_panel.folder.text() == "/media/usb-stick"  # typed, never saved: back
    assert page.message.text() == "The changes you left unsaved are back; they are not saved yet."
    assert page.texts_panel.texts.toPlainText() == "Apologised in person"


def test_unsaved_settings_stay_when_coming_back_to_the_page(qtbot: QtBot, window: MainWindow) -> None:
    page = _edit_settings(window)
    window.show_page(PAGE_NAMES.index("surveys"))
    window.show_page(PAGE_NAMES.index("settings"))
    assert page.name.text() == "Corner Shop & Café"
    page.revert_button.click()
    assert page.name.text() == "Corner Shop"


def test_a_settings_change_from_another_counter_shows_where_nothing_was_typed(
        qtbot: QtBot, window: MainWindow, owner: Staff) -> None:
    window.show_page(PAGE_NAMES.index("settings"))
    page = window.settings_page
    settings.save_profile(owner, dataclasses.replace(settings.get_profile(), address="1 High Street"))
    window.show_page(PAGE_NAMES.index("surveys"))
    window.show_page(PAGE_NAMES.index("settings"))
    assert page.address.toPlainText() == "1 High Street"


def test_the_dashboard_filters_go_back_to_the_whole_shop_this_month(
        qtbot: QtBot, window: MainWindow, clerk: Staff) -> None:
    window.show_page(PAGE_NAMES.index("dashboard"))
    page = window.page("dashboard")
    assert isinstance(page, DashboardPage)
    qtbot.waitUntil(lambda: not page.busy, timeout=10_000)
    page.filters.period.setCurrentIndex(1)
    page.filters.channel.setCurrentIndex(1)
    _lock(qtbot, window)
    _log_in(qtbot, window, "sam", STAFF_PASSWORD)
    assert page.filters.period.currentIndex() == 0 and page.filters.channel.currentIndex() == 0
    assert not page.filters.is_filtered()
    qtbot.waitUntil(lambda: not page.busy, timeout=10_000)


def test_a_user_switch_without_a_lock_also_starts_fresh(qtbot: QtBot, window: MainWindow,
                                                        clerk: Staff) -> None:
    """(The window is handed another person, as after a restore's new log-in.)"""
    window.show_page(PAGE_NAMES.index("complaints"))
    page = window.complaints_page
    qtbot.keyClicks(page.filters.search, "parcel")
    window.set_staff(accounts.authenticate("sam", STAFF_PASSWORD))
    assert page.filters.search.text() == ""


def _write_a_report(qtbot: QtBot, window: MainWindow, folder: Path) -> ReportsPage:
    """Olivia writes an older month's report, without the customers' comments, into her own folder."""
    category = Category.get(Category.name == "Delivery delay")
    first = complaints.create_complaint(window.staff, channel=Channel.PHONE, category_id=category.id,
                                        summary="The shop's first complaint, half a year ago")
    Complaint.update(received_at=clock.utcnow() - dt.timedelta(days=183)).where(Complaint.id == first.id).execute()
    window.show_page(PAGE_NAMES.index("reports"))
    page = window.page("reports")
    assert isinstance(page, ReportsPage)
    page.month.setCurrentIndex(3)
    page.comments.setChecked(False)
    page.path.setText(str(folder / "for-the-accountant.pdf"))
    page.generate_button.click()
    qtbot.waitUntil(lambda: page.last_report is not None, timeout=20_000)
    return page


def test_the_next_person_finds_the_reports_page_as_it_first_opens(
        qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    page = _write_a_report(qtbot, window, tmp_path)
    _lock(qtbot, window)
    _log_in(qtbot, window, "mario", STAFF_PASSWORD)
    assert window.current_page_name() == "reports"
    newest = page.month.itemData(0)
    assert page.month.currentIndex() == 0 and page.month.count() == len(metrics.reportable_months())
    assert page.path.text() == str(documents_folder() / f"smallcs-report-{newest:%Y-%m}.pdf")
    assert page.comments.isChecked()
    assert page.message.text() == "" and page.last_report is None
    assert not page.open_button.isVisibleTo(page) and not page.folder_button.isVisibleTo(page)
    assert page.generate_button.isEnabled()  # a manager makes reports too
    assert (tmp_path / "for-the-accountant.pdf").is_file()  # hers is written all the same


def test_the_same_person_unlocking_finds_their_report_where_they_left_it(
        qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    page = _write_a_report(qtbot, window, tmp_path)
    month = page.month.currentText()
    _lock(qtbot, window)
    _log_in(qtbot, window, "olivia", OWNER_PASSWORD)
    assert page.month.currentIndex() == 3 and page.month.currentText() == month
    assert page.path.text() == str(tmp_path / "for-the-accountant.pdf")
    assert not page.comments.isChecked()
    assert page.message.text() == f"The report is ready: {tmp_path / 'for-the-accountant.pdf'}"
    assert page.open_button.isVisibleTo(page) and page.folder_button.isVisibleTo(page)


def test_a_report_finishing_after_a_switch_is_not_offered_to_the_next_person(
        qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    """Olivia locks while her report is still being written; Sam (counter staff) logs in."""
    window.show_page(PAGE_NAMES.index("reports"))
    page = window.page("reports")
    assert isinstance(page, ReportsPage)
    page.path.setText(str(tmp_path / "olivias.pdf"))
    page.generate_button.click()
    _lock(qtbot, window)
    _log_in(qtbot, window, "sam", STAFF_PASSWORD)
    QThreadPool.globalInstance().waitForDone(20_000)
    qtbot.waitUntil(lambda: not page.progress.isVisibleTo(page))
    assert (tmp_path / "olivias.pdf").is_file()
    assert page.message.text() == "" and page.last_report is None
    assert not page.open_button.isVisibleTo(page)
    assert not page.generate_button.isEnabled()  # reports are made by a manager or the owner


def test_saving_with_unsaved_edits_keeps_what_another_counter_stored_meanwhile(
        qtbot: QtBot, window: MainWindow, manager: Staff) -> None:
    page = _edit_settings(window)
    window.show_page(PAGE_NAMES.index("surveys"))
    # Meanwhile another counter stores a new address and a backup schedule.
    settings.save_profile(manager, dataclasses.replace(settings.get_profile(), address="1 High Street"))
    backup.save_settings(manager, folder="", keep=9, daily=False)
    window.show_page(PAGE_NAMES.index("settings"))
    assert page.name.text() == "Corner Shop & Café"  # hers, still unsaved
    assert page.address.toPlainText() == "1 High Street"  # theirs, no longer shown stale
    assert page.backup_panel.keep.value() == 9
    page.save_button.click()
    assert settings.get_profile().name == "Corner Shop & Café"
    assert settings.get_profile().address == "1 High Street"  # not put back by her Save


def test_saving_the_shop_details_keeps_canned_texts_typed_but_not_saved(
        qtbot: QtBot, window: MainWindow) -> None:
    page = _edit_settings(window)
    page.texts_panel.texts.setPlainText("Apologised in person")
    page.save_button.click()
    assert settings.get_profile().name == "Corner Shop & Café"
    assert page.texts_panel.texts.toPlainText() == "Apologised in person"  # waiting for Save texts
