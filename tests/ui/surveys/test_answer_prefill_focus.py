"""A complaint made from a survey answer opens on its suggested summary, selected: the first
keystrokes replace it, an arrow key keeps it; a form restored from a draft is never selected over."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from smallcs import surveys
from smallcs.models import Staff, Survey
from smallcs.models.enums import Channel, ResponseSource
from smallcs.ui.complaint_desk.quick_entry import QuickEntryDialog
from smallcs.ui.main_window import PAGE_NAMES, MainWindow
from smallcs.ui.surveys.answers_view import AnswersView
from smallcs.ui.surveys.page import SurveysPage


@pytest.fixture(autouse=True)
def _quick_polls(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(AnswersView, "POLL_MS", 50)


@pytest.fixture
def window(qtbot: QtBot, owner: Staff, clerk: Staff, survey: Survey, db_path: Path) -> Iterator[MainWindow]:
    """The app at the counter, with one low-score answer (from the QR page) on the Surveys page."""
    [card] = surveys.issue_cards(owner, survey_id=survey.id, count=1)
    assert surveys.record_response(token=card.token, csat=1, nps=None, ces=None, comment="Rude at the till",
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


def _make_complaint(qtbot: QtBot, window: MainWindow) -> QuickEntryDialog:
    """Choose the answer and press "Make a complaint from this answer…"; the form comes up active."""
    window.show_page(PAGE_NAMES.index("surveys"))
    page = window.pages.currentWidget()
    assert isinstance(page, SurveysPage)
    page.answers.selectRow(0)
    qtbot.mouseClick(page.answers_view.complaint_button, Qt.MouseButton.LeftButton)
    form = window.quick_entry
    assert isinstance(form, QuickEntryDialog)
    form.activateWindow()
    qtbot.waitUntil(form.isActiveWindow)
    return form


def test_typing_replaces_the_suggested_summary(qtbot: QtBot, window: MainWindow) -> None:
    form = _make_complaint(qtbot, window)
    suggested = form.summary.text()
    assert suggested.startswith("Low survey score: CSAT 1 (answer of ")
    assert QApplication.focusWidget() is form.summary
    assert form.summary.selectedText() == suggested
    qtbot.keyClicks(QApplication.focusWidget(), "Rude at the till")
    assert form.summary.text() == "Rude at the till"
    assert form.channel.currentData() == Channel.WEB.value  # the keystrokes did not go to the channel
    assert form.description.toPlainText() == "Rude at the till"  # the comment, untouched


def test_an_arrow_key_keeps_the_suggested_summary(qtbot: QtBot, window: MainWindow) -> None:
    form = _make_complaint(qtbot, window)
    suggested = form.summary.text()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_End)
    qtbot.keyClicks(QApplication.focusWidget(), " - staff member named")
    assert form.summary.text() == suggested + " - staff member named"


def test_an_empty_open_form_takes_the_answer_the_same_way(qtbot: QtBot, window: MainWindow) -> None:
    window.new_complaint()  # Ctrl+N earlier, nothing typed yet
    empty = window.quick_entry
    form = _make_complaint(qtbot, window)
    assert form is empty
    qtbot.keyClicks(QApplication.focusWidget(), "Rude at the till")
    assert form.summary.text() == "Rude at the till"


def test_a_restored_draft_is_not_selected_over(qtbot: QtBot, window: MainWindow) -> None:
    """The draft keeps what was filled in, not that it was a suggestion: after a crash the
    form opens at its start, as any restored draft, and no keystroke wipes the summary."""
    form = _make_complaint(qtbot, window)
    draft = form.values()
    summary = form.summary.text()
    form.close()
    qtbot.waitUntil(lambda: window.quick_entry is None)
    window.new_complaint(draft)
    restored = window.quick_entry
    assert isinstance(restored, QuickEntryDialog)
    restored.activateWindow()
    qtbot.waitUntil(restored.isActiveWindow)
    assert restored.summary.text() == summary and not restored.summary.hasSelectedText()
    assert QApplication.focusWidget() is restored.channel
