"""QR codes drawn as vector rectangles from the symbol's matrix (never a raster image).

The symbol (``qr_symbol.py``) is encoded with error correction M. Its quiet zone
(4 modules of white on every side) is not drawn but is part of the space reserved
for the code, so callers can place the reserved square flush against other content.
"""

from __future__ import annotations

import math

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from smallcs.reports.qr_symbol import QUIET_ZONE, QRSymbol, qr_symbol

MIN_SYMBOL_WIDTH = 20 * mm
RECEIPT_DPI = 203


def printer_dot(dpi: int = RECEIPT_DPI) -> float:
    """The size of one printer dot in points (25.4/203 mm on a 203 dpi receipt printer)."""
    return 72 / dpi


def module_size_for(modules: int, *, min_width: float = MIN_SYMBOL_WIDTH, dpi: int | None = None) -> float:
    """The module size that makes a symbol at least ``min_width`` wide.

    Args:
        modules: modules along one side of the symbol (quiet zone excluded).
        min_width: the narrowest acceptable symbol, in points; never below 2 cm.
        dpi: for a receipt printer, its resolution: the module is then a whole
            number of printer dots so every module prints the same width.

    Returns:
        The module size in points.
    """
    width = max(min_width, MIN_SYMBOL_WIDTH)
    if dpi is None:
        return width / modules
    dot = printer_dot(dpi)
    # A hair of tolerance so float noise never adds a whole dot.
    return math.ceil(width / (modules * dot) - 1e-9) * dot


def reserved_size(symbol: QRSymbol, module_size: float) -> float:
    """The side of the square a symbol needs, quiet zone included, in points."""
    return (symbol.modules + 2 * QUIET_ZONE) * module_size


def _as_symbol(data: str | QRSymbol) -> QRSymbol:
    return data if isinstance(data, QRSymbol) else qr_symbol(data)


def draw_qr(canvas: Canvas, x: float, y: float, *, data: str | QRSymbol, module_size: float) -> float:
    """Draw a QR code as filled rectangles, one per horizontal run of dark modules.

    Args:
        canvas: the reportlab canvas to draw on.
        x: left edge of the reserved square (quiet zone included), in points.
        y: bottom edge of the reserved square, in points.
        data: the text to encode, or a symbol already encoded with ``qr_symbol``.
        module_size: the side of one module, in points.

    Returns:
        The side of the reserved square, in points.
    """
    symbol = _as_symbol(data)
    quiet = QUIET_ZONE * module_size
    # Work in module units with y pointing down, so each run is four small
    # integers: fast to write and a few bytes each in the PDF.
    runs = []
    for row_index, row in enumerate(symbol.matrix):
        start: int | None = None
        for col, dark in enumerate((*row, False)):
            if dark and start is None:
                start = col
            elif not dark and start is not None:
                runs.append(f"{start} {row_index} {col - start} 1 re")
                start = None
    canvas.saveState()
    canvas.transform(module_size, 0, 0, -module_size, x + quiet, y + quiet + symbol.modules * module_size)
    canvas.setFillColorRGB(0, 0, 0)
    canvas.addLiteral("\n".join(runs) + "\nf")
    canvas.restoreState()
    return reserved_size(symbol, module_size)


class QRFlowable(Flowable):
    """A QR code for platypus documents, its quiet zone included in its size."""

    def __init__(self, data: str | QRSymbol, *, module_size: float) -> None:
        """Encode ``data`` now so ``wrap`` knows the size.

        Args:
            data: the text to encode, or a symbol from ``qr_symbol``.
            module_size: the side of one module, in points.
        """
        super().__init__()
        self.symbol = _as_symbol(data)
        self.module_size = module_size
        self.size = reserved_size(self.symbol, module_size)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        """The space taken: the reserved square whatever is available."""
        return self.size, self.size

    def draw(self) -> None:
        """Draw the code at the flowable's origin."""
        draw_qr(self.canv, 0, 0, data=self.symbol, module_size=self.module_size)
