"""The monthly report's look: colours, paragraph styles, tables and how figures are written.

Colour never carries meaning alone: a change is written with an arrow, a sign
and the word "better" or "worse", so a grey photocopy says the same thing.
Every piece of text goes through ``para`` or ``cell``, which escape it, so
nothing stored (a comment, a name) is ever read as Paragraph markup.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from decimal import Decimal

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Table, TableStyle

from smallcs import locale_format
from smallcs.i18n import _
from smallcs.metrics.summary import signed
from smallcs.reports import fonts

INK = colors.HexColor("#202124")
MUTED = colors.HexColor("#5F6368")
RULE = colors.HexColor("#DADCE0")
TRACK = colors.HexColor("#E8EAED")
TINT = colors.HexColor("#F4F6F8")
BETTER = colors.HexColor("#1B7F3B")
WORSE = colors.HexColor("#B3261E")

UP, DOWN, SAME = "▲", "▼", "="
# Decimals each unit is printed with; changes are computed on printed values.
DIGITS = {"%": 0, "hours": 1, "points": 0, "score": 1, "count": 0}


@dataclasses.dataclass(frozen=True)
class Look:
    """The shop's accent colour, the text width and the paragraph styles."""

    accent: colors.Color
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
    body = ParagraphStyle("body", fontName=fonts.REGULAR, fontSize=9.5, leading=13, textColor=INK)
    cell = ParagraphStyle("cell", parent=body, fontSize=8.5, leading=10.5)
    cell_head = ParagraphStyle("cell_head", parent=cell, fontName=fonts.BOLD, textColor=MUTED)
    return Look(
        accent=accent, width=width, body=body,
        lead=ParagraphStyle("lead", parent=body, fontSize=11, leading=15, spaceAfter=4),
        small=ParagraphStyle("small", parent=body, fontSize=7.5, leading=9.5, textColor=MUTED),
        cell=cell,
        cell_head=cell_head,
        cell_head_right=ParagraphStyle("cell_head_right", parent=cell_head, alignment=TA_RIGHT),
        cell_right=ParagraphStyle("cell_right", parent=cell, alignment=TA_RIGHT),
        h1=ParagraphStyle("h1", parent=body, fontName=fonts.BOLD, fontSize=17, leading=21, spaceAfter=6,
                          textColor=accent),
        h2=ParagraphStyle("h2", parent=body, fontName=fonts.BOLD, fontSize=10.5, leading=13, spaceBefore=10,
                          spaceAfter=4),
        quote=ParagraphStyle("quote", parent=body, fontSize=9.5, leading=12.5),
    )


def centred(style: ParagraphStyle, **changes: object) -> ParagraphStyle:
    """A centred copy of ``style`` with ``changes`` (font size, colour...)."""
    return ParagraphStyle(f"{style.name}-centred", parent=style, alignment=TA_CENTER, **changes)


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
        header: the column titles.
        rows: the cells: text is wrapped in escaped paragraphs, flowables (charts,
            progress bars) are kept as they are.
        widths: the column widths.
        look: the styles.
        align: one letter per column, "L" or "R" (numbers); left when not given.
        total_row: set the last row off as a total.
    """
    def right(column: int) -> bool:
        return align[column:column + 1] == "R"

    def wrap(value: object, column: int) -> object:
        if isinstance(value, str | int | float | Decimal):
            return cell(value, look, right=right(column))
        return value

    head = [para(text, look.cell_head_right if right(i) else look.cell_head) for i, text in enumerate(header)]
    body = [[wrap(value, i) for i, value in enumerate(row)] for row in rows]
    table = Table([head, *body], colWidths=list(widths), hAlign="LEFT", repeatRows=1)
    style: list[tuple[object, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), 4), ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, MUTED),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, RULE),
    ]
    if total_row:
        style += [("BACKGROUND", (0, -1), (-1, -1), TINT), ("LINEABOVE", (0, -1), (-1, -1), 0.8, MUTED)]
    table.setStyle(TableStyle(style))
    return table


def format_value(value: float | None, unit: str) -> str:
    """A figure as the report prints it; a dash when there is none."""
    if value is None:
        return "—"
    if unit == "%":
        return _("{n} %").format(n=locale_format.number(value))
    if unit == "hours":
        if value < 1:
            return _("{n} min").format(n=locale_format.number(value * 60))
        return _("{n} h").format(n=locale_format.number(value, 1))
    if unit == "points":
        return signed(value)
    if unit == "score":
        return locale_format.number(value, 1)
    return locale_format.number(value)


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


def _rounded(value: float, unit: str) -> float:
    return float(f"{value:.{DIGITS.get(unit, 0)}f}")


def describe_change(value: float | None, previous: float | None, *, unit: str,
                    higher_is_better: bool) -> Change:
    """How a figure moved since last month, judged on the values as printed.

    A change too small to show once rounded is "same as last month", so the
    words never contradict the two numbers beside them.
    """
    if value is None or previous is None:
        text = _("no figure last month") if value is not None else _("no figure this month")
        return Change("", text, MUTED)
    change = _rounded(value, unit) - _rounded(previous, unit)
    if change == 0:
        return Change(SAME, _("same as last month"), MUTED)
    size = abs(change)
    amount = {
        "%": _("{n} pts").format(n=f"{size:.0f}"),
        "hours": _("{n} h").format(n=f"{size:,.1f}"),
        "score": f"{size:.1f}",
    }.get(unit, f"{size:,.0f}")
    better = (change > 0) == higher_is_better
    verdict = _("better") if better else _("worse")
    text = _("{sign}{amount} ({verdict})").format(sign="+" if change > 0 else "−", amount=amount,
                                                  verdict=verdict)
    return Change(UP if change > 0 else DOWN, text, BETTER if better else WORSE)
