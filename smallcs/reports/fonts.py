"""The DejaVu fonts every SmallCS PDF uses, registered once, and text that fits its room.

reportlab's built-in fonts only cover Latin-1; DejaVu Sans covers accented,
Greek, Cyrillic, Hebrew and Arabic letters, so shop and customer names print as
typed. Characters DejaVu lacks (most emoji) print as an empty box, never crash.
Text with Hebrew or Arabic in it is put in display order with joined letters
(``shaping.py``); every other text is drawn exactly as typed.
"""

from __future__ import annotations

import functools
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.fonts import addMapping
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import ShapedStr, TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph

from smallcs import paths
from smallcs.reports import shaping
from smallcs.reports.rtl_paragraph import RtlParagraph

REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
OBLIQUE = "DejaVuSans-Oblique"

_FILES = {REGULAR: "DejaVuSans.ttf", BOLD: "DejaVuSans-Bold.ttf", OBLIQUE: "DejaVuSans-Oblique.ttf"}
_ELLIPSIS = "\u2026"
# DejaVu Sans Oblique has no Arabic letters: such text is set upright, as Arabic usually is.
_FALLBACKS = {OBLIQUE: REGULAR}


@functools.cache
def register_fonts() -> None:
    """Register the DejaVu family with reportlab (later calls do nothing).

    Paragraph markup (``<b>``, ``<i>``) maps onto the bold and oblique faces;
    there is no bold-oblique file, so bold italic falls back to bold.
    """
    folder = paths.resources_dir() / "fonts"
    for name, filename in _FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(folder / filename)))
    addMapping(REGULAR, 0, 0, REGULAR)
    addMapping(REGULAR, 1, 0, BOLD)
    addMapping(REGULAR, 0, 1, OBLIQUE)
    addMapping(REGULAR, 1, 1, BOLD)
    shaping.make_copied_text_readable()


def _missing(font: str, text: str) -> int:
    """How many of ``text``'s visible characters ``font`` has no glyph for."""
    glyphs = pdfmetrics.getFont(font).face.charToGlyph
    return sum(ord(char) not in glyphs for char in text if not char.isspace())


def text_width(text: str, *, font: str, size: float) -> float:
    """The width of ``text`` in points when set in ``font`` at ``size`` (shaped, if it needs it)."""
    if not isinstance(text, ShapedStr):
        text = shaping.shape_line(text, font=font, size=size)
    return shaping.line_width(text, font=font, size=size)


def draw_line(canvas: Canvas, text: str, *, x: float, y: float, font: str, size: float,
              align: str = "left") -> None:
    """Draw one line of text in ``font`` at ``size``, right-to-left runs in display order.

    Args:
        canvas: where to draw.
        text: the text as typed, or as :func:`fit_text` returned it.
        x: the left end, centre or right end of the line, as ``align`` says.
        y: the baseline.
        font: a registered font name.
        size: the font size.
        align: ``left``, ``centre``, ``right`` or ``start`` (right when ``text``,
            as typed, reads right to left; left otherwise).
    """
    shown = text if isinstance(text, ShapedStr) else shaping.shape_line(text, font=font, size=size)
    if align == "start":
        align = "right" if shaping.is_rtl(text) else "left"
    canvas.setFont(font, size)
    if not isinstance(shown, ShapedStr):  # drawn exactly as before shaping existed
        {"left": canvas.drawString, "centre": canvas.drawCentredString,
         "right": canvas.drawRightString}[align](x, y, shown)
        return
    width = shaping.line_width(shown, font=font, size=size)
    canvas.drawString(x - {"left": 0.0, "centre": width / 2, "right": width}[align], y, shown)


def fit_text(text: str, *, font: str, width: float, size: float, min_size: float) -> tuple[str, float]:
    """Shrink ``text`` to fit ``width`` on one line, then shorten it with an ellipsis.

    Args:
        text: the text to fit (never markup: it is drawn as is).
        font: a registered font name.
        width: the room available, in points.
        size: the preferred font size.
        min_size: the smallest size worth printing; below it the text is cut.

    Returns:
        The text to draw (possibly ending in an ellipsis) and its font size.
        Text with right-to-left runs comes back in display order, shaped, for
        ``drawString`` or :func:`draw_line` to print left to right.
    """
    current = size
    while current > min_size and text_width(text, font=font, size=current) > width:
        current = max(min_size, current - 0.5)
    if text_width(text, font=font, size=current) <= width:
        return shaping.shape_line(text, font=font, size=current), current
    shortened = text
    while shortened and text_width(shortened + _ELLIPSIS, font=font, size=current) > width:
        shortened = shortened[:-1]
    return shaping.shape_line(shortened.rstrip() + _ELLIPSIS, font=font, size=current), current


def paragraph(text: str, style: ParagraphStyle) -> Flowable:
    """A paragraph of plain ``text`` (markup prints as typed; ``\n`` breaks the line).

    Text with Hebrew or Arabic in it becomes an :class:`RtlParagraph`, which
    orders and joins each line; any other text a reportlab Paragraph, as always.
    """
    if shaping.needs_bidi(text):
        fallback = _FALLBACKS.get(style.fontName)
        if fallback is not None and _missing(fallback, text) < _missing(style.fontName, text):
            style = ParagraphStyle(f"{style.name}-{fallback}", parent=style, fontName=fallback)
        return RtlParagraph(text, style)
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def fitted_paragraph(
    text: str, *, font: str, size: float, width: float, max_lines: int,
    min_size: float | None = None, colour: colors.Color = colors.black, centred: bool = False,
) -> tuple[Flowable, float]:
    """A paragraph of literal ``text`` shrunk, then shortened, to fit ``max_lines``.

    Args:
        text: plain text (escaped here, so markup prints as typed).
        font: a registered font name.
        size: the preferred font size in points.
        width: the width available, in points.
        max_lines: the most lines the text may take.
        min_size: the smallest size before words are dropped (default: ``size``).
        colour: the text colour.
        centred: centre each line instead of aligning left.

    Returns:
        The wrapped paragraph and its height in points.
    """
    floor = size if min_size is None else min_size
    words = text.split()
    current = size
    while True:
        style = ParagraphStyle("fit", fontName=font, fontSize=current, leading=current * 1.2,
                               textColor=colour, alignment=TA_CENTER if centred else TA_LEFT)
        shown = " ".join(words) + ("" if len(words) == len(text.split()) else _ELLIPSIS)
        fitted = paragraph(shown, style)
        _width, height = fitted.wrap(width, 10_000)
        if height <= max_lines * style.leading + 0.1 or len(words) <= 1:
            return fitted, height
        if current > floor:
            current = max(floor, current - 0.5)
        else:
            words = words[:-1]
