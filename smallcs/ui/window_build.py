"""The main window, built behind the log-in dialog a step at a time.

Building the window takes about 0.2 s of the UI thread: its modules load, Qt
makes the widgets (and PySide the Python classes of the Qt enums they use), the
opening page is built and its rows are read; once they are in, the window is
painted once off screen (``_rehearse_first_paint``). Done in one go, the log-in
dialog would not answer a key meanwhile. Each step here is short and runs from the
event loop (a zero timer), so what is typed reaches the dialog between two
steps. Once the password is accepted, ``finish`` runs whatever steps are left
at once and waits a moment for the opening page's rows (a fast typist's window
then paints once, with them); a cancelled log-in ``cancel``s the build and nothing
more is built.
"""

from __future__ import annotations

import importlib
from collections import deque
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QEventLoop, QObject, QTimer, Signal

from smallcs.ui.page import Page

if TYPE_CHECKING:
    from smallcs.ui.main_window import MainWindow

ROWS_POLL_MS = 10  # how often the rehearsal looks whether the opening page's rows are in


class WindowBuild(QObject):
    """Builds one main window for ``database_label``, nobody logged in yet.

    Signals:
        step_done(int): a step has run from the event loop; how many are left
            (``finish`` runs the rest without a word).
        failed(): a step run from the event loop raised (its error goes on to the
            app's handler); no further step runs from the event loop, ``finish``
            runs the rest.
    """

    step_done = Signal(int)
    failed = Signal()

    def __init__(self, database_label: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._database_label = database_label
        self._window: MainWindow | None = None
        self._opening_page = ""
        self._steps: deque[Callable[[], object]] = deque([
            self._import_window_modules, self._build_shell, self._build_opening_page, self._read_opening_page,
            self._rehearse_first_paint,
        ])
        self._timer = QTimer(self, singleShot=True, interval=0)
        self._timer.timeout.connect(self._run_next)

    def start(self) -> None:
        """Run the steps from the event loop, one per turn."""
        if self._steps:
            self._timer.start()

    def is_done(self) -> bool:
        return not self._steps

    def finish(self) -> MainWindow:
        """The window, for the person who just logged in: the steps left run now (all but the
        rehearsal of the first paint, which the real paint does next), and while the opening
        page's rows are on their way they are waited for, up to the page's
        ``first_paint_wait_ms``.

        Someone who pressed Enter as the dialog painted would otherwise see the window
        paint with an empty list, and the list fill about 40 ms later: the rows took that
        long to arrive and be shown after the first paint, and Qt then painted again. Shown
        once they are in, the window comes up a moment later, whole, and sooner with its rows.
        A database too slow to answer within the wait lets the window come up without them.
        """
        self._timer.stop()
        while self._steps:
            step = self._steps.popleft()
            if step != self._rehearse_first_paint:
                step()
        self._wait_for_the_opening_page()
        assert self._window is not None
        return self._window

    def cancel(self) -> None:
        """Stop: no further step runs, and the window built so far goes."""
        self._timer.stop()
        self._steps.clear()
        if self._window is not None:
            self._window.deleteLater()
            self._window = None

    def _run_next(self) -> None:
        step = self._steps.popleft()
        if step == self._rehearse_first_paint and self._reading_page() is not None:
            self._steps.appendleft(step)  # once the rows are in: a rehearsal without them would miss them
            self._timer.start(ROWS_POLL_MS)
            return
        try:
            step()
        except Exception:
            self.failed.emit()  # e.g. a damaged database: what waited for the build's end goes ahead
            raise
        self.step_done.emit(len(self._steps))
        if self._steps:
            self._timer.start(0)

    # --- the steps --------------------------------------------------------
    def _import_window_modules(self) -> None:
        """The window's own modules; then the opening page's, a step each."""
        from smallcs.ui.main_window import PAGE_MODULES, opening_page

        self._opening_page = opening_page()
        modules = PAGE_MODULES[self._opening_page]
        self._steps.extendleft(partial(importlib.import_module, name) for name in reversed(modules))

    def _build_shell(self) -> None:
        from smallcs.ui.main_window import MainWindow

        self._window = MainWindow(None, self._database_label)

    def _build_opening_page(self) -> None:
        assert self._window is not None
        self._window.page(self._opening_page)

    def _reading_page(self) -> Page | None:
        """The opening page while what it asked for is on its way, else None."""
        assert self._window is not None
        page = self._window.page(self._opening_page)
        return page if isinstance(page, Page) and page.is_reading() else None

    def _wait_for_the_opening_page(self) -> None:
        """Run the event loop until the opening page's rows are in, for at most its ``first_paint_wait_ms``."""
        page = self._reading_page()
        if page is None or not page.first_paint_wait_ms:
            return
        loop = QEventLoop()
        page.read_ended.connect(loop.quit)
        QTimer.singleShot(page.first_paint_wait_ms, loop, loop.quit)
        loop.exec()
        page.read_ended.disconnect(loop.quit)

    def _rehearse_first_paint(self) -> None:
        """Paint the window once off screen, rows and all. The person at the dialog does not
        see it; what the first paint costs the first time (polishing every widget with the
        style sheet, laying the window out, shaping its texts) is then done before Enter,
        and the window comes up about 50 ms sooner after it."""
        assert self._window is not None
        self._window.grab()

    def _read_opening_page(self) -> None:
        """Bring the page to the front: it reads its rows (the list on a worker)."""
        assert self._window is not None
        self._window.show_page(self._window.navigation.currentRow())
