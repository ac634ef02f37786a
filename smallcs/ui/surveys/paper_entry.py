"""Type in a paper card: a customer ticked the boxes by hand instead of scanning the code."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QCheckBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from smallcs import clock, locale_format, settings
from smallcs.errors import SmallCSError
from smallcs.i18n import _
from smallcs.models import Staff
from smallcs.models.enums import Question, ResponseSource
from smallcs.surveys.cards import format_short_code, normalise_short_code
from smallcs.surveys.paper import PaperCard, paper_card, record_paper_response
from smallcs.surveys.responses import ResponseOutcome
from smallcs.ui.screen_fit import ScreenFit, ScrollingContent

SCALES: dict[Question, range] = {Question.CSAT: range(1, 6), Question.NPS: range(11), Question.CES: range(1, 8)}
# A code echoed back in a message is cut here: a pasted paragraph is not a code.
ECHO_LIMIT = 20
# Keys that move along a row of boxes: how many boxes, and which way, in a left-to-right row.
_STEPS = {Qt.Key.Key_Left: -1, Qt.Key.Key_Up: -1, Qt.Key.Key_Right: 1, Qt.Key.Key_Down: 1}
# With these held a digit is a shortcut, not a number typed.
_COMMAND_KEYS = (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
                 | Qt.KeyboardModifier.MetaModifier)


def _scale_title(question: Question) -> str:
    return {
        Question.CSAT: _("Satisfaction (1–5):"),
        Question.NPS: _("Would recommend (0–10):"),
        Question.CES: _("Customer effort (1–7):"),
    }[question]


def _echoed(typed: str) -> str:
    """What was typed, written as codes are printed (``K7PM-Q2XD``) and cut short when it is far too long."""
    plain = normalise_short_code(typed)
    return format_short_code(plain[:ECHO_LIMIT]) + ("…" if len(plain) > ECHO_LIMIT else "")



def already_answered(card: PaperCard) -> str:
    """What staff are told of a card that has its answer: when and how it came, so they can tell
    whether the paper in their hand is that answer (typed in before) or a second one."""
    if card.answered_at is None or card.answered_from is None:
        return _("This card already has its answer: nothing to type in.")
    when = locale_format.date_time(clock.to_local(card.answered_at, settings.get_profile().zone))
    how = {ResponseSource.QR: _("This card was answered by phone on {when}: nothing to type in."),
           ResponseSource.PAPER: _("This card's answers were typed in on {when}: nothing to type in."),
           ResponseSource.IMPORT: _("This card's answer was imported on {when}: nothing to type in.")}
    return how[card.answered_from].format(when=when)


class ScaleChoice(QWidget):
    """One row of numbered boxes, as printed on the card; none ticked means not answered.

    The boxes are radio buttons in a non-exclusive group, so that a box ticked by mistake can
    be unticked; Qt gives such a group no arrow keys, so the row handles the keyboard itself:
    Tab enters the row on its ticked box (or the one last visited), the arrow keys move along
    it, Space ticks or clears the box with the focus, and a number typed ticks its box.
    Digits typed one after another in the row are read as one number while that number is on
    the scale: "1" then "0" ticks 10 on the 0–10 row; a digit that makes no such number starts
    again ("1", "0", "0" ticks 0). Anything else (another key, a click, leaving the row) starts
    a new number.
    """

    def __init__(self, question: Question, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"scale_{question.value}")
        self.scale = SCALES[question]
        self._typed = ""  # the digits just typed in this row, read as one number
        self._ticking = False  # the focus moves to a box a typed number ticked: the number goes on
        self.group = QButtonGroup(self)
        self.group.setExclusive(False)  # a box ticked by mistake can be unticked
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        for value in self.scale:
            button = QRadioButton(str(value))
            button.setAccessibleName(f"{_scale_title(question)} {value}")
            button.installEventFilter(self)
            self.group.addButton(button, value)
            row.addWidget(button)
        row.addStretch()
        self.group.idToggled.connect(self._keep_one)
        self.group.buttonClicked.connect(self._start_again)

    def _keep_one(self, value: int, checked: bool) -> None:
        if checked:
            for other in self.group.buttons():
                if self.group.id(other) != value and other.isChecked():
                    other.setChecked(False)

    def value(self) -> int | None:
        """The ticked number, or None."""
        checked = self.group.checkedId()
        return None if checked == -1 else checked

    def set_value(self, value: int | None) -> None:
        for button in self.group.buttons():
            button.setChecked(self.group.id(button) == value)

    def focus_box(self) -> None:
        """Put the keyboard focus on the ticked box, or the first: the row itself shows no focus."""
        button = self.group.checkedButton() or self.group.buttons()[0]
        button.setFocus(Qt.FocusReason.TabFocusReason)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not isinstance(watched, QAbstractButton):
            return False
        if event.type() == QEvent.Type.FocusIn and not self._ticking:
            self._start_again()
        elif event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            return self._key(watched, event)
        return False

    def _key(self, button: QAbstractButton, event: QKeyEvent) -> bool:
        """Handle a key pressed on ``button``: True when the row used it."""
        digit = event.text()
        if len(digit) == 1 and digit.isdecimal() and not event.modifiers() & _COMMAND_KEYS:
            self._type(str(int(digit)))  # a digit of any script, as 0-9
            return True
        self._start_again()
        step = _STEPS.get(event.key())
        if step is None or event.modifiers() & _COMMAND_KEYS:
            return False
        if event.key() in (Qt.Key.Key_Left, Qt.Key.Key_Right) and self.isRightToLeft():
            step = -step
        buttons = self.group.buttons()
        index = min(max(buttons.index(button) + step, 0), len(buttons) - 1)
        buttons[index].setFocus(Qt.FocusReason.TabFocusReason if step > 0 else Qt.FocusReason.BacktabFocusReason)
        return True  # at either end of the row the focus stays, and the page does not scroll

    def _type(self, digit: str) -> None:
        """Tick the box of the number typed so far (see the class's text); a digit off the scale is ignored."""
        for typed in (self._typed + digit, digit) if self._typed else (digit,):
            number = int(typed)
            if str(number) == typed and number in self.scale:
                break
        else:
            self._typed = ""
            return
        self._typed = typed
        button = self.group.button(number)
        button.setChecked(True)
        self._ticking = True
        try:
            button.setFocus(Qt.FocusReason.TabFocusReason)
        finally:
            self._ticking = False

    def _start_again(self) -> None:
        self._typed = ""


class PaperEntryDialog(QDialog):
    """Look a card up by its short code, tick what the customer ticked, save.

    Stays open after saving so a pile of cards can be typed in one after another.
    """

    recorded = Signal()

    def __init__(self, actor: Staff, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.card: PaperCard | None = None
        self.setWindowTitle(_("Type in a paper card"))
        self.setObjectName("paperEntry")
        # No fixed minimum width: it overrode the layout's own and squeezed the 0-10 row, most of all
        # with a large system font.
        self.code = QLineEdit(objectName="paperCode")
        self.code.setPlaceholderText(_("The code printed under the QR, e.g. K7PM-Q2XD"))
        self.find_button = QPushButton(_("&Find"), objectName="findCardButton")
        self.find_button.setAutoDefault(False)
        self.find_button.clicked.connect(self.find)
        self.code.returnPressed.connect(self.find)
        code_row = QHBoxLayout()
        code_row.addWidget(self.code, 1)
        code_row.addWidget(self.find_button)
        self.card_label = QLabel(objectName="paperCardLabel")
        self.card_label.setWordWrap(True)
        self.card_label.setTextFormat(Qt.TextFormat.PlainText)

        self.scales = {question: ScaleChoice(question) for question in SCALES}
        self.comment = QPlainTextEdit(objectName="paperComment")
        self.comment.setTabChangesFocus(True)
        self.comment.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 14)  # three lines in any font
        self.contact = QCheckBox(_("The customer ticked “you may contact me”"), objectName="paperContact")
        self.answers = QWidget()
        answers = QFormLayout(self.answers)
        answers.setContentsMargins(0, 0, 0, 0)
        self._rows: dict[Question, QWidget] = {}
        for question, scale in self.scales.items():
            answers.addRow(_scale_title(question), scale)
            self._rows[question] = scale
        self.keys_hint = QLabel(_("Keyboard: type a box's number to tick it (for 10 type 1 then 0), the arrow keys"
                                  " move along a row, Space ticks or clears a box, Tab goes to the next question."),
                                objectName="paperKeysHint")
        self.keys_hint.setWordWrap(True)
        self.keys_hint.setProperty("role", "muted")
        answers.addRow(_("Comment:"), self.comment)
        self._rows[Question.COMMENT] = self.comment
        answers.addRow("", self.contact)
        self._rows[Question.CONTACT] = self.contact
        self.answer_form = answers
        self.answers.setEnabled(False)

        self.message = QLabel(objectName="paperMessage")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.save_button = QPushButton(_("&Save answers"), objectName="savePaperButton")
        self.save_button.setProperty("role", "primary")
        self.save_button.setAutoDefault(False)
        self.save_button.setEnabled(False)
        self.save_button.clicked.connect(self.save)
        close = QPushButton(_("Close"))
        close.setAutoDefault(False)
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch()
        buttons.addWidget(self.save_button)
        buttons.addWidget(close)

        form = QFormLayout()
        form.addRow(QLabel(_("Card &code:"), buddy=self.code), code_row)
        form.addRow("", self.card_label)
        body = QWidget()
        content = QVBoxLayout(body)
        content.setContentsMargins(0, 0, 0, 0)
        content.addLayout(form)
        content.addWidget(self.answers)
        content.addWidget(self.keys_hint)  # under the form, whole width: not between the answers and Comment
        content.addWidget(self.message)
        content.addStretch()
        self.scroll = ScrollingContent(body)
        layout = QVBoxLayout(self)
        layout.addWidget(self.scroll, 1)
        layout.addLayout(buttons)
        self.code.setFocus()
        QShortcut(QKeySequence("Ctrl+S"), self, activated=self.save)
        # The card line and the message wrap to more lines after the window is shown: it grows for them.
        self.screen_fit = ScreenFit(self)

    def find(self) -> None:
        """Look up the code typed; show the card's questions or say why not."""
        code = self.code.text().strip()
        self.card = paper_card(code) if code else None
        self.answers.setEnabled(False)
        self.save_button.setEnabled(False)
        self._show_message("")
        if not code:
            self.card_label.setText(_("Type the code printed on the card."))
            return
        if self.card is None:
            self.card_label.setText(_("No card has the code {code}. Check the letters against the card.")
                                    .format(code=_echoed(code)))
            self.code.selectAll()  # typing again replaces it
            return
        self.code.setText(format_short_code(self.card.short_code))  # as printed, however it was typed
        self.card_label.setText(_("Survey: {survey}").format(survey=self.card.survey))
        if self.card.answered:
            self._show_message(already_answered(self.card), error=False)
            return
        for question, row in self._rows.items():
            self.answer_form.setRowVisible(row, question in self.card.questions)
        asked = [scale for question, scale in self.scales.items() if question in self.card.questions]
        self.keys_hint.setVisible(bool(asked))
        self._clear_answers()
        self.answers.setEnabled(True)
        self.save_button.setEnabled(True)
        if asked:
            asked[0].focus_box()
        else:
            self.comment.setFocus()

    def _clear_answers(self) -> None:
        for scale in self.scales.values():
            scale.set_value(None)
        self.comment.clear()
        self.contact.setChecked(False)

    def save(self) -> None:
        """Store the ticked answers; on success clear the form for the next card."""
        if self.card is None or not self.save_button.isEnabled():
            return
        asked = self.card.questions
        values = {q.value: (self.scales[q].value() if q in asked else None) for q in SCALES}
        comment = self.comment.toPlainText().strip() if Question.COMMENT in asked else ""
        try:
            outcome = record_paper_response(
                self.actor, short_code=self.card.short_code, comment=comment or None,
                contact_requested=Question.CONTACT in asked and self.contact.isChecked(),
                language=self.card.language, **values)
        except SmallCSError as exc:  # the typed answers stay on screen to be corrected
            self._show_message(str(exc), error=True)
            return
        if outcome is ResponseOutcome.ALREADY_ANSWERED:
            self._show_message(_("This card already has its answer: nothing was added."), error=True)
            return
        self._show_message(_("Saved the answers of card {code}. Type the next code.")
                           .format(code=format_short_code(self.card.short_code)), error=False)
        self.card = None
        self._clear_answers()
        self.answers.setEnabled(False)
        self.save_button.setEnabled(False)
        self.card_label.clear()
        self.code.clear()
        self.code.setFocus()
        self.recorded.emit()

    def _show_message(self, text: str, *, error: bool = False) -> None:
        self.message.setProperty("role", "error" if error else "ok")
        self.message.style().polish(self.message)
        self.message.setText(text)
        if text:
            self.scroll.reveal(self.message)
