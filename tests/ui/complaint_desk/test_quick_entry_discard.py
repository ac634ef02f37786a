"""Esc in quick entry asks before throwing typed text away; the question waits without blocking,
and a screen lock takes it away unanswered, keeping the text."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from smallcs import drafts
from smallcs.models import Complaint, Staff
from smallcs.ui.complaint_desk.quick_entry import QuickEntryDialog
from smallcs.ui.main_window import MainWindow
from tests.conftest import OWNER_PASSWORD
from tests.ui.complaint_desk import conftest as shared

_background_reads_finish = shared._background_reads_finish


def _question_after_esc(qtbot: QtBot, dialog: QuickEntryDialog) -> QMessageBox:
    """Esc where the keyboard is: the call returns with the question up and holding the keyboard."""
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    box = dialog.discard_box
    assert box is not None and box.isVisible() and dialog.isVisible()
    qtbot.waitUntil(box.isActiveWindow)
    assert box.text() == "Discard this complaint?"
    assert box.informativeText() == "What you typed will be lost."
    return box


def _typed(qtbot: QtBot, dialog: QuickEntryDialog, text: str) -> None:
    """Alt+M into Su&mmary and type there."""
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_M, Qt.KeyboardModifier.AltModifier)
    assert QApplication.focusWidget() is dialog.summary
    qtbot.keyClicks(dialog.summary, text)


@pytest.mark.parametrize("key", [Qt.Key.Key_Return, Qt.Key.Key_Escape])
def test_enter_or_esc_on_the_question_keeps_editing(qtbot: QtBot, owner: Staff, dialog: QuickEntryDialog,
                                                    key: Qt.Key) -> None:
    _typed(qtbot, dialog, "Half-typed complaint")
    dialog.save_draft_now()  # as the autosave does every few seconds
    box = _question_after_esc(qtbot, dialog)
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel)  # never Discard
    qtbot.keyClick(QApplication.focusWidget(), key)
    qtbot.waitUntil(lambda: not box.isVisible())
    assert dialog.discard_box is None and dialog.isVisible()
    assert dialog.summary.text() == "Half-typed complaint"
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.keyClicks(QApplication.focusWidget(), ", and more")  # typing goes on where it stopped
    assert dialog.summary.text() == "Half-typed complaint, and more"
    assert [d.data["summary"] for d in drafts.pending_drafts(owner)] == ["Half-typed complaint"]


def test_discard_chosen_with_the_keyboard_closes_and_forgets_the_draft(
        qtbot: QtBot, owner: Staff, dialog: QuickEntryDialog) -> None:
    _typed(qtbot, dialog, "Not a complaint after all")
    dialog.save_draft_now()
    box = _question_after_esc(qtbot, dialog)
    discard = box.button(QMessageBox.StandardButton.Discard)
    for _n in range(len(box.buttons())):
        if QApplication.focusWidget() is discard:
            break
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is discard
    qtbot.keyClick(discard, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert dialog.discard_box is None
    assert drafts.pending_drafts(owner) == [] and Complaint.select().count() == 0


def test_esc_again_while_asking_asks_once(qtbot: QtBot, owner: Staff, dialog: QuickEntryDialog) -> None:
    _typed(qtbot, dialog, "Typed")
    box = _question_after_esc(qtbot, dialog)
    dialog.reject()  # Cancel, or Esc reaching the form another way
    assert dialog.discard_box is box
    assert len([w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]) == 1


def test_an_empty_form_closes_at_once(qtbot: QtBot, dialog: QuickEntryDialog) -> None:
    qtbot.keyClick(dialog.channel, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and dialog.discard_box is None


def test_the_idle_lock_takes_the_question_away_unanswered_and_keeps_the_text(
        qtbot: QtBot, window: MainWindow, owner: Staff) -> None:
    window.idle_lock.ms_per_minute = 60  # a minute lasts 60 ms here
    window.new_complaint()
    form = window.quick_entry
    assert isinstance(form, QuickEntryDialog)
    qtbot.waitUntil(form.isActiveWindow)
    _typed(qtbot, form, "Till receipt printed blank")
    _question_after_esc(qtbot, form)
    window.idle_lock.set_minutes(1)
    qtbot.waitUntil(window.is_locked, timeout=5000)  # the question does not hold the lock back
    window.idle_lock.ms_per_minute = 60_000
    # Nobody passing by can answer it: the lock screen is all there is.
    assert [w.windowTitle() for w in QApplication.topLevelWidgets() if w.isVisible()] == [window.windowTitle()]
    assert [d.data["summary"] for d in drafts.pending_drafts(owner)] == ["Till receipt printed blank"]
    qtbot.keyClicks(window.lock_screen.form.password, OWNER_PASSWORD)
    qtbot.keyClick(window.lock_screen.form.password, Qt.Key.Key_Return)
    qtbot.waitUntil(form.isVisible)  # back, not thrown away; the question is not asked again
    assert window.quick_entry is form and form.summary.text() == "Till receipt printed blank"
    assert form.discard_box is None
