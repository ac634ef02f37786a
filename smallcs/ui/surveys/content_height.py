"""Keep a dialog as tall as its content needs at the width it has.

Qt gives a window the minimum size of its layout, in which a word-wrapped label
counts as it first measured, often as one line. When such a label takes more
lines (a larger font, a longer language, a message that arrives later), a window
left at that height has too little room, and its layout draws rows over each
other: the paper-entry dialog's "may contact" box landed on the comment box.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QWidget


def hold_content_height(window: QWidget) -> None:
    """Set ``window``'s minimum height to what its layout needs at its current width."""
    layout = window.layout()
    if layout is None:  # still being built
        return
    needed = max(layout.totalMinimumHeightForWidth(window.width()), layout.totalMinimumSize().height())
    if needed != window.minimumHeight():
        window.setMinimumHeight(needed)  # grows the window at once when it is shorter


class ContentHeight(QObject):
    """Holds its window's minimum height to its content whenever the layout or the width changes."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._window = window
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._window and event.type() in (QEvent.Type.LayoutRequest, QEvent.Type.Resize):
            hold_content_height(self._window)
        return False
