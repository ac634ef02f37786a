"""One reportlab font name over several TrueType files: each character is set in the first file that has it.

A name like "Order for 王小明 (VIP)" mixes scripts in one string, and every
SmallCS PDF draws such strings through many doors: ``drawString`` on a canvas,
reportlab Paragraphs, chart labels, widths measured to fit a box. Rather than
teach each door to cut the text into runs, the font itself does it, the way
reportlab already splits a TrueType font into 256-character subsets: a
:class:`FallbackFont` is registered under the DejaVu name every caller uses,
and when it turns a string into PDF text operators (``splitString``) it hands
each run of characters DejaVu lacks to a fallback font, whose subsets get their
own PDF font objects. The text object switches font (``Tf``) at each run and
back, as it does between subsets. Widths (``stringWidth``) are summed per
character from the font that draws it, so wrapping, centring and fitting
measure what is printed. Each font embeds only the glyphs used and carries its
own ToUnicode map, so copied and searched text is the text as typed.

A fallback can also be preferred over the primary font for some characters:
DejaVu draws a few emoji (😀, 🐱, 🌕) in its own style, and a comment's emoji
look like one set when the emoji font draws all those it has.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import NamedTuple

from reportlab.pdfbase.pdfdoc import PDFDocument
from reportlab.pdfbase.ttfonts import TTFont


class _FallbackSubset(NamedTuple):
    """A subset of a fallback font, told apart from the primary font's subsets (plain integers)."""

    font: int
    subset: int


class FallbackFont(TTFont):
    """A TrueType font whose missing characters come from other TrueType fonts.

    Characters that neither the primary font nor any fallback has stay with the
    primary font, which prints its "missing glyph" box, as a plain TTFont does.
    HarfBuzz shaping (right-to-left runs) uses the primary font alone, so
    ``shaping`` leaves the runs a fallback draws (an emoji in an Arabic
    comment) unshaped.
    """

    def __init__(self, name: str, filename: str, fallbacks: Sequence[TTFont],
                 preferred: Sequence[range] = ()) -> None:
        """Args:
            name: the name to register, as the primary font's own.
            filename: the primary TrueType file.
            fallbacks: fonts tried in order for a character the primary lacks;
                one fallback can serve several primaries (bold, oblique) and is
                then embedded once per PDF.
            preferred: characters taken from the first fallback that has them
                even where the primary has them too.
        """
        super().__init__(name, filename)
        self.fallbacks = tuple(fallbacks)
        # Which font draws each character the primary lacks (1 = the first fallback), and its width.
        self._owners: dict[int, int] = {}
        self._widths = dict(self.face.charWidths)
        primary = self.face.charToGlyph
        for index, fallback in reversed(list(enumerate(self.fallbacks, start=1))):
            widths = fallback.face.charWidths
            for code in fallback.face.charToGlyph:
                if code not in primary or any(code in block for block in preferred):
                    self._owners[code] = index
                    self._widths[code] = widths.get(code, fallback.face.defaultWidth)

    def covers(self, char: str) -> bool:
        """Whether some font of this one prints ``char`` (one character) with a real glyph."""
        code = ord(char)
        return code in self.face.charToGlyph or code in self._owners

    def runs(self, text: str) -> Iterator[tuple[int, str]]:
        """``text`` cut into runs of characters drawn by one font: (0 for the primary or fallback number, run)."""
        owners = self._owners
        start, current = 0, -1
        for position, char in enumerate(text):
            owner = owners.get(ord(char), 0)
            if owner != current:
                if position:
                    yield current, text[start:position]
                start, current = position, owner
        if text:
            yield current, text[start:]

    def stringWidth(self, text: str | bytes, size: float, encoding: str = "utf8") -> float:
        if isinstance(text, bytes):
            text = text.decode(encoding or "utf8")
        width, default = self._widths.get, self.face.defaultWidth
        return 0.001 * size * sum(width(ord(char), default) for char in text)

    def splitString(self, text: str | bytes, doc: PDFDocument,
                    encoding: str = "utf-8") -> list[tuple[int | _FallbackSubset, bytes]]:
        """reportlab's split into (subset, codes) chunks, with a fallback font's chunks in their own subsets."""
        if isinstance(text, bytes):
            text = text.decode(encoding)
        chunks: list[tuple[int | _FallbackSubset, bytes]] = []
        for owner, run in self.runs(text):
            if owner == 0:
                chunks.extend(super().splitString(run, doc))
            else:
                fallback = self.fallbacks[owner - 1]
                chunks.extend((_FallbackSubset(owner, subset), codes)
                              for subset, codes in fallback.splitString(run, doc))
        return chunks

    def getSubsetInternalName(self, subset: int | _FallbackSubset, doc: PDFDocument) -> str:
        if isinstance(subset, _FallbackSubset):
            return self.fallbacks[subset.font - 1].getSubsetInternalName(subset.subset, doc)
        return super().getSubsetInternalName(subset, doc)
