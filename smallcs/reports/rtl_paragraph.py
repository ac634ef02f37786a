"""A paragraph of plain text with right-to-left runs: wrapped in logical order, each line in display order.

reportlab's Paragraph shapes words with HarfBuzz but keeps them in typed
order, so "محمد العلي" would print its two names the wrong way round. This
flowable wraps the words as typed (the Unicode bidi algorithm reorders each
line after wrapping, never before), then draws each line through
:func:`smallcs.reports.shaping.shape_line`. A paragraph written mostly in
Hebrew or Arabic starts at the right: left alignment becomes right alignment.
It only takes plain text; ``fonts.paragraph`` picks it for text that needs it.
"""

from __future__ import annotations

import re

from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable

from smallcs.reports import shaping

_SPACES = re.compile(r"[ \t\r\f\v]+")


class RtlParagraph(Flowable):
    """Plain ``text`` in one ``style``, wrapped to the width it is given, with bidi-ordered, joined lines."""

    def __init__(self, text: str, style: ParagraphStyle, *, lines: list[str] | None = None,
                 rtl: bool | None = None) -> None:
        """Args:
            text: plain text, in logical (typed) order; ``\\n`` starts a new line.
            style: font, size, leading, colour, alignment and indents (markup is not read).
            lines: lines already wrapped (the pieces of a split paragraph).
            rtl: the base direction; by default :func:`shaping.is_rtl` of ``text``.
        """
        super().__init__()
        self.text = text
        self.style = style
        self.rtl = shaping.is_rtl(text) if rtl is None else rtl
        self._given_lines = lines
        self.lines: list[str] = lines or []

    def __repr__(self) -> str:
        return f"RtlParagraph({self.text[:30]!r})"

    def _room(self, width: float) -> float:
        return width - self.style.leftIndent - self.style.rightIndent

    def _width(self, text: str) -> float:
        style = self.style
        return shaping.line_width(shaping.shape_line(text, font=style.fontName, size=style.fontSize),
                                  font=style.fontName, size=style.fontSize)

    def _break(self, room: float) -> list[str]:
        """Greedy line breaking on shaped word widths; a word too long for a line is cut."""
        space = self._width(" ")
        lines: list[str] = []
        for hard_line in self.text.split("\n"):
            words = [word for word in _SPACES.split(hard_line) if word]
            current: list[str] = []
            used = 0.0
            for word in words:
                width = self._width(word)
                if current and used + space + width <= room:
                    current.append(word)
                    used += space + width
                    continue
                if current:
                    lines.append(" ".join(current))
                pieces = self._cut(word, room) if width > room else [word]
                lines.extend(pieces[:-1])
                current, used = [pieces[-1]], self._width(pieces[-1])
            lines.append(" ".join(current))
        return lines

    def _cut(self, word: str, room: float) -> list[str]:
        """A word wider than a line, cut into pieces that fit (at least one character each).

        Letters are measured on their own, as wide as their isolated forms: never
        narrower than joined, so a piece always fits, and a pasted page of one
        "word" costs one measurement a letter.
        """
        style = self.style
        pieces, piece, used = [], "", 0.0
        for char in word:
            width = pdfmetrics.stringWidth(char, style.fontName, style.fontSize)
            if piece and used + width > room:
                pieces.append(piece)
                piece, used = "", 0.0
            piece += char
            used += width
        return [*pieces, piece]

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        if self._given_lines is None:
            self.lines = self._break(self._room(availWidth))
        self.width = availWidth
        self.height = len(self.lines) * self.style.leading
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        lines = self._given_lines if self._given_lines is not None else self._break(self._room(availWidth))
        fit = int((availHeight + 1e-8) // self.style.leading)
        if fit >= len(lines):
            return [self]
        if fit < 2:  # no orphans: a lone first line moves on with the rest
            return []
        return [RtlParagraph(self.text, self.style, lines=lines[:fit], rtl=self.rtl),
                RtlParagraph(self.text, self.style, lines=lines[fit:], rtl=self.rtl)]

    def draw(self) -> None:
        style, canvas = self.style, self.canv
        room = self._room(self.width)
        canvas.setFillColor(style.textColor)
        canvas.setFont(style.fontName, style.fontSize, style.leading)
        baseline = self.height - style.fontSize  # where reportlab's Paragraph puts its first line
        for line in self.lines:
            shown = shaping.shape_line(line, font=style.fontName, size=style.fontSize, rtl=self.rtl)
            slack = room - shaping.line_width(shown, font=style.fontName, size=style.fontSize)
            if style.alignment == TA_CENTER:
                x = style.leftIndent + slack / 2
            elif style.alignment == TA_RIGHT or self.rtl:
                x = style.leftIndent + slack
            else:
                x = style.leftIndent
            canvas.drawString(x, baseline, shown)
            baseline -= style.leading
