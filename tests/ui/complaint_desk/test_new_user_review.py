"""What a new user at the counter tripped over on the Complaints page (issue #4): dialogs that
open on a sensible choice, a detail that follows the search, one way to see overdue complaints
and what their colour means, labels on every filter, and numbers as the language writes them."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from smallcs import accounts, clock, complaints, i18n
from smallcs.models import AuditEvent, Category, Complaint, ResolutionStep, Staff
from smallcs.models.enums import Channel, Role
from smallcs.ui.complaint_desk.action_dialogs import (
    AssignDialog,
    EscalateDialog,
    FollowUpDialog,
    ResolveDialog,
    default_follow_up_day,
)
from smallcs.ui.complaint_desk.page import ComplaintsPage
from tests.complaints.conftest import bulk_complaints
from tests.conftest import STAFF_PASSWORD
from tests.ui.complaint_desk.conftest import open_page, settle


def _on_screen(qtbot: QtBot, dialog: AssignDialog | EscalateDialog | FollowUpDialog | ResolveDialog) -> None:
    qtbot.add_widget(dialog)
    dialog.show()
    qtbot.waitUntil(dialog.isActiveWindow)


def _writes() -> tuple[int, int]:
    return AuditEvent.select().count(), ResolutionStep.select().count()


# --- Assign and Escalate open on a sensible person ---------------------------------------------

def test_assign_opens_on_the_current_assignee_and_enter_changes_nothing(
        qtbot: QtBot, owner: Staff, clerk: Staff, shop: dict[str, Complaint]) -> None:
    accounts.create_staff(owner, username="aisha", display_name="Aisha Bello", role=Role.STAFF,
                          password=STAFF_PASSWORD)  # first alphabetically
    dialog = AssignDialog(owner, shop["invoice"].id)  # the clerk has the invoice
    _on_screen(qtbot, dialog)
    assert dialog.staff.currentText() == "Sam Staff"
    before = _writes()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert dialog.result() == dialog.DialogCode.Accepted
    assert Complaint.get_by_id(shop["invoice"].id).assigned_to_id == clerk.id
    assert _writes() == before  # no audit event, no timeline step


def test_assign_on_an_unassigned_complaint_offers_the_person_assigning(
        qtbot: QtBot, clerk: Staff, shop: dict[str, Complaint]) -> None:
    Complaint.update(assigned_to=None).where(Complaint.id == shop["counter"].id).execute()
    dialog = AssignDialog(clerk, shop["counter"].id)
    _on_screen(qtbot, dialog)
    assert dialog.staff.currentText() == "Sam Staff"
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert Complaint.get_by_id(shop["counter"].id).assigned_to_id == clerk.id  # "I take it"


def test_assign_to_someone_else_still_reassigns(qtbot: QtBot, owner: Staff, clerk: Staff,
                                               shop: dict[str, Complaint]) -> None:
    dialog = AssignDialog(owner, shop["invoice"].id)
    _on_screen(qtbot, dialog)
    dialog.staff.setCurrentIndex(dialog.staff.findData(owner.id))
    dialog.accept()
    assert Complaint.get_by_id(shop["invoice"].id).assigned_to_id == owner.id


def test_escalate_offers_the_only_manager_there_is(qtbot: QtBot, clerk: Staff,
                                                   shop: dict[str, Complaint]) -> None:
    dialog = EscalateDialog(clerk, shop["invoice"].id)  # the owner is the only manager or owner
    _on_screen(qtbot, dialog)
    assert dialog.to_staff.currentText() == "Olivia Owner"


def test_an_owner_who_is_the_only_manager_is_offered_themselves(
        qtbot: QtBot, owner: Staff, clerk: Staff, shop: dict[str, Complaint]) -> None:
    dialog = EscalateDialog(owner, shop["invoice"].id)
    _on_screen(qtbot, dialog)
    assert dialog.to_staff.currentText() == "Olivia Owner"


def test_escalate_with_several_managers_asks_whom_and_enter_changes_nothing(
        qtbot: QtBot, clerk: Staff, manager: Staff, shop: dict[str, Complaint]) -> None:
    dialog = EscalateDialog(clerk, shop["invoice"].id, "Customer wants a manager")
    _on_screen(qtbot, dialog)
    assert dialog.to_staff.currentIndex() == -1
    assert dialog.to_staff.placeholderText() == "Choose a manager…"
    before = _writes()
    dialog.accept()
    assert dialog.isVisible() and "manager or owner" in dialog.error.text()
    assert _writes() == before and Complaint.get_by_id(shop["invoice"].id).status != "escalated"


def test_escalate_offers_the_manager_who_has_the_complaint(
        qtbot: QtBot, owner: Staff, clerk: Staff, manager: Staff, shop: dict[str, Complaint]) -> None:
    complaints.assign(owner, shop["parcel"].id, manager.id)
    dialog = EscalateDialog(clerk, shop["parcel"].id)
    _on_screen(qtbot, dialog)
    assert dialog.to_staff.currentText() == "Mario Manager"


# --- the search and the detail ------------------------------------------------------------------

def _another_kettle(owner: Staff) -> Complaint:
    billing = Category.get(Category.name == "Billing error")
    return complaints.create_complaint(owner, channel=Channel.PHONE, category_id=billing.id,
                                       summary="Kettle refund missing")


def test_a_search_that_leaves_the_open_complaint_out_shows_its_first_result(
        qtbot: QtBot, page: ComplaintsPage, shop: dict[str, Complaint]) -> None:
    page.show_complaint(shop["counter"].id)
    settle(qtbot, page)
    page.refresh()  # as when the page comes to the front again, the search typed straight away
    page.filters.search.setText("kettle")
    page.filters.flush_search()
    settle(qtbot, page)
    assert page.detail.complaint is not None
    assert page.detail.complaint.id == shop["invoice"].id == page.selected_id()


def test_a_search_that_finds_the_open_complaint_keeps_it(
        qtbot: QtBot, page: ComplaintsPage, owner: Staff, shop: dict[str, Complaint]) -> None:
    newer = _another_kettle(owner)
    page.show_complaint(shop["invoice"].id)
    settle(qtbot, page)
    page.filters.search.setText("kettle")
    page.filters.flush_search()
    settle(qtbot, page)
    assert page.model.row_at(0).id == newer.id  # the first result is another one
    assert page.detail.complaint is not None and page.detail.complaint.id == shop["invoice"].id
    assert page.selected_id() == shop["invoice"].id


# --- overdue: one way to ask for it, and the colour explained -------------------------------------

def _make_overdue(complaint: Complaint) -> None:
    Complaint.update(due_at=clock.utcnow() - dt.timedelta(hours=1)).where(Complaint.id == complaint.id).execute()


def test_overdue_is_a_filter_not_also_a_view(page: ComplaintsPage) -> None:
    views = [page.filters.view.itemText(n) for n in range(page.filters.view.count())]
    assert not any("overdue" in view.lower() for view in views)
    assert page.filters.overdue_only.isVisible()


def test_a_former_overdue_view_opens_as_all_open_overdue_only(
        qtbot: QtBot, page: ComplaintsPage, shop: dict[str, Complaint]) -> None:
    _make_overdue(shop["parcel"])
    page.filters.choose_view("overdue")
    settle(qtbot, page)
    assert page.filters.view.currentData() == "open" and page.filters.overdue_only.isChecked()
    assert [page.model.row_at(n).id for n in range(page.model.rowCount())] == [shop["parcel"].id]


def test_overdue_only_narrows_any_view(qtbot: QtBot, page: ComplaintsPage, owner: Staff,
                                       shop: dict[str, Complaint]) -> None:
    _make_overdue(shop["parcel"])
    _make_overdue(shop["invoice"])
    page.filters.choose_view("mine")  # the owner's: parcel and counter
    page.filters.overdue_only.click()
    settle(qtbot, page)
    assert [page.model.row_at(n).id for n in range(page.model.rowCount())] == [shop["parcel"].id]


def test_the_pink_rows_are_explained(qtbot: QtBot, owner: Staff, shop: dict[str, Complaint]) -> None:
    page = open_page(qtbot, owner)
    assert page.legend.isHidden()  # nothing overdue: nothing to explain
    _make_overdue(shop["parcel"])
    page.refresh()
    settle(qtbot, page)
    assert page.legend.isVisible()
    assert "overdue" in page.legend.toolTip().lower()
    assert any(label.text() == "Overdue" for label in page.legend.findChildren(QLabel))
    row = page.model.row_of(shop["parcel"].id)
    assert row is not None
    assert "Overdue" in page.model.index(row, 1).data(Qt.ItemDataRole.ToolTipRole)
    on_time = page.model.row_of(shop["counter"].id)
    assert on_time is not None and page.model.index(on_time, 1).data(Qt.ItemDataRole.ToolTipRole) is None


def test_the_assignee_filter_has_a_visible_label(page: ComplaintsPage) -> None:
    staff = page.filters.staff
    captions = [label for label in page.filters.findChildren(QLabel) if label.buddy() is staff]
    assert len(captions) == 1 and captions[0].isVisible() and captions[0].text() == "Assigned to:"
    assert staff.accessibleName() == "Assigned to"


# --- the Resolve dialog at a large font in Spanish -----------------------------------------------

def test_the_survey_card_option_reads_whole_at_15_pt_in_spanish(
        qtbot: QtBot, owner: Staff, shop: dict[str, Complaint], large_text: None) -> None:
    i18n.set_language("es")
    dialog = ResolveDialog(owner, shop["parcel"].id)
    _on_screen(qtbot, dialog)
    dialog.amount.setText("12,5x")
    dialog.accept()  # the error line shows too
    qtbot.waitUntil(dialog.error.isVisible)
    QApplication.processEvents()
    box = dialog.print_card
    assert box.text().startswith("&Imprimir")
    assert box.width() >= box.sizeHint().width()
    assert box.geometry().right() < dialog.width()
    assert dialog.width() <= 1280 and dialog.height() <= 720  # still fits a 1280×720 screen


# --- the follow-up day --------------------------------------------------------------------------

@pytest.mark.parametrize("offset", range(7))
def test_the_default_follow_up_is_a_working_day(offset: int) -> None:
    today = dt.date(2026, 11, 30) + dt.timedelta(days=offset)  # Monday to Sunday
    day = default_follow_up_day(today)
    assert day.weekday() < 5
    assert dt.timedelta(days=3) <= day - today <= dt.timedelta(days=5)


def test_a_thursday_follow_up_goes_to_monday_not_sunday() -> None:
    assert default_follow_up_day(dt.date(2026, 12, 3)) == dt.date(2026, 12, 7)


def test_the_follow_up_dialog_opens_on_a_working_day(qtbot: QtBot, owner: Staff,
                                                     shop: dict[str, Complaint]) -> None:
    dialog = FollowUpDialog(owner, shop["parcel"].id)
    _on_screen(qtbot, dialog)
    day: QDate = dialog.day.date()
    assert day.dayOfWeek() <= 5  # Qt: Monday 1 ... Sunday 7
    assert day.toPython() == default_follow_up_day(QDate.currentDate().toPython())


# --- numbers as the language writes them ----------------------------------------------------------

@pytest.mark.parametrize(("language", "shown"), [("en", "1,188 complaints"), ("es", "1.188 quejas")])
def test_the_count_is_written_as_the_language_writes_numbers(
        qtbot: QtBot, owner: Staff, language: str, shown: str) -> None:
    bulk_complaints(1188, actor=owner, category=Category.get(Category.name == "Other"),
                    start=dt.datetime(2026, 1, 5, 9, 0))
    i18n.set_language(language)
    page = open_page(qtbot, owner)
    page.filters.choose_view("all")
    settle(qtbot, page)
    assert page.count.text() == shown

