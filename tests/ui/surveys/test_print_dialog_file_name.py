"""The file name "Save as PDF" offers: a complaint's card by the complaint, a batch by its survey and day."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from smallcs.models import Complaint, Staff, Survey, SurveyCard
from smallcs.surveys.definitions import get_survey, update_survey
from smallcs.ui.surveys.print_dialog import PrintCardsDialog
from tests.ui.surveys.dialogs import finish, open_dialog


def _offered(dialog: PrintCardsDialog) -> QFileDialog:
    dialog.save_button.click()
    chooser = dialog.file_chooser
    assert isinstance(chooser, QFileDialog) and chooser.isVisible()
    return chooser


def test_a_complaints_card_is_named_after_the_complaint(qtbot: QtBot, clerk: Staff, resolved: Complaint,
                                                        out: Path) -> None:
    dialog = open_dialog(qtbot, clerk, complaint_id=resolved.id)
    chooser = _offered(dialog)
    offered = Path(chooser.selectedFiles()[0]).name
    assert offered == f"survey-card-{resolved.reference}.pdf"

    chooser.selectFile(str(out / offered))  # taken as offered: that file holds the card
    with qtbot.waitSignal(dialog.cards_issued, timeout=20_000):
        chooser.accept()
    finish(qtbot, dialog)
    assert (out / offered).is_file() and SurveyCard.get().complaint_id == resolved.id


def test_a_survey_name_no_file_may_hold_is_made_safe(qtbot: QtBot, manager: Staff, survey: Survey) -> None:
    renamed = dataclasses.replace(get_survey(survey.id).definition, name="Café / Bar: how was it?")
    update_survey(manager, survey.id, renamed)
    dialog = open_dialog(qtbot, manager)
    chooser = _offered(dialog)
    assert Path(chooser.selectedFiles()[0]).name == f"survey-cards-café-bar-how-was-it-{dt.date.today():%Y-%m-%d}.pdf"
    chooser.reject()
