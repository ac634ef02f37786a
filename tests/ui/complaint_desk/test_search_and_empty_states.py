"""Finding a complaint whatever the view, and what the page says when there is nothing to show
(issue #4): the customer on the phone about a complaint closed last month is found from "All open";
a search that finds nothing says so and what to try, with no unrelated complaint beside it; an
empty shop is told how to log its first complaint."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtGui import QKeySequence
from pytestqt.qtbot import QtBot

from smallcs import complaints
from smallcs.models import Complaint, Staff
from smallcs.models.enums import Outcome, Status
from smallcs.ui.complaint_desk.page import ComplaintsPage
from tests.ui.complaint_desk.conftest import open_page, settle, shown


def _search(qtbot: QtBot, page: ComplaintsPage, text: str) -> None:
    page.filters.search.setText(text)
    page.filters.flush_search()
    settle(qtbot, page)


def _closed(owner: Staff, complaint: Complaint) -> None:
    complaints.resolve(owner, complaint.id, outcome=Outcome.REFUND, compensation=Decimal("12.50"),
                       note="Refunded the kettle")
    complaints.close(owner, complaint.id)


def test_a_search_from_all_open_finds_a_closed_complaint_and_says_it_covers_all(
        qtbot: QtBot, owner: Staff, shop: dict[str, Complaint]) -> None:
    _closed(owner, shop["invoice"])
    page = open_page(qtbot, owner)
    assert page.filters.view.currentData() == "open"
    assert shop["invoice"].reference not in shown(page)
    _search(qtbot, page, "kettle")
    assert shown(page) == [shop["invoice"].reference]
    assert page.detail.complaint is not None and page.detail.complaint.id == shop["invoice"].id
    assert Status(page.detail.complaint.status) == Status.CLOSED
    assert page.count.text() == "1 complaint matches “kettle”\nSearching all complaints, whatever the view."


def test_clearing_the_search_goes_back_to_the_view_and_its_selection(
        qtbot: QtBot, owner: Staff, shop: dict[str, Complaint]) -> None:
    _closed(owner, shop["invoice"])
    page = open_page(qtbot, owner)
    in_view = shown(page)
    page.show_complaint(shop["parcel"].id)
    settle(qtbot, page)
    _search(qtbot, page, "kettle")
    assert page.detail.complaint.id == shop["invoice"].id
    _search(qtbot, page, "")
    assert shown(page) == in_view  # "All open" again, without the closed one
    assert page.selected_id() == shop["parcel"].id and page.detail.complaint.id == shop["parcel"].id
    assert page.count.text() == "2 complaints"


def test_a_search_that_finds_nothing_clears_the_detail_and_says_what_to_try(
        qtbot: QtBot, page: ComplaintsPage, shop: dict[str, Complaint]) -> None:
    assert page.detail.complaint is not None  # one is open when the search starts
    _search(qtbot, page, "xyz")
    assert shown(page) == []
    assert page.detail.complaint is None and not page.detail.scroll.isVisible()
    assert page.notice.isVisible()
    assert page.notice.text().startswith("No complaint matches “xyz”.")
    assert "reference" in page.notice.text()  # what to try instead
    assert page.table.accessibleDescription() == page.notice.text()
    # With a filter set beside the search, the notice says the filter still applies.
    page.filters.channel.setCurrentIndex(1)
    settle(qtbot, page)
    assert "filters above still apply" in page.notice.text()
    assert page.count.text().endswith("Searching all complaints the filters allow, whatever the view.")
    # Something found again: the notice goes and the found complaint is shown.
    page.filters.channel.setCurrentIndex(0)
    _search(qtbot, page, "paint")
    assert not page.notice.isVisible() and page.detail.complaint.id == shop["counter"].id


def test_markup_typed_in_the_search_is_shown_as_typed(qtbot: QtBot, page: ComplaintsPage) -> None:
    _search(qtbot, page, "<b>bold</b>")
    assert page.notice.isVisible() and "“<b>bold</b>”" in page.notice.text()


def test_an_empty_shop_says_how_to_log_the_first_complaint(qtbot: QtBot, owner: Staff) -> None:
    page = open_page(qtbot, owner)
    keys = QKeySequence("Ctrl+N").toString(QKeySequence.SequenceFormat.NativeText)
    assert page.notice.isVisible()
    assert page.notice.text() == f"No complaints yet — press {keys} to log one."
    assert page.detail.empty.text() == ""  # not "select a complaint" with none to select


def test_an_empty_view_in_a_shop_with_complaints_says_so(qtbot: QtBot, page: ComplaintsPage) -> None:
    page.filters.choose_view("waiting")
    settle(qtbot, page)
    assert shown(page) == [] and page.notice.text() == "No complaints in this view."
    page.filters.choose_view("open")
    settle(qtbot, page)
    assert not page.notice.isVisible()
    assert page.detail.empty.text() == "Select a complaint in the list to see its timeline."
