"""The Complaints page's list driven as staff use it: views, filters, search, sorting, paging, export."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from PySide6.QtCore import QDate, QPoint, Qt, QThreadPool
from PySide6.QtWidgets import QApplication, QComboBox, QMessageBox
from pytestqt.qtbot import QtBot

from smallcs import accounts, clock, complaints
from smallcs.complaints import categories
from smallcs.models import Category, Complaint, Staff
from smallcs.models.enums import Outcome, StepKind
from smallcs.ui.complaint_desk.page import ComplaintsPage
from tests.complaints.conftest import bulk_complaints
from tests.ui.complaint_desk.conftest import settle, shown


def _choose(qtbot: QtBot, page: ComplaintsPage, combo: QComboBox, data: object) -> None:
    combo.setCurrentIndex(combo.findData(data))
    settle(qtbot, page)


def test_newest_first_with_a_count(page: ComplaintsPage, shop: dict[str, Complaint]) -> None:
    assert shown(page) == [shop["counter"].reference, shop["invoice"].reference, shop["parcel"].reference]
    assert page.count.text() == "3 complaints"
    assert page.detail.title.text() == shop["counter"].reference


def test_filters_change_the_rows(qtbot: QtBot, page: ComplaintsPage, shop: dict[str, Complaint],
                                 owner: Staff, clerk: Staff) -> None:
    bar = page.filters
    _choose(qtbot, page, bar.staff, clerk.id)
    assert shown(page) == [shop["invoice"].reference]
    _choose(qtbot, page, bar.staff, None)
    _choose(qtbot, page, bar.channel, "phone")
    assert shown(page) == [shop["parcel"].reference]
    _choose(qtbot, page, bar.channel, None)
    _choose(qtbot, page, bar.category, Category.get(Category.name == "Billing error").id)
    assert shown(page) == [shop["invoice"].reference]
    _choose(qtbot, page, bar.category, None)
    complaints.add_step(owner, shop["parcel"].id, kind=StepKind.APOLOGISED)  # open -> in progress
    _choose(qtbot, page, bar.status, "in_progress")
    assert shown(page) == [shop["parcel"].reference]
    assert page.count.text() == "1 complaint"


def test_a_retired_category_and_a_disabled_account_are_still_offered_marked(
        qtbot: QtBot, page: ComplaintsPage, shop: dict[str, Complaint], owner: Staff, clerk: Staff) -> None:
    """Their complaints are still listed: a complaint still assigned to someone who has left is
    found by their name, to hand it over; one in a retired category by that category."""
    billing = Category.get(Category.name == "Billing error").id
    categories.retire_category(owner, billing)
    accounts.disable_staff(owner, clerk.username)
    page.refresh()
    settle(qtbot, page)
    bar = page.filters

    assert bar.category.itemText(bar.category.findData(billing)) == "Billing error (retired)"
    assert bar.staff.itemText(bar.staff.findData(clerk.id)) == f"{clerk.display_name} (disabled)"
    _choose(qtbot, page, bar.category, billing)
    assert shown(page) == [shop["invoice"].reference]
    _choose(qtbot, page, bar.category, None)
    _choose(qtbot, page, bar.staff, clerk.id)
    assert shown(page) == [shop["invoice"].reference]


def test_a_date_range_in_the_shops_days(qtbot: QtBot, page: ComplaintsPage, shop: dict[str, Complaint]) -> None:
    Complaint.update(received_at=dt.datetime(2026, 3, 1, 23, 30)).where(  # 2 March, 00:30 in Madrid
        Complaint.id == shop["parcel"].id).execute()
    page.filters.choose_view("all")
    page.filters.date_from.setDate(QDate(2026, 3, 2))
    page.filters.date_to.setDate(QDate(2026, 3, 2))
    settle(qtbot, page)
    assert shown(page) == [shop["parcel"].reference]
    page.filters.date_from.setDate(QDate(2026, 3, 3))
    page.filters.date_to.setDate(page.filters.date_to.minimumDate())  # "any"
    settle(qtbot, page)
    assert shop["parcel"].reference not in shown(page) and len(shown(page)) == 2


def test_saved_views(qtbot: QtBot, page: ComplaintsPage, shop: dict[str, Complaint], owner: Staff) -> None:
    complaints.set_status(owner, shop["invoice"].id, "waiting_on_customer")
    complaints.resolve(owner, shop["counter"].id, outcome=Outcome.APOLOGY)
    Complaint.update(due_at=clock.utcnow() - dt.timedelta(hours=1)).where(
        Complaint.id == shop["parcel"].id).execute()
    page.refresh()  # as when the page comes to the front again
    views = {}
    for key in ("open", "mine", "waiting", "all"):
        page.filters.choose_view(key)
        settle(qtbot, page)
        views[key] = shown(page)
    assert views == {
        "open": [shop["invoice"].reference, shop["parcel"].reference],
        "mine": [shop["parcel"].reference],  # the clerk has the invoice
        "waiting": [shop["invoice"].reference],
        "all": [shop["counter"].reference, shop["invoice"].reference, shop["parcel"].reference],
    }


def test_overdue_rows_say_so_in_words_and_colour(qtbot: QtBot, page: ComplaintsPage,
                                                 shop: dict[str, Complaint]) -> None:
    Complaint.update(due_at=clock.utcnow() - dt.timedelta(hours=1)).where(
        Complaint.id == shop["parcel"].id).execute()
    page.filters.overdue_only.click()
    settle(qtbot, page)
    assert shown(page) == [shop["parcel"].reference]
    due = page.model.index(0, page.model.column_of("due_at")).data()
    assert due.startswith("⚠ Overdue")
    assert page.model.index(0, 0).data(Qt.ItemDataRole.BackgroundRole) is not None
    assert "Overdue" in page.detail.state.text()
    page.filters.overdue_only.click()
    settle(qtbot, page)
    on_time = page.model.row_of(shop["counter"].id)
    assert on_time is not None
    assert "Overdue" not in page.model.index(on_time, page.model.column_of("due_at")).data()
    assert page.model.index(on_time, 0).data(Qt.ItemDataRole.BackgroundRole) is None


def test_search_finds_customer_names_and_step_text_as_you_type(
        qtbot: QtBot, page: ComplaintsPage, owner: Staff, shop: dict[str, Complaint]) -> None:
    page.filters.search.insert("perez")  # the name is "Ana Lucía Pérez"
    qtbot.waitUntil(lambda: shown(page) == [shop["parcel"].reference])
    complaints.add_step(owner, shop["counter"].id, kind=StepKind.INVESTIGATED, text="Tinting machine fault")
    page.filters.search.clear()
    qtbot.keyClicks(page.filters.search, "tint")
    qtbot.waitUntil(lambda: shown(page) == [shop["counter"].reference])
    assert page.count.text().startswith("1 complaint matches “tint”")


def test_clicking_a_header_sorts_in_the_database(qtbot: QtBot, page: ComplaintsPage,
                                                 shop: dict[str, Complaint]) -> None:
    header = page.table.horizontalHeader()

    def click(key: str) -> None:
        section = page.model.column_of(key)
        x = header.sectionViewportPosition(section) + header.sectionSize(section) // 2
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))
        settle(qtbot, page)

    page.resize(1400, 700)  # room for the customer column beside a readable summary
    QApplication.processEvents()
    assert not page.table.isColumnHidden(page.model.column_of("customer"))
    page.table.scrollTo(page.model.index(0, page.model.column_of("customer")))
    click("customer")  # a new column sorts ascending: the one named customer first, the rest after
    assert shown(page)[0] == shop["parcel"].reference
    click("reference")
    assert header.sortIndicatorSection() == page.model.column_of("reference")
    order = shown(page)
    click("reference")  # again: the other way round
    assert shown(page) == list(reversed(order))


def test_a_newer_query_wins_over_one_still_running(qtbot: QtBot, page: ComplaintsPage, owner: Staff,
                                                   shop: dict[str, Complaint]) -> None:
    bulk_complaints(3000, actor=owner, category=Category.get(Category.name == "Other"),
                    start=dt.datetime(2026, 1, 5, 9, 0))
    page.filters.choose_view("all")
    settle(qtbot, page)
    # A slow read (3,003 rows sorted by a joined name), then at once a quick one (one row):
    # the quick one's answer arrives first, the slow one's must then be dropped.
    page.table.sortByColumn(page.model.column_of("customer"), Qt.SortOrder.AscendingOrder)
    page.filters.channel.setCurrentIndex(page.filters.channel.findData("phone"))
    settle(qtbot, page)
    QThreadPool.globalInstance().waitForDone(5000)
    QApplication.processEvents()
    assert shown(page) == [shop["parcel"].reference]
    assert page.count.text() == "1 complaint"


def test_the_list_fetches_more_rows_as_you_scroll(qtbot: QtBot, page: ComplaintsPage, owner: Staff) -> None:
    bulk_complaints(450, actor=owner, category=Category.get(Category.name == "Other"),
                    start=dt.datetime(2026, 1, 5, 9, 0))
    page.filters.choose_view("all")
    settle(qtbot, page)
    assert (page.model.total(), page.model.rowCount()) == (453, page.model.PAGE_SIZE)
    for expected in (400, 453):
        page.table.scrollToBottom()
        qtbot.waitUntil(lambda n=expected: page.model.rowCount() == n)
    assert not page.model.canFetchMore()
    assert len({page.model.row_at(n).id for n in range(453)}) == 453
    assert page.count.text() == "453 complaints"


def test_ctrl_f_goes_to_the_search_box(qtbot: QtBot, page: ComplaintsPage) -> None:
    page.table.setFocus()
    qtbot.keyClick(page, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is page.filters.search


def test_enter_on_a_row_opens_it_and_esc_goes_back(qtbot: QtBot, page: ComplaintsPage,
                                                   shop: dict[str, Complaint]) -> None:
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Down)
    assert page.detail.title.text() == shop["invoice"].reference
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is page.detail.step_entry.text
    qtbot.keyClick(page.detail.step_entry.text, Qt.Key.Key_Escape)
    assert QApplication.focusWidget() is page.table
    assert page.selected_id() == shop["invoice"].id


def test_follow_ups_due_today_have_their_view_and_count(qtbot: QtBot, page: ComplaintsPage, owner: Staff,
                                                        shop: dict[str, Complaint]) -> None:
    counts: list[int] = []
    page.follow_ups_changed.connect(counts.append)
    complaints.set_follow_up(owner, shop["counter"].id, clock.utcnow() - dt.timedelta(minutes=5))
    complaints.set_follow_up(owner, shop["parcel"].id, clock.utcnow() + dt.timedelta(days=3))
    page.refresh()
    settle(qtbot, page)
    assert counts[-1] == page.follow_up_count() == 1
    page.filters.choose_view("follow_ups")
    settle(qtbot, page)
    assert shown(page) == [shop["counter"].reference]


def test_export_writes_exactly_the_current_view(qtbot: QtBot, page: ComplaintsPage, shop: dict[str, Complaint],
                                                tmp_path: Path) -> None:
    page.filters.choose_view("all")
    _choose(qtbot, page, page.filters.channel, "email")
    target = tmp_path / "view.csv"
    with qtbot.waitSignal(page.exported, timeout=5000) as done:
        page.export_view(str(target))
    assert done.args == [1, str(target)]
    with target.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["Reference"], r["Summary"]) for r in rows] == [
        (shop["invoice"].reference, "Charged twice for one kettle")]
    assert page.count.text() == f"1 complaint exported to {target}"
    assert page.export_button.isEnabled()


def test_an_export_that_cannot_be_written_says_so(qtbot: QtBot, page: ComplaintsPage, tmp_path: Path) -> None:
    page.export_view(str(tmp_path / "no-such-folder" / "view.csv"))
    qtbot.waitUntil(lambda: page.findChild(QMessageBox, "refusal") is not None, timeout=5000)
    box = page.findChild(QMessageBox, "refusal")
    assert box.windowTitle() == "Export failed"
    assert box.text().startswith("Cannot write to ") and "no-such-folder" in box.text()
    assert page.export_button.isEnabled() and not (tmp_path / "no-such-folder").exists()
