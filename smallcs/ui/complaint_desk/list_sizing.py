"""How the complaint list gets its width: columns sized from what they can show, and the share
of the page the list takes beside the detail.

On a counter laptop (a 1180 px wide window) the list must still show each complaint's
reference, customer and status whole; on a wider screen the extra room goes mostly to
the list, which then shows the due time and priority too.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QSplitter,
    QStyle,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from smallcs.ui.theme import scaled

# A data column (a customer's or a staff member's name) grows to fit its first rows up to this
# many average characters; a longer name is shown with "…" and whole in the detail.
DATA_COLUMN_CHARACTERS = 22
# The detail's width for easy reading (at the reference font size), which it gets before the
# list grows beyond its need; of any room beyond both, the list takes this share.
DETAIL_COMFORTABLE = 440
LIST_SHARE_OF_EXTRA = 0.75


def cell_width(view: QAbstractItemView, text: str) -> int:
    """The width a cell of ``view`` needs to show ``text`` whole, measured as its delegate measures."""
    option = QStyleOptionViewItem()
    view.initViewItemOption(option)
    option.text = text
    option.features |= QStyleOptionViewItem.ViewItemFeature.HasDisplay
    return view.style().sizeFromContents(QStyle.ContentsType.CT_ItemViewItem, option, QSize(), view).width()


def size_columns(table: QTableView, samples: Mapping[int, Iterable[str]]) -> None:
    """Fit every column to its title and its contents: a column in ``samples`` to every text it
    can show (so a row fetched later is never cut), the others to the rows fetched so far,
    within ``DATA_COLUMN_CHARACTERS``."""
    header = table.horizontalHeader()
    longest = table.fontMetrics().averageCharWidth() * DATA_COLUMN_CHARACTERS
    grid = 1 if table.showGrid() else 0
    for column in range(header.count()):
        if column in samples:
            width = max((cell_width(table, text) for text in samples[column]), default=0) + grid
        else:
            width = min(table.sizeHintForColumn(column), longest)
        header.resizeSection(column, max(width, header.sectionSizeHint(column)))


def width_through(table: QTableView, column: int) -> int:
    """The width ``table`` needs to show its columns up to and including ``column`` whole,
    with room for its vertical scroll bar."""
    header = table.horizontalHeader()
    scroll_bar = table.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, table)
    return header.sectionPosition(column) + header.sectionSize(column) + 2 * table.frameWidth() + scroll_bar


class ListBesideDetail(QSplitter):
    """The list on the left, the detail on the right.

    Until the user drags the handle, the width is shared by a rule: the list gets what it
    asked for (``want_list_width``) while the detail keeps its minimum width; then the detail
    grows to ``DETAIL_COMFORTABLE``; of any room beyond both, the list takes three quarters.
    Once dragged, the user's split stands.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setChildrenCollapsible(False)
        self._list_width = 0
        self._dragged = False
        self.splitterMoved.connect(self._was_dragged)

    def want_list_width(self, width: int) -> None:
        """The width the list needs to show its first columns whole."""
        self._list_width = width
        self._share()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._share()

    def _was_dragged(self, _position: int, _index: int) -> None:
        self._dragged = True

    def _share(self) -> None:
        room = self.width() - self.handleWidth()
        if self._dragged or self.count() != 2 or room <= 0:
            return
        detail_minimum = _minimum_width(self.widget(1))
        extra = room - self._list_width - max(detail_minimum, scaled(DETAIL_COMFORTABLE))
        wanted = self._list_width + int(max(0, extra) * LIST_SHARE_OF_EXTRA)
        list_width = max(_minimum_width(self.widget(0)), min(wanted, room - detail_minimum))
        self.setSizes([list_width, max(0, room - list_width)])


def _minimum_width(widget: QWidget) -> int:
    """The narrowest a layout lets ``widget`` be: its set minimum, else its minimum size hint."""
    return widget.minimumWidth() or widget.minimumSizeHint().width()
