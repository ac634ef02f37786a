"""Locks the counter PC by itself after a while without keyboard or mouse input.

An event filter on the whole application notes the time of every input event, in
any of its windows; a single-shot timer wakes up when the time could be up and
looks again. Noting the time is all the filter does, as it sees every event.
"""

from __future__ import annotations

from PySide6.QtCore import QElapsedTimer, QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

# Input by a person; paint, timer and focus events are not someone at the counter.
INPUT_EVENTS = frozenset({
    QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick,
    QEvent.Type.MouseMove, QEvent.Type.Wheel, QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate,
    QEvent.Type.TabletPress, QEvent.Type.TabletMove,
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
        self._timer = QTimer(self, singleShot=True)
        self._timer.timeout.connect(self._check)
        app = QApplication.instance()
        assert app is not None, "IdleLock needs the application"
        app.installEventFilter(self)

    def set_minutes(self, minutes: int | None) -> None:
        """Lock after ``minutes`` without input from now on; None: never."""
        self.minutes = minutes
        self._since_input.restart()
        if minutes is None:
            self._timer.stop()
        else:
            self._timer.start(self._timeout_ms())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in INPUT_EVENTS:
            self._since_input.restart()
            if self.minutes is not None and not self._timer.isActive():
                self._timer.start(self._timeout_ms())  # the first input after an idle signal
        return False

    def _timeout_ms(self) -> int:
        assert self.minutes is not None
        return self.minutes * self.ms_per_minute

    def _check(self) -> None:
        if self.minutes is None:
            return
        left = self._timeout_ms() - self._since_input.elapsed()
        if left > 0:
            self._timer.start(left)
        else:
            self.idle.emit()
