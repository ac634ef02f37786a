"""A dialog kept on its screen: never larger than the free area, its buttons in sight, long content scrolled."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

from smallcs.ui.screen_fit import ScreenFit, ScrollingContent, usable_size
from tests.ui.conftest import settle_layout, shown


def _dialog(qtbot: QtBot, lines: int, *, preferred: QSize | None = None) -> tuple[QDialog, ScrollingContent, QPushButton]:
    dialog = QDialog()
    qtbot.add_widget(dialog)
    content = QWidget()
    rows = QVBoxLayout(content)
    for n in range(lines):
        label = QLabel(f"Line {n}: " + "a sentence that wraps when the window is narrow " * 2)
        label.setWordWrap(True)
        rows.addWidget(label)
    body = ScrollingContent(content)
    close = QPushButton("Close")
    layout = QVBoxLayout(dialog)
    layout.addWidget(body, 1)
    layout.addWidget(close)
    dialog.screen_fit = ScreenFit(dialog, preferred=preferred)  # type: ignore[attr-defined]
    return dialog, body, close


def _show(qtbot: QtBot, dialog: QDialog) -> None:
    shown(qtbot, dialog)


def _inside(dialog: QDialog, button: QPushButton) -> bool:
    return dialog.rect().contains(QRect(button.mapTo(dialog, QPoint(0, 0)), button.size()))


def test_content_taller_than_the_screen_scrolls_and_the_button_stays(qtbot: QtBot) -> None:
    dialog, body, close = _dialog(qtbot, 200)
    _show(qtbot, dialog)
    assert dialog.screen().availableGeometry().contains(dialog.frameGeometry())
    assert _inside(dialog, close) and close.isVisible()
    assert body.verticalScrollBar().maximum() > 0

    dialog.resize(5000, 5000)  # dragged or asked larger than the screen: held back
    QApplication.processEvents()
    assert dialog.screen().availableGeometry().contains(dialog.frameGeometry())


def test_short_content_opens_whole_at_the_preferred_size(qtbot: QtBot) -> None:
    dialog, body, close = _dialog(qtbot, 3, preferred=QSize(500, 10))
    _show(qtbot, dialog)
    assert dialog.width() == 500
    assert body.verticalScrollBar().maximum() == 0  # as tall as its content, not 10 px
    assert _inside(dialog, close)


def test_a_preferred_size_larger_than_the_screen_is_cut_to_it(qtbot: QtBot) -> None:
    dialog, _body, close = _dialog(qtbot, 3, preferred=QSize(10_000, 10_000))
    _show(qtbot, dialog)
    assert dialog.screen().availableGeometry().contains(dialog.frameGeometry())
    assert _inside(dialog, close)


# A dialog open on screen grows when its content grows, up to the screen, and scrolls a new message into sight.

class _Form(QDialog):
    """A few lines of content that scrolls, a button row under it, kept on screen."""

    def __init__(self) -> None:
        super().__init__()
        self.content = QWidget()
        self.rows = QVBoxLayout(self.content)
        self.add_lines(3)
        self.body = ScrollingContent(self.content)
        self.close_button = QPushButton("Close")
        layout = QVBoxLayout(self)
        layout.addWidget(self.body, 1)
        layout.addWidget(self.close_button)
        self.screen_fit = ScreenFit(self)

    def add_lines(self, count: int) -> QLabel:
        """``count`` wrapped lines more at the end of the content; returns the last."""
        first = self.rows.count()
        for n in range(first, first + count):
            label = QLabel(f"Line {n}: " + "a sentence that wraps when the window is narrow " * 2)
            label.setWordWrap(True)
            self.rows.addWidget(label)
        return label


def _shown(qtbot: QtBot) -> _Form:
    dialog = _Form()
    qtbot.add_widget(dialog)
    return shown(qtbot, dialog)



def _in_view(dialog: _Form, widget: QWidget) -> bool:
    viewport = dialog.body.viewport()
    return viewport.rect().contains(QRect(widget.mapTo(viewport, QPoint(0, 0)), widget.size()))


def test_the_window_grows_with_its_content(qtbot: QtBot) -> None:
    dialog = _shown(qtbot)
    before = dialog.height()

    last = dialog.add_lines(4)
    settle_layout()

    assert dialog.height() > before
    assert dialog.body.verticalScrollBar().maximum() == 0
    qtbot.waitUntil(lambda: _in_view(dialog, last), timeout=2000)  # its scroll bar gone again


def test_past_the_screen_it_stops_and_reveal_scrolls_to_a_message(qtbot: QtBot) -> None:
    dialog = _shown(qtbot)

    message = dialog.add_lines(200)
    dialog.body.reveal(message)
    settle_layout()

    assert dialog.height() == usable_size(dialog).height()
    assert dialog.screen().availableGeometry().contains(dialog.frameGeometry())
    assert dialog.body.verticalScrollBar().maximum() > 0
    qtbot.waitUntil(lambda: _in_view(dialog, message), timeout=2000)
    assert dialog.rect().contains(QRect(dialog.close_button.mapTo(dialog, QPoint(0, 0)), dialog.close_button.size()))
