"""A QR code drawn on screen from the qrcode matrix (crisp at any size, with its quiet zone).

The encoder (qrcode, which imports PIL) loads with the first code shown: the Surveys
page shows none until the survey server is on.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QPainter, QPainterPath, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget


def _dark_runs(cells: tuple[bool, ...]) -> list[tuple[int, int]]:
    """(start, length) of each run of dark modules in a row: one rectangle per run."""
    runs: list[tuple[int, int]] = []
    start: int | None = None
    for column, dark in enumerate((*cells, False)):
        if dark and start is None:
            start = column
        elif not dark and start is not None:
            runs.append((start, column - start))
            start = None
    return runs


class QrCodeView(QWidget):
    """Shows one QR code, black on white (in a dark theme too), as large as fits; whole screen
    pixels per module."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data = ""
        self._path = QPainterPath()
        self._side = 0  # modules across, quiet zone included
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:
        return QSize(180, 180)

    def set_data(self, data: str) -> None:
        """Encode ``data`` (error correction M, as on the cards); empty shows nothing."""
        self.data = data
        self._path = QPainterPath()
        self._side = 0
        if data:
            from smallcs.reports.qr_symbol import QUIET_ZONE, qr_symbol

            symbol = qr_symbol(data)
            for row, cells in enumerate(symbol.matrix):
                for start, length in _dark_runs(cells):
                    self._path.addRect(QRectF(start + QUIET_ZONE, row + QUIET_ZONE, length, 1))
            self._side = symbol.modules + 2 * QUIET_ZONE
        self.setAccessibleDescription(data)
        self.update()

    def module_pixels(self, ratio: float) -> int:
        """How many device pixels each module takes at ``ratio`` device pixels per logical pixel:
        a whole number, so every edge is sharp."""
        if not self._side:
            return 0
        side = min(self.width(), self.height()) * ratio
        return max(1, int(side) // self._side)

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self._side:
            return
        painter = QPainter(self)
        # Drawn in device pixels: at a 125 % or 150 % screen scale a whole logical pixel is not a
        # whole screen pixel, and modules of uneven width are harder for a phone to read.
        to_device = painter.deviceTransform()
        ratio = to_device.m11() or self.devicePixelRatioF()
        module = self.module_pixels(ratio)
        drawn = module * self._side
        painter.scale(1 / ratio, 1 / ratio)
        # The symbol's corner on a whole device pixel, wherever the widget sits.
        left = round(to_device.dx() + (self.width() * ratio - drawn) / 2) - to_device.dx()
        top = round(to_device.dy() + (self.height() * ratio - drawn) / 2) - to_device.dy()
        painter.translate(left, top)
        painter.fillRect(QRectF(0, 0, drawn, drawn), Qt.GlobalColor.white)
        painter.scale(module, module)
        painter.fillPath(self._path, Qt.GlobalColor.black)
        painter.end()
