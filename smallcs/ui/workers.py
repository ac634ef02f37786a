"""Run slow service calls off the UI thread and hand the result back on it."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, Signal

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

    The worker thread may hold the last reference to the task when ``run``
    returns, so nothing the task keeps may need the UI thread to be destroyed:
    the signals object belongs to the application (deleted later, by the UI
    thread) and ``work``, which may hold widgets, is let go on delivery.
    """

    def __init__(self, work: Callable[[Callable[[int, str], None]], Any]) -> None:
        super().__init__()
        self.setAutoDelete(False)  # Python owns the task: see ``start``
        self._work = work
        self.signals = _Signals(QCoreApplication.instance())

    def run(self) -> None:
        try:
            try:
                result = self._work(self.signals.progress.emit)
            except Exception as exc:  # handed to the UI thread, which shows it
                log.debug("background task failed", exc_info=True)
                self.signals.failed.emit(exc)
            else:
                self.signals.finished.emit(result)
        except RuntimeError:
            # The app quit while this ran and Qt has deleted the signals object:
            # nobody is left to receive the result.
            log.debug("background task outlived the application")
        finally:
            # peewee keeps one connection per thread: give this one back.
            if database.obj is not None and not database.obj.is_closed():
                database.obj.close()


# Tasks on their way, kept alive until their result has been delivered: the pool
# drops its reference once ``run`` returns, and a signals object collected before
# its queued signal reaches the UI thread would lose the result silently.
_running: dict[int, Task] = {}


def _delivered(key: int) -> None:
    """On the UI thread, once the caller's slots have the result: let the task go."""
    task = _running.pop(key, None)
    if task is not None:
        del task._work  # closures over widgets end here, not on the worker
        task.signals.deleteLater()


def start(task: Task) -> None:
    """Queue ``task`` on the global thread pool."""
    key = id(task)
    _running[key] = task
    # Connected last, so the caller's slots see the result first; the lambdas hold
    # the key, not the task, so no reference cycle outlives the delivery.
    task.signals.finished.connect(lambda _result: _delivered(key))
    task.signals.failed.connect(lambda _error: _delivered(key))
    QThreadPool.globalInstance().start(task)
