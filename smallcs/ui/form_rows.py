"""A form field with its notes under it.

A word-wrapped note given a form row of its own ("", note) gets a row height from the
label column's guess and leaves a gap or cuts a line; the same note stacked with its
control in one field takes exactly the lines it needs.
"""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget


def with_notes(control: QWidget, *notes: QWidget) -> QWidget:
    """``control`` with ``notes`` (hints, messages) under it, as one field of a QFormLayout."""
    field = QWidget()
    layout = QVBoxLayout(field)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    for widget in (control, *notes):
        layout.addWidget(widget)
    return field
