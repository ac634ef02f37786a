"""Form and page layout helpers: a field with its notes under it, a readable column, one label
column for forms kept apart.

A word-wrapped note given a form row of its own ("", note) gets a row height from the
label column's guess and leaves a gap or cuts a line; the same note stacked with its
control in one field takes exactly the lines it needs.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


def label_for(text: str, control: QWidget) -> QLabel:
    """A form label for ``control``: its Alt+letter focuses the control, and its words name it.

    Screen readers are given a label's words only when the label sits beside its control
    (Qt looks among the control's siblings); a control stacked with its notes by
    ``with_notes`` is not, so it is named here.
    """
    label = QLabel(text)
    label.setBuddy(control)
    if not control.accessibleName():
        control.setAccessibleName(text.replace("&&", "\0").replace("&", "").replace("\0", "&"))
    return label


def with_notes(control: QWidget, *notes: QWidget) -> QWidget:
    """``control`` with ``notes`` (hints, messages) under it, as one field of a QFormLayout."""
    field = QWidget()
    layout = QVBoxLayout(field)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    for widget in (control, *notes):
        layout.addWidget(widget)
    return field


class _FormHolder(QWidget):
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        QTimer.singleShot(0, self, self.layout().invalidate)  # after the first layout: see form_widget


def form_widget(form: QFormLayout) -> QWidget:
    """``form`` as the layout of a widget of its own, to add where a nested layout would go.

    A QFormLayout keeps the heights its rows need at a width (a wrapped note's lines) until
    it is invalidated. Nested in another layout it was not told when a field's height
    changed; as a widget's own layout it is. And on a page first shown with fields changed
    while it was hidden (a logo loaded into Settings), the first layout still gave one
    wrapping row another's height and a note was drawn over its box; laying the form out
    once more right after it is shown puts every row right.
    """
    holder = _FormHolder()
    form.setContentsMargins(0, 0, 0, 0)
    holder.setLayout(form)
    return holder


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


def share_label_column(*forms: QFormLayout) -> None:
    """Start the fields of ``forms`` at one x, as in one form: each label as wide as the widest of them all.

    For forms stacked at one left edge with tables or panels between them, which stay out of the
    forms: a QFormLayout gives a row spanning both columns a wrong height when it wraps text.
    The width follows the labels' font and style.
    """
    labels = [item.widget() for form in forms for row in range(form.rowCount())
              if (item := form.itemAt(row, QFormLayout.ItemRole.LabelRole)) is not None and item.widget()]
    if labels:
        _LabelColumn(labels, forms[0])


class _LabelColumn(QObject):
    """Keeps ``labels`` at the width of the widest, fitted again once a change of font or style took effect."""

    _REFIT_ON = (QEvent.Type.Polish, QEvent.Type.FontChange, QEvent.Type.StyleChange)

    def __init__(self, labels: list[QWidget], parent: QObject) -> None:
        super().__init__(parent)
        self._labels = labels
        self._refit_due = False
        for label in labels:
            label.installEventFilter(self)
        self._fit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in self._REFIT_ON and not self._refit_due:
            self._refit_due = True  # after the label has taken the change: its size hint is stale until then
            QTimer.singleShot(0, self, self._fit)
        return False

    def _fit(self) -> None:
        self._refit_due = False
        width = max(label.sizeHint().width() for label in self._labels)  # (a QLabel's hint ignores its minimum)
        for label in self._labels:
            label.setMinimumWidth(width)


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
