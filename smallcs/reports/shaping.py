"""Right-to-left text for reportlab: bidi order from python-bidi, joined letters from HarfBuzz.

reportlab draws a string's characters left to right as they come, so Arabic
prints backwards with every letter in its isolated form. reportlab 5 can shape
a word with HarfBuzz (``uharfbuzz``), which joins the letters and puts an
Arabic or Hebrew word's glyphs in reading order, but its bidi support needs
``rlbidi``, which is not on PyPI for every platform, and does not combine with
shaping inside paragraphs. So a line is ordered here with the Unicode bidi
algorithm (python-bidi), each right-to-left run is shaped by reportlab's own
``shapeStr``, and the runs are joined in display order into one string that
reportlab's text objects print glyph by glyph (a ``ShapedStr``).

Text without right-to-left characters is returned unchanged, so Latin, Greek
and Cyrillic print exactly as they always have.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from bidi import algorithm as bidi_algorithm
from bidi.mirror import MIRRORED
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import ShapedStr, shapeStr

# Characters that make a line need reordering: right-to-left letters, Arabic
# digits, and the explicit right-to-left embeddings and overrides.
_RTL_TYPES = frozenset({"R", "AL", "AN", "RLE", "RLO", "RLI"})
# The bidi controls steer the order and are never printed.
_CONTROLS = frozenset("\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# python-bidi's algorithm predates the isolates; it takes them as neutral characters.
_ISOLATES = frozenset({"LRI", "RLI", "FSI", "PDI"})

Run = tuple[str, int]
# Hebrew and Arabic presentation forms (U+FB1D..U+FEFC) and one "<code> <unicode>" line of a ToUnicode CMap.
_PRESENTATION_FORMS = (0xFB1D, 0xFEFC)
_CMAP_ENTRY = re.compile(r"^(<[0-9A-F]{2}>) <([0-9A-F]{4,6})>$", re.MULTILINE)


def _readable(make_cmap: Callable[[str, list[int]], str]) -> Callable[[str, list[int]], str]:
    """reportlab's ToUnicode CMap maker, mapping presentation forms back to the letters they show.

    A shaped Arabic word is printed with presentation-form characters (U+FB50 to
    U+FEFF: "meem, initial form"), so without this, copying or searching the PDF
    finds those instead of the letters typed. Their compatibility decomposition
    (NFKC) is the letter itself, or two for a ligature like lam-alef.

    reportlab also writes a character beyond U+FFFF (an emoji DejaVu has, such
    as 😀) as its bare code point, ``<1F600>``, where a CMap wants UTF-16
    (``<D83DDE00>``): readers took it for U+1F60 "ὠ". Such entries are written
    as UTF-16 here.
    """
    def make(fontname: str, subset: list[int]) -> str:
        def letters(match: re.Match[str]) -> str:
            point = int(match.group(2), 16)
            if point > 0xFFFF:
                return f"{match.group(1)} <{chr(point).encode('utf-16-be').hex().upper()}>"
            if not _PRESENTATION_FORMS[0] <= point <= _PRESENTATION_FORMS[1]:
                return match.group(0)
            decomposed = unicodedata.normalize("NFKC", chr(point)).encode("utf-16-be").hex().upper()
            return f"{match.group(1)} <{decomposed}>"
        return _CMAP_ENTRY.sub(letters, make_cmap(fontname, subset))
    make.smallcs_readable = True  # type: ignore[attr-defined]
    return make


def make_copied_text_readable() -> None:
    """Have every PDF reportlab writes from now on map presentation forms to letters and characters beyond
    U+FFFF to UTF-16 (see :func:`_readable`).

    reportlab writes a font's ToUnicode table with one module-level function;
    this wraps it once, for the whole process. Fonts without presentation forms
    in the text get the very table they always had.
    """
    if not getattr(ttfonts.makeToUnicodeCMap, "smallcs_readable", False):
        ttfonts.makeToUnicodeCMap = _readable(ttfonts.makeToUnicodeCMap)


def needs_bidi(text: str) -> bool:
    """Whether ``text`` holds anything that prints right to left (and so must be reordered)."""
    return any(unicodedata.bidirectional(ch) in _RTL_TYPES for ch in text)


def is_rtl(text: str) -> bool:
    """Whether ``text`` reads right to left as a whole: over 40 % of its words are Hebrew or Arabic.

    UAX #9 takes a paragraph's direction from its first strong letter, which
    turns "محمد's order was late" or a sentence of the report that starts with
    an Arabic category name into a right-to-left paragraph; counting words (as
    ICU's and Closure's BidiFormatter estimate it) keeps those left to right,
    while an Arabic comment with a brand name in it still reads from the right.
    """
    rtl = strong = 0
    for word in text.split():
        first = _first_strong(word)
        strong += bool(first)
        rtl += first in ("R", "AL")
    return bool(strong) and rtl > 0.4 * strong


def _levels(text: str, *, rtl: bool) -> list[int]:
    """The resolved embedding level of every character of one line (UAX #9 up to I2).

    The bidi controls and boundary neutrals the algorithm drops (X9) take the
    level of the character before them, as UAX #9 suggests for keeping them.
    """
    storage = bidi_algorithm.get_empty_storage()
    storage["base_level"] = int(rtl)
    storage["base_dir"] = "R" if rtl else "L"
    bidi_algorithm.get_embedding_levels(text, storage)
    for index, char in enumerate(storage["chars"]):
        char["index"] = index
        if char["type"] in _ISOLATES:
            char["type"] = char["orig"] = "ON"
    bidi_algorithm.explicit_embed_and_overrides(storage)
    bidi_algorithm.resolve_weak_types(storage)
    bidi_algorithm.resolve_neutral_types(storage, False)
    bidi_algorithm.resolve_implicit_levels(storage, False)
    resolved = {char["index"]: char["level"] for char in storage["chars"]}
    levels, previous = [], int(rtl)
    for index in range(len(text)):
        previous = resolved.get(index, previous)
        levels.append(previous)
    return levels


def visual_runs(text: str, *, rtl: bool) -> list[Run]:
    """One line as (text, level) runs in display order, each run still in logical order.

    Args:
        text: one line of text (no line breaks), in logical (typed) order.
        rtl: the line's base direction.

    Returns:
        The runs from left to right; a run at an odd level reads right to left.
        Bidi controls are left out.
    """
    levels = _levels(text, rtl=rtl)
    # UAX #9 L1: whitespace at the end of the line goes back to the base level.
    end = len(text)
    while end and (text[end - 1].isspace() or text[end - 1] in _CONTROLS):
        end -= 1
        levels[end] = int(rtl)
    texts: list[str] = []
    run_levels: list[int] = []
    for char, level in zip(text, levels, strict=True):
        if char in _CONTROLS:
            continue
        if run_levels and run_levels[-1] == level:
            texts[-1] += char
        else:
            texts.append(char)
            run_levels.append(level)
    runs = list(zip(texts, run_levels, strict=True))
    odd = [level for level in run_levels if level % 2]
    if not odd:
        return runs
    # UAX #9 L2 on whole runs: from the highest level down to the lowest odd one,
    # reverse every stretch of runs at that level or above.
    for floor in range(max(run_levels), min(odd) - 1, -1):
        index = 0
        while index < len(runs):
            if runs[index][1] < floor:
                index += 1
                continue
            stop = index
            while stop < len(runs) and runs[stop][1] >= floor:
                stop += 1
            runs[index:stop] = runs[index:stop][::-1]
            index = stop
    return runs


def _first_strong(text: str) -> str:
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("L", "R", "AL"):
            return kind
    return ""


def _mirrored(text: str) -> str:
    """A right-to-left run drawn without shaping: reversed, brackets mirrored."""
    return "".join(MIRRORED.get(char, char) for char in reversed(text))


def _shaped(run: str, *, font: str, size: float) -> list[str]:
    """A right-to-left run in display order: HarfBuzz joins the letters and returns the glyphs left to right.

    HarfBuzz knows the primary font's glyphs only, so the characters a fallback
    font draws (an emoji among Arabic words) are cut out and drawn unshaped,
    mirrored into place.
    """
    owned = getattr(pdfmetrics.getFont(font), "runs", None)
    pieces = list(owned(run)) if owned else [(0, run)]
    return [shapeStr(piece, font, size, force=True) if owner == 0 and _first_strong(piece) in ("R", "AL")
            else _mirrored(piece) for owner, piece in reversed(pieces)]


def shape_line(text: str, *, font: str, size: float, rtl: bool | None = None) -> str:
    """One line of text ready for reportlab to draw left to right.

    Args:
        text: one line in logical (typed) order.
        font: a registered TrueType font name (HarfBuzz shapes with its tables).
        size: the font size in points.
        rtl: the paragraph's direction; by default the line's own (:func:`is_rtl`).

    Returns:
        ``text`` itself when nothing in it reads right to left; otherwise the
        line in display order, its right-to-left runs shaped into a
        ``ShapedStr`` that carries each glyph's advance and offset.
    """
    if not needs_bidi(text):
        return text
    shapable = getattr(pdfmetrics.getFont(font), "shapable", False)
    pieces: list[str] = []
    for run, level in visual_runs(text, rtl=is_rtl(text) if rtl is None else rtl):
        if level % 2 == 0:
            pieces.append(run)  # left to right: drawn as typed, like any Latin text
        elif shapable and _first_strong(run) in ("R", "AL"):
            pieces += _shaped(run, font=font, size=size)
        else:
            pieces.append(_mirrored(run))
    if not any(isinstance(piece, ShapedStr) for piece in pieces):
        return "".join(pieces)
    line: str = pieces[0]
    for piece in pieces[1:]:
        line = line + piece  # ShapedStr.__add__/__radd__ keep the glyph positions
    return line


def line_width(text: str, *, font: str, size: float) -> float:
    """The width in points of a line as :func:`shape_line` returns it."""
    if not isinstance(text, ShapedStr):
        return pdfmetrics.stringWidth(text, font, size)
    return sum(advance for _char, advance, _dx, _dy in glyph_positions(text, font=font)) * size / 1000


def glyph_positions(text: ShapedStr, *, font: str) -> list[tuple[str, float, float, float]]:
    """Each character of a shaped line with its advance and x/y offsets, in thousandths of the size.

    The advance is what the PDF text object moves after the glyph: its own
    width adjusted by HarfBuzz (characters added unshaped keep their width,
    measured in the font that draws them, which for a Chinese name beside an
    Arabic one is the fallback font's).
    """
    measured = pdfmetrics.getFont(font)
    positions = []
    for char, data in zip(text, text.__shapeData__, strict=True):
        natural = measured.stringWidth(char, 1000)
        positions.append((char, natural - data.width + data.x_advance, data.x_offset, data.y_offset))
    return positions
