"""Survey cards laid out by ``reports/cards.py`` and painted by Qt: a preview page, or a printer."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import cast

from PySide6.QtCore import QMarginsF, QSizeF
from PySide6.QtGui import QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrinter
from reportlab.pdfgen.canvas import Canvas

from smallcs.errors import SmallCSError
from smallcs.i18n import _
from smallcs.reports.cards import (
    SHEET_COLUMNS,
    SHEET_LAYOUTS,
    SHEET_ROWS,
    CardContent,
    CardStyle,
    draw_cards,
)
from smallcs.ui.surveys.qt_canvas import QtCanvas, RecordedPage, replay


class PrintFailed(SmallCSError):
    """The printer could not be used; the cards meant for it were withdrawn."""


def cards_per_page(layout: str) -> int:
    """How many cards one page of ``layout`` holds (a sheet 6, a strip, poster or table tent 1)."""
    return SHEET_COLUMNS * SHEET_ROWS if layout in SHEET_LAYOUTS else 1


def record_cards(
    contents: Sequence[CardContent],
    style: CardStyle,
    *,
    layout: str,
    on_page: Callable[[RecordedPage], None],
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Lay the cards out exactly as their PDF and hand each finished page to ``on_page``.

    Returns:
        The number of pages.
    """
    canvas = QtCanvas(on_page)
    # QtCanvas answers every call the card layouts make of a reportlab canvas.
    return draw_cards(cast(Canvas, canvas), contents, style, layout=layout, progress=progress)


def first_page(contents: Sequence[CardContent], style: CardStyle, *, layout: str) -> RecordedPage:
    """The first page of these cards, for the preview."""
    pages: list[RecordedPage] = []
    record_cards(contents[:cards_per_page(layout)], style, layout=layout, on_page=pages.append)
    return pages[0]


def page_size(width: float, height: float) -> QPageSize:
    """A paper size of exactly ``width`` x ``height`` points."""
    return QPageSize(QSizeF(width, height), QPageSize.Unit.Point, "",
                     QPageSize.SizeMatchPolicy.ExactMatch)


def page_layout(width: float, height: float) -> QPageLayout:
    """A page ``width`` x ``height`` points with no margins; a wide page is its paper turned (landscape).

    Printers know A4 and Letter upright: a table tent's landscape sheet is
    asked for as that paper in landscape, not as a paper nobody stocks.
    """
    if width > height:
        return QPageLayout(page_size(height, width), QPageLayout.Orientation.Landscape, QMarginsF(0, 0, 0, 0))
    return QPageLayout(page_size(width, height), QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0))


class PrinterPages:
    """Paints recorded pages on a printer as they arrive, each on paper of its own size.

    Receipt strips are as tall as their content, so each page sets the paper
    size before it starts; the page is painted at 100 % from the paper's corner,
    so QR modules keep their printed size.
    """

    def __init__(self, printer: QPrinter) -> None:
        self._printer = printer
        self._painter: QPainter | None = None
        printer.setFullPage(True)

    def __call__(self, page: RecordedPage) -> None:
        layout = page_layout(page.width, page.height)
        if self._painter is None:
            self._printer.setPageLayout(layout)
            painter = QPainter()
            if not painter.begin(self._printer):
                raise PrintFailed(_("The printer could not be opened; no cards were printed."))
            self._painter = painter
        else:
            self._printer.setPageLayout(layout)
            if not self._printer.newPage():
                raise PrintFailed(_("The printer stopped taking pages; the cards were withdrawn."))
        painter = self._painter
        painter.save()
        scale = self._printer.resolution() / 72
        painter.scale(scale, scale)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        replay(page, painter)
        painter.restore()

    def finish(self) -> None:
        """Send the last page to the printer."""
        if self._painter is not None and not self._painter.end():
            raise PrintFailed(_("The printer did not take the last page; the cards were withdrawn."))
        self._painter = None

    def abort(self) -> None:
        """Cancel the print job: nothing of it should come out of the printer."""
        if self._painter is not None:
            self._printer.abort()
            self._painter.end()
        self._painter = None


def print_cards_on(
    printer: QPrinter,
    contents: Sequence[CardContent],
    style: CardStyle,
    *,
    layout: str,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Print the cards on ``printer`` (any thread); returns the pages printed.

    Raises:
        PrintFailed: the printer could not be opened or stopped taking pages.
    """
    pages = PrinterPages(printer)
    try:
        count = record_cards(contents, style, layout=layout, on_page=pages, progress=progress)
    except BaseException:
        pages.abort()
        raise
    pages.finish()
    return count
