"""The survey editor: new surveys and changes land through the service, refusals keep the form."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QCheckBox,
    QGroupBox,
    QLabel,
    QWidget,
)
from pytestqt.qtbot import QtBot

from smallcs import surveys
from smallcs.models import AuditEvent, Staff, Survey, SurveyResponse
from smallcs.models.enums import Question, ResponseSource
from smallcs.surveys.cards import CardState
from smallcs.surveys.definitions import (
    SurveyDefinition,
    create_survey,
    get_survey,
    list_surveys,
)
from smallcs.ui.surveys.page import SurveysPage
from smallcs.ui.surveys.server_control import SurveyServerController
from smallcs.ui.surveys.survey_editor import SurveyEditorDialog
from smallcs.web.app import create_app

DEFAULT = "Customer feedback"


@pytest.fixture
def controller(db_path: Path) -> Iterator[SurveyServerController]:
    made = SurveyServerController(str(db_path))
    yield made
    made.shutdown()


def mnemonics(dialog: QWidget) -> list[str]:
    """The Alt+letter keys of a dialog's labels, buttons and boxes, sorted (a repeat shows twice)."""
    keys = []
    for widget in dialog.findChildren(QWidget):
        if isinstance(widget, QLabel | QAbstractButton | QGroupBox):
            text = widget.title() if isinstance(widget, QGroupBox) else widget.text()
            found = re.search(r"(?<!&)&([^&])", text)
            if found:
                keys.append(found.group(1).lower())
    return sorted(keys)


def _page(qtbot: QtBot, controller: SurveyServerController, actor: Staff) -> SurveysPage:
    page = SurveysPage(controller)
    qtbot.add_widget(page)
    page.set_actor(actor)
    page.refresh()
    page.resize(1000, 700)
    with qtbot.waitExposed(page):
        page.show()
    return page


def _open_new(qtbot: QtBot, page: SurveysPage) -> SurveyEditorDialog:
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    dialog = page.editor
    assert isinstance(dialog, SurveyEditorDialog) and dialog.isVisible()
    return dialog


def _row_of(page: SurveysPage, name: str) -> int:
    names = [page.surveys.item(row, 0).text() for row in range(page.surveys.rowCount())]
    assert name in names, names
    return names.index(name)


def _double_click(qtbot: QtBot, page: SurveysPage, name: str) -> None:
    """A double-click on the survey's row, as the mouse sends it: a click, then a double-click."""
    cell = page.surveys.visualItemRect(page.surveys.item(_row_of(page, name), 0)).center()
    qtbot.mouseClick(page.surveys.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    qtbot.mouseDClick(page.surveys.viewport(), Qt.MouseButton.LeftButton, pos=cell)


def _language_item(dialog: SurveyEditorDialog, code: str) -> int:
    for row in range(dialog.languages.count()):
        if dialog.languages.item(row).data(Qt.ItemDataRole.UserRole) == code:
            return row
    raise AssertionError(code)


def _tick_language(dialog: SurveyEditorDialog, code: str, ticked: bool = True) -> None:
    item = dialog.languages.item(_language_item(dialog, code))
    item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)


def _move_to_top(qtbot: QtBot, dialog: SurveyEditorDialog, code: str) -> None:
    dialog.languages.setCurrentRow(_language_item(dialog, code))
    while dialog.up_button.isEnabled():
        qtbot.mouseClick(dialog.up_button, Qt.MouseButton.LeftButton)


def _click_box(qtbot: QtBot, box: QCheckBox) -> None:
    """Click a check box on its box (the widget is as wide as the dialog; only the box and text toggle)."""
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(6, box.height() // 2))


def _stored_state() -> tuple[list[tuple[Any, ...]], int]:
    rows = [(s.id, s.name, s.questions, s.languages, s.thank_you_text, s.active)
            for s in Survey.select().order_by(Survey.id)]
    return rows, AuditEvent.select().count()


def test_a_new_survey_appears_in_the_table_and_the_service(
        qtbot: QtBot, controller: SurveyServerController, manager: Staff) -> None:
    page = _page(qtbot, controller, manager)
    dialog = _open_new(qtbot, page)
    # A new survey starts as the usual pair in English; each box shows what the customer reads.
    assert dialog.chosen_questions() == (Question.CSAT, Question.NPS, Question.COMMENT)
    assert dialog.chosen_languages() == ("en",)
    assert dialog.findChild(type(dialog.error), "wording_nps").text() == \
        "“How likely are you to recommend Corner Shop to a friend or colleague?”"

    qtbot.keyClicks(dialog.name, "  After   a repair ")
    _click_box(qtbot, dialog.question_boxes[Question.NPS])
    _click_box(qtbot, dialog.question_boxes[Question.CES])
    _click_box(qtbot, dialog.question_boxes[Question.CONTACT])
    _tick_language(dialog, "es")
    _tick_language(dialog, "fr")
    _move_to_top(qtbot, dialog, "fr")
    # The editor does not pretend to know a batch's language: Print cards asks for it.
    assert dialog.printed_language.text() == (
        "Each batch of cards is printed in one of these languages, chosen under “Card language” when"
        " printing. A card's survey page opens in its language; customers may switch to the others.")
    # The box still holds the language it held (English) after French moved to the top.
    assert dialog.thank_you_texts.choice.currentText() == "English"
    qtbot.keyClicks(dialog.thank_you, "Show this page at the till: a free coffee")
    dialog.thank_you.insertPlainText(" ☕")  # QTest types ASCII only
    with qtbot.wait_signal(dialog.saved) as saved:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.editor is None)

    [info] = [i for i in list_surveys() if i.id == saved.args[0]]
    assert info.definition.name == "After a repair"
    assert info.definition.questions == (Question.CSAT, Question.CES, Question.COMMENT, Question.CONTACT)
    assert info.definition.languages == ("fr", "en", "es")
    assert info.definition.thank_you_text == ""  # French, the first language, has none
    assert info.definition.thank_you_translations == {"en": "Show this page at the till: a free coffee ☕"}
    assert info.definition.active
    row = _row_of(page, "After a repair")
    assert [page.surveys.item(row, c).text() for c in (1, 2, 3)] == \
        ["CSAT, CES, comment, contact", "fr, en, es", "0"]
    assert page.selected_survey_id() == info.id  # chosen, so Print cards and Edit act on it


def test_keyboard_only(qtbot: QtBot, controller: SurveyServerController, owner: Staff) -> None:
    page = _page(qtbot, controller, owner)
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    page.new_button.setFocus()
    qtbot.keyClick(page.new_button, Qt.Key.Key_Space)
    dialog = page.editor
    assert isinstance(dialog, SurveyEditorDialog)
    qtbot.waitUntil(dialog.isActiveWindow)
    assert dialog.focusWidget() is dialog.name

    def focused() -> object:
        return QApplication.focusWidget()

    qtbot.keyClicks(dialog.name, "Phone orders")
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    assert focused() is dialog.question_boxes[Question.CSAT]
    qtbot.keyClick(focused(), Qt.Key.Key_E, Qt.KeyboardModifier.AltModifier)  # Customer effort (CES)
    assert focused() is dialog.question_boxes[Question.CES]
    qtbot.waitUntil(dialog.question_boxes[Question.CES].isChecked)  # a mnemonic clicks after a short flash
    qtbot.keyClick(focused(), Qt.Key.Key_L, Qt.KeyboardModifier.AltModifier)  # the Languages box
    assert focused() is dialog.languages
    qtbot.keyClick(dialog.languages, Qt.Key.Key_End)  # Português
    qtbot.keyClick(dialog.languages, Qt.Key.Key_Space)
    qtbot.keyClick(dialog.languages, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(dialog.languages, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert dialog.chosen_languages() == ("en", "pt")
    for _press in range(2):  # Move up, to the top
        with qtbot.wait_signal(dialog.up_button.clicked):
            qtbot.keyClick(focused(), Qt.Key.Key_U, Qt.KeyboardModifier.AltModifier)
    assert dialog.chosen_languages() == ("pt", "en")
    assert not dialog.up_button.isEnabled()
    # With two languages Alt+H first reaches which language's thank-you text to write, then Tab the box.
    qtbot.keyClick(focused(), Qt.Key.Key_H, Qt.KeyboardModifier.AltModifier)
    assert focused() is dialog.thank_you_texts.choice
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    assert focused() is dialog.thank_you
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)  # the thank-you box passes Tab on
    assert focused() is dialog.active
    with qtbot.wait_signal(dialog.saved):
        qtbot.keyClick(focused(), Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)

    stored = [i.definition for i in list_surveys() if i.definition.name == "Phone orders"]
    assert [(d.questions, d.languages) for d in stored] == \
        [((Question.CSAT, Question.NPS, Question.CES, Question.COMMENT), ("pt", "en"))]
    # One key per letter, and every control a screen reader lands on has a name.
    assert mnemonics(dialog) == sorted(set(mnemonics(dialog)))
    assert set(mnemonics(dialog)) == set("nqtwecmludhas")
    for control in (dialog.name, dialog.languages, dialog.thank_you_texts.choice, dialog.thank_you, dialog.active,
                    *dialog.question_boxes.values()):
        assert control.accessibleName()


def test_editing_keeps_printed_cards_working(
        qtbot: QtBot, controller: SurveyServerController, owner: Staff, db_path: Path) -> None:
    survey_id = Survey.get(Survey.name == DEFAULT).id
    [card, spare] = surveys.issue_cards(owner, survey_id=survey_id, count=2)
    page = _page(qtbot, controller, owner)
    _double_click(qtbot, page, DEFAULT)
    dialog = page.editor
    assert isinstance(dialog, SurveyEditorDialog) and dialog.windowTitle() == "Change survey"
    assert dialog.name.text() == DEFAULT and dialog.chosen_languages() == ("en", "es", "fr", "de", "pt")
    assert "2 cards are already printed: they keep working" in dialog.active_note.text()

    dialog.name.clear()
    qtbot.keyClicks(dialog.name, "Counter feedback")
    _click_box(qtbot, dialog.question_boxes[Question.CES])
    _move_to_top(qtbot, dialog, "es")
    _tick_language(dialog, "de", ticked=False)
    with qtbot.wait_signal(dialog.saved):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.editor is None)

    definition = get_survey(survey_id).definition
    assert definition.languages == ("es", "en", "fr", "pt")
    assert Question.CES not in definition.questions
    assert page.surveys.item(_row_of(page, "Counter feedback"), 3).text() == "2"
    # The QR on a card printed before the change opens the survey as it is now, in its new first language.
    assert surveys.look_up_card(card.token).state == CardState.OPEN
    client = create_app(db_target=str(db_path)).test_client()
    html = client.get(f"/s/{card.token}").get_data(as_text=True)
    assert '<html lang="es">' in html and "¿Cuál es su grado de satisfacción con Corner Shop?" in html
    assert "made it easy" not in html and "facilitó" not in html
    assert surveys.record_response(token=spare.token, csat=5, nps=10, ces=None, comment="Gracias",
                                   contact_requested=False, language="es",
                                   source=ResponseSource.QR) == surveys.ResponseOutcome.RECORDED
    assert SurveyResponse.get().survey_id == survey_id


def test_switching_a_survey_off_says_what_happens_to_its_cards(
        qtbot: QtBot, controller: SurveyServerController, owner: Staff) -> None:
    survey_id = Survey.get(Survey.name == DEFAULT).id
    [card] = surveys.issue_cards(owner, survey_id=survey_id, count=1)
    page = _page(qtbot, controller, owner)
    qtbot.mouseClick(page.edit_button, Qt.MouseButton.LeftButton)
    dialog = page.editor
    assert isinstance(dialog, SurveyEditorDialog)
    _click_box(qtbot, dialog.active)
    assert "take no answers" in dialog.active_note.text()
    with qtbot.wait_signal(dialog.saved):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    row = _row_of(page, f"{DEFAULT} (switched off)")
    greyed = page.palette().color(QPalette.ColorRole.PlaceholderText)
    # greyed as well as named: a long name cut short in a narrow list would lose "(switched off)"
    assert all(page.surveys.item(row, column).foreground().color() == greyed
               for column in range(page.surveys.columnCount()))
    assert surveys.look_up_card(card.token).state == CardState.EXPIRED


def _refuse_blank_name(dialog: SurveyEditorDialog, qtbot: QtBot) -> None:
    qtbot.keyClicks(dialog.name, "   ")


def _refuse_taken_name(dialog: SurveyEditorDialog, qtbot: QtBot) -> None:
    qtbot.keyClicks(dialog.name, "CUSTOMER Feedback")


def _refuse_contact_only(dialog: SurveyEditorDialog, qtbot: QtBot) -> None:
    qtbot.keyClicks(dialog.name, "Call-backs")
    for question, box in dialog.question_boxes.items():
        box.setChecked(question == Question.CONTACT)


def _refuse_no_language(dialog: SurveyEditorDialog, qtbot: QtBot) -> None:
    qtbot.keyClicks(dialog.name, "Nobody reads it")
    _tick_language(dialog, "en", ticked=False)
    assert dialog.printed_language.text() == "Tick at least one language."


def _refuse_long_thank_you(dialog: SurveyEditorDialog, qtbot: QtBot) -> None:
    qtbot.keyClicks(dialog.name, "Chatty")
    dialog.thank_you.setPlainText("Thanks! " * 70)


@pytest.mark.parametrize(("fill", "message", "focus"), [
    (_refuse_blank_name, "Enter a name for the survey.", "name"),
    (_refuse_taken_name, "There is already a survey called 'CUSTOMER Feedback'.", "name"),
    (_refuse_contact_only, "Ask at least one question: CSAT, NPS, CES or a comment.", "question_csat"),
    (_refuse_no_language, "Choose at least one language.", "languages"),
    (_refuse_long_thank_you, "The thank-you text is too long (500 characters at most).", "thank_you"),
], ids=["blank name", "taken name", "contact only", "no language", "long thank-you"])
def test_a_refused_new_survey_keeps_the_dialog_and_stores_nothing(
        qtbot: QtBot, controller: SurveyServerController, manager: Staff,
        fill: object, message: str, focus: str) -> None:
    page = _page(qtbot, controller, manager)
    before = _stored_state()
    dialog = _open_new(qtbot, page)
    fill(dialog, qtbot)  # type: ignore[operator]
    typed = dialog.definition()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    assert dialog.isVisible() and page.editor is dialog
    assert dialog.error.isVisible() and dialog.error.text() == message
    assert dialog.error.textFormat() == Qt.TextFormat.PlainText
    assert dialog.definition() == typed  # nothing typed is lost
    widget = {"name": dialog.name, "question_csat": dialog.question_boxes[Question.CSAT],
              "languages": dialog.languages, "thank_you": dialog.thank_you}[focus]
    assert dialog.focusWidget() is widget  # the cursor goes where the fix is
    assert _stored_state() == before
    assert page.surveys.rowCount() == 1

    # Corrected, the same dialog saves.
    dialog.name.setText("Fixed survey")
    for question in (Question.CSAT, Question.COMMENT):
        dialog.question_boxes[question].setChecked(True)
    _tick_language(dialog, "en")
    dialog.thank_you.setPlainText("")
    with qtbot.wait_signal(dialog.saved):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isHidden() and page.surveys.rowCount() == 2


def test_a_refused_change_stores_nothing(qtbot: QtBot, controller: SurveyServerController, owner: Staff,
                                         manager: Staff) -> None:
    create_survey(owner, SurveyDefinition(name="Deliveries", questions=(Question.CSAT,), languages=("en",)))
    page = _page(qtbot, controller, manager)
    before = _stored_state()
    page.select_survey(Survey.get(Survey.name == DEFAULT).id)
    qtbot.mouseClick(page.edit_button, Qt.MouseButton.LeftButton)
    dialog = page.editor
    assert isinstance(dialog, SurveyEditorDialog)
    dialog.name.setText("deliveries")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.error.text() == "There is already a survey called 'deliveries'."
    assert dialog.name.text() == "deliveries"
    assert _stored_state() == before


def test_only_managers_and_the_owner_edit_and_import(
        qtbot: QtBot, controller: SurveyServerController, clerk: Staff, manager: Staff) -> None:
    page = _page(qtbot, controller, clerk)
    for button in (page.new_button, page.edit_button, page.import_button):
        assert not button.isVisibleTo(page)
    _double_click(qtbot, page, DEFAULT)
    assert page.editor is None  # a double-click opens nothing for a clerk
    page.new_survey()
    page.open_import_dialog()
    assert page.editor is None and page.import_dialog is None

    page.set_actor(manager)
    for button in (page.new_button, page.edit_button, page.import_button):
        assert button.isVisibleTo(page)
