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

from smallcs.ui.screen_fit import ScreenFit, ScrollingContent


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
    dialog.show()
    qtbot.waitExposed(dialog)
    for _ in range(3):
        QApplication.processEvents()


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
