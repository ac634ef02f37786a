"""The Surveys page's list of surveys on a counter laptop (issues #4, #5).

In a 1180 px wide window, at the usual text size and at 15 pt, in English and Spanish,
every column is in sight without scrolling sideways: the counts show their figures
whole, every column's title shows whole (on two lines where one would not fit), and a
long survey name wraps or ends in "…" with the whole name in its tooltip. The list is as
tall as its surveys: no empty box under one survey, five in sight without scrolling.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QStyleOptionViewItem, QTableWidgetItem
from pytestqt.qtbot import QtBot

from smallcs import surveys
from smallcs.models import Staff, Survey
from smallcs.models.enums import Question, ResponseSource
from smallcs.surveys.definitions import SurveyDefinition, create_survey
from smallcs.ui.main_window import PAGE_NAMES, MainWindow
from smallcs.ui.surveys.page import SurveysPage
from smallcs.ui.surveys.survey_table import SurveyTable

LONG_NAME = "Deliveries and collections from the warehouse on Harbour Street"
TEXT_COLUMNS, NUMBER_COLUMNS = (0, 1, 2), (3, 4, 5)


@pytest.fixture
def open_page(qtbot: QtBot, owner: Staff, db_path: Path, look: str) -> Iterator[Callable[[], SurveysPage]]:
    """Opens the main window 1180 px wide (as tall as the walk-through's: 740 px, 900 px at 15 pt)
    on the Surveys page, once the test has made its surveys."""
    windows: list[MainWindow] = []

    def opened() -> SurveysPage:
        win = MainWindow(owner, str(db_path))
        qtbot.add_widget(win)
        windows.append(win)
        win.resize(1180, 900 if QApplication.font().pointSizeF() >= 15 else 740)
        win.show()
        qtbot.waitExposed(win)
        win.show_page(PAGE_NAMES.index("surveys"))
        page = win.page("surveys")
        assert isinstance(page, SurveysPage)
        _settle()
        return page

    yield opened
    for win in windows:
        win.close()


def _settle() -> None:
    for _ in range(5):  # the layout sizes the list, the list fits its columns and rows, the layout again
        QApplication.processEvents()


def _add_surveys(owner: Staff, *names: str) -> None:
    for name in names:
        create_survey(owner, SurveyDefinition(name=name, questions=(Question.CSAT, Question.NPS, Question.COMMENT),
                                              languages=("en", "es")))


def _answered_cards(owner: Staff, survey: Survey, printed: int, answered: int) -> None:
    """``printed`` single-use cards of ``survey``, ``answered`` of them answered: counts with a rate."""
    cards = surveys.issue_cards(owner, survey_id=survey.id, count=printed)
    for card in cards[:answered]:
        surveys.record_response(token=card.token, csat=4, nps=9, ces=6, comment=None, contact_requested=False,
                                language="en", source=ResponseSource.QR)


def _assert_every_column_in_sight(table: SurveyTable) -> None:
    header = table.horizontalHeader()
    assert table.horizontalScrollBar().maximum() == 0
    assert sum(header.sectionSize(column) for column in range(table.columnCount())) <= table.viewport().width()
    for column, title in enumerate(table.titles):
        shown = table.horizontalHeaderItem(column).text()
        assert shown.replace("\n", " ") == title  # a long title goes onto two lines, word for word
        assert header.sectionSize(column) >= header.sectionSizeHint(column), f"title {shown!r} is cut"
    for column in NUMBER_COLUMNS:
        assert table.columnWidth(column) >= table.sizeHintForColumn(column), f"a figure of {table.titles[column]}"
    for row in range(table.rowCount()):
        for column in TEXT_COLUMNS:
            item = table.item(row, column)
            assert item.toolTip() == item.text()  # the whole text, however little of it shows
            if item.text() != LONG_NAME:
                assert _shown_whole(table, item), f"{item.text()!r} is cut"


def _shown_whole(table: SurveyTable, item: QTableWidgetItem) -> bool:
    """Whether ``item``'s text, wrapped at its column's width, fits its row (measured as the view draws it)."""
    option = QStyleOptionViewItem()
    table.initViewItemOption(option)
    index = table.indexFromItem(item)
    option.rect = table.visualRect(index)
    needed = table.itemDelegate().sizeHint(option, index)
    lines = needed.height() <= table.rowHeight(item.row())
    return lines and needed.width() <= table.columnWidth(item.column())


def _assert_rows_fill_the_list(table: SurveyTable, rows_in_sight: int) -> None:
    """The first ``rows_in_sight`` rows show whole, with less than a row of empty space under them."""
    viewport = table.viewport().height()
    last = rows_in_sight - 1
    bottom = table.rowViewportPosition(last) + table.rowHeight(last)
    assert bottom <= viewport, "the last row is cut"
    assert viewport - bottom < table.verticalHeader().defaultSectionSize() // 2, "an empty box under the rows"


def test_one_survey_in_sight_whole(owner: Staff, survey: Survey, open_page: Callable[[], SurveysPage]) -> None:
    _answered_cards(owner, survey, printed=3, answered=1)
    table = open_page().surveys
    assert table.rowCount() == 1
    assert table.item(0, 4).text().startswith("1 (33")
    _assert_every_column_in_sight(table)
    _assert_rows_fill_the_list(table, 1)


def test_five_surveys_with_a_long_name(owner: Staff, survey: Survey, open_page: Callable[[], SurveysPage]) -> None:
    _answered_cards(owner, survey, printed=3, answered=1)
    _add_surveys(owner, LONG_NAME, "Counter", "Phone orders", "Repairs")
    table = open_page().surveys
    assert table.rowCount() == 5
    _assert_every_column_in_sight(table)
    _assert_rows_fill_the_list(table, 5)
    assert table.verticalScrollBar().maximum() == 0


def test_more_surveys_scroll_within_five_rows(owner: Staff, survey: Survey,
                                              open_page: Callable[[], SurveysPage]) -> None:
    _add_surveys(owner, *(f"Survey {number}" for number in range(2, 9)))
    table = open_page().surveys
    assert table.rowCount() == 8
    assert table.verticalScrollBar().maximum() > 0
    _assert_every_column_in_sight(table)  # the vertical scroll bar takes no column's room
    _assert_rows_fill_the_list(table, 5)


def test_the_columns_follow_the_window(owner: Staff, survey: Survey, open_page: Callable[[], SurveysPage]) -> None:
    """Wider, the long name gets its line back; narrower again, everything is still in sight."""
    _add_surveys(owner, LONG_NAME)
    page = open_page()
    table, window = page.surveys, page.window()
    window.resize(2400, window.height())
    _settle()
    _assert_every_column_in_sight(table)
    assert all(table.rowHeight(row) == table.verticalHeader().defaultSectionSize()
               for row in range(table.rowCount()))
    assert all(table.horizontalHeaderItem(column).text() == table.titles[column] for column in NUMBER_COLUMNS)
    window.resize(1180, window.height())
    _settle()
    _assert_every_column_in_sight(table)
