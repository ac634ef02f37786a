"""Quick entry with a new customer typed inline: a refused complaint saves no customer either."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from smallcs import drafts
from smallcs.models import AuditEvent, Complaint, Customer, Staff
from smallcs.ui.complaint_desk.quick_entry import QuickEntryDialog
from tests.ui.complaint_desk.conftest import choose_category, in_category


def _saved() -> tuple[int, int, list[str]]:
    return (Customer.select().count(), Complaint.select().count(),
            [e.action for e in AuditEvent.select().order_by(AuditEvent.id)])


def _new_customer(qtbot: QtBot, dialog: QuickEntryDialog) -> None:
    """Typed into the look-up, then Alt+U (New c&ustomer) takes it over, then the name; and the category."""
    dialog.lookup.setFocus()
    qtbot.keyClicks(dialog.lookup, "0612 999 888")
    qtbot.keyClick(dialog.lookup, Qt.Key.Key_U, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(dialog.new_customer.isChecked)
    assert dialog.new_phone.text() == "0612 999 888"
    qtbot.keyClicks(dialog.new_name, "Gemma Stonebridge")
    choose_category(qtbot, dialog)


@pytest.mark.parametrize(("summary", "message"), [
    ("", "Enter the summary."),
    ("x" * 10_000, "Summary is too long (10000 characters; 200 at most)."),
])
def test_a_refused_complaint_saves_no_customer_and_a_fixed_one_saves_both_once(
        qtbot: QtBot, dialog: QuickEntryDialog, summary: str, message: str) -> None:
    before = _saved()
    _new_customer(qtbot, dialog)
    dialog.summary.setText(summary)  # a 10,000-character paste
    qtbot.keyClick(dialog.summary, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)

    assert dialog.isVisible() and dialog.error.isVisible() and dialog.error.text() == message
    assert QApplication.focusWidget() is dialog.summary
    assert _saved() == before  # no customer, no complaint, no audit event
    assert dialog.new_customer.isChecked() and dialog.customer_id is None  # still to be added
    assert (dialog.new_name.text(), dialog.new_phone.text()) == ("Gemma Stonebridge", "0612 999 888")

    dialog.summary.selectAll()
    qtbot.keyClicks(dialog.summary, "Wrong size delivered")
    qtbot.keyClick(dialog.summary, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert not dialog.isVisible()
    [customer] = Customer.select()
    [complaint] = Complaint.select()
    assert (customer.name, customer.phone) == ("Gemma Stonebridge", "0612 999 888")
    assert (complaint.summary, complaint.customer_id) == ("Wrong size delivered", customer.id)
    assert _saved()[2][len(before[2]):] == ["customer.create", "complaint.create"]


def test_a_refused_new_customer_points_at_the_field_to_put_right(
        qtbot: QtBot, dialog: QuickEntryDialog) -> None:
    _new_customer(qtbot, dialog)
    dialog.new_email.setText("gemma at home")
    dialog.summary.setText("Wrong size delivered")
    dialog.save()
    assert dialog.error.text() == "The e-mail address should look like name@example.com."
    assert QApplication.focusWidget() is dialog.new_email
    assert (Customer.select().count(), Complaint.select().count()) == (0, 0)


def test_the_draft_goes_with_the_save_and_stays_with_a_refusal(
        qtbot: QtBot, dialog: QuickEntryDialog, owner: Staff) -> None:
    _new_customer(qtbot, dialog)
    dialog.save_draft_now()  # as the autosave does every few seconds
    dialog.save()  # no summary: refused
    [draft] = drafts.pending_drafts(owner)
    assert draft.data["new_name"] == "Gemma Stonebridge"  # a crash now still loses nothing
    dialog.summary.setText("Wrong size delivered")
    dialog.save()
    assert Complaint.select().count() == 1
    assert drafts.pending_drafts(owner) == []  # never offered again as unsaved


def test_a_customer_typed_but_not_picked_is_not_silently_dropped(qtbot: QtBot, owner: Staff) -> None:
    dialog = QuickEntryDialog(owner)
    qtbot.add_widget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.lookup, "0117 496 0768")
    qtbot.keyClicks(dialog.summary, "Parcel never arrived")
    in_category(dialog)
    dialog.save()
    assert dialog.isVisible() and dialog.error.text().startswith("Pick the customer from the list")
    assert Complaint.select().count() == 0 and dialog.lookup.text() == "0117 496 0768"
    dialog.lookup.clear()  # an anonymous complaint after all
    dialog.save()
    assert Complaint.select().count() == 1 and Complaint.get().customer_id is None
