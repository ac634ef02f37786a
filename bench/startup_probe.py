"""Child process of bench_startup.py: open one window, paint it once, exit.

It prints ``time.monotonic()`` (the parent's clock too, on Linux) at the moments
the parent needs, one ``name seconds`` line each: ``painted`` when the main
window has finished its first paint; for SmallCS also ``dialog`` when the log-in
dialog has painted (ready for typing) and ``enter`` when the password is
submitted. Quitting follows the paint, so the parent can also time the whole run.
While the password is being typed, SmallCS also prints ``stall`` with the longest
the dialog's event loop went without a turn (seconds, not a moment): how long a
key typed then could have waited before the dialog took it; and at the paint,
``checking 1`` when the database's integrity check was still running beside the
window then (``checking 0`` when it had ended) and ``page NAME``, the page the
window showed.

``bare`` is the floor: a bare PySide6 main window. ``app DB USER PASSWORD
TYPING_SECONDS`` is SmallCS: open and migrate-check the database, show the
log-in dialog (the database's integrity check runs beside it), type the
credentials TYPING_SECONDS after it has painted (0: an instant typist), check
the password (argon2id), show the main window on the page last used (the
settings folder's ``mainWindow/page``, which the parent writes), paint it.

``app`` runs as a shop's SQLite install does: without the PostgreSQL driver,
which only the ``postgresql`` extra installs (the test environment has it).
``app-pg`` keeps the driver installed, as on a PC that has it; SmallCS loads it
for a PostgreSQL database only (``smallcs/pg_driver.py``: peewee would import it
at once, ~0.15 s).
"""

from __future__ import annotations

import gc
import sys
import time
from collections.abc import Callable
from typing import Any


def say(moment: str) -> None:
    print(moment, time.monotonic(), flush=True)


def after_first_paint(app: Any, window: Any, then: Callable[[], None]) -> None:
    """Call ``then`` once ``window`` has painted for the first time.

    Qt paints a window's widgets inside the first expose event of its native
    window (``QWindow``, there from the widget's Show event on): a zero timer set
    then runs once that paint is done. Only the window and its native window are
    watched. (Until 2026-12-04 this watched every event of the application for a
    paint event of one of the window's widgets; that took SmallCS's whole start-up
    through Python, about 35 ms the real app does not spend.)

    Qt is imported here, not at the top, so SmallCS loads its modules in the
    order the real ``smallcs`` command does.
    """
    from PySide6.QtCore import QEvent, QObject, QTimer

    class FirstPaint(QObject):
        native: Any = None

        def watch_native(self) -> None:
            self.native = window.windowHandle()
            self.native.installEventFilter(self)

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if watched is window and event.type() == QEvent.Type.Show and self.native is None:
                self.watch_native()
            elif (watched is self.native and event.type() == QEvent.Type.Expose
                    and self.native.isExposed()):
                window.removeEventFilter(self)
                self.native.removeEventFilter(self)
                QTimer.singleShot(0, then)  # as soon as this paint (and the window's rest) is done
            return False

    watcher = FirstPaint(app)
    window.installEventFilter(watcher)
    if window.windowHandle() is not None:  # shown already (the log-in dialog, once its loop runs)
        watcher.watch_native()


class LongestStall:
    """The longest gap between two turns of the event loop, from ``start`` to ``stop``.

    A timer asks for a turn every millisecond; whatever runs on the UI thread in
    between (a step of the main window's build) delays the next turn, as it would
    delay a key typed meanwhile.
    """

    def __init__(self) -> None:
        from PySide6.QtCore import QTimer

        self.longest = 0.0
        self._last = 0.0
        self._timer = QTimer(interval=1)
        self._timer.timeout.connect(self._turn)

    def start(self) -> None:
        self._last = time.monotonic()
        self._timer.start()

    def stop(self) -> float:
        self._timer.stop()
        self._turn()
        return self.longest

    def _turn(self) -> None:
        now = time.monotonic()
        self.longest = max(self.longest, now - self._last)
        self._last = now


def painted_then_quit(app: Any, checking: Callable[[], bool] | None = None,
                      page: Callable[[], str] | None = None) -> Callable[[], None]:
    def done() -> None:
        say("painted")
        if checking is not None:
            print("checking", int(checking()), flush=True)
        if page is not None:
            print("page", page(), flush=True)
        app.quit()
    return done


def bare() -> None:
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.resize(1180, 760)
    after_first_paint(app, window, painted_then_quit(app))
    window.show()
    app.exec()


def smallcs_app(db: str, username: str, password: str, typing_seconds: str) -> None:
    """The real start-up path (``ui.app.start_session``, as ``run_app``: the log-in with
    the database's integrity check beside it) with a typist at the log-in dialog.

    The typist waits for the dialog's first paint, then ``typing_seconds``, then
    types the credentials and presses Enter; everything else is the app's own code.
    Meanwhile the longest stall of the dialog's event loop is measured.
    """
    from smallcs.command import load

    load()  # first, as the ``smallcs`` command loads it (collector paused) before any Qt
    from smallcs import font_warm_up

    font_warm_up.start()  # as ``cli.main`` does before the desktop app loads
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from smallcs.i18n import _
    from smallcs.models.connection import open_database
    from smallcs.ui.app import create_application, start_session
    from smallcs.ui.login_dialog import LoginDialog

    gc.freeze()  # as ``cli.main`` does before the desktop app starts

    app = create_application(sys.argv[:1])
    open_database(db)
    stall = LongestStall()

    def type_credentials(dialog: LoginDialog) -> None:
        if float(typing_seconds) > 0:
            print("stall", stall.stop(), flush=True)
        dialog.form.username.setText(username)
        dialog.form.password.setText(password)
        say("enter")
        dialog.form.try_credentials()

    def watch_for_the_dialog() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, LoginDialog):
                def ready(dialog: LoginDialog = widget) -> None:
                    say("dialog")
                    if float(typing_seconds) > 0:
                        stall.start()
                    QTimer.singleShot(round(float(typing_seconds) * 1000), lambda: type_credentials(dialog))
                after_first_paint(app, widget, ready)
                return
        raise SystemExit("no log-in dialog")

    QTimer.singleShot(0, watch_for_the_dialog)  # runs once the dialog's event loop has started
    window, _exit_code = start_session(db)
    if window is None:
        raise SystemExit("log-in failed")
    checking_text = _("Checking the database…")
    after_first_paint(app, window, painted_then_quit(
        app, lambda: window.statusBar().currentMessage() == checking_text, window.current_page_name))
    window.show()
    app.exec()


if __name__ == "__main__":
    if sys.argv[1] == "bare":
        bare()
    else:
        if sys.argv[1] == "app":
            for driver in ("psycopg", "psycopg2", "psycopg2cffi"):
                sys.modules[driver] = None  # type: ignore[assignment] - "not installed"
        smallcs_app(*sys.argv[2:6])
