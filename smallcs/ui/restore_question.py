"""The question that offers back what a person typed and left unsaved (a draft)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget


def ask_to_restore(parent: QWidget, title: str, text: str, answered: Callable[[bool], None], *,
                   informative: str = "", name: str = "") -> QMessageBox:
    """Open a Yes (restore) / Discard question without waiting on it; ``answered(restore)`` follows.

    Yes is the default, so Enter keeps what was typed. Any answer but Yes is
    ``answered(False)``.
    """
    box = QMessageBox(QMessageBox.Icon.Question, title, text,
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Discard, parent)
    if name:
        box.setObjectName(name)
    if informative:
        box.setInformativeText(informative)
    box.setDefaultButton(QMessageBox.StandardButton.Yes)
    box.finished.connect(lambda button: answered(button == QMessageBox.StandardButton.Yes))
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box
