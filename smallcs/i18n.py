"""The one gettext entry point for user-visible text.

``_`` translates now; ``N_`` marks a constant for extraction and is translated
where it is shown; ``NC_`` does the same for a text with a context (the survey
page's wordings, so "Send" on a customer's phone never shares a translation with
a button at the counter). Catalogs live in ``resources/locale/`` as ``.po``
files compiled to ``.mo`` by ``scripts/translations compile`` (English is the
source language, so a missing catalog simply shows English).

The desktop app and its PDF report follow one language (the setting, else the
system's); the survey page asks :func:`translation_for` per request, because
each customer reads it in their own language.
"""

from __future__ import annotations

import gettext
import locale
import os
from functools import lru_cache

from smallcs import paths

DOMAIN = "smallcs"
SOURCE_LANGUAGE = "en"
# Languages the desktop offers: catalog complete and every window checked for Alt+letter clashes
# (tests/ui/test_accessibility.py).
APP_LANGUAGES: tuple[str, ...] = ("en", "es", "fr", "de", "pt")


def _locale_dir() -> str:
    return str(paths.resources_dir() / "locale")


@lru_cache(maxsize=16)
def translation_for(language: str) -> gettext.NullTranslations:
    """The catalog of one language, e.g. ``"es"`` (English when there is none)."""
    if language == SOURCE_LANGUAGE:
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, localedir=_locale_dir(), languages=[language], fallback=True)


def os_language() -> str:
    """The OS's language as a primary subtag ("de" for de_AT), whether or not the app has its catalog;
    "" when the OS names none."""
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable, "")
        for tag in value.split(":"):
            primary = tag.split("_")[0].split(".")[0].split("-")[0].lower()
            if primary in ("c", "posix"):
                continue
            if primary:
                return primary
    try:
        tag = locale.getlocale()[0] or ""
    except ValueError:
        tag = ""
    primary = tag.split("_")[0].lower()
    if len(primary) > 3:  # Windows names it ("German_Austria"): Python's alias table knows the code
        primary = locale.normalize(primary).split("_")[0].lower()
    return primary if 2 <= len(primary) <= 3 and primary.isalpha() else ""


def system_language() -> str:
    """The OS's language as one of :data:`APP_LANGUAGES` (English when it has no catalog)."""
    language = os_language()
    return language if language in APP_LANGUAGES else SOURCE_LANGUAGE


_language: str = system_language()
_translation: gettext.NullTranslations = translation_for(_language)


def set_language(language: str | None) -> None:
    """Switch the app's catalog, e.g. ``"es"``; None (or an unknown code) uses the system's language."""
    global _language, _translation
    _language = language if language in APP_LANGUAGES else system_language()
    _translation = translation_for(_language)


def current_language() -> str:
    """The language the app shows now, e.g. ``"es"``."""
    return _language


def _(message: str) -> str:
    """Translate a user-visible message."""
    return _translation.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """Translate a message that depends on a count."""
    return _translation.ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """Translate a message whose translation depends on where it stands: "Resolved" as a status is
    one complaint ("Resuelta"), as a column of counts many ("Resueltas")."""
    return _translation.pgettext(context, message)


def N_(message: str) -> str:
    """Mark a constant for translation without translating it yet."""
    return message


def NC_(context: str, message: str) -> str:
    """Mark a constant with a context for translation; translate it with ``pgettext(context, message)``."""
    return message
