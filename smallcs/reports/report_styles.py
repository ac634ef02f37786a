"""The monthly report's look: colours, paragraph styles, tables and how figures are written.

Colour never carries meaning alone: a change is written with an arrow, a sign
and the word "better" or "worse", so a grey photocopy says the same thing.
Charts take every colour from one ``Palette``, by meaning, so the same thing
has the same colour on every page and the colours stay apart in grey print.
Every piece of text goes through ``para`` or ``cell``, which escape it, so
nothing stored (a comment, a name) is ever read as Paragraph markup.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from decimal import Decimal

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.doctemplate import FrameBreak

from smallcs import locale_format
from smallcs.i18n import _
from smallcs.metrics.display import shown_change
from smallcs.reports import fonts
from smallcs.reports.report_columns import (
    NOTHING,
    ColumnNeed,
    fit_widths,
    flowable_need,
    padded,
    text_need,
)
from smallcs.reports.rtl_paragraph import RtlParagraph

INK = colors.HexColor("#202124")
MUTED = colors.HexColor("#5F6368")
RULE = colors.HexColor("#DADCE0")
TRACK = colors.HexColor("#E8EAED")
TINT = colors.HexColor("#F4F6F8")
BETTER = colors.HexColor("#1B7F3B")
WORSE = colors.HexColor("#B3261E")
# Scores that count against the shop (detractors, not satisfied): a warm mid-tone that
# prints as a middle grey, between the dark series colour and the light neutral one.
LOW_SCORE = colors.HexColor("#D8784A")
NEUTRAL_SCORE = colors.HexColor("#C6CBD1")
# How light the series colour may print at most (0 black, 1 white), and how far its tint is mixed to white.
SERIES_MAX_GREY = 0.42
LIGHT_TINT = 0.6

UP, DOWN, SAME = "▲", "▼", "="
FEW = "○"  # in place of an arrow: a change on too few answers to mean anything
# Table cells' left and right padding, and the smallest size column titles shrink to before a word would split.
CELL_PADDING = 4
MIN_HEAD_SIZE = 6.5
# The widest share of a table a word in its cells may claim; a longer one (a name typed as one word) is cut.
LONGEST_WORD_SHARE = 1 / 3
# Decimals each unit is printed with; changes are computed on printed values.


def grey_level(colour: colors.Color) -> float:
    """How light ``colour`` prints in black and white: 0 black, 1 white (ITU-R 601 luma)."""
    return 0.299 * colour.red + 0.587 * colour.green + 0.114 * colour.blue


def mix(colour: colors.Color, other: colors.Color, share: float) -> colors.Color:
    """``colour`` moved ``share`` (0–1) of the way towards ``other``."""
    return colors.Color(*(a + (b - a) * share for a, b in
                          zip((colour.red, colour.green, colour.blue), (other.red, other.green, other.blue),
                              strict=True)))


@dataclasses.dataclass(frozen=True)
class Palette:
    """Every colour a chart draws with, named by what it means.

    ``series`` (counts, medians, rates, trends, progress, and scores in the
    shop's favour) is the shop's accent, darkened until it prints as a dark
    grey; ``series_light`` is the same hue, light (the range behind a median,
    the bar under an interval).
    ``low`` marks scores against the shop and ``middle`` the neutral ones:
    in grey print the three score colours are dark, middle and light grey.
    ``marker`` draws targets, intervals and "where it should be" ticks.
    """

    series: colors.Color
    series_light: colors.Color
    track: colors.Color
    marker: colors.Color
    low: colors.Color
    middle: colors.Color

    @property
    def high(self) -> colors.Color:
        """Scores in the shop's favour (promoters, satisfied, easy)."""
        return self.series


def make_palette(accent: colors.Color) -> Palette:
    """The chart colours for a shop whose accent is ``accent`` (any colour the owner picked)."""
    series = accent
    for step in range(1, 11):
        if grey_level(series) <= SERIES_MAX_GREY:
            break
        series = mix(accent, colors.black, step / 10)
    return Palette(series=series, series_light=mix(series, colors.white, LIGHT_TINT), track=TRACK, marker=INK,
                   low=LOW_SCORE, middle=NEUTRAL_SCORE)


@dataclasses.dataclass(frozen=True)
class Look:
    """The shop's accent colour, the chart palette, the text width and the paragraph styles."""

    accent: colors.Color
    palette: Palette
    width: float
    body: ParagraphStyle
    lead: ParagraphStyle
    small: ParagraphStyle
    cell: ParagraphStyle
    cell_head: ParagraphStyle
    cell_head_right: ParagraphStyle
    cell_right: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    quote: ParagraphStyle

    def share(self, *fractions: float) -> list[float]:
        """Column widths as fractions of the text width."""
        return [self.width * f for f in fractions]


def make_look(accent_hex: str, width: float) -> Look:
    """The styles for a shop whose accent colour is ``accent_hex`` and a text ``width`` wide."""
    accent = colors.HexColor(accent_hex)
    palette = make_palette(accent)
    body = ParagraphStyle("body", fontName=fonts.REGULAR, fontSize=9.5, leading=13, textColor=INK)
    cell = ParagraphStyle("cell", parent=body, fontSize=8.5, leading=10.5)
    cell_head = ParagraphStyle("cell_head", parent=cell, fontName=fonts.BOLD, textColor=MUTED)
    return Look(
        accent=accent, palette=palette, width=width, body=body,
        lead=ParagraphStyle("lead", parent=body, fontSize=11, leading=15, spaceAfter=4),
        small=ParagraphStyle("small", parent=body, fontSize=7.5, leading=9.5, textColor=MUTED),
        cell=cell,
        cell_head=cell_head,
        cell_head_right=ParagraphStyle("cell_head_right", parent=cell_head, alignment=TA_RIGHT),
        cell_right=ParagraphStyle("cell_right", parent=cell, alignment=TA_RIGHT),
        # Headings stay on the page of what follows them (platypus moves both on together).
        h1=ParagraphStyle("h1", parent=body, fontName=fonts.BOLD, fontSize=17, leading=21, spaceAfter=6,
                          textColor=palette.series, keepWithNext=1),
        h2=ParagraphStyle("h2", parent=body, fontName=fonts.BOLD, fontSize=10.5, leading=13, spaceBefore=10,
                          spaceAfter=4, keepWithNext=1),
        quote=ParagraphStyle("quote", parent=body, fontSize=9.5, leading=12.5),
    )


def para(text: str, style: ParagraphStyle) -> Flowable:
    """A paragraph of plain text: markup characters print as typed, Hebrew and Arabic in reading order."""
    return fonts.paragraph(text, style)


def cell(text: object, look: Look, *, right: bool = False) -> Flowable:
    """A table cell that wraps inside its column."""
    return para(str(text), look.cell_right if right else look.cell)


def data_table(header: Sequence[str], rows: Sequence[Sequence[object]], widths: Sequence[float], look: Look,
               *, align: str = "", total_row: bool = False) -> Table:
    """A ruled table with a muted header.

    Args:
        header: the column titles. They wrap only between words: each column is
            made at least as wide as its longest title word (see ``report_columns``).
        rows: the cells: text is wrapped in escaped paragraphs, flowables (charts,
            progress bars) are kept as they are.
        widths: the designed column widths; the text may move some room between columns.
        look: the styles.
        align: one letter per column, "L" or "R" (numbers, which never wrap); left when not given.
        total_row: set the last row off as a total.
    """
    def right(column: int) -> bool:
        return align[column:column + 1] == "R"

    def wrap(value: object, column: int) -> object:
        if isinstance(value, str | int | float | Decimal):
            return cell(value, look, right=right(column))
        return value

    size, fitted = _header_fit(header, rows, widths, look, right)
    head = [para(text, _sized(look.cell_head_right if right(i) else look.cell_head, size))
            for i, text in enumerate(header)]
    body = [[wrap(value, i) for i, value in enumerate(row)] for row in rows]
    table = Table([head, *body], colWidths=fitted, hAlign="LEFT", repeatRows=1)
    style: list[tuple[object, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING), ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, MUTED),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, RULE),
    ]
    if total_row:
        style += [("BACKGROUND", (0, -1), (-1, -1), TINT), ("LINEABOVE", (0, -1), (-1, -1), 0.8, MUTED)]
    table.setStyle(TableStyle(style))
    return table


def _sized(style: ParagraphStyle, size: float) -> ParagraphStyle:
    """``style`` at ``size`` points, its leading in proportion."""
    if size == style.fontSize:
        return style
    return style.clone(f"{style.name}-{size}", fontSize=size, leading=size * style.leading / style.fontSize)


def _header_fit(header: Sequence[str], rows: Sequence[Sequence[object]], widths: Sequence[float], look: Look,
                right: Callable[[int], bool]) -> tuple[float, list[float]]:
    """The column titles' size and the column widths that keep every title word whole.

    The titles keep the table's type size unless their words are too wide for the
    table together (a language of long compound words); then they get smaller, to
    ``MIN_HEAD_SIZE`` at most, before a word would have to be split. A word in
    the cells (a name typed as one long word) never widens its column beyond
    ``LONGEST_WORD_SHARE`` of the table (or its designed width): it is cut, as it always was.
    """
    body = [NOTHING] * len(widths)
    for row in rows:
        for column, value in enumerate(row):
            if isinstance(value, str | int | float | Decimal):
                need = text_need(str(value), look.cell, keep_whole=right(column))
            elif isinstance(value, Flowable):
                need = flowable_need(value)
            else:
                continue
            body[column] = body[column] | need
    share = sum(widths) * LONGEST_WORD_SHARE
    body = [ColumnNeed(min(need.least, max(share, width) - 2 * CELL_PADDING), need.whole)
            for need, width in zip(body, widths, strict=True)]
    size = look.cell_head.fontSize
    while True:
        style = _sized(look.cell_head, size)
        titles = [text_need(title, style) for title in header]
        needs = [padded(need | ColumnNeed(title.least, 0.0, title.whole), 2 * CELL_PADDING)
                 for need, title in zip(body, titles, strict=True)]
        fitted = fit_widths(needs, widths)
        if fitted is not None:
            return size, fitted
        if size <= MIN_HEAD_SIZE:
            # Some title word must split whatever is done: each column keeps its padding and its share of the rest.
            text = [need.least - 2 * CELL_PADDING for need in needs]
            room = max(0.0, sum(widths) - 2 * CELL_PADDING * len(widths))
            return size, [2 * CELL_PADDING + room * share / sum(text) for share in text]
        size = max(MIN_HEAD_SIZE, size - 0.5)


def section_gap() -> Flowable:
    """The space above a section's heading when the section goes on on the page before it."""
    return Spacer(1, 4 * mm)


def on_its_own_page(heading: Flowable, body: list[Flowable]) -> list[Flowable]:
    """A big section: on a new page when its body has a chart or a table.

    A body of a few sentences (a quiet month: "No complaints were received") follows on the
    page before, so an empty month is not three nearly blank pages.
    """
    sentences_only = all(isinstance(flowable, Paragraph | RtlParagraph | Spacer) for flowable in body)
    return [section_gap() if sentences_only else PageBreak(), heading, *body]


class KeepBlock(KeepTogether):
    """A heading and its table on one page, or, when they are longer than a page, starting together.

    Like platypus's KeepTogether, a block that fits on a page but not in what
    is left of this one moves on whole. Unlike it, a block taller than a page
    starts where it is, as long as ``start`` points (the heading, the column
    titles and the first rows) fit, instead of leaving the rest of this page
    blank; its table then repeats the column titles on each page.
    """

    def __init__(self, flowables: list[Flowable], *, start: float = 45 * mm) -> None:
        super().__init__(flowables)
        self.start = start
        for flowable in self._content:  # kept together here, not again by the page template
            flowable.__dict__["keepWithNext"] = 0

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        if getattr(self, "_wrapInfo", None) != (available_width, available_height):
            self.wrap(available_width, available_height)
        frame = getattr(self, "_frame", None)
        if frame is None or self._H <= frame._height:
            return list(super().split(available_width, available_height))
        content = list(self._content)
        return content if available_height >= self.start else [FrameBreak(), *content]


def format_money(amount: Decimal, currency: str) -> str:
    """A Decimal amount in the shop's currency as the reader's locale writes it: "€1,234.50"."""
    return locale_format.money(amount, currency)


@dataclasses.dataclass(frozen=True)
class Change:
    """A month-over-month change as printed: arrow, words and a colour that only repeats them."""

    arrow: str
    text: str
    colour: colors.Color

    @property
    def line(self) -> str:
        """Arrow and words together."""
        return f"{self.arrow} {self.text}".strip()


def describe_change(value: float | None, previous: float | None, *, unit: str,
                    higher_is_better: bool, too_few: bool = False, of_answers: bool = True) -> Change:
    """How a figure moved since last month, judged on the values as printed.

    A change too small to show once rounded is "no change", so the words never
    contradict the two numbers beside them (nor repeat "last month", printed beside them). A survey score with
    too few answers in either month (``too_few``), or a rate over too few
    complaints (``of_answers`` False), gets no arrow and no verdict, only a grey
    "few answers" or "few complaints" marker: its change is chance.
    """
    if value is None or previous is None:
        text = _("no figure last month") if value is not None else _("no figure this month")
        return Change("", text, MUTED)
    if too_few:
        text = _("few answers, not compared") if of_answers else _("few complaints, not compared")
        return Change(FEW, text, MUTED)
    change = shown_change(value, previous, unit)
    if change == 0:
        return Change(SAME, _("no change"), MUTED)
    size = abs(change)
    amount = {
        "%": _("{n} pts").format(n=locale_format.number(size)),
        "hours": _("{n} h").format(n=locale_format.number(size, 1)),
        "score": locale_format.number(size, 1),
    }.get(unit, locale_format.number(size))
    better = (change > 0) == higher_is_better
    verdict = _("better") if better else _("worse")
    text = _("{sign}{amount} ({verdict})").format(sign="+" if change > 0 else "−", amount=amount,
                                                  verdict=verdict)
    return Change(UP if change > 0 else DOWN, text, BETTER if better else WORSE)
