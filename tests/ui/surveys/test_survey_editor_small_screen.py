"""The survey editor on an 800 x 600 screen (the offscreen platform's): whole, in every look."""

from __future__ import annotations

import dataclasses

from PySide6.QtWidgets import QApplication, QLabel, QScrollArea
from pytestqt.qtbot import QtBot

from smallcs.models import Staff, Survey
from smallcs.models.enums import Question
from smallcs.surveys.definitions import get_survey, update_survey
from smallcs.ui.surveys.survey_editor import SurveyEditorDialog
from tests.ui.conftest import settle_layout, shown


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
    for button in (dialog.up_button, dialog.down_button):  # "Move down" was cut to "ove dow"
        assert button.width() >= button.sizeHint().width(), button.text()


def test_the_thank_you_language_choice_takes_no_room_of_its_own(
        qtbot: QtBot, owner: Staff, look: str) -> None:
    """With several languages a choice of the thank-you text's language appears under its label:
    beside the text box, not over it: the dialog stays inside the 800-pixel screen, nothing cut off."""
    survey = Survey.get(Survey.name == "Customer feedback")
    for languages in (("en",), ("en", "es", "fr", "de", "pt")):
        update_survey(owner, survey.id, dataclasses.replace(get_survey(survey.id).definition,
                                                            languages=languages))
        dialog = SurveyEditorDialog(owner, survey.id)
        qtbot.addWidget(dialog)
        shown(qtbot, dialog)
        choice = dialog.thank_you_texts.choice
        assert choice.isVisible() == (len(languages) > 1)
        assert QApplication.primaryScreen().availableGeometry().contains(dialog.frameGeometry())
        assert not dialog.findChild(QScrollArea).horizontalScrollBar().isVisible()
        dialog.close()
    assert choice.width() >= choice.sizeHint().width()  # "English (default)" whole
    box = dialog.thank_you
    assert box.mapTo(dialog, box.rect().topLeft()).y() <= choice.mapTo(dialog, choice.rect().topLeft()).y()
    assert choice.mapTo(dialog, choice.rect().bottomRight()).y() <= box.mapTo(dialog, box.rect().bottomLeft()).y()
    assert choice.mapTo(dialog, choice.rect().bottomRight()).x() < box.mapTo(dialog, box.rect().topLeft()).x()


def test_a_refusal_is_in_sight_above_the_buttons(qtbot: QtBot, owner: Staff, look: str) -> None:
    """A thank-you text too long, in a survey in all five languages (the tallest form): the message
    is on screen beside Save, not under the fold of the scrolled form (at 15 pt it was, with a
    sideways scroll bar)."""
    survey = Survey.get(Survey.name == "Customer feedback")
    update_survey(owner, survey.id, dataclasses.replace(get_survey(survey.id).definition,
                                                        languages=("en", "es", "fr", "de", "pt")))
    dialog = SurveyEditorDialog(owner, survey.id)
    qtbot.addWidget(dialog)
    shown(qtbot, dialog)
    dialog.thank_you.setPlainText("x" * 501)
    dialog.save_button.click()
    qtbot.waitUntil(dialog.error.isVisible)
    settle_layout()
    error = dialog.error
    assert error.visibleRegion().boundingRect() == error.rect()  # not clipped by the scrolled form
    assert not dialog.findChild(QScrollArea).horizontalScrollBar().isVisible()
    assert QApplication.primaryScreen().availableGeometry().contains(dialog.frameGeometry())
    assert error.height() >= error.heightForWidth(error.width())  # every line of it
    box = dialog.thank_you
    assert QApplication.focusWidget() is box and box.visibleRegion().boundingRect() == box.rect()  # scrolled to
