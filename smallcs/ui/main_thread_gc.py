"""Python's cycle collector, run on the UI thread only.

Python collects reference cycles on whichever thread happens to be allocating
when a generation's threshold is crossed. A cycle that holds a Qt object (a
dialog and a slot connected to it, a page and a closure handed to a worker) can
then be destroyed on a worker thread (a report being written, the survey server,
a list's background read) while the UI thread walks the same widgets: Qt objects
may only be destroyed by the thread they live in, and the process can crash.

So the automatic collector is switched off and a timer on the UI thread does its
work, generation by generation, with Python's own thresholds (the pattern of
pyqtgraph's ``GarbageCollector``). Memory that plain reference counting frees is
not affected; only cycles wait, for at most one tick.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QCoreApplication, QObject, QTimer

INTERVAL_MS = 1000


class MainThreadCollector(QObject):
    """Collects due generations on its (the UI) thread's timer; see the module docstring."""

    def __init__(self, parent: QObject, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(parent)
        self._thresholds = gc.get_threshold()
        gc.disable()
        self._timer = QTimer(self, interval=interval_ms)
        self._timer.timeout.connect(self.collect_due)
        self._timer.start()

    def collect_due(self) -> None:
        """Collect each generation whose count is past its threshold, youngest first."""
        counts = gc.get_count()
        for generation, (count, threshold) in enumerate(zip(counts, self._thresholds)):
            if count <= threshold:
                return
            gc.collect(generation)

    def stop(self) -> None:
        """Hand collecting back to Python (after one last collection here)."""
        self._timer.stop()
        self.setParent(None)  # no longer this application's collector
        gc.collect()
        gc.enable()


def collect_on_ui_thread(app: QCoreApplication) -> MainThreadCollector:
    """Switch ``app``'s process to collecting cycles on the UI thread (once per app)."""
    existing = app.findChild(MainThreadCollector)
    return existing if existing is not None else MainThreadCollector(app)
