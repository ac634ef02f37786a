"""The fonts every SmallCS PDF uses, registered once, and text that fits its room.

reportlab's built-in fonts only cover Latin-1; DejaVu Sans covers accented,
Greek, Cyrillic, Hebrew and Arabic letters, so shop and customer names print as
typed. Text with Hebrew or Arabic in it is put in display order with joined
letters (``shaping.py``); every other text is drawn exactly as typed.

DejaVu has no Chinese, Japanese or Korean characters, and shops have customers
and staff called 王小明, 山田太郎 or 김민수. Each DejaVu face is therefore
registered as a :class:`~smallcs.reports.font_fallback.FallbackFont`: under the
same name, with Droid Sans Fallback (``resources/fonts``, Apache 2.0, 3.3 MB:
20,902 unified Han ideographs, kana, all 11,172 Hangul syllables, CJK
punctuation and full-width forms) behind it, so a run of characters DejaVu
lacks switches font inside a line or paragraph and back, and every width is
measured in the font that draws it. The options weighed:

- reportlab's CID fonts (STSong-Light, HeiseiKakuGo-W5, HYGothic-Medium) embed
  nothing and leave the glyphs to the reading machine. Without a CJK font
  there, poppler (pdftoppm, Evince, Okular) prints empty boxes, PDFium (Chrome,
  Edge) prints nothing, pdftotext garbles or drops what a CID font's character
  collection lacks (Korean in the Chinese one), and Adobe Reader asks for its
  Asian font pack: a receipt printed at another PC could come out blank where
  the name was.
- A CJK font found on the machine (Windows' msyh.ttc, macOS, fc-match) would
  change the PDFs from one PC to the next, and often finds none reportlab can
  read: Linux desktops carry Noto Sans CJK as CFF outlines, which TTFont
  cannot embed.
- Shipping one TrueType font embeds a subset of the glyphs used (a few
  kilobytes per name) and prints the same everywhere, for 3.3 MB beside the
  2 MB of DejaVu in the bundle. Droid Sans Fallback is a sans-serif like
  DejaVu Sans, TrueType outlines, Apache 2.0, and the smallest font found with
  Chinese, Japanese and Korean in one file (Noto Sans CJK is over 15 MB, CFF;
  WenQuanYi Micro Hei, derived from Droid, 5 MB).

Han characters shared by Chinese and Japanese are drawn in this font's one
style, the mainland Chinese forms: Chinese is the largest group of Han
readers, the differences from the Japanese forms are in stroke details, never
which character it is, and Japanese-only forms (桜, 沢) are characters of their
own that it has. Not covered, and printed as an empty box: the rare
ideographs outside the basic block (Extension A, the supplementary plane, such
as 𠮷), and bold: CJK text in a bold line prints at regular weight.

Customers put emoji in comments and names (👍 🎉 🙂 💯). Behind Droid Sans
Fallback, every face has Noto Emoji (``resources/fonts``, the monochrome one,
SIL OFL 1.1, 0.85 MB as published: 1,512 characters, every single-character
emoji up to Unicode 16), which draws them in black outlines like the text beside them, as wide
as a browser shows them (1.27 em), on the baseline. The colour emoji fonts
are bitmaps (Noto Color Emoji's CBDT) or colour layers that reportlab cannot
draw, and would print grey on a receipt printer anyway. The pictograph blocks
(U+1F300 to U+1FAFF) come from it even where DejaVu has a glyph (😀, 😂, 🐱),
so a comment's emoji look alike; older symbols DejaVu has (☺ ★ ❤ ☕ ✔) keep
DejaVu's style. reportlab applies no ligatures, so an emoji a phone builds
from several characters prints as its parts: a family (👨‍👩‍👧) as its members
side by side, a flag (🇪🇸) as two boxed letters, and the marks that only change
the emoji before them print nothing (the skin tones: 👍🏽 prints 👍; the
keycap: 1️⃣ prints 1; zero-width joiners and variation selectors), while
copied text keeps every character typed. Emoji in bold text print at regular
weight.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.fonts import addMapping
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import ShapedStr, TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph

from smallcs import paths
from smallcs.reports import shaping
from smallcs.reports.cjk_paragraph import CjkParagraph
from smallcs.reports.font_fallback import FallbackFont
from smallcs.reports.line_breaks import HAN_OR_KANA
from smallcs.reports.rtl_paragraph import RtlParagraph

REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
OBLIQUE = "DejaVuSans-Oblique"

_FILES = {REGULAR: "DejaVuSans.ttf", BOLD: "DejaVuSans-Bold.ttf", OBLIQUE: "DejaVuSans-Oblique.ttf"}
# Chinese, Japanese and Korean characters, for every face (see the module's docstring).
CJK = "DroidSansFallback"
CJK_FILE = "DroidSansFallback.ttf"
# Emoji, behind the CJK font for every face (see the module's docstring).
EMOJI = "NotoEmoji"
EMOJI_FILE = "NotoEmoji-Regular.ttf"
# The pictograph blocks (U+1F300 to U+1FAFF: pictographs, emoticons, transport, supplemental symbols) are
# drawn in the emoji font even where DejaVu has a glyph (😀, 🐱, 🌕), so a comment's emoji look like one set.
_EMOJI_BLOCKS = (range(0x1F300, 0x1FB00),)
# Marks that change the emoji before them, which a font only draws as one glyph with it (GSUB, which
# reportlab does not apply): the skin tones and the keycap. Alone they would print as a swatch or a frame
# after the emoji, like a missing glyph's box; they print as nothing, and copied text keeps them.
_EMOJI_MODIFIERS = (*range(0x1F3FB, 0x1F400), 0x20E3)
_ELLIPSIS = "\u2026"
# DejaVu Sans Oblique has no Arabic letters: such text is set upright, as Arabic usually is.
_FALLBACKS = {OBLIQUE: REGULAR}
# Chinese and Japanese are written without spaces: a line may break after any ideograph or kana, but not
# inside a Latin word beside them, and never before 。、」 (``line_breaks``, ``CjkParagraph``); fitted text is
# cut there. Korean puts spaces between words, so Hangul breaks at spaces, like Latin text.
_CHINESE_OR_JAPANESE = re.compile(f"[{HAN_OR_KANA}]")
# The white space fitted text is tidied of: runs become one space. No-break spaces (French "collègue ?") are
# kept, so a line never breaks there.
_ORDINARY_SPACE = " \t\n\r\f\v"
_SPACES = re.compile(f"[{_ORDINARY_SPACE}]+")
# reportlab breaks lines at a narrow no-break space (U+202F) as at any space, but never at U+00A0.
_NARROW_NO_BREAK_SPACE = "\u202f"
# The pieces fitted text is shortened by, and that a line cannot break inside: an ideograph or kana, or a
# run of other characters up to an ordinary space.
_PIECES = re.compile(f"[{HAN_OR_KANA}]|[^{_ORDINARY_SPACE}{HAN_OR_KANA}]+")


@functools.cache
def register_fonts() -> None:
    """Register the DejaVu family, each face backed by the CJK font, with reportlab (later calls do nothing).

    Paragraph markup (``<b>``, ``<i>``) maps onto the bold and oblique faces;
    there is no bold-oblique file, so bold italic falls back to bold.
    """
    folder = paths.resources_dir() / "fonts"
    # One instance of each behind all three faces: a PDF embeds the CJK and emoji glyphs it uses once.
    # Not ASCII-readable: they never draw ASCII, so no codes of their subsets are kept for ASCII.
    cjk = TTFont(CJK, str(folder / CJK_FILE), asciiReadable=False)
    emoji = _emoji_font(folder / EMOJI_FILE)
    for name, filename in _FILES.items():
        pdfmetrics.registerFont(FallbackFont(name, str(folder / filename), fallbacks=(cjk, emoji),
                                             preferred=_EMOJI_BLOCKS))
    addMapping(REGULAR, 0, 0, REGULAR)
    addMapping(REGULAR, 1, 0, BOLD)
    addMapping(REGULAR, 0, 1, OBLIQUE)
    addMapping(REGULAR, 1, 1, BOLD)
    shaping.make_copied_text_readable()


def _emoji_font(path: Path) -> TTFont:
    """The emoji font, its modifiers drawn as its zero-width variation selector (an empty glyph)."""
    font = TTFont(EMOJI, str(path), asciiReadable=False)
    face = font.face
    blank = face.charToGlyph[0xFE0F]
    for code in _EMOJI_MODIFIERS:
        face.charToGlyph[code] = blank
        face.charWidths[code] = 0
    return font


def _missing(font: str, text: str) -> int:
    """How many of ``text``'s visible characters ``font`` (a face registered here) has no glyph for."""
    covers = pdfmetrics.getFont(font).covers
    return sum(not covers(char) for char in text if not char.isspace())


def text_width(text: str, *, font: str, size: float) -> float:
    """The width of ``text`` in points when set in ``font`` at ``size`` (shaped, if it needs it)."""
    if not isinstance(text, ShapedStr):
        text = shaping.shape_line(text, font=font, size=size)
    return shaping.line_width(text, font=font, size=size)


def draw_line(canvas: Canvas, text: str, *, x: float, y: float, font: str, size: float,
              align: str = "left") -> None:
    """Draw one line of text in ``font`` at ``size``, right-to-left runs in display order.

    Args:
        canvas: where to draw.
        text: the text as typed, or as :func:`fit_text` returned it.
        x: the left end, centre or right end of the line, as ``align`` says.
        y: the baseline.
        font: a registered font name.
        size: the font size.
        align: ``left``, ``centre``, ``right`` or ``start`` (right when ``text``,
            as typed, reads right to left; left otherwise).
    """
    shown = text if isinstance(text, ShapedStr) else shaping.shape_line(text, font=font, size=size)
    if align == "start":
        align = "right" if shaping.is_rtl(text) else "left"
    canvas.setFont(font, size)
    if not isinstance(shown, ShapedStr):  # drawn exactly as before shaping existed
        {"left": canvas.drawString, "centre": canvas.drawCentredString,
         "right": canvas.drawRightString}[align](x, y, shown)
        return
    width = shaping.line_width(shown, font=font, size=size)
    canvas.drawString(x - {"left": 0.0, "centre": width / 2, "right": width}[align], y, shown)


def fit_text(text: str, *, font: str, width: float, size: float, min_size: float) -> tuple[str, float]:
    """Shrink ``text`` to fit ``width`` on one line, then shorten it after a whole word with an ellipsis.

    Args:
        text: the text to fit (never markup: it is drawn as is).
        font: a registered font name.
        width: the room available, in points.
        size: the preferred font size.
        min_size: the smallest size worth printing; below it the text is cut.

    Returns:
        The text to draw (possibly ending in an ellipsis) and its font size.
        Text with right-to-left runs comes back in display order, shaped, for
        ``drawString`` or :func:`draw_line` to print left to right.
    """
    current = size
    while current > min_size and text_width(text, font=font, size=current) > width:
        current = max(min_size, current - 0.5)
    if text_width(text, font=font, size=current) <= width:
        return shaping.shape_line(text, font=font, size=current), current
    # Cut after a whole word (an ideograph or kana in Chinese and Japanese); inside a word only when the
    # first one alone is too wide.
    for end in reversed([piece.end() for piece in _PIECES.finditer(text)][:-1]):
        if text_width(text[:end] + _ELLIPSIS, font=font, size=current) <= width:
            return shaping.shape_line(text[:end] + _ELLIPSIS, font=font, size=current), current
    shortened = text
    while shortened and text_width(shortened + _ELLIPSIS, font=font, size=current) > width:
        shortened = shortened[:-1]
    return shaping.shape_line(shortened.rstrip() + _ELLIPSIS, font=font, size=current), current


def paragraph(text: str, style: ParagraphStyle) -> Flowable:
    """A paragraph of plain ``text`` (markup prints as typed; ``\n`` breaks the line).

    Text with Hebrew or Arabic in it becomes an :class:`RtlParagraph`, which
    orders and joins each line; text with Chinese or Japanese a :class:`CjkParagraph`,
    which wraps between characters but not inside Latin words; any other text a
    reportlab Paragraph, as always.
    """
    if shaping.needs_bidi(text):
        fallback = _FALLBACKS.get(style.fontName)
        if fallback is not None and _missing(fallback, text) < _missing(style.fontName, text):
            style = ParagraphStyle(f"{style.name}-{fallback}", parent=style, fontName=fallback)
        return RtlParagraph(text, style)
    if _CHINESE_OR_JAPANESE.search(text):
        return CjkParagraph(escape(text).replace("\n", "<br/>"), style)
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def _word_breaker(*, font: str, size: float, width: float) -> Callable[[str], Iterator[tuple[str, str]]]:
    """A reportlab hyphenator that only breaks words wider than a whole line, longest first part first.

    reportlab asks its hyphenator about every word that ends a line; words that
    fit on the next line are left alone, so only an unbreakable name is cut, and
    reportlab then ends the first part with a hyphen.
    """
    def pairs(word: str) -> Iterator[tuple[str, str]]:
        if text_width(word, font=font, size=size) <= width:
            return
        for cut in range(len(word) - 2, 1, -1):
            yield word[:cut], word[cut:]

    return pairs


def fitted_paragraph(
    text: str, *, font: str, size: float, width: float, max_lines: int,
    min_size: float | None = None, colour: colors.Color = colors.black, centred: bool = False,
) -> tuple[Flowable, float]:
    """A paragraph of literal ``text`` shrunk, then shortened, to fit ``max_lines``.

    The size first shrinks until the widest word fits on a line, so a long shop
    name prints whole instead of being cut inside a word; a word still too wide
    at ``min_size`` is broken, with a hyphen where it is all letters. Then the
    size shrinks further until the text fits ``max_lines``, and last words are
    dropped. Runs of ordinary white space print as one space; no-break spaces
    stay unbreakable.

    Args:
        text: plain text (escaped here, so markup prints as typed).
        font: a registered font name.
        size: the preferred font size in points.
        width: the width available, in points.
        max_lines: the most lines the text may take.
        min_size: the smallest size before words are dropped (default: ``size``),
            from the end; Chinese and Japanese lose a character at a time.
        colour: the text colour.
        centred: centre each line instead of aligning left.

    Returns:
        The wrapped paragraph and its height in points.
    """
    floor = size if min_size is None else min_size
    whole = _SPACES.sub(" ", text).strip(_ORDINARY_SPACE).replace(_NARROW_NO_BREAK_SPACE, "\u00a0")
    pieces = list(_PIECES.finditer(whole))
    ends = [piece.end() for piece in pieces]  # where the text may be cut
    widest = max((text_width(piece.group(), font=font, size=size) for piece in pieces), default=0.0)
    current = size
    while current > floor and widest * current / size > width:  # widths grow with the size
        current = max(floor, current - 0.5)
    kept = len(ends)
    while True:
        style = ParagraphStyle("fit", fontName=font, fontSize=current, leading=current * 1.2,
                               textColor=colour, alignment=TA_CENTER if centred else TA_LEFT,
                               hyphenationLang=_word_breaker(font=font, size=current, width=width))
        shown = whole if kept == len(ends) else whole[:ends[kept - 1]].rstrip() + _ELLIPSIS
        fitted = paragraph(shown, style)
        _width, height = fitted.wrap(width, 10_000)
        if height <= max_lines * style.leading + 0.1 or kept <= 1:
            return fitted, height
        if current > floor:
            current = max(floor, current - 0.5)
        else:
            kept -= 1
