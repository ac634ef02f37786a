"""The latest answers keep readable colours when the desktop switches between light and dark."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from smallcs import surveys
from smallcs.models import Staff, Survey
from smallcs.models.enums import ResponseSource
from smallcs.ui import theme
from smallcs.ui.main_window import PAGE_NAMES, MainWindow
from smallcs.ui.surveys.answers_view import AnswersView
from smallcs.ui.theme import DARK, LIGHT, contrast_ratio
from tests.ui.conftest import following_the_system_scheme

CSAT = 2  # the CSAT column


@pytest.fixture(autouse=True)
def _quick_polls(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(AnswersView, "POLL_MS", 50)


@pytest.fixture
def following_the_system(qapp: QApplication) -> Iterator[QApplication]:
    yield from following_the_system_scheme(qapp)


def test_a_low_score_stays_in_the_error_colour_of_the_scheme_shown(
        qtbot: QtBot, following_the_system: QApplication, owner: Staff, survey: Survey, db_path: Path) -> None:
    [card] = surveys.issue_cards(owner, survey_id=survey.id, count=1)
    assert surveys.record_response(token=card.token, csat=1, nps=9, ces=6, comment="Cold food",
                                   contact_requested=False, language="en",
                                   source=ResponseSource.QR) == surveys.ResponseOutcome.RECORDED
    window = MainWindow(owner, str(db_path))
    qtbot.add_widget(window)
    window.resize(1000, 760)
    window.show()
    qtbot.wait_exposed(window)
    window.show_page(PAGE_NAMES.index("surveys"))
    table = window.pages.currentWidget().answers  # type: ignore[attr-defined]
    qtbot.wait_until(lambda: table.rowCount() == 1, timeout=5000)
    assert table.item(0, CSAT).foreground().color().name() == LIGHT.error.lower()

    theme.system_scheme_changed(following_the_system, Qt.ColorScheme.Dark)
    qtbot.wait_until(lambda: table.item(0, CSAT).foreground().color().name() == DARK.error.lower(), timeout=2000)
    background = table.palette().color(QPalette.ColorRole.Base)
    assert contrast_ratio(table.item(0, CSAT).foreground().color(), background) >= 4.5
    window.survey_server.shutdown()
