"""Locks the counter PC by itself after a while without keyboard or mouse input.

Keys, clicks and mouse moves reach one of the app's windows (``QWindow``) before the
widget they are meant for, so an event filter on each window notes the time of every
input without seeing the far more numerous events between widgets (painting, layout,
building a page): a filter on the whole application would take each of those through
Python. Each window is watched from the moment it takes the focus; a window that
never did (an open menu under the mouse) is caught by the pointer having moved when
the timer wakes up. A single-shot timer wakes up when the time could be up and looks
again.

Text typed through an input method (Chinese, Japanese) is the exception: the input
method takes the keys before any window sees them and hands the text straight to the
widget with the focus (``QEvent.InputMethod``), so that one widget is watched as well.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QElapsedTimer, QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QCursor, QGuiApplication, QWindow

# Input by a person; paint, timer and focus events are not someone at the counter.
INPUT_EVENTS = frozenset({
    QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick,
    QEvent.Type.MouseMove, QEvent.Type.Wheel, QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate,
    QEvent.Type.TabletPress, QEvent.Type.TabletMove,
    QEvent.Type.InputMethod,  # (not InputMethodQuery: Qt asking the widget, which it does by itself)
})
MS_PER_MINUTE = 60_000
# A question its owner takes away unanswered when the screen locks (the log-in questions, whose
# Esc answer would decide something); every other window is put away by ui/lock_away.py.
WITHDRAWN_ON_LOCK = "withdrawnOnLock"


class IdleLock(QObject):
    """Emits ``idle`` once input has paused for ``minutes``; again only after new input.

    Nothing holds it back, not even a dialog waiting for an answer: a counter left
    with a question or a form open must lock all the same. What the lock then does
    with those windows is ``lock_away.LockAway``'s business.
    """

    idle = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ms_per_minute = MS_PER_MINUTE  # tests make a minute last milliseconds
        self.minutes: int | None = None
        self._since_input = QElapsedTimer()
        self._since_input.start()
        self._pointer = QCursor.pos()  # where the mouse was at the last input seen
        self._timer = QTimer(self, singleShot=True)
        self._timer.timeout.connect(self._check)
        app = QGuiApplication.instance()
        assert isinstance(app, QGuiApplication), "IdleLock needs the application"
        app.focusWindowChanged.connect(self._watch)
        self._watch_windows()
        self._focus: QObject | None = None  # the widget an input method types into
        app.focusObjectChanged.connect(self._watch_focus)
        self._watch_focus(app.focusObject())

    def set_minutes(self, minutes: int | None) -> None:
        """Lock after ``minutes`` without input from now on; None: never."""
        self.minutes = minutes
        self._watch_windows()
        self._noted_input()
        if minutes is None:
            self._timer.stop()
        else:
            self._timer.start(self._timeout_ms())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in INPUT_EVENTS:
            self._noted_input()
            if self.minutes is not None and not self._timer.isActive():
                self._timer.start(self._timeout_ms())  # the first input after an idle signal
        return False

    def _noted_input(self) -> None:
        self._since_input.restart()
        self._pointer = QCursor.pos()

    def _watch(self, window: QWindow | None) -> None:
        if window is not None:
            window.installEventFilter(self)  # (once: installing it again only moves it first)

    def _watch_focus(self, focus: QObject | None) -> None:
        """Only the widget with the focus: a filter on every widget would see all their painting."""
        if isinstance(focus, QWindow):
            return  # watched as a window already (and must stay so)
        if self._focus is not None and shiboken6.isValid(self._focus):
            self._focus.removeEventFilter(self)
        self._focus = focus
        if focus is not None:
            focus.installEventFilter(self)

    def _watch_windows(self) -> None:
        for window in QGuiApplication.topLevelWindows():
            self._watch(window)

    def _timeout_ms(self) -> int:
        assert self.minutes is not None
        return self.minutes * self.ms_per_minute

    def _check(self) -> None:
        if self.minutes is None:
            return
        self._watch_windows()  # from now on also the windows that appeared without the focus
        if QCursor.pos() != self._pointer:  # moved over a window not watched until now
            self._noted_input()
        left = self._timeout_ms() - self._since_input.elapsed()
        if left > 0:
            self._timer.start(left)
        else:
            self.idle.emit()
