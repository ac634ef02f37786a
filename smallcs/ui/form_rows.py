"""Form and page layout helpers: a field with its notes under it, a readable column.

A word-wrapped note given a form row of its own ("", note) gets a row height from the
label column's guess and leaves a gap or cuts a line; the same note stacked with its
control in one field takes exactly the lines it needs.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


def with_notes(control: QWidget, *notes: QWidget) -> QWidget:
    """``control`` with ``notes`` (hints, messages) under it, as one field of a QFormLayout."""
    field = QWidget()
    layout = QVBoxLayout(field)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    for widget in (control, *notes):
        layout.addWidget(widget)
    return field


def readable_column(body: QWidget, max_width: int) -> QHBoxLayout:
    """``body`` at most ``max_width`` wide at the left of a page, in a row to add to the page's layout.

    Given straight to a QVBoxLayout, a widget with a maximum width is asked its height for
    the layout's whole width: its wrapped notes are counted at one line too few and drawn
    squeezed. In a row, the width it really gets is the one asked about.
    """
    body.setMaximumWidth(max_width)
    row = QHBoxLayout()
    row.addWidget(body, 1)
    row.addStretch(0)
    return row


def save_and_cancel(dialog: QDialog, save_text: str, *, object_name: str = "") -> QDialogButtonBox:
    """A form dialog's button row: Cancel, and a default button named for what it does ("Add account",
    not "OK") that accepts the dialog."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, dialog)
    save = QPushButton(save_text, objectName=object_name)
    buttons.addButton(save, QDialogButtonBox.ButtonRole.AcceptRole)
    save.setDefault(True)  # (set once inside the dialog: then Return in any field saves)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons
