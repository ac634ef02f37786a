"""A table model that fetches rows page by page, so 100,000 rows stay smooth."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

Row = TypeVar("Row")
_Index = QModelIndex | QPersistentModelIndex


@dataclasses.dataclass(frozen=True)
class Column(Generic[Row]):
    """One column: its header, how to show a row, and the service's sort key."""

    title: str
    display: Callable[[Row], str]
    sort_key: str | None = None
    alignment: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter


class LazyTableModel(QAbstractTableModel, Generic[Row]):
    """Rows come from ``fetch(offset, limit, sort_key, descending)``; Qt asks for more
    through ``canFetchMore``/``fetchMore`` as the user scrolls.

    ``highlight(row)`` may return a background colour name (e.g. for overdue rows).
    """

    PAGE_SIZE = 200

    def __init__(
        self,
        columns: Sequence[Column[Row]],
        fetch: Callable[[int, int, str | None, bool], list[Row]],
        count: Callable[[], int],
        *,
        highlight: Callable[[Row], str | None] | None = None,
    ) -> None:
        super().__init__()
        self._columns = list(columns)
        self._fetch = fetch
        self._count = count
        self._highlight = highlight
        self._rows: list[Row] = []
        self._total = 0
        self._sort_key: str | None = None
        self._descending = True
        self._loaded = False  # no query before the first reload: set-up stays cheap

    # --- data source ------------------------------------------------------
    def reload(self) -> None:
        """Start again from the first page (filters or data changed)."""
        self._loaded = True
        self.beginResetModel()
        self._total = self._count()
        self._rows = self._fetch(0, self.PAGE_SIZE, self._sort_key, self._descending)
        self.endResetModel()

    def set_sort(self, key: str, *, descending: bool) -> None:
        """The order of the next reload (the view's header shows it separately)."""
        self._sort_key = key
        self._descending = descending

    def total(self) -> int:
        """How many rows match, including those not fetched yet."""
        return self._total

    def row_at(self, row: int) -> Row:
        return self._rows[row]

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008 - Qt signature
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or len(self._rows) >= self._total:
            return
        more = self._fetch(len(self._rows), self.PAGE_SIZE, self._sort_key, self._descending)
        if not more:
            self._total = len(self._rows)
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(more) - 1)
        self._rows.extend(more)
        self.endInsertRows()

    # --- Qt model ---------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = self._columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.display(row)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(column.alignment)
        if role == Qt.ItemDataRole.BackgroundRole and self._highlight is not None:
            colour = self._highlight(row)
            return QColor(colour) if colour else None
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._columns[section].title
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sorting is done by the database, then the first page is fetched again."""
        key = self._columns[column].sort_key
        if key is None:
            return
        self._sort_key = key
        self._descending = order == Qt.SortOrder.DescendingOrder
        if self._loaded:
            self.reload()
