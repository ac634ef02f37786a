"""The app-wide keys while a dialog blocks the main window, with a drop-down list or a
context menu open inside it (Qt lets application shortcuts through an open popup, past
any modality): Ctrl+N and Ctrl+Shift+C open nothing over the dialog, Ctrl+L still locks.
Behind the lock screen the dialog and an open quick entry wait, hidden; they come back
as they were to the person who left them, and never show to anyone else.

The dialogs are the app's own, opened as a person opens them; a dialog running its own
event loop is driven from inside that loop (``QTimer.singleShot``), never left to block
the test. The keys are real key presses into the open popup.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QFileDialog,
    QLineEdit,
    QMessageBox,
    QWidget,
)
from pytestqt.qtbot import QtBot

from smallcs import drafts, settings
from smallcs.models import Staff
from smallcs.ui.complaint_desk.quick_entry import QuickEntryDialog
from smallcs.ui.customer_dialog import CustomerDialog
from smallcs.ui.main_window import PAGE_NAMES, MainWindow
from smallcs.ui.reports_page import ReportsPage
from smallcs.ui.surveys.page import SurveysPage
from smallcs.ui.surveys.paper_entry import PaperEntryDialog
from smallcs.ui.surveys.print_dialog import PrintCardsDialog
from tests.conftest import OWNER_PASSWORD, STAFF_PASSWORD
from tests.reports.readback import BASE_URL
from tests.ui.complaint_desk import conftest as shared

_cheap_password_hashes = shared._cheap_password_hashes

Mod = Qt.KeyboardModifier
CTRL_N = (Qt.Key.Key_N, Mod.ControlModifier)
CTRL_SHIFT_C = (Qt.Key.Key_C, Mod.ControlModifier | Mod.ShiftModifier)
CTRL_L = (Qt.Key.Key_L, Mod.ControlModifier)


@pytest.fixture
def window(qtbot: QtBot, owner: Staff, clerk: Staff, db_path: Path) -> Iterator[MainWindow]:
    """The main window, Olivia (owner) logged in; Sam (staff) may log in at the lock screen."""
    settings.save_profile(owner, dataclasses.replace(settings.get_profile(), survey_base_url=BASE_URL))
    win = MainWindow(owner, str(db_path))
    qtbot.add_widget(win)
    win.show()
    qtbot.wait_exposed(win)
    yield win
    for _attempt in range(5):
        if (popup := QApplication.activePopupWidget()) is not None:
            popup.close()
    for widget in QApplication.topLevelWidgets():  # nothing left over for the next test
        if widget is not win and isinstance(widget, QDialog) and widget.isVisible():
            widget.done(QDialog.DialogCode.Rejected)
        if isinstance(widget, QuickEntryDialog):
            widget.close()


def _on_screen() -> list[QWidget]:
    """The windows a person at the counter could see."""
    return [w for w in QApplication.topLevelWidgets()
            if w.isVisible() and w.windowType() in (Qt.WindowType.Window, Qt.WindowType.Dialog)]


def _press_into_popup(qtbot: QtBot, keys: tuple[Qt.Key, Qt.KeyboardModifier]) -> None:
    """A key as a person presses it with a drop-down list or menu open: into the popup."""
    popup = QApplication.activePopupWidget()
    assert popup is not None
    qtbot.keyClick(popup, *keys)


def _drop_down(qtbot: QtBot, combo: QComboBox) -> None:
    combo.showPopup()
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is not None)


def _context_menu(qtbot: QtBot, edit: QLineEdit) -> None:
    """The line edit's own right-click menu (Undo, Cut, Copy, ...)."""
    where = QPoint(5, 5)
    QApplication.sendEvent(edit, QContextMenuEvent(QContextMenuEvent.Reason.Mouse, where, edit.mapToGlobal(where)))
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is not None)


def _unlock(qtbot: QtBot, window: MainWindow, username: str, password: str) -> None:
    form = window.lock_screen.form
    if form.username.text() != username:
        form.username.clear()
        qtbot.keyClicks(form.username, username)
    qtbot.keyClicks(form.password, password)
    qtbot.keyClick(form.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not window.is_locked())


def _surveys_page(window: MainWindow) -> SurveysPage:
    window.show_page(PAGE_NAMES.index("surveys"))
    page = window.page("surveys")
    assert isinstance(page, SurveysPage)
    return page


def _opened(qtbot: QtBot, dialog: QDialog | None) -> QDialog:
    """The dialog a button opened, active and blocking the main window."""
    assert isinstance(dialog, QDialog)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    assert QApplication.activeModalWidget() is dialog
    return dialog


def _open_print_cards(qtbot: QtBot, window: MainWindow) -> PrintCardsDialog:
    """Surveys → Print cards…: opened over the main window, which it blocks while open."""
    page = _surveys_page(window)
    page.print_button.click()
    dialog = _opened(qtbot, page.print_dialog)
    assert isinstance(dialog, PrintCardsDialog)
    return dialog


def _open_paper_entry(qtbot: QtBot, window: MainWindow) -> PaperEntryDialog:
    """Surveys → Enter a paper card…: the same kind of dialog, with a box to type in."""
    page = _surveys_page(window)
    page.paper_button.click()
    dialog = _opened(qtbot, page.paper_dialog)
    assert isinstance(dialog, PaperEntryDialog)
    return dialog


def _main_window_active(qtbot: QtBot, window: MainWindow) -> None:
    window.activateWindow()  # (offscreen, a closed dialog leaves no window active)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def _nothing_opened_over(qtbot: QtBot, dialog: QWidget, window: MainWindow) -> None:
    """No window came up over ``dialog``, the popup still open."""
    qtbot.wait(20)  # (anything queued by the keys has had its turn)
    assert window.quick_entry is None and window.customers_dialog is None
    assert not [w for w in _on_screen() if isinstance(w, (QuickEntryDialog, CustomerDialog))]
    assert QApplication.activeModalWidget() is dialog and QApplication.activePopupWidget() is not None


# --- a dialog opened over the main window (Print cards, paper entry) ---------------------------------

def test_window_keys_do_nothing_with_a_drop_down_open_in_print_cards(qtbot: QtBot, window: MainWindow) -> None:
    dialog = _open_print_cards(qtbot, window)
    _drop_down(qtbot, dialog.layout_choice)
    _press_into_popup(qtbot, CTRL_N)
    _nothing_opened_over(qtbot, dialog, window)
    _press_into_popup(qtbot, CTRL_SHIFT_C)
    _nothing_opened_over(qtbot, dialog, window)

    dialog.close_button.click()  # the dialog answered: the keys open their windows again
    _main_window_active(qtbot, window)
    qtbot.keyClick(window, *CTRL_N)
    assert isinstance(window.quick_entry, QuickEntryDialog) and window.quick_entry.isVisible()
    qtbot.keyClick(window.quick_entry, *CTRL_SHIFT_C)  # (and from quick entry, which blocks nothing)
    assert isinstance(window.customers_dialog, CustomerDialog) and window.customers_dialog.isVisible()


def test_window_keys_do_nothing_with_a_context_menu_open_in_paper_entry(qtbot: QtBot, window: MainWindow) -> None:
    dialog = _open_paper_entry(qtbot, window)
    _context_menu(qtbot, dialog.code)
    _press_into_popup(qtbot, CTRL_N)
    _nothing_opened_over(qtbot, dialog, window)
    _press_into_popup(qtbot, CTRL_SHIFT_C)
    _nothing_opened_over(qtbot, dialog, window)


# --- a dialog in its own event loop (the system's file chooser, Reports → Choose…) --------------------

def test_a_file_chooser_with_a_drop_down_open_opens_nothing_and_ctrl_l_cancels_it(
        qtbot: QtBot, window: MainWindow) -> None:
    window.show_page(PAGE_NAMES.index("reports"))
    page = window.page("reports")
    assert isinstance(page, ReportsPage)
    chosen_before = page.path.text()
    seen: dict[str, object] = {}

    def inside_the_choosers_loop() -> None:
        """Notes what happens instead of asserting: an error raised in the chooser's loop would
        leave the chooser open and the test waiting."""
        chooser = QApplication.activeModalWidget()
        seen["modality"] = chooser.windowModality() if chooser is not None else None
        try:
            assert isinstance(chooser, QFileDialog)
            _drop_down(qtbot, chooser.findChild(QComboBox, "fileTypeCombo"))
            _press_into_popup(qtbot, CTRL_N)
            _press_into_popup(qtbot, CTRL_SHIFT_C)
            qtbot.wait(20)
            seen["opened"] = [type(w).__name__ for w in _on_screen()
                              if isinstance(w, (QuickEntryDialog, CustomerDialog))]
            _press_into_popup(qtbot, CTRL_L)
        except Exception as exc:  # noqa: BLE001 (reported by the test body)
            seen["error"] = repr(exc)
        finally:
            if chooser is not None and chooser.isVisible():  # never left to block the test
                seen["left open"] = True
                chooser.reject()

    QTimer.singleShot(0, inside_the_choosers_loop)
    page.choose_path()  # "Choose…": returns once the chooser is gone
    assert seen == {"modality": Qt.WindowModality.ApplicationModal, "opened": []}
    assert window.is_locked() and page.path.text() == chosen_before  # cancelled: no file chosen
    assert _on_screen() == [window]
    _unlock(qtbot, window, "olivia", OWNER_PASSWORD)
    assert _on_screen() == [window]
    _main_window_active(qtbot, window)
    qtbot.keyClick(window, *CTRL_N)  # nothing blocks the window any more
    assert isinstance(window.quick_entry, QuickEntryDialog) and window.quick_entry.isVisible()


# --- Ctrl+L with quick entry open beside a blocking dialog -------------------------------------------

def _quick_entry_typed(qtbot: QtBot, window: MainWindow) -> QuickEntryDialog:
    """Ctrl+N, a phone call: the summary typed and a customer's name half typed into the look-up."""
    _main_window_active(qtbot, window)
    qtbot.keyClick(window, *CTRL_N)
    form = window.quick_entry
    assert isinstance(form, QuickEntryDialog)
    form.channel.setCurrentIndex(form.channel.findData("phone"))
    qtbot.keyClicks(form.summary, "Kettle leaks from the base")
    qtbot.keyClicks(form.lookup, "Ana Lu")
    return form


def _lock_from_a_drop_down_in_print_cards(qtbot: QtBot, window: MainWindow) -> PrintCardsDialog:
    """Print cards opened over the window (quick entry open beside it), a layout chosen,
    "Credit to" dropped down, then Ctrl+N (which would raise quick entry: nothing) and Ctrl+L."""
    dialog = _open_print_cards(qtbot, window)
    dialog.layout_choice.setCurrentIndex(dialog.layout_choice.findData("receipt-80mm"))
    _drop_down(qtbot, dialog.staff)
    _press_into_popup(qtbot, CTRL_N)
    qtbot.wait(20)
    assert QApplication.activeWindow() is dialog  # quick entry not raised over it
    assert QApplication.activePopupWidget() is not None
    _press_into_popup(qtbot, CTRL_L)
    assert window.is_locked()
    assert QApplication.activePopupWidget() is None and dialog.staff.currentIndex() == 0  # nothing chosen
    assert _on_screen() == [window]  # the lock screen only: no dialog, no quick entry
    return dialog


def test_ctrl_l_hides_quick_entry_and_the_dialog_and_brings_both_back_as_they_were(
        qtbot: QtBot, window: MainWindow, owner: Staff) -> None:
    form = _quick_entry_typed(qtbot, window)
    qtbot.wait(1100)  # a second on the phone
    dialog = _lock_from_a_drop_down_in_print_cards(qtbot, window)
    kept = [d.data["summary"] for d in drafts.pending_drafts(owner)]
    assert kept == ["Kettle leaks from the base"]  # a crash while locked loses nothing

    _unlock(qtbot, window, "olivia", OWNER_PASSWORD)
    assert window.quick_entry is form and form.isVisible()
    assert (form.summary.text(), form.lookup.text()) == ("Kettle leaks from the base", "Ana Lu")
    assert (form.call_seconds() or 0) >= 1  # the call timer still running
    assert dialog.isVisible() and dialog.layout_key == "receipt-80mm"
    assert QApplication.activeModalWidget() is dialog and QApplication.activeWindow() is dialog  # on top
    qtbot.wait(50)
    assert window.draft_box is None  # nothing to restore: the form itself came back


def test_after_ctrl_l_the_next_person_sees_neither_and_the_text_waits_for_its_typist(
        qtbot: QtBot, window: MainWindow, owner: Staff, clerk: Staff) -> None:
    form = _quick_entry_typed(qtbot, window)
    dialog = _lock_from_a_drop_down_in_print_cards(qtbot, window)

    _unlock(qtbot, window, "sam", STAFF_PASSWORD)
    qtbot.waitUntil(lambda: not shiboken6.isValid(form) and not shiboken6.isValid(dialog))  # closed, unseen
    assert _on_screen() == [window] and window.quick_entry is None
    qtbot.wait(50)
    assert window.draft_box is None  # Olivia's text is not Sam's to restore
    assert drafts.pending_drafts(clerk) == []
    _main_window_active(qtbot, window)
    qtbot.keyClick(window, *CTRL_N)
    assert isinstance(window.quick_entry, QuickEntryDialog) and window.quick_entry.summary.text() == ""
    window.quick_entry.close()

    window.lock(switching=True)
    _unlock(qtbot, window, "olivia", OWNER_PASSWORD)
    qtbot.waitUntil(lambda: window.draft_box is not None)
    window.draft_box.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: window.quick_entry is not None)
    assert window.quick_entry.summary.text() == "Kettle leaks from the base"
