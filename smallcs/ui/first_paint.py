"""Run something once a window is on screen, not before."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget


class FirstPaintWatch(QObject):
    """Calls ``then`` once its parent window has painted for the first time, if the
    window is still open by then (and the watch not cancelled).

    A zero timer set before the window's event loop starts would run before its
    first paint and hold the window back.
    """

    def __init__(self, window: QWidget, then: Callable[[], None]) -> None:
        super().__init__(window)
        self._then = then
        QApplication.instance().installEventFilter(self)  # the paint may reach only its children

    def cancel(self) -> None:
        QApplication.instance().removeEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.Paint and isinstance(watched, QWidget)
                and watched.window() is self.parent()):
            self.cancel()
            QTimer.singleShot(0, self._call_if_open)
        return False

    def _call_if_open(self) -> None:
        window = self.parent()
        if isinstance(window, QWidget) and window.isVisible():
            self._then()
