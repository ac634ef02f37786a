"""The answers list's filters, older pages and count on the Surveys page (issue #5), live as before."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from smallcs import clock, complaints, i18n, surveys
from smallcs.models import Category, Staff, Survey, SurveyCard
from smallcs.models.enums import CardKind, Channel, Question, ResponseSource
from smallcs.surveys.activity import AnswerShow, recent_answers
from smallcs.surveys.responses import store_answer
from smallcs.ui.main_window import PAGE_NAMES, MainWindow
from smallcs.ui.surveys.answers_view import AnswersView
from smallcs.ui.surveys.page import SurveysPage
from tests.ui.conftest import focused, settle_layout, themed_at

COMMENT_COLUMN, CSAT_COLUMN = 5, 2
from tests.ui.surveys.conftest import open_main_window


@pytest.fixture(autouse=True)
def _quick_polls(monkeypatch: pytest.MonkeyPatch) -> None:
    """Check for answers every 50 ms instead of every 3 s, so the tests do not wait."""
    monkeypatch.setattr(AnswersView, "POLL_MS", 50)


@pytest.fixture
def poster(owner: Staff, survey: Survey) -> SurveyCard:
    """A poster by the till: it takes any number of answers."""
    return surveys.issue_cards(owner, survey_id=survey.id, count=1, kind=CardKind.POSTER)[0]


@pytest.fixture
def window(qtbot: QtBot, owner: Staff, survey: Survey, db_path: Path) -> Iterator[MainWindow]:
    yield from open_main_window(qtbot, owner, db_path, width=1180)


def answer_at(card: SurveyCard, at: dt.datetime, **values: Any) -> int:
    """An answer as if sent at ``at`` (naive UTC); its id."""
    fields: dict[str, Any] = {"csat": None, "nps": None, "ces": None, "comment": "",
                              "contact_requested": False, "language": "en", **values}
    stored = store_answer(card, Survey.get_by_id(card.survey_id), surveys.validate_answer(list(Question), **fields),
                          source=ResponseSource.QR, submitted_at=at)
    assert stored is not None
    return int(stored.id)


def _surveys_page(window: MainWindow) -> SurveysPage:
    window.show_page(PAGE_NAMES.index("surveys"))
    page = window.pages.currentWidget()
    assert isinstance(page, SurveysPage)
    return page


def _column(page: SurveysPage, column: int) -> list[str]:
    return [page.answers.item(row, column).text() for row in range(page.answers.rowCount())]


def test_unhappy_only_then_older_answers_and_a_new_one_on_top(
    qtbot: QtBot, window: MainWindow, poster: SurveyCard
) -> None:
    start = clock.utcnow() - dt.timedelta(days=20)
    for n in range(140):  # every other customer unhappy: 70 of them, more than a page
        answer_at(poster, start + dt.timedelta(hours=3 * n), csat=1 if n % 2 else 5, comment=f"answer {n}")
    page = _surveys_page(window)
    view = page.answers_view
    assert view.count_note.text() == "Showing 50 of 140 answers" and view.older_button.isVisible()

    view.show_choice.setFocus()
    qtbot.keyClick(view.show_choice, Qt.Key.Key_Down)  # All answers -> Unhappy only
    assert view.show_choice.currentText() == "Unhappy only"
    assert page.answers.rowCount() == 50 and set(_column(page, CSAT_COLUMN)) == {"1"}
    assert _column(page, COMMENT_COLUMN)[:2] == ["answer 139", "answer 137"]  # newest first
    assert view.count_note.text() == "Showing 50 of 70 answers"
    page.answers.selectRow(3)  # someone to call back, chosen before the rest are read

    qtbot.mouseClick(view.older_button, Qt.MouseButton.LeftButton)
    unhappy = [f"answer {n}" for n in range(139, 0, -2)]
    assert _column(page, COMMENT_COLUMN) == unhappy  # the next ones, none twice, none missed
    assert view.count_note.text() == "70 answers" and not view.older_button.isVisible()
    assert focused() is page.answers  # the button went: the keyboard goes on in the list
    chosen = view.selected_answer()
    assert chosen is not None and chosen.comment == "answer 133"

    # With the page on screen, a happy customer and then an unhappy one answer at the poster.
    for csat, comment in ((5, "Lovely"), (2, "Arrived while looking")):
        assert surveys.record_response(token=poster.token, csat=csat, nps=None, ces=None, comment=comment,
                                       contact_requested=False, language="en",
                                       source=ResponseSource.QR) == surveys.ResponseOutcome.RECORDED
    qtbot.wait_until(lambda: page.answers.rowCount() == 71, timeout=5000)
    assert _column(page, COMMENT_COLUMN) == ["Arrived while looking", *unhappy]  # on top; older rows stay
    assert view.new_note.text() == "1 new answer"
    assert view.count_note.text() == "71 answers"
    assert view.selected_answer() == chosen
    assert [a.comment for a in recent_answers(show=AnswerShow.UNHAPPY, limit=None)] == _column(page, COMMENT_COLUMN)


def test_not_followed_up_last_month_and_a_choice_with_no_answers(
    qtbot: QtBot, window: MainWindow, owner: Staff, poster: SurveyCard, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(clock, "utcnow", lambda: dt.datetime(2026, 3, 20, 11, 0))  # a Friday in March
    followed = answer_at(poster, dt.datetime(2026, 2, 10, 9, 0), nps=2, comment="Rude on the phone")
    answer_at(poster, dt.datetime(2026, 2, 11, 9, 0), nps=3, comment="Nobody called back")
    answer_at(poster, dt.datetime(2026, 2, 12, 9, 0), nps=10, comment="Great")
    answer_at(poster, dt.datetime(2026, 3, 2, 9, 0), nps=1, comment="This month")
    complaints.create_complaint(owner, channel=Channel.WEB, summary="Low survey score",
                                category_id=Category.get(Category.name == "Other").id,
                                from_response_id=followed)
    page = _surveys_page(window)
    view = page.answers_view

    view.show_choice.setCurrentIndex(view.show_choice.findText("Not followed up yet"))
    view.period_choice.setCurrentIndex(view.period_choice.findText("Last month"))
    assert _column(page, COMMENT_COLUMN) == ["Nobody called back"]
    assert view.count_note.text() == "1 answer" and not view.older_button.isVisible()

    view.show_choice.setCurrentIndex(view.show_choice.findText("With a comment"))
    view.period_choice.setCurrentIndex(view.period_choice.findText("This month"))
    assert _column(page, COMMENT_COLUMN) == ["This month"]

    view.period_choice.setCurrentIndex(view.period_choice.findText("Last 7 days"))  # 14 to 20 March
    assert page.answers.rowCount() == 0 and not view.count_note.isVisible()
    assert view.empty_note.isVisible() and view.empty_note.text() == "No answers match this choice."

    page.forget_user_state()  # another person logs in: all answers again
    assert view.show_choice.currentText() == "All answers" and view.period_choice.currentText() == "All time"
    assert page.answers.rowCount() == 4 and view.count_note.text() == "4 answers"


@pytest.fixture
def spanish_at_12pt(qapp: QApplication) -> Iterator[None]:
    for _themed in themed_at(qapp, 12):
        i18n.set_language("es")
        yield
        i18n.set_language("en")


@pytest.mark.parametrize("size", [(1180, 760), (1366, 768)], ids=["1180x760", "1366x768"])
def test_the_choices_the_count_and_the_button_fit_in_spanish_at_12_pt(
    qtbot: QtBot, spanish_at_12pt: None, owner: Staff, poster: SurveyCard, db_path: Path, size: tuple[int, int]
) -> None:
    start = clock.utcnow() - dt.timedelta(days=3)
    for n in range(60):
        answer_at(poster, start + dt.timedelta(minutes=n), csat=1 + n % 5, comment="Muy lento en caja")
    win = MainWindow(owner, str(db_path))
    qtbot.add_widget(win)
    win.resize(*size)
    win.show()
    qtbot.wait_exposed(win)
    page = _surveys_page(win)
    view = page.answers_view
    settle_layout()

    def whole(widget: QWidget) -> bool:
        place = QRect(widget.mapTo(page, QPoint(0, 0)), widget.size())
        hint = widget.heightForWidth(widget.width()) if widget.hasHeightForWidth() else widget.sizeHint().height()
        wide_enough = widget.hasHeightForWidth() or widget.width() >= widget.sizeHint().width()
        return (widget.isVisible() and page.rect().contains(place) and wide_enough
                and widget.height() >= hint and widget.visibleRegion().boundingRect() == widget.rect())

    for widget in (view.show_choice, view.period_choice, view.count_note, view.older_button):
        assert whole(widget), widget.objectName()
    assert page.answers.viewport().height() >= 5 * page.answers.rowHeight(0)  # the list stays worth reading
    win.survey_server.shutdown()
