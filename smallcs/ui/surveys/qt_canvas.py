"""reportlab's canvas drawing calls, recorded and replayed on a QPainter.

The survey cards are laid out by ``reports/cards.py`` against reportlab's canvas.
:class:`QtCanvas` is that canvas with its drawing calls (the ones the card
layouts and reportlab's paragraphs make) turned into Qt painting, so the Print
cards dialog previews and prints the very layout the PDF gets, as vectors,
without a PDF renderer (PySide6-Essentials has no QtPdf). The tests compare the
two renderings of every layout, so a drawing call added to the layouts but not
here shows up as a difference.

Each page is recorded as a list of operations; :func:`replay` paints a page on
any QPainter (a widget for the preview, a printer, an image), in points with
reportlab's bottom-up y axis.
"""

from __future__ import annotations

import dataclasses
import functools
import io
import re
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontDatabase,
    QGlyphRun,
    QImage,
    QPainter,
    QPainterPath,
    QPen,
    QRawFont,
    QTransform,
)
from reportlab.lib.boxstuff import aspectRatioFix
from reportlab.lib.colors import toColor
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import ShapedStr
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import PDFTextObject

from smallcs import paths
from smallcs.reports import fonts, shaping

# Glyphs are drawn at this pixel size and scaled: QFont sizes are whole pixels.
_REFERENCE_SIZE = 100
_FONT_FACES = {fonts.REGULAR: (False, False), fonts.BOLD: (True, False), fonts.OBLIQUE: (False, True)}
_FONT_FILES = {fonts.REGULAR: "DejaVuSans.ttf", fonts.BOLD: "DejaVuSans-Bold.ttf",
               fonts.OBLIQUE: "DejaVuSans-Oblique.ttf"}
_LITERAL_TOKEN = re.compile(r"\S+")

Operation = Callable[["_Surface"], None]


@dataclasses.dataclass
class _Brushes:
    """The graphics state reportlab keeps beside the transform."""

    fill: QColor = dataclasses.field(default_factory=lambda: QColor(Qt.GlobalColor.black))
    stroke: QColor = dataclasses.field(default_factory=lambda: QColor(Qt.GlobalColor.black))
    line_width: float = 1.0
    dash: tuple[tuple[float, ...], float] = ((), 0.0)  # on/off lengths in points, and the phase
    font: str = fonts.REGULAR
    size: float = 12.0


class _Surface:
    """A painter and the graphics-state stack the operations share while a page is painted."""

    def __init__(self, painter: QPainter) -> None:
        self.painter = painter
        self.state = _Brushes()
        self._saved: list[_Brushes] = []

    def save(self) -> None:
        self.painter.save()
        self._saved.append(dataclasses.replace(self.state))

    def restore(self) -> None:
        self.painter.restore()
        self.state = self._saved.pop()


@dataclasses.dataclass(frozen=True)
class _TextRun:
    """A piece of text set at one point in one font and colour (None: the fill colour)."""

    x: float
    y: float
    text: str
    font: str
    size: float
    word_space: float
    colour: QColor | None


@dataclasses.dataclass(frozen=True)
class RecordedPage:
    """One page: its size in points and the operations that paint it."""

    width: float
    height: float
    operations: tuple[Operation, ...]


def replay(page: RecordedPage, painter: QPainter) -> None:
    """Paint ``page`` with ``painter``, whose coordinates must be points, y down, origin top-left."""
    surface = _Surface(painter)
    painter.save()
    painter.translate(0, page.height)
    painter.scale(1, -1)
    for operation in page.operations:
        operation(surface)
    painter.restore()


@functools.cache
def _register_qt_fonts() -> None:
    """Give Qt the font files the PDFs embed (DejaVu and the CJK fallback), so both draw the same glyphs."""
    folder = paths.resources_dir() / "fonts"
    for filename in (*_FONT_FILES.values(), fonts.CJK_FILE):
        QFontDatabase.addApplicationFont(str(folder / filename))


@functools.cache
def _raw_font(name: str) -> QRawFont:
    """The font file itself, for drawing glyphs by number as the PDF does."""
    return QRawFont(str(paths.resources_dir() / "fonts" / _FONT_FILES[name]), _REFERENCE_SIZE,
                    QFont.HintingPreference.PreferNoHinting)


def prepare_fonts() -> None:
    """Register the card fonts with Qt and reportlab; call on the UI thread before painting."""
    _register_qt_fonts()
    fonts.register_fonts()


def _qt_font(name: str, word_space: float) -> QFont:
    bold, italic = _FONT_FACES[name]
    # Characters DejaVu lacks come from the PDFs' own CJK font, not whichever one the system has.
    font = QFont(["DejaVu Sans", "Droid Sans Fallback"])
    font.setPixelSize(_REFERENCE_SIZE)
    font.setBold(bold)
    font.setItalic(italic)
    # reportlab neither kerns nor hints: match its advances so centred text lands where the layout put it.
    font.setKerning(False)
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    if word_space:
        font.setWordSpacing(word_space)
    return font


def _colour(value: Any) -> QColor:
    """A reportlab colour (object, RGB tuple or name) as a QColor."""
    colour = toColor(value)
    red, green, blue = colour.rgb()
    return QColor.fromRgbF(red, green, blue, getattr(colour, "alpha", 1.0))


def _image(reader: Any) -> QImage:
    """A reportlab ImageReader's picture as a QImage, keeping its transparency."""
    source = getattr(reader, "fp", None)
    image = QImage.fromData(source.getvalue()) if isinstance(source, io.BytesIO) else QImage()
    if image.isNull():
        width, height = reader.getSize()
        image = QImage(reader.getRGBData(), width, height, 3 * width, QImage.Format.Format_RGB888).copy()
    return image


def _glyph_run(text: ShapedStr, font: str) -> QGlyphRun:
    """A shaped line (``reports/shaping.py``) as the very glyphs and positions the PDF prints."""
    glyphs = pdfmetrics.getFont(font).face.charToGlyph
    indexes, positions, pen = [], [], 0.0
    per_unit = _REFERENCE_SIZE / 1000
    for char, advance, dx, dy in shaping.glyph_positions(text, font=font):
        indexes.append(glyphs.get(ord(char), 0))
        positions.append(QPointF((pen + dx) * per_unit, -dy * per_unit))
        pen += advance
    run = QGlyphRun()
    run.setRawFont(_raw_font(font))
    run.setGlyphIndexes(indexes)
    run.setPositions(positions)
    return run


def _text_width(text: str, font: str, size: float) -> float:
    if isinstance(text, ShapedStr):
        return shaping.line_width(text, font=font, size=size)
    return stringWidth(text, font, size)


def _text(surface: _Surface, x: float, y: float, text: str, *, word_space: float = 0.0) -> None:
    state, painter = surface.state, surface.painter
    scale = state.size / _REFERENCE_SIZE
    painter.save()
    painter.translate(x, y)
    painter.scale(scale, -scale)
    painter.setPen(state.fill)
    if isinstance(text, ShapedStr):
        # Already in display order with HarfBuzz's glyphs: Qt must not reorder or reshape it.
        painter.drawGlyphRun(QPointF(0, 0), _glyph_run(text, state.font))
    else:
        painter.setFont(_qt_font(state.font, word_space / scale if scale else 0.0))
        painter.drawText(QPointF(0, 0), text)
    painter.restore()


def _paint_path(surface: _Surface, path: QPainterPath, *, stroke: bool, fill: bool) -> None:
    state = surface.state
    pen = QPen(state.stroke, state.line_width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.FlatCap,
               Qt.PenJoinStyle.MiterJoin) if stroke else QPen(Qt.PenStyle.NoPen)
    lengths, phase = state.dash
    if stroke and lengths and state.line_width > 0:
        # Qt measures dashes in pen widths, PDF in points; an odd PDF list repeats to make pairs.
        pattern = [length / state.line_width for length in lengths * (1 + len(lengths) % 2)]
        pen.setDashPattern(pattern)
        pen.setDashOffset(phase / state.line_width)
    surface.painter.setPen(pen)
    surface.painter.setBrush(QBrush(state.fill) if fill else QBrush(Qt.BrushStyle.NoBrush))
    surface.painter.drawPath(path)


class QtTextObject(PDFTextObject):
    """A text object whose lines are kept for Qt to draw.

    reportlab's own text object tracks the line origin, leading and font the
    way a PDF reader does; this one also follows the current point along a
    line (where PDF would advance it glyph by glyph) and records each run.
    """

    def __init__(self, canvas: QtCanvas, x: float = 0, y: float = 0, direction: str | None = None) -> None:
        self.runs: list[_TextRun] = []
        self._colour: QColor | None = None
        self._point_x = x
        super().__init__(canvas, x, y, direction)

    def setTextOrigin(self, x: float, y: float) -> None:
        super().setTextOrigin(x, y)
        self._point_x = self._x0

    def moveCursor(self, dx: float, dy: float) -> None:
        super().moveCursor(dx, dy)
        self._point_x = self._x0

    def setFillColor(self, aColor: Any, alpha: float | None = None) -> None:
        super().setFillColor(aColor, alpha)
        self._colour = _colour(aColor)

    def _textOut(self, text: str, TStar: int = 0) -> None:
        word_space = getattr(self, "_wordSpace", 0.0)
        self.runs.append(_TextRun(self._point_x, self._y0, text, self._fontname, self._fontsize,
                                  word_space, self._colour))
        self._point_x += _text_width(text, self._fontname, self._fontsize) + word_space * text.count(" ")
        if TStar:
            self._y0 -= self._leading
            self._point_x = self._x0

    def textOut(self, text: str) -> None:
        self._textOut(text)

    def textLine(self, text: str = "") -> None:
        self._textOut(text, 1)


class QtCanvas(Canvas):
    """Records reportlab canvas calls as Qt painting, one :class:`RecordedPage` per ``showPage``.

    State calls also reach reportlab's canvas, because its paragraphs read
    that state back; drawing calls are only recorded. The underlying PDF is
    never written.
    """

    def __init__(self, on_page: Callable[[RecordedPage], None]) -> None:
        """Args:
            on_page: receives each page once it is complete.
        """
        # Set before reportlab's constructor, which may already set a colour.
        self._on_page = on_page
        self._page: list[Operation] = []
        self._form: list[Operation] | None = None
        self._form_name = ""
        self._forms: dict[str, tuple[Operation, ...]] = {}
        super().__init__(io.BytesIO())

    def _emit(self, operation: Operation) -> None:
        (self._form if self._form is not None else self._page).append(operation)

    # --- pages and forms -------------------------------------------------
    def showPage(self) -> None:
        width, height = self._pagesize
        self._on_page(RecordedPage(float(width), float(height), tuple(self._page)))
        self._page = []
        self._code = []  # the PDF operators the state calls wrote: never used

    def beginForm(self, name: str, lowerx: float = 0, lowery: float = 0,
                  upperx: float | None = None, uppery: float | None = None) -> None:
        if self._form is not None:
            raise ValueError("forms cannot be nested")
        self._form = []
        self._form_name = name
        self.push_state_stack()
        self.init_graphics_state()

    def endForm(self, **extra_attributes: Any) -> None:
        if self._form is None:
            raise ValueError("endForm without beginForm")
        self._forms[self._form_name] = tuple(self._form)
        self._form = None
        self.pop_state_stack()

    def doForm(self, name: str) -> None:
        operations = self._forms[name]

        def draw(surface: _Surface) -> None:
            surface.save()
            for operation in operations:
                operation(surface)
            surface.restore()
        self._emit(draw)

    # --- graphics state --------------------------------------------------
    def saveState(self) -> None:
        super().saveState()
        self._emit(lambda s: s.save())

    def restoreState(self) -> None:
        super().restoreState()
        self._emit(lambda s: s.restore())

    def transform(self, a: float, b: float, c: float, d: float, e: float, f: float) -> None:
        # translate(), scale() and rotate() come here too.
        super().transform(a, b, c, d, e, f)
        matrix = QTransform(a, b, c, d, e, f)
        self._emit(lambda s: s.painter.setTransform(matrix, True))

    def setFillColor(self, aColor: Any, alpha: float | None = None) -> None:
        super().setFillColor(aColor, alpha)
        colour = _colour(aColor)
        self._emit(lambda s: setattr(s.state, "fill", colour))

    def setStrokeColor(self, aColor: Any, alpha: float | None = None) -> None:
        super().setStrokeColor(aColor, alpha)
        colour = _colour(aColor)
        self._emit(lambda s: setattr(s.state, "stroke", colour))

    def setLineWidth(self, width: float) -> None:
        super().setLineWidth(width)
        self._emit(lambda s: setattr(s.state, "line_width", float(width)))

    def setDash(self, array: Any = (), phase: float = 0) -> None:
        super().setDash(array, phase)
        # The same two notations as reportlab: (on, off) as two numbers, or a list and a phase.
        dash = ((float(array), float(phase)), 0.0) if isinstance(array, int | float) else (
            tuple(float(length) for length in array), float(phase))
        self._emit(lambda s: setattr(s.state, "dash", dash))

    def setFont(self, psfontname: str, size: float, leading: float | None = None) -> None:
        if psfontname not in _FONT_FACES:
            raise ValueError(f"no Qt face for the font {psfontname!r}")
        super().setFont(psfontname, size, leading)

        def apply(surface: _Surface) -> None:
            surface.state.font, surface.state.size = psfontname, float(size)
        self._emit(apply)

    # --- shapes ----------------------------------------------------------
    def rect(self, x: float, y: float, width: float, height: float, stroke: int = 1, fill: int = 0) -> None:
        path = QPainterPath()
        path.addRect(QRectF(x, y, width, height))
        self._emit(lambda s: _paint_path(s, path, stroke=bool(stroke), fill=bool(fill)))

    def roundRect(self, x: float, y: float, width: float, height: float, radius: float,
                  stroke: int = 1, fill: int = 0) -> None:
        path = QPainterPath()
        path.addRoundedRect(QRectF(x, y, width, height), radius, radius)
        self._emit(lambda s: _paint_path(s, path, stroke=bool(stroke), fill=bool(fill)))

    def line(self, x1: float, y1: float, x2: float, y2: float) -> None:
        path = QPainterPath(QPointF(x1, y1))
        path.lineTo(x2, y2)
        self._emit(lambda s: _paint_path(s, path, stroke=True, fill=False))

    def addLiteral(self, s: str, escaped: int = 1) -> None:
        """Raw PDF as the QR code uses it: rectangles (``x y w h re``) filled with ``f``."""
        path = QPainterPath()
        numbers: list[float] = []
        for token in _LITERAL_TOKEN.findall(s):
            if token == "re" and len(numbers) == 4:
                path.addRect(QRectF(*numbers))
                numbers = []
            elif token == "f" and not numbers:
                filled = QPainterPath(path)
                self._emit(lambda surface, p=filled: _paint_path(surface, p, stroke=False, fill=True))
                path = QPainterPath()
            else:
                try:
                    numbers.append(float(token))
                except ValueError:
                    raise ValueError(f"PDF operator {token!r} is not supported by the Qt canvas") from None

    def drawImage(self, image: Any, x: float, y: float, width: float | None = None,
                  height: float | None = None, mask: Any = None, preserveAspectRatio: bool = False,
                  anchor: str = "c", anchorAtXY: bool = False, showBoundary: bool = False,
                  extraReturn: Any = None) -> None:
        picture = _image(image)
        x, y, width, height, _scaled = aspectRatioFix(preserveAspectRatio, anchor, x, y, width, height,
                                                      picture.width(), picture.height(), anchorAtXY)

        def draw(surface: _Surface) -> None:
            painter = surface.painter
            painter.save()
            painter.translate(x, y + height)
            painter.scale(1, -1)
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.drawImage(QRectF(0, 0, width, height), picture)
            painter.restore()
        self._emit(draw)

    # --- text ------------------------------------------------------------
    def drawString(self, x: float, y: float, text: str, *args: Any, **kwargs: Any) -> None:
        self._emit(lambda s: _text(s, x, y, text))

    def drawCentredString(self, x: float, y: float, text: str, *args: Any, **kwargs: Any) -> None:
        def draw(surface: _Surface) -> None:
            width = _text_width(text, surface.state.font, surface.state.size)
            _text(surface, x - width / 2, y, text)
        self._emit(draw)

    def beginText(self, x: float = 0, y: float = 0, direction: str | None = None) -> QtTextObject:
        return QtTextObject(self, x, y, direction)

    def drawText(self, aTextObject: QtTextObject) -> None:
        runs = tuple(aTextObject.runs)

        def draw(surface: _Surface) -> None:
            saved = dataclasses.replace(surface.state)
            for run in runs:
                surface.state.font, surface.state.size = run.font, run.size
                if run.colour is not None:
                    surface.state.fill = run.colour
                _text(surface, run.x, run.y, run.text, word_space=run.word_space)
            surface.state = saved
        self._emit(draw)
