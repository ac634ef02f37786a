"""The first start on an empty database, through the app's own start-up (``start_session``):
the set-up wizard, then the main window for the new owner; the next start asks for a log-in."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QThreadPool, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWizard
from pytestqt.qtbot import QtBot

from smallcs import setup
from smallcs.models.connection import close_database, describe, open_database
from smallcs.ui.app import start_session
from smallcs.ui.first_run import FirstRunWizard
from smallcs.ui.login_dialog import LoginDialog
from smallcs.ui.main_window import MainWindow

PASSWORD = "harbour-secret-1"


class NewOwner:
    """Plays the shop's owner at the start-up's dialogs, as they show up (they run their own
    event loops): sets the shop up in the wizard, or logs in; remembers what was shown.

    Each dialog is answered once: one shown again (a wizard or log-in that refused) is
    cancelled, as is a message, so a start that goes wrong ends and the test fails, not hangs.
    Messages have a timer of their own: one shown while a dialog is being answered (an error
    on Finish) runs its event loop inside the other timer's call, where that timer stays still.
    """

    def __init__(self, qtbot: QtBot) -> None:
        self.qtbot = qtbot
        self.shown: list[str] = []
        self._timers = [QTimer(interval=20), QTimer(interval=20)]
        self._timers[0].timeout.connect(self._look)
        self._timers[1].timeout.connect(self._close_messages)
        for timer in self._timers:
            timer.start()

    def leave(self) -> None:
        for timer in self._timers:
            timer.stop()

    def _close_messages(self) -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QMessageBox) and widget.isVisible():
                self.shown.append(f"message: {widget.text()}")
                widget.reject()

    def _look(self) -> None:
        for widget in QApplication.topLevelWidgets():
            if not widget.isVisible():
                continue
            if isinstance(widget, FirstRunWizard):
                self._answer("wizard", widget, self._set_up)
            elif isinstance(widget, LoginDialog) and not widget.form.is_checking():
                self._answer("log-in", widget, self._log_in)
            else:
                continue
            return

    def _answer(self, name: str, dialog: QDialog, answer: Callable[[Any], None]) -> None:
        if name in self.shown:
            dialog.reject()
            return
        self.shown.append(name)
        try:
            answer(dialog)
        except BaseException:
            dialog.reject()
            raise

    def _log_in(self, dialog: LoginDialog) -> None:
        self.qtbot.keyClicks(dialog.form.username, "ines")
        self.qtbot.keyClicks(dialog.form.password, PASSWORD)
        self.qtbot.mouseClick(dialog.form.submit, Qt.MouseButton.LeftButton)

    def _set_up(self, wizard: FirstRunWizard) -> None:
        def click(button: QWizard.WizardButton) -> None:
            self.qtbot.mouseClick(wizard.button(button), Qt.MouseButton.LeftButton)

        self.qtbot.keyClicks(wizard.business.name, "Harbour Street Hardware")
        wizard.business.timezone.setCurrentText("Europe/Lisbon")
        click(QWizard.WizardButton.NextButton)
        page = wizard.owner_page
        assert wizard.currentPage() is page
        self.qtbot.keyClicks(page.display_name, "Ines Perez")  # suggests the user name "ines"
        self.qtbot.keyClicks(page.password, PASSWORD)
        self.qtbot.keyClicks(page.confirm, PASSWORD)
        click(QWizard.WizardButton.NextButton)
        assert wizard.currentPage() is wizard.data
        self.qtbot.mouseClick(wizard.data.empty, Qt.MouseButton.LeftButton)
        assert wizard.data.empty.isChecked()
        click(QWizard.WizardButton.FinishButton)


def _start(qtbot: QtBot, db_path: Path) -> tuple[MainWindow | None, int, list[str]]:
    """``run_app``'s start-up on the database at ``db_path``, opened afresh as a new start opens it."""
    open_database(db_path)
    person = NewOwner(qtbot)
    try:
        window, code = start_session(describe(str(db_path)))
    finally:
        person.leave()
    if window is not None:
        qtbot.add_widget(window)
    return window, code, person.shown


def _quit(window: MainWindow) -> None:
    window.close()
    QThreadPool.globalInstance().waitForDone(10_000)  # the window's loads, before the file is closed
    close_database()


def test_the_first_start_sets_the_shop_up_and_the_next_asks_for_a_log_in(qtbot: QtBot, db_path: Path) -> None:
    open_database(db_path)  # a new, empty database: migrated, no account yet
    assert setup.is_first_run()
    close_database()

    window, code, shown = _start(qtbot, db_path)
    assert shown == ["wizard"]
    assert window is not None and code == 0
    assert (window.staff.username, window.staff.role, window.staff.display_name) == ("ines", "owner", "Ines Perez")
    window.show()  # as run_app does
    qtbot.waitExposed(window)
    assert not setup.is_first_run()
    _quit(window)

    window, code, shown = _start(qtbot, db_path)
    assert shown == ["log-in"]
    assert window is not None and code == 0 and window.staff.username == "ines"
    _quit(window)
