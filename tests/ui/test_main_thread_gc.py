"""Reference cycles holding Qt objects are collected on the UI thread, never on a worker."""

from __future__ import annotations

import gc
import threading
from typing import ClassVar

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from smallcs.ui.main_thread_gc import collect_on_ui_thread


class _Cycle:
    """Garbage only the cycle collector can free; notes the thread that freed it."""

    freed_on: ClassVar[list[str]] = []

    def __init__(self) -> None:
        self.me = self

    def __del__(self) -> None:
        _Cycle.freed_on.append(threading.current_thread().name)


def test_a_worker_allocating_does_not_collect_the_ui_threads_cycles(qtbot: QtBot) -> None:
    assert not gc.isenabled()  # as in the app: tests/ui/conftest.py sets it up for each test
    gc.collect()  # the generations' counts start from zero
    _Cycle.freed_on.clear()
    _Cycle()  # unreachable at once, but only a collection frees it

    kept: list[list[object]] = []

    def allocate() -> None:  # far past the youngest generation's threshold
        kept.extend([] for _ in range(20 * gc.get_threshold()[0]))

    worker = threading.Thread(target=allocate, name="worker")
    worker.start()
    worker.join()
    assert _Cycle.freed_on == []

    qtbot.waitUntil(lambda: _Cycle.freed_on != [], timeout=5000)
    assert _Cycle.freed_on == [threading.main_thread().name]
    kept.clear()


def test_collecting_on_the_ui_thread_is_set_up_once_per_application() -> None:
    app = QApplication.instance()
    collector = collect_on_ui_thread(app)
    assert collect_on_ui_thread(app) is collector
    assert not gc.isenabled()
    collector.stop()
    assert gc.isenabled()
