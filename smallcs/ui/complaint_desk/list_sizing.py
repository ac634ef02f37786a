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
# The summary is never squeezed below this many average characters while another column could go
# (and only this far for the first optional ones, ``FittedColumns.squeeze_for``).
SUMMARY_CHARACTERS = 20
# The summary is what tells one complaint from another (issue #4: a laptop at 12 pt left it about
# 14 characters). Beyond the first optional columns (``FittedColumns.squeeze_for``), a column shows
# only beside this many average characters of it; beside the first, the list asks for this many
# before the detail grows to its comfortable width. (More would take the detail of a 1180 px
# laptop window below the width where its facts go two to a line.)
SUMMARY_READABLE = 26
# The detail's width for easy reading (at the reference font size), which it gets before the
# list grows beyond its need; of any room beyond both, the list takes this share. The list never
# takes the detail below DETAIL_FLOOR: narrower, a timeline entry's lines get too short to read.
DETAIL_COMFORTABLE = 440
DETAIL_FLOOR = 270
LIST_SHARE_OF_EXTRA = 0.8
# The list asks for room for further whole columns while that leaves the detail this wide: its
# step note then has a line of its own beside the kind (and a 1600 px window's list shows when
# each complaint is due, beside a readable summary).
DETAIL_ROOMY = 490


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
    beside the kept ones and the stretch column at its minimum, and are hidden from the least
    important up when they do not. That minimum is ``SUMMARY_CHARACTERS`` beside the first
    ``squeeze_for`` optional columns, worth a squeezed summary, and ``SUMMARY_READABLE``
    beside more: a column of less worth never takes the room the summary is read by. Only when
    even the kept columns leave the stretch column less than the header's minimum section does
    the list scroll sideways. A column the user widens keeps its width.
    """

    fitted = Signal()  # after columns were shown or hidden to fit the width

    def __init__(self, table: QTableView, stretch: int, kept: Sequence[int], optional: Sequence[int], *,
                 squeeze_for: int) -> None:
        super().__init__(table)
        self.table = table
        self.stretch, self.kept, self.optional = stretch, list(kept), list(optional)
        self.squeeze_for = squeeze_for
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

    def stretch_minimum(self, *, readable: bool = False) -> int:
        """The narrowest the stretch column gets while another column could make room; with
        ``readable``, the width the list asks for it (``SUMMARY_READABLE``)."""
        characters = SUMMARY_READABLE if readable else SUMMARY_CHARACTERS
        return self.table.fontMetrics().averageCharWidth() * characters + cell_width(self.table, "")

    def width_showing(self, count: int, *, readable: bool | None = None) -> int:
        """The width the table needs to show its kept columns and the first ``count`` optional
        ones whole, with the stretch column at its minimum beside them (readable beside more
        than ``squeeze_for``, or as ``readable`` says) and room for the vertical scroll bar."""
        if readable is None:
            readable = count > self.squeeze_for
        columns = self.kept + self.optional[:count]
        return sum(self._widths.get(column, 0) for column in columns) \
            + self.stretch_minimum(readable=readable) + self._chrome()

    def _chrome(self) -> int:
        """The table's frame and its vertical scroll bar (reserved, so showing it changes nothing)."""
        bar = self.table.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, self.table)
        return 2 * self.table.frameWidth() + bar

    def fit(self) -> None:
        """Hide what does not fit (least important first); the stretch column takes the rest."""
        fits = True
        for count, column in enumerate(self.optional, start=1):
            fits = fits and self.width_showing(count) <= self.table.width()
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
    asked for (``want_list_width``: its first optional column beside a readable summary)
    while the detail keeps ``DETAIL_FLOOR``; short of that, as much of it as the detail
    leaves, down to its first optional column beside a squeezed summary; and only what it
    needs where it cannot get that (a large font: a few more pixels of summary are worth
    less than a detail that fits without scrolling). Then
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
        self._ask = 0
        self._dragged = False
        self.splitterMoved.connect(self._was_dragged)

    def want_list_width(self, widths: Sequence[int], ask: int) -> None:
        """The widths the list needs to show its columns: ``widths[n]`` with the first ``n`` optional
        ones. ``widths[0]`` (its few columns that always show) it keeps even against ``DETAIL_FLOOR``;
        ``ask`` (its first optional column beside a readable summary) it asks for, and takes no
        less than ``widths[1]`` of it if it takes that column at all."""
        self._widths = list(widths) or [0]
        self._ask = ask
        self._share()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._share()

    def event(self, event: QEvent) -> bool:
        """A side's minimum changed (the detail's buttons for a reopened complaint): share again,
        so the detail is never left narrower than it needs and cut at its right."""
        handled = super().event(event)
        if event.type() == QEvent.Type.LayoutRequest:
            self._share()
        return handled

    def _was_dragged(self, _position: int, _index: int) -> None:
        self._dragged = True

    def _share(self) -> None:
        room = self.width() - self.handleWidth()
        if self.count() != 2 or room <= 0:
            return
        detail_minimum = _minimum_width(self.widget(1))
        if self._dragged:  # the user's split stands, as far as the detail's minimum lets it
            list_width, detail_width = self.sizes()
            if detail_width < detail_minimum <= room - _minimum_width(self.widget(0)):
                self.setSizes([room - detail_minimum, detail_minimum])
            return
        comfortable = max(detail_minimum, scaled(DETAIL_COMFORTABLE))
        need, first = self._widths[0], self._widths[min(1, len(self._widths) - 1)]
        ask = max(self._ask, first)
        # Its share of the room beyond a comfortable detail, or as many whole columns as fit
        # beside a roomy one (and its share beyond that), whichever is wider.
        roomy = max(detail_minimum, scaled(DETAIL_ROOMY))
        whole = max([ask, *(width for width in self._widths if width <= room - roomy)])
        wanted = max(ask + int(max(0, room - ask - comfortable) * LIST_SHARE_OF_EXTRA),
                     whole + int(max(0, room - whole - roomy) * LIST_SHARE_OF_EXTRA))
        wanted = min(wanted, max(room - max(detail_minimum, scaled(DETAIL_FLOOR)), need))
        if wanted < first:
            wanted = need  # short of its first optional column: the summary alone would grow
        list_width = max(_minimum_width(self.widget(0)), min(wanted, room - detail_minimum))
        self.setSizes([list_width, max(0, room - list_width)])


def _minimum_width(widget: QWidget) -> int:
    """The narrowest a layout lets ``widget`` be: its set minimum or its minimum size hint."""
    return max(widget.minimumWidth(), widget.minimumSizeHint().width())
