"""Where a line of text may break, in Latin, Korean, Chinese and Japanese alike.

Latin, Greek, Cyrillic and Korean text breaks at spaces. Chinese and Japanese
are written without them: a line may break between any two ideographs or
kana, and between such a character and a Latin word beside it, but never
inside the Latin word. A few characters keep to their neighbour whatever the
script (kinsoku): a line never starts with a closing bracket, a full stop or
comma (。、，), a small kana or the long-vowel mark, and never ends with an
opening bracket. This is the part of Unicode's line breaking rules (UAX #14)
that a shop's names, categories and comments need.

The same pieces serve two purposes: a table column is never narrower than
its widest piece (``report_columns``), and a paragraph wraps between them
(``cjk_paragraph``), so what is measured is what is printed.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from reportlab.lib.textsplit import ALL_CANNOT_END, ALL_CANNOT_START

# Ideographs (with extension A, compatibility forms and the supplementary planes) and kana.
HAN_OR_KANA = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff"
CHINESE_OR_JAPANESE = re.compile(f"[{HAN_OR_KANA}]")
# Characters a line may break before or after: ideographs, kana, CJK punctuation and full-width forms.
_EAST_ASIAN = re.compile(f"[{HAN_OR_KANA}\u3000-\u303f\u31f0-\u31ff\uff00-\uffef]")
# reportlab's kinsoku lists miss the full-width comma, colon, semicolon, marks and closing quotes.
NO_BREAK_BEFORE = frozenset(ALL_CANNOT_START + "，：；！？）」』】〕〉》”’…‥・ー々ゝゞヽヾ")
NO_BREAK_AFTER = frozenset(ALL_CANNOT_END + "（「『【〔〈《“‘")


def breaks(text: str) -> list[int]:
    """The positions (0 < p < len(text)) where a line of ``text`` may break, in order.

    A break after white space keeps the space at the end of the first line,
    where it is not printed.
    """
    found = []
    for position in range(1, len(text)):
        before, after = text[position - 1], text[position]
        if after.isspace() or after in NO_BREAK_BEFORE or before in NO_BREAK_AFTER:
            continue
        if before.isspace() or _EAST_ASIAN.match(before) or _EAST_ASIAN.match(after):
            found.append(position)
    return found


def pieces(text: str) -> list[str]:
    """``text`` cut where it may break, each piece without the white space that ends it.

    "Lieferung 配送延迟。" gives "Lieferung", "配", "送", "延", "迟。". Text without
    Chinese or Japanese is wrapped by reportlab's own Paragraph, at white space
    only, so its pieces are its words.
    """
    if not CHINESE_OR_JAPANESE.search(text):
        return text.split()
    ends = [*breaks(text), len(text)]
    starts = [0, *ends[:-1]]
    return [piece for start, end in zip(starts, ends, strict=True) if (piece := text[start:end].strip())]


def longest_piece(text: str, width: Callable[[str], float]) -> float:
    """The narrowest ``text`` can be wrapped to without cutting a piece: its widest piece, by ``width``."""
    return max((width(piece) for piece in pieces(text)), default=0.0)
