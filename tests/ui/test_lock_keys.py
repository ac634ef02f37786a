"""Ctrl+L and Ctrl+Shift+L leave the counter from any SmallCS window: also from a dialog that
blocks the main window (whose own shortcuts Qt then holds back), from a question such a
dialog asks in turn, and, once the dialogs are gone, from the main window and the other
windows again, exactly once each time.

The dialogs are opened as the app opens them (``open()``, never exec'd by the test); the
keys are real key presses on the focused widget.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
)
from pytestqt.qtbot import QtBot

from smallcs.models import AuditEvent, Staff
from smallcs.ui.main_window import MainWindow
from tests.conftest import OWNER_PASSWORD

Mod = Qt.KeyboardModifier


@pytest.fixture
def window(window: MainWindow) -> Iterator[MainWindow]:
    yield window
    for widget in QApplication.topLevelWidgets():  # nothing left over for the next test
        if widget is not window and isinstance(widget, QDialog) and widget.isVisible():
            widget.done(QDialog.DialogCode.Rejected)


class NoteDialog(QDialog):
    """A dialog of the app's kind: a box to type in, opened window-modal over the main window."""

    def __init__(self, parent: MainWindow) -> None:
        super().__init__(parent)
        self.setWindowTitle("Note")
        self.note = QLineEdit(self)
        QVBoxLayout(self).addWidget(self.note)


def _unlock(qtbot: QtBot, window: MainWindow) -> None:
    form = window.lock_screen.form
    if form.username.text() != "olivia":
        form.username.clear()
        qtbot.keyClicks(form.username, "olivia")
    qtbot.keyClicks(form.password, OWNER_PASSWORD)
    qtbot.keyClick(form.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not window.is_locked())


def _locks() -> int:
    return AuditEvent.select().where(AuditEvent.action == "lock").count()


def test_ctrl_l_from_a_blocking_dialog_and_from_its_question(qtbot: QtBot, window: MainWindow) -> None:
    dialog = NoteDialog(window)
    dialog.open()
    qtbot.keyClicks(dialog.note, "Half a note")
    question = QMessageBox(QMessageBox.Icon.Question, "Question", "Carry on?",
                           QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, dialog)
    answers: list[object] = []
    question.finished.connect(lambda _result: answers.append(question.clickedButton()))
    question.open()  # blocks the dialog in turn
    qtbot.keyClick(question, Qt.Key.Key_L, Mod.ControlModifier)
    assert window.is_locked() and _locks() == 1
    assert answers == [None] and not dialog.isVisible()  # the question withdrawn unanswered, the dialog kept
    _unlock(qtbot, window)
    assert dialog.isVisible() and dialog.note.text() == "Half a note"
    qtbot.keyClick(dialog.note, Qt.Key.Key_L, Mod.ControlModifier)  # the dialog blocks the window again
    assert window.is_locked() and _locks() == 2


def test_ctrl_shift_l_from_a_blocking_dialog_switches_user(qtbot: QtBot, window: MainWindow) -> None:
    dialog = NoteDialog(window)
    dialog.open()
    qtbot.keyClick(dialog.note, Qt.Key.Key_L, Mod.ControlModifier | Mod.ShiftModifier)
    assert window.is_locked()
    assert window.lock_screen.form.username.text() == ""  # the switch-user screen


def test_after_the_dialog_the_keys_lock_once_from_every_window(qtbot: QtBot, window: MainWindow,
                                                               owner: Staff) -> None:
    dialog = NoteDialog(window)
    dialog.open()
    dialog.accept()
    window.show_customers()  # a window that blocks nothing
    customers = window.customers_dialog
    assert customers is not None
    qtbot.keyClick(customers, Qt.Key.Key_L, Mod.ControlModifier)
    assert window.is_locked() and _locks() == 1
    _unlock(qtbot, window)
    window.activateWindow()  # (offscreen, the closed Customers dialog leaves no window active)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window, Qt.Key.Key_L, Mod.ControlModifier)
    assert window.is_locked() and _locks() == 2


def _press_in_popup(qtbot: QtBot, key_modifiers: Qt.KeyboardModifier) -> None:
    """Ctrl(+Shift)+L as a person presses it with a menu or drop-down list open: into the popup."""
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is not None)
    popup = QApplication.activePopupWidget()
    qtbot.keyClick(popup, Qt.Key.Key_L, key_modifiers)


def test_ctrl_shift_l_with_a_drop_down_list_open_in_a_blocking_dialog(qtbot: QtBot, window: MainWindow) -> None:
    dialog = QDialog(window)
    choice = QComboBox(dialog)
    choice.addItems(["Phone", "Email", "Counter"])
    QVBoxLayout(dialog).addWidget(choice)
    dialog.open()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    choice.showPopup()
    _press_in_popup(qtbot, Mod.ControlModifier | Mod.ShiftModifier)
    assert window.is_locked() and _locks() == 1
    assert window.lock_screen.form.username.text() == ""  # the switch-user screen
    assert QApplication.activePopupWidget() is None and choice.currentText() == "Phone"  # closed, nothing chosen


def test_ctrl_l_with_a_context_menu_open_in_a_blocking_dialog(qtbot: QtBot, window: MainWindow) -> None:
    dialog = NoteDialog(window)
    dialog.open()
    qtbot.keyClicks(dialog.note, "Half a note")
    where = QPoint(5, 5)
    QApplication.sendEvent(dialog.note, QContextMenuEvent(QContextMenuEvent.Reason.Mouse, where,
                                                          dialog.note.mapToGlobal(where)))
    _press_in_popup(qtbot, Mod.ControlModifier)  # the line edit's own right-click menu (Undo, Cut, ...)
    assert window.is_locked() and _locks() == 1
    assert QApplication.activePopupWidget() is None and not dialog.isVisible()
    _unlock(qtbot, window)
    assert dialog.isVisible() and dialog.note.text() == "Half a note"  # kept, untouched by the menu
