"""Telling staff why something was not done, without blocking the event loop."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget


def show_refusal(parent: QWidget, title: str, text: str) -> QMessageBox:
    """A warning box over ``parent``'s window (window-modal, opened with ``open()``).

    Not ``QMessageBox.warning``: its nested event loop would hold up list reads
    arriving meanwhile, and tests can find and close this box like any widget.
    """
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("refusal")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box
