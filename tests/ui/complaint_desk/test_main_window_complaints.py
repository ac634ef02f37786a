"""Ctrl+N from anywhere, the saved complaint on screen, and drafts offered after a log-in."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from smallcs import drafts
from smallcs.models import Complaint, Staff
from smallcs.ui.complaint_desk.quick_entry import QuickEntryDialog
from smallcs.ui.main_window import MainWindow
from tests.conftest import OWNER_PASSWORD
from tests.ui.complaint_desk.conftest import in_category


def test_ctrl_n_from_another_page_logs_a_complaint_and_shows_it(qtbot: QtBot, window: MainWindow) -> None:
    window.show_page(4)  # Settings
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    form = window.quick_entry
    assert isinstance(form, QuickEntryDialog) and form.isVisible()
    form.summary.setText("Till receipt printed the wrong price")
    in_category(form, "Billing error")
    form.activateWindow()
    qtbot.waitUntil(form.isActiveWindow)
    qtbot.keyClick(form.summary, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    complaint = Complaint.get()
    assert window.current_page_name() == "complaints"
    assert window.complaints_page.detail.title.text() == complaint.reference
    qtbot.waitUntil(lambda: window.quick_entry is None)


def test_the_page_button_opens_the_same_single_form(qtbot: QtBot, window: MainWindow) -> None:
    window.show_page(0)
    window.complaints_page.new_button.click()
    first = window.quick_entry
    window.new_complaint()
    assert window.quick_entry is first


def test_locking_hides_the_form_and_unlocking_brings_it_back(qtbot: QtBot, window: MainWindow,
                                                            owner: Staff) -> None:
    window.new_complaint()
    form = window.quick_entry
    form.summary.setText("Customer waiting at the counter")
    window.lock()
    assert window.is_locked() and not form.isVisible()
    assert [d.data["summary"] for d in drafts.pending_drafts(owner)] == ["Customer waiting at the counter"]
    qtbot.keyClicks(window.lock_screen.form.password, OWNER_PASSWORD)
    qtbot.keyClick(window.lock_screen.form.password, Qt.Key.Key_Return)
    qtbot.waitUntil(form.isVisible)
    assert window.quick_entry is form and form.summary.text() == "Customer waiting at the counter"
    qtbot.wait(50)
    assert window.draft_box is None  # the form itself is back: nothing to restore


def test_a_discarded_draft_is_gone(qtbot: QtBot, window: MainWindow, owner: Staff) -> None:
    drafts.save_draft(owner, drafts.QUICK_ENTRY, {"summary": "Left from a power cut"})
    window.offer_drafts()
    window.draft_box.button(QMessageBox.StandardButton.Discard).click()
    qtbot.waitUntil(lambda: window.draft_box is None)
    assert drafts.pending_drafts(owner) == [] and window.quick_entry is None


def test_a_lock_withdraws_the_draft_question_unanswered(qtbot: QtBot, window: MainWindow,
                                                       owner: Staff) -> None:
    drafts.save_draft(owner, drafts.QUICK_ENTRY, {"summary": "Typed before the break"})
    window.offer_drafts()
    box = window.draft_box
    assert box is not None and box.isVisible()
    window.lock()
    assert window.draft_box is None and not box.isVisible()
    assert [d.form for d in drafts.pending_drafts(owner)] == [drafts.QUICK_ENTRY]  # nothing decided
    qtbot.keyClicks(window.lock_screen.form.password, OWNER_PASSWORD)
    qtbot.keyClick(window.lock_screen.form.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.draft_box is not None)
    window.draft_box.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: window.quick_entry is not None)
    assert window.quick_entry.summary.text() == "Typed before the break"


def test_no_draft_question_over_the_lock_screen_the_next_log_in_asks(qtbot: QtBot, owner: Staff,
                                                                    db_path: Path) -> None:
    """Locked before its first paint (the offers wait for it): nothing is asked over the lock
    screen, where only a log-in may be answered; the log-in that unlocks it asks."""
    drafts.save_draft(owner, drafts.QUICK_ENTRY, {"summary": "Typed before the crash"})
    window = MainWindow(owner, str(db_path))
    qtbot.add_widget(window)
    window.lock()
    window.show()
    qtbot.wait_exposed(window)
    qtbot.wait(50)
    assert window.is_locked() and window.draft_box is None

    qtbot.keyClicks(window.lock_screen.form.password, OWNER_PASSWORD)
    qtbot.keyClick(window.lock_screen.form.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.draft_box is not None)
    assert not window.is_locked()
