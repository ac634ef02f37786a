"""A screen lock (idle or Ctrl+L) puts every other window away: nothing shows over or under the
lock screen, nothing is decided by the lock, and what was typed comes back to the person who
typed it, never to someone else.

The lock is the real idle timer with a minute lasting a few milliseconds (or Ctrl+L); the windows
are the app's own, opened the way a person opens them (never exec'd by the test).
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import Qt, QTimer
from PySide6.QtPrintSupport import QPrintDialog
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from smallcs import complaints, drafts, settings
from smallcs.models import Category, Complaint, Staff, SurveyCard
from smallcs.models.enums import Channel, Outcome, Status
from smallcs.reports.receipt import STRIP
from smallcs.ui import form_state
from smallcs.ui.complaint_desk.action_dialogs import EscalateDialog, ResolveDialog
from smallcs.ui.complaint_desk.receipt_dialog import ReceiptDialog
from smallcs.ui.complaint_desk.workflow_bar import WorkflowBar
from smallcs.ui.main_window import PAGE_NAMES, MainWindow
from smallcs.ui.staff_panel import AccountDialog
from smallcs.ui.surveys.page import SurveysPage
from smallcs.ui.surveys.print_dialog import PrintCardsDialog
from tests.conftest import OWNER_PASSWORD, STAFF_PASSWORD
from tests.reports.readback import BASE_URL
from tests.ui.complaint_desk import conftest as shared

_cheap_password_hashes = shared._cheap_password_hashes
_background_reads_finish = shared._background_reads_finish

MINUTE_MS = 20


@pytest.fixture
def window(qtbot: QtBot, owner: Staff, clerk: Staff, db_path: Path) -> Iterator[MainWindow]:
    """The main window, Olivia (owner) logged in; Sam (staff) may log in at the lock screen."""
    win = MainWindow(owner, str(db_path))
    qtbot.add_widget(win)
    win.show()
    qtbot.wait_exposed(win)
    yield win
    for widget in QApplication.topLevelWidgets():  # nothing left over for the next test
        if widget is not win and isinstance(widget, QDialog) and widget.isVisible():
            widget.done(QDialog.DialogCode.Rejected)


@pytest.fixture
def parcel(owner: Staff) -> Complaint:
    delivery = Category.get(Category.name == "Delivery delay")
    return complaints.create_complaint(owner, channel=Channel.PHONE, category_id=delivery.id,
                                       summary="Parcel three days late")


def _idle_lock(qtbot: QtBot, window: MainWindow) -> None:
    """Walk away from the counter: the real idle timer, a minute lasting MINUTE_MS."""
    window.idle_lock.ms_per_minute = MINUTE_MS
    window.idle_lock.set_minutes(1)
    try:
        qtbot.waitUntil(window.is_locked, timeout=5000)
    finally:
        window.idle_lock.ms_per_minute = 60_000  # after the unlock a minute is a minute again


def _log_in(qtbot: QtBot, window: MainWindow, username: str, password: str) -> None:
    """Type at the lock screen: the user name when another one is shown, the password, Enter."""
    form = window.lock_screen.form
    if form.username.text() != username:
        form.username.clear()
        qtbot.keyClicks(form.username, username)
    qtbot.keyClicks(form.password, password)
    qtbot.keyClick(form.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not window.is_locked())


def _on_screen() -> list[str]:
    """The titles of the windows a passer-by could see or use."""
    return [w.windowTitle() for w in QApplication.topLevelWidgets()
            if w.isVisible() and w.windowType() in (Qt.WindowType.Window, Qt.WindowType.Dialog)]


@contextlib.contextmanager
def _rescued_after(ms: int, kind: type[QDialog]) -> Iterator[list[str]]:
    """Should the lock leave a blocking dialog of ``kind`` open, cancel it after ``ms``, so the test
    fails instead of hanging; the list names what had to be cancelled."""
    rescued: list[str] = []

    def rescue() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, kind) and widget.isVisible():
                rescued.append(widget.windowTitle())
                widget.reject()
    timer = QTimer(singleShot=True, interval=ms)
    timer.timeout.connect(rescue)
    timer.start()
    try:
        yield rescued
    finally:
        timer.stop()


def _gone(window: QWidget) -> bool:
    """Closed for good, or at least off the screen."""
    return not shiboken6.isValid(window) or not window.isVisible()


def _workflow_bar(window: MainWindow, complaint: Complaint) -> WorkflowBar:
    window.open_complaint(complaint.id)
    return window.complaints_page.detail.workflow


def _workflow_drafts(staff: Staff) -> list[dict[str, object]]:
    return [d.data for d in drafts.pending_drafts(staff) if d.form == drafts.WORKFLOW]


def _status(complaint: Complaint) -> str:
    return Complaint.get_by_id(complaint.id).status


# --- workflow dialogs ------------------------------------------------------------------------------

def test_a_workflow_dialog_goes_away_with_the_idle_lock_and_comes_back_with_the_typed_reason(
        qtbot: QtBot, window: MainWindow, owner: Staff, parcel: Complaint) -> None:
    bar = _workflow_bar(window, parcel)
    bar.buttons["escalate"].click()
    dialog = bar.open_dialog
    assert isinstance(dialog, EscalateDialog) and dialog.isVisible()
    qtbot.keyClicks(dialog.reason, "Customer wants a refund above my limit")

    _idle_lock(qtbot, window)  # the dialog did not hold the lock back
    assert not dialog.isVisible() and _on_screen() == [window.windowTitle()]
    assert _status(parcel) == Status.OPEN  # the lock escalated nothing
    assert [d["fields"] for d in _workflow_drafts(owner)] != []  # a crash now loses nothing

    _log_in(qtbot, window, "olivia", OWNER_PASSWORD)
    assert bar.open_dialog is dialog and dialog.isVisible()
    assert dialog.reason.toPlainText() == "Customer wants a refund above my limit"
    assert _workflow_drafts(owner) == []  # on screen again
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # OK
    assert _status(parcel) == Status.ESCALATED


def test_ctrl_l_in_a_workflow_dialog_locks_the_screen(qtbot: QtBot, window: MainWindow,
                                                      parcel: Complaint) -> None:
    bar = _workflow_bar(window, parcel)
    bar.buttons["resolve"].click()
    dialog = bar.open_dialog
    assert isinstance(dialog, ResolveDialog)
    qtbot.keyClicks(dialog.note, "Refunded the delivery fee")
    qtbot.keyClick(dialog.note, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.is_locked()
    assert not dialog.isVisible() and _on_screen() == [window.windowTitle()]
    assert _status(parcel) == Status.OPEN
    _log_in(qtbot, window, "olivia", OWNER_PASSWORD)
    assert dialog.isVisible() and dialog.note.toPlainText() == "Refunded the delivery fee"


def test_another_person_never_sees_the_dialog_and_the_typist_gets_it_back_at_log_in(
        qtbot: QtBot, window: MainWindow, owner: Staff, clerk: Staff, parcel: Complaint) -> None:
    bar = _workflow_bar(window, parcel)
    bar.buttons["resolve"].click()
    dialog = bar.open_dialog
    assert isinstance(dialog, ResolveDialog)
    dialog.resolution.choose_outcome(Outcome.DISCOUNT.value)
    qtbot.keyClicks(dialog.note, "Refunded the delivery fee")
    _idle_lock(qtbot, window)

    _log_in(qtbot, window, "sam", STAFF_PASSWORD)
    assert window.staff.username == "sam"
    qtbot.waitUntil(lambda: bar.open_dialog is None)  # closed, nothing done
    assert _on_screen() == [window.windowTitle()]
    assert _status(parcel) == Status.OPEN
    qtbot.wait(50)
    assert window.findChild(QMessageBox, "workflowDraftOffer") is None  # not Sam's to restore
    assert _workflow_drafts(clerk) == [] and len(_workflow_drafts(owner)) == 1

    window.lock(switching=True)
    _log_in(qtbot, window, "olivia", OWNER_PASSWORD)
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "workflowDraftOffer") is not None)
    offer = window.findChild(QMessageBox, "workflowDraftOffer")
    assert offer.text().startswith(f"You have an unfinished “Resolve complaint” on {parcel.reference} from ")
    assert offer.defaultButton() is offer.button(QMessageBox.StandardButton.Yes)
    qtbot.keyClick(offer, Qt.Key.Key_Return)  # Yes
    qtbot.waitUntil(lambda: isinstance(bar.open_dialog, ResolveDialog))
    again = bar.open_dialog
    assert isinstance(again, ResolveDialog) and again.isVisible()
    assert window.complaints_page.detail.complaint.id == parcel.id
    assert again.note.toPlainText() == "Refunded the delivery fee"
    assert again.resolution.chosen_outcome() == Outcome.DISCOUNT
    assert _workflow_drafts(owner) == []
    again.accept()
    assert _status(parcel) == Status.RESOLVED


def test_discarding_the_offered_workflow_text_forgets_it(qtbot: QtBot, window: MainWindow, owner: Staff,
                                                        parcel: Complaint) -> None:
    bar = _workflow_bar(window, parcel)
    bar.buttons["escalate"].click()
    assert isinstance(bar.open_dialog, EscalateDialog)
    qtbot.keyClicks(bar.open_dialog.reason, "Needs the manager")
    window.lock(switching=True)
    _log_in(qtbot, window, "sam", STAFF_PASSWORD)
    window.lock(switching=True)
    _log_in(qtbot, window, "olivia", OWNER_PASSWORD)
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "workflowDraftOffer") is not None)
    window.findChild(QMessageBox, "workflowDraftOffer").button(QMessageBox.StandardButton.Discard).click()
    assert _workflow_drafts(owner) == [] and bar.open_dialog is None
    assert _status(parcel) == Status.OPEN


# --- Print cards, the receipt, and their file and print choosers -----------------------------------

@pytest.fixture
def survey_address(owner: Staff) -> None:
    settings.save_profile(owner, dataclasses.replace(settings.get_profile(), survey_base_url=BASE_URL))


def _open_print_cards(window: MainWindow) -> tuple[SurveysPage, PrintCardsDialog]:
    """Surveys → Print cards…, as the owner opens it."""
    window.show_page(PAGE_NAMES.index("surveys"))
    page = window.page("surveys")
    assert isinstance(page, SurveysPage)
    page.print_button.click()
    assert isinstance(page.print_dialog, PrintCardsDialog)
    return page, page.print_dialog


@pytest.mark.usefixtures("survey_address")
def test_print_cards_goes_away_with_its_file_chooser_cancelled_and_comes_back(
        qtbot: QtBot, window: MainWindow) -> None:
    _page, dialog = _open_print_cards(window)
    dialog.count.setValue(3)
    dialog.layout_choice.setCurrentIndex(dialog.layout_choice.findData("receipt-80mm"))
    dialog.save_button.click()  # "Save as PDF…": where to?
    chooser = dialog.file_chooser
    assert isinstance(chooser, QFileDialog) and chooser.isVisible()

    _idle_lock(qtbot, window)
    assert _gone(chooser) and dialog.file_chooser is None  # cancelled: no file chosen
    assert not dialog.isVisible() and _on_screen() == [window.windowTitle()]
    assert SurveyCard.select().count() == 0 and not dialog.busy  # the lock printed nothing

    _log_in(qtbot, window, "olivia", OWNER_PASSWORD)
    assert dialog.isVisible() and (dialog.count.value(), dialog.layout_key) == (3, "receipt-80mm")
    assert sorted(_on_screen()) == sorted([window.windowTitle(), dialog.windowTitle()])  # no chooser: asked again on Save
    dialog.close()


@pytest.mark.usefixtures("survey_address")
def test_print_cards_closes_for_the_next_person(qtbot: QtBot, window: MainWindow) -> None:
    page, dialog = _open_print_cards(window)
    window.lock(switching=True)
    _log_in(qtbot, window, "sam", STAFF_PASSWORD)
    qtbot.waitUntil(lambda: page.print_dialog is None)
    assert _gone(dialog) and _on_screen() == [window.windowTitle()]


@pytest.mark.usefixtures("survey_address")
def test_print_cards_still_writing_finishes_unseen_and_closes_for_the_next_person(
        qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    page, dialog = _open_print_cards(window)
    dialog.count.setValue(500)
    dialog.save_pdf(tmp_path / "cards.pdf")  # as after choosing the file
    assert dialog.busy
    window.lock(switching=True)
    assert not dialog.isVisible()
    _log_in(qtbot, window, "sam", STAFF_PASSWORD)
    assert dialog.busy and not dialog.isVisible()  # still writing: it cannot close yet, and stays hidden
    qtbot.waitUntil(lambda: page.print_dialog is None, timeout=30_000)  # once written, never shown to Sam
    assert _on_screen() == [window.windowTitle()]
    assert SurveyCard.select().count() == 500 and (tmp_path / "cards.pdf").is_file()


def test_a_draft_never_holds_a_password(qtbot: QtBot, owner: Staff) -> None:
    account = AccountDialog(owner)
    qtbot.add_widget(account)
    account.display_name.setText("Pat Part-time")
    account.password.setText("pat-secret-99")
    account.confirm.setText("pat-secret-99")
    kept = form_state.capture(account)
    assert "Pat Part-time" in kept.values()
    assert "pat-secret-99" not in kept.values()


def test_the_receipt_goes_away_with_its_print_dialog_cancelled_and_comes_back(
        qtbot: QtBot, window: MainWindow, parcel: Complaint) -> None:
    bar = _workflow_bar(window, parcel)
    bar.buttons["receipt"].click()
    dialog = bar.receipt_dialog
    assert isinstance(dialog, ReceiptDialog)
    qtbot.waitUntil(dialog.isVisible)
    dialog.layout_choice.setCurrentIndex(dialog.layout_choice.findData(STRIP))
    dialog.print_button.click()  # the system's print dialog
    printing = dialog.print_chooser
    assert isinstance(printing, QPrintDialog) and printing.isVisible()

    qtbot.keyClick(printing, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)  # Ctrl+L, from the print dialog
    assert window.is_locked()
    assert _gone(printing) and dialog.print_chooser is None  # cancelled: no printer chosen
    assert not dialog.isVisible()
    assert _on_screen() == [window.windowTitle()]
    assert dialog.message.text() == ""  # nothing sent to a printer

    _log_in(qtbot, window, "olivia", OWNER_PASSWORD)
    assert dialog.isVisible() and dialog.layout_key == STRIP
    dialog.close()


@pytest.mark.usefixtures("parcel")
def test_a_file_chooser_asked_by_a_page_is_cancelled(qtbot: QtBot, window: MainWindow) -> None:
    """Export CSV asks with the blocking static chooser: the lock cancels it, nothing is exported."""
    page = window.complaints_page
    qtbot.waitUntil(lambda: not page.model.is_loading(), timeout=5000)
    window.idle_lock.ms_per_minute = MINUTE_MS
    window.idle_lock.set_minutes(5)
    with _rescued_after(5000, QFileDialog) as rescued:
        page.export_button.click()  # returns once the chooser is gone
    window.idle_lock.ms_per_minute = 60_000
    assert rescued == [] and window.is_locked()
    assert page.export_button.isEnabled() and page.count.text() != "Exporting…"
    assert _on_screen() == [window.windowTitle()]


# --- other dialogs, questions and menus ------------------------------------------------------------

def test_another_dialog_comes_back_to_the_same_person_only(qtbot: QtBot, window: MainWindow) -> None:
    window.show_page(PAGE_NAMES.index("surveys"))
    page = window.page("surveys")
    page.paper_button.click()
    paper = page.paper_dialog
    assert paper is not None and paper.isVisible()
    qtbot.keyClicks(paper.code, "ABCD-2345")
    _idle_lock(qtbot, window)
    assert not paper.isVisible() and _on_screen() == [window.windowTitle()]
    _log_in(qtbot, window, "olivia", OWNER_PASSWORD)
    assert paper.isVisible() and paper.code.text() == "ABCD-2345"

    window.lock(switching=True)
    _log_in(qtbot, window, "sam", STAFF_PASSWORD)
    qtbot.waitUntil(lambda: _gone(paper))  # closed as Esc closes it: nothing recorded
    assert _on_screen() == [window.windowTitle()]


def test_a_question_left_open_is_withdrawn_unanswered(qtbot: QtBot, window: MainWindow, clerk: Staff) -> None:
    """Disable Sam? (the system's blocking question) left open: the lock answers nothing."""
    window.show_page(PAGE_NAMES.index("settings"))
    panel = window.settings_page.staff_panel
    row = next(r for r in range(panel.table.rowCount()) if panel.table.item(r, 1).text() == "sam")
    panel.table.selectRow(row)
    window.idle_lock.ms_per_minute = MINUTE_MS
    window.idle_lock.set_minutes(5)
    with _rescued_after(5000, QMessageBox) as rescued:
        panel.disable_button.click()  # returns once the question is gone
    window.idle_lock.ms_per_minute = 60_000
    assert rescued == [] and window.is_locked() and _on_screen() == [window.windowTitle()]
    assert Staff.get_by_id(clerk.id).active


def test_an_open_menu_closes(qtbot: QtBot, window: MainWindow, parcel: Complaint) -> None:
    bar = _workflow_bar(window, parcel)
    bar.status_menu.popup(bar.buttons["status"].mapToGlobal(bar.buttons["status"].rect().bottomLeft()))
    qtbot.waitUntil(bar.status_menu.isVisible)
    _idle_lock(qtbot, window)
    assert not bar.status_menu.isVisible() and QApplication.activePopupWidget() is None
    assert _status(parcel) == Status.OPEN



def test_an_account_being_added_waits_for_the_owner_and_is_never_shown_to_staff(
        qtbot: QtBot, window: MainWindow) -> None:
    window.show_page(PAGE_NAMES.index("settings"))
    panel = window.page("settings").staff_panel
    panel.add_button.click()
    account = panel.account_dialog
    assert isinstance(account, AccountDialog)
    qtbot.waitUntil(account.isVisible)
    qtbot.keyClicks(account.display_name, "Pat Part-time")
    window.lock()
    assert _on_screen() == [window.windowTitle()]
    _log_in(qtbot, window, "olivia", OWNER_PASSWORD)
    assert account.isVisible() and account.display_name.text() == "Pat Part-time"  # back as it was
    window.lock(switching=True)
    _log_in(qtbot, window, "sam", STAFF_PASSWORD)
    assert _on_screen() == [window.windowTitle()]
    qtbot.waitUntil(lambda: panel.account_dialog is None)  # closed for Sam, nothing created
    assert not Staff.select().where(Staff.display_name == "Pat Part-time").exists()
