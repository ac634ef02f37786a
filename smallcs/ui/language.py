"""The language of the desktop app on this computer: the system's, or the one chosen in Settings.

It is a choice of the person at this PC, not of the shop, so it lives in QSettings
(per computer and user) rather than in the shared database. The app's gettext
catalog, Qt's own texts (standard buttons, the print dialog) and QLocale follow it.
It takes effect at the next start: texts already on screen are not rebuilt.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QCoreApplication,
    QLibraryInfo,
    QLocale,
    QSettings,
    QTranslator,
)

from smallcs import i18n

SETTING = "ui/language"
# Each language's own name, as a person looking for their language reads it.
LANGUAGE_NAMES: dict[str, str] = {"en": "English", "es": "Español"}

_qt_translator: QTranslator | None = None


def chosen_language() -> str:
    """The language picked in Settings, or "" for the system's."""
    value = QSettings().value(SETTING, "", type=str)
    return value if value in i18n.APP_LANGUAGES else ""


def choose_language(language: str) -> None:
    """Remember ``language`` ("" for the system's) for the next start."""
    QSettings().setValue(SETTING, language if language in i18n.APP_LANGUAGES else "")


def apply_language(app: QCoreApplication) -> str:
    """Switch the app's catalog, Qt's translations and the default QLocale; returns the language shown."""
    global _qt_translator
    i18n.set_language(chosen_language() or None)
    language = i18n.current_language()
    QLocale.setDefault(QLocale(language))
    if _qt_translator is not None:
        app.removeTranslator(_qt_translator)
        _qt_translator = None
    if language != i18n.SOURCE_LANGUAGE:
        translator = QTranslator(app)
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if translator.load(QLocale(language), "qtbase", "_", folder):
            app.installTranslator(translator)
            _qt_translator = translator
    return language
