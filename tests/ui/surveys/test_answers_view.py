"""The latest answers on the Surveys page: live, linked to their complaint, low scores made into complaints."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from smallcs import complaints, customers, surveys
from smallcs.models import (
    Category,
    Complaint,
    Customer,
    Staff,
    Survey,
    SurveyCard,
    SurveyResponse,
)
from smallcs.models.enums import Channel, ResponseSource
from smallcs.ui.complaint_desk.quick_entry import QuickEntryDialog
from smallcs.ui.main_window import PAGE_NAMES, MainWindow
from smallcs.ui.surveys.answers_view import COMPLAINT_COLUMN, AnswersView
from smallcs.ui.surveys.page import SurveysPage
from tests.ui.complaint_desk.conftest import in_category
from tests.ui.surveys.conftest import open_main_window

COMMENT = "Waited 40 minutes at the till — nobody came. ¡Fatal!"


@pytest.fixture(autouse=True)
def _quick_polls(monkeypatch: pytest.MonkeyPatch) -> None:
    """Check for answers every 50 ms instead of every 3 s, so the tests do not wait."""
    monkeypatch.setattr(AnswersView, "POLL_MS", 50)


@pytest.fixture
def window(qtbot: QtBot, owner: Staff, survey: Survey, db_path: Path) -> Iterator[MainWindow]:
    """The app as the owner sees it."""
    yield from open_main_window(qtbot, owner, db_path, width=1000)


@pytest.fixture
def counter_window(qtbot: QtBot, clerk: Staff, survey: Survey, db_path: Path) -> Iterator[MainWindow]:
    """The app as counter staff see it."""
    yield from open_main_window(qtbot, clerk, db_path, width=1000)


def _surveys_page(window: MainWindow) -> SurveysPage:
    window.show_page(PAGE_NAMES.index("surveys"))
    page = window.pages.currentWidget()
    assert isinstance(page, SurveysPage)
    return page


def _answer(card: SurveyCard, *, csat: int | None = 4, nps: int | None = 9, ces: int | None = 6,
            comment: str = "") -> None:
    outcome = surveys.record_response(token=card.token, csat=csat, nps=nps, ces=ces, comment=comment,
                                      contact_requested=False, language="en", source=ResponseSource.QR)
    assert outcome == surveys.ResponseOutcome.RECORDED


def _complaint_with_card(actor: Staff, survey: Survey, *, customer: Customer | None = None
                         ) -> tuple[Complaint, SurveyCard]:
    category = Category.get(Category.name == "Waiting time")
    complaint = complaints.create_complaint(actor, channel=Channel.IN_PERSON, category_id=category.id,
                                            summary="Long queue", customer_id=customer.id if customer else None)
    [card] = surveys.issue_cards(actor, survey_id=survey.id, count=1, complaint_id=complaint.id)
    return complaint, card


def _row_of(page: SurveysPage, comment: str) -> int:
    texts = [page.answers.item(row, 5).text() for row in range(page.answers.rowCount())]
    return texts.index(comment)


def test_new_answers_appear_without_a_refresh_and_the_choice_stays(
    qtbot: QtBot, window: MainWindow, owner: Staff, survey: Survey
) -> None:
    page = _surveys_page(window)
    view = page.answers_view
    assert page.answers.rowCount() == 0 and page.empty_note.isVisible()
    cards = surveys.issue_cards(owner, survey_id=survey.id, count=3)

    _answer(cards[0], comment="First")  # as the survey server would, with the page on screen
    qtbot.wait_until(lambda: page.answers.rowCount() == 1, timeout=5000)
    assert not page.empty_note.isVisible()
    assert view.new_note.isVisible() and view.new_note.text() == "1 new answer"
    page.answers.selectRow(0)

    _answer(cards[1], comment="Second")
    _answer(cards[2], comment="Third")
    qtbot.wait_until(lambda: page.answers.rowCount() == 3, timeout=5000)
    assert page.surveys.item(0, 5).text() == "3"  # the survey's count keeps up too
    assert [page.answers.item(row, 5).text() for row in range(3)] == ["Third", "Second", "First"]
    assert view.new_note.text() == "3 new answers"
    chosen = view.selected_answer()
    assert chosen is not None and chosen.comment == "First"  # still the one picked, now further down
    new_row = page.answers.item(0, 0).background().color().name()
    assert new_row == "#fff1c2"

    view.clear_new()  # what the highlight timer does after a while
    assert not view.new_note.isVisible()
    assert page.answers.item(0, 0).background().style() == Qt.BrushStyle.NoBrush
    assert view.selected_answer() == chosen


def test_no_polling_while_another_page_or_the_lock_screen_is_up(
    qtbot: QtBot, window: MainWindow, owner: Staff, survey: Survey
) -> None:
    page = _surveys_page(window)
    view = page.answers_view
    assert view.poll_timer.isActive()
    window.show_page(PAGE_NAMES.index("complaints"))
    assert not view.poll_timer.isActive()

    [card] = surveys.issue_cards(owner, survey_id=survey.id, count=1)
    _answer(card, comment="While away")
    qtbot.wait(200)
    assert page.answers.rowCount() == 0  # nobody looked: nothing was read

    window.show_page(PAGE_NAMES.index("surveys"))  # back: shown at once
    assert page.answers.rowCount() == 1 and view.poll_timer.isActive()
    window.lock()
    assert window.is_locked() and not view.poll_timer.isActive()
    [late] = surveys.issue_cards(owner, survey_id=survey.id, count=1)
    _answer(late, comment="While locked")
    view.check_for_new()  # a tick that was already queued does nothing while locked
    qtbot.wait(200)
    assert page.answers.rowCount() == 1


def test_open_complaint_shows_the_tied_complaint(
    qtbot: QtBot, window: MainWindow, owner: Staff, survey: Survey
) -> None:
    complaint, card = _complaint_with_card(owner, survey)
    [loose] = surveys.issue_cards(owner, survey_id=survey.id, count=1)
    _answer(card, comment="About the queue")
    _answer(loose, comment="Just passing")
    page = _surveys_page(window)
    view = page.answers_view
    tied_row = _row_of(page, "About the queue")
    assert page.answers.item(tied_row, 6).text() == complaint.reference
    assert page.answers.item(tied_row, 6).font().underline()

    page.answers.selectRow(_row_of(page, "Just passing"))
    assert not view.open_button.isEnabled()
    page.answers.selectRow(tied_row)
    assert view.open_button.isEnabled()
    qtbot.mouseClick(view.open_button, Qt.MouseButton.LeftButton)
    assert window.current_page_name() == "complaints"
    detail = window.complaints_page.detail
    assert detail.complaint is not None and detail.complaint.id == complaint.id

    # Enter on the row does the same.
    window.show_page(PAGE_NAMES.index("surveys"))
    window.complaints_page.detail.show_complaint(None)
    page.answers.setCurrentCell(tied_row, 1)
    qtbot.keyClick(page.answers, Qt.Key.Key_Return)
    assert window.current_page_name() == "complaints"
    assert detail.complaint is not None and detail.complaint.id == complaint.id


def test_a_low_score_becomes_a_complaint_after_staff_check_it(
    qtbot: QtBot, counter_window: MainWindow, owner: Staff, clerk: Staff, survey: Survey
) -> None:
    window = counter_window  # counter staff may log complaints too
    ana = customers.create_customer(owner, name="Ana Núñez", phone="600 111 222")
    earlier, card = _complaint_with_card(owner, survey, customer=ana)
    _answer(card, csat=2, nps=3, ces=6, comment=COMMENT)
    page = _surveys_page(window)
    view = page.answers_view
    row = _row_of(page, " ".join(COMMENT.split()))
    assert page.answers.item(row, 3).foreground().color().name() == "#b3261e"  # the low NPS stands out

    page.answers.selectRow(row)
    assert view.complaint_button.isVisible() and view.complaint_button.isEnabled()
    before = Complaint.select().count()
    qtbot.mouseClick(view.complaint_button, Qt.MouseButton.LeftButton)

    form = window.quick_entry
    assert isinstance(form, QuickEntryDialog) and form.isVisible()
    assert form.actor == clerk
    assert form.description.toPlainText() == COMMENT  # word for word
    assert form.summary.text().startswith("Low survey score: NPS 3, CSAT 2 (answer of ")
    assert form.channel.currentData() == Channel.WEB.value
    assert form.customer_id == ana.id and "Ana Núñez" in form.chosen.text()
    assert Complaint.select().count() == before  # nothing saved until staff say so
    assert form.category.currentIndex() == -1  # no category the answer did not speak of

    form.summary.setText("Low survey score: long wait at the till")
    in_category(form, "Waiting time")
    qtbot.mouseClick(form.findChild(type(view.open_button), "saveButton"), Qt.MouseButton.LeftButton)
    qtbot.wait_until(lambda: window.quick_entry is None)
    made = Complaint.select().order_by(Complaint.id.desc()).get()
    assert made.id != earlier.id and Complaint.select().count() == before + 1
    assert made.description == COMMENT
    assert (made.customer_id, made.channel, made.created_by_id) == (ana.id, Channel.WEB.value, clerk.id)
    assert window.current_page_name() == "complaints"


def test_a_good_answer_offers_no_complaint(
    qtbot: QtBot, window: MainWindow, owner: Staff, survey: Survey
) -> None:
    [card] = surveys.issue_cards(owner, survey_id=survey.id, count=1)
    _answer(card, csat=5, nps=10, ces=7, comment="Lovely")
    page = _surveys_page(window)
    view = page.answers_view
    page.answers.selectRow(0)
    assert view.complaint_button.isVisible() and not view.complaint_button.isEnabled()
    assert "low score" in view.complaint_button.toolTip()
    with qtbot.assert_not_emitted(view.complaint_from_answer):
        view.complaint_from_selected()
    assert window.quick_entry is None


def test_an_answer_with_no_tied_complaint_is_filed_without_a_customer(
    qtbot: QtBot, window: MainWindow, owner: Staff, clerk: Staff, survey: Survey
) -> None:
    [card] = surveys.issue_cards(owner, survey_id=survey.id, count=1)
    surveys.record_paper_response(clerk, short_code=card.short_code, csat=None, nps=None, ces=2,
                                  comment="Too many forms", contact_requested=False)
    page = _surveys_page(window)
    page.answers.selectRow(0)
    with qtbot.wait_signal(page.answers_view.complaint_from_answer) as sent:
        page.answers_view.complaint_from_selected()
    data = sent.args[0]
    assert data["channel"] == Channel.OTHER.value  # typed in from paper at the counter
    assert data["description"] == "Too many forms" and "CES 2" in data["summary"]
    assert "customer_id" not in data
    form = window.quick_entry
    assert isinstance(form, QuickEntryDialog) and form.customer_id is None
    assert form.category.currentIndex() == -1  # staff choose what the answer is about
    in_category(form, "Waiting time")
    category = Category.get(Category.name == "Waiting time")
    assert form.priority.currentData() == category.default_priority  # the category's, not the lowest


def test_an_answer_made_into_a_complaint_shows_it_and_is_not_offered_again(
    qtbot: QtBot, window: MainWindow, owner: Staff, clerk: Staff, survey: Survey
) -> None:
    """Survey review: nothing tied the complaint to the answer, so a second person could log the same
    unhappy customer again."""
    [card] = surveys.issue_cards(owner, survey_id=survey.id, count=1)
    surveys.record_paper_response(clerk, short_code=card.short_code, csat=None, nps=None, ces=2,
                                  comment="Too many forms", contact_requested=False)
    answer = SurveyResponse.get()
    page = _surveys_page(window)
    view = page.answers_view
    page.answers.selectRow(0)
    view.complaint_from_selected()
    form = window.quick_entry
    assert isinstance(form, QuickEntryDialog)
    assert form.summary.selectedText() == form.summary.text() and form.summary.cursorPosition() == 0
    in_category(form, "Other")
    form.save()
    qtbot.waitUntil(lambda: window.quick_entry is None)
    made = Complaint.get(Complaint.from_response_id == answer.id)

    page = _surveys_page(window)
    qtbot.waitUntil(lambda: page.answers.item(0, COMPLAINT_COLUMN).text() == made.reference)
    page.answers.selectRow(0)
    assert not view.complaint_button.isEnabled()
    assert view.complaint_button.toolTip().startswith(f"Complaint {made.reference} was made from this answer")
    assert view.open_button.isEnabled()
    view.open_button.click()
    assert window.current_page_name() == "complaints"
    assert window.complaints_page.detail.complaint.id == made.id
