"""Rasterising one page of survey cards two ways and comparing the pictures.

reportlab writes the PDF, pdfium paints it; the Qt canvas records the same
drawing calls and replays them on a QImage of the same pixel size. The two
pictures are compared tile by tile, so that one missing label, box or line shows
up in its tile even when the page as a whole barely changes: by ink (is there
anything drawn within a pixel of where the other picture has ink?) and by colour
(the tile's mean colour). The rasterisers differ only in how thin lines and glyph
edges are shaded, which both measures tolerate.
"""

from __future__ import annotations

import dataclasses
import io
import unicodedata
from collections.abc import Sequence

import pypdf
import pypdfium2 as pdfium
from PIL import Image, ImageChops, ImageFilter, ImageStat
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QSizeF, Qt
from PySide6.QtGui import QImage, QPageSize, QPainter, QPdfWriter

from smallcs.reports.cards import CardContent, CardStyle, render_cards
from smallcs.ui.surveys.card_painter import first_page
from smallcs.ui.surveys.qt_canvas import RecordedPage, replay

DPI = 100
# Anything lighter than this grey (0-255) is bare paper; a 0.3 pt hairline in light grey is darker.
INK_BELOW = 240
TILE = 24  # pixels: about 17 points at 100 dpi, the size of a short code's label
# The same page differs by at most 2 stray pixels and a colour shift of 8 in a tile
# (hairlines: pdfium paints them a pixel wide, Qt a faint 0.4 px). Dropping any one
# kind of drawing call gives 34+ stray pixels or a shift of 12+ (see the tests).
STRAY_INK_LIMIT = 12
COLOUR_SHIFT_LIMIT = 10.0


@dataclasses.dataclass(frozen=True)
class Difference:
    """How far two renderings of a page are apart."""

    page_fraction: float  # of all pixels, the share inked in one picture only
    stray_ink: int  # the most pixels inked in one picture only, in any one tile
    colour_shift: float  # the largest change of a tile's mean colour, 0-255 on any channel
    worst_box: tuple[int, int, int, int]  # a tile where they differ most (left, top, right, bottom)

    @property
    def same_page(self) -> bool:
        """Whether the pictures show the same page, up to the rasterisers' shading."""
        return self.stray_ink <= STRAY_INK_LIMIT and self.colour_shift <= COLOUR_SHIFT_LIMIT


def pdf_page(contents: Sequence[CardContent], style: CardStyle, *, layout: str) -> Image.Image:
    """The first page of the cards' PDF, rasterised by pdfium at :data:`DPI`."""
    pdf = io.BytesIO()
    render_cards(contents, style, layout=layout, output=pdf)
    document = pdfium.PdfDocument(pdf.getvalue())
    try:
        page = document[0]
        try:
            return page.render(scale=DPI / 72).to_pil().convert("RGB")
        finally:
            page.close()
    finally:
        document.close()


def qt_page(page: RecordedPage, size: tuple[int, int]) -> Image.Image:
    """``page`` replayed on a white QImage of ``size`` pixels, as the preview and printer paint it."""
    width, height = size
    image = QImage(width, height, QImage.Format.Format_RGB888)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.scale(width / page.width, height / page.height)
    replay(page, painter)
    painter.end()
    data = bytes(image.constBits())
    return Image.frombuffer("RGB", size, data, "raw", "RGB", image.bytesPerLine(), 1).copy()


def recorded_text(page: RecordedPage) -> str:
    """The words of ``page`` as Qt paints them (replayed into Qt's own PDF writer and read back), one space apart.

    Qt sets "fi" as one glyph; the text comes back with it spelled out (NFKC).
    """
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setPageSize(QPageSize(QSizeF(page.width, page.height), QPageSize.Unit.Point))
    writer.setPageMargins(QMarginsF(0, 0, 0, 0))
    writer.setResolution(72)
    painter = QPainter(writer)
    replay(page, painter)
    painter.end()
    buffer.close()
    text = pypdf.PdfReader(io.BytesIO(bytes(data))).pages[0].extract_text()
    return " ".join(unicodedata.normalize("NFKC", text).split())


def both_renderings(contents: Sequence[CardContent], style: CardStyle, *,
                    layout: str) -> tuple[Image.Image, Image.Image]:
    """(pdfium's picture of the PDF, Qt's picture of the Qt canvas's recording) of the first page."""
    reference = pdf_page(contents, style, layout=layout)
    return reference, qt_page(first_page(contents, style, layout=layout), reference.size)


def _ink(image: Image.Image) -> Image.Image:
    """255 where anything at all is drawn (even a faint hairline), 0 on bare paper."""
    return image.convert("L").point(lambda grey: 255 if grey < INK_BELOW else 0)


def compare(reference: Image.Image, candidate: Image.Image) -> Difference:
    """Where one picture has ink the other lacks nearby, and where their colours part, tile by tile.

    A pixel counts when it is inked in one picture with no ink within one pixel
    in the other (so rasterisers may differ on a line's weight or a glyph's
    edge, but not on whether the line or glyph is there), and a tile counts by
    how far its mean colour moved (so a box filled in another colour shows).
    """
    assert reference.size == candidate.size
    ink_a, ink_b = _ink(reference), _ink(candidate)
    near = ImageFilter.MaxFilter(3)
    stray = ImageChops.lighter(ImageChops.subtract(ink_a, ink_b.filter(near)),
                               ImageChops.subtract(ink_b, ink_a.filter(near)))
    width, height = stray.size
    page_fraction = stray.histogram()[255] / (width * height)
    worst_ink, worst_colour, worst_box = 0, 0.0, (0, 0, 0, 0)
    for top in range(0, height, TILE):
        for left in range(0, width, TILE):
            box = (left, top, min(left + TILE, width), min(top + TILE, height))
            missing = stray.crop(box).histogram()[255]
            mean_a = ImageStat.Stat(reference.crop(box)).mean
            mean_b = ImageStat.Stat(candidate.crop(box)).mean
            colour = max(abs(a - b) for a, b in zip(mean_a, mean_b, strict=True))
            if (missing, colour) > (worst_ink, worst_colour):
                worst_box = box
            worst_ink, worst_colour = max(worst_ink, missing), max(worst_colour, colour)
    return Difference(page_fraction, worst_ink, worst_colour, worst_box)
