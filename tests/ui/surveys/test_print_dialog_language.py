"""The Print cards dialog's card language: offered from the survey, shown in the preview, printed on the cards."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from pytestqt.qtbot import QtBot

from smallcs.models import Staff, Survey, SurveyCard
from smallcs.surveys.definitions import (
    SurveyDefinition,
    create_survey,
    get_survey,
    update_survey,
)
from smallcs.ui.surveys.print_dialog import PrintCardsDialog
from tests.reports.readback import page_text
from tests.ui.surveys.dialogs import choose_layout, finish, open_dialog
from tests.ui.surveys.rendering import recorded_text


def _languages(dialog: PrintCardsDialog) -> list[tuple[str, str]]:
    return [(dialog.language.itemData(i), dialog.language.itemText(i)) for i in range(dialog.language.count())]


def _choose(dialog: PrintCardsDialog, code: str) -> None:
    index = dialog.language.findData(code)
    assert index >= 0, f"{code} is not offered"
    dialog.language.setCurrentIndex(index)


def _preview(dialog: PrintCardsDialog) -> str:
    assert dialog.preview.page is not None, dialog.preview.message
    return recorded_text(dialog.preview.page)


def _offer(actor: Staff, survey: Survey, *languages: str) -> None:
    definition = get_survey(survey.id).definition
    update_survey(actor, survey.id, dataclasses.replace(definition, languages=languages))


def test_the_card_language_lists_the_surveys_languages_and_starts_with_the_apps(
    qtbot: QtBot, manager: Staff, survey: Survey,
) -> None:
    _offer(manager, survey, "de", "en", "es")
    dialog = open_dialog(qtbot, manager)

    assert _languages(dialog) == [("de", "Deutsch"), ("en", "English"), ("es", "Español")]
    assert dialog.language.currentData() == "en"  # the app's language, though the survey lists German first
    assert dialog.form.labelForField(dialog.language).buddy() is dialog.language  # Alt+G reaches it
    text = _preview(dialog)
    assert "Tell us how we did" in text and "How satisfied were you with Corner Shop?" in text


def test_a_survey_without_the_apps_language_starts_with_its_first(qtbot: QtBot, manager: Staff,
                                                                   survey: Survey) -> None:
    _offer(manager, survey, "fr", "es")
    dialog = open_dialog(qtbot, manager)
    assert dialog.language.currentData() == "fr"
    assert "satisfait(e) de Corner Shop" in _preview(dialog)


def test_choosing_spanish_changes_the_preview_and_the_cards(qtbot: QtBot, manager: Staff, survey: Survey,
                                                            out: Path) -> None:
    _offer(manager, survey, "en", "es")
    dialog = open_dialog(qtbot, manager)
    choose_layout(dialog, "receipt-80mm")
    dialog.count.setValue(2)
    english = _preview(dialog)

    _choose(dialog, "es")
    spanish = _preview(dialog)
    assert english != spanish
    for words in ("Cuéntenos su experiencia", "Escanee el código", "Código:", "Comentario:",
                  "¿Cuál es su grado de satisfacción con Corner Shop?", "1 = Muy insatisfecho", "5 = Muy satisfecho"):
        assert words in spanish
    for words in ("Tell us how we did", "Scan the code", "Comment:", "How satisfied", "Very satisfied"):
        assert words not in spanish

    with qtbot.waitSignal(dialog.cards_issued, timeout=20_000):
        dialog.save_pdf(out / "cards.pdf")
    finish(qtbot, dialog)
    printed = " ".join(page_text(out / "cards.pdf").split())
    assert printed.count("Cuéntenos su experiencia") == 2 and "Tell us how we did" not in printed
    assert printed.count("1 = Muy insatisfecho") == 2
    assert SurveyCard.select().count() == 2


def test_another_survey_keeps_the_language_when_it_has_it(qtbot: QtBot, manager: Staff, survey: Survey) -> None:
    _offer(manager, survey, "en", "es", "pt")
    questions = get_survey(survey.id).definition.questions
    create_survey(manager, SurveyDefinition(name="After repairs", questions=questions, languages=("pt", "en")))
    create_survey(manager, SurveyDefinition(name="Zz English only", questions=questions, languages=("en",)))
    dialog = open_dialog(qtbot, manager)
    _choose(dialog, "pt")

    dialog.survey.setCurrentIndex(dialog.survey.findText("After repairs"))
    assert _languages(dialog) == [("pt", "Português"), ("en", "English")]
    assert dialog.language.currentData() == "pt"
    assert "Qual é o seu grau de satisfação" in _preview(dialog)

    dialog.survey.setCurrentIndex(dialog.survey.findText("Zz English only"))
    assert _languages(dialog) == [("en", "English")] and dialog.language.currentData() == "en"
    assert "How satisfied were you" in _preview(dialog)


def test_the_language_waits_while_cards_are_written(qtbot: QtBot, manager: Staff, survey: Survey,
                                                    out: Path) -> None:
    dialog = open_dialog(qtbot, manager)
    dialog.count.setValue(1)
    with qtbot.waitSignal(dialog.cards_issued, timeout=20_000):
        dialog.save_pdf(out / "cards.pdf")
        assert not dialog.language.isEnabled()
    finish(qtbot, dialog)
    assert dialog.language.isEnabled()
