"""A table model that fetches rows page by page off the UI thread, so 100,000 rows stay smooth.

Every database read (the count and the first page of a query, each further page
as the user scrolls) runs on the thread pool: a sort over 100,000 joined rows
can take a few hundred milliseconds and the window must not freeze meanwhile.
The rows on screen stay until the new ones are in; an answer to a query that has
since been replaced (the user typed on) is dropped.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, NamedTuple, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor

from smallcs.errors import SmallCSError
from smallcs.ui import workers

Row = TypeVar("Row")
Query = TypeVar("Query")
_Index = QModelIndex | QPersistentModelIndex


class Column(NamedTuple, Generic[Row]):
    """One column: its header, how to show a row, and the service's sort key."""

    title: str
    display: Callable[[Row], str]
    sort_key: str | None = None
    alignment: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter


class _Request(NamedTuple, Generic[Query]):
    """What one background read was asked for; compared with the current one on arrival."""

    generation: int
    query: Query
    sort_key: str | None
    descending: bool
    offset: int


class LazyTableModel(QAbstractTableModel, Generic[Row, Query]):
    """Rows of ``query`` come from ``fetch(query, offset, limit, sort_key, descending)``
    and their number from ``count(query)``, both called on a worker thread; Qt asks
    for more through ``canFetchMore``/``fetchMore`` as the user scrolls.

    ``highlight(row)`` may return a background colour name (e.g. for overdue rows).
    ``loaded`` is emitted when a new query's first page is shown, ``failed(message)``
    when the service refused a read (the rows already shown stay); any other error
    is raised on the UI thread, where the app's excepthook logs and shows it.
    """

    PAGE_SIZE = 200
    loaded = Signal()
    failed = Signal(str)

    def __init__(
        self,
        columns: Sequence[Column[Row]],
        fetch: Callable[[Query, int, int, str | None, bool], list[Row]],
        count: Callable[[Query], int],
        query: Query,
        *,
        highlight: Callable[[Row], str | None] | None = None,
    ) -> None:
        super().__init__()
        self._columns = list(columns)
        self._fetch = fetch
        self._count = count
        self._query = query
        self._highlight = highlight
        self._rows: list[Row] = []
        self._total = 0
        self._sort_key: str | None = None
        self._descending = True
        self._generation = 0
        self._loading = False  # a new query's first page is on its way
        self._fetching_more = False
        self._shown = False  # no query before the first show/reload: set-up stays cheap
        self._tasks: set[workers.Task] = set()

    # --- data source ------------------------------------------------------
    def show(self, query: Query) -> None:
        """Show what ``query`` selects, from its first page."""
        self._query = query
        self.reload()

    def query(self) -> Query:
        return self._query

    def reload(self) -> None:
        """Start again from the first page (the query, the order or the data changed)."""
        self._shown = True
        self._generation += 1
        self._loading = True
        self._fetching_more = False
        request = _Request(self._generation, self._query, self._sort_key, self._descending, 0)
        self._run(request, first=True)

    def set_sort(self, key: str, *, descending: bool) -> None:
        """The order of the next reload (the view's header shows it separately)."""
        self._sort_key = key
        self._descending = descending

    def is_loading(self) -> bool:
        """True while a read for the current query or order is on its way."""
        return self._loading or self._fetching_more

    @property
    def columns(self) -> list[Column[Row]]:
        return list(self._columns)

    def total(self) -> int:
        """How many rows match, including those not fetched yet."""
        return self._total

    def row_at(self, row: int) -> Row:
        return self._rows[row]

    def find(self, matches: Callable[[Row], bool]) -> int | None:
        """The number of the first fetched row ``matches`` accepts, if any."""
        return next((n for n, row in enumerate(self._rows) if matches(row)), None)

    def replace_row(self, row: int, value: Row) -> None:
        """Show ``value`` in place of fetched row ``row`` (it changed; its place did not)."""
        self._rows[row] = value
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self._columns) - 1))

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008 - Qt signature
        return (not parent.isValid() and not self._loading and not self._fetching_more
                and len(self._rows) < self._total)

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: B008
        if not self.canFetchMore(parent):
            return
        self._fetching_more = True
        request = _Request(self._generation, self._query, self._sort_key, self._descending,
                           len(self._rows))
        self._run(request, first=False)

    # --- background reads ---------------------------------------------------
    def _run(self, request: _Request[Query], *, first: bool) -> None:
        """Read a page of ``request`` on the thread pool (with the count when ``first``)."""
        fetch, count, size = self._fetch, self._count, self.PAGE_SIZE  # no model access off-thread

        def read(_progress: object) -> object:
            rows = fetch(request.query, request.offset, size, request.sort_key, request.descending)
            return request, (count(request.query) if first else None), rows

        task = workers.Task(read)
        self._tasks.add(task)  # the pool does not keep the task's signals alive
        task.signals.finished.connect(self._first_page_arrived if first else self._next_page_arrived)
        task.signals.failed.connect(self._read_failed)
        for signal in (task.signals.finished, task.signals.failed):
            signal.connect(lambda _result, done=task: self._tasks.discard(done))
        workers.start(task)

    def _first_page_arrived(self, result: object) -> None:
        request, total, rows = result  # type: ignore[misc]
        if request.generation != self._generation:
            return  # a newer query replaced this one while it ran
        self.beginResetModel()
        self._total = max(total, len(rows))
        self._rows = list(rows)
        self._loading = False
        self.endResetModel()
        self.loaded.emit()

    def _next_page_arrived(self, result: object) -> None:
        request, _total, more = result  # type: ignore[misc]
        if request.generation != self._generation or request.offset != len(self._rows):
            return
        self._fetching_more = False
        if not more:
            self._total = len(self._rows)  # fewer rows than counted: some were deleted meanwhile
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(more) - 1)
        self._rows.extend(more)
        self.endInsertRows()

    def _read_failed(self, error: object) -> None:
        self._loading = self._fetching_more = False
        if not isinstance(error, SmallCSError):
            raise error  # type: ignore[misc]  # unexpected: the app's excepthook logs and shows it
        self.failed.emit(str(error))

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
        if self._shown:
            self.reload()
