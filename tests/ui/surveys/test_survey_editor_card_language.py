"""The survey editor and Print cards agree on the language cards are printed in."""

from __future__ import annotations

import dataclasses
import itertools

from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from smallcs.models import Staff, Survey
from smallcs.surveys.definitions import get_survey, update_survey
from smallcs.ui.surveys.survey_editor import SurveyEditorDialog
from tests.ui.surveys.dialogs import open_dialog
from tests.ui.surveys.test_survey_editor import _tick_language


def _languages(owner: Staff, survey: Survey, languages: tuple[str, ...]) -> None:
    update_survey(owner, survey.id, dataclasses.replace(get_survey(survey.id).definition, languages=languages))


def _editor(qtbot: QtBot, actor: Staff, survey: Survey) -> SurveyEditorDialog:
    dialog = SurveyEditorDialog(actor, survey.id)
    qtbot.add_widget(dialog)
    dialog.show()
    return dialog


def test_with_several_languages_the_editor_leaves_the_choice_to_print_cards(
        qtbot: QtBot, owner: Staff, manager: Staff, survey: Survey) -> None:
    _languages(owner, survey, ("fr", "en", "es"))
    editor = _editor(qtbot, manager, survey)
    said = editor.printed_language.text()
    assert "chosen under “Card language” when printing" in said
    assert "Français" not in said and "printed in English" not in said

    # Print cards offers each of them, and prints in the one picked, not in the survey's first.
    printing = open_dialog(qtbot, manager)
    offered = [printing.language.itemData(row) for row in range(printing.language.count())]
    assert offered == ["fr", "en", "es"] and printing.language.currentData() == "en"
    printing.language.setCurrentIndex(printing.language.findData("es"))
    assert printing.request().language == "es"


def test_with_one_language_the_editor_names_it(qtbot: QtBot, owner: Staff, manager: Staff,
                                               survey: Survey) -> None:
    _languages(owner, survey, ("en",))
    editor = _editor(qtbot, manager, survey)
    assert editor.printed_language.text() == "Cards and the survey page are in English."

    _tick_language(editor, "de")
    assert "chosen under “Card language” when printing" in editor.printed_language.text()
    _tick_language(editor, "en", ticked=False)
    assert editor.printed_language.text() == "Cards and the survey page are in German."  # named in the app's language


def test_the_language_notes_have_room_in_any_look(qtbot: QtBot, owner: Staff, manager: Staff,
                                                  survey: Survey, look: str) -> None:
    """In English and Spanish, at 15 pt too, the list, its buttons and the notes under it do not overlap."""
    _languages(owner, survey, ("en", "es"))
    editor = _editor(qtbot, manager, survey)
    qtbot.waitExposed(editor)
    QApplication.processEvents()
    box = editor.languages.parentWidget()
    parts = [child for child in box.findChildren(QWidget) if child.parentWidget() is box and child.isVisible()]
    assert len(parts) == 5  # the list, two buttons, two notes
    for first, second in itertools.combinations(parts, 2):
        assert not first.geometry().intersects(second.geometry()), (first.objectName(), second.objectName())
    for part in parts:
        assert box.contentsRect().contains(part.geometry()), part.objectName()
