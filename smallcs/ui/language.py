"""The language of the desktop app on this computer: the system's, or the one chosen in Settings.

It is a choice of the person at this PC, not of the shop, so it lives in QSettings
(per computer and user) rather than in the shared database. The app's gettext
catalog, Qt's own texts (standard buttons, the print dialog, the file chooser: the few
texts Qt's files lack come from our catalog) and QLocale follow it.
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
from smallcs.i18n import NC_

SETTING = "ui/language"
# Each language's own name, as a person looking for their language reads it.
LANGUAGE_NAMES: dict[str, str] = {"en": "English", "es": "Español", "fr": "Français", "de": "Deutsch", "pt": "Português"}

# Texts of Qt's own file chooser that Qt's files leave English (Qt 6.11): qtbase_es, _fr and _pt_BR
# translate "Look in:" and "Files of type:" only as they were before Qt gave them Alt letters, and
# qtbase_es and _fr lack the type column's "Folder" and "Drive" (context QAbstractFileIconProvider).
# (Qt's context, Qt's text) -> our catalog's msgid.
CHOOSER_CONTEXT = "file chooser"
MISSING_QT_TEXTS: dict[tuple[str, str], str] = {
    ("QFileDialog", "&Look in:"): NC_("file chooser", "&Look in:"),
    ("QFileDialog", "Files of &type:"): NC_("file chooser", "Files of &type:"),
    ("QAbstractFileIconProvider", "Folder"): NC_("file chooser", "Folder"),
    ("QAbstractFileIconProvider", "Drive"): NC_("file chooser", "Drive"),
}

_qt_translators: list[QTranslator] = []


class MissingQtTexts(QTranslator):
    """Answers :data:`MISSING_QT_TEXTS` from the app's catalog, installed after Qt's own file so it is
    asked first; it answers nothing else, nor a text the catalog leaves English, so Qt's file stays."""

    def translate(self, context: str, source_text: str, disambiguation: str | None = None,
                  n: int = -1) -> str | None:  # type: ignore[override]  # (Qt takes None as "not here")
        message = MISSING_QT_TEXTS.get((context, source_text))
        if message is None:
            return None  # (None, not "": an empty text would be taken as the translation)
        translated = i18n.pgettext(CHOOSER_CONTEXT, message)
        return translated if translated != message else None


def chosen_language() -> str:
    """The language picked in Settings, or "" for the system's."""
    value = QSettings().value(SETTING, "", type=str)
    return value if value in i18n.APP_LANGUAGES else ""


def choose_language(language: str) -> None:
    """Remember ``language`` ("" for the system's) for the next start."""
    QSettings().setValue(SETTING, language if language in i18n.APP_LANGUAGES else "")


def apply_language(app: QCoreApplication) -> str:
    """Switch the app's catalog, Qt's translations and the default QLocale; returns the language shown."""
    i18n.set_language(chosen_language() or None)
    language = i18n.current_language()
    QLocale.setDefault(QLocale(language))
    while _qt_translators:
        app.removeTranslator(_qt_translators.pop())
    if language != i18n.SOURCE_LANGUAGE:
        qt_texts = QTranslator(app)
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        # (Portuguese: Qt ships qtbase_pt_BR only; QLocale("pt") is pt_BR, so it is found)
        if qt_texts.load(QLocale(language), "qtbase", "_", folder):
            _install(app, qt_texts)
        _install(app, MissingQtTexts(app))
    return language


def _install(app: QCoreApplication, translator: QTranslator) -> None:
    app.installTranslator(translator)
    _qt_translators.append(translator)
