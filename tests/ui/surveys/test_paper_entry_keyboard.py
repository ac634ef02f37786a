"""Typing in a paper card without a mouse: the code, Enter, every scale's answer, the comment, Save.

A keyboard review found the dialog opened with the focus nowhere visible, left it on the row of
boxes (which showed no focus and ignored digits) after Find, and let Tab and the arrow keys reach
only the first box of each scale. Every key here is pressed on the widget that has the focus.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QRadioButton
from pytestqt.qtbot import QtBot

from smallcs import surveys
from smallcs.models import Staff, Survey, SurveyResponse
from smallcs.models.enums import Question
from smallcs.ui.surveys.paper_entry import PaperEntryDialog, ScaleChoice
from tests.surveys.conftest import a_complaint
from tests.ui.conftest import focused, shown


def _open(qtbot: QtBot, actor: Staff) -> PaperEntryDialog:
    """The dialog on screen and active, as it is when opened from the Surveys page."""
    dialog = shown(qtbot, PaperEntryDialog(actor))
    qtbot.add_widget(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def _press(qtbot: QtBot, *keys: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    for key in keys:
        qtbot.keyClick(focused(), key, modifier)


def _type(qtbot: QtBot, text: str) -> None:
    qtbot.keyClicks(focused(), text)


def _box(scale: ScaleChoice) -> int:
    """The number of the box that has the focus, which must be one of ``scale``'s."""
    box = focused()
    assert isinstance(box, QRadioButton) and box in scale.group.buttons(), box
    return scale.group.id(box)


def _find_by_keys(qtbot: QtBot, dialog: PaperEntryDialog, code: str) -> None:
    assert focused() is dialog.code  # it opens ready for the code
    _type(qtbot, code)
    _press(qtbot, Qt.Key.Key_Return)
    assert dialog.save_button.isEnabled(), dialog.card_label.text()


def test_a_whole_card_is_typed_in_with_the_keyboard_only(qtbot: QtBot, owner: Staff, clerk: Staff,
                                                         survey: Survey) -> None:
    card = surveys.issue_cards(owner, survey_id=survey.id, count=1, complaint_id=a_complaint(owner))[0]
    dialog = _open(qtbot, clerk)
    csat, nps, ces = (dialog.scales[q] for q in (Question.CSAT, Question.NPS, Question.CES))
    assert dialog.keys_hint.isVisible() and "for 10 type 1 then 0" in dialog.keys_hint.text()

    _find_by_keys(qtbot, dialog, card.short_code.lower())
    assert _box(csat) == 1  # a box, with its focus outline, not the row around it

    _type(qtbot, "4")
    assert (csat.value(), _box(csat)) == (4, 4)
    _press(qtbot, Qt.Key.Key_Tab)
    assert _box(nps) == 0
    _type(qtbot, "10")
    assert (nps.value(), _box(nps)) == (10, 10)
    _press(qtbot, Qt.Key.Key_Tab)
    assert _box(ces) == 1
    _press(qtbot, *[Qt.Key.Key_Right] * 5)
    assert (_box(ces), ces.value()) == (6, None)  # the arrows move, they do not tick
    _press(qtbot, Qt.Key.Key_Space)
    assert ces.value() == 6
    _press(qtbot, Qt.Key.Key_Tab)
    assert focused() is dialog.comment
    _type(qtbot, "Quick and kind")
    _press(qtbot, Qt.Key.Key_Tab)
    assert focused() is dialog.contact
    _press(qtbot, Qt.Key.Key_Space)
    _press(qtbot, Qt.Key.Key_Tab)
    assert focused() is dialog.save_button
    with qtbot.waitSignal(dialog.recorded):
        _press(qtbot, Qt.Key.Key_Space)

    stored = SurveyResponse.get()
    assert (stored.card_id, stored.csat, stored.nps, stored.ces, stored.comment, stored.contact_requested,
            stored.source) == (card.id, 4, 10, 6, "Quick and kind", True, "paper")
    assert focused() is dialog.code and dialog.code.text() == ""  # ready for the next card


def test_shift_tab_goes_back_to_the_box_ticked_and_ctrl_s_saves(qtbot: QtBot, owner: Staff, clerk: Staff,
                                                                 survey: Survey) -> None:
    card = surveys.issue_cards(owner, survey_id=survey.id, count=1)[0]
    dialog = _open(qtbot, clerk)
    csat, nps = dialog.scales[Question.CSAT], dialog.scales[Question.NPS]
    _find_by_keys(qtbot, dialog, card.short_code)
    _type(qtbot, "2")
    _press(qtbot, Qt.Key.Key_Tab)
    _press(qtbot, Qt.Key.Key_Right, Qt.Key.Key_Right, Qt.Key.Key_Down)
    assert _box(nps) == 3
    _press(qtbot, Qt.Key.Key_Tab, modifier=Qt.KeyboardModifier.ShiftModifier)
    assert _box(csat) == 2
    _press(qtbot, Qt.Key.Key_Up)
    assert (_box(csat), csat.value()) == (1, 2)
    with qtbot.waitSignal(dialog.recorded):
        _press(qtbot, Qt.Key.Key_S, modifier=Qt.KeyboardModifier.ControlModifier)
    stored = SurveyResponse.get()
    assert (stored.csat, stored.nps, stored.ces) == (2, None, None)


def test_digits_follow_one_rule_on_every_scale(qtbot: QtBot, owner: Staff, clerk: Staff, survey: Survey) -> None:
    card = surveys.issue_cards(owner, survey_id=survey.id, count=1)[0]
    dialog = _open(qtbot, clerk)
    csat, nps = dialog.scales[Question.CSAT], dialog.scales[Question.NPS]
    _find_by_keys(qtbot, dialog, card.short_code)

    _type(qtbot, "3")
    _type(qtbot, "8")  # no box 8 (nor 38) on a 1–5 card: the 3 stays
    assert (csat.value(), _box(csat)) == (3, 3)
    _type(qtbot, "5")  # 35 is not on the scale either: 5 alone is
    assert csat.value() == 5

    _press(qtbot, Qt.Key.Key_Tab)
    for typed, ticked in (("1", 1), ("0", 10), ("0", 0), ("7", 7), ("1", 1)):
        _type(qtbot, typed)
        assert (nps.value(), _box(nps)) == (ticked, ticked), typed
    _press(qtbot, Qt.Key.Key_Right)  # another key ends the number: this 0 is 0, not 10
    _type(qtbot, "0")
    assert nps.value() == 0
    _type(qtbot, "1")
    _press(qtbot, Qt.Key.Key_Tab, modifier=Qt.KeyboardModifier.ShiftModifier)
    _press(qtbot, Qt.Key.Key_Tab)  # leaving the row and coming back ends it too
    _type(qtbot, "0")
    assert nps.value() == 0


def test_space_and_a_second_click_clear_a_box_ticked_by_mistake(qtbot: QtBot, owner: Staff, clerk: Staff,
                                                                 survey: Survey) -> None:
    card = surveys.issue_cards(owner, survey_id=survey.id, count=1)[0]
    dialog = _open(qtbot, clerk)
    csat, ces = dialog.scales[Question.CSAT], dialog.scales[Question.CES]
    _find_by_keys(qtbot, dialog, card.short_code)
    _type(qtbot, "4")
    _press(qtbot, Qt.Key.Key_Space)
    assert csat.value() is None
    _press(qtbot, Qt.Key.Key_Left, Qt.Key.Key_Space)
    assert csat.value() == 3

    five = ces.group.button(5)
    qtbot.mouseClick(five, Qt.MouseButton.LeftButton)
    assert ces.value() == 5
    qtbot.mouseClick(ces.group.button(2), Qt.MouseButton.LeftButton)
    assert ces.value() == 2  # one box at a time
    qtbot.mouseClick(ces.group.button(2), Qt.MouseButton.LeftButton)
    assert ces.value() is None


def test_a_code_not_found_keeps_the_focus_to_type_it_again(qtbot: QtBot, clerk: Staff, survey: Survey) -> None:
    dialog = _open(qtbot, clerk)
    _type(qtbot, "ZZZZ2222")
    _press(qtbot, Qt.Key.Key_Return)
    assert "No card has the code ZZZZ-2222" in dialog.card_label.text()
    assert focused() is dialog.code and not dialog.save_button.isEnabled()
    _type(qtbot, "K7PM")  # the wrong code was selected: typing replaces it
    assert dialog.code.text() == "K7PM"
