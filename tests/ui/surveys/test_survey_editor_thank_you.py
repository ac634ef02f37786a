"""The survey editor writes a thank-you text per language (issue #5): nothing typed is lost."""

from __future__ import annotations

import dataclasses
import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from smallcs import i18n
from smallcs.models import AuditEvent, Staff, Survey
from smallcs.surveys.definitions import MAX_THANK_YOU_LENGTH, get_survey, update_survey
from smallcs.ui.surveys.survey_editor import SurveyEditorDialog
from tests.ui.conftest import shown
from tests.ui.surveys.test_survey_editor import _move_to_top, _tick_language, mnemonics
from tests.ui.test_accessibility import (
    mnemonic_clashes,
    unnamed_controls,
    unreachable_by_tab,
)

ENGLISH = "Show this page at the till for a free coffee"
SPANISH = "Enseñe esta página en caja: le invitamos a un café"


@pytest.fixture
def bilingual(owner: Staff, survey: Survey) -> Survey:
    """The shop's survey in English, then Spanish, with no thank-you text yet."""
    update_survey(owner, survey.id, dataclasses.replace(get_survey(survey.id).definition, languages=("en", "es")))
    return survey


def _editor(qtbot: QtBot, actor: Staff, survey: Survey) -> SurveyEditorDialog:
    dialog = SurveyEditorDialog(actor, survey.id)
    qtbot.add_widget(dialog)
    return shown(qtbot, dialog)


def _type(qtbot: QtBot, dialog: SurveyEditorDialog, words: str) -> None:
    """Type ``words`` into the thank-you box (QTest types ASCII only: the rest is inserted)."""
    dialog.thank_you.setFocus()
    if words.isascii():
        qtbot.keyClicks(dialog.thank_you, words)
    else:
        dialog.thank_you.insertPlainText(words)


def _save(qtbot: QtBot, dialog: SurveyEditorDialog) -> None:
    with qtbot.wait_signal(dialog.saved):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)


def _shown_language(dialog: SurveyEditorDialog) -> str:
    return str(dialog.thank_you_texts.choice.currentData())


def test_each_language_keeps_its_own_text_through_switching_saving_and_reopening(
        qtbot: QtBot, manager: Staff, bilingual: Survey) -> None:
    dialog = _editor(qtbot, manager, bilingual)
    choice = dialog.thank_you_texts.choice
    assert choice.isVisible()
    assert [choice.itemText(i) for i in range(choice.count())] == ["English (default)", "Español"]
    assert _shown_language(dialog) == "en"
    _type(qtbot, dialog, ENGLISH)
    # Ctrl+Page Down in the box goes on to Spanish: an empty box, saying what Spanish readers get.
    qtbot.keyClick(dialog.thank_you, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert _shown_language(dialog) == "es" and dialog.thank_you.toPlainText() == ""
    assert dialog.thank_you.placeholderText() == \
        "Optional, for customers reading Spanish. Left empty, they see the English text."
    assert dialog.thank_you.accessibleName() == "Thank-you text in Spanish"
    _type(qtbot, dialog, SPANISH)
    choice.setCurrentIndex(0)  # back to English, as the mouse or the arrow keys choose it
    assert dialog.thank_you.toPlainText() == ENGLISH
    choice.setCurrentIndex(1)
    assert dialog.thank_you.toPlainText() == SPANISH
    _save(qtbot, dialog)

    stored = get_survey(bilingual.id).definition
    assert stored.thank_you_text == ENGLISH
    assert stored.thank_you_translations == {"es": SPANISH}
    event = AuditEvent.select().order_by(AuditEvent.id.desc()).get()
    assert event.action == "survey.update" and "thank_you_translations" in event.detail

    again = _editor(qtbot, manager, bilingual)
    assert _shown_language(again) == "en" and again.thank_you.toPlainText() == ENGLISH
    again.thank_you_texts.choice.setCurrentIndex(1)
    assert again.thank_you.toPlainText() == SPANISH


def test_unticking_a_language_and_ticking_it_again_keeps_its_text(
        qtbot: QtBot, manager: Staff, bilingual: Survey) -> None:
    dialog = _editor(qtbot, manager, bilingual)
    dialog.thank_you_texts.choice.setCurrentIndex(1)
    _type(qtbot, dialog, SPANISH)
    _tick_language(dialog, "es", ticked=False)
    # One language: no choice to make, and the box is English's (still empty).
    assert not dialog.thank_you_texts.choice.isVisible()
    assert dialog.thank_you_texts.label.text() == "T&hank-you text:"
    assert dialog.thank_you.toPlainText() == ""
    _tick_language(dialog, "es")
    assert dialog.thank_you_texts.choice.isVisible()
    dialog.thank_you_texts.choice.setCurrentIndex(1)
    assert dialog.thank_you.toPlainText() == SPANISH
    _save(qtbot, dialog)
    assert get_survey(bilingual.id).definition.thank_you_translations == {"es": SPANISH}


def test_a_language_unticked_when_saving_keeps_no_text(
        qtbot: QtBot, manager: Staff, bilingual: Survey) -> None:
    dialog = _editor(qtbot, manager, bilingual)
    _type(qtbot, dialog, ENGLISH)
    dialog.thank_you_texts.choice.setCurrentIndex(1)
    _type(qtbot, dialog, SPANISH)
    _tick_language(dialog, "es", ticked=False)
    _save(qtbot, dialog)
    stored = get_survey(bilingual.id).definition
    assert (stored.languages, stored.thank_you_text, stored.thank_you_translations) == (("en",), ENGLISH, {})


def test_moving_a_language_to_the_top_makes_its_text_the_default(
        qtbot: QtBot, manager: Staff, bilingual: Survey) -> None:
    dialog = _editor(qtbot, manager, bilingual)
    _type(qtbot, dialog, ENGLISH)
    dialog.thank_you_texts.choice.setCurrentIndex(1)
    _type(qtbot, dialog, SPANISH)
    _move_to_top(qtbot, dialog, "es")
    choice = dialog.thank_you_texts.choice
    assert [choice.itemText(i) for i in range(choice.count())] == ["Español (default)", "English"]
    assert _shown_language(dialog) == "es" and dialog.thank_you.toPlainText() == SPANISH
    _save(qtbot, dialog)
    stored = get_survey(bilingual.id).definition
    assert (stored.languages, stored.thank_you_text, stored.thank_you_translations) == \
        (("es", "en"), SPANISH, {"en": ENGLISH})


def test_a_refused_text_is_shown_in_its_language_and_nothing_is_stored(
        qtbot: QtBot, manager: Staff, bilingual: Survey) -> None:
    dialog = _editor(qtbot, manager, bilingual)
    _type(qtbot, dialog, ENGLISH)
    dialog.thank_you_texts.choice.setCurrentIndex(1)
    dialog.thank_you.setPlainText("¡Gracias! " * (MAX_THANK_YOU_LENGTH // 5))
    dialog.thank_you_texts.choice.setCurrentIndex(0)  # the owner looks at English before saving
    before = AuditEvent.select().count()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.error.isVisible()
    assert dialog.error.text() == "The thank-you text in Spanish is too long (500 characters at most)."
    assert _shown_language(dialog) == "es" and dialog.thank_you.toPlainText().startswith("¡Gracias!")
    assert QApplication.focusWidget() is dialog.thank_you
    assert AuditEvent.select().count() == before
    assert get_survey(bilingual.id).definition.thank_you_text == ""


@pytest.mark.parametrize("language", i18n.APP_LANGUAGES)
def test_with_several_languages_each_control_is_named_reached_by_tab_and_keyed_once(
        qtbot: QtBot, manager: Staff, bilingual: Survey, language: str) -> None:
    i18n.set_language(language)
    dialog = _editor(qtbot, manager, bilingual)
    assert dialog.thank_you_texts.choice.isVisible()
    assert (unnamed_controls(dialog), unreachable_by_tab(dialog), mnemonic_clashes(dialog)) == ([], [], {})
    assert mnemonics(dialog) == sorted(set(mnemonics(dialog)))
    # The label's Alt+letter leads to the choice of language; Tab then to the box.
    letter = re.search(r"&(\w)", dialog.thank_you_texts.label.text())
    assert letter is not None
    qtbot.keyClick(dialog, Qt.Key(ord(letter.group(1).upper())), Qt.KeyboardModifier.AltModifier)
    assert QApplication.focusWidget() is dialog.thank_you_texts.choice
    qtbot.keyClick(dialog.thank_you_texts.choice, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.thank_you
