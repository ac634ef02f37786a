"""The one gettext entry point for user-visible text.

``_`` translates now; ``N_`` marks a constant for extraction and is translated
where it is shown. Catalogs live in ``resources/locale/`` (English is the source
language, so a missing catalog simply shows English).
"""

from __future__ import annotations

import gettext

from smallcs import paths

DOMAIN = "smallcs"

_translation: gettext.NullTranslations = gettext.translation(
    DOMAIN, localedir=str(paths.resources_dir() / "locale"), fallback=True
)


def set_language(language: str | None) -> None:
    """Switch the catalog, e.g. ``"es"``; None uses the system's language."""
    global _translation
    languages = [language] if language else None
    _translation = gettext.translation(
        DOMAIN,
        localedir=str(paths.resources_dir() / "locale"),
        languages=languages,
        fallback=True,
    )


def _(message: str) -> str:
    """Translate a user-visible message."""
    return _translation.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """Translate a message that depends on a count."""
    return _translation.ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark a constant for translation without translating it yet."""
    return message
