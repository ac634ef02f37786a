"""Background tasks hand their result to the UI thread, and end quietly at quit."""

from __future__ import annotations

import threading

import shiboken6
from PySide6.QtCore import QThreadPool
from pytestqt.qtbot import QtBot

from smallcs.ui import workers


def test_the_result_arrives_on_the_ui_thread(qtbot: QtBot) -> None:
    task = workers.Task(lambda _progress: threading.current_thread().name)
    with qtbot.waitSignal(task.signals.finished, timeout=5000) as delivered:
        workers.start(task)
    assert delivered.args[0] != threading.current_thread().name


def test_a_task_still_running_when_the_app_quits_ends_without_an_error(qtbot: QtBot) -> None:
    release = threading.Event()

    def work(_progress: object) -> str:
        release.wait(5)
        return "late"

    task = workers.Task(work)
    workers.start(task)
    shiboken6.delete(task.signals)  # what Qt does to it when the application goes away
    release.set()
    # pytest-qt fails the test if run() lets an exception escape into Qt.
    assert QThreadPool.globalInstance().waitForDone(5000)
