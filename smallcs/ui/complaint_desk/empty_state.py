"""What the complaint list says when it has no rows, over its empty viewport: a shop with no
complaints yet is told how to log one, a search that finds nothing what to try instead.

A blank list reads as "broken" or "still loading"; a sentence in its place says what is
going on and what to do next.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QAbstractScrollArea, QLabel

from smallcs.i18n import _
from smallcs.ui.shortcuts import keys_for

MARGIN = 24  # between the notice and the list's edges


def no_complaints_yet() -> str:
    """The empty shop's notice, naming the quick-entry shortcut as this system writes it."""
    keys = keys_for("newComplaint").toString(QKeySequence.SequenceFormat.NativeText)
    return _("No complaints yet — press {keys} to log one.").format(keys=keys)


def no_match(text: str, *, narrowed: bool) -> str:
    """A search that found nothing, and what to try; ``narrowed``: filters besides the search are set."""
    lines = [_("No complaint matches “{text}”.").format(text=text.strip()),
             _("Try fewer or other words: part of a name, a phone number, a reference such as C-2026-0042,"
               " or a word from the summary or a note.")]
    if narrowed:
        lines.append(_("The filters above still apply: set them back to “Any” to search every complaint."))
    return "\n\n".join(lines)


class ListNotice(QLabel):
    """A centred, wrapping notice over ``view``'s viewport; hidden while it has no text."""

    def __init__(self, view: QAbstractScrollArea) -> None:
        super().__init__(view.viewport(), objectName="listNotice")
        self.setTextFormat(Qt.TextFormat.PlainText)  # a typed search is shown as typed
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setProperty("role", "muted")
        self.hide()
        view.viewport().installEventFilter(self)

    def say(self, text: str) -> None:
        """Show ``text`` over the list ("" hides the notice)."""
        self.setText(text)
        self.setVisible(bool(text))
        self._fit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.parentWidget() and event.type() == QEvent.Type.Resize:
            self._fit()
        return super().eventFilter(watched, event)

    def _fit(self) -> None:
        viewport = self.parentWidget()
        if viewport is not None:
            self.setGeometry(viewport.rect().adjusted(MARGIN, MARGIN, -MARGIN, -MARGIN))
