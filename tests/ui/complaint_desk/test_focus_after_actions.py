"""Where the keyboard is after a workflow action: on the complaint, never thrown to the navigation
(whose arrow keys would switch pages under the next thing typed)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from smallcs import complaints
from smallcs.models import Complaint, Staff
from smallcs.models.enums import Outcome
from smallcs.ui.complaint_desk.action_dialogs import ActionDialog
from smallcs.ui.main_window import MainWindow
from tests.ui.complaint_desk.conftest import choose_category, open_window
from tests.ui.conftest import focused


def _at_the_counter(qtbot: QtBot, owner: Staff, db_path: Path, complaint: Complaint | None) -> MainWindow:
    window = open_window(qtbot, owner, db_path, (1280, 800), complaint=complaint)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    return window


def _press_button(qtbot: QtBot, window: MainWindow, key: str) -> None:
    button = window.complaints_page.detail.workflow.buttons[key]
    button.setFocus()
    qtbot.keyClick(button, Qt.Key.Key_Space)


def _keyboard_once_back(qtbot: QtBot, window: MainWindow) -> QWidget:
    """Where the keyboard is once the window is active again after a dialog."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    return focused()


def _dialog_on_screen(qtbot: QtBot, window: MainWindow) -> ActionDialog:
    """The workflow dialog just opened, once it has the keyboard (a mnemonic clicks a moment later)."""
    workflow = window.complaints_page.detail.workflow
    qtbot.waitUntil(lambda: workflow.open_dialog is not None)
    dialog = workflow.open_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def _escalate_to_the_manager(qtbot: QtBot) -> None:
    """In the Escalate dialog: Mario chosen by typing, a reason, Ctrl+Enter."""
    qtbot.keyClicks(focused(), "Mario")
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    qtbot.keyClicks(focused(), "Asks for the manager")
    qtbot.keyClick(focused(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)


def test_after_reopening_the_keyboard_is_in_the_step_note(qtbot: QtBot, owner: Staff, db_path: Path,
                                                          shop: dict[str, Complaint]) -> None:
    complaints.resolve(owner, shop["parcel"].id, outcome=Outcome.REFUND)
    window = _at_the_counter(qtbot, owner, db_path, shop["parcel"])
    detail = window.complaints_page.detail
    _press_button(qtbot, window, "reopen")
    dialog = _dialog_on_screen(qtbot, window)
    qtbot.keyClicks(focused(), "Refund never arrived")
    qtbot.keyClick(focused(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert not dialog.isVisible() and not detail.workflow.buttons["reopen"].isVisible()
    assert window.focusWidget() is detail.step_entry.text
    assert _keyboard_once_back(qtbot, window) is detail.step_entry.text
    qtbot.keyClicks(focused(), "Called the bank")
    assert detail.step_entry.text.text() == "Called the bank"


def test_after_closing_the_keyboard_is_on_reopen(qtbot: QtBot, owner: Staff, db_path: Path,
                                                 shop: dict[str, Complaint]) -> None:
    complaints.resolve(owner, shop["parcel"].id, outcome=Outcome.APOLOGY)
    window = _at_the_counter(qtbot, owner, db_path, shop["parcel"])
    _press_button(qtbot, window, "close")
    workflow = window.complaints_page.detail.workflow
    assert not workflow.buttons["close"].isVisible()
    assert focused() is workflow.buttons["reopen"]


def test_a_dialog_cancelled_gives_the_keyboard_back_to_its_button(qtbot: QtBot, owner: Staff, db_path: Path,
                                                                  shop: dict[str, Complaint]) -> None:
    window = _at_the_counter(qtbot, owner, db_path, shop["parcel"])
    workflow = window.complaints_page.detail.workflow
    _press_button(qtbot, window, "escalate")
    dialog = workflow.open_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.keyClick(focused(), Qt.Key.Key_Escape)
    assert _keyboard_once_back(qtbot, window) is workflow.buttons["escalate"]


def test_after_escalating_the_keyboard_stays_on_the_complaint(qtbot: QtBot, owner: Staff, manager: Staff,
                                                              db_path: Path, shop: dict[str, Complaint]) -> None:
    window = _at_the_counter(qtbot, owner, db_path, shop["parcel"])
    detail = window.complaints_page.detail
    _press_button(qtbot, window, "escalate")
    _dialog_on_screen(qtbot, window)
    _escalate_to_the_manager(qtbot)
    assert Complaint.get_by_id(shop["parcel"].id).assigned_to_id == manager.id
    assert detail.isAncestorOf(_keyboard_once_back(qtbot, window))


def test_after_log_in_the_keyboard_is_in_the_complaint_list(qtbot: QtBot, owner: Staff, db_path: Path,
                                                             shop: dict[str, Complaint]) -> None:
    window = open_window(qtbot, owner, db_path, (1280, 800))
    qtbot.waitUntil(lambda: window.focusWidget() is window.complaints_page.table)


def test_an_action_taken_from_the_navigation_leaves_the_keyboard_on_the_complaint(
        qtbot: QtBot, owner: Staff, manager: Staff, db_path: Path, shop: dict[str, Complaint]) -> None:
    window = _at_the_counter(qtbot, owner, db_path, shop["parcel"])
    detail = window.complaints_page.detail
    window.navigation.setFocus()
    qtbot.keyClick(window.navigation, Qt.Key.Key_E, Qt.KeyboardModifier.AltModifier)  # &Escalate…
    _dialog_on_screen(qtbot, window)
    _escalate_to_the_manager(qtbot)
    assert Complaint.get_by_id(shop["parcel"].id).assigned_to_id == manager.id
    assert _keyboard_once_back(qtbot, window) is detail.step_entry.text


def test_after_saving_a_new_complaint_the_keyboard_is_on_its_next_step(qtbot: QtBot, owner: Staff,
                                                                        db_path: Path) -> None:
    window = _at_the_counter(qtbot, owner, db_path, None)
    qtbot.keyClick(focused(), Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    form = window.quick_entry
    assert form is not None
    qtbot.waitUntil(form.isActiveWindow)
    choose_category(qtbot, form)
    qtbot.keyClick(focused(), Qt.Key.Key_M, Qt.KeyboardModifier.AltModifier)  # Su&mmary
    qtbot.keyClicks(focused(), "Till receipt shows the wrong price")
    qtbot.keyClick(focused(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.quick_entry is None)
    detail = window.complaints_page.detail
    assert detail.complaint is not None and detail.complaint.summary == "Till receipt shows the wrong price"
    assert _keyboard_once_back(qtbot, window) is detail.step_entry.text
