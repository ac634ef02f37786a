"""The survey editor's thank-you text, written once per language the survey is offered in.

One text box and, beside it under its label, a choice of the ticked languages (the
first marked as the default: its text is shown in any language left without one). A
choice rather than tabs: under the label it takes no height of its own, and the dialog
has to fit an 800-pixel screen at 15 pt. The texts live here by
language code while the dialog is open, so switching languages, or unticking a language and
ticking it again, loses nothing; only the ticked languages' texts are handed to the
service on saving.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QComboBox, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from smallcs import locale_format
from smallcs.i18n import _
from smallcs.surveys.wordings import LANGUAGE_NAMES, text


class ThankYouTexts(QObject):
    """The label and language choice (``label_column``) and the text box (``edit``) of the thank-you text."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._texts: dict[str, str] = {}
        self._languages: tuple[str, ...] = ()
        self._shown: str | None = None  # the language whose text the box holds

        self.edit = QPlainTextEdit(objectName="surveyThankYou")
        self.edit.setTabChangesFocus(True)
        self.edit.setFixedHeight(parent.fontMetrics().lineSpacing() * 3 + 14)
        self.edit.textChanged.connect(self._typed)
        self.choice = QComboBox(objectName="thankYouLanguage")
        self.choice.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.choice.setAccessibleName(_("Language of the thank-you text"))
        self.choice.setAccessibleDescription(_("Up and Down choose the language. In the text box, Ctrl+Page Down"
                                               " and Ctrl+Page Up do the same."))
        self.choice.currentIndexChanged.connect(self._chosen)
        for keys, step in (("Ctrl+PgDown", 1), ("Ctrl+PgUp", -1)):
            QShortcut(QKeySequence(keys), self.edit, context=Qt.ShortcutContext.WidgetShortcut,
                      activated=lambda step=step: self._step(step))
        self.label = QLabel(_("T&hank-you text:"), buddy=self.edit)
        self.label.setObjectName("surveyThankYouLabel")

        self.label_column = QVBoxLayout()
        self.label_column.addWidget(self.label)
        self.label_column.addWidget(self.choice)
        self.label_column.addStretch()

    # --- what the dialog asks ------------------------------------------
    def load(self, languages: Sequence[str], first_text: str, translations: Mapping[str, str]) -> None:
        """Start from a stored survey: ``first_text`` in ``languages[0]``, the others' own texts."""
        self._texts = dict(translations)
        if languages:
            self._texts[languages[0]] = first_text
        self._languages = ()
        self._shown = None
        self.edit.setPlainText(first_text)
        self.set_languages(languages)

    def set_languages(self, languages: Sequence[str]) -> None:
        """Follow the ticked languages, in their order; the language shown stays while it is ticked."""
        languages = tuple(languages)
        if languages == self._languages:
            return
        self._languages = languages
        keep = self._shown if self._shown in languages else (languages[0] if languages else self._shown)
        self.choice.blockSignals(True)
        self.choice.clear()
        for index, code in enumerate(languages):
            name = LANGUAGE_NAMES[code]
            self.choice.addItem(_("{language} (default)").format(language=name) if index == 0 else name, code)
        self.choice.blockSignals(False)
        several = len(languages) > 1
        self.choice.setVisible(several)
        # With several languages the label names the choice, which comes first; with one, the box itself.
        self.label.setText(_("T&hank-you text in:") if several else _("T&hank-you text:"))
        self.label.setBuddy(self.choice if several else self.edit)
        self.show_language(keep)

    def show_language(self, code: str | None) -> None:
        """Put ``code``'s text in the box (None, or a language not ticked: the first's)."""
        if code not in self._languages:
            code = self._languages[0] if self._languages else self._shown
        if code in self._languages:
            self.choice.blockSignals(True)
            self.choice.setCurrentIndex(self._languages.index(code))
            self.choice.blockSignals(False)
        if code != self._shown:
            self._shown = code
            self.edit.setPlainText(self._texts.get(code, "") if code is not None else "")
        self._describe()

    def first_text(self) -> str:
        """The text in the first ticked language (the survey's ``thank_you_text``)."""
        if not self._languages:
            return self.edit.toPlainText()
        return self._texts.get(self._languages[0], "")

    def translations(self) -> dict[str, str]:
        """The other ticked languages' own texts, typed in them so far."""
        return {code: self._texts[code] for code in self._languages[1:] if self._texts.get(code)}

    # --- reacting ------------------------------------------------------
    def _typed(self) -> None:
        if self._shown is not None:
            self._texts[self._shown] = self.edit.toPlainText()

    def _chosen(self, index: int) -> None:
        if 0 <= index < len(self._languages):
            self.show_language(self._languages[index])

    def _step(self, step: int) -> None:
        if len(self._languages) > 1:
            self.choice.setCurrentIndex((self.choice.currentIndex() + step) % len(self._languages))

    def _describe(self) -> None:
        """Say in the box, while it is empty, who reads this language's text (or instead of it)."""
        code, languages = self._shown, self._languages
        if code is None or not languages:
            return
        standard, language = text(code, "thank_you"), locale_format.language_name(code)
        if len(languages) == 1:
            hint = _("Optional. Shown after “{standard}”, as you write it, whatever the customer's language."
                     " For example: show this page at the till for a free coffee.").format(standard=standard)
            name = _("Thank-you text")
        else:
            # Short enough for the box's three lines at 15 pt in Spanish.
            if code == languages[0]:
                hint = _("Optional. Shown after “{standard}” in {language}, and in any language left empty.")
            else:
                hint = _("Optional, for customers reading {language}. Left empty, they see the {first} text.")
            hint = hint.format(standard=standard, language=language,
                               first=locale_format.language_name(languages[0]))
            name = _("Thank-you text in {language}").format(language=language)
        self.edit.setPlaceholderText(hint)
        self.edit.setAccessibleName(name)
