"""A screen lock over the Customers dialog: no question, no personal details left on screen, and
no edits lost, whoever logs in next."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from smallcs import customers, drafts
from smallcs.models import Customer, Staff
from smallcs.ui.customer_dialog import CustomerDialog
from smallcs.ui.main_window import MainWindow
from tests.conftest import OWNER_PASSWORD, STAFF_PASSWORD
from tests.ui.complaint_desk import conftest as shared

_cheap_password_hashes = shared._cheap_password_hashes
_background_reads_finish = shared._background_reads_finish

Mod = Qt.KeyboardModifier


@pytest.fixture
def ana(owner: Staff) -> Customer:
    return customers.create_customer(owner, name="Ana Lucía Pérez", phone="612 345 678")


@pytest.fixture
def window(qtbot: QtBot, owner: Staff, clerk: Staff, db_path: Path) -> MainWindow:
    win = MainWindow(owner, str(db_path))
    qtbot.add_widget(win)
    win.show()
    qtbot.wait_exposed(win)
    return win


def _editing_ana(qtbot: QtBot, window: MainWindow, ana: Customer) -> CustomerDialog:
    """The owner opens Ana's record and types a new phone number and a note, without saving."""
    window.show_customers(ana.id)
    dialog = window.customers_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isActiveWindow)
    dialog.phone.selectAll()
    qtbot.keyClicks(dialog.phone, "699 000 111")
    qtbot.keyClicks(dialog.notes, "Calls after 5 pm")
    assert dialog.has_unsaved_changes()
    return dialog


def _on_screen() -> list[str]:
    """The titles of the windows a passer-by could see."""
    return [w.windowTitle() for w in QApplication.topLevelWidgets() if w.isVisible()]


def _log_in(qtbot: QtBot, window: MainWindow, username: str, password: str) -> None:
    """Type at the lock screen: the user name when it is empty, then the password and Enter."""
    form = window.lock_screen.form
    if not form.username.text():
        qtbot.keyClicks(form.username, username)
        qtbot.keyClick(form.username, Qt.Key.Key_Return)
    qtbot.keyClicks(form.password, password)
    qtbot.keyClick(form.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not window.is_locked())


def _stored(ana: Customer) -> tuple[str, str]:
    saved = Customer.get_by_id(ana.id)
    return saved.phone, saved.notes


def _customer_drafts(staff: Staff) -> list[dict[str, object]]:
    return [d.data for d in drafts.pending_drafts(staff) if d.form == drafts.CUSTOMER]


def test_a_lock_hides_the_edits_without_asking_and_gives_them_back(
        qtbot: QtBot, window: MainWindow, owner: Staff, ana: Customer) -> None:
    dialog = _editing_ana(qtbot, window, ana)
    qtbot.keyClick(dialog.notes, Qt.Key.Key_L, Mod.ControlModifier)  # Ctrl+L, from the dialog
    assert window.is_locked()
    assert dialog.confirm_box is None  # nobody is there to answer
    assert _on_screen() == [window.windowTitle()]  # the lock screen, and no personal details
    assert _stored(ana) == ("612 345 678", "")  # nothing saved behind anybody's back
    assert _customer_drafts(owner) == [{"customer_id": ana.id, "name": "Ana Lucía Pérez",
                                        "phone": "699 000 111", "email": "", "contact_consent": False,
                                        "notes": "Calls after 5 pm"}]  # a crash now loses nothing

    _log_in(qtbot, window, "olivia", OWNER_PASSWORD)
    assert window.customers_dialog is dialog and dialog.isVisible()
    assert (dialog.phone.text(), dialog.notes.toPlainText()) == ("699 000 111", "Calls after 5 pm")
    assert dialog.has_unsaved_changes()
    assert _customer_drafts(owner) == []  # on screen again
    qtbot.wait(50)
    assert window.findChild(QMessageBox, "customerDraftOffer") is None  # nothing to offer


def test_a_lock_over_the_unsaved_changes_question_cancels_it_and_keeps_the_edits(
        qtbot: QtBot, window: MainWindow, owner: Staff, ana: Customer) -> None:
    dialog = _editing_ana(qtbot, window, ana)
    qtbot.keyClick(dialog.notes, Qt.Key.Key_Escape)  # the question is up when the idle lock strikes
    box = dialog.confirm_box
    assert box is not None and box.isVisible()
    window.lock(idle_minutes=5)
    assert dialog.confirm_box is None and not box.isVisible()
    assert _on_screen() == [window.windowTitle()]
    assert _stored(ana) == ("612 345 678", "")
    _log_in(qtbot, window, "olivia", OWNER_PASSWORD)
    assert dialog.isVisible() and dialog.phone.text() == "699 000 111"


def test_without_edits_a_lock_just_closes_the_dialog(qtbot: QtBot, window: MainWindow, owner: Staff,
                                                    ana: Customer) -> None:
    window.show_customers(ana.id)
    window.lock()
    qtbot.waitUntil(lambda: window.customers_dialog is None)
    assert _customer_drafts(owner) == []


def test_another_person_never_sees_the_edits_and_the_typist_gets_them_back_at_log_in(
        qtbot: QtBot, window: MainWindow, owner: Staff, clerk: Staff, ana: Customer) -> None:
    _editing_ana(qtbot, window, ana)
    window.lock(switching=True)
    _log_in(qtbot, window, "sam", STAFF_PASSWORD)
    assert window.staff.username == "sam"
    assert window.customers_dialog is None  # closed without a question for Sam to answer
    assert _on_screen() == [window.windowTitle()]
    assert _stored(ana) == ("612 345 678", "")
    qtbot.wait(50)
    assert window.findChild(QMessageBox, "customerDraftOffer") is None  # not Sam's to restore
    assert len(_customer_drafts(owner)) == 1 and _customer_drafts(clerk) == []

    window.lock(switching=True)
    _log_in(qtbot, window, "olivia", OWNER_PASSWORD)
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "customerDraftOffer") is not None)
    offer = window.findChild(QMessageBox, "customerDraftOffer")
    assert offer.text().startswith("You have unsaved changes to the customer “Ana Lucía Pérez” from ")
    assert offer.defaultButton() is offer.button(QMessageBox.StandardButton.Yes)
    qtbot.keyClick(offer, Qt.Key.Key_Return)  # Yes
    dialog = window.customers_dialog
    assert dialog is not None and dialog.isVisible() and dialog.customer.id == ana.id
    assert (dialog.phone.text(), dialog.notes.toPlainText()) == ("699 000 111", "Calls after 5 pm")
    assert dialog.has_unsaved_changes() and _customer_drafts(owner) == []
    dialog.save()
    assert _stored(ana) == ("699 000 111", "Calls after 5 pm")


def test_discarding_the_offered_edits_forgets_them(qtbot: QtBot, window: MainWindow, owner: Staff,
                                                  ana: Customer) -> None:
    drafts.save_draft(owner, drafts.CUSTOMER, {"customer_id": ana.id, "name": "Ana", "phone": "699 000 111",
                                                "email": "", "contact_consent": False, "notes": ""})
    window.offer_customer_draft()
    offer = window.findChild(QMessageBox, "customerDraftOffer")
    assert offer is not None
    offer.button(QMessageBox.StandardButton.Discard).click()
    assert _customer_drafts(owner) == [] and window.customers_dialog is None
    assert _stored(ana) == ("612 345 678", "")


def test_edits_to_a_customer_anonymised_since_are_not_brought_back(
        qtbot: QtBot, window: MainWindow, owner: Staff, ana: Customer) -> None:
    drafts.save_draft(owner, drafts.CUSTOMER, {"customer_id": ana.id, "name": "Ana", "phone": "699 000 111",
                                                "email": "", "contact_consent": False, "notes": ""})
    customers.anonymise_customer(owner, ana.id)  # the person asked to be forgotten meanwhile
    window.offer_customer_draft()
    assert window.findChild(QMessageBox, "customerDraftOffer") is None
    assert _customer_drafts(owner) == []


def test_edits_kept_by_the_crash_handler_are_forgotten_once_saved(
        qtbot: QtBot, window: MainWindow, owner: Staff, ana: Customer) -> None:
    dialog = _editing_ana(qtbot, window, ana)
    dialog.save_draft_now()  # what the error dialog does for every open form
    assert len(_customer_drafts(owner)) == 1
    qtbot.keyClick(dialog.notes, Qt.Key.Key_S, Mod.AltModifier)  # &Save changes
    qtbot.waitUntil(lambda: _stored(ana) == ("699 000 111", "Calls after 5 pm"))
    assert _customer_drafts(owner) == []  # not offered again at the next log-in


def test_quitting_keeps_the_edits_for_the_next_log_in(qtbot: QtBot, window: MainWindow, owner: Staff,
                                                      ana: Customer, db_path: Path) -> None:
    dialog = _editing_ana(qtbot, window, ana)
    window.close()  # SmallCS quits: the main window closes first,
    QApplication.closeAllWindows()  # then the quit closes the windows still open: too late for a question
    assert not dialog.isVisible() and dialog.confirm_box is None
    assert _stored(ana) == ("612 345 678", "")
    assert [d["phone"] for d in _customer_drafts(owner)] == ["699 000 111"]

    tomorrow = MainWindow(owner, str(db_path))  # the next start, Olivia logged in
    qtbot.add_widget(tomorrow)
    tomorrow.show()
    qtbot.waitUntil(lambda: tomorrow.findChild(QMessageBox, "customerDraftOffer") is not None)
    tomorrow.findChild(QMessageBox, "customerDraftOffer").button(QMessageBox.StandardButton.Yes).click()
    assert tomorrow.customers_dialog is not None
    assert tomorrow.customers_dialog.notes.toPlainText() == "Calls after 5 pm"
