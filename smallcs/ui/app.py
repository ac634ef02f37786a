"""Start the desktop app: database, first-run wizard or log-in, main window."""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable
from enum import Enum
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QEventLoop, QObject, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

from smallcs import backup, paths, settings, setup
from smallcs.errors import SmallCSError
from smallcs.i18n import _
from smallcs.models import Staff
from smallcs.models.connection import describe, open_database
from smallcs.ui import workers
from smallcs.ui.error_dialog import install_excepthook
from smallcs.ui.language import apply_language
from smallcs.ui.login_dialog import LoginDialog
from smallcs.ui.theme import apply_theme
from smallcs.ui.window_build import WindowBuild

if TYPE_CHECKING:
    from smallcs.ui.main_window import MainWindow

log = logging.getLogger(__name__)


def create_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication with SmallCS's names (used by QSettings), icon and theme."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv or sys.argv)
    app.setApplicationName("SmallCS")
    app.setOrganizationName("SmallCS")
    app.setApplicationDisplayName("SmallCS")
    app.setWindowIcon(QIcon(str(paths.resources_dir() / "icons" / "smallcs.svg")))
    apply_language(app)
    apply_theme(app)
    return app


def _first_run() -> Staff | None:
    from smallcs.ui.first_run import FirstRunWizard  # only ever needed once

    wizard = FirstRunWizard()
    if wizard.exec() != QDialog.DialogCode.Accepted:
        return None
    return wizard.owner


def _warm_up_locale() -> None:
    from smallcs import locale_format  # Babel loads here, off the UI thread

    locale_format.warm_up()


class _FirstPaintWatch(QObject):
    """Calls ``then`` once its parent window has painted for the first time, if the
    window is still open by then (and the watch not cancelled).

    A zero timer set before the window's event loop starts would run before its
    first paint and hold the window back.
    """

    def __init__(self, window: QWidget, then: Callable[[], None]) -> None:
        super().__init__(window)
        self._then = then
        QApplication.instance().installEventFilter(self)  # the paint may reach only its children

    def cancel(self) -> None:
        QApplication.instance().removeEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.Paint and isinstance(watched, QWidget)
                and watched.window() is self.parent()):
            self.cancel()
            QTimer.singleShot(0, self._call_if_open)
        return False

    def _call_if_open(self) -> None:
        window = self.parent()
        if isinstance(window, QWidget) and window.isVisible():
            self._then()


def sign_in(database_label: str) -> MainWindow | None:
    """The first-run wizard or the log-in dialog, then the main window for that person.

    While the log-in dialog waits for the password, the main window is built
    behind it a step at a time (once the dialog is on screen), so it is ready,
    or nearly, the moment the password is accepted, and the dialog answers keys
    meanwhile.
    """
    if setup.is_first_run():
        owner = _first_run()
        if owner is None:
            return None
        from smallcs.ui.main_window import MainWindow

        return MainWindow(owner, database_label)
    dialog = LoginDialog(settings.get_profile().name)
    # The dates in the first page's list need the locale's data: load it while the password is typed.
    threading.Thread(target=_warm_up_locale, name="locale-warm-up", daemon=True).start()
    build = WindowBuild(database_label, dialog)
    watch = _FirstPaintWatch(dialog, build.start)
    dialog.rejected.connect(build.cancel)  # at once: the dialog's event loop may turn once more
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    watch.cancel()  # accepted before the dialog had painted: nothing is built behind it later
    if not accepted or dialog.staff is None:
        build.cancel()
        return None
    window = build.finish()  # the steps not run yet (all of them if Enter beat the first paint)
    window.set_staff(dialog.staff)
    return window


class _IntegrityCheck:
    """``PRAGMA quick_check`` of the database, on a worker beside the log-in dialog.

    The check reads the whole file: about a quarter of a second for a busy shop's
    year, more as the years add up. SQLite runs it without holding Python's lock,
    so it costs the person at the dialog nothing. Should it find damage while the
    dialog (or the first-run wizard) is open, the dialog gives way at once.
    """

    def __init__(self) -> None:
        self.sound: bool | None = None
        self._arrival = QEventLoop()
        task = workers.Task(lambda _progress: backup.quick_check())
        task.signals.finished.connect(self._arrived)
        task.signals.failed.connect(lambda _error: self._arrived(False))
        workers.start(task)

    def _arrived(self, sound: bool) -> None:
        self.sound = sound
        self._arrival.quit()
        if not sound:
            for widget in QApplication.topLevelWidgets():
                if isinstance(widget, QDialog) and widget.isVisible():
                    widget.reject()

    def wait(self) -> bool:
        """True when the database checked out (waits for the check if need be)."""
        if self.sound is None:
            self._arrival.exec()
        return bool(self.sound)


class _Rescue(Enum):
    CARRY_ON = "the owner chose to carry on with the database as it is"
    RESTORED = "the latest good backup is in place"
    FAILED = "no backup could be restored"


def _offer_latest_good_backup() -> _Rescue:
    """The check found damage: ask, and restore the newest backup that checks out."""
    answer = QMessageBox.critical(
        None, _("The database looks damaged"),
        _("SmallCS found damage in the shop's database (the details are in the log)."
          " Restore the latest good backup now? The damaged database is kept beside it."),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
    )
    if answer != QMessageBox.StandardButton.Yes:
        return _Rescue.CARRY_ON  # nothing is changed
    try:
        used = backup.restore_latest_good_backup()
    except SmallCSError as exc:
        QMessageBox.critical(None, _("Restore failed"), str(exc))
        return _Rescue.FAILED
    if used is None:
        QMessageBox.critical(None, _("No backup found"), _(
            "There is no good backup in the backup folder. Copy the database file"
            " somewhere safe and ask for help before using it."))
        return _Rescue.FAILED
    QMessageBox.information(None, _("Backup restored"), _("Restored {name}.").format(name=used.path.name))
    return _Rescue.RESTORED


def start_session(database_label: str) -> tuple[MainWindow | None, int]:
    """Sign in while the database's integrity is checked beside the dialog.

    When the check finds damage the owner is offered the latest good backup; after
    a restore everyone signs in again (the accounts are the backup's).

    Returns:
        The main window for the person who signed in (not shown yet), or None
        with the exit code for the app to end with.
    """
    check_integrity = True
    while True:
        check = _IntegrityCheck() if check_integrity else None
        window = sign_in(database_label)
        if check is None or check.wait():
            return window, 0
        rescue = _offer_latest_good_backup()
        if rescue is _Rescue.CARRY_ON and window is not None:
            return window, 0
        if window is not None:
            window.deleteLater()  # it was opened on the damaged database
        if rescue is _Rescue.FAILED:
            return None, 1
        check_integrity = rescue is _Rescue.RESTORED  # carrying on is not asked twice


def run_app(target: str) -> int:
    """Run the desktop app on the database at ``target``; returns the exit code."""
    app = create_application()
    install_excepthook()
    try:
        open_database(target)
    except SmallCSError as exc:
        log.error("cannot open database %s: %s", describe(target), exc)
        QMessageBox.critical(None, _("SmallCS cannot start"), str(exc))
        return 1
    window, exit_code = start_session(describe(target))
    if window is None:
        return exit_code
    window.show()
    return app.exec()
