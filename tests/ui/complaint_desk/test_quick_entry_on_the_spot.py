"""Resolved on the spot in quick entry: what was settled (outcome, compensation) goes with the complaint."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from smallcs import complaints, drafts, settings
from smallcs.models import Complaint, Customer, ResolutionStep, Staff
from smallcs.models.enums import Outcome, Status, StepKind
from smallcs.ui.complaint_desk.quick_entry import QuickEntryDialog
from tests.ui.complaint_desk.conftest import choose_category

Mod = Qt.KeyboardModifier


@pytest.fixture
def dialog(qtbot: QtBot, owner: Staff) -> QuickEntryDialog:
    form = _on_screen(qtbot, owner)
    qtbot.add_widget(form)
    return form


def _on_screen(qtbot: QtBot, owner: Staff) -> QuickEntryDialog:
    settings.save_profile(owner, dataclasses.replace(settings.get_profile(), currency="GBP"))
    form = QuickEntryDialog(owner)
    form.show()
    qtbot.waitUntil(form.isActiveWindow)
    return form


def _press(qtbot: QtBot, key: Qt.Key, modifier: Qt.KeyboardModifier = Mod.NoModifier) -> None:
    qtbot.keyClick(QApplication.focusWidget(), key, modifier)


def _type(qtbot: QtBot, text: str) -> None:
    qtbot.keyClicks(QApplication.focusWidget(), text)


def _tick(qtbot: QtBot, dialog: QuickEntryDialog, on: bool) -> None:
    """Alt+S, Resolved on the &spot: a mnemonic clicks the box a moment later, as it shows the press."""
    _press(qtbot, Qt.Key.Key_S, Mod.AltModifier)
    qtbot.waitUntil(lambda: dialog.on_the_spot.isChecked() is on)


def _settled_there_and_then(qtbot: QtBot, dialog: QuickEntryDialog, outcome: str, amount: str) -> None:
    """Keyboard only: the category, the summary, the box, then Tab into what was settled."""
    choose_category(qtbot, dialog)
    _press(qtbot, Qt.Key.Key_M, Mod.AltModifier)  # Su&mmary
    _type(qtbot, "Scratched frame on a new bike")
    _tick(qtbot, dialog, True)
    assert dialog.settled.isVisible()
    _press(qtbot, Qt.Key.Key_Tab)                 # right after the box: the outcome
    assert QApplication.focusWidget() is dialog.resolution.outcome
    _type(qtbot, outcome)                         # picked by its first letters
    _press(qtbot, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.resolution.amount
    _type(qtbot, amount)


def test_resolved_on_the_spot_with_outcome_and_compensation_by_keyboard_alone(
        qtbot: QtBot, dialog: QuickEntryDialog) -> None:
    assert not dialog.settled.isVisible()  # asked only when it was settled
    _settled_there_and_then(qtbot, dialog, "Disc", "7,50")
    assert dialog.resolution.outcome.currentData() == Outcome.DISCOUNT.value
    _press(qtbot, Qt.Key.Key_S, Mod.ControlModifier)
    assert not dialog.isVisible()
    complaint = Complaint.get()
    assert (complaint.summary, complaint.status, complaint.resolved_at_first_contact) == \
        ("Scratched frame on a new bike", Status.RESOLVED, True)
    assert complaint.outcome == Outcome.DISCOUNT
    assert complaints.compensation(complaint) == Decimal("7.50")
    assert [s.kind for s in ResolutionStep.select().where(ResolutionStep.complaint == complaint.id)] == \
        [StepKind.RESOLVED]


def test_the_fields_come_and_go_with_the_box_and_are_labelled_in_the_shops_currency(
        qtbot: QtBot, dialog: QuickEntryDialog) -> None:
    labels = {label.buddy(): label.text() for label in dialog.settled.findChildren(QLabel)}
    assert labels[dialog.resolution.amount] == "Compe&nsation (GBP):"
    assert labels[dialog.resolution.outcome] == "Ou&tcome:"
    dialog.summary.setFocus()
    _tick(qtbot, dialog, True)
    _press(qtbot, Qt.Key.Key_N, Mod.AltModifier)  # Compe&nsation
    assert QApplication.focusWidget() is dialog.resolution.amount
    _press(qtbot, Qt.Key.Key_T, Mod.AltModifier)  # Ou&tcome
    assert QApplication.focusWidget() is dialog.resolution.outcome
    dialog.on_the_spot.setFocus()
    _press(qtbot, Qt.Key.Key_Space)               # unticked again: nothing to reach by Tab
    assert not dialog.settled.isVisible()
    _press(qtbot, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.print_receipt


def test_without_a_chosen_outcome_only_the_first_contact_resolution_is_recorded(
        qtbot: QtBot, dialog: QuickEntryDialog) -> None:
    _settled_there_and_then(qtbot, dialog, "", "")
    assert dialog.resolution.outcome.currentText() == "Not recorded"
    dialog.save()
    complaint = Complaint.get()
    assert (complaint.status, complaint.resolved_at_first_contact) == (Status.RESOLVED, True)
    assert (complaint.outcome, complaint.compensation_cents) == (None, 0)


def test_what_was_settled_is_not_saved_once_the_box_is_unticked(qtbot: QtBot, dialog: QuickEntryDialog) -> None:
    _settled_there_and_then(qtbot, dialog, "Ref", "20")
    _tick(qtbot, dialog, False)  # not settled after all
    assert not dialog.settled.isVisible()
    dialog.save()
    complaint = Complaint.get()
    assert (complaint.status, complaint.resolved_at_first_contact) == (Status.OPEN, False)
    assert (complaint.outcome, complaint.compensation_cents) == (None, 0)


@pytest.mark.parametrize(("typed", "message"), [
    ("twelve", "'twelve' is not an amount; type it like 12.50."),
    ("-5", "The amount cannot be negative."),
    ("12.505", "The amount can have at most two decimal places."),
    ("2000000", "The amount cannot be more than 1,000,000."),
])
def test_a_bad_amount_is_said_and_saves_nothing_not_even_the_new_customer(
        qtbot: QtBot, dialog: QuickEntryDialog, typed: str, message: str) -> None:
    dialog.new_customer.setChecked(True)
    dialog.new_name.insert("Gemma Stonebridge")
    _settled_there_and_then(qtbot, dialog, "Rep", typed)
    _press(qtbot, Qt.Key.Key_Return, Mod.ControlModifier)
    assert dialog.isVisible() and dialog.error.isVisible() and dialog.error.text() == message
    assert QApplication.focusWidget() is dialog.resolution.amount  # where to put it right
    assert (Complaint.select().count(), Customer.select().count()) == (0, 0)
    assert dialog.resolution.amount.text() == typed and dialog.new_name.text() == "Gemma Stonebridge"
    dialog.resolution.amount.selectAll()
    _type(qtbot, "12.50")
    _press(qtbot, Qt.Key.Key_Return, Mod.ControlModifier)
    complaint = Complaint.get()
    assert (complaint.outcome, complaints.compensation(complaint)) == (Outcome.REPLACEMENT, Decimal("12.50"))
    assert Customer.get_by_id(complaint.customer_id).name == "Gemma Stonebridge"


def test_a_draft_keeps_what_was_settled(qtbot: QtBot, owner: Staff) -> None:
    dialog = _on_screen(qtbot, owner)
    _settled_there_and_then(qtbot, dialog, "Repa", "4,99")
    qtbot.waitUntil(lambda: [d.data.get("compensation") for d in drafts.pending_drafts(owner)] == ["4,99"],
                    timeout=5000)  # the autosave fired
    dialog.deleteLater()  # the app died: no close handling ran
    qtbot.wait(10)
    [draft] = drafts.pending_drafts(owner)
    again = QuickEntryDialog.from_draft(owner, draft.data)
    qtbot.add_widget(again)
    again.show()
    assert again.on_the_spot.isChecked() and again.settled.isVisible()
    assert again.resolution.outcome.currentData() == Outcome.REPAIR.value
    assert again.resolution.amount.text() == "4,99"
    again.save()
    complaint = Complaint.get()
    assert (complaint.summary, complaint.outcome, complaints.compensation(complaint)) == \
        ("Scratched frame on a new bike", Outcome.REPAIR, Decimal("4.99"))
    assert drafts.pending_drafts(owner) == []


def test_an_older_draft_without_an_outcome_restores_as_not_recorded(qtbot: QtBot, owner: Staff) -> None:
    form = QuickEntryDialog.from_draft(owner, {"summary": "Typed before the update", "on_the_spot": True})
    qtbot.add_widget(form)
    assert form.on_the_spot.isChecked()
    assert (form.resolution.chosen_outcome(), form.resolution.amount.text()) == (None, "")
