"""The survey editor on an 800 x 600 screen (the offscreen platform's): whole, in every look."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QLabel, QScrollArea
from pytestqt.qtbot import QtBot

from smallcs.models import Staff, Survey
from smallcs.models.enums import Question
from smallcs.ui.surveys.survey_editor import SurveyEditorDialog
from tests.ui.conftest import shown


def test_the_editor_fits_the_screen_and_every_wording_reads_whole(qtbot: QtBot, owner: Staff, look: str) -> None:
    """The longest wording, on one line, made the dialog wider than the screen: its right edge
    (the language list) was cut off."""
    survey = Survey.get(Survey.name == "Customer feedback")
    dialog = SurveyEditorDialog(owner, survey.id)
    qtbot.addWidget(dialog)
    shown(qtbot, dialog)
    screen = QApplication.primaryScreen().availableGeometry()
    assert screen.width() == 800
    assert dialog.frameGeometry().width() <= screen.width()
    scroll = dialog.findChild(QScrollArea)
    assert not scroll.horizontalScrollBar().isVisible()
    for question in Question:
        wording = dialog.findChild(QLabel, f"wording_{question.value}")
        assert wording.heightForWidth(wording.width()) <= wording.height(), question
    languages = dialog.languages
    assert languages.mapTo(dialog, languages.rect().topRight()).x() < dialog.width()
