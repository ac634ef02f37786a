"""The survey editor speaks the app's language: a new survey's cards default to it, and languages are named in it.

Issue #5: a new survey made in the Spanish app started in English, and the note under the
list read "Las tarjetas y la página de encuesta están en English." under a Spanish preview.
"""

from __future__ import annotations

import dataclasses

from pytestqt.qtbot import QtBot

from smallcs import i18n
from smallcs.models import Staff, Survey
from smallcs.surveys.definitions import get_survey, update_survey
from smallcs.ui.surveys.survey_editor import SurveyEditorDialog


def _editor(qtbot: QtBot, actor: Staff, survey_id: int | None = None) -> SurveyEditorDialog:
    dialog = SurveyEditorDialog(actor, survey_id)
    qtbot.add_widget(dialog)
    dialog.show()
    return dialog


def test_a_new_survey_in_the_spanish_app_is_printed_in_spanish(qtbot: QtBot, manager: Staff) -> None:
    i18n.set_language("es")
    editor = _editor(qtbot, manager)

    assert editor.chosen_languages() == ("es",)
    assert editor.printed_language.text() == "Las tarjetas y la página de encuesta están en español."

    editor.name.setText("Tras una reparación")
    editor.save()
    [stored] = Survey.select().where(Survey.name == "Tras una reparación")
    assert get_survey(stored.id).definition.languages == ("es",)


def test_a_new_survey_in_the_english_app_is_printed_in_english(qtbot: QtBot, manager: Staff) -> None:
    editor = _editor(qtbot, manager)

    assert editor.chosen_languages() == ("en",)
    assert editor.printed_language.text() == "Cards and the survey page are in English."


def test_the_spanish_app_names_an_english_survey_in_spanish(qtbot: QtBot, owner: Staff, manager: Staff,
                                                            survey: Survey) -> None:
    update_survey(owner, survey.id, dataclasses.replace(get_survey(survey.id).definition, languages=("en",)))
    i18n.set_language("es")
    editor = _editor(qtbot, manager, survey.id)

    assert editor.chosen_languages() == ("en",)  # a survey's own choice is kept
    assert editor.printed_language.text() == "Las tarjetas y la página de encuesta están en inglés."
