"""A reportlab Paragraph for Chinese and Japanese text that wraps where a reader expects, and not inside Latin words.

reportlab's own Asian wrapping (``wordWrap="CJK"``) cuts a line at whatever
character overflows it. Between ideographs that is right, but a Latin word in
the same text ("Lieferung 配送延迟", a product name in a comment) is cut
mid-word whenever it reaches the margin, even when it would fit whole on the
next line, and the space before it starts the next line. This paragraph
wraps at the break opportunities of :mod:`smallcs.reports.line_breaks`
instead: between ideographs and kana, at spaces, on either side of a Latin
word, with the kinsoku rules. Only a piece wider than the whole line (a long
run with no break in it) is cut between characters. Its ``minWidth`` is its
widest piece, so a table column sized by it never needs a cut.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus.paragraph import Paragraph, ParaLines, cjkU, makeCJKParaLine
from reportlab.rl_config import _FUZZ

from smallcs.reports.line_breaks import NO_BREAK_BEFORE, breaks


def _is_line_break(glyph: cjkU) -> bool:
    """A ``<br/>``: an empty piece of text whose fragment carries ``lineBreak``."""
    return hasattr(glyph.frag, "lineBreak")


class CjkParagraph(Paragraph):
    """A Paragraph of text with Chinese or Japanese in it, wrapped between ideographs and at spaces.

    It takes reportlab markup like any Paragraph (``fonts.paragraph`` gives it
    escaped plain text, ``\\n`` as ``<br/>``); each character keeps its own
    fragment's font and size.
    """

    def __init__(self, text: str | None, style: ParagraphStyle, **kwargs: object) -> None:
        if style.wordWrap != "CJK":  # the wrap() of reportlab calls breakLinesCJK only for these
            style = ParagraphStyle(f"{style.name}-cjk", parent=style, wordWrap="CJK")
        super().__init__(text, style, **kwargs)

    def _glyphs(self) -> list[cjkU]:
        """Every character with the fragment it is set in; a line break as an empty one."""
        glyphs: list[cjkU] = []
        for frag in self.frags:
            text = frag.text.decode("utf8") if isinstance(frag.text, bytes) else frag.text
            if text:
                glyphs.extend(cjkU(char, frag, "utf8") for char in text)
            else:
                glyphs.append(cjkU("", frag, "utf8"))
        return glyphs

    @staticmethod
    def _opportunities(glyphs: Sequence[cjkU]) -> set[int]:
        """The glyph indexes a line may start at (line breaks count as white space)."""
        return set(breaks("".join(glyph or "\n" for glyph in glyphs)))

    def minWidth(self) -> float:
        """The widest piece the text cannot be broken inside: the narrowest it wraps to without a cut."""
        glyphs = self._glyphs()
        starts = sorted(self._opportunities(glyphs) | {0, len(glyphs)})
        widest = 0.0
        for start, end in itertools.pairwise(starts):
            piece = glyphs[start:end]
            while piece and (not piece[-1] or piece[-1].isspace()):
                piece = piece[:-1]
            widest = max(widest, sum(glyph.width for glyph in piece))
        return widest

    def breakLinesCJK(self, maxWidths: float | Sequence[float]) -> ParaLines:
        """Greedy wrapping at the break opportunities; a piece wider than a line is cut between characters."""
        if hasattr(self, "blPara") and getattr(self, "_splitpara", 0):
            return self.blPara  # the first part of a split paragraph keeps its lines
        widths = list(maxWidths) if isinstance(maxWidths, list | tuple) else [maxWidths]
        self.height = 0
        auto_leading = getattr(self, "autoLeading", getattr(self.style, "autoLeading", ""))
        calc_bounds = auto_leading not in ("", "off")
        glyphs = self._glyphs()
        opportunities = self._opportunities(glyphs)
        lines = []

        def emit(start: int, end: int, hard: bool) -> None:
            room = widths[min(len(lines), len(widths) - 1)]
            visible = end
            while visible > start and (not glyphs[visible - 1] or glyphs[visible - 1].isspace()):
                visible -= 1  # white space at the end of a line is not printed where it counts
            used = sum(glyph.width for glyph in glyphs[start:visible])
            lines.append(makeCJKParaLine(glyphs[start:end], room, used, room - used, hard, calc_bounds))

        start, position, used, last = 0, 0, 0.0, None
        while position < len(glyphs):
            glyph = glyphs[position]
            if _is_line_break(glyph):
                emit(start, position + 1, True)
                start = position = position + 1
                used, last = 0.0, None
                continue
            if position > start and position in opportunities:
                last = position
            room = widths[min(len(lines), len(widths) - 1)]
            if position > start and not glyph.isspace() and used + glyph.width > room + _FUZZ:
                cut = last if last is not None else self._forced_cut(glyphs, start, position)
                emit(start, cut, False)
                start = position = cut
                used, last = 0.0, None
                continue
            used += glyph.width
            position += 1
        if start < len(glyphs) or not lines:
            emit(start, len(glyphs), False)
        return ParaLines(kind=1, lines=lines)

    @staticmethod
    def _forced_cut(glyphs: Sequence[cjkU], start: int, position: int) -> int:
        """Where to cut a piece too wide for the line at ``position``: before it, or one earlier so a
        closing mark does not start the next line."""
        if glyphs[position] in NO_BREAK_BEFORE and position - 1 > start:
            return position - 1
        return position
