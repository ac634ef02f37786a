"""Start-up: the main window comes as soon as the person has signed in, while the
database's integrity check may still be running; damage it finds then is asked
about over the window.

The check is the real ``PRAGMA quick_check`` on a real (damaged) file. It is held
back until the test lets it go (``held_check``): on a test-sized file it takes a
few milliseconds, and a file whose check outlasts a log-in would be hundreds of
megabytes (about 0.1 s per 40 MB here). Held back, it is the check of a large
file on a slow disk: it ends once the window is in use.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from smallcs import backup
from smallcs.models import Staff
from smallcs.ui.app import start_session
from smallcs.ui.login_dialog import LoginDialog
from smallcs.ui.main_window import MainWindow
from tests.conftest import OWNER_PASSWORD
from tests.ui.test_start_session import DAMAGED, _damage, _filler_exists, good_backup  # noqa: F401

CHECKING = "Checking the database…"


@pytest.fixture
def held_check(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """The start-up check (on its own thread) waits for this event before it reads the file."""
    go = threading.Event()
    real_check = backup.quick_check

    def check_when_let_go() -> bool:
        if threading.current_thread().name == "integrity-check":
            go.wait(timeout=30)
        return real_check()

    monkeypatch.setattr(backup, "quick_check", check_when_let_go)
    yield go
    go.set()


class Owner:
    """Plays the owner at the counter: signs in when the log-in dialog is ready,
    answers the damage question with ``answer``, takes note of every message but those
    titled in ``leave_alone`` (questions the test itself asks)."""

    def __init__(self, answer: QMessageBox.StandardButton, leave_alone: tuple[str, ...] = ()) -> None:
        self.answer = answer
        self.leave_alone = leave_alone
        self.questions: list[str] = []
        self.asked_over: list[object] = []  # the window each question stood over (None: on its own)
        self.sign_ins = 0
        self._timer = QTimer(interval=20)
        self._timer.timeout.connect(self._look)
        self._timer.start()

    def leave(self) -> None:
        self._timer.stop()

    def _look(self) -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QMessageBox) and widget.isVisible() \
                    and widget.windowTitle() not in self.leave_alone:
                self.questions.append(widget.windowTitle())
                self.asked_over.append(widget.parentWidget())
                widget.button(self.answer if widget.windowTitle() == DAMAGED
                              else QMessageBox.StandardButton.Ok).click()
                return
            if isinstance(widget, LoginDialog) and widget.isVisible() and not widget.form.is_checking() \
                    and not widget.form.password.text():
                widget.form.username.setText("olivia")
                widget.form.password.setText(OWNER_PASSWORD)
                widget.form.try_credentials()
                self.sign_ins += 1
                return


def _main_windows() -> list[MainWindow]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]


def _signed_in(qtbot: QtBot, ended: list[int]) -> MainWindow:
    """As ``run_app``: the session's window (an ``Owner`` signs in), shown."""
    window, code = start_session("shop.db", on_end=ended.append)
    assert window is not None and code == 0
    window.show()
    qtbot.waitExposed(window)
    return window


def test_the_window_comes_before_the_check_ends_and_says_it_is_checking(
    qtbot: QtBot, owner: Staff, held_check: threading.Event,
) -> None:
    person, ended = Owner(QMessageBox.StandardButton.No), []
    try:
        window = _signed_in(qtbot, ended)
        qtbot.add_widget(window)
        assert window.staff.id == owner.id
        assert window.statusBar().currentMessage() == CHECKING
        held_check.set()
        qtbot.waitUntil(lambda: window.statusBar().currentMessage() == "")
        qtbot.wait(100)
    finally:
        person.leave()
    assert person.questions == [] and ended == [] and window.isVisible()


@pytest.mark.usefixtures("good_backup", "allow_warnings")
def test_damage_found_once_the_window_is_in_use_is_asked_over_it_and_the_backup_restored(
    qtbot: QtBot, owner: Staff, db_path: Path, held_check: threading.Event,
) -> None:
    _damage(db_path)
    person, ended = Owner(QMessageBox.StandardButton.Yes), []
    try:
        first = _signed_in(qtbot, ended)
        held_check.set()
        qtbot.waitUntil(lambda: not shiboken6.isValid(first), timeout=10_000)
        qtbot.waitUntil(lambda: len(_main_windows()) == 1, timeout=10_000)
    finally:
        person.leave()
    second = _main_windows()[0]
    qtbot.add_widget(second)
    assert person.asked_over[0] is first  # over the window in use, not on its own
    assert person.questions == [DAMAGED, "Backup restored"]
    assert person.sign_ins == 2  # everyone signs in again: the accounts are the backup's
    assert second.staff.id == owner.id and ended == []
    assert backup.quick_check() and not _filler_exists()
    assert list(db_path.parent.glob(f"{db_path.stem}.before-restore-*{db_path.suffix}")), \
        "the damaged database is kept beside the restored one"


@pytest.mark.usefixtures("good_backup", "allow_warnings")
def test_carrying_on_keeps_the_window_and_its_database(
    qtbot: QtBot, owner: Staff, db_path: Path, held_check: threading.Event,
) -> None:
    _damage(db_path)
    person, ended = Owner(QMessageBox.StandardButton.No), []
    try:
        window = _signed_in(qtbot, ended)
        qtbot.add_widget(window)
        held_check.set()
        qtbot.waitUntil(lambda: person.questions == [DAMAGED])
        qtbot.wait(200)
    finally:
        person.leave()
    assert person.questions == [DAMAGED] and person.sign_ins == 1 and ended == []
    assert window.isVisible() and window.statusBar().currentMessage() == ""
    assert _filler_exists()  # nothing was changed


@pytest.mark.usefixtures("allow_warnings")
def test_without_a_good_backup_the_app_ends(
    qtbot: QtBot, owner: Staff, db_path: Path, held_check: threading.Event,
) -> None:
    _damage(db_path)
    person, ended = Owner(QMessageBox.StandardButton.Yes), []
    try:
        window = _signed_in(qtbot, ended)
        held_check.set()
        qtbot.waitUntil(lambda: ended == [1])
    finally:
        person.leave()
    assert person.questions == [DAMAGED, "No backup found"]
    assert not shiboken6.isValid(window) and _main_windows() == []
    assert _filler_exists()


def _question() -> QMessageBox | None:
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QMessageBox) and widget.isVisible() and widget.windowTitle() == DAMAGED:
            return widget
    return None


@pytest.mark.usefixtures("good_backup", "allow_warnings")
def test_a_lock_takes_the_question_away_unanswered_and_it_is_asked_again_after_it(
    qtbot: QtBot, owner: Staff, db_path: Path, held_check: threading.Event,
) -> None:
    _damage(db_path)
    person, ended = Owner(QMessageBox.StandardButton.No), []
    try:
        window = _signed_in(qtbot, ended)
    finally:
        person.leave()  # from here on the test answers
    qtbot.add_widget(window)
    held_check.set()
    qtbot.waitUntil(lambda: _question() is not None)
    question = _question()
    assert question is not None and question.parentWidget() is window
    qtbot.keyClick(question, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)  # the counter is left
    assert window.is_locked() and _question() is None
    form = window.lock_screen.form
    qtbot.keyClicks(form.password, OWNER_PASSWORD)
    qtbot.keyClick(form.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not window.is_locked())
    qtbot.waitUntil(lambda: _question() is not None)  # asked again, not answered by the lock
    again = _question()
    assert again is not None
    again.button(QMessageBox.StandardButton.No).click()
    qtbot.wait(100)
    assert _question() is None and window.isVisible() and ended == []
    assert _filler_exists()


@pytest.mark.usefixtures("good_backup", "allow_warnings")
def test_a_restore_waits_for_a_question_asked_in_its_own_event_loop(
    qtbot: QtBot, owner: Staff, db_path: Path, held_check: threading.Event,
) -> None:
    """Help → About or a question asked with exec() over the window when the damage is found:
    answering "restore" closes it first (deleting the window under it would crash the app)."""
    _damage(db_path)
    ended: list[int] = []
    person = Owner(QMessageBox.StandardButton.Yes, leave_alone=("Carry on?",))
    try:
        first = _signed_in(qtbot, ended)
        QTimer.singleShot(100, held_check.set)  # the damage is found while the question waits
        answer = QMessageBox.question(first, "Carry on?", "Carry on?")
        assert answer != QMessageBox.StandardButton.Yes  # taken away, as by Esc
        qtbot.waitUntil(lambda: not shiboken6.isValid(first), timeout=10_000)
        qtbot.waitUntil(lambda: len(_main_windows()) == 1, timeout=10_000)
    finally:
        person.leave()
    second = _main_windows()[0]
    qtbot.add_widget(second)
    assert person.questions[:2] == [DAMAGED, "Backup restored"]
    assert second.staff.id == owner.id and ended == []
    assert backup.quick_check()
