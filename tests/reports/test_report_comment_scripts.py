"""A customer's comment with accented and right-to-left names and emoji, as poppler reads the report back.

reportlab gives a character a glyph code only when the font it is drawn in has
it (any other is drawn as the font's empty box, code 0, which reads back as
nothing), so a character that pdftotext reads back is one that printed; an
emoji's pixels are also compared with the emoji font's own drawing of it.
"""

from __future__ import annotations

import re
from pathlib import Path

from smallcs.models import Staff
from smallcs.reports.monthly import build_monthly_report
from tests.metrics.builders import local
from tests.reports import glyphs, poppler
from tests.reports.monthly_helpers import EARLY_NOVEMBER, add_answer

ACCENTED = "Zoë Łukasiewicz-Núñez"
HEBREW = "שרה כהן"
ARABIC = "مريم الحسن"
# Emoji DejaVu Sans has: a face from the emoticons block (beyond U+FFFF), and two older symbols.
COVERED_EMOJI = ("😀", "❤", "★")
# Emoji DejaVu Sans lacks, drawn from Noto Emoji.
EMOJI_BEYOND_DEJAVU = ("👍", "🎉", "🙂", "💯")
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f]")


def _report(owner: Staff, tmp_path: Path, comment: str) -> Path:
    poppler.ensure_poppler()
    add_answer(local(2026, 10, 10), csat=2, comment=comment)
    return build_monthly_report("2026-10", tmp_path / "october.pdf", actor=owner, now=EARLY_NOVEMBER)


def _report_text(owner: Staff, tmp_path: Path, comment: str) -> str:
    # pdftotext marks a right-to-left run with embedding controls; the letters between are as typed.
    return _BIDI_CONTROLS.sub("", poppler.text(_report(owner, tmp_path, comment)))


def test_names_in_any_script_and_emoji_print_and_read_back(owner: Staff, tmp_path: Path) -> None:
    comment = f"{ACCENTED}, {HEBREW} and {ARABIC} say {' '.join(COVERED_EMOJI)} thanks"
    text = " ".join(_report_text(owner, tmp_path, comment).split())
    assert ACCENTED in text
    assert HEBREW in text and ARABIC in text
    for emoji in COVERED_EMOJI:  # 😀 read back as "ὠ" (U+1F60) before the ToUnicode fix in shaping.py
        assert emoji in text, emoji
    assert "ὠ" not in text


def test_emoji_beyond_dejavu_print(owner: Staff, tmp_path: Path) -> None:
    report = _report(owner, tmp_path, f"Great service 😀 {' '.join(EMOJI_BEYOND_DEJAVU)} ❤️ thanks")
    text = poppler.text(report)
    assert "Great service" in text
    likeness = glyphs.likeness(report, [*EMOJI_BEYOND_DEJAVU, "😀"], dpi=300)
    for emoji in EMOJI_BEYOND_DEJAVU:
        assert emoji in text, emoji
        # Drawn, not an empty box: the pixels in its box are the emoji font's glyph.
        assert likeness[emoji] > 0.6, emoji
    assert "❤\ufe0f" in text  # the variation selector prints nothing, and copies as typed
    # DejaVu has a face of its own for 😀 (a likeness of about 0.45): the emoji font draws it, like the others.
    assert likeness["😀"] > 0.6
