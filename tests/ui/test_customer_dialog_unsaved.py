"""The Customers dialog never drops edits silently: going to another customer asks Save, Discard or Cancel."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from smallcs import complaints, customers
from smallcs.models import AuditEvent, Category, Complaint, Customer, Staff
from smallcs.models.enums import Channel
from smallcs.ui.customer_dialog import CustomerDialog
from smallcs.ui.main_window import MainWindow
from tests.ui.complaint_desk import conftest as shared

_cheap_password_hashes = shared._cheap_password_hashes
_background_reads_finish = shared._background_reads_finish


@pytest.fixture
def people(owner: Staff) -> dict[str, Customer]:
    """Ana and Anabel (both found by "ana"), and Bruno; Ana and Bruno each with a complaint."""
    made = {
        "ana": customers.create_customer(owner, name="Ana Lucía Pérez", phone="612 345 678"),
        "anabel": customers.create_customer(owner, name="Anabel Ruiz", email="anabel@example.com"),
        "bruno": customers.create_customer(owner, name="Bruno Smith", phone="0612 999 111"),
    }
    delivery = Category.get(Category.name == "Delivery delay")
    for who, summary in (("ana", "Parcel three days late"), ("bruno", "Kettle leaks")):
        complaints.create_complaint(owner, channel=Channel.PHONE, category_id=delivery.id, summary=summary,
                                    customer_id=made[who].id)
    return made


def _dialog(qtbot: QtBot, actor: Staff) -> CustomerDialog:
    dialog = CustomerDialog(actor)
    qtbot.add_widget(dialog)
    dialog.show()
    qtbot.wait_exposed(dialog)
    dialog.activateWindow()  # its keys (mnemonics) work in the active window
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def _ana_with_a_new_phone(qtbot: QtBot, dialog: CustomerDialog) -> None:
    """Find Ana by keyboard, take the first match, and retype her phone number without saving."""
    qtbot.keyClicks(dialog.search, "ana")
    qtbot.keyClick(dialog.search, Qt.Key.Key_Return)
    assert dialog.name.text() == "Ana Lucía Pérez"
    dialog.phone.selectAll()
    qtbot.keyClicks(dialog.phone, "699 000 111")
    assert dialog.has_unsaved_changes()


def _go_to_anabel(qtbot: QtBot, dialog: CustomerDialog) -> QMessageBox:
    """Arrow down to the next match, as a user moving on would; the question that appears."""
    qtbot.keyClick(dialog.matches, Qt.Key.Key_Down)
    box = dialog.confirm_box
    assert box is not None and box.isVisible()
    return box


def _marked(dialog: CustomerDialog) -> str | None:
    item = dialog.matches.currentItem()
    return None if item is None else item.text()


def test_the_question_names_the_customer_and_waits_with_the_edits_on_screen(
        qtbot: QtBot, clerk: Staff, people: dict[str, Customer]) -> None:
    dialog = _dialog(qtbot, clerk)
    _ana_with_a_new_phone(qtbot, dialog)
    box = _go_to_anabel(qtbot, dialog)
    assert box.text() == "Save changes to “Ana Lucía Pérez”?"
    assert box.standardButtons() == (QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                                     | QMessageBox.StandardButton.Cancel)
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.Save)
    # Until it is answered, Ana and what was typed stay, and the list marks her, not Anabel.
    assert dialog.customer is not None and dialog.customer.id == people["ana"].id
    assert dialog.phone.text() == "699 000 111"
    assert _marked(dialog) == "Ana Lucía Pérez · 612 345 678"


def test_cancel_keeps_the_selection_and_the_text(qtbot: QtBot, clerk: Staff, people: dict[str, Customer]) -> None:
    dialog = _dialog(qtbot, clerk)
    _ana_with_a_new_phone(qtbot, dialog)
    box = _go_to_anabel(qtbot, dialog)
    qtbot.keyClick(box, Qt.Key.Key_Escape)  # Esc is Cancel
    assert dialog.confirm_box is None
    assert dialog.customer is not None and dialog.customer.id == people["ana"].id
    assert dialog.phone.text() == "699 000 111" and dialog.has_unsaved_changes()
    assert _marked(dialog) == "Ana Lucía Pérez · 612 345 678"
    assert Customer.get_by_id(people["ana"].id).phone == "612 345 678"  # nothing written
    # Asked again next time, and Cancel by its button does the same.
    _go_to_anabel(qtbot, dialog).button(QMessageBox.StandardButton.Cancel).click()
    assert dialog.phone.text() == "699 000 111" and dialog.customer.id == people["ana"].id


def test_save_writes_the_edits_then_goes_to_the_other_customer(
        qtbot: QtBot, clerk: Staff, people: dict[str, Customer]) -> None:
    dialog = _dialog(qtbot, clerk)
    _ana_with_a_new_phone(qtbot, dialog)
    _go_to_anabel(qtbot, dialog).button(QMessageBox.StandardButton.Save).click()
    assert Customer.get_by_id(people["ana"].id).phone == "699 000 111"
    assert AuditEvent.select().order_by(AuditEvent.id.desc()).get().action == "customer.update"
    assert dialog.customer is not None and dialog.customer.id == people["anabel"].id
    assert dialog.name.text() == "Anabel Ruiz" and not dialog.has_unsaved_changes()
    assert _marked(dialog) == "Anabel Ruiz · anabel@example.com"
    assert dialog.status.text() == "Saved."


def test_discard_drops_the_edits_and_goes_on(qtbot: QtBot, clerk: Staff, people: dict[str, Customer]) -> None:
    dialog = _dialog(qtbot, clerk)
    _ana_with_a_new_phone(qtbot, dialog)
    _go_to_anabel(qtbot, dialog).button(QMessageBox.StandardButton.Discard).click()
    assert Customer.get_by_id(people["ana"].id).phone == "612 345 678"
    assert dialog.customer is not None and dialog.customer.id == people["anabel"].id
    assert _marked(dialog) == "Anabel Ruiz · anabel@example.com"
    qtbot.keyClick(dialog.matches, Qt.Key.Key_Up)  # back to Ana: nothing to ask, her stored number
    assert dialog.confirm_box is None and dialog.phone.text() == "612 345 678"


def test_a_save_that_is_refused_stays_with_the_edits(qtbot: QtBot, clerk: Staff,
                                                     people: dict[str, Customer]) -> None:
    dialog = _dialog(qtbot, clerk)
    _ana_with_a_new_phone(qtbot, dialog)
    qtbot.keyClicks(dialog.email, "ana-at-example")
    _go_to_anabel(qtbot, dialog).button(QMessageBox.StandardButton.Save).click()
    assert dialog.error.isVisible()
    assert dialog.error.text() == "The e-mail address should look like name@example.com."
    assert dialog.focusWidget() is dialog.email  # where the keyboard goes back to
    assert dialog.customer is not None and dialog.customer.id == people["ana"].id
    assert (dialog.phone.text(), dialog.email.text()) == ("699 000 111", "ana-at-example")
    assert _marked(dialog) == "Ana Lucía Pérez · 612 345 678"
    saved = Customer.get_by_id(people["ana"].id)
    assert (saved.phone, saved.email) == ("612 345 678", "")  # nothing half-saved


def test_no_question_without_edits_or_with_only_white_space(qtbot: QtBot, clerk: Staff,
                                                            people: dict[str, Customer]) -> None:
    dialog = _dialog(qtbot, clerk)
    qtbot.keyClicks(dialog.search, "ana")
    qtbot.keyClick(dialog.search, Qt.Key.Key_Return)
    qtbot.keyClicks(dialog.notes, "  ")  # saving would trim it to what is stored
    qtbot.keyClick(dialog.matches, Qt.Key.Key_Down)
    assert dialog.confirm_box is None
    assert dialog.customer is not None and dialog.customer.id == people["anabel"].id


def test_a_search_that_leaves_the_customer_out_does_not_drop_the_edits(
        qtbot: QtBot, clerk: Staff, people: dict[str, Customer]) -> None:
    dialog = _dialog(qtbot, clerk)
    _ana_with_a_new_phone(qtbot, dialog)
    dialog.search.clear()
    qtbot.keyClicks(dialog.search, "Bruno")
    qtbot.keyClick(dialog.search, Qt.Key.Key_Return)  # takes Bruno: first, the question
    box = dialog.confirm_box
    assert box is not None and box.text() == "Save changes to “Ana Lucía Pérez”?"
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert dialog.name.text() == "Ana Lucía Pérez" and dialog.phone.text() == "699 000 111"
    assert _marked(dialog) is None  # Ana is not among Bruno's matches; Bruno is not chosen
    assert Customer.get_by_id(people["ana"].id).phone == "612 345 678"  # Enter searched; it saved nothing


def test_enter_saves_from_the_details_and_nowhere_else(qtbot: QtBot, clerk: Staff,
                                                       people: dict[str, Customer]) -> None:
    dialog = _dialog(qtbot, clerk)
    events = AuditEvent.select().count()
    qtbot.keyClicks(dialog.search, "ana")
    qtbot.keyClick(dialog.search, Qt.Key.Key_Return)  # finds Ana and takes her
    qtbot.keyClick(dialog.matches, Qt.Key.Key_Return)
    assert AuditEvent.select().count() == events and dialog.status.text() == ""  # nothing saved
    qtbot.keyClick(dialog.matches, Qt.Key.Key_P, Qt.KeyboardModifier.AltModifier)  # &Phone
    assert dialog.focusWidget() is dialog.phone
    qtbot.keyClick(dialog.phone, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(dialog.phone, "699 000 111")
    qtbot.keyClick(dialog.phone, Qt.Key.Key_Return)
    assert Customer.get_by_id(people["ana"].id).phone == "699 000 111"
    assert dialog.status.text() == "Saved."


# --- opened from a complaint while the dialog holds edits ---------------------------------------


def test_another_complaints_customer_asks_before_replacing_the_edits(
        qtbot: QtBot, window: MainWindow, people: dict[str, Customer]) -> None:
    window.show_customers(people["ana"].id)
    dialog = window.customers_dialog
    assert dialog is not None
    dialog.notes.setPlainText("Calls after 5 pm")
    window.open_complaint(Complaint.get(Complaint.summary == "Kettle leaks").id)
    qtbot.mouseClick(window.complaints_page.detail.customer_button, Qt.MouseButton.LeftButton)
    box = dialog.confirm_box
    assert box is not None and box.text() == "Save changes to “Ana Lucía Pérez”?"
    assert dialog.notes.toPlainText() == "Calls after 5 pm"
    box.button(QMessageBox.StandardButton.Save).click()
    assert Customer.get_by_id(people["ana"].id).notes == "Calls after 5 pm"
    assert dialog.customer is not None and dialog.customer.id == people["bruno"].id


# --- closing: Close, Esc and the window's close button ask the same question ----------------


def _ana_with_new_notes(qtbot: QtBot, dialog: CustomerDialog) -> None:
    qtbot.keyClicks(dialog.search, "ana")
    qtbot.keyClick(dialog.search, Qt.Key.Key_Return)
    qtbot.keyClicks(dialog.notes, "Calls after 5 pm")
    assert dialog.has_unsaved_changes()


def _closing_question(qtbot: QtBot, dialog: CustomerDialog) -> QMessageBox:
    qtbot.waitUntil(lambda: dialog.confirm_box is not None)  # a mnemonic clicks a moment later
    box = dialog.confirm_box
    assert box is not None and box.isVisible()
    assert box.text() == "Save changes to “Ana Lucía Pérez”?"
    assert box.informativeText() == ("You changed this customer's details. Save them before closing, or"
                                     " discard the changes; Cancel keeps them on screen.")
    return box


def test_closing_with_the_close_button_asks_and_cancel_keeps_the_dialog(
        qtbot: QtBot, clerk: Staff, people: dict[str, Customer]) -> None:
    dialog = _dialog(qtbot, clerk)
    _ana_with_new_notes(qtbot, dialog)
    qtbot.keyClick(dialog.notes, Qt.Key.Key_L, Qt.KeyboardModifier.AltModifier)  # C&lose
    box = _closing_question(qtbot, dialog)
    qtbot.keyClick(box, Qt.Key.Key_Escape)  # Esc on the question is Cancel
    assert dialog.isVisible() and dialog.confirm_box is None
    assert dialog.notes.toPlainText() == "Calls after 5 pm" and dialog.has_unsaved_changes()
    assert Customer.get_by_id(people["ana"].id).notes == ""


def test_esc_asks_and_discard_closes_without_writing(qtbot: QtBot, clerk: Staff,
                                                      people: dict[str, Customer]) -> None:
    dialog = _dialog(qtbot, clerk)
    events = AuditEvent.select().count()
    _ana_with_new_notes(qtbot, dialog)
    qtbot.keyClick(dialog.notes, Qt.Key.Key_Escape)
    assert dialog.isVisible()  # not before the answer
    _closing_question(qtbot, dialog).button(QMessageBox.StandardButton.Discard).click()
    assert not dialog.isVisible()
    assert Customer.get_by_id(people["ana"].id).notes == ""
    assert AuditEvent.select().count() == events  # nothing written


def test_the_windows_close_button_asks_and_save_writes_then_closes(
        qtbot: QtBot, clerk: Staff, people: dict[str, Customer]) -> None:
    dialog = _dialog(qtbot, clerk)
    _ana_with_new_notes(qtbot, dialog)
    assert not dialog.close()  # what the window's close button does: refused until answered
    qtbot.keyClick(_closing_question(qtbot, dialog), Qt.Key.Key_Return)  # Enter is Save
    assert not dialog.isVisible()
    assert Customer.get_by_id(people["ana"].id).notes == "Calls after 5 pm"


def test_a_refused_save_on_closing_keeps_the_dialog_open(qtbot: QtBot, clerk: Staff,
                                                         people: dict[str, Customer]) -> None:
    dialog = _dialog(qtbot, clerk)
    _ana_with_new_notes(qtbot, dialog)
    dialog.email.setText("not-an-address")
    dialog.close()
    _closing_question(qtbot, dialog).button(QMessageBox.StandardButton.Save).click()
    assert dialog.isVisible() and dialog.error.isVisible()
    assert (dialog.email.text(), dialog.notes.toPlainText()) == ("not-an-address", "Calls after 5 pm")
    assert Customer.get_by_id(people["ana"].id).notes == ""


def test_without_edits_the_dialog_closes_at_once(qtbot: QtBot, clerk: Staff,
                                                 people: dict[str, Customer]) -> None:
    dialog = _dialog(qtbot, clerk)
    qtbot.keyClicks(dialog.search, "ana")
    qtbot.keyClick(dialog.search, Qt.Key.Key_Return)
    qtbot.keyClick(dialog.matches, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and dialog.confirm_box is None


# --- merging: the merge rewrites the record on screen, so the edits are settled first --------


def _merge_question(qtbot: QtBot, dialog: CustomerDialog) -> QMessageBox:
    qtbot.keyClick(dialog.notes, Qt.Key.Key_M, Qt.KeyboardModifier.AltModifier)  # &Merge a duplicate…
    qtbot.waitUntil(lambda: dialog.confirm_box is not None)
    box = dialog.confirm_box
    assert box is not None and box.isVisible() and dialog.picker is None  # the question comes first
    assert box.informativeText() == ("You changed this customer's details. Save them before merging, or"
                                     " discard the changes; Cancel keeps them on screen.")
    return box


def _merge_in_anabel(qtbot: QtBot, dialog: CustomerDialog) -> None:
    picker = dialog.picker
    assert picker is not None and picker.isVisible()
    qtbot.keyClicks(picker.search, "Anabel")
    qtbot.keyClick(picker.matches, Qt.Key.Key_Return)
    box = dialog.confirm_box
    assert box is not None and box.text().startswith("Merge “Anabel Ruiz")
    next(b for b in box.buttons() if b.text() == "&Merge").click()


def test_merging_with_edits_saves_them_first_and_keeps_them(qtbot: QtBot, manager: Staff,
                                                            people: dict[str, Customer]) -> None:
    dialog = _dialog(qtbot, manager)
    _ana_with_a_new_phone(qtbot, dialog)
    _merge_question(qtbot, dialog).button(QMessageBox.StandardButton.Save).click()
    assert Customer.get_by_id(people["ana"].id).phone == "699 000 111"
    _merge_in_anabel(qtbot, dialog)
    kept = Customer.get_by_id(people["ana"].id)
    assert (kept.phone, kept.email) == ("699 000 111", "anabel@example.com")
    assert (dialog.phone.text(), dialog.email.text()) == ("699 000 111", "anabel@example.com")
    assert Customer.get_by_id(people["anabel"].id).merged_into_id == kept.id


def test_cancel_before_a_merge_keeps_the_edits_and_merges_nothing(qtbot: QtBot, manager: Staff,
                                                                  people: dict[str, Customer]) -> None:
    dialog = _dialog(qtbot, manager)
    _ana_with_a_new_phone(qtbot, dialog)
    _merge_question(qtbot, dialog).button(QMessageBox.StandardButton.Cancel).click()
    assert dialog.picker is None and dialog.phone.text() == "699 000 111"
    assert Customer.get_by_id(people["anabel"].id).merged_into_id is None


def test_discard_before_a_merge_shows_the_stored_details_then_merges(qtbot: QtBot, manager: Staff,
                                                                     people: dict[str, Customer]) -> None:
    dialog = _dialog(qtbot, manager)
    _ana_with_a_new_phone(qtbot, dialog)
    _merge_question(qtbot, dialog).button(QMessageBox.StandardButton.Discard).click()
    assert dialog.phone.text() == "612 345 678" and not dialog.has_unsaved_changes()
    _merge_in_anabel(qtbot, dialog)
    assert Customer.get_by_id(people["ana"].id).phone == "612 345 678"
    assert Customer.get_by_id(people["anabel"].id).merged_into_id == people["ana"].id
