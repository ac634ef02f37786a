"""``FirstPaintWatch``: something runs once a window has painted, never before, never twice."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QDialog, QLabel, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from smallcs.ui.first_paint import FirstPaintWatch


class CoveringLabel(QLabel):
    """An opaque label filling its window: Qt paints it, and not the window under it."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__("On screen", parent)
        self.setAutoFillBackground(True)
        self.painted = 0

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        self.painted += 1


class PaintCount(QObject):
    """Counts the paint events a widget itself receives."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self.count = 0
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def covered_window(qtbot: QtBot) -> tuple[QWidget, CoveringLabel]:
    window = QWidget()
    qtbot.add_widget(window)
    layout = QVBoxLayout(window)
    layout.setContentsMargins(0, 0, 0, 0)
    label = CoveringLabel(window)
    layout.addWidget(label)
    window.resize(320, 200)
    return window, label


def test_it_runs_once_the_window_has_painted_even_when_only_a_child_painted(qtbot: QtBot) -> None:
    window, label = covered_window(qtbot)
    window_paints = PaintCount(window)
    seen_at_call: list[int] = []
    FirstPaintWatch(window, lambda: seen_at_call.append(label.painted))

    window.show()
    qtbot.waitUntil(lambda: bool(seen_at_call))

    assert seen_at_call == [1]  # after the window's first paint, not before
    assert window_paints.count == 0  # (the window itself never had a paint event to wait for)
    window.update()
    window.resize(400, 260)
    qtbot.waitUntil(lambda: label.painted > 1)
    qtbot.wait(20)
    assert seen_at_call == [1]  # once


def test_nothing_runs_for_a_window_shown_only_after_the_watch_was_cancelled(qtbot: QtBot) -> None:
    window, label = covered_window(qtbot)
    calls: list[int] = []
    watch = FirstPaintWatch(window, lambda: calls.append(1))

    watch.cancel()
    window.show()
    qtbot.waitUntil(lambda: label.painted > 0)
    qtbot.wait(20)

    assert calls == []


def test_a_window_closed_before_its_paint_runs_it_only_once_shown_again_and_painted(qtbot: QtBot) -> None:
    window, label = covered_window(qtbot)
    seen_at_call: list[int] = []
    FirstPaintWatch(window, lambda: seen_at_call.append(label.painted))

    window.show()
    window.hide()  # before the event loop turned: it never reached the screen
    qtbot.wait(50)
    assert seen_at_call == []

    window.show()
    qtbot.waitUntil(lambda: bool(seen_at_call))
    assert seen_at_call == [1]


def test_a_window_whose_native_window_was_made_anew_still_runs_it_once_painted(qtbot: QtBot) -> None:
    window, label = covered_window(qtbot)
    window.show()
    qtbot.waitUntil(lambda: label.painted > 0)
    window.hide()
    seen_at_call: list[int] = []
    FirstPaintWatch(window, lambda: seen_at_call.append(label.painted))  # watches the native window there
    window.destroy()  # Qt makes another native window at the next show

    window.show()
    qtbot.waitUntil(lambda: bool(seen_at_call))
    assert seen_at_call == [label.painted] and label.painted >= 2


def test_a_dialog_run_with_exec_gets_it_from_inside_its_own_loop(qtbot: QtBot) -> None:
    """As the log-in dialog does: the watch is made before ``exec`` shows the dialog."""
    dialog = QDialog()
    qtbot.add_widget(dialog)
    label = CoveringLabel(dialog)
    QVBoxLayout(dialog).addWidget(label)
    seen_at_call: list[int] = []

    def painted() -> None:
        seen_at_call.append(label.painted)
        dialog.accept()

    FirstPaintWatch(dialog, painted)
    QTimer.singleShot(5000, dialog.reject)  # (a watch that never ran would end the test here)

    assert dialog.exec() == QDialog.DialogCode.Accepted
    assert seen_at_call == [1]
