"""Containers that rearrange their children with the width, so the page reads at any window size."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QSize
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QBoxLayout, QGridLayout, QWidget

SPACING = 12


class TileGrid(QWidget):
    """Equal-width tiles in as many columns as fit (at least ``min_tile_width`` each)."""

    def __init__(self, min_tile_width: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.min_tile_width = min_tile_width
        self.tiles: list[QWidget] = []
        self.columns = 0
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setSpacing(SPACING)

    def set_tiles(self, tiles: Sequence[QWidget]) -> None:
        """Lay out ``tiles`` in reading order (tiles left out stay children, unplaced)."""
        for tile in self.tiles:
            self._grid.removeWidget(tile)
        self.tiles = list(tiles)
        self.columns = 0
        self._arrange(self.width())

    def tile_width(self) -> int:
        """The narrowest a tile may be: ``min_tile_width``, or more when a tile's text needs it
        (a larger system font, a longer translation)."""
        return max([self.min_tile_width, *(tile.minimumSizeHint().width() for tile in self.tiles)])

    def columns_for(self, width: int) -> int:
        """How many tiles fit side by side in ``width`` pixels."""
        return max(1, (width + SPACING) // (self.tile_width() + SPACING))

    def minimumSizeHint(self) -> QSize:
        # One column's worth: the grid's own layout would hold it at its current column count,
        # and it could then never get the narrower width that makes it reflow.
        return QSize(self.tile_width(), super().minimumSizeHint().height())

    def _arrange(self, width: int) -> None:
        columns = min(self.columns_for(width), max(1, len(self.tiles)))
        if columns == self.columns:
            return
        self.columns = columns
        for tile in self.tiles:
            self._grid.removeWidget(tile)
        for index, tile in enumerate(self.tiles):
            self._grid.addWidget(tile, index // columns, index % columns)
            tile.show()  # a layout shows new children of a visible widget only later, queued
        for column in range(self._grid.columnCount()):
            self._grid.setColumnStretch(column, 1 if column < columns else 0)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._arrange(event.size().width())


class SideBySide(QWidget):
    """Two panels side by side when there is room for both, one above the other when not."""

    def __init__(self, first: QWidget, second: QWidget, *, min_width: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.min_width = min_width
        self._box = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self._box.setContentsMargins(0, 0, 0, 0)
        self._box.setSpacing(SPACING * 2)
        self._box.addWidget(first, 1)
        self._box.addWidget(second, 1)

    @property
    def stacked(self) -> bool:
        """True when the panels are one above the other."""
        return self._box.direction() == QBoxLayout.Direction.TopToBottom

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        wide = event.size().width() >= self.min_width
        direction = QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom
        if self._box.direction() != direction:
            self._box.setDirection(direction)
