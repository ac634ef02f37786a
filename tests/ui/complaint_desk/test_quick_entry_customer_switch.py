"""Quick entry's customer panel: switching from a chosen customer to a new one leaves no stale history."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from smallcs import complaints, customers
from smallcs.models import Category, Complaint, Customer, Staff
from smallcs.models.enums import Channel
from smallcs.ui.complaint_desk.quick_entry import QuickEntryDialog
from tests.ui.complaint_desk.conftest import in_category


def test_ticking_new_customer_drops_the_previous_customers_history(
        qtbot: QtBot, dialog: QuickEntryDialog, owner: Staff) -> None:
    ana = customers.create_customer(owner, name="Ana Perez", phone="612 345 678")
    complaints.create_complaint(owner, channel=Channel.PHONE, summary="Kettle arrived dented", customer_id=ana.id,
                                category_id=Category.get(Category.name == "Product defect").id)
    qtbot.keyClicks(dialog.lookup, "612 345")
    qtbot.waitUntil(lambda: dialog.matches.count() == 1)
    qtbot.keyClick(dialog.lookup, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.matches, Qt.Key.Key_Return)
    assert dialog.customer_id == ana.id and "Kettle arrived dented" in dialog.history.text()

    dialog.new_customer.setChecked(True)  # a different person after all
    assert dialog.customer_id is None and dialog.chosen.text() == ""
    assert "Kettle arrived dented" not in dialog.history.text()
    assert dialog.history.text() == "Pick a customer to see their past complaints and answers here."
    qtbot.keyClicks(dialog.new_name, "Bea Ortiz")
    qtbot.keyClicks(dialog.summary, "Wrong size delivered")
    in_category(dialog)
    dialog.save()
    made = Complaint.get(Complaint.summary == "Wrong size delivered")
    assert Customer.get_by_id(made.customer_id).name == "Bea Ortiz"
