"""Run slow service calls off the UI thread and hand the result back on it."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from smallcs.models import database

log = logging.getLogger(__name__)


class _Signals(QObject):
    progress = Signal(int, str)
    finished = Signal(object)
    failed = Signal(object)


class Task(QRunnable):
    """One call of ``work(progress)`` on the thread pool.

    ``work`` receives a ``progress(percent, message)`` callable; connect to
    ``signals.finished`` / ``signals.failed`` (delivered on the UI thread).
    """

    def __init__(self, work: Callable[[Callable[[int, str], None]], Any]) -> None:
        super().__init__()
        self._work = work
        self.signals = _Signals()

    def run(self) -> None:
        try:
            result = self._work(self.signals.progress.emit)
        except Exception as exc:  # handed to the UI thread, which shows it
            log.debug("background task failed", exc_info=True)
            self.signals.failed.emit(exc)
        else:
            self.signals.finished.emit(result)
        finally:
            # peewee keeps one connection per thread: give this one back.
            if database.obj is not None and not database.obj.is_closed():
                database.obj.close()


def start(task: Task) -> None:
    """Queue ``task`` on the global thread pool."""
    QThreadPool.globalInstance().start(task)
