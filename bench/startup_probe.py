"""Child process of bench_startup.py: open one window, paint it, exit.

It prints ``time.monotonic()`` (the parent's clock too, on Linux) at the moments
the parent needs, one ``name seconds`` line each: ``painted`` when the main
window has finished its first paint, ``content`` when it has finished its first
paint with the opening page's content (the complaint list with its rows; the
same paint when they were in at the first); for SmallCS also ``dialog`` when the
log-in dialog has painted (ready for typing) and ``enter`` when the password is
submitted. Quitting follows the content's paint, so the parent can also time the
whole run.
While the password is being typed, SmallCS also prints ``stall`` with the longest
the dialog's event loop went without a turn (seconds, not a moment): how long a
key typed then could have waited before the dialog took it; and at the first
paint, ``checking 1`` when the database's integrity check was still running beside the
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


def after_paint(window: Any, then: Callable[[], None], ready: Callable[[], bool] = lambda: True) -> None:
    """Call ``then`` at the end of the first paint of ``window`` that begins with ``ready()`` true.

    Qt paints a window's widgets inside the first expose event of its native
    window (``QWindow``, there from the widget's Show event on) and, after that,
    inside the ``UpdateRequest`` event it posts to the window when something in
    it changed. An event filter sees such an event before Qt handles it; the
    filter then posts an event of high priority, which Qt delivers as soon as
    the paint is over, ahead of the events already waiting (the app's own zero
    timers, a worker's result). Only the window and its native window are
    watched.

    Until 2026-12-05 a zero timer marked the end of the paint. It ran after the
    events waiting then: the app's work after its first paint and, for an
    instant typist, the opening list's rows arriving, up to 30 ms later.
    (Until 2026-12-04 this watched every event of the application, which took
    SmallCS's whole start-up through Python, about 35 ms the app does not spend.)

    Qt is imported here, not at the top, so SmallCS loads its modules in the
    order the real ``smallcs`` command does.
    """
    from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt

    class PaintWatch(QObject):
        native: Any = None
        painting = False  # a paint with ready() true has begun; its end is on its way

        def watch_native(self) -> None:
            self.native = window.windowHandle()
            self.native.installEventFilter(self)

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if watched is window and event.type() == QEvent.Type.Show and self.native is None:
                self.watch_native()
            elif not self.painting and self._paints(watched, event) and ready():
                self.painting = True
                QCoreApplication.postEvent(self, QEvent(QEvent.Type.User), Qt.EventPriority.HighEventPriority.value)
            return False

        def _paints(self, watched: QObject, event: QEvent) -> bool:
            if watched is self.native:
                return event.type() == QEvent.Type.Expose and self.native.isExposed()
            # (Before its first expose the window gets one while not yet mapped; nothing paints then.)
            return (watched is window and event.type() == QEvent.Type.UpdateRequest
                    and window.testAttribute(Qt.WidgetAttribute.WA_Mapped))

        def event(self, event: QEvent) -> bool:
            if event.type() != QEvent.Type.User:
                return super().event(event)
            window.removeEventFilter(self)
            if self.native is not None:
                self.native.removeEventFilter(self)
            then()
            return True

    watcher = PaintWatch(window)
    window.installEventFilter(watcher)
    if window.windowHandle() is not None:  # shown already (the log-in dialog, once its loop runs)
        watcher.watch_native()


def opening_page_shown(window: Any) -> bool:
    """Whether the main window's page shows what it read at start-up: the complaint list
    its rows, the dashboard its figures (each may be reading them again meanwhile: Qt
    shows the ones it has); the other pages read nothing on a worker."""
    page = window.page(window.current_page_name())
    if not page.is_reading():
        return True
    model = getattr(page, "model", None)  # the complaint list
    if model is not None:
        return model.rowCount() > 0
    return getattr(page, "snapshot", None) is not None  # the dashboard


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


def painted_then_quit(window: Any, shown: Callable[[], bool] = lambda: True,
                      at_first_paint: Callable[[], None] = lambda: None) -> None:
    """Say ``painted`` at the end of ``window``'s first paint (and call ``at_first_paint``),
    ``content`` at the end of its first paint with ``shown()`` true (the same paint when it
    was true then), and quit."""
    from PySide6.QtWidgets import QApplication

    def content() -> None:
        say("content")
        QApplication.quit()

    def painted() -> None:
        say("painted")
        at_first_paint()
        if shown():
            content()
        else:
            after_paint(window, content, shown)

    after_paint(window, painted)


def bare() -> None:
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.resize(1180, 760)
    painted_then_quit(window)
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
                after_paint(widget, ready)
                return
        raise SystemExit("no log-in dialog")

    QTimer.singleShot(0, watch_for_the_dialog)  # runs once the dialog's event loop has started
    window, _exit_code = start_session(db)
    if window is None:
        raise SystemExit("log-in failed")
    checking_text = _("Checking the database…")

    def at_first_paint() -> None:
        print("checking", int(window.statusBar().currentMessage() == checking_text), flush=True)
        print("page", window.current_page_name(), flush=True)

    painted_then_quit(window, lambda: opening_page_shown(window), at_first_paint)
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
