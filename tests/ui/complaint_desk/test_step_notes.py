"""A step note being written belongs to its complaint and to the person writing it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from smallcs import complaints
from smallcs.models import Complaint, Staff
from smallcs.models.enums import StepKind
from smallcs.ui.complaint_desk.page import ComplaintsPage
from tests.ui.complaint_desk.conftest import settle


def _select(qtbot: QtBot, page: ComplaintsPage, complaint: Complaint) -> None:
    page.filters.choose_view("all")
    settle(qtbot, page)
    page.table.selectRow(page.model.row_of(complaint.id))
    assert page.detail.title.text() == complaint.reference


def _notes(complaint: Complaint) -> list[str]:
    return [step.text for step in complaints.steps_of(complaint.id) if step.kind == StepKind.NOTE]


def test_a_note_stays_with_its_complaint_when_another_is_looked_at(
        qtbot: QtBot, page: ComplaintsPage, shop: dict[str, Complaint]) -> None:
    entry = page.detail.step_entry
    _select(qtbot, page, shop["parcel"])
    qtbot.keyClicks(entry.text, "Rang the courier, parcel at depot")
    _select(qtbot, page, shop["invoice"])
    assert entry.text.text() == ""  # Enter here cannot put the parcel's note on the invoice
    _select(qtbot, page, shop["parcel"])
    assert entry.text.text() == "Rang the courier, parcel at depot"
    qtbot.keyClick(entry.text, Qt.Key.Key_Return)
    assert _notes(shop["parcel"]) == ["Rang the courier, parcel at depot"]
    assert entry.text.text() == ""


def test_a_note_waits_for_its_writer_when_someone_else_logs_in(
        qtbot: QtBot, page: ComplaintsPage, shop: dict[str, Complaint], owner: Staff, clerk: Staff) -> None:
    entry = page.detail.step_entry
    _select(qtbot, page, shop["parcel"])
    entry.kind.setCurrentIndex(entry.kind.findData(StepKind.CONTACTED_CUSTOMER.value))
    qtbot.keyClicks(entry.text, "Left a message for Ana")
    page.set_actor(clerk)  # Sam logs in at the lock screen
    assert entry.text.text() == ""  # Sam cannot add Olivia's note under his name
    qtbot.keyClicks(entry.text, "Sam's own note")
    page.set_actor(owner)  # Olivia back
    assert entry.text.text() == "Left a message for Ana"
    assert entry.kind.currentData() == StepKind.CONTACTED_CUSTOMER.value
    qtbot.keyClick(entry.text, Qt.Key.Key_Return)
    last = complaints.steps_of(shop["parcel"].id)[-1]
    assert (last.staff_id, last.kind, last.text) == (owner.id, StepKind.CONTACTED_CUSTOMER,
                                                     "Left a message for Ana")
    page.set_actor(clerk)
    assert entry.text.text() == "Sam's own note"
