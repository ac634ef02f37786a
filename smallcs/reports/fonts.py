"""The DejaVu fonts every SmallCS PDF uses, registered once, and text that fits its room.

reportlab's built-in fonts only cover Latin-1; DejaVu Sans covers accented,
Greek, Cyrillic, Hebrew and Arabic letters, so shop and customer names print as
typed. Characters DejaVu lacks (most emoji) print as an empty box, never crash.
"""

from __future__ import annotations

import functools
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.fonts import addMapping
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph

from smallcs import paths

REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
OBLIQUE = "DejaVuSans-Oblique"

_FILES = {REGULAR: "DejaVuSans.ttf", BOLD: "DejaVuSans-Bold.ttf", OBLIQUE: "DejaVuSans-Oblique.ttf"}
_ELLIPSIS = "\u2026"


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


def text_width(text: str, *, font: str, size: float) -> float:
    """The width of ``text`` in points when set in ``font`` at ``size``."""
    return pdfmetrics.stringWidth(text, font, size)


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
    """
    current = size
    while current > min_size and text_width(text, font=font, size=current) > width:
        current = max(min_size, current - 0.5)
    if text_width(text, font=font, size=current) <= width:
        return text, current
    shortened = text
    while shortened and text_width(shortened + _ELLIPSIS, font=font, size=current) > width:
        shortened = shortened[:-1]
    return shortened.rstrip() + _ELLIPSIS, current


def fitted_paragraph(
    text: str, *, font: str, size: float, width: float, max_lines: int,
    min_size: float | None = None, colour: colors.Color = colors.black, centred: bool = False,
) -> tuple[Paragraph, float]:
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
        paragraph = Paragraph(escape(shown), style)
        _width, height = paragraph.wrap(width, 10_000)
        if height <= max_lines * style.leading + 0.1 or len(words) <= 1:
            return paragraph, height
        if current > floor:
            current = max(floor, current - 0.5)
        else:
            words = words[:-1]
