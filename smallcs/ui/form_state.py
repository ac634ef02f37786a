"""The values of a dialog's fields as plain data, to keep as a draft and type back later.

Fields are found by walking the dialog's input widgets in the order they were made,
so the same dialog class built again lines up with its saved state without naming
each field; a field whose kind no longer matches (a newer version of the dialog) is
left as it is. Password boxes are never read: a draft must not hold a password.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDoubleSpinBox,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QSpinBox,
    QTextEdit,
    QWidget,
)

# Widgets whose value is one field; the line edit inside a combo or spin box is part of it.
_FIELDS = (QLineEdit, QPlainTextEdit, QTextEdit, QComboBox, QAbstractSpinBox, QCheckBox, QRadioButton)


def _fields(root: QWidget) -> Iterator[tuple[str, QWidget]]:
    """Each input field under ``root`` with its key: its position and kind."""
    position = 0
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, _FIELDS) or isinstance(widget.parentWidget(), (QComboBox, QAbstractSpinBox)):
            continue
        if isinstance(widget, QLineEdit) and widget.echoMode() != QLineEdit.EchoMode.Normal:
            continue  # a password
        yield f"{position}:{type(widget).__name__}", widget
        position += 1


def _value(widget: QWidget) -> Any:
    if isinstance(widget, QLineEdit):
        return widget.text()
    if isinstance(widget, (QPlainTextEdit, QTextEdit)):
        return widget.toPlainText()
    if isinstance(widget, QComboBox):
        return widget.currentText() if widget.isEditable() else widget.currentIndex()
    if isinstance(widget, QDateEdit):
        return widget.date().toString("yyyy-MM-dd")
    if isinstance(widget, (QSpinBox, QDoubleSpinBox)):
        return widget.value()
    if isinstance(widget, QAbstractButton):
        return widget.isChecked()
    return None


def _set(widget: QWidget, value: Any) -> None:
    if isinstance(widget, QLineEdit) and isinstance(value, str):
        widget.setText(value)
    elif isinstance(widget, (QPlainTextEdit, QTextEdit)) and isinstance(value, str):
        widget.setPlainText(value)
    elif isinstance(widget, QComboBox) and widget.isEditable() and isinstance(value, str):
        widget.setEditText(value)
    elif isinstance(widget, QComboBox) and isinstance(value, int) and 0 <= value < widget.count():
        widget.setCurrentIndex(value)
    elif isinstance(widget, QDateEdit) and isinstance(value, str):
        day = QDate.fromString(value, "yyyy-MM-dd")
        if day.isValid():
            widget.setDate(day)  # clamped to the dates the field allows today
    elif isinstance(widget, (QSpinBox, QDoubleSpinBox)) and isinstance(value, int | float) \
            and not isinstance(value, bool):
        widget.setValue(value)
    elif isinstance(widget, QAbstractButton) and isinstance(value, bool):
        widget.setChecked(value)


def capture(root: QWidget) -> dict[str, Any]:
    """The value of every input field under ``root`` (no passwords), as JSON-ready data."""
    return {key: _value(widget) for key, widget in _fields(root)}


def restore(root: QWidget, state: dict[str, Any]) -> None:
    """Type ``state`` (from ``capture`` on the same kind of dialog) back into ``root``'s fields."""
    for key, widget in _fields(root):
        if key in state:
            _set(widget, state[key])


def has_text(root: QWidget) -> bool:
    """Whether any text field under ``root`` holds typed text (blanks aside)."""
    return any(isinstance(widget, (QLineEdit, QPlainTextEdit, QTextEdit)) and str(_value(widget)).strip()
               for _key, widget in _fields(root))
