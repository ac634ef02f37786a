"""A CLDR date pattern (what :mod:`smallcs.locale_format` writes with) as a Qt display format,
so a date field shows a day exactly as the labels around it do.

Qt names the days and months from QLocale, which follows the app's language (``language.py``).
"""

from __future__ import annotations

import re

# A quoted literal ('de', or '' for a quote), a run of one pattern letter, or anything else.
_TOKENS = re.compile(r"'(?:[^']|'')*'|([A-Za-z])\1*|[^A-Za-z']+")


def qt_display_format(pattern: str) -> str:
    """``pattern`` ("E, MMM d, y") as a QDateTimeEdit display format ("ddd, MMM d, yyyy")."""
    return "".join(_field(token) if token[0].isalpha() else token
                   for token in (match.group(0) for match in _TOKENS.finditer(pattern)))


def _field(letters: str) -> str:
    """One date field; one a date field has no section for (an era) is left out."""
    letter, count = letters[0], len(letters)
    if letter in "Ec":  # weekday
        return "dddd" if count >= 4 else "ddd"
    if letter == "d":
        return "dd" if count >= 2 else "d"
    if letter in "ML":  # month, in a date or standing alone
        return "M" * min(count, 4)
    if letter == "y":
        return "yy" if count == 2 else "yyyy"
    return ""
