"""Text as typed or pasted, checked before any service stores it or shows it back.

Two things cannot be stored faithfully in both databases: a NUL character
(PostgreSQL refuses it in text) and a lone surrogate, which is what Python makes
of bytes that are not UTF-8 (a bad paste, a file name, a command-line argument).
Services refuse both with a clear message instead of failing deep in the driver.
"""

from __future__ import annotations

from smallcs.errors import ValidationError
from smallcs.i18n import _


def is_storable(text: str) -> bool:
    """True when ``text`` has no NUL character and is valid Unicode."""
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def check_storable(text: str, *, field: str, label: str) -> None:
    """Raise ValidationError naming ``label`` unless ``text`` can be stored as it is.

    Args:
        text: the text as typed.
        field: the input's name, given back in ``ValidationError.field``.
        label: how the form calls the input, already translated.

    Raises:
        ValidationError: a NUL character or broken Unicode (a lone surrogate).
    """
    if "\x00" in text:
        raise ValidationError(
            _("{label} contains a NUL character; remove it and try again.").format(label=label),
            field=field,
        )
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValidationError(
            _("{label} contains broken characters; retype or paste it again.").format(label=label),
            field=field,
        ) from exc


def printable(text: str, *, limit: int) -> str:
    """``text`` made safe to echo in a message, a terminal or an audit event.

    At most ``limit`` characters; line breaks and tabs become spaces; other control
    and format characters (terminal escapes, right-to-left overrides) and broken
    Unicode become "?".
    """
    return "".join(ch if ch.isprintable() else " " if ch.isspace() else "?" for ch in text[:limit])
