"""Survey cards to PDF: sheets with cut marks, thermal receipt strips, posters and table tents.

The caller hands over plain data (each card's URL and short code, the shop's
style); nothing here reads the database. Every card carries a vector QR code at
least 2 cm wide, and single-use cards add the short code and tick boxes for
customers who answer on paper.

A card is printed in one language, ``CardStyle.language``, whatever the
language of the counter PC: its own texts (headline, instructions, code label,
"Comment:", Yes/No) come from that language's catalog, and the scales' end
labels and the contact question from the survey page's wordings, so the card
and the phone page say the same thing.
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Callable, Sequence
from typing import BinaryIO, Literal

from reportlab.lib.pagesizes import A4, LETTER, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from smallcs.errors import ValidationError
from smallcs.i18n import N_, _, translation_for
from smallcs.reports import card_layouts, fonts
from smallcs.reports.card_answers import LIGHT, Contact, Question
from smallcs.reports.qr import RECEIPT_DPI, module_size_for
from smallcs.reports.qr_symbol import qr_symbol
from smallcs.surveys.cards import format_short_code
from smallcs.surveys.wordings import SUPPORTED_LANGUAGES, text

CardKind = Literal["single", "poster"]

SHEET_LAYOUTS = ("a4", "letter")
RECEIPT_LAYOUTS = ("receipt-80mm", "receipt-58mm")
# One code for many customers: a poster for the wall, a folded tent for the table.
REUSABLE_LAYOUTS = ("poster", "table-tent")
LAYOUTS = (*SHEET_LAYOUTS, *RECEIPT_LAYOUTS, *REUSABLE_LAYOUTS)

# The scores a customer can tick for each question the cards know.
SCALES: dict[str, range] = {"csat": range(1, 6), "nps": range(11), "ces": range(1, 8)}

# Six cards a sheet: a card of a quarter of the page's height has no room for three questions, the contact
# boxes and a comment line at sizes customers read without glasses (7 pt and up).
SHEET_COLUMNS, SHEET_ROWS = 2, 3
_SHEET_MARGIN = 12 * mm
_CUT_MARK = 7 * mm
_CUT_GAP = 2 * mm
# Paper width -> printable width of common thermal printers (576 and 384 dots).
_RECEIPT_WIDTHS = {"receipt-80mm": (80 * mm, 72 * mm), "receipt-58mm": (58 * mm, 48 * mm)}
# The narrowest symbol each layout aims for (all above the 2 cm minimum).
_SYMBOL_WIDTHS = {"a4": 22 * mm, "letter": 22 * mm, "receipt-80mm": 30 * mm, "receipt-58mm": 25 * mm,
                  "poster": 115 * mm, "table-tent": 62 * mm}
_COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")

# The card's own texts, translated into the card's language when it is drawn.
_HEADLINE = N_("Tell us how we did")
_INSTRUCTIONS_SINGLE = N_("Scan the code with your phone camera, or tick the boxes and hand this card back to us.")
_INSTRUCTIONS_REUSABLE = N_("Scan the code with your phone camera. It takes less than a minute.")
_CODE_LABEL = N_("Code: {code}")
_COMMENT_LABEL = N_("Comment:")
_YES = N_("Yes")
_NO = N_("No")
_URL_LABEL = N_("or open {url}")
_FOLD_LABEL = N_("Fold here")
CARD_TEXTS = (_HEADLINE, _INSTRUCTIONS_SINGLE, _INSTRUCTIONS_REUSABLE, _CODE_LABEL, _COMMENT_LABEL, _YES, _NO,
              _URL_LABEL, _FOLD_LABEL)


@dataclasses.dataclass(frozen=True)
class CardContent:
    """What is unique to one card."""

    url: str
    short_code: str
    kind: CardKind = "single"
    # What a poster or table tent prints to be typed (``poster_url``); "" for the QR's own ``url``.
    typed_url: str = ""

    @property
    def url_to_type(self) -> str:
        return self.typed_url or self.url


@dataclasses.dataclass(frozen=True)
class CardStyle:
    """What every card of a print run shares; empty texts fall back to the standard wording.

    ``questions`` lists the tick-box questions as (key, label) pairs, key one of
    ``csat`` (1-5), ``nps`` (0-10) or ``ces`` (1-7), in the order to print them;
    each scale gets its end labels from the survey page's wordings.
    ``ask_contact`` adds the survey page's "you may contact me" line with Yes and
    No boxes. ``language`` (one of the survey page's languages) is the language
    of every text the card adds; the labels given here should be in it too.
    """

    shop_name: str
    accent_colour: str = "#1F6FB2"
    headline: str = ""
    questions: Sequence[tuple[str, str]] = ()
    instructions: str = ""
    logo_png: bytes | None = None
    page_size: str = "A4"  # the shop's paper ("A4" or "Letter"), for the table tent
    language: str = "en"
    ask_contact: bool = False


def qr_module_size(layout: str, modules: int) -> float:
    """The module size, in points, a layout uses for a symbol ``modules`` wide.

    Args:
        layout: one of ``LAYOUTS``.
        modules: modules along one side of the symbol, quiet zone excluded.

    Returns:
        A size giving a symbol at least 2 cm wide; on receipt layouts a whole
        number of 203 dpi printer dots.
    """
    dpi = RECEIPT_DPI if layout in RECEIPT_LAYOUTS else None
    return module_size_for(modules, min_width=_SYMBOL_WIDTHS[layout], dpi=dpi)


def _questions(style: CardStyle) -> list[Question]:
    questions = []
    for key, label in style.questions:
        if key not in SCALES:
            raise ValueError(f"no tick boxes for question {key!r}; expected one of {sorted(SCALES)}")
        scores = SCALES[key]
        # As the phone page shows them: "1 = Very dissatisfied", "5 = Very satisfied".
        questions.append(Question(key=key, label=label, scores=scores,
                                  low=f"{scores[0]} = {text(style.language, f'{key}_low')}",
                                  high=f"{scores[-1]} = {text(style.language, f'{key}_high')}"))
    return questions


def _look(style: CardStyle, *, poster: bool, tr: Callable[[str], str]) -> card_layouts.Look:
    if not _COLOUR.match(style.accent_colour):
        raise ValidationError(_("The accent colour must look like #1F6FB2, not '{colour}'.")
                              .format(colour=style.accent_colour), field="accent_colour")
    instructions = style.instructions or tr(_INSTRUCTIONS_REUSABLE if poster else _INSTRUCTIONS_SINGLE)
    contact = Contact(label=text(style.language, "contact"), yes=tr(_YES), no=tr(_NO)) \
        if style.ask_contact else None
    return card_layouts.look(shop_name=style.shop_name, accent_hex=style.accent_colour,
                             headline=style.headline or tr(_HEADLINE), instructions=instructions,
                             questions=_questions(style), logo_png=style.logo_png, code_label=tr(_CODE_LABEL),
                             comment_label=tr(_COMMENT_LABEL), contact=contact)


def _prepare(content: CardContent, layout: str) -> card_layouts.Card:
    symbol = qr_symbol(content.url)
    return card_layouts.Card(symbol=symbol, module_size=qr_module_size(layout, symbol.modules),
                             short_code=format_short_code(content.short_code),
                             single=content.kind == "single")


def _cut_marks(canvas: Canvas, *, left: float, bottom: float, width: float, height: float) -> None:
    """Marks in the margins on every cut line, and small crosses where cards meet."""
    canvas.setStrokeColorRGB(0, 0, 0)
    canvas.setLineWidth(0.3)
    right, top = left + SHEET_COLUMNS * width, bottom + SHEET_ROWS * height
    for column in range(SHEET_COLUMNS + 1):
        x = left + column * width
        canvas.line(x, top + _CUT_GAP, x, top + _CUT_GAP + _CUT_MARK)
        canvas.line(x, bottom - _CUT_GAP, x, bottom - _CUT_GAP - _CUT_MARK)
    for row in range(SHEET_ROWS + 1):
        y = bottom + row * height
        canvas.line(left - _CUT_GAP, y, left - _CUT_GAP - _CUT_MARK, y)
        canvas.line(right + _CUT_GAP, y, right + _CUT_GAP + _CUT_MARK, y)
    arm = 1.5 * mm
    canvas.setStrokeColor(LIGHT)
    for column in range(1, SHEET_COLUMNS):
        for row in range(SHEET_ROWS + 1):
            x, y = left + column * width, bottom + row * height
            canvas.line(x - arm, y, x + arm, y)
            canvas.line(x, y - arm, x, y + arm)
    for row in range(1, SHEET_ROWS):
        for x in (left, right):
            y = bottom + row * height
            canvas.line(x - arm, y, x + arm, y)
            canvas.line(x, y - arm, x, y + arm)


def _render_sheets(canvas: Canvas, cards: Sequence[card_layouts.Card], the_look: card_layouts.Look,
                   *, page: tuple[float, float], done: Callable[[], None]) -> int:
    page_width, page_height = page
    width = (page_width - 2 * _SHEET_MARGIN) / SHEET_COLUMNS
    height = (page_height - 2 * _SHEET_MARGIN) / SHEET_ROWS
    per_page = SHEET_COLUMNS * SHEET_ROWS
    # One stored form per QR size and kind: URLs of different lengths give different sizes.
    forms: dict[tuple[int, bool], card_layouts.SheetCard] = {}
    pages = 0
    for first in range(0, len(cards), per_page):
        canvas.setPageSize(page)
        _cut_marks(canvas, left=_SHEET_MARGIN, bottom=_SHEET_MARGIN, width=width, height=height)
        for index, card in enumerate(cards[first:first + per_page]):
            key = (card.symbol.modules, card.single)
            if key not in forms:
                forms[key] = card_layouts.SheetCard(canvas, the_look, width=width, height=height,
                                                    module_size=card.module_size, modules=key[0],
                                                    single=card.single)
            row, column = divmod(index, SHEET_COLUMNS)
            forms[key].draw(canvas, card, x=_SHEET_MARGIN + column * width,
                            y=page_height - _SHEET_MARGIN - (row + 1) * height)
            done()
        canvas.showPage()
        pages += 1
    return pages


def _render_receipts(canvas: Canvas, cards: Sequence[card_layouts.Card], the_look: card_layouts.Look,
                     *, layout: str, done: Callable[[], None]) -> int:
    paper, printable = _RECEIPT_WIDTHS[layout]
    forms: dict[tuple[int, bool], card_layouts.ReceiptCard] = {}
    for card in cards:
        key = (card.symbol.modules, card.single)
        if key not in forms:
            forms[key] = card_layouts.ReceiptCard(canvas, the_look, paper=paper, printable=printable,
                                                  module_size=card.module_size, modules=key[0],
                                                  single=card.single)
        canvas.setPageSize(forms[key].page)
        forms[key].draw(canvas, card)
        canvas.showPage()
        done()
    return len(cards)


def _render_tents(canvas: Canvas, cards: Sequence[card_layouts.Card], contents: Sequence[CardContent],
                  the_look: card_layouts.Look, *, page: tuple[float, float], tr: Callable[[str], str],
                  done: Callable[[], None]) -> int:
    width, height = landscape(page)
    for card, content in zip(cards, contents, strict=True):
        canvas.setPageSize((width, height))
        card_layouts.draw_table_tent(canvas, the_look, card, width=width, height=height,
                                     url_label=tr(_URL_LABEL).format(url=content.url_to_type),
                                     fold_label=tr(_FOLD_LABEL))
        canvas.showPage()
        done()
    return len(cards)


def _render_posters(canvas: Canvas, cards: Sequence[card_layouts.Card], contents: Sequence[CardContent],
                    the_look: card_layouts.Look, *, tr: Callable[[str], str], done: Callable[[], None]) -> int:
    for card, content in zip(cards, contents, strict=True):
        canvas.setPageSize(A4)
        card_layouts.draw_poster(canvas, the_look, card, width=A4[0], height=A4[1],
                                 url_label=tr(_URL_LABEL).format(url=content.url_to_type))
        canvas.showPage()
        done()
    return len(cards)


def draw_cards(
    canvas: Canvas,
    cards: Sequence[CardContent],
    style: CardStyle,
    *,
    layout: str,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Draw survey cards page by page on ``canvas``, for a PDF or any canvas with its methods.

    The desktop app previews and prints through a Qt canvas that draws with the
    same calls, so what it shows and prints is laid out by this very code.

    Args:
        canvas: where to draw; pages are sized with ``setPageSize`` and ended with ``showPage``.
        cards, style, layout, progress: as for :func:`render_cards`.

    Returns:
        The number of pages drawn.

    Raises:
        ValidationError: there are no cards, or the accent colour is not ``#RRGGBB``.
        ValueError: an unknown layout, question key or language (a programming error).
    """
    if layout not in LAYOUTS:
        raise ValueError(f"unknown card layout {layout!r}; expected one of {LAYOUTS}")
    if style.language not in SUPPORTED_LANGUAGES:
        raise ValueError(f"no card wordings in {style.language!r}; expected one of {SUPPORTED_LANGUAGES}")
    if not cards:
        raise ValidationError(_("There are no cards to print."))
    tr = translation_for(style.language).gettext
    the_look = _look(style, poster=layout in REUSABLE_LAYOUTS, tr=tr)
    fonts.register_fonts()
    prepared = [_prepare(content, layout) for content in cards]
    counter = iter(range(1, len(cards) + 1))

    def done() -> None:
        finished = next(counter)
        if progress is not None:
            progress(finished, len(cards))

    if layout in SHEET_LAYOUTS:
        return _render_sheets(canvas, prepared, the_look, page=A4 if layout == "a4" else LETTER, done=done)
    if layout in RECEIPT_LAYOUTS:
        return _render_receipts(canvas, prepared, the_look, layout=layout, done=done)
    if layout == "table-tent":
        return _render_tents(canvas, prepared, cards, the_look, tr=tr, done=done,
                             page=LETTER if style.page_size == "Letter" else A4)
    return _render_posters(canvas, prepared, cards, the_look, tr=tr, done=done)


def render_cards(
    cards: Sequence[CardContent],
    style: CardStyle,
    *,
    layout: str,
    output: str | os.PathLike[str] | BinaryIO,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Write survey cards to a PDF.

    Args:
        cards: the cards to print, in order.
        style: the shop's name, colour, texts and tick-box questions.
        layout: ``a4`` or ``letter`` (2 x 3 cards a sheet, with cut marks),
            ``receipt-80mm`` or ``receipt-58mm`` (one card a page, as tall as
            needed), ``poster`` (one A4 poster a card) or ``table-tent`` (one
            landscape sheet a card, A4 or Letter as ``style.page_size`` says,
            folded in half to stand on a table).
        output: a file path, or a binary file opened for writing.
        progress: called as ``progress(done, total)`` after each card.

    Returns:
        The number of pages written.

    Raises:
        ValidationError: there are no cards, or the accent colour is not ``#RRGGBB``.
        ValueError: an unknown layout or question key (a programming error).
    """
    target = os.fspath(output) if isinstance(output, (str, os.PathLike)) else output
    canvas = Canvas(target, pagesize=A4, pageCompression=1)
    canvas.setTitle(_("Survey cards"))
    canvas.setCreator("SmallCS")
    pages = draw_cards(canvas, cards, style, layout=layout, progress=progress)
    canvas.save()
    return pages
