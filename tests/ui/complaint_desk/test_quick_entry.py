"""Quick entry, driven from the keyboard as at a busy counter."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from smallcs import customers, drafts
from smallcs.models import Category, Complaint, Customer, Staff
from smallcs.models.enums import Channel, Priority
from smallcs.ui.complaint_desk.quick_entry import QuickEntryDialog
from tests.ui.complaint_desk.conftest import in_category


def _type(qtbot: QtBot, text: str) -> None:
    qtbot.keyClicks(QApplication.focusWidget(), text)


def _tab(qtbot: QtBot, times: int = 1) -> None:
    for _n in range(times):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)


def test_a_whole_complaint_without_the_mouse(qtbot: QtBot, dialog: QuickEntryDialog, owner: Staff) -> None:
    ana = customers.create_customer(owner, name="Ana Perez", phone="612 345 678")
    created: list[int] = []
    dialog.complaint_created.connect(created.append)
    assert QApplication.focusWidget() is dialog.channel
    _tab(qtbot)                                   # channel -> customer look-up
    assert QApplication.focusWidget() is dialog.lookup
    _type(qtbot, "612 345")
    qtbot.waitUntil(lambda: dialog.matches.count() == 1)
    qtbot.keyClick(dialog.lookup, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.matches, Qt.Key.Key_Return)
    assert dialog.customer_id == ana.id
    assert QApplication.focusWidget() is dialog.category
    qtbot.keyClick(dialog.category, Qt.Key.Key_Down)   # the next category
    _tab(qtbot, 2)                                     # priority -> summary
    assert QApplication.focusWidget() is dialog.summary
    _type(qtbot, "Tap leaks after one week")
    _tab(qtbot)
    _type(qtbot, "Bought on Monday, dripping since Friday.")
    _tab(qtbot)
    _type(qtbot, "A new tap")
    _tab(qtbot)
    _type(qtbot, "ORD-1234")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    complaint = Complaint.get_by_id(created[0])
    assert (complaint.summary, complaint.customer_id, complaint.order_reference) == \
        ("Tap leaks after one week", ana.id, "ORD-1234")
    assert complaint.description == "Bought on Monday, dripping since Friday."
    assert complaint.desired_outcome == "A new tap"
    assert complaint.channel == Channel.IN_PERSON
    assert complaint.category_id == dialog.category.currentData()[0]
    assert not dialog.isVisible()


def test_the_phone_starts_a_call_timer_kept_with_the_complaint(qtbot: QtBot, dialog: QuickEntryDialog) -> None:
    dialog.channel.setCurrentIndex(dialog.channel.findData(Channel.PHONE.value))
    assert dialog.call_time.isVisibleTo(dialog) and dialog.call_time.text().startswith("On the call 00:0")
    dialog.summary.setText("Rang about a refund")
    in_category(dialog)
    qtbot.wait(1100)
    dialog.save()
    complaint = Complaint.select().order_by(Complaint.id.desc()).get()
    assert complaint.channel == Channel.PHONE and complaint.call_duration_seconds >= 1


def test_picking_a_category_sets_its_priority(dialog: QuickEntryDialog) -> None:
    for index in range(dialog.category.count()):
        dialog.category.setCurrentIndex(index)
        category = Category.get_by_id(dialog.category.currentData()[0])
        assert dialog.priority.currentData() == category.default_priority
    dialog.priority.setCurrentIndex(dialog.priority.findData(Priority.URGENT.value))
    dialog.summary.setText("Shouting at the till")
    dialog.save()
    assert Complaint.select().order_by(Complaint.id.desc()).get().priority == Priority.URGENT


def test_look_up_by_name_or_email_shows_the_history(qtbot: QtBot, dialog: QuickEntryDialog, owner: Staff) -> None:
    zoe = customers.create_customer(owner, name="Zoë Brandt", email="zoe@example.org")
    earlier = QuickEntryDialog(owner)
    earlier._set_customer(zoe.id, zoe.name)
    earlier.summary.setText("Kettle arrived dented")
    in_category(earlier)
    earlier.save()
    for typed in ("zoe@ex", "brandt"):
        dialog.lookup.clear()
        dialog.lookup.insert(typed)
        qtbot.waitUntil(lambda: dialog.matches.count() == 1)
        dialog.matches.itemActivated.emit(dialog.matches.item(0))
        assert dialog.customer_id == zoe.id
        assert "Kettle arrived dented" in dialog.history.text()


def test_a_new_customer_is_created_with_the_complaint(dialog: QuickEntryDialog) -> None:
    dialog.lookup.insert("0612 999 888")
    dialog.new_customer.setChecked(True)
    assert dialog.new_phone.text() == "0612 999 888"
    dialog.new_name.insert("Łucja Żak")
    dialog.summary.setText("Wrong size delivered")
    in_category(dialog)
    dialog.save()
    complaint = Complaint.select().order_by(Complaint.id.desc()).get()
    customer = Customer.get_by_id(complaint.customer_id)
    assert (customer.name, customer.phone) == ("Łucja Żak", "0612 999 888")


def test_the_form_starts_with_no_category_and_will_not_save_without_one(dialog: QuickEntryDialog) -> None:
    """The first category in the list, saved in haste, would count in the report for the wrong reason."""
    assert dialog.category.currentIndex() == -1 and dialog.category.placeholderText() == "Choose a category…"
    assert dialog.priority.currentData() == Priority.NORMAL
    dialog.summary.setText("Parcel left in the rain")
    dialog.save()
    assert dialog.error.text() == "Choose a category." and QApplication.focusWidget() is dialog.category
    assert Complaint.select().count() == 0 and dialog.isVisible()


def test_a_missing_summary_is_said_next_to_the_form_and_saves_nothing(dialog: QuickEntryDialog) -> None:
    dialog.description.setPlainText("Something happened")
    in_category(dialog)
    dialog.save()
    assert dialog.error.isVisibleTo(dialog) and "summary" in dialog.error.text().lower()
    assert QApplication.focusWidget() is dialog.summary
    assert Complaint.select().count() == 0
    assert dialog.description.toPlainText() == "Something happened"


def test_typed_text_survives_a_crash(qtbot: QtBot, owner: Staff) -> None:
    form = QuickEntryDialog(owner)
    form.channel.setCurrentIndex(form.channel.findData(Channel.EMAIL.value))
    form.summary.insert("Le colis est arrivé ouvert")
    form.description.setPlainText("Photos sent by e-mail")
    in_category(form, "Delivery delay")
    qtbot.waitUntil(lambda: drafts.pending_drafts(owner) != [], timeout=5000)  # the autosave fired
    form.deleteLater()  # the app died: no close handling ran
    qtbot.wait(10)
    [draft] = drafts.pending_drafts(owner)
    again = QuickEntryDialog.from_draft(owner, draft.data)
    qtbot.add_widget(again)
    assert again.summary.text() == "Le colis est arrivé ouvert"
    assert again.description.toPlainText() == "Photos sent by e-mail"
    assert again.channel.currentData() == Channel.EMAIL.value
    assert again.category.currentText() == "Delivery delay"
    again.save()
    assert drafts.pending_drafts(owner) == []
    assert Complaint.get().summary == "Le colis est arrivé ouvert"


def test_an_unexpected_error_keeps_the_open_form_as_a_draft(dialog: QuickEntryDialog, owner: Staff) -> None:
    from smallcs.ui.error_dialog import _keep_open_forms

    dialog.summary.setText("Typed just before something broke")
    _keep_open_forms()  # what the error hook does before it shows the error
    [draft] = drafts.pending_drafts(owner)
    assert draft.data["summary"] == "Typed just before something broke"
