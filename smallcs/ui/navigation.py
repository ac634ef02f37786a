"""The page list on the left of the main window, as wide as its entries in the user's font."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QListWidget, QSizePolicy, QWidget

MIN_WIDTH = 200  # px: the width the panel was drawn for at the usual 9-10 pt


class NavigationList(QListWidget):
    """A list of pages whose width follows its longest entry (e.g. "Complaints (12)") and font size.

    A fixed width clipped the entries for someone with a larger system font.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="navigation")
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Expanding)
        # A count in an entry's text changes its width.
        self.model().dataChanged.connect(lambda *_args: self.updateGeometry())

    def sizeHint(self) -> QSize:
        widest = self.sizeHintForColumn(0) + 2 * self.frameWidth() if self.count() else 0
        return QSize(max(MIN_WIDTH, widest), super().sizeHint().height())

    def minimumSizeHint(self) -> QSize:
        return QSize(self.sizeHint().width(), super().minimumSizeHint().height())
