"""The complaint detail driven as staff use it: timeline, suggested steps, workflow buttons, roles."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from smallcs import clock, complaints, locale_format, permissions, settings
from smallcs.errors import PermissionDenied
from smallcs.models import Category, Complaint, ResolutionStep, Staff, SurveyCard
from smallcs.models.enums import Outcome, Role, Status, StepKind
from smallcs.ui.complaint_desk.action_dialogs import (
    AssignDialog,
    EscalateDialog,
    FollowUpDialog,
    ReopenDialog,
    ResolveDialog,
)
from smallcs.ui.complaint_desk.page import ComplaintsPage
from tests.complaints.conftest import bulk_complaints
from tests.ui.complaint_desk.conftest import open_page, settle


def _open(qtbot: QtBot, page: ComplaintsPage, complaint: Complaint) -> None:
    page.filters.choose_view("all")
    settle(qtbot, page)
    page.table.selectRow(page.model.row_of(complaint.id))
    assert page.detail.title.text() == complaint.reference


def _within_reach(page: ComplaintsPage, key: str) -> bool:
    """Whether the workflow offers ``key``: as a button in the line, or in More when the line is full."""
    bar = page.detail.workflow
    button = bar.buttons[key]
    in_more = button.text() in [action.text() for action in bar.more_menu.actions() if action.isEnabled()]
    return button.isVisibleTo(page) or (bar.more.isVisibleTo(page) and in_more)


def _steps(complaint: Complaint) -> list[tuple[str, str]]:
    return [(s.kind, s.text) for s in ResolutionStep.select().where(ResolutionStep.complaint == complaint.id)
            .order_by(ResolutionStep.id)]


def _row_status(page: ComplaintsPage, complaint: Complaint) -> str:
    row = page.model.row_of(complaint.id)
    assert row is not None
    return page.model.index(row, page.model.column_of("status")).data()


def test_a_step_typed_at_the_keyboard_is_appended_and_the_timeline_cannot_be_edited(
        qtbot: QtBot, page: ComplaintsPage, shop: dict[str, Complaint]) -> None:
    _open(qtbot, page, shop["parcel"])
    entry, timeline = page.detail.step_entry, page.detail.timeline
    before = len(timeline.steps)
    entry.kind.setCurrentIndex(entry.kind.findData(StepKind.CONTACTED_CUSTOMER.value))
    entry.text.setFocus()
    qtbot.keyClicks(entry.text, "Called back, left a message")
    qtbot.keyClick(entry.text, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert _steps(shop["parcel"])[-1] == (StepKind.CONTACTED_CUSTOMER, "Called back, left a message")
    assert len(timeline.steps) == before + 1
    assert "Contacted the customer\nCalled back, left a message" in timeline.toPlainText()
    assert entry.text.text() == ""
    assert entry.kind.currentData() == StepKind.NOTE  # the next note is a plain note unless chosen again
    assert _row_status(page, shop["parcel"]) == "In progress"  # the row shows the change in place

    shown_text = timeline.toPlainText()
    timeline.setFocus()
    qtbot.keyClicks(timeline, "tampered")
    qtbot.keyClick(timeline, Qt.Key.Key_Delete)
    assert timeline.isReadOnly() and timeline.toPlainText() == shown_text
    assert len(_steps(shop["parcel"])) == before + 1


def test_markup_in_a_step_shows_as_typed(qtbot: QtBot, page: ComplaintsPage, owner: Staff,
                                         shop: dict[str, Complaint]) -> None:
    complaints.add_step(owner, shop["parcel"].id, kind=StepKind.NOTE, text="<b>not bold</b> & <i>x</i>")
    _open(qtbot, page, shop["parcel"])
    assert "<b>not bold</b> & <i>x</i>" in page.detail.timeline.toPlainText()


def test_a_refused_step_says_why_and_saves_nothing(qtbot: QtBot, page: ComplaintsPage,
                                                   shop: dict[str, Complaint]) -> None:
    _open(qtbot, page, shop["parcel"])
    before = _steps(shop["parcel"])
    page.detail.step_entry.add.click()  # a note with no text
    box = page.detail.findChild(QMessageBox, "refusal")
    assert box is not None and box.isVisible() and box.text() == "Enter the step text."
    assert _steps(shop["parcel"]) == before
    box.accept()


def test_a_closed_complaint_takes_no_step(qtbot: QtBot, page: ComplaintsPage, owner: Staff,
                                          shop: dict[str, Complaint]) -> None:
    complaints.resolve(owner, shop["parcel"].id, outcome=Outcome.APOLOGY)
    complaints.close(owner, shop["parcel"].id)
    _open(qtbot, page, shop["parcel"])
    entry = page.detail.step_entry
    assert not entry.isEnabled() and "reopen" in entry.text.placeholderText()
    assert not page.detail.suggestions.isVisibleTo(page)


def test_one_keystroke_turns_a_suggestion_into_a_step(qtbot: QtBot, page: ComplaintsPage,
                                                      shop: dict[str, Complaint]) -> None:
    _open(qtbot, page, shop["parcel"])
    suggestions = page.detail.suggestions
    first = complaints.suggested_steps(shop["parcel"].category_id)[0]
    assert suggestions.item(0).checkState() == Qt.CheckState.Unchecked
    suggestions.setFocus()
    suggestions.setCurrentRow(0)
    qtbot.keyClick(suggestions, Qt.Key.Key_Space)
    assert _steps(shop["parcel"])[-1] == (first.kind, first.text)
    assert first.text in page.detail.timeline.toPlainText()
    done = page.detail.suggestions.item(0)
    assert done.checkState() == Qt.CheckState.Checked
    assert not done.flags() & Qt.ItemFlag.ItemIsUserCheckable  # append-only: it cannot be unticked
    page.detail.suggestions.setCurrentRow(0)
    qtbot.keyClick(page.detail.suggestions, Qt.Key.Key_Return)  # a done suggestion is not added twice
    assert len([s for s in _steps(shop["parcel"]) if s == (first.kind, first.text)]) == 1


def test_an_escalation_suggestion_opens_the_escalation_with_its_reason(
        qtbot: QtBot, page: ComplaintsPage, owner: Staff, manager: Staff) -> None:
    behaviour = Category.get(Category.name == "Staff behaviour")
    rude = complaints.create_complaint(owner, channel="in_person", category_id=behaviour.id,
                                       summary="Rude at the till")
    page.refresh()
    _open(qtbot, page, rude)
    index = next(n for n, s in enumerate(complaints.suggested_steps(behaviour.id)) if s.needs_workflow)
    page.detail.suggestions.setCurrentRow(index)
    qtbot.keyClick(page.detail.suggestions, Qt.Key.Key_Return)
    dialog = page.detail.workflow.open_dialog
    assert isinstance(dialog, EscalateDialog)
    assert dialog.reason.toPlainText() == "Escalate to the manager"
    assert page.detail.suggestions.item(index).checkState() == Qt.CheckState.Unchecked  # not done yet
    dialog.to_staff.setCurrentIndex(dialog.to_staff.findData(manager.id))
    dialog.accept()
    assert Complaint.get_by_id(rude.id).status == Status.ESCALATED
    assert page.detail.suggestions.item(index).checkState() == Qt.CheckState.Checked


def test_a_bad_amount_keeps_the_resolve_dialog_open_and_changes_nothing(
        qtbot: QtBot, page: ComplaintsPage, owner: Staff, shop: dict[str, Complaint]) -> None:
    settings.save_profile(owner, dataclasses.replace(settings.get_profile(), currency="GBP"))
    _open(qtbot, page, shop["parcel"])
    before = (list(Complaint.select().where(Complaint.id == shop["parcel"].id).dicts()), _steps(shop["parcel"]))
    page.detail.workflow.buttons["resolve"].click()
    dialog = page.detail.workflow.open_dialog
    assert isinstance(dialog, ResolveDialog)
    assert "GBP" in dialog.form.labelForField(dialog.amount).text()
    assert dialog.outcome.currentIndex() == -1 and dialog.outcome.placeholderText() == "Choose the outcome…"
    dialog.accept()  # nothing chosen: no refund recorded by default
    assert dialog.isVisible() and dialog.error.text() == "Choose an outcome."
    dialog.outcome.setCurrentIndex(dialog.outcome.findData(Outcome.REFUND.value))
    for bad, message in (("twelve", "is not an amount"), ("-5", "cannot be negative"),
                         ("12.505", "at most two decimal places")):
        dialog.amount.setText(bad)
        dialog.accept()
        assert dialog.isVisible() and message in dialog.error.text()
    after = (list(Complaint.select().where(Complaint.id == shop["parcel"].id).dicts()), _steps(shop["parcel"]))
    assert after == before
    dialog.amount.setText("12,50")
    dialog.outcome.setCurrentIndex(dialog.outcome.findData(Outcome.DISCOUNT.value))
    dialog.accept()
    resolved = Complaint.get_by_id(shop["parcel"].id)
    assert (resolved.status, resolved.outcome) == (Status.RESOLVED, Outcome.DISCOUNT)
    assert complaints.compensation(resolved) == Decimal("12.50")
    assert _within_reach(page, "reopen") and not _within_reach(page, "resolve")
    assert _row_status(page, shop["parcel"]) == "Resolved"
    assert page.selected_id() == shop["parcel"].id


def test_escalate_reopen_and_close_through_the_buttons(qtbot: QtBot, page: ComplaintsPage, manager: Staff,
                                                       shop: dict[str, Complaint]) -> None:
    page.refresh()  # the manager joined after the page opened
    _open(qtbot, page, shop["invoice"])
    workflow = page.detail.workflow
    workflow.buttons["escalate"].click()
    dialog = workflow.open_dialog
    assert isinstance(dialog, EscalateDialog)
    dialog.to_staff.setCurrentIndex(dialog.to_staff.findData(manager.id))
    dialog.accept()
    assert dialog.error.text() == "Enter the reason." and dialog.isVisible()
    assert Complaint.get_by_id(shop["invoice"].id).status == Status.OPEN
    dialog.reason.setPlainText("Customer asks for the manager")
    dialog.accept()
    invoice = Complaint.get_by_id(shop["invoice"].id)
    assert (invoice.status, invoice.assigned_to_id) == (Status.ESCALATED, manager.id)
    assert _row_status(page, invoice) == "Escalated"

    workflow.buttons["resolve"].click()
    workflow.open_dialog.outcome.setCurrentIndex(workflow.open_dialog.outcome.findData(Outcome.REFUND.value))
    workflow.open_dialog.accept()
    assert Complaint.get_by_id(invoice.id).status == Status.RESOLVED
    workflow.buttons["reopen"].click()
    dialog = workflow.open_dialog
    assert isinstance(dialog, ReopenDialog)
    dialog.accept()
    assert dialog.isVisible() and Complaint.get_by_id(invoice.id).reopen_count == 0  # a reason is needed
    dialog.reason.setPlainText("Refund never arrived")
    dialog.accept()
    reopened = Complaint.get_by_id(invoice.id)
    assert (reopened.status, reopened.reopen_count) == (Status.IN_PROGRESS, 1)
    assert "reopened 1×" in page.detail.state.text()
    complaints.resolve(manager, invoice.id, outcome=Outcome.REFUND)
    page.detail.show_complaint(invoice.id)
    workflow.buttons["close"].click()
    assert Complaint.get_by_id(invoice.id).status == Status.CLOSED
    assert [key for key in workflow.buttons if _within_reach(page, key)] == ["reopen", "card", "receipt"]


def test_assign_set_status_and_follow_up(qtbot: QtBot, page: ComplaintsPage, clerk: Staff,
                                         shop: dict[str, Complaint]) -> None:
    counts: list[int] = []
    page.follow_ups_changed.connect(counts.append)
    _open(qtbot, page, shop["parcel"])
    workflow = page.detail.workflow
    workflow.buttons["assign"].click()
    dialog = workflow.open_dialog
    assert isinstance(dialog, AssignDialog)
    dialog.staff.setCurrentIndex(dialog.staff.findData(clerk.id))
    dialog.accept()
    assert Complaint.get_by_id(shop["parcel"].id).assigned_to_id == clerk.id
    assert page.detail.facts["assigned"].text() == "Sam Staff"

    waiting = next(a for a in workflow.status_menu.actions() if a.text() == "Waiting on customer")
    waiting.trigger()
    assert Complaint.get_by_id(shop["parcel"].id).status == Status.WAITING_ON_CUSTOMER
    assert _row_status(page, shop["parcel"]) == "Waiting on customer"
    assert [a.text() for a in workflow.status_menu.actions()] == ["In progress"]

    workflow.buttons["follow_up"].click()
    dialog = workflow.open_dialog
    assert isinstance(dialog, FollowUpDialog)
    dialog.day.setDate(QDate.currentDate())
    dialog.accept()
    planned = Complaint.get_by_id(shop["parcel"].id).follow_up_at
    local = clock.to_local(planned, settings.get_profile().zone)
    assert (local.date(), local.hour) == (QDate.currentDate().toPython(), 9)
    if clock.utcnow() >= planned:  # 09:00 today has passed: it is due now
        assert counts[-1] == 1
    assert page.detail.facts["follow_up"].text() == locale_format.day_with_weekday(local.date())  # a day, no time


def test_buttons_follow_the_role_and_the_service_still_checks(
        qtbot: QtBot, owner: Staff, clerk: Staff, shop: dict[str, Complaint],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A shop that keeps reopening to managers: a clerk is not offered it, and cannot do it."""
    monkeypatch.setitem(permissions.MINIMUM_ROLE, "complaint.reopen", Role.MANAGER)
    complaints.resolve(owner, shop["parcel"].id, outcome=Outcome.APOLOGY)
    for actor, offered in ((clerk, False), (owner, True)):
        page = open_page(qtbot, actor)
        _open(qtbot, page, shop["parcel"])
        assert _within_reach(page, "reopen") is offered
        assert _within_reach(page, "close") and _within_reach(page, "follow_up")
    with pytest.raises(PermissionDenied):
        complaints.reopen(clerk, shop["parcel"].id, reason="trying another door")
    assert Complaint.get_by_id(shop["parcel"].id).status == Status.RESOLVED


def test_an_action_deep_in_the_list_keeps_the_row_selected_and_in_view(
        qtbot: QtBot, page: ComplaintsPage, owner: Staff) -> None:
    bulk_complaints(450, actor=owner, category=Category.get(Category.name == "Other"),
                    start=dt.datetime(2026, 1, 5, 9, 0))
    page.filters.choose_view("all")
    settle(qtbot, page)
    page.table.scrollToBottom()
    qtbot.waitUntil(lambda: page.model.rowCount() == 400)
    page.table.selectRow(350)
    target = page.model.row_at(350)
    scrolled = page.table.verticalScrollBar().value()
    page.detail.step_entry.text.insert("Rang the courier ☎")
    page.detail.step_entry.add.click()
    assert _steps(Complaint.get_by_id(target.id))[-1] == (StepKind.NOTE, "Rang the courier ☎")
    QApplication.processEvents()
    assert page.model.rowCount() == 400 and not page.model.is_loading()  # no reload from the top
    assert page.selected_id() == target.id
    assert page.table.verticalScrollBar().value() == scrolled
    assert _row_status(page, Complaint.get_by_id(target.id)) == "In progress"


def test_resolving_offers_the_customer_a_survey_card(qtbot: QtBot, page: ComplaintsPage, clerk: Staff,
                                                     owner: Staff, shop: dict[str, Complaint],
                                                     tmp_path: Path) -> None:
    from smallcs.ui.surveys.print_dialog import PrintCardsDialog

    settings.save_profile(owner, dataclasses.replace(settings.get_profile(),
                                                     survey_base_url="http://192.168.1.20:8765"))
    page.set_actor(clerk)
    _open(qtbot, page, shop["invoice"])
    page.detail.workflow.buttons["resolve"].click()
    dialog = page.detail.workflow.open_dialog
    assert isinstance(dialog, ResolveDialog) and dialog.print_card.isChecked()
    dialog.resolution.choose_outcome(Outcome.EXPLANATION.value)
    dialog.accept()
    cards = page.detail.workflow.card_dialog
    assert isinstance(cards, PrintCardsDialog) and cards.complaint_id == shop["invoice"].id
    assert cards.layout_choice.findData("poster") == -1 and not cards.count.isVisibleTo(cards)
    with qtbot.wait_signal(cards.cards_issued, timeout=20000):
        cards.save_pdf(tmp_path / "card.pdf")
    [card] = SurveyCard.select()
    assert (card.complaint_id, card.staff_id) == (shop["invoice"].id, clerk.id)
    cards.close()
    # Resolved later without a card: the complaint still offers one.
    assert _within_reach(page, "card")


def test_the_card_after_resolving_is_credited_to_whoever_handled_the_complaint(
        qtbot: QtBot, page: ComplaintsPage, clerk: Staff, owner: Staff, shop: dict[str, Complaint]) -> None:
    """Sam had the invoice; the owner resolves it at the counter: the customer's answer is about Sam."""
    settings.save_profile(owner, dataclasses.replace(settings.get_profile(),
                                                     survey_base_url="http://192.168.1.20:8765"))
    _open(qtbot, page, shop["invoice"])
    page.detail.workflow.buttons["resolve"].click()
    dialog = page.detail.workflow.open_dialog
    assert isinstance(dialog, ResolveDialog)
    dialog.resolution.choose_outcome(Outcome.REFUND.value)
    dialog.accept()
    cards = page.detail.workflow.card_dialog
    assert cards is not None and cards.staff.currentData() == clerk.id
    cards.close()


def test_no_card_when_the_offer_is_declined(qtbot: QtBot, page: ComplaintsPage, owner: Staff,
                                            shop: dict[str, Complaint]) -> None:
    _open(qtbot, page, shop["counter"])
    assert not _within_reach(page, "card")
    page.detail.workflow.buttons["resolve"].click()
    dialog = page.detail.workflow.open_dialog
    assert isinstance(dialog, ResolveDialog)
    dialog.print_card.setChecked(False)
    dialog.accept()
    assert page.detail.workflow.card_dialog is None and SurveyCard.select().count() == 0


def test_canned_texts_fill_the_step_note(qtbot: QtBot, page: ComplaintsPage, owner: Staff,
                                         shop: dict[str, Complaint]) -> None:
    from smallcs.complaints.canned import set_canned_texts

    set_canned_texts(owner, ["Rang the customer back.", "Sent a replacement & a note."])
    _open(qtbot, page, shop["parcel"])
    entry = page.detail.step_entry
    menu = [action.text() for action in entry.canned_menu.actions()]
    assert menu == ["Rang the customer back.", "Sent a replacement && a note."]
    entry.text.setText("Second try:")
    entry.canned_menu.actions()[0].trigger()
    assert entry.text.text() == "Second try: Rang the customer back."
    entry.submit()
    assert _steps(shop["parcel"])[-1] == (StepKind.NOTE.value, "Second try: Rang the customer back.")
    completer = entry.text.completer()
    completer.setCompletionPrefix("replace")
    assert completer.currentCompletion() == "Sent a replacement & a note."
