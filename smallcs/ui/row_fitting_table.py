"""Short lists on a scrolling page (staff accounts, backups) as tall as their rows.

A table inside a page that itself scrolls should not scroll too: two scroll bars, one
inside the other, hide rows the page has room for. The table asks for the height of
its rows (between ``fewest`` and ``most`` of them) and the page scrolls instead.
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QSizePolicy, QTableWidget, QWidget


class RowFittingTable(QTableWidget):
    """A QTableWidget whose size hint is the height of its rows."""

    def __init__(self, columns: int, *, fewest: int = 2, most: int = 12, parent: QWidget | None = None,
                 objectName: str = "") -> None:
        super().__init__(0, columns, parent, objectName=objectName)
        self.fewest, self.most = fewest, most
        self.setTabKeyNavigation(False)  # Tab moves to the next control, not cell
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        for signal in (self.model().rowsInserted, self.model().rowsRemoved, self.model().modelReset):
            signal.connect(self.updateGeometry)

    def sizeHint(self) -> QSize:
        rows = min(max(self.rowCount(), self.fewest), self.most)
        present = min(rows, self.rowCount())
        height = sum(self.rowHeight(row) for row in range(present))
        height += self.verticalHeader().defaultSectionSize() * (rows - present)
        height += self.horizontalHeader().sizeHint().height() + 2 * self.frameWidth()
        if self.horizontalScrollBar().isVisible():
            height += self.horizontalScrollBar().sizeHint().height()
        return QSize(super().sizeHint().width(), height)

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()
