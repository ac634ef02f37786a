"""How the complaint list gets its width: columns sized from what they can show, the summary
taking what they leave, and the share of the page the list takes beside the detail.

On a counter laptop (a 1180 px wide window), or with a large system font, the list must still
show each complaint's reference, summary and status without scrolling sideways: the summary
gives up width down to a readable minimum (with "…"), then the less important columns go,
the least important first. On a wider screen the extra room goes mostly to the list, which
then shows the due time, priority and the rest too.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from PySide6.QtCore import QEvent, QObject, QSize, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
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
# The summary is never squeezed below this many average characters while another column could go.
SUMMARY_CHARACTERS = 20
# The detail's width for easy reading (at the reference font size), which it gets before the
# list grows beyond its need; of any room beyond both, the list takes this share. The list never
# takes the detail below DETAIL_FLOOR: narrower, a timeline entry's lines get too short to read.
DETAIL_COMFORTABLE = 440
DETAIL_FLOOR = 270
LIST_SHARE_OF_EXTRA = 0.8
# The list asks for room for further whole columns while that leaves the detail this wide: its
# step note then has a line of its own beside the kind.
DETAIL_ROOMY = 530


def cell_width(view: QAbstractItemView, text: str) -> int:
    """The width a cell of ``view`` needs to show ``text`` whole, measured as its delegate measures."""
    option = QStyleOptionViewItem()
    view.initViewItemOption(option)
    option.text = text
    option.features |= QStyleOptionViewItem.ViewItemFeature.HasDisplay
    return view.style().sizeFromContents(QStyle.ContentsType.CT_ItemViewItem, option, QSize(), view).width()


def size_columns(table: QTableView, samples: Mapping[int, Iterable[str]]) -> dict[int, int]:
    """The width each column needs for its title and its contents: a column in ``samples`` to show
    every text it can show (so a row fetched later is never cut), the others the rows fetched so
    far, within ``DATA_COLUMN_CHARACTERS``."""
    header = table.horizontalHeader()
    longest = table.fontMetrics().averageCharWidth() * DATA_COLUMN_CHARACTERS
    grid = 1 if table.showGrid() else 0
    widths = {}
    for column in range(header.count()):
        if column in samples:
            width = max((cell_width(table, text) for text in samples[column]), default=0) + grid
        else:
            width = min(table.sizeHintForColumn(column), longest)
        widths[column] = max(width, header.sectionSizeHint(column))
    return widths


class FittedColumns(QObject):
    """Keeps ``table``'s columns within its width, whatever the font and the language.

    The ``stretch`` column (the summary) takes the width the others leave. The ``kept``
    columns always show; the ``optional`` ones, most important first, show while they fit
    beside the kept ones and ``SUMMARY_CHARACTERS`` of the stretch column, and are hidden
    from the least important up when they do not. Only when even the kept columns leave the
    stretch column less than the header's minimum section does the list scroll sideways.
    A column the user widens keeps its width.
    """

    fitted = Signal()  # after columns were shown or hidden to fit the width

    def __init__(self, table: QTableView, stretch: int, kept: Sequence[int], optional: Sequence[int]) -> None:
        super().__init__(table)
        self.table = table
        self.stretch, self.kept, self.optional = stretch, list(kept), list(optional)
        self._widths: dict[int, int] = {}
        header = table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        header.sectionResized.connect(self._section_resized)
        table.installEventFilter(self)

    def set_widths(self, widths: Mapping[int, int]) -> None:
        """The width each column needs (``size_columns``); the stretch column's is ignored."""
        self._widths = {column: width for column, width in widths.items() if column != self.stretch}
        header = self.table.horizontalHeader()
        for column, width in self._widths.items():
            header.resizeSection(column, width)
        self.fit()

    def stretch_minimum(self) -> int:
        """The narrowest the stretch column gets while another column could make room."""
        return self.table.fontMetrics().averageCharWidth() * SUMMARY_CHARACTERS + cell_width(self.table, "")

    def width_showing(self, count: int) -> int:
        """The width the table needs to show its kept columns and the first ``count`` optional
        ones whole, with the stretch column at its minimum and room for the vertical scroll bar."""
        columns = self.kept + self.optional[:count]
        return sum(self._widths.get(column, 0) for column in columns) + self.stretch_minimum() + self._chrome()

    def _chrome(self) -> int:
        """The table's frame and its vertical scroll bar (reserved, so showing it changes nothing)."""
        bar = self.table.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, self.table)
        return 2 * self.table.frameWidth() + bar

    def fit(self) -> None:
        """Hide what does not fit (least important first); the stretch column takes the rest."""
        room = self.table.width() - self._chrome()
        used = sum(self._widths.get(column, 0) for column in self.kept) + self.stretch_minimum()
        fits = True
        for column in self.optional:
            fits = fits and used + self._widths.get(column, 0) <= room
            if fits:
                used += self._widths.get(column, 0)
            self.table.setColumnHidden(column, not fits)
        self.fitted.emit()

    def _section_resized(self, column: int, _old: int, new: int) -> None:
        if column != self.stretch and new > 0 and not self.table.isColumnHidden(column):
            self._widths[column] = new  # the user's width (or ours) counts from now on

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table and event.type() == QEvent.Type.Resize:
            self.fit()
        return super().eventFilter(watched, event)


class ListBesideDetail(QSplitter):
    """The list on the left, the detail on the right.

    Until the user drags the handle, the width is shared by a rule: the list gets what it
    asked for (``want_list_width``: its first optional column) while the detail keeps
    ``DETAIL_FLOOR``, and only what it needs where it cannot get that (a large font: a few
    more pixels of summary are worth less than a detail that fits without scrolling). Then
    the detail grows to ``DETAIL_COMFORTABLE``, and of any room beyond both, the list takes
    four fifths, or the room for as many more whole columns as fit beside a detail of
    ``DETAIL_ROOMY`` (and four fifths beyond that), whichever is more. Where the room is
    short, the list keeps what it needs at least, and the detail its minimum width (which it
    never goes below). Once dragged, the user's split stands.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setChildrenCollapsible(False)
        self._widths: list[int] = [0]
        self._dragged = False
        self.splitterMoved.connect(self._was_dragged)

    def want_list_width(self, widths: Sequence[int]) -> None:
        """The widths the list needs to show its columns: ``widths[n]`` with the first ``n`` optional
        ones. ``widths[0]`` (its few columns that always show) it keeps even against ``DETAIL_FLOOR``;
        ``widths[1]`` it asks for."""
        self._widths = list(widths) or [0]
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
        comfortable = max(detail_minimum, scaled(DETAIL_COMFORTABLE))
        need, ask = self._widths[0], self._widths[min(1, len(self._widths) - 1)]
        # Its share of the room beyond a comfortable detail, or as many whole columns as fit
        # beside a roomy one (and its share beyond that), whichever is wider.
        roomy = max(detail_minimum, scaled(DETAIL_ROOMY))
        whole = max([ask, *(width for width in self._widths if width <= room - roomy)])
        wanted = max(ask + int(max(0, room - ask - comfortable) * LIST_SHARE_OF_EXTRA),
                     whole + int(max(0, room - whole - roomy) * LIST_SHARE_OF_EXTRA))
        wanted = min(wanted, max(room - max(detail_minimum, scaled(DETAIL_FLOOR)), need))
        if wanted < ask:
            wanted = need  # short of its first optional column: the summary alone would grow
        list_width = max(_minimum_width(self.widget(0)), min(wanted, room - detail_minimum))
        self.setSizes([list_width, max(0, room - list_width)])


def _minimum_width(widget: QWidget) -> int:
    """The narrowest a layout lets ``widget`` be: its set minimum or its minimum size hint."""
    return max(widget.minimumWidth(), widget.minimumSizeHint().width())
