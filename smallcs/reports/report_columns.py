"""Column widths for the report's tables, measured from the text they hold, in whatever language.

Each table is designed with column shares of the text width (a name column
wide, figures narrow). Translations change the words: Spanish "Respuestas" is
wider than "Answers", a German header can be one long compound word. A column
title may wrap, but only between words; a figure ("62 % a 86 %") and a short
label ("pocas respuestas") read best on one line. So the shares are only a
starting point: every column is first widened to its longest word (or whole
figure; in Chinese and Japanese, which have no spaces, a word is one
character), taking the room from columns that have more than they need; then
a column whose cells would wrap is widened to hold them on one line, the
smallest need first, when the others can spare that room without wrapping
a cell, or a title they had on one line.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph

from smallcs.reports import fonts
from smallcs.reports.line_breaks import longest_piece

# Room no width may be short of a word (reportlab and our measure may round apart).
EPSILON = 0.5
# Columns are compared with this tolerance (points).
TOLERANCE = 0.01


@dataclasses.dataclass(frozen=True)
class ColumnNeed:
    """How wide a column must be and would like to be; all three include the cell padding.

    ``least``: no word (or figure) split. ``whole``: no cell's line wrapped.
    ``title``: the column title on one line, which a column keeps, if it has
    it, when it gives room to another.
    """

    least: float
    whole: float
    title: float = 0.0

    def __or__(self, other: ColumnNeed) -> ColumnNeed:
        """The need of a column holding both cells."""
        return ColumnNeed(max(self.least, other.least), max(self.whole, other.whole), max(self.title, other.title))


NOTHING = ColumnNeed(0.0, 0.0)


def text_need(text: str, style: ParagraphStyle, *, keep_whole: bool = False) -> ColumnNeed:
    """The room plain ``text`` needs in ``style``: its longest unbreakable piece, and its longest line.

    A piece is a word, or in Chinese and Japanese a single character (with a
    full stop or closing bracket that may not start a line): see ``line_breaks``.

    Args:
        text: the cell's text as typed (``\\n`` starts a line).
        style: the paragraph style it is set in.
        keep_whole: the text must not wrap at all (a figure).
    """
    def width(piece: str) -> float:
        return fonts.text_width(piece, font=style.fontName, size=style.fontSize)

    lines = [line.strip() for line in text.split("\n")]
    whole = max((width(line) for line in lines if line), default=0.0)
    if keep_whole:
        return ColumnNeed(whole, whole)
    least = longest_piece(text, width)
    return ColumnNeed(least, whole)


def flowable_need(flowable: Flowable) -> ColumnNeed:
    """The room a ready-made cell needs: a paragraph its longest piece and line, anything else its own width."""
    if isinstance(flowable, Paragraph):
        flowable.wrap(1e6, 1e6)
        return ColumnNeed(flowable.minWidth(), max(flowable.getActualLineWidths0(), default=0.0))
    least = float(flowable.minWidth())
    return ColumnNeed(least, least)


def padded(need: ColumnNeed, padding: float) -> ColumnNeed:
    """``need`` with the cell's left and right padding (and a hair for rounding) added."""
    extra = padding + EPSILON
    return ColumnNeed(need.least + extra, need.whole + extra, need.title + extra if need.title else 0.0)


def fit_widths(needs: Sequence[ColumnNeed], preferred: Sequence[float]) -> list[float] | None:
    """Column widths as close to ``preferred`` as the text allows, adding up to the same total.

    Args:
        needs: what each column needs (padding included).
        preferred: the designed widths.

    Returns:
        The widths, or None when the columns' words alone are wider than the table.
    """
    total = sum(preferred)
    if sum(need.least for need in needs) > total + TOLERANCE:
        return None
    widths = [max(width, need.least) for width, need in zip(preferred, needs, strict=True)]
    _give_back(widths, [need.least for need in needs], sum(widths) - total)
    # A column whose cells would wrap is made wide enough for them, the narrowest need first, when the
    # other columns can spare that much without wrapping a cell or a title they had room for.
    goals = [max(need.whole, need.least) for need in needs]
    for column in sorted(range(len(widths)), key=lambda i: goals[i] - widths[i]):
        wanted = goals[column] - widths[column]
        if wanted <= TOLERANCE:
            continue
        floors = [width if i == column else max(goals[i], min(width, needs[i].title))
                  for i, width in enumerate(widths)]
        if sum(max(0.0, width - floor) for width, floor in zip(widths, floors, strict=True)) < wanted:
            continue
        _give_back(widths, floors, wanted)
        widths[column] += wanted
    return widths


def _give_back(widths: list[float], floors: Sequence[float], amount: float) -> None:
    """Narrow the columns above their floor by ``amount`` in all, each in proportion to what it has above it."""
    if amount <= TOLERANCE:
        return
    spare = [max(0.0, width - floor) for width, floor in zip(widths, floors, strict=True)]
    room = sum(spare)
    share = min(1.0, amount / room) if room else 0.0
    for i, extra in enumerate(spare):
        widths[i] -= extra * share
