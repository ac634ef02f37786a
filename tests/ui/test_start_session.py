"""Start-up: the log-in while the database's integrity is checked beside it.

A damaged database makes the log-in dialog give way to the offer of the latest
good backup, as before the check ran in the background.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import peewee
import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from smallcs import backup
from smallcs.models import Staff, database
from smallcs.models.connection import close_database, open_database
from smallcs.ui import app as app_module
from smallcs.ui.app import start_session
from smallcs.ui.login_dialog import LoginDialog
from smallcs.ui.window_build import WindowBuild
from tests.conftest import OWNER_PASSWORD

DAMAGED = "The database looks damaged"


class Counter:
    """Plays the person at the counter: answers what shows up, as it shows up."""

    def __init__(self, answer_damage: QMessageBox.StandardButton) -> None:
        self.answer_damage = answer_damage
        self.questions: list[str] = []
        self.may_log_in = False
        self.cancels_log_in = False  # presses Esc at every log-in dialog instead
        self._timer = QTimer(interval=20)
        self._timer.timeout.connect(self._look)
        self._timer.start()

    def leave(self) -> None:
        self._timer.stop()

    def _look(self) -> None:
        for widget in QApplication.topLevelWidgets():
            if not widget.isVisible():
                continue
            if isinstance(widget, QMessageBox):
                self.questions.append(widget.windowTitle())
                answer = self.answer_damage if widget.windowTitle() == DAMAGED else QMessageBox.StandardButton.Ok
                widget.button(answer).click()
                self.may_log_in = True
                return
            if isinstance(widget, LoginDialog) and not widget.form.is_checking():
                if self.cancels_log_in:
                    widget.reject()
                elif self.may_log_in:
                    widget.form.username.setText("olivia")
                    widget.form.password.setText(OWNER_PASSWORD)
                    widget.form.try_credentials()
                    self.may_log_in = False
                return


def _damage(path: Path) -> None:
    """Damage pages at the end of the file, where a filler table lives; the shop's own
    tables (accounts, settings) still read, so only the integrity check notices."""
    database.execute_sql("CREATE TABLE filler (x BLOB)")
    for _ in range(20):
        database.execute_sql("INSERT INTO filler SELECT randomblob(200) FROM (SELECT 1 UNION ALL SELECT 2)"
                             " JOIN (SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4)")
    database.execute_sql("INSERT INTO filler SELECT randomblob(200) FROM filler")
    for _ in range(6):
        database.execute_sql("INSERT INTO filler SELECT randomblob(200) FROM filler")
    database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    close_database()
    page = 4096
    with path.open("r+b") as file:
        file.seek(os.path.getsize(path) - 3 * page)
        file.write(b"\xff" * 64)
    open_database(path)
    assert not backup.quick_check()


@pytest.fixture
def good_backup(owner: Staff, tmp_path: Path) -> Path:
    folder = tmp_path / "backups"
    folder.mkdir()
    backup.save_settings(owner, folder=str(folder), keep=5, daily=True)
    return backup.run_scheduled_backup(now=dt.datetime(2026, 11, 1, 3, 0)).path


def _start(qtbot: QtBot, counter: Counter) -> tuple[object, int]:
    try:
        window, code = start_session("shop.db")
    finally:
        counter.leave()
    if window is not None:
        qtbot.add_widget(window)
    return window, code


def _filler_exists() -> bool:
    return database.execute_sql(
        "SELECT count(*) FROM sqlite_master WHERE name = 'filler'").fetchone()[0] == 1


def test_a_sound_database_signs_in_without_a_question(qtbot: QtBot, owner: Staff) -> None:
    counter = Counter(QMessageBox.StandardButton.No)
    counter.may_log_in = True
    window, code = _start(qtbot, counter)
    assert window is not None and window.staff.id == owner.id and code == 0
    assert counter.questions == []


@pytest.mark.usefixtures("allow_warnings")
def test_damage_found_behind_the_log_in_offers_the_latest_good_backup(
    qtbot: QtBot, owner: Staff, good_backup: Path, db_path: Path,
) -> None:
    _damage(db_path)
    counter = Counter(QMessageBox.StandardButton.Yes)  # nobody types at the first dialog
    window, code = _start(qtbot, counter)
    # Nobody typed at the first dialog (the counter only logs in after a question):
    # it gave way by itself; the log-in that followed was on the restored database.
    assert counter.questions == [DAMAGED, "Backup restored"]
    assert window is not None and window.staff.id == owner.id and code == 0
    assert backup.quick_check() and not _filler_exists()
    kept = list(db_path.parent.glob(f"{db_path.stem}.before-restore-*{db_path.suffix}"))
    assert kept, "the damaged database is kept beside the restored one"


@pytest.mark.usefixtures("allow_warnings")
def test_the_owner_may_carry_on_with_the_damaged_database_and_is_asked_once(
    qtbot: QtBot, owner: Staff, good_backup: Path, db_path: Path,
) -> None:
    _damage(db_path)
    counter = Counter(QMessageBox.StandardButton.No)
    window, code = _start(qtbot, counter)
    assert counter.questions == [DAMAGED]
    assert window is not None and code == 0
    assert _filler_exists()  # nothing was changed


@pytest.mark.usefixtures("allow_warnings")
def test_without_a_good_backup_the_app_ends_and_changes_nothing(
    qtbot: QtBot, owner: Staff, db_path: Path,
) -> None:
    _damage(db_path)
    counter = Counter(QMessageBox.StandardButton.Yes)
    window, code = _start(qtbot, counter)
    assert window is None and code == 1
    assert counter.questions == [DAMAGED, "No backup found"]
    assert _filler_exists()


@pytest.mark.usefixtures("allow_warnings")
def test_a_log_in_cancelled_at_once_still_has_the_database_checked(
    qtbot: QtBot, owner: Staff, good_backup: Path, db_path: Path,
) -> None:
    """The check starts once the window behind the dialog is built; a log-in cancelled
    before that still has the damage found and the backup offered."""
    _damage(db_path)
    counter = Counter(QMessageBox.StandardButton.No)
    counter.cancels_log_in = True
    window, code = _start(qtbot, counter)
    assert window is None and code == 0
    assert counter.questions == [DAMAGED]
    assert _filler_exists()  # "no": nothing was changed


@pytest.mark.usefixtures("allow_warnings")
@pytest.mark.qt_no_exception_capture
def test_damage_that_breaks_the_window_s_build_behind_the_dialog_still_offers_the_backup(
    qtbot: QtBot, owner: Staff, good_backup: Path, db_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The check waits for the window's build behind the dialog; a build that fails on the
    damaged file has ended too, and the check starts then (not only at the latest)."""
    _damage(db_path)
    monkeypatch.setattr(app_module, "BESIDE_AT_THE_LATEST_MS", 60_000)  # only the failure can start it

    def broken_read(self: WindowBuild) -> None:
        raise peewee.DatabaseError("database disk image is malformed")

    monkeypatch.setattr(WindowBuild, "_read_opening_page", broken_read)
    counter = Counter(QMessageBox.StandardButton.No)  # nobody types at the first dialog
    gave_up: list[bool] = []

    def give_up() -> None:  # rather than hang, should the check never start
        gave_up.append(True)
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, LoginDialog) and widget.isVisible():
                widget.reject()

    waiting = QTimer(singleShot=True, interval=10_000)
    waiting.timeout.connect(give_up)
    waiting.start()
    window, code = _start(qtbot, counter)
    waiting.stop()
    assert gave_up == []
    assert counter.questions == [DAMAGED]  # the dialog gave way by itself; "no": carry on
    assert window is not None and code == 0


def test_the_check_runs_even_when_the_window_never_paints(
    qtbot: QtBot, owner: Staff, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Signed in before the build behind the dialog began, and the window never shown: the
    check still runs, at the latest ``BESIDE_AT_THE_LATEST_MS`` after the sign-in began."""
    monkeypatch.setattr(WindowBuild, "start", lambda self: None)  # no build behind the dialog
    checked: list[bool] = []
    real_check = backup.quick_check
    monkeypatch.setattr(backup, "quick_check", lambda *args: checked.append(real_check(*args)) or checked[-1])
    counter = Counter(QMessageBox.StandardButton.No)
    counter.may_log_in = True
    window, code = _start(qtbot, counter)
    assert window is not None and code == 0 and not window.isVisible()
    assert checked == []
    qtbot.waitUntil(lambda: checked == [True], timeout=5000)
