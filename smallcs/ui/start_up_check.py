"""The database's integrity check at start-up, and the rescue it may offer.

The check runs beside the sign-in. Damage found while someone is still signing
in is asked about at once (``offer_latest_good_backup``, before any main
window); damage found once the main window is in use is asked about over it
(``DamageQuestion``). Either way it is one question, and a "yes" restores the
newest backup that checks out (``restore_latest_good_backup``).
"""

from __future__ import annotations

import threading
from enum import Enum
from typing import TYPE_CHECKING

from PySide6.QtCore import QEventLoop, QObject, Signal
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

from smallcs.background import yield_to_foreground
from smallcs.errors import SmallCSError
from smallcs.i18n import _
from smallcs.ui import workers
from smallcs.ui.idle_lock import WITHDRAWN_ON_LOCK

if TYPE_CHECKING:
    from smallcs.ui.main_window import MainWindow


class IntegrityCheck(QObject):
    """``PRAGMA quick_check`` of the database, on a thread of its own beside the sign-in,
    from ``start`` on.

    The check reads the whole file: about a quarter of a second for a busy shop's
    year, more as the years add up. SQLite runs it without holding Python's lock,
    on a thread of the lowest priority (``background``). Even so it slowed the
    main window's build when it ran beside it, so the sign-in starts it once that
    build is done, or once the main window has painted for someone who signed in
    sooner (``ui.app.sign_in``). On a thread of its own it holds none of the thread
    pool's, which the password check and the opening page's rows need. Should it
    find damage while the log-in dialog (or the first-run wizard) is open, the
    dialog gives way at once; once the sign-in is over (``signed_in``) no window
    gives way: the caller asks over its main window.

    Signals:
        done(bool): the check has ended; True when the database checked out.
    """

    done = Signal(bool)

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.sound: bool | None = None
        self._signing_in = True
        self._arrival = QEventLoop()
        self._task = workers.Task(lambda _progress: self._check())
        self._task.signals.finished.connect(self._arrived)
        self._task.signals.failed.connect(lambda _error: self._arrived(False))
        self._thread = threading.Thread(target=self._task.run, name="integrity-check", daemon=True)

    def start(self) -> None:
        """Start the check (once; later calls do nothing)."""
        if self._thread.ident is None:
            # Loaded here, on the UI thread: loaded by the check's low-priority thread, it would
            # hold the module's import lock, at that priority, against anyone needing it meanwhile.
            from smallcs import backup  # noqa: F401

            self._thread.start()

    @staticmethod
    def _check() -> bool:
        yield_to_foreground()  # the dialog, the password and the window come first
        from smallcs import backup  # (loaded by ``start``, on the UI thread)

        return backup.quick_check()

    def signed_in(self) -> None:
        """The sign-in is over: damage found from now on closes no dialog."""
        self._signing_in = False

    def _arrived(self, sound: bool) -> None:
        self._task.signals.deleteLater()  # the application's, as for the pool's tasks
        self.sound = sound
        self._arrival.quit()
        if not sound and self._signing_in:
            for widget in QApplication.topLevelWidgets():
                if isinstance(widget, QDialog) and widget.isVisible():
                    widget.reject()
        self.done.emit(sound)

    def wait(self) -> bool:
        """True when the database checked out (waits for the check if need be)."""
        if self.sound is None:
            self.start()
            self._arrival.exec()
        return bool(self.sound)


class Rescue(Enum):
    CARRY_ON = "the owner chose to carry on with the database as it is"
    RESTORED = "the latest good backup is in place"
    FAILED = "no backup could be restored"


def _damage_question(parent: QWidget | None) -> QMessageBox:
    return QMessageBox(
        QMessageBox.Icon.Critical, _("The database looks damaged"),
        _("SmallCS found damage in the shop's database (the details are in the log)."
          " Restore the latest good backup now? The damaged database is kept beside it."),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, parent,
    )


def offer_latest_good_backup() -> Rescue:
    """The check found damage before any main window: ask, and restore if the answer is yes."""
    question = _damage_question(None)
    question.exec()
    if question.clickedButton() is not question.button(QMessageBox.StandardButton.Yes):
        return Rescue.CARRY_ON  # nothing is changed
    return restore_latest_good_backup()


def restore_latest_good_backup() -> Rescue:
    """Restore the newest backup that checks out, and say how it went."""
    from smallcs import backup

    try:
        used = backup.restore_latest_good_backup()
    except SmallCSError as exc:
        QMessageBox.critical(None, _("Restore failed"), str(exc))
        return Rescue.FAILED
    if used is None:
        QMessageBox.critical(None, _("No backup found"), _(
            "There is no good backup in the backup folder. Copy the database file"
            " somewhere safe and ask for help before using it."))
        return Rescue.FAILED
    QMessageBox.information(None, _("Backup restored"), _("Restored {name}.").format(name=used.path.name))
    return Rescue.RESTORED


class DamageQuestion(QObject):
    """The damage question over a main window already in use, answered once.

    It does not wait on its answer (the window's event loop goes on). A lock
    takes it off the screen unanswered, not as Esc would ("no": carry on, never to
    be asked again, with nobody having read it); it is asked again once the window
    is unlocked, as it is when the damage is found while the window is locked.

    Signals:
        answered(bool): True for "restore the latest good backup".
    """

    answered = Signal(bool)

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self._box = _damage_question(window)
        self._box.setProperty(WITHDRAWN_ON_LOCK, True)  # lock_away hides it, unanswered
        self._box.finished.connect(self._finished)
        window.lock_screen.unlocked.connect(self._ask)
        self._ask()

    def _ask(self, _staff: object = None) -> None:
        if not self._window.is_locked():
            self._box.open()

    def _finished(self) -> None:
        restore = self._box.clickedButton() is self._box.button(QMessageBox.StandardButton.Yes)
        self._window.lock_screen.unlocked.disconnect(self._ask)
        self._box.deleteLater()
        self.answered.emit(restore)
