"""A complaint from a low survey score never goes over a complaint form someone is writing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from smallcs import complaints, drafts, surveys
from smallcs.models import Category, Complaint, Staff, Survey
from smallcs.models.enums import Channel, ResponseSource
from smallcs.ui.complaint_desk.quick_entry import QuickEntryDialog
from smallcs.ui.main_window import PAGE_NAMES, MainWindow
from smallcs.ui.surveys.answers_view import AnswersView
from smallcs.ui.surveys.page import SurveysPage
from tests.ui.complaint_desk.conftest import in_category

COMMENT = "Nobody answered the phone for twenty minutes"
TYPED_SUMMARY = "Wrong size of shoes in the box"
TYPED_DESCRIPTION = "Bought size 42, the box holds 40. Receipt kept."


@pytest.fixture(autouse=True)
def _quick_polls(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(AnswersView, "POLL_MS", 50)


@pytest.fixture
def window(qtbot: QtBot, owner: Staff, clerk: Staff, survey: Survey, db_path: Path) -> Iterator[MainWindow]:
    """The app at the counter, with one low-score answer waiting on the Surveys page."""
    [card] = surveys.issue_cards(owner, survey_id=survey.id, count=1)
    assert surveys.record_response(token=card.token, csat=1, nps=2, ces=None, comment=COMMENT,
                                   contact_requested=False, language="en",
                                   source=ResponseSource.QR) == surveys.ResponseOutcome.RECORDED
    win = MainWindow(clerk, str(db_path))
    qtbot.add_widget(win)
    win.resize(1000, 760)
    win.show()
    qtbot.wait_exposed(win)
    yield win
    for form in win.findChildren(QuickEntryDialog):
        form.close()
    win.survey_server.shutdown()


def _answers(window: MainWindow) -> AnswersView:
    window.show_page(PAGE_NAMES.index("surveys"))
    page = window.pages.currentWidget()
    assert isinstance(page, SurveysPage)
    page.answers.selectRow(0)
    assert page.answers_view.complaint_button.isEnabled()
    return page.answers_view


def _writing(qtbot: QtBot, window: MainWindow) -> QuickEntryDialog:
    """Ctrl+N and a complaint half typed, as someone at the counter would leave it to look at the answers."""
    window.new_complaint()
    form = window.quick_entry
    assert isinstance(form, QuickEntryDialog)
    qtbot.keyClicks(form.summary, TYPED_SUMMARY)
    qtbot.keyClicks(form.description, TYPED_DESCRIPTION)
    in_category(form)
    return form


def test_the_typed_form_is_kept_and_the_user_is_told(qtbot: QtBot, window: MainWindow, clerk: Staff) -> None:
    form = _writing(qtbot, window)
    category = form.category.currentText()
    view = _answers(window)
    qtbot.mouseClick(view.complaint_button, Qt.MouseButton.LeftButton)

    # The same form, every word as typed: nothing from the answer went over it.
    assert window.quick_entry is form and window.findChildren(QuickEntryDialog) == [form]
    assert form.summary.text() == TYPED_SUMMARY
    assert form.description.toPlainText() == TYPED_DESCRIPTION
    assert form.channel.currentData() == Channel.IN_PERSON.value and form.category.currentText() == category
    # ...and the user sees why nothing else opened, on the form that came forward.
    box = form.busy_box
    assert box is not None and box.isVisible() and box.parent() is form
    assert box.text() == "Finish or discard the complaint you are writing first."
    assert "What you typed here stays as it is." in box.informativeText()
    # A second click does not stack a second message.
    view.complaint_from_selected()
    assert form.findChildren(QMessageBox, "formInUse") == [box]
    box.button(QMessageBox.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: form.busy_box is None)
    # The draft a crash would bring back is the typed complaint too.
    form.save_draft_now()
    [draft] = [d for d in drafts.pending_drafts(clerk) if d.form == drafts.QUICK_ENTRY]
    assert (draft.data["summary"], draft.data["description"]) == (TYPED_SUMMARY, TYPED_DESCRIPTION)
    assert Complaint.select().count() == 0


def test_once_the_form_is_saved_the_answer_opens_filled_in(qtbot: QtBot, window: MainWindow) -> None:
    form = _writing(qtbot, window)
    view = _answers(window)
    view.complaint_from_selected()
    assert form.busy_box is not None
    form.busy_box.button(QMessageBox.StandardButton.Ok).click()
    qtbot.mouseClick(form.findChild(QPushButton, "saveButton"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.quick_entry is None)
    assert [c.summary for c in Complaint.select()] == [TYPED_SUMMARY]

    view = _answers(window)
    qtbot.mouseClick(view.complaint_button, Qt.MouseButton.LeftButton)
    prefilled = window.quick_entry
    assert isinstance(prefilled, QuickEntryDialog) and prefilled is not form
    assert prefilled.description.toPlainText() == COMMENT
    assert prefilled.summary.text().startswith("Low survey score: NPS 2, CSAT 1")
    assert prefilled.busy_box is None


def test_an_open_form_with_nothing_typed_takes_the_answer(qtbot: QtBot, window: MainWindow) -> None:
    window.new_complaint()
    form = window.quick_entry
    assert isinstance(form, QuickEntryDialog) and not form.has_text()
    qtbot.mouseClick(_answers(window).complaint_button, Qt.MouseButton.LeftButton)
    assert window.quick_entry is form and form.busy_box is None
    assert form.description.toPlainText() == COMMENT
    assert form.channel.currentData() == Channel.WEB.value


def test_a_complaint_already_made_is_not_affected(qtbot: QtBot, window: MainWindow, clerk: Staff) -> None:
    """The prefill only ever reaches a form: saved complaints stay as they are."""
    made = complaints.create_complaint(clerk, channel=Channel.PHONE, summary="Earlier complaint",
                                       category_id=Category.get(Category.name == "Other").id)
    form = _writing(qtbot, window)
    _answers(window).complaint_from_selected()
    assert form.busy_box is not None
    assert Complaint.get_by_id(made.id).summary == "Earlier complaint" and Complaint.select().count() == 1
