"""The Surveys page and its dialogs on a small screen at a large font (issues #5, #8).

Every dialog opens inside the free area of its screen with its buttons in sight (long
content scrolls instead), and no button of the page clips its label; in English and
Spanish, at the usual size and at 15 pt. The offscreen screen the tests run on is
800×800 pixels: narrower than the 1280×720 laptop of the issue.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QApplication, QDialog, QPushButton, QScrollArea, QWidget
from pytestqt.qtbot import QtBot

from smallcs import surveys
from smallcs.models import Staff, Survey
from smallcs.ui.main_window import PAGE_NAMES, MainWindow
from smallcs.ui.surveys.page import SurveysPage


@pytest.fixture
def shown_window(qtbot: QtBot, owner: Staff, db_path: Path, look: str) -> Iterator[MainWindow]:
    """The main window filling the screen's free area, on the Surveys page, built in the test's look."""
    win = MainWindow(owner, str(db_path))
    qtbot.add_widget(win)
    area = win.screen().availableGeometry()
    win.show()
    qtbot.waitExposed(win)
    frame = win.frameGeometry().size() - win.size()
    win.setGeometry(QRect(area.topLeft() + QPoint(frame.width() // 2, frame.height() // 2), area.size() - frame))
    win.show_page(PAGE_NAMES.index("surveys"))
    QApplication.processEvents()
    yield win
    win.close()


def _page(window: MainWindow) -> SurveysPage:
    page = window.page("surveys")
    assert isinstance(page, SurveysPage)
    return page


def _settle(dialog: QWidget) -> None:
    for _ in range(3):  # wrapped labels measure themselves after the first layout
        QApplication.processEvents()


def _on(dialog: QWidget, widget: QWidget) -> QRect:
    return QRect(widget.mapTo(dialog, QPoint(0, 0)), widget.size())


def _assert_fits(dialog: QDialog, *buttons: QPushButton) -> None:
    """The frame inside the screen's free area; each button shown whole inside the dialog."""
    _settle(dialog)
    area = dialog.screen().availableGeometry()
    assert area.contains(dialog.frameGeometry()), (dialog.frameGeometry(), area)
    for button in buttons:
        assert button.isVisible(), button.text()
        assert dialog.rect().contains(_on(dialog, button)), (button.text(), _on(dialog, button), dialog.rect())
        assert button.visibleRegion().boundingRect() == button.rect(), f"{button.text()} is partly hidden"


def _scrolls_to_the_end(dialog: QDialog) -> None:
    """What does not fit is reachable: the body's scroll range covers its content."""
    body = dialog.findChild(QScrollArea)
    assert body is not None
    content, viewport = body.widget(), body.viewport()
    assert body.verticalScrollBar().maximum() >= content.height() - viewport.height()
    assert body.horizontalScrollBar().maximum() >= content.width() - viewport.width()


def test_print_cards(qtbot: QtBot, shown_window: MainWindow, survey: Survey) -> None:
    page = _page(shown_window)
    page.open_print_dialog()
    dialog = page.print_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    _assert_fits(dialog, dialog.save_button, dialog.print_button, dialog.close_button)
    _scrolls_to_the_end(dialog)
    assert dialog.preview.width() > 0 and dialog.preview.height() > 0
    dialog.close()


def test_type_in_a_paper_card(qtbot: QtBot, shown_window: MainWindow, owner: Staff, survey: Survey) -> None:
    card = surveys.issue_cards(owner, survey_id=survey.id, count=1)[0]
    page = _page(shown_window)
    page.open_paper_entry()
    dialog = page.paper_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    dialog.code.setText(card.short_code)
    dialog.find()
    dialog.comment.setPlainText("x" * 5000)  # refused: a message appears under the form
    dialog.save()
    assert dialog.message.text()
    _assert_fits(dialog, dialog.save_button)
    # The screen has room for it all: the window grew with its message instead of scrolling.
    body = dialog.findChild(QScrollArea)
    assert body.verticalScrollBar().maximum() == 0
    assert _on(dialog, dialog.message).bottom() <= _on(dialog, body).bottom()
    dialog.close()


def test_survey_editor(qtbot: QtBot, shown_window: MainWindow, survey: Survey) -> None:
    page = _page(shown_window)
    page.select_survey(survey.id)
    page.edit_survey()
    dialog = page.editor
    assert dialog is not None
    qtbot.waitExposed(dialog)
    dialog.active.setChecked(False)  # a note appears under the form
    _assert_fits(dialog, dialog.save_button, dialog.cancel_button)
    _scrolls_to_the_end(dialog)
    dialog.close()


def test_import_answers(qtbot: QtBot, shown_window: MainWindow, tmp_path: Path) -> None:
    path = tmp_path / "answers.csv"
    with path.open("w", encoding="utf-8", newline="") as file:
        rows = csv.writer(file)
        rows.writerow(["Token", "How satisfied were you with the service you received today?",
                       "How likely are you to recommend us to a friend or colleague?", "Anything else?"])
        rows.writerows([f"token-{n}", "4", "9", "Kind staff and a quick answer " * 3] for n in range(40))
    page = _page(shown_window)
    page.open_import_dialog()
    dialog = page.import_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    dialog.load(path)
    dialog.set_column("token", "")  # three problems under the columns, in long sentences
    assert dialog.problems.isVisible()
    _assert_fits(dialog, dialog.import_button, dialog.close_button)
    _scrolls_to_the_end(dialog)
    dialog.close()


def _clipped(page: SurveysPage) -> list[str]:
    """The page's shown buttons whose label does not fit them, or that stand outside the page."""
    found = []
    for button in page.findChildren(QPushButton):
        if not button.isVisible():
            continue
        text = button.text().replace("&", "")
        room = button.width()
        if button.fontMetrics().horizontalAdvance(text) > room or room < button.sizeHint().width() \
                or not page.rect().contains(_on(page, button)):
            found.append(text)
    return found


def test_no_button_of_the_page_clips_its_label(shown_window: MainWindow) -> None:
    page = _page(shown_window)
    assert page.print_button.isVisible() and page.paper_button.isVisible()
    assert _clipped(page) == []
    page.tabs.setCurrentWidget(page.server_panel)
    _settle(page)
    assert page.server_panel.toggle.isVisible()
    assert _clipped(page) == []
