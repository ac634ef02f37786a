"""The time zone box of the first-run wizard and Settings.

The box holds an IANA name (what is stored); its list names each zone's place in the
user's language and its offset, "Europe/Madrid — Spain (Madrid), UTC+01:00", and typing
any part of that finds the zone ("madrid", "nueva york", "utc-05"). A note under the box
says what time it is there now, so the owner can check the choice against the wall clock.

The list of about 600 zones is made only when the box is first used, not while the page
that holds it is being built.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtGui import QFocusEvent, QHideEvent, QShowEvent
from PySide6.QtWidgets import QComboBox, QCompleter, QLabel, QWidget

from smallcs import clock, locale_format
from smallcs.errors import ValidationError
from smallcs.i18n import _

_Index = QModelIndex | QPersistentModelIndex


def zone_label(zone_id: str) -> str:
    """A zone as listed: its name (spaced as people type it, "America/New York"), its place and its offset now."""
    offset = clock.utc_offset_text(clock.zone(zone_id), clock.utcnow())
    place = locale_format.time_zone_place(zone_id)
    name = zone_id.replace("_", " ")
    if not place:
        return _("{zone} — {offset}").format(zone=name, offset=offset)
    return _("{zone} — {place}, {offset}").format(zone=name, place=place, offset=offset)


def time_there_now(zone_id: str) -> str:
    """"Spain (Madrid): it is 10:42 there now (UTC+01:00).", or "" for an unknown zone."""
    try:
        tz = clock.zone(zone_id)
    except ValidationError:
        return ""
    now = clock.utcnow()
    time = locale_format.time(clock.to_local(now, tz))
    offset = clock.utc_offset_text(tz, now)
    place = locale_format.time_zone_place(zone_id)
    if not place:
        return _("It is {time} there now ({offset}).").format(time=time, offset=offset)
    return _("{place}: it is {time} there now ({offset}).").format(place=place, time=time, offset=offset)


class _ZoneList(QAbstractListModel):
    """Zones: the edit role is the IANA name the box holds, the display role the listed label."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._zones: list[tuple[str, str]] = []

    def fill(self) -> None:
        self.beginResetModel()
        self._zones = [(name, zone_label(name)) for name in clock.time_zone_names()]
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._zones)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        name, label = self._zones[index.row()]
        if role == Qt.ItemDataRole.EditRole:
            return name
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return label
        return None


class TimeZoneChooser(QComboBox):
    """An editable combo box of IANA zone names; ``zone()`` is the name in it."""

    def __init__(self, parent: QWidget | None = None, *, objectName: str = "") -> None:
        super().__init__(parent, objectName=objectName)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self._zones = _ZoneList(self)
        self.setModel(self._zones)
        completer = QCompleter(self._zones, self)
        completer.setCompletionRole(Qt.ItemDataRole.DisplayRole)  # places and offsets find zones too
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.activated[QModelIndex].connect(self._completed)
        self.setCompleter(completer)
        self.note = QLabel(wordWrap=True, objectName=f"{objectName}Now" if objectName else "")
        self.note.setProperty("role", "muted")
        self.currentTextChanged.connect(self._describe)
        self._ticking = QTimer(self, interval=15_000)  # keeps the note's "now" true while shown
        self._ticking.timeout.connect(self._describe)
        self._filled = False

    def set_zone(self, name: str) -> None:
        """Show ``name`` (listed or not: a stored zone is shown as it is)."""
        self.setCurrentText(name)
        self._describe()

    def zone(self) -> str:
        return self.currentText().strip()

    def fill(self) -> None:
        """List every zone, keeping the text in the box."""
        if self._filled:
            return
        self._filled = True
        text = self.currentText()
        self._zones.fill()
        self.setCurrentText(text)
        wide_enough = self.view().sizeHintForColumn(0) + self.view().verticalScrollBar().sizeHint().width() + 8
        self.view().setMinimumWidth(wide_enough)
        self.completer().popup().setMinimumWidth(wide_enough)

    def focusInEvent(self, event: QFocusEvent) -> None:
        self.fill()  # before the first key: typing completes against the whole list
        super().focusInEvent(event)

    def showPopup(self) -> None:
        self.fill()
        super().showPopup()

    def showEvent(self, event: QShowEvent) -> None:
        self._describe()
        self._ticking.start()
        super().showEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:
        self._ticking.stop()
        super().hideEvent(event)

    def _completed(self, index: QModelIndex) -> None:
        """A completion was chosen: the box holds its name, not the label it was found by."""
        self.setCurrentText(index.data(Qt.ItemDataRole.EditRole))

    def _describe(self) -> None:
        self.note.setText(time_there_now(self.zone()))
        self.note.setVisible(bool(self.note.text()))
