"""Run something once a window is on screen, not before."""

from __future__ import annotations

from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QWindow
from PySide6.QtWidgets import QWidget


class FirstPaintWatch(QObject):
    """Calls ``then`` once its parent window has painted for the first time, if the
    window is still open by then (and the watch not cancelled).

    A zero timer set before the window's event loop starts would run before its
    first paint and hold the window back.

    The watch waits for the first expose of the window's native window
    (``QWindow``): Qt paints the window's widgets inside that event, so a zero
    timer set then runs once the window is on screen. The window widget itself
    may never get a paint event of its own (children that cover it are painted
    instead), and a filter on the whole application, which would see it, takes
    every event of every object through Python at the busiest moment of
    start-up: with the main window's build, about 35 ms.
    """

    def __init__(self, window: QWidget, then: Callable[[], None]) -> None:
        super().__init__(window)
        self._window = window
        self._then = then
        self._native: QWindow | None = None
        window.installEventFilter(self)  # its Show: the native window exists from then on
        if window.windowHandle() is not None:
            self._watch_native(window.windowHandle())

    def cancel(self) -> None:
        self._window.removeEventFilter(self)
        if self._native is not None and shiboken6.isValid(self._native):
            self._native.removeEventFilter(self)

    def _watch_native(self, native: QWindow) -> None:
        if self._native is not None and shiboken6.isValid(self._native):
            self._native.removeEventFilter(self)
        self._native = native
        native.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._window:
            if event.type() == QEvent.Type.Show:
                native = self._window.windowHandle()
                if native is not None and native is not self._native:
                    self._watch_native(native)  # the first, or one Qt made anew (the old one destroyed)
        elif (event.type() == QEvent.Type.Expose and self._native is not None and self._native.isExposed()
              and self._window.isVisible()):  # (an expose queued before a hide paints nothing)
            self.cancel()
            QTimer.singleShot(0, self._call_if_open)
        return False

    def _call_if_open(self) -> None:
        if self._window.isVisible():
            self._then()
