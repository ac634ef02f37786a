"""Create a survey or change one: its name, questions, languages, thank-you text and switch."""

from __future__ import annotations

import itertools

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from smallcs import locale_format, settings
from smallcs.errors import SmallCSError, ValidationError
from smallcs.i18n import N_, _, current_language, ngettext
from smallcs.models import Staff
from smallcs.models.enums import Question
from smallcs.surveys.activity import survey_activity
from smallcs.surveys.definitions import (
    MAX_NAME_LENGTH,
    SurveyDefinition,
    create_survey,
    get_survey,
    update_survey,
)
from smallcs.surveys.wordings import (
    DEFAULT_LANGUAGE,
    LANGUAGE_NAMES,
    SUPPORTED_LANGUAGES,
    text,
)
from smallcs.ui.screen_fit import ScreenFit, ScrollingContent
from smallcs.ui.surveys.thank_you_texts import ThankYouTexts


def _shown_language() -> str:
    """The app's language when the survey page has it, else English: the customer's wordings are
    previewed in it, and a new survey's cards are printed in it."""
    language = current_language()
    return language if language in SUPPORTED_LANGUAGES else DEFAULT_LANGUAGE


# The check box of each question; the wording the customer reads is shown under it.
QUESTION_TITLES: dict[Question, str] = {
    Question.CSAT: N_("Sa&tisfaction (CSAT, 1 to 5)"),
    Question.NPS: N_("&Would recommend (NPS, 0 to 10)"),
    Question.CES: N_("Customer &effort (CES, 1 to 7)"),
    Question.COMMENT: N_("&Comment box"),
    Question.CONTACT: N_("&May we contact you?"),
}
# What a new survey starts with: the two common scores and a comment box, in the app's language.
NEW_SURVEY_QUESTIONS = (Question.CSAT, Question.NPS, Question.COMMENT)


def _plain(title: str) -> str:
    """A title without its mnemonic marker, for accessible names."""
    return title.replace("&&", "\0").replace("&", "").replace("\0", "&")


class SurveyEditorDialog(QDialog):
    """A new survey (``survey_id`` None) or changes to one; saves through the definitions service.

    A refusal is shown under the form and everything typed stays, so it can be corrected.
    """

    saved = Signal(int)  # the survey's id

    def __init__(self, actor: Staff, survey_id: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.survey_id = survey_id
        self._cards_printed = 0
        self.setObjectName("surveyEditor")
        self.setWindowTitle(_("New survey") if survey_id is None else _("Change survey"))
        self._build()
        if survey_id is None:
            self._load(SurveyDefinition(name="", questions=NEW_SURVEY_QUESTIONS,
                                        languages=(_shown_language(),)))
        else:
            try:
                info = get_survey(survey_id)
            except SmallCSError as exc:
                self._load(SurveyDefinition(name="", questions=(), languages=()))
                self._show_error(str(exc), None)
                self.save_button.setEnabled(False)
            else:
                self._load(info.definition)
                self._note_printed_cards(survey_id)
        self.name.setFocus()

    # --- construction -------------------------------------------------
    def _build(self) -> None:
        self.name = QLineEdit(objectName="surveyName", maxLength=MAX_NAME_LENGTH)
        self.name.setPlaceholderText(_("e.g. After a repair"))
        self.name.setAccessibleName(_("Survey name"))
        name_label = QLabel(_("&Name:"), buddy=self.name)

        shop = settings.get_profile().name or text(_shown_language(), "shop_fallback")
        self.question_boxes: dict[Question, QCheckBox] = {}
        questions = QGroupBox(_("&Questions on the card"), objectName="surveyQuestions")
        question_layout = QVBoxLayout(questions)
        indent = (self.style().pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth)
                  + self.style().pixelMetric(QStyle.PixelMetric.PM_CheckBoxLabelSpacing))
        for question in Question:
            wording = text(_shown_language(), question.value, shop=shop)
            box = QCheckBox(_(QUESTION_TITLES[question]), objectName=f"question_{question.value}")
            box.setAccessibleName(_plain(_(QUESTION_TITLES[question])))
            box.setAccessibleDescription(wording)
            box.setToolTip(_("The customer reads: {wording}").format(wording=wording))
            shown = QLabel(f"“{wording}”", objectName=f"wording_{question.value}")
            shown.setTextFormat(Qt.TextFormat.PlainText)
            shown.setProperty("role", "muted")
            shown.setWordWrap(True)  # the longest wording on one line made the dialog wider than an 800 px screen
            shown.setContentsMargins(indent, 0, 0, 6)
            question_layout.addWidget(box)
            question_layout.addWidget(shown)
            self.question_boxes[question] = box
        question_layout.setSpacing(1)
        question_layout.addStretch()

        languages = QGroupBox(_("&Languages"), objectName="surveyLanguagesBox")
        self.languages = QListWidget(objectName="surveyLanguages")
        self.languages.setAccessibleName(_("Languages, in order"))
        self.languages.setAccessibleDescription(
            _("Space ticks a language; Ctrl+Up and Ctrl+Down move it. The first ticked one is offered to"
              " customers whose phone asks for none of them."))
        languages_label = QLabel(_("Tick the languages customers may choose. The first ticked one is"
                                   " offered when a phone asks for none of them."))
        languages_label.setWordWrap(True)
        languages_label.setProperty("role", "muted")
        self.up_button = QPushButton(_("Move &up"), objectName="languageUp")
        self.down_button = QPushButton(_("Move &down"), objectName="languageDown")
        for button in (self.up_button, self.down_button):
            button.setAutoDefault(False)
        self.up_button.clicked.connect(lambda: self._move(-1))
        self.down_button.clicked.connect(lambda: self._move(1))
        for keys, step in (("Ctrl+Up", -1), ("Ctrl+Down", 1)):
            QShortcut(QKeySequence(keys), self.languages, context=Qt.ShortcutContext.WidgetShortcut,
                      activated=lambda step=step: self._move(step))
        self.printed_language = QLabel(objectName="printedLanguage")
        self.printed_language.setWordWrap(True)
        self.printed_language.setTextFormat(Qt.TextFormat.PlainText)
        moves = QHBoxLayout()
        moves.addWidget(self.up_button)
        moves.addWidget(self.down_button)
        language_layout = QVBoxLayout(languages)
        language_layout.addWidget(self.languages)
        language_layout.addLayout(moves)
        language_layout.addWidget(self.printed_language)
        language_layout.addSpacing(self.fontMetrics().lineSpacing() // 3)
        language_layout.addWidget(languages_label)
        language_layout.addStretch()

        self.thank_you_texts = ThankYouTexts(self)
        self.thank_you = self.thank_you_texts.edit
        self.active = QCheckBox(_("&Active: its cards take answers"), objectName="surveyActive")
        self.active.setAccessibleName(_("Active"))
        self.active.toggled.connect(self._active_changed)
        self.active_note = QLabel(objectName="surveyActiveNote")
        self.active_note.setWordWrap(True)
        self.active_note.setTextFormat(Qt.TextFormat.PlainText)
        self.active_note.setProperty("role", "muted")

        self.error = QLabel(objectName="surveyError")
        self.error.setProperty("role", "error")
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setWordWrap(True)
        self.error.hide()

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setObjectName("surveySave")
        self.save_button.setText(_("&Save"))
        self.save_button.setDefault(True)
        self.cancel_button = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self, activated=self.save)

        top = QFormLayout()
        top.addRow(name_label, self.name)
        columns = QHBoxLayout()
        columns.addWidget(questions, 1)
        columns.addWidget(languages)
        # A fixed width lets the wrapped notes under the list claim their true height; no narrower than
        # the Move up and Move down buttons side by side need.
        languages.setFixedWidth(max(self.fontMetrics().averageCharWidth() * 32,
                                    languages.minimumSizeHint().width()))
        bottom = QGridLayout()
        bottom.addLayout(self.thank_you_texts.label_column, 0, 0)
        bottom.addWidget(self.thank_you, 0, 1)
        bottom.addWidget(self.active, 1, 1)
        bottom.setColumnStretch(1, 1)
        body = QWidget()
        content = QVBoxLayout(body)
        content.setContentsMargins(0, 0, 0, 0)
        content.addLayout(top)
        content.addLayout(columns)
        content.addLayout(bottom)
        content.addWidget(self.active_note)
        content.addStretch()
        layout = QVBoxLayout(self)
        self.scroll = ScrollingContent(body)
        layout.addWidget(self.scroll, 1)  # scrolls on a small screen; Save and Cancel stay
        layout.addWidget(self.error)  # beside Save, in sight however far the form is scrolled
        layout.addWidget(buttons)
        # As tall as the notes under the languages need, which wrap into many lines at a large font.
        self.screen_fit = ScreenFit(self, preferred=QSize(self.fontMetrics().averageCharWidth() * 140, 0))

        chain: list[QWidget] = [self.name, *self.question_boxes.values(), self.languages, self.up_button,
                                self.down_button, self.thank_you_texts.choice, self.thank_you, self.active,
                                self.save_button, self.cancel_button]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)
        self.languages.itemChanged.connect(self._languages_changed)
        self.languages.currentRowChanged.connect(self._update_moves)

    def _load(self, definition: SurveyDefinition) -> None:
        self.name.setText(definition.name)
        for question, box in self.question_boxes.items():
            box.setChecked(question in definition.questions)
        self.languages.blockSignals(True)
        self.languages.clear()
        chosen = [code for code in definition.languages if code in LANGUAGE_NAMES]
        for code in [*chosen, *(c for c in SUPPORTED_LANGUAGES if c not in chosen)]:
            item = QListWidgetItem(f"{LANGUAGE_NAMES[code]} ({code})")
            item.setData(Qt.ItemDataRole.UserRole, code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if code in chosen else Qt.CheckState.Unchecked)
            self.languages.addItem(item)
        self.languages.blockSignals(False)
        rows = self.languages.count()
        frame = 2 * self.languages.frameWidth()
        self.languages.setFixedHeight(self.languages.sizeHintForRow(0) * rows + frame + 4)
        self.languages.setMinimumWidth(self.languages.sizeHintForColumn(0) + frame + 8)
        self.languages.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.languages.setCurrentRow(0)
        self.thank_you_texts.load(chosen, definition.thank_you_text, definition.thank_you_translations)
        self.active.setChecked(definition.active)
        self._active_changed(definition.active)
        self._languages_changed()

    def _note_printed_cards(self, survey_id: int) -> None:
        counts = survey_activity().get(survey_id)
        self._cards_printed = counts.cards if counts is not None else 0
        self._active_changed(self.active.isChecked())

    # --- what the form says -------------------------------------------
    def chosen_questions(self) -> tuple[Question, ...]:
        """The ticked questions, in the standard order."""
        return tuple(q for q, box in self.question_boxes.items() if box.isChecked())

    def chosen_languages(self) -> tuple[str, ...]:
        """The ticked languages, in the list's order (the first is the page's fallback)."""
        items = (self.languages.item(row) for row in range(self.languages.count()))
        return tuple(str(item.data(Qt.ItemDataRole.UserRole)) for item in items
                     if item.checkState() == Qt.CheckState.Checked)

    def definition(self) -> SurveyDefinition:
        """The survey as the form stands."""
        return SurveyDefinition(name=self.name.text(), questions=self.chosen_questions(),
                                languages=self.chosen_languages(), thank_you_text=self.thank_you_texts.first_text(),
                                active=self.active.isChecked(),
                                thank_you_translations=self.thank_you_texts.translations())

    def _languages_changed(self) -> None:
        # Which language a batch of cards is printed in is chosen when printing ("Card language"),
        # so this only says what the ticks allow.
        chosen = self.chosen_languages()
        self.thank_you_texts.set_languages(chosen)
        if len(chosen) > 1:
            self.printed_language.setText(_(
                "Each batch of cards is printed in one of these languages, chosen under “Card language”"
                " when printing. A card's survey page opens in its language; customers may switch to the"
                " others."))
        elif chosen:
            self.printed_language.setText(_("Cards and the survey page are in {language}.").format(
                language=locale_format.language_name(chosen[0])))
        else:
            self.printed_language.setText(_("Tick at least one language."))
        self._update_moves()

    def _update_moves(self) -> None:
        row = self.languages.currentRow()
        self.up_button.setEnabled(row > 0)
        self.down_button.setEnabled(0 <= row < self.languages.count() - 1)

    def _move(self, step: int) -> None:
        """Move the current language up or down; it stays current, so the key can be pressed again."""
        row = self.languages.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.languages.count():
            return
        item = self.languages.takeItem(row)
        self.languages.insertItem(target, item)
        self.languages.setCurrentRow(target)
        self._languages_changed()

    def _active_changed(self, active: bool) -> None:
        """Say what the switch means for cards already in customers' hands."""
        cards = self._cards_printed
        if not active:
            note = _("Switched off, its cards tell customers the survey has ended and take no answers;"
                     " answers already received stay.")
        elif cards:
            note = ngettext("{n} card is already printed: it keeps working and shows the survey as saved here.",
                            "{n} cards are already printed: they keep working and show the survey as saved here.",
                            cards).format(n=locale_format.number(cards))
        else:
            note = ""
        self.active_note.setText(note)
        self.active_note.setVisible(bool(note))

    # --- saving -------------------------------------------------------
    def _show_error(self, message: str, field: str | None) -> None:
        self.error.setText(message)
        self.error.show()
        if field is not None and field.startswith("thank_you_text"):
            # "thank_you_text" is the first language's text, "thank_you_text:es" the Spanish one.
            self.thank_you_texts.show_language(field.partition(":")[2] or None)
            field = "thank_you_text"
        widget: QWidget | None = {
            "name": self.name, "questions": self.question_boxes[Question.CSAT],
            "languages": self.languages, "thank_you_text": self.thank_you,
        }.get(field or "")
        if widget is not None:
            widget.setFocus()
            self.scroll.reveal(widget)

    def save(self) -> None:
        """Store the survey, or say under the form why not (nothing stored, nothing cleared)."""
        if not self.save_button.isEnabled():
            return
        definition = self.definition()
        try:
            if self.survey_id is None:
                survey_id = create_survey(self.actor, definition)
            else:
                update_survey(self.actor, self.survey_id, definition)
                survey_id = self.survey_id
        except ValidationError as exc:
            self._show_error(str(exc), exc.field)
            return
        except SmallCSError as exc:
            self._show_error(str(exc), None)
            return
        self.error.hide()
        self.saved.emit(survey_id)
        self.accept()
