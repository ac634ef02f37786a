"""The time zone box of the first-run wizard and Settings.

Typing any part of a zone's name finds it ("paris" → Europe/Paris). The list of
about 600 zones is read from tzdata only when the box is first used, not while the
page that holds it is being built.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QComboBox, QCompleter, QWidget

from smallcs import clock


class TimeZoneChooser(QComboBox):
    """An editable combo box of IANA zone names; ``zone()`` is the text in it."""

    def __init__(self, parent: QWidget | None = None, *, objectName: str = "") -> None:
        super().__init__(parent, objectName=objectName)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        completer = QCompleter(self.model(), self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setCompleter(completer)
        self._filled = False

    def set_zone(self, name: str) -> None:
        """Show ``name`` (listed or not: a stored zone is shown as it is)."""
        self.setCurrentText(name)

    def zone(self) -> str:
        return self.currentText().strip()

    def fill(self) -> None:
        """List every zone, keeping the text in the box."""
        if self._filled:
            return
        self._filled = True
        text = self.currentText()
        self.addItems(list(clock.time_zone_names()))
        self.setCurrentText(text)

    def focusInEvent(self, event: QFocusEvent) -> None:
        self.fill()  # before the first key: typing completes against the whole list
        super().focusInEvent(event)

    def showPopup(self) -> None:
        self.fill()
        super().showPopup()
