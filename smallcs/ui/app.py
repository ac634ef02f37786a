"""Start the desktop app: database, first-run wizard or log-in, main window."""

from __future__ import annotations

import functools
import logging
import sys
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QDialog, QMenu, QMessageBox

from smallcs import paths, settings, setup
from smallcs.errors import SmallCSError
from smallcs.i18n import _
from smallcs.models import Staff
from smallcs.models.connection import describe, open_database
from smallcs.ui.error_dialog import install_excepthook
from smallcs.ui.first_paint import FirstPaintWatch
from smallcs.ui.language import apply_language
from smallcs.ui.login_dialog import LoginDialog
from smallcs.ui.main_thread_gc import collect_on_ui_thread
from smallcs.ui.start_up_check import (
    DamageQuestion,
    IntegrityCheck,
    Rescue,
    offer_latest_good_backup,
    restore_latest_good_backup,
)
from smallcs.ui.theme import FUSION, FUSION_SET, apply_theme
from smallcs.ui.window_build import WindowBuild

if TYPE_CHECKING:
    from smallcs.ui.main_window import MainWindow

log = logging.getLogger(__name__)


def create_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication with SmallCS's names (used by QSettings), icon and theme; Python's
    cycle collector runs on its UI thread (``main_thread_gc``)."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        app = existing
    else:
        # Fusion named at creation (it wins over QT_STYLE_OVERRIDE): setting or reading the
        # style from Python afterwards makes PySide build QStyle's enums first, 10-15 ms
        # before the log-in dialog can paint.
        app = QApplication([*(argv or sys.argv), "-style", FUSION])
        app.setProperty(FUSION_SET, True)
    app.setApplicationName("SmallCS")
    app.setOrganizationName("SmallCS")
    app.setApplicationDisplayName("SmallCS")
    app.setWindowIcon(QIcon(str(paths.resources_dir() / "icons" / "smallcs.svg")))
    apply_language(app)
    apply_theme(app)
    collect_on_ui_thread(app)
    return app


def _first_run() -> Staff | None:
    from smallcs.ui.first_run import FirstRunWizard  # only ever needed once

    wizard = FirstRunWizard()
    if wizard.exec() != QDialog.DialogCode.Accepted:
        return None
    return wizard.owner


@functools.cache
def _warm_up_locale() -> None:
    """Load the locale's data on a thread (once): the dates in the first page's list need it."""
    from smallcs import locale_format  # Babel loads there, off the UI thread

    threading.Thread(target=locale_format.warm_up, name="locale-warm-up", daemon=True).start()


def sign_in(database_label: str, beside: Callable[[], None]) -> MainWindow | None:
    """The first-run wizard or the log-in dialog, then the main window for that person.

    While the log-in dialog waits for the password, the main window is built
    behind it a step at a time (once the dialog is on screen), so it is ready,
    or nearly, the moment the password is accepted, and the dialog answers keys
    meanwhile.

    ``beside`` starts the work that runs on threads beside the sign-in (it is
    called again later, and must then do nothing). It is called once the
    window's build is done (or has failed: a damaged database, say), or once the
    main window has painted for someone who signed in sooner, not before: a
    thread running Python holds Python's lock for a share of the time, and even
    one that does not (the integrity check) slowed the build it ran beside
    (``docs/benchmarks.md``, 2026-12-04 night). Beside the first-run wizard it
    starts at once. (``_Session`` also calls it at the latest a second after
    the sign-in began, should neither come.)
    """
    if setup.is_first_run():
        beside()
        owner = _first_run()
        if owner is None:
            return None
        from smallcs.ui.main_window import MainWindow

        return MainWindow(owner, database_label)
    dialog = LoginDialog(settings.get_profile().name)
    build = WindowBuild(database_label, dialog)
    build.step_done.connect(lambda left: None if left else beside())
    build.failed.connect(beside)
    watch = FirstPaintWatch(dialog, build.start)
    dialog.rejected.connect(build.cancel)  # at once: the dialog's event loop may turn once more
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    watch.cancel()  # accepted before the dialog had painted: nothing is built behind it later
    if not accepted or dialog.staff is None:
        build.cancel()
        return None
    window = build.finish()  # the steps not run yet (all of them if Enter beat the first paint)
    window.set_staff(dialog.staff, page_just_read=True)
    FirstPaintWatch(window, beside)  # (nothing more to start if the build had ended behind the dialog)
    return window


RESTORE_RETRY_MS = 100  # see _Session._restore_and_sign_in_again
BESIDE_AT_THE_LATEST_MS = 1000  # see _Session.sign_in (the build behind the dialog takes about 0.3 s)


class _Session(QObject):
    """Sign-ins, each with the database's integrity check beside it, until a main
    window stands on a database that checked out or that the owner chose to keep.

    The window is handed over as soon as the person has signed in, whether or not
    the check has ended: its status bar says the database is being checked, and
    damage found then is asked about over the window (``DamageQuestion``). After a
    restore the window goes and everyone signs in again, as when the damage is
    found before the window. The session (the application's child) lasts until
    the last check has been answered for.

    Nothing waits for the check meanwhile, writes included. The check looks for
    damage in order to offer a rescue; it guards no write: the log-in dialog has
    always let a quick typist sign in (an audit event) before the check ended,
    "carry on" goes on writing to the damaged file, and the survey server and the
    ``smallcs`` command write with no check at all. Until the check ends (a
    fraction of a second at a busy shop's size) nobody can finish a form, so what
    is written meanwhile is what a log-in writes by itself; should the database
    prove damaged, that stays in the damaged file the restore keeps beside the
    restored one, with everything else written since the backup. Holding writes
    back for a check that takes seconds on a large file would hold back the survey
    server's customers too, for nothing the rescue needs.
    """

    def __init__(self, database_label: str, on_end: Callable[[int], None]) -> None:
        super().__init__(QApplication.instance())
        self._database_label = database_label
        self._on_end = on_end
        self._check_integrity = True
        self._window: MainWindow | None = None  # the window the check still runs beside
        self._checking_text = ""

    def sign_in(self) -> tuple[MainWindow | None, int]:
        """The window for whoever signs in (not shown yet), or None and the exit code."""
        while True:
            check = IntegrityCheck(self) if self._check_integrity else None

            def beside(check: IntegrityCheck | None = check) -> None:
                _warm_up_locale()
                if check is not None:
                    check.start()

            # At the latest: should the build neither end nor fail, and the window never paint
            # (closed first, say), the check still runs and the session still ends.
            QTimer.singleShot(BESIDE_AT_THE_LATEST_MS, self, beside)
            window = sign_in(self._database_label, beside)
            if check is None:
                return self._over(window, 0)
            check.signed_in()
            if window is not None and check.sound is None:
                self._check_beside(window, check)
                return window, 0
            if check.wait():
                return self._over(window, 0)
            rescue = offer_latest_good_backup()
            if rescue is Rescue.CARRY_ON and window is not None:
                return self._over(window, 0)
            if window is not None:
                window.deleteLater()  # it was opened on the damaged database
            if rescue is Rescue.FAILED:
                return self._over(None, 1)
            self._check_integrity = rescue is Rescue.RESTORED  # carrying on is not asked twice

    def _over(self, window: MainWindow | None, exit_code: int) -> tuple[MainWindow | None, int]:
        self.deleteLater()
        return window, exit_code

    def _check_beside(self, window: MainWindow, check: IntegrityCheck) -> None:
        self._window = window
        self._checking_text = _("Checking the database…")
        # Said once the window is shown: a message shown before would not hide the
        # status bar's other texts, which would then be drawn over it.
        window.installEventFilter(self)
        check.done.connect(self._checked)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._window and event.type() == QEvent.Type.Show:
            watched.removeEventFilter(self)
            self._window.statusBar().showMessage(self._checking_text)
        return False

    def _checked(self, sound: bool) -> None:
        window = self._window
        if window is None or not shiboken6.isValid(window):
            self.deleteLater()  # the window was closed meanwhile: the app has ended
            return
        window.removeEventFilter(self)  # (still to be shown: nothing to say any more)
        if window.statusBar().currentMessage() == self._checking_text:
            window.statusBar().clearMessage()
        if sound:
            self.deleteLater()
            return
        DamageQuestion(window).answered.connect(self._answered)

    def _answered(self, restore: bool) -> None:
        if restore:  # once the question's own signal is over: the window goes with it
            QTimer.singleShot(0, self._restore_and_sign_in_again)
        else:
            self.deleteLater()  # carry on with the window as it is

    def _restore_and_sign_in_again(self) -> None:
        """The window goes first, so nothing of it (a timer, a worker's result) acts on
        the restored database; then, as at start-up, the restore and a new sign-in.

        A dialog or menu of the window may be waiting in an event loop of its own
        (About, a question asked with ``exec``): deleting the window from inside that
        loop would delete it twice and crash. Such dialogs are answered as Esc would
        and menus closed, and the restore comes a moment later, once their loops have
        returned (an event loop ends at its next turn).
        """
        window = self._window
        assert window is not None
        waiting = [widget for widget in QApplication.topLevelWidgets()
                   if isinstance(widget, (QDialog, QMenu)) and widget.isVisible()]
        if waiting:
            for widget in waiting:
                if isinstance(widget, QDialog):
                    widget.reject()
                else:
                    widget.close()
            QTimer.singleShot(RESTORE_RETRY_MS, self._restore_and_sign_in_again)
            return
        self._window = None
        window.close()  # (the app does not quit: the messages and the log-in follow at once)
        window.deleteLater()
        QApplication.sendPostedEvents(window, QEvent.Type.DeferredDelete)
        if restore_latest_good_backup() is Rescue.FAILED:
            self.deleteLater()
            self._on_end(1)
            return
        self._check_integrity = True
        new_window, exit_code = self.sign_in()  # (a session again, should its check outlast it)
        if new_window is None:
            self._on_end(exit_code)
        else:
            new_window.show()


def start_session(database_label: str, on_end: Callable[[int], None] = QApplication.exit,
                  ) -> tuple[MainWindow | None, int]:
    """Sign in while the database's integrity is checked beside the dialog.

    When the check finds damage the owner is offered the latest good backup; after
    a restore everyone signs in again (the accounts are the backup's). Damage found
    after the window has been handed over is asked about over it; should the app
    then have to end (no backup, or nobody signed in again), ``on_end`` is called
    with the exit code.

    Returns:
        The main window for the person who signed in (not shown yet), or None
        with the exit code for the app to end with.
    """
    return _Session(database_label, on_end).sign_in()


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
