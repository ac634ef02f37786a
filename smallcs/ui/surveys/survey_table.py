"""The Surveys page's list of surveys: every column in sight, without scrolling sideways.

On a counter laptop (a 1180 px wide window), with a large system font, or in a language
with long words, the list keeps all its columns on screen. The counts always show their
figures whole; their titles go onto two lines when one line leaves the texts too little
room. The texts (the survey's name, what it asks, its languages) share what is left: a text
that does not fit its column wraps onto a second line, the widths chosen so that as few rows
as possible take two lines (each makes the list taller), and only a text too long for two
lines ends in "…" (the whole text is in every text cell's tooltip). Only when even the
titles cannot fit (a tiny window) does the list scroll sideways.

The list is as tall as its rows, one to five of them (``RowFittingTable``), so a shop with
one survey sees no empty box and a shop with many scrolls within five rows.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QFontMetrics, QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QStyle, QWidget

from smallcs.ui.complaint_desk.list_sizing import cell_width
from smallcs.ui.row_fitting_table import RowFittingTable

# A text cut short keeps at least this many average characters on its line (when it has them).
SHORTEST_TEXT_CHARACTERS = 8
# A row grows to this many lines for a text that does not fit its column on one.
MOST_LINES = 2
MOST_ROWS = 5


def two_lines(text: str, metrics: QFontMetrics) -> str:
    """``text`` broken at the space that makes its longer line the shortest (unchanged without a space)."""
    words = text.split(" ")
    if len(words) < 2:
        return text
    splits = [(" ".join(words[:cut]), " ".join(words[cut:])) for cut in range(1, len(words))]
    first, rest = min(splits, key=lambda pair: max(metrics.horizontalAdvance(line) for line in pair))
    return f"{first}\n{rest}"


def widest(floors: Mapping[int, int], rows: Sequence[Mapping[int, int]]) -> dict[int, int]:
    """Each column's width for the widest of its ``rows``, at least its floor."""
    return {column: max([floor, *(row[column] for row in rows)]) for column, floor in floors.items()}


def text_widths(room: int, floors: Mapping[int, int], one_line: Sequence[Mapping[int, int]],
                two_lines: Sequence[Mapping[int, int]]) -> dict[int, int]:
    """The text columns' widths within ``room``, from each column's narrowest and each row's
    widths of its texts on one line and on two.

    From the narrowest, columns widen (the cheapest step first, each taken while it fits) to show
    as many rows whole as they can, then as many rows on one line (a row on two lines makes the
    list taller), then as many single texts on one line. What is left goes to the column with the
    most text cut short (its rows end in "…"), or else the first.
    """
    widths = dict(floors)

    def widen(targets: Sequence[Mapping[int, int]]) -> None:
        nonlocal widths
        pending = list(targets)
        while pending:
            costs = [sum(max(0, target.get(column, 0) - width) for column, width in widths.items())
                     for target in pending]
            cheapest = min(range(len(pending)), key=costs.__getitem__)
            target = pending.pop(cheapest)
            if sum(widths.values()) + costs[cheapest] <= room:
                widths = {column: max(width, target.get(column, 0)) for column, width in widths.items()}

    widen(two_lines)
    widen(one_line)
    widen([{column: width} for row in one_line for column, width in row.items()])
    spare = room - sum(widths.values())
    if spare > 0:
        short = {column: need - widths[column] for column, need in widest(floors, two_lines).items()}
        column = max(short, key=short.__getitem__) if max(short.values()) > 0 else next(iter(widths))
        widths[column] += spare
    return widths


class SurveyTable(RowFittingTable):
    """The surveys with their counts: ``text_columns`` wrap, ``number_columns`` show whole.

    Call ``fit_columns`` after filling it; it fits itself again when resized or its font changes.
    """

    def __init__(self, titles: Sequence[str], *, text_columns: Sequence[int], number_columns: Sequence[int],
                 parent: QWidget | None = None) -> None:
        super().__init__(len(titles), fewest=1, most=MOST_ROWS, parent=parent, objectName="surveyTable")
        self.titles = list(titles)
        self._reserved_bar = False  # the columns left room for the vertical scroll bar
        self.text_columns, self.number_columns = list(text_columns), list(number_columns)
        self.setHorizontalHeaderLabels(self.titles)
        self.verticalHeader().hide()
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setAlternatingRowColors(True)
        self.setWordWrap(True)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)  # on the last line a row has room for
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.horizontalHeader().setStretchLastSection(False)
        # In the fallback (even the titles do not fit) a scroll bar appears: the rows stay above it.
        self.horizontalScrollBar().rangeChanged.connect(lambda _low, _high: self.updateGeometry())
        # More rows than the page has room for: the columns make way for the vertical scroll bar.
        self.verticalScrollBar().rangeChanged.connect(self._vertical_range_changed)

    def fit_columns(self) -> None:
        """Size the columns to the width: counts whole, their titles on two lines if that leaves the
        texts more room, the texts sharing the rest; then each row as tall as its texts need."""
        room = self._room()
        self._reserved_bar = self.verticalScrollBar().maximum() > 0
        one_line, two = self._text_measures()
        readable = self._measure("x") + self.fontMetrics().averageCharWidth() * SHORTEST_TEXT_CHARACTERS
        floors = {column: max(self.horizontalHeader().sectionSizeHint(column), min(need, readable))
                  for column, need in widest(dict.fromkeys(self.text_columns, 0), two).items()}
        texts = sum(widest(floors, one_line).values())
        for wrapped in (False, True):
            self._show_titles(wrapped)
            numbers = {column: self._whole_width(column) for column in self.number_columns}
            if sum(numbers.values()) + texts <= room:
                break
        widths = text_widths(room - sum(numbers.values()), floors, one_line, two) | numbers
        header = self.horizontalHeader()
        for column, width in widths.items():
            header.resizeSection(column, width)
        self._fit_rows()
        self.updateGeometry()  # a title or a text on two lines makes the list taller

    def _fit_rows(self) -> None:
        """Each row as tall as its wrapped texts, up to ``MOST_LINES`` lines (the rest ends in "…")."""
        one_line = self.verticalHeader().defaultSectionSize()
        tallest = one_line + (MOST_LINES - 1) * self.fontMetrics().lineSpacing()
        for row in range(self.rowCount()):
            self.setRowHeight(row, max(one_line, min(self.sizeHintForRow(row), tallest)))

    def _room(self) -> int:
        """The width the columns share: inside the frame, less the vertical scroll bar when the rows
        do not all show."""
        room = self.contentsRect().width()
        if self.verticalScrollBar().maximum() > 0:
            room -= self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, self)
        return room

    def _vertical_range_changed(self, _low: int, high: int) -> None:
        # Once the current fit is done (this may come in the middle of it). Narrower columns wrap into
        # taller rows, which keep the bar, and wider ones into shorter rows, which keep it away: the
        # fit settles after this one more pass.
        if (high > 0) != self._reserved_bar:
            QTimer.singleShot(0, self, self.fit_columns)

    def _show_titles(self, wrapped: bool) -> None:
        metrics = self.horizontalHeader().fontMetrics()
        for column in self.number_columns:
            title = self.titles[column]
            self.horizontalHeaderItem(column).setText(two_lines(title, metrics) if wrapped else title)

    def _measure(self, text: str) -> int:
        grid = 1 if self.showGrid() else 0  # the grid line is drawn inside the cell
        return cell_width(self, text) + grid

    def _whole_width(self, column: int) -> int:
        """The width that shows the title and every cell of ``column`` whole on one line."""
        return max([self.horizontalHeader().sectionSizeHint(column),
                    *(self._measure(text) for text in self._texts(column))])

    def _text_measures(self) -> tuple[list[dict[int, int]], list[dict[int, int]]]:
        """Each row's text widths by column: on one line, and on two (broken where it is shortest)."""
        metrics = self.fontMetrics()
        one_line: list[dict[int, int]] = []
        two: list[dict[int, int]] = []
        for row in range(self.rowCount()):
            texts = {column: item.text() if (item := self.item(row, column)) is not None else ""
                     for column in self.text_columns}
            one_line.append({column: self._measure(text) for column, text in texts.items()})
            two.append({column: max(self._measure(line) for line in two_lines(text, metrics).split("\n"))
                        for column, text in texts.items()})
        return one_line, two

    def _texts(self, column: int) -> list[str]:
        return [item.text() for row in range(self.rowCount()) if (item := self.item(row, column)) is not None]

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.fit_columns()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self.fit_columns()
