"""Typing in a paper card: what the dialog says is in sight, and codes are written as the card prints them.

Issue #5 (a 1366×768 laptop, Spanish, 12 pt): Save with nothing ticked put its message below
the visible part of the dialog, so Save seemed to do nothing; a code that was not found
wrapped the card line and cut the contact box in half; the messages wrote "5PA8T7QF" where
the card and the placeholder write "K7PM-Q2XD".
"""

from __future__ import annotations

import re

from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from smallcs import surveys
from smallcs.models import Staff, Survey
from smallcs.models.enums import Question, ResponseSource
from smallcs.surveys.definitions import SurveyDefinition, create_survey
from smallcs.ui.screen_fit import usable_size
from smallcs.ui.surveys.paper_entry import PaperEntryDialog
from tests.surveys.conftest import a_complaint
from tests.ui.conftest import settle_layout, shown
from tests.ui.surveys.dialogs import printed_code

GROUPED = re.compile(r"\b[A-Z2-9]{4}-[A-Z2-9]{4}\b")


def _open(qtbot: QtBot, actor: Staff) -> PaperEntryDialog:
    dialog = PaperEntryDialog(actor)
    qtbot.add_widget(dialog)
    return shown(qtbot, dialog)



def _in_sight(dialog: PaperEntryDialog, widget: QWidget) -> bool:
    """The widget's whole height and its left edge (where its text starts) are in the part the dialog shows.

    At 15 pt on the tests' 800-pixel screen the content is wider than the window and scrolls sideways.
    """
    viewport = dialog.scroll.viewport()
    shown = QRect(widget.mapTo(viewport, QPoint(0, 0)), widget.size())
    return (widget.isVisible() and 0 <= shown.top() and shown.bottom() < viewport.height()
            and 0 <= shown.left() < viewport.width())


def test_save_with_nothing_ticked_shows_its_message_in_sight(qtbot: QtBot, owner: Staff, clerk: Staff,
                                                             survey: Survey, look: str) -> None:
    card = surveys.issue_cards(owner, survey_id=survey.id, count=1)[0]
    dialog = _open(qtbot, clerk)
    dialog.code.setText(card.short_code)
    dialog.find()
    settle_layout()

    dialog.save()

    assert dialog.message.property("role") == "error" and dialog.message.text()
    qtbot.waitUntil(lambda: _in_sight(dialog, dialog.message), timeout=2000)
    assert dialog.screen().availableGeometry().contains(dialog.frameGeometry())


def test_the_window_grows_with_its_content_up_to_the_screen(qtbot: QtBot, owner: Staff, clerk: Staff,
                                                            survey: Survey, look: str) -> None:
    long_name = "After a repair at the counter: weekday mornings, spring campaign, second shop"
    wordy = create_survey(owner, SurveyDefinition(name=long_name, questions=tuple(Question),
                                                  languages=("en",)))
    card = surveys.issue_cards(owner, survey_id=wordy, count=1, complaint_id=a_complaint(owner))[0]
    dialog = _open(qtbot, clerk)
    dialog.resize(dialog.minimumWidth(), dialog.minimumHeight())  # the narrowest: the survey's name wraps
    settle_layout()
    before = dialog.height()

    dialog.code.setText(card.short_code)
    dialog.find()
    settle_layout()

    assert dialog.card_label.height() > 2 * dialog.card_label.fontMetrics().lineSpacing() - 1
    room = usable_size(dialog).height()
    assert dialog.height() > before or before == room
    assert dialog.height() <= room
    if dialog.height() < room:  # room to spare: nothing is left to scroll to
        assert dialog.scroll.verticalScrollBar().maximum() == 0
        assert dialog.contact.visibleRegion().boundingRect().height() == dialog.contact.height()


def test_a_code_not_found_leaves_the_contact_box_whole(qtbot: QtBot, clerk: Staff, survey: Survey,
                                                       look: str) -> None:
    dialog = _open(qtbot, clerk)
    dialog.code.setText("zzzz zzzz")  # wraps the card line to two lines in Spanish
    dialog.find()
    settle_layout()

    assert "ZZZZ-ZZZZ" in dialog.card_label.text()
    if dialog.height() < usable_size(dialog).height():  # room to spare: the box is not cut by the edge
        assert dialog.contact.visibleRegion().boundingRect().height() == dialog.contact.height()
    else:  # a full screen: the content scrolls instead
        assert dialog.scroll.verticalScrollBar().maximum() > 0


def test_codes_are_written_in_groups_of_four_as_printed(qtbot: QtBot, owner: Staff, clerk: Staff,
                                                        survey: Survey) -> None:
    card = surveys.issue_cards(owner, survey_id=survey.id, count=1)[0]
    dialog = _open(qtbot, clerk)
    assert GROUPED.search(dialog.code.placeholderText())

    dialog.code.setText("zzzzzzzz")
    dialog.find()
    assert dialog.card_label.text() == "No card has the code ZZZZ-ZZZZ. Check the letters against the card."

    dialog.code.setText("x" * 5000)  # a paste gone wrong: echoed short, still grouped
    dialog.find()
    assert "XXXX-XXXX-XXXX-XXXX-XXXX…" in dialog.card_label.text()
    assert len(dialog.card_label.text()) < 200

    dialog.code.setText(card.short_code.lower())
    dialog.find()
    assert dialog.code.text() == printed_code(card)  # as typed from the card, whatever the case

    dialog.scales[Question.CSAT].set_value(5)
    dialog.save()
    assert dialog.message.text() == f"Saved the answers of card {printed_code(card)}. Type the next code."


def test_a_card_answered_already_says_when_and_how(qtbot: QtBot, owner: Staff, clerk: Staff,
                                                   survey: Survey) -> None:
    """Staff holding a filled-in card can tell whether it is the answer that came (by phone, or typed in
    before) or a second one (survey review: it only said "already has its answer")."""
    by_phone, on_paper = surveys.issue_cards(owner, survey_id=survey.id, count=2)
    surveys.record_response(token=by_phone.token, csat=4, nps=9, ces=6, comment=None, contact_requested=False,
                            language="en", source=ResponseSource.QR)
    surveys.record_paper_response(clerk, short_code=on_paper.short_code, csat=2, nps=None, ces=None,
                                  comment=None, contact_requested=False)
    dialog = _open(qtbot, clerk)
    for card, how in ((by_phone, " was answered by phone on "), (on_paper, "'s answers were typed in on ")):
        dialog.code.setText(card.short_code)
        dialog.find()
        text = dialog.message.text()
        assert text.startswith(f"This card{how}") and text.endswith(": nothing to type in.")
        assert re.search(r"\d{4}, \d{1,2}:\d{2}", text)  # the day and time it came
        assert not dialog.save_button.isEnabled()
