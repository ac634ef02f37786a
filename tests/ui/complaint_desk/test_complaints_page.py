"""The Complaints page driven as staff use it: views, filters, search, timeline, workflow."""

from __future__ import annotations

import csv
import datetime as dt
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from smallcs import clock, complaints
from smallcs.models import Category, Complaint, ResolutionStep, Staff
from smallcs.models.enums import Outcome, Status, StepKind
from smallcs.ui.complaint_desk.action_dialogs import EscalateDialog, ResolveDialog
from smallcs.ui.complaint_desk.page import ComplaintsPage
from tests.complaints.conftest import bulk_complaints
from tests.ui.complaint_desk.conftest import shown


def _choose(combo: object, data: object) -> None:
    combo.setCurrentIndex(combo.findData(data))  # type: ignore[attr-defined]


def test_newest_first_with_a_count(page: ComplaintsPage, shop: dict[str, Complaint]) -> None:
    assert shown(page) == [shop["counter"].reference, shop["invoice"].reference, shop["parcel"].reference]
    assert page.count.text() == "3 complaints"
    assert page.detail.title.text() == shop["counter"].reference


def test_saved_views_and_filters_change_the_rows(page: ComplaintsPage, shop: dict[str, Complaint],
                                                 clerk: Staff) -> None:
    _choose(page.staff, clerk.id)
    assert shown(page) == [shop["invoice"].reference]
    _choose(page.staff, None)
    _choose(page.channel, "phone")
    assert shown(page) == [shop["parcel"].reference]
    _choose(page.channel, None)
    _choose(page.category, Category.get(Category.name == "Billing error").id)
    assert shown(page) == [shop["invoice"].reference]
    _choose(page.category, None)
    _choose(page.view, "mine")  # the owner's own open complaints
    assert shop["invoice"].reference not in shown(page)
    assert len(shown(page)) == 2


def test_overdue_view_marks_rows_in_words(page: ComplaintsPage, shop: dict[str, Complaint]) -> None:
    Complaint.update(due_at=clock.utcnow() - dt.timedelta(hours=1)).where(
        Complaint.id == shop["parcel"].id).execute()
    _choose(page.view, "overdue")
    assert shown(page) == [shop["parcel"].reference]
    due = page.model.index(0, 8).data()
    assert due.startswith("⚠ Overdue")
    assert page.model.index(0, 0).data(Qt.ItemDataRole.BackgroundRole) is not None


def test_search_finds_customer_names_and_step_text(qtbot: QtBot, page: ComplaintsPage, owner: Staff,
                                                   shop: dict[str, Complaint]) -> None:
    page.search.insert("perez")
    qtbot.waitUntil(lambda: shown(page) == [shop["parcel"].reference])
    complaints.add_step(owner, shop["counter"].id, kind=StepKind.INVESTIGATED, text="Tinting machine fault")
    page.search.clear()
    page.search.insert("tinting")
    qtbot.waitUntil(lambda: shown(page) == [shop["counter"].reference])


def test_clicking_a_header_sorts_in_the_database(page: ComplaintsPage, shop: dict[str, Complaint]) -> None:
    page.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    assert shown(page) == [shop["parcel"].reference, shop["invoice"].reference, shop["counter"].reference]
    page.table.sortByColumn(2, Qt.SortOrder.AscendingOrder)  # customer: the named one first
    assert shown(page)[0] == shop["parcel"].reference


def test_adding_a_step_appends_to_the_timeline(qtbot: QtBot, page: ComplaintsPage,
                                               shop: dict[str, Complaint]) -> None:
    page.show_complaint(shop["parcel"].id)
    before = page.detail.timeline.count()
    _choose(page.detail.step_kind, StepKind.CONTACTED_CUSTOMER.value)
    page.detail.step_text.setFocus()
    qtbot.keyClicks(page.detail.step_text, "Called back, left a message")
    qtbot.keyClick(page.detail.step_text, Qt.Key.Key_Return)
    assert page.detail.timeline.count() == before + 1
    assert "Called back, left a message" in page.detail.timeline.item(before).text()
    assert page.detail.step_text.text() == ""
    step = ResolutionStep.select().order_by(ResolutionStep.id.desc()).get()
    assert (step.kind, step.text) == (StepKind.CONTACTED_CUSTOMER, "Called back, left a message")
    assert not page.detail.timeline.item(before).flags() & Qt.ItemFlag.ItemIsEditable


def test_a_suggested_step_becomes_a_timeline_step(page: ComplaintsPage, shop: dict[str, Complaint]) -> None:
    page.show_complaint(shop["parcel"].id)
    suggestion = complaints.suggested_steps(shop["parcel"].category_id)[0]
    steps = ResolutionStep.select().where(ResolutionStep.complaint == shop["parcel"].id).count()
    page.detail.suggestions.itemActivated.emit(page.detail.suggestions.item(0))
    assert ResolutionStep.select().where(ResolutionStep.complaint == shop["parcel"].id).count() == steps + 1
    assert suggestion.text in page.detail.timeline.item(page.detail.timeline.count() - 1).text()


def test_a_bad_amount_keeps_the_resolve_dialog_open_and_changes_nothing(
        page: ComplaintsPage, shop: dict[str, Complaint]) -> None:
    page.show_complaint(shop["parcel"].id)
    page.detail.resolve()
    dialog = page.detail.open_dialog
    assert isinstance(dialog, ResolveDialog)
    dialog.amount.setText("twelve")
    dialog.accept()
    assert dialog.isVisible() and "is not an amount" in dialog.error.text()
    assert Complaint.get_by_id(shop["parcel"].id).status == Status.OPEN
    dialog.amount.setText("12,50")
    _choose(dialog.outcome, Outcome.DISCOUNT.value)
    dialog.accept()
    resolved = Complaint.get_by_id(shop["parcel"].id)
    assert resolved.status == Status.RESOLVED
    assert complaints.compensation(resolved) == Decimal("12.50")
    assert page.detail.buttons["reopen"].isVisibleTo(page) and not page.detail.buttons["resolve"].isVisibleTo(page)


def test_escalate_needs_a_reason_then_reopen_and_close(page: ComplaintsPage, manager: Staff,
                                                       shop: dict[str, Complaint]) -> None:
    page.refresh()
    page.show_complaint(shop["invoice"].id)
    page.detail.escalate()
    dialog = page.detail.open_dialog
    assert isinstance(dialog, EscalateDialog)
    _choose(dialog.to_staff, manager.id)
    dialog.accept()
    assert dialog.error.text() == "Enter the reason." and dialog.isVisible()
    dialog.reason.setPlainText("Customer asks for the manager")
    dialog.accept()
    invoice = Complaint.get_by_id(shop["invoice"].id)
    assert (invoice.status, invoice.assigned_to_id) == (Status.ESCALATED, manager.id)

    complaints.resolve(manager, invoice.id, outcome=Outcome.REFUND)
    page.show_complaint(invoice.id)
    page.detail.reopen()
    page.detail.open_dialog.reason.setPlainText("Refund never arrived")
    page.detail.open_dialog.accept()
    assert Complaint.get_by_id(invoice.id).reopen_count == 1
    complaints.resolve(manager, invoice.id, outcome=Outcome.REFUND)
    page.show_complaint(invoice.id)
    page.detail.buttons["close"].click()
    assert Complaint.get_by_id(invoice.id).status == Status.CLOSED


def test_export_writes_exactly_the_current_view(page: ComplaintsPage, shop: dict[str, Complaint],
                                                tmp_path: Path) -> None:
    _choose(page.channel, "email")
    target = tmp_path / "view.csv"
    assert page.export_view(str(target)) == 1
    with target.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["Reference"] for r in rows] == [shop["invoice"].reference]


def test_the_list_fetches_more_rows_as_you_scroll(page: ComplaintsPage, owner: Staff) -> None:
    bulk_complaints(450, actor=owner, category=Category.get(Category.name == "Other"),
                    start=dt.datetime(2026, 1, 5, 9, 0))
    _choose(page.view, "all")
    assert page.model.total() == 453
    assert page.model.rowCount() == page.model.PAGE_SIZE
    page.table.scrollToBottom()
    QApplication.processEvents()
    page.table.scrollToBottom()
    QApplication.processEvents()
    assert page.model.rowCount() > page.model.PAGE_SIZE
    while page.model.canFetchMore():
        page.model.fetchMore()
    assert page.model.rowCount() == 453
    assert len({page.model.row_at(n).id for n in range(453)}) == 453


def test_ctrl_f_goes_to_the_search_box(qtbot: QtBot, page: ComplaintsPage) -> None:
    page.table.setFocus()
    qtbot.keyClick(page, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is page.search


def test_follow_ups_due_today_have_their_view_and_count(page: ComplaintsPage, owner: Staff,
                                                        shop: dict[str, Complaint]) -> None:
    counts: list[int] = []
    page.follow_ups_changed.connect(counts.append)
    complaints.set_follow_up(owner, shop["counter"].id, clock.utcnow() - dt.timedelta(minutes=5))
    page.refresh()
    assert counts[-1] == page.follow_up_count() == 1
    _choose(page.view, "follow_ups")
    assert shown(page) == [shop["counter"].reference]
