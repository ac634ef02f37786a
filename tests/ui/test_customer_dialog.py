"""The Customers dialog: look-up, edit, history, merge, export, anonymise; opened from the
menu, its shortcut and a complaint's detail."""

from __future__ import annotations

import json
import os
import re
import stat
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QFileDialog,
    QGroupBox,
    QLabel,
    QMessageBox,
    QWidget,
)
from pytestqt.qtbot import QtBot

from smallcs import complaints, customers
from smallcs.models import AuditEvent, Category, Complaint, Customer, Staff
from smallcs.models.enums import Channel
from smallcs.ui.customer_dialog import CustomerDialog
from smallcs.ui.main_window import MainWindow
from tests.ui.complaint_desk import conftest as shared

# Cheap password hashes and no list read outliving its test, as on the Complaints page.
_cheap_password_hashes = shared._cheap_password_hashes
_background_reads_finish = shared._background_reads_finish


@pytest.fixture
def people(owner: Staff) -> dict[str, Customer]:
    """Ana (one complaint), her duplicate "Ana Perez" (two complaints) and Bruno."""
    delivery = Category.get(Category.name == "Delivery delay")
    made = {
        "ana": customers.create_customer(owner, name="Ana Lucía Pérez", phone="612 345 678"),
        "dupe": customers.create_customer(owner, name="Ana Perez", email="ana@example.com",
                                          notes="Prefers mornings"),
        "bruno": customers.create_customer(owner, name="Bruno Smith", phone="0612 999 111"),
    }
    for who, summary in (("ana", "Parcel three days late"), ("dupe", "Kettle leaks"),
                         ("dupe", "Charged twice")):
        complaints.create_complaint(owner, channel=Channel.PHONE, category_id=delivery.id,
                                    summary=summary, customer_id=made[who].id)
    return made


def _dialog(qtbot: QtBot, actor: Staff, customer_id: int | None = None) -> CustomerDialog:
    dialog = CustomerDialog(actor, customer_id)
    qtbot.add_widget(dialog)
    dialog.show()
    qtbot.wait_exposed(dialog)
    return dialog


def _summaries(dialog: CustomerDialog) -> list[str]:
    items = [dialog.history.topLevelItem(n) for n in range(dialog.history.topLevelItemCount())]
    return [item.text(4) for item in items if item.data(0, Qt.ItemDataRole.UserRole) is not None]


def _button(box: QMessageBox, text: str) -> QAbstractButton:
    return next(b for b in box.buttons() if b.text() == text)


def _matches(dialog: CustomerDialog) -> list[str]:
    return [dialog.matches.item(n).text() for n in range(dialog.matches.count())]


def test_typing_finds_customers_and_shows_the_chosen_one(qtbot: QtBot, owner: Staff,
                                                         people: dict[str, Customer]) -> None:
    dialog = _dialog(qtbot, owner)
    assert not dialog.save_button.isEnabled()  # nobody chosen yet
    qtbot.keyClicks(dialog.search, "ana")
    qtbot.waitUntil(lambda: not dialog.list_caption.isVisible())  # matches, not the latest customers
    assert _matches(dialog) == ["Ana Lucía Pérez · 612 345 678", "Ana Perez · ana@example.com"]
    qtbot.keyClick(dialog.search, Qt.Key.Key_Return)  # takes the first match
    assert dialog.customer is not None and dialog.customer.id == people["ana"].id
    assert dialog.name.text() == "Ana Lucía Pérez" and dialog.phone.text() == "612 345 678"
    assert _summaries(dialog) == ["Parcel three days late"]
    dialog.search.setText("0612 999")
    qtbot.waitUntil(lambda: _matches(dialog) == ["Bruno Smith · 0612 999 111"])
    dialog.search.setText("zzz")
    qtbot.waitUntil(lambda: dialog.matches.count() == 0)
    assert dialog.no_matches.text() == "No customer matches “zzz”." and dialog.no_matches.isVisible()


def test_before_anything_is_typed_the_latest_complaints_customers_are_listed(
        qtbot: QtBot, owner: Staff, people: dict[str, Customer]) -> None:
    """The person at the counter often complained lately: one click, no typing."""
    dialog = _dialog(qtbot, owner, people["ana"].id)
    assert dialog.list_caption.isVisible() and not dialog.no_matches.isVisible()
    assert sorted(_matches(dialog)) == ["Ana Lucía Pérez · 612 345 678", "Ana Perez · ana@example.com"]  # not Bruno
    assert dialog.matches.currentItem().text() == "Ana Lucía Pérez · 612 345 678"  # the one shown
    dialog.search.setText("bru")
    qtbot.waitUntil(lambda: _matches(dialog) == ["Bruno Smith · 0612 999 111"])
    dialog.search.clear()
    qtbot.waitUntil(lambda: len(_matches(dialog)) == 2 and dialog.list_caption.isVisible())


def test_edit_and_save_with_the_refusal_shown_beside_the_form(qtbot: QtBot, clerk: Staff,
                                                              people: dict[str, Customer]) -> None:
    ana = people["ana"]
    dialog = _dialog(qtbot, clerk, ana.id)
    dialog.email.setText("ana-at-example")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.error.isVisible()
    assert dialog.error.text() == "The e-mail address should look like name@example.com."
    assert Customer.get_by_id(ana.id).email == ""  # nothing saved
    dialog.email.setText("ana.l@example.com")
    dialog.name.setText("Ana Lucía Pérez Gómez")
    dialog.consent.setChecked(True)
    dialog.notes.setPlainText("Calls after 5 pm")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    saved = Customer.get_by_id(ana.id)
    assert (saved.name, saved.email, saved.contact_consent, saved.notes) == (
        "Ana Lucía Pérez Gómez", "ana.l@example.com", True, "Calls after 5 pm")
    assert not dialog.error.isVisible() and dialog.status.text() == "Saved."


def test_staff_are_not_offered_merge_export_or_anonymise(qtbot: QtBot, clerk: Staff,
                                                         people: dict[str, Customer]) -> None:
    dialog = _dialog(qtbot, clerk, people["ana"].id)
    for button in (dialog.merge_button, dialog.export_button, dialog.anonymise_button):
        assert not button.isVisibleTo(dialog)
    assert dialog.save_button.isEnabled()


def test_merge_moves_the_duplicates_complaints(qtbot: QtBot, manager: Staff,
                                               people: dict[str, Customer]) -> None:
    ana, dupe = people["ana"], people["dupe"]
    moving = [c.reference for c in customers.customer_history(dupe.id).complaints]
    dialog = _dialog(qtbot, manager, ana.id)
    assert dialog.merge_button.isVisible() and dialog.merge_button.isEnabled()
    qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)
    picker = dialog.picker
    assert picker is not None and picker.isVisible()
    qtbot.keyClicks(picker.search, "ana")
    assert [picker.matches.item(n).text() for n in range(picker.matches.count())] == [
        "Ana Perez · ana@example.com"]  # the record being looked at is not offered
    qtbot.keyClick(picker.matches, Qt.Key.Key_Return)
    box = dialog.confirm_box
    assert box is not None and box.isVisible()
    assert box.text() == "Merge “Ana Perez · ana@example.com” into “Ana Lucía Pérez”?"
    assert f"Its 2 complaints ({', '.join(moving)}) move to “Ana Lucía Pérez”." in box.informativeText()
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel)
    _button(box, "&Merge").click()
    assert {c.customer_id for c in Complaint.select()} == {ana.id}
    assert Customer.get_by_id(dupe.id).merged_into_id == ana.id
    assert sorted(_summaries(dialog)) == ["Charged twice", "Kettle leaks", "Parcel three days late"]
    assert dialog.email.text() == "ana@example.com"  # the gap filled from the duplicate
    assert AuditEvent.select().order_by(AuditEvent.id.desc()).get().action == "customer.merge"
    dialog.search.setText("ana")
    qtbot.waitUntil(lambda: _matches(dialog) == ["Ana Lucía Pérez · 612 345 678 · ana@example.com"])


def test_cancelling_the_merge_changes_nothing(qtbot: QtBot, manager: Staff,
                                              people: dict[str, Customer]) -> None:
    dialog = _dialog(qtbot, manager, people["ana"].id)
    dialog.merge_button.click()
    assert dialog.picker is not None
    dialog.picker.search.setText("Perez")
    dialog.picker.accept()
    assert dialog.confirm_box is not None
    dialog.confirm_box.button(QMessageBox.StandardButton.Cancel).click()
    assert Customer.get_by_id(people["dupe"].id).merged_into_id is None
    assert _summaries(dialog) == ["Parcel three days late"]


def test_export_writes_the_file_chosen(qtbot: QtBot, manager: Staff, people: dict[str, Customer],
                                       tmp_path: Path) -> None:
    target = tmp_path / "exports" / "ana.json"
    target.parent.mkdir()
    dialog = _dialog(qtbot, manager, people["dupe"].id)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    chooser = dialog.file_dialog
    assert isinstance(chooser, QFileDialog) and chooser.isVisible() and chooser.isModal()
    assert chooser.acceptMode() == QFileDialog.AcceptMode.AcceptSave
    chooser.selectFile(str(target))
    chooser.accept()
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["customer"]["name"] == "Ana Perez"
    assert sorted(c["summary"] for c in data["complaints"]) == ["Charged twice", "Kettle leaks"]
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
    assert str(target) in dialog.status.text()


def test_an_export_that_cannot_be_written_says_why(qtbot: QtBot, manager: Staff,
                                                   people: dict[str, Customer], tmp_path: Path) -> None:
    dialog = _dialog(qtbot, manager, people["ana"].id)
    dialog.export_to(str(tmp_path / "missing" / "ana.json"))
    box = dialog.findChild(QMessageBox, "refusal")
    assert box is not None and box.isVisible() and box.text().startswith("Cannot write to")
    box.close()
    assert not (tmp_path / "missing").exists()


def test_a_manager_anonymises_after_a_clear_warning(qtbot: QtBot, manager: Staff,
                                                    people: dict[str, Customer]) -> None:
    ana = people["ana"]
    dialog = _dialog(qtbot, manager, ana.id)
    qtbot.mouseClick(dialog.anonymise_button, Qt.MouseButton.LeftButton)
    box = dialog.confirm_box
    assert box is not None and box.isVisible()
    assert box.text() == "Anonymise “Ana Lucía Pérez”? This cannot be undone."
    assert "The 1 complaint stays, without the person" in box.informativeText()
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel)
    _button(box, "&Anonymise").click()
    gone = Customer.get_by_id(ana.id)
    assert (gone.name, gone.phone) == ("Anonymised customer", "")
    assert Complaint.get(Complaint.summary == "Parcel three days late").customer_id == ana.id
    assert dialog.name.text() == "Anonymised customer" and dialog.name.isReadOnly()
    assert not dialog.save_button.isEnabled() and not dialog.anonymise_button.isEnabled()
    assert dialog.state.text().startswith("Anonymised on ")
    assert _summaries(dialog) == ["Parcel three days late"]  # the figures keep it


def test_every_control_has_a_key_and_a_name(qtbot: QtBot, owner: Staff,
                                            people: dict[str, Customer]) -> None:
    dialog = _dialog(qtbot, owner, people["ana"].id)
    keys = []
    for widget in dialog.findChildren(QWidget):
        if isinstance(widget, QLabel | QAbstractButton | QGroupBox):
            text = widget.title() if isinstance(widget, QGroupBox) else widget.text()
            found = re.search(r"(?<!&)&([^&])", text)
            if found:
                keys.append(found.group(1).lower())
    assert sorted(keys) == sorted(set(keys)), keys
    assert set("fnpectshmxal") <= set(keys)
    for control in (dialog.search, dialog.matches, dialog.name, dialog.phone, dialog.email,
                    dialog.notes, dialog.history):
        assert control.accessibleName()


# --- from the main window ----------------------------------------------------------------------


def test_file_menu_and_shortcut_open_one_dialog(qtbot: QtBot, window: MainWindow,
                                                people: dict[str, Customer]) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_C,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    dialog = window.customers_dialog
    assert isinstance(dialog, CustomerDialog) and dialog.isVisible() and dialog.customer is None
    file_menu = window.menuBar().actions()[0].menu()
    action = next(a for a in file_menu.actions() if a.objectName() == "customers")
    assert action.text() == "&Customers…" and action.shortcut().toString() == "Ctrl+Shift+C"
    action.trigger()
    assert window.customers_dialog is dialog  # one at a time
    dialog.close()
    qtbot.waitUntil(lambda: window.customers_dialog is None)


def test_a_complaints_customer_opens_and_its_history_leads_back(
        qtbot: QtBot, window: MainWindow, people: dict[str, Customer]) -> None:
    ana = people["ana"]
    parcel = Complaint.get(Complaint.summary == "Parcel three days late")
    window.open_complaint(parcel.id)
    detail = window.complaints_page.detail
    assert detail.customer_button.isVisible()
    qtbot.mouseClick(detail.customer_button, Qt.MouseButton.LeftButton)
    dialog = window.customers_dialog
    assert isinstance(dialog, CustomerDialog) and dialog.customer is not None
    assert dialog.customer.id == ana.id and dialog.name.text() == "Ana Lucía Pérez"
    other = Complaint.get(Complaint.summary == "Kettle leaks")
    window.open_complaint(other.id)
    qtbot.mouseClick(detail.customer_button, Qt.MouseButton.LeftButton)
    assert window.customers_dialog is dialog and dialog.customer.id == people["dupe"].id
    item = next(dialog.history.topLevelItem(n) for n in range(dialog.history.topLevelItemCount())
                if dialog.history.topLevelItem(n).text(4) == "Charged twice")
    dialog.history.itemActivated.emit(item, 0)
    assert window.complaints_page.detail.summary.text() == "Charged twice"


def test_locking_closes_the_dialog(qtbot: QtBot, window: MainWindow,
                                   people: dict[str, Customer]) -> None:
    window.show_customers(people["ana"].id)
    assert window.customers_dialog is not None
    window.lock()
    qtbot.waitUntil(lambda: window.customers_dialog is None)
