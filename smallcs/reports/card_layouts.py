"""How one survey card is drawn: on a sheet, on a receipt strip, as a poster or as a table tent.

``cards.py`` decides where each card goes; this module paints one card into the
space it is given. All user-supplied text is drawn literally: it is escaped
before it reaches a Paragraph and drawn with ``drawString`` otherwise, Hebrew
and Arabic in reading order with joined letters (``fonts.draw_line``).
"""

from __future__ import annotations

import dataclasses
import io
import logging
import re
from collections.abc import Callable, Sequence

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from smallcs.reports import fonts, shaping
from smallcs.reports.card_answers import (
    GREY,
    INK,
    RECEIPT_INKS,
    SHEET_INKS,
    Boxes,
    Contact,
    Piece,
    Question,
    comment_lines,
    contact_piece,
    fits_at_largest,
    question_piece,
    sheet_column,
)
from smallcs.reports.qr import draw_qr, printer_dot, reserved_size
from smallcs.reports.qr_symbol import QUIET_ZONE, QRSymbol

log = logging.getLogger(__name__)
# The most a receipt's tick boxes are spaced, from one box's left edge to the next one's.
_RECEIPT_PITCH = 6.5 * mm
_COMMENT_SPACING = 5.5 * mm  # between a sheet card's lines to write a comment on

@dataclasses.dataclass(frozen=True)
class Look:
    """Everything about a card that is the same on every card of a print run.

    Its texts are all in the card's one language; ``contact`` is None when the
    survey does not ask whether the shop may get back to the customer.
    """

    shop_name: str
    accent: colors.Color
    on_accent: colors.Color
    headline: str
    instructions: str
    questions: Sequence[Question]
    logo: ImageReader | None
    code_label: str  # around a single-use card's short code, e.g. "Code: {code}"
    comment_label: str
    contact: Contact | None


@dataclasses.dataclass(frozen=True)
class Card:
    """One card ready to draw: its encoded QR symbol and how to print it."""

    symbol: QRSymbol
    short_code: str  # as printed, e.g. "ABCD-2345"
    single: bool
    module_size: float


def read_logo(png: bytes | None) -> ImageReader | None:
    """The shop's logo as a reportlab image, or None when absent or unreadable."""
    if not png:
        return None
    try:
        reader = ImageReader(io.BytesIO(png))
        reader.getSize()
    except Exception:  # Pillow raises many types; cards print without the logo
        log.warning("the shop logo could not be read; printing cards without it", exc_info=True)
        return None
    return reader


def _contrast(colour: colors.Color) -> colors.Color:
    luminance = 0.2126 * colour.red + 0.7152 * colour.green + 0.0722 * colour.blue
    return INK if luminance > 0.6 else colors.white


def look(*, shop_name: str, accent_hex: str, headline: str, instructions: str,
         questions: Sequence[Question], logo_png: bytes | None, code_label: str, comment_label: str,
         contact: Contact | None) -> Look:
    """Resolve a style once per print run (colours, logo) for every card to share."""
    accent = colors.HexColor(accent_hex)
    return Look(shop_name=shop_name, accent=accent, on_accent=_contrast(accent), headline=headline,
                instructions=instructions, questions=questions, logo=read_logo(logo_png),
                code_label=code_label, comment_label=comment_label, contact=contact)


def _accent_bar(canvas: Canvas, the_look: Look, *, x: float, y: float, width: float, height: float,
                size: float, min_size: float, radius: float = 0, centred: bool = False) -> None:
    canvas.setFillColor(the_look.accent)
    canvas.roundRect(x, y, width, height, radius, stroke=0, fill=1)
    inset = height * 0.18
    text_x, text_width = x + inset * 1.5, width - inset * 3
    if the_look.logo is not None:
        logo_w, logo_h = the_look.logo.getSize()
        draw_h = height - 2 * inset
        draw_w = min(draw_h * logo_w / logo_h, width / 3)
        canvas.drawImage(the_look.logo, x + width - inset - draw_w, y + inset, draw_w, draw_h,
                         preserveAspectRatio=True, anchor="e", mask="auto")
        text_width -= draw_w + inset
    text, fitted = fonts.fit_text(the_look.shop_name, font=fonts.BOLD, width=text_width,
                                  size=size, min_size=min_size)
    canvas.setFillColor(the_look.on_accent)
    baseline = y + (height - fitted * 0.72) / 2
    if centred:
        fonts.draw_line(canvas, text, x=text_x + text_width / 2, y=baseline, font=fonts.BOLD, size=fitted,
                        align="centre")
    elif shaping.is_rtl(the_look.shop_name):
        fonts.draw_line(canvas, text, x=text_x + text_width, y=baseline, font=fonts.BOLD, size=fitted,
                        align="right")
    else:
        fonts.draw_line(canvas, text, x=text_x, y=baseline, font=fonts.BOLD, size=fitted)


class SheetCard:
    """A sheet card's fixed part, stored once as a PDF form; each card adds its QR and code.

    Drawing the shop's bar, texts and tick boxes once per print run, not once per
    card, keeps a thousand cards fast to write and small on disk.
    """

    def __init__(self, canvas: Canvas, the_look: Look, *, width: float, height: float,
                 module_size: float, modules: int, single: bool) -> None:
        """Lay out a card of the cell's size and store its fixed part as a form.

        Args:
            canvas: the canvas the form is stored in.
            the_look: the print run's shared style.
            width: cell width (cut line to cut line), in points.
            height: cell height, in points.
            module_size: the QR module size, in points.
            modules: modules along one side of the QR symbols this form serves.
            single: whether the cards are single-use (code, tick boxes, comment line).
        """
        self.width, self.height, self.module_size = width, height, module_size
        self.pad = 3.5 * mm
        self.quiet = QUIET_ZONE * module_size
        self.square = (modules + 2 * QUIET_ZONE) * module_size
        self.form = f"sheet-card-{modules}-{int(single)}"
        self.code_label = the_look.code_label
        canvas.beginForm(self.form, 0, 0, width, height)
        self.qr_top = self._draw_fixed(canvas, the_look, single=single)
        canvas.endForm()

    def _draw_fixed(self, canvas: Canvas, the_look: Look, *, single: bool) -> float:
        """Draw everything but the QR code and short code; return the QR area's top."""
        edge = 3 * mm  # above the bar and below the comment line; the sides keep ``pad`` for the quiet zone
        left, right, top, bottom = self.pad, self.width - self.pad, self.height - edge, edge
        inner = right - left
        bar = 6.5 * mm
        _accent_bar(canvas, the_look, x=left, y=top - bar, width=inner, height=bar, size=11,
                    min_size=7, radius=1.2 * mm)
        cursor = top - bar - 1.5 * mm
        headline, size = fonts.fit_text(the_look.headline, font=fonts.BOLD, width=inner, size=10,
                                        min_size=7.5)
        canvas.setFillColor(INK)
        cursor -= size * 0.75
        rtl = shaping.is_rtl(the_look.headline)  # starts at the right edge, like the paragraphs below
        fonts.draw_line(canvas, headline, x=right if rtl else left, y=cursor, font=fonts.BOLD, size=size,
                        align="right" if rtl else "left")
        cursor -= 1.6 * mm
        instructions, used = fonts.fitted_paragraph(the_look.instructions, font=fonts.OBLIQUE, size=6.5,
                                                    width=inner, max_lines=2, min_size=6, colour=GREY)
        instructions.drawOn(canvas, left, cursor - used)
        cursor -= used
        column = left - self.quiet + self.square + 1.5 * mm
        if single:
            # A second line to write on when the answers have room for it at their largest sizes
            # (a card without the contact question): the sizes come first, then the room to write.
            lines = 2 if fits_at_largest(the_look.questions, the_look.contact, width=right - column,
                                         height=cursor - 0.5 * mm - (bottom + 3.8 * mm + _COMMENT_SPACING)) else 1
            top_line = bottom + 1 * mm + (lines - 1) * _COMMENT_SPACING
            comment_lines(canvas, the_look.comment_label, x=left, y=top_line, width=inner, size=7,
                          lines=lines, spacing=_COMMENT_SPACING, inks=SHEET_INKS)
            if the_look.questions or the_look.contact is not None:
                self._draw_answers(canvas, the_look, left=column, right=right, top=cursor,
                                   bottom=top_line + 2.8 * mm)
        else:
            paragraph, used = fonts.fitted_paragraph(the_look.headline, font=fonts.BOLD, size=12,
                                               width=right - column, max_lines=4, min_size=8)
            paragraph.drawOn(canvas, column, cursor - self.square / 2 - used / 2)
        return cursor

    def _draw_answers(self, canvas: Canvas, the_look: Look, *, left: float, right: float, top: float,
                      bottom: float) -> None:
        """The tick boxes beside the QR: level with the symbol when they fit, higher when they need to."""
        level = top - self.quiet + 1 * mm  # the symbol's top edge, inside its quiet zone
        highest = top - 0.5 * mm
        pieces, gap = sheet_column(the_look.questions, the_look.contact, width=right - left,
                                   height=highest - bottom, snug=level - bottom)
        needed = sum(piece.height for piece in pieces) + gap * (len(pieces) - 1)
        place = min(highest, max(level, bottom + needed))
        for piece in pieces:
            piece.draw(canvas, left, place)
            place -= piece.height + gap

    def draw(self, canvas: Canvas, card: Card, *, x: float, y: float) -> None:
        """Draw one card in the cell whose bottom-left corner (on the cut lines) is (``x``, ``y``)."""
        canvas.saveState()
        canvas.translate(x, y)
        canvas.doForm(self.form)
        qr_left = self.pad - self.quiet
        draw_qr(canvas, qr_left, self.qr_top - self.square, data=card.symbol, module_size=self.module_size)
        if card.single:
            self._draw_code(canvas, card.short_code)
        canvas.restoreState()

    def _draw_code(self, canvas: Canvas, code: str) -> None:
        """The short code under the symbol: "Code: ABCD-2345", or "Code:" above the code when that is too wide.

        The choice is the same for every card of a run (whatever its letters), so
        a sheet looks even. Left-aligned with the symbol and the bar, the code may
        use the right quiet zone's width.
        """
        room = self.square - self.quiet
        widest = self.code_label.format(code=re.sub(r"[^-]", "W", code))
        lines = [self.code_label.format(code=code)]
        if fonts.text_width(widest, font=fonts.BOLD, size=6.5) > room:
            lines = [self.code_label.format(code="").strip(), code]
        canvas.setFillColor(INK)
        baseline = self.qr_top - self.square - 2.4 * mm
        for line in lines:
            text, size = fonts.fit_text(line, font=fonts.BOLD, width=room, size=8, min_size=6)
            fonts.draw_line(canvas, text, x=self.pad, y=baseline, font=fonts.BOLD, size=size)
            baseline -= size * 1.15


class ReceiptCard:
    """A receipt card (pure black only, for thermal paper) as a stored form plus its QR and code.

    The page is as tall as the content; every card of a print run shares it.
    """

    def __init__(self, canvas: Canvas, the_look: Look, *, paper: float, printable: float,
                 module_size: float, modules: int, single: bool) -> None:
        """Lay out the strip and store its fixed part as a form.

        Args:
            canvas: the canvas the form is stored in.
            the_look: the print run's shared style.
            paper: the paper width, in points.
            printable: the printer's printable width, centred on the paper, in points.
            module_size: the QR module size (whole printer dots), in points.
            modules: modules along one side of the QR symbols this form serves.
            single: whether the cards are single-use (code, tick boxes, comment lines).
        """
        self.module_size = module_size
        self.square = (modules + 2 * QUIET_ZONE) * module_size
        x = (paper - printable) / 2
        # Start the code on the printer's dot grid so every module covers whole dots.
        dot = printer_dot()
        self.qr_left = round((paper - self.square) / 2 / dot) * dot
        self.code_size = 11.0
        self.centre = paper / 2
        self.code_width = printable
        self.code_label = the_look.code_label
        blocks = self._blocks(canvas, the_look, x=x, width=printable, single=single)
        self.height = sum(height for height, _draw in blocks)
        self.page = (paper, self.height)
        self.form = f"receipt-card-{modules}-{int(single)}"
        self.qr_bottom = self.code_baseline = 0.0
        canvas.beginForm(self.form, 0, 0, paper, self.height)
        top = self.height
        for height, draw in blocks:
            draw(top)
            top -= height
        canvas.endForm()

    def _place_qr(self, top: float) -> None:
        self.qr_bottom = top - self.square

    def _place_code(self, top: float) -> None:
        self.code_baseline = top - self.code_size * 0.95

    def _blocks(self, canvas: Canvas, the_look: Look, *, x: float, width: float,
                single: bool) -> list[tuple[float, Callable[[float], None]]]:
        """(height, draw below top) for each band of the strip, top to bottom."""

        black = RECEIPT_INKS.text

        def paragraph(text: str, *, font: str, size: float, lines: int, min_size: float,
                      after: float = 1.5 * mm) -> tuple[float, Callable[[float], None]]:
            para, height = fonts.fitted_paragraph(text, font=font, size=size, width=width, max_lines=lines,
                                                  min_size=min_size, colour=black, centred=True)
            return height + after, lambda top: para.drawOn(canvas, x, top - height)

        def rule(top: float) -> None:
            canvas.setStrokeColor(black)
            canvas.setLineWidth(0.8)
            canvas.line(x, top - 1 * mm, x + width, top - 1 * mm)

        blocks = [
            (3 * mm, lambda top: None),
            # Small enough for a one-word trade name of 22 letters to fit a 58 mm strip whole.
            paragraph(the_look.shop_name, font=fonts.BOLD, size=13, min_size=9, lines=2, after=0.5 * mm),
            (3 * mm, rule),
            paragraph(the_look.headline, font=fonts.BOLD, size=11, min_size=8.25, lines=2),
            paragraph(the_look.instructions, font=fonts.OBLIQUE, size=7.5, min_size=5.6, lines=4, after=0),
            (self.square, self._place_qr),
        ]
        if not single:
            return [*blocks, (6 * mm, lambda top: None)]
        blocks.append((self.code_size * 1.2 + 3 * mm, self._place_code))
        longest = max((len(q.scores) for q in the_look.questions), default=2)
        box = min(min(width / longest, _RECEIPT_PITCH) * 0.8, 4.6 * mm)

        def band(piece: Piece, after: float) -> tuple[float, Callable[[float], None]]:
            return piece.height + after, lambda top: piece.draw(canvas, x, top)

        for question in the_look.questions:
            # The same boxes on every row, spread out on the rows that have room, so a tick hits one box.
            boxes = Boxes(box=box, pitch=max(box, min(width / len(question.scores), _RECEIPT_PITCH)))
            blocks.append(band(question_piece(question, boxes=boxes, width=width, label_size=7.5, label_lines=6,
                                              ends_size=6.5, number_size=6.5, inks=RECEIPT_INKS, space=0.8 * mm),
                               after=2.5 * mm))
        if the_look.contact is not None:
            blocks.append(band(contact_piece(the_look.contact, boxes=Boxes(box=box, pitch=box), width=width,
                                             size=7.5, label_lines=6, inks=RECEIPT_INKS), after=2.5 * mm))
        blocks.append((3 * 6 * mm + 4 * mm, lambda top: comment_lines(
            canvas, the_look.comment_label, x=x, y=top - 3 * mm, width=width, size=8, lines=3, spacing=6 * mm,
            inks=RECEIPT_INKS)))
        return blocks

    def draw(self, canvas: Canvas, card: Card) -> None:
        """Draw one card on the current page (already sized to ``self.page``)."""
        canvas.doForm(self.form)
        draw_qr(canvas, self.qr_left, self.qr_bottom, data=card.symbol, module_size=self.module_size)
        if card.single:
            code, size = fonts.fit_text(self.code_label.format(code=card.short_code), font=fonts.BOLD,
                                        width=self.code_width, size=self.code_size, min_size=8)
            canvas.setFillColor(RECEIPT_INKS.text)
            fonts.draw_line(canvas, code, x=self.centre, y=self.code_baseline, font=fonts.BOLD, size=size,
                            align="centre")


def draw_poster(canvas: Canvas, the_look: Look, card: Card, *, width: float, height: float,
                url_label: str) -> None:
    """Paint a full-page poster: big headline, big QR code, the address spelled out.

    Args:
        canvas: the page to draw on.
        the_look: the print run's shared style.
        card: the card, with a module size for a large symbol.
        width: page width, in points.
        height: page height, in points.
        url_label: the line under the code for people who type the address in.
    """
    margin = 18 * mm
    inner = width - 2 * margin
    bar = 34 * mm
    _accent_bar(canvas, the_look, x=0, y=height - bar, width=width, height=bar, size=30, min_size=14,
                centred=True)
    canvas.setFillColor(the_look.accent)
    canvas.rect(0, 0, width, 6 * mm, stroke=0, fill=1)
    headline, headline_h = fonts.fitted_paragraph(the_look.headline, font=fonts.BOLD, size=40, width=inner,
                                            max_lines=2, min_size=24, centred=True)
    instructions, instructions_h = fonts.fitted_paragraph(the_look.instructions, font=fonts.REGULAR, size=18,
                                                    width=inner, max_lines=3, min_size=11, colour=GREY,
                                                    centred=True)
    address, address_h = fonts.fitted_paragraph(url_label, font=fonts.REGULAR, size=11, width=inner,
                                          max_lines=2, min_size=7, colour=GREY, centred=True)
    square = reserved_size(card.symbol, card.module_size)
    code_h = 9 * mm if card.single else 0
    content = headline_h + 6 * mm + instructions_h + square + code_h + address_h
    # Centre the stack between the coloured bars.
    cursor = height - bar - max(10 * mm, (height - bar - 6 * mm - content) / 2)
    headline.drawOn(canvas, margin, cursor - headline_h)
    cursor -= headline_h + 6 * mm
    instructions.drawOn(canvas, margin, cursor - instructions_h)
    cursor -= instructions_h + square
    draw_qr(canvas, (width - square) / 2, cursor, data=card.symbol, module_size=card.module_size)
    if card.single:
        canvas.setFillColor(INK)
        fonts.draw_line(canvas, the_look.code_label.format(code=card.short_code), x=width / 2, y=cursor - 6 * mm,
                        font=fonts.BOLD, size=16, align="centre")
        cursor -= code_h
    address.drawOn(canvas, margin, cursor - address_h)


def _tent_face(canvas: Canvas, the_look: Look, card: Card, *, width: float, height: float,
               url_label: str) -> None:
    """One face of a table tent, upright in the box (0, 0)-(``width``, ``height``); the fold is its top."""
    margin = 12 * mm
    bar = 14 * mm
    below_fold = 7 * mm  # white, so the fold line shows and a slightly crooked fold does not
    _accent_bar(canvas, the_look, x=0, y=height - below_fold - bar, width=width, height=bar, size=20,
                min_size=11, centred=True)
    square = reserved_size(card.symbol, card.module_size)
    quiet = QUIET_ZONE * card.module_size
    room = height - below_fold - bar  # between the bar and the table
    qr_bottom = (room - square) / 2
    draw_qr(canvas, margin - quiet, qr_bottom, data=card.symbol, module_size=card.module_size)
    column = margin - quiet + square + 8 * mm
    inner = width - margin - column
    headline, headline_h = fonts.fitted_paragraph(the_look.headline, font=fonts.BOLD, size=26, width=inner,
                                                  max_lines=2, min_size=16)
    instructions, instructions_h = fonts.fitted_paragraph(the_look.instructions, font=fonts.REGULAR, size=15,
                                                          width=inner, max_lines=3, min_size=10, colour=GREY)
    address, address_h = fonts.fitted_paragraph(url_label, font=fonts.REGULAR, size=10, width=inner,
                                                 max_lines=2, min_size=7, colour=GREY)
    code_h = 9 * mm if card.single else 0
    gap = 4 * mm
    content = headline_h + gap + instructions_h + gap + code_h + address_h
    cursor = room - max(4 * mm, (room - content) / 2)
    headline.drawOn(canvas, column, cursor - headline_h)
    cursor -= headline_h + gap
    instructions.drawOn(canvas, column, cursor - instructions_h)
    cursor -= instructions_h + gap
    if card.single:
        canvas.setFillColor(INK)
        fonts.draw_line(canvas, the_look.code_label.format(code=card.short_code), x=column, y=cursor - 6 * mm,
                        font=fonts.BOLD, size=14)
        cursor -= code_h
    address.drawOn(canvas, column, cursor - address_h)


def draw_table_tent(canvas: Canvas, the_look: Look, card: Card, *, width: float, height: float,
                    url_label: str, fold_label: str) -> None:
    """Paint a landscape sheet that folds in half into a tent standing on a table.

    Both halves carry the same face; the upper one is turned 180 degrees, so once
    folded each side reads upright to the people facing it. A dashed line marks
    the fold.

    Args:
        canvas: the page to draw on.
        the_look: the print run's shared style.
        card: the card, with a module size for a symbol at least 6 cm wide.
        width: page width, in points.
        height: page height, in points (the fold is at half of it).
        url_label: the line for people who type the address in.
        fold_label: the small note on the fold line.
    """
    face = height / 2
    _tent_face(canvas, the_look, card, width=width, height=face, url_label=url_label)
    canvas.saveState()
    canvas.translate(width, height)
    canvas.rotate(180)
    _tent_face(canvas, the_look, card, width=width, height=face, url_label=url_label)
    canvas.restoreState()
    # The fold: a dashed line across the sheet with a gap for the note in the middle.
    size = 7
    note = fonts.text_width(fold_label, font=fonts.REGULAR, size=size) + 4 * mm
    canvas.saveState()
    canvas.setStrokeColor(GREY)
    canvas.setLineWidth(0.5)
    canvas.setDash(3, 3)
    canvas.line(0, face, (width - note) / 2, face)
    canvas.line((width + note) / 2, face, width, face)
    canvas.restoreState()
    canvas.setFillColor(GREY)
    fonts.draw_line(canvas, fold_label, x=width / 2, y=face - size * 0.35, font=fonts.REGULAR, size=size,
                    align="centre")
