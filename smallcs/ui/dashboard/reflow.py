"""Containers that rearrange their children with the width, so the page reads at any window size.

Both take their minimum width from their narrowest arrangement (one column, panels stacked):
a container that claimed the width of its current arrangement could never be given the
narrower width that makes it rearrange, and the page would scroll sideways instead.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QSize
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QBoxLayout, QGridLayout, QWidget

SPACING = 12


def _rows(count: int, columns: int) -> int:
    return -(-count // columns)


def _leaves_one_alone(count: int, columns: int) -> bool:
    """True when the last row holds a single tile while the rows above hold more."""
    return count > columns > 1 and count % columns == 1


def _splits_a_group(groups: Sequence[int], columns: int) -> bool:
    """True when a group that would fit in one row starts on one row and ends on the next."""
    start = 0
    for size in groups:
        if size <= columns and start // columns != (start + size - 1) // columns:
            return True
        start += size
    return False


def choose_columns(fit: int, groups: Sequence[int]) -> int:
    """How many columns to lay out tiles in, when at most ``fit`` fit side by side.

    ``groups`` are the sizes of the runs of tiles read together, in order (NPS, CSAT and
    customer effort are one run of three). The widest count, at most ``fit``, that leaves
    no tile alone on the last row and keeps each group on one row; failing that the widest
    that leaves no tile alone; failing that ``fit``. It never costs more than one extra row
    nor drops to a single column while two fit (nine tiles in two columns leave one alone
    whatever is done; a column of nine would be worse).
    """
    count = sum(groups)
    if count <= fit:
        return max(1, count)
    lowest = min(fit, 2)
    candidates = [columns for columns in range(fit, lowest - 1, -1)
                  if _rows(count, columns) <= _rows(count, fit) + 1]
    tidy = [c for c in candidates if not _leaves_one_alone(count, c)]
    together = [c for c in tidy if not _splits_a_group(groups, c)]
    return (together or tidy or [fit])[0]


class TileGrid(QWidget):
    """Tiles in as many columns as fit (at least ``min_tile_width`` each), in rows chosen by
    ``choose_columns``; the columns share the width equally beyond what their tiles need."""

    def __init__(self, min_tile_width: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.min_tile_width = min_tile_width
        self.tiles: list[QWidget] = []
        self.groups: list[int] = []
        self.columns = 0
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setSpacing(SPACING)

    def set_tiles(self, tiles: Sequence[QWidget], groups: Sequence[int] | None = None) -> None:
        """Lay out ``tiles`` in reading order (tiles left out stay children, unplaced).

        ``groups``: the sizes of the runs of tiles that belong together, adding up to the
        number of tiles; by default every tile stands alone.
        """
        if groups is not None and sum(groups) != len(tiles):
            raise ValueError(f"groups {list(groups)} do not add up to {len(tiles)} tiles")
        for tile in self.tiles:
            self._grid.removeWidget(tile)
        self.tiles = list(tiles)
        self.groups = list(groups) if groups is not None else [1] * len(self.tiles)
        self.columns = 0
        self._arrange(self.width())

    def tile_width(self) -> int:
        """The narrowest a tile may be: ``min_tile_width``, or more when a tile's text needs it
        (a larger system font, a longer translation)."""
        return max([self.min_tile_width, *(tile.minimumSizeHint().width() for tile in self.tiles)])

    def fits(self, columns: int, width: int) -> bool:
        """Whether the tiles fit ``width`` pixels in ``columns`` columns, each column as wide
        as its widest tile needs (a long month name widens one filter, not all four)."""
        needs = [self.min_tile_width] * columns
        for index, tile in enumerate(self.tiles):
            needs[index % columns] = max(needs[index % columns], tile.minimumSizeHint().width())
        return sum(needs) + SPACING * (columns - 1) <= width

    def columns_for(self, width: int) -> int:
        """How many columns the tiles take in ``width`` pixels."""
        fit = next((c for c in range(len(self.tiles), 1, -1) if self.fits(c, width)), 1)
        return choose_columns(fit, self.groups) if self.tiles else 1

    def minimumSizeHint(self) -> QSize:
        return QSize(self.tile_width(), super().minimumSizeHint().height())

    def _arrange(self, width: int) -> None:
        columns = self.columns_for(width)
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

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:  # a tile's text changed what it needs
            self._arrange(self.width())
        return super().event(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._arrange(event.size().width())


class SideBySide(QWidget):
    """Two panels side by side when there is room for both, one above the other when not.

    Side by side needs ``min_width`` pixels, ``min_chars`` average characters of the font (so a
    larger font stacks the panels sooner rather than wrap their lines word by word) and the two
    panels' own minimum widths.
    """

    def __init__(self, first: QWidget, second: QWidget, *, min_width: int, min_chars: int = 0,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.min_width = min_width
        self.min_chars = min_chars
        self._panels = (first, second)
        self._box = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self._box.setContentsMargins(0, 0, 0, 0)
        self._box.setSpacing(SPACING * 2)
        self._box.addWidget(first, 1)
        self._box.addWidget(second, 1)

    @property
    def stacked(self) -> bool:
        """True when the panels are one above the other."""
        return self._box.direction() == QBoxLayout.Direction.TopToBottom

    def wide_enough(self, width: int) -> bool:
        """Whether both panels fit side by side in ``width`` pixels."""
        first, second = (panel.minimumSizeHint().width() for panel in self._panels)
        chars = self.fontMetrics().averageCharWidth() * self.min_chars
        return width >= max(self.min_width, chars, first + self._box.spacing() + second)

    def minimumSizeHint(self) -> QSize:
        narrowest = max(panel.minimumSizeHint().width() for panel in self._panels)
        return QSize(narrowest, super().minimumSizeHint().height())

    def _arrange(self, width: int) -> None:
        wide = self.wide_enough(width)
        direction = QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom
        if self._box.direction() != direction:
            self._box.setDirection(direction)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:  # a panel's text changed what it needs
            self._arrange(self.width())
        return super().event(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._arrange(event.size().width())
