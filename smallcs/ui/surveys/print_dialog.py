"""The Print cards dialog: choose the cards, see the first page, save them as a PDF or print them.

The preview shows sample cards (issued to nobody); cards are issued only when
they are saved or printed, on a worker thread, and withdrawn again when the
file or the printer fails.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import re
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSignalBlocker, QSize, Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from smallcs import accounts, complaints, settings
from smallcs.errors import SmallCSError
from smallcs.i18n import N_, _, ngettext
from smallcs.models import Staff
from smallcs.models.enums import CardKind
from smallcs.permissions import allowed
from smallcs.reports.cards import REUSABLE_LAYOUTS
from smallcs.surveys.cards import MAX_CARDS_PER_BATCH, MAX_EXPIRY_DAYS, card_url
from smallcs.surveys.definitions import list_surveys
from smallcs.surveys.wordings import LANGUAGE_NAMES
from smallcs.ui import workers
from smallcs.ui.choosers import ask_printer, ask_save_path
from smallcs.ui.screen_fit import ScreenFit, ScrollingContent
from smallcs.ui.surveys.card_painter import (
    cards_per_page,
    first_page,
    page_layout,
    print_cards_on,
)
from smallcs.ui.surveys.card_preview import CardPreview
from smallcs.ui.surveys.lan_address import address_host, is_loopback
from smallcs.ui.surveys.qt_canvas import prepare_fonts
from smallcs.ui.theme import scaled

log = logging.getLogger(__name__)

LAYOUTS: tuple[tuple[str, str], ...] = (
    ("a4", N_("A4 sheet: 6 cards with cut marks")),
    ("letter", N_("Letter sheet: 6 cards with cut marks")),
    ("receipt-80mm", N_("Receipt printer, 80 mm paper")),
    ("receipt-58mm", N_("Receipt printer, 58 mm paper")),
    ("poster", N_("Poster: one code for many customers")),
    ("table-tent", N_("Table tent: one code on a sheet folded to stand on a table")),
)
DEFAULT_EXPIRY_DAYS = 90
# Stands for the card's own token in the address shown: each card's is different.
TOKEN_SHOWN = "…"


Progress = Callable[[int, str], None]


@dataclasses.dataclass(frozen=True)
class CardRequest:
    """The cards the form asks for."""

    survey_id: int
    count: int
    layout: str
    language: str
    kind: CardKind
    complaint_id: int | None
    staff_id: int | None
    expires_in_days: int | None


def _file_name(survey: str, reference: str | None = None) -> str:
    """The PDF's suggested name: the complaint's card by its reference, a batch by its survey and day.

    The words are the translator's and the survey's name the owner's: anything but letters and
    digits (a slash or a colon a file name may not hold, a space, a dot) becomes a hyphen.
    """
    if reference is not None:
        name = _("survey-card-{reference}").format(reference=reference)
    else:
        name = _("survey-cards-{survey}-{date}").format(survey=survey.lower(), date=f"{dt.date.today():%Y-%m-%d}")
    return re.sub(r"\W+", "-", name).strip("-") + ".pdf"


class PrintCardsDialog(QDialog):
    """Print a batch of survey cards, or the one card for a resolved complaint."""

    cards_issued = Signal(int)  # the survey's id, after cards were saved or printed

    def __init__(self, actor: Staff, parent: QWidget | None = None, *,
                 complaint_id: int | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.complaint_id = complaint_id
        self.busy = False
        self.last_pdf: Path | None = None
        self._printer: QPrinter | None = None  # kept alive while a worker prints on it
        self.file_chooser: QFileDialog | None = None  # "Save as PDF": where to, while asked
        self.print_chooser: QPrintDialog | None = None  # "Print": which printer, while asked
        self._survey_languages: dict[int, tuple[str, ...]] = {}
        self._reusable = False  # whether the layout chosen is a poster's or a tent's
        self._card_expiry = DEFAULT_EXPIRY_DAYS  # the cards' validity, kept while a poster is chosen
        prepare_fonts()
        self.screen_fit = ScreenFit(self, preferred=QSize(scaled(860), scaled(600)))
        self._build()
        self._fill()
        self.refresh_preview()

    # --- construction -------------------------------------------------
    def _build(self) -> None:
        self.survey = QComboBox(objectName="cardSurvey")
        self.language = QComboBox(objectName="cardLanguage")
        self.language.setToolTip(_("Every text on the cards is printed in this language: the questions, the"
                                   " instructions and the tick boxes."))
        self.count = QSpinBox(objectName="cardCount", minimum=1, maximum=MAX_CARDS_PER_BATCH,
                               value=cards_per_page("a4"))
        self.count.setAccessibleName(_("Number of cards"))
        self.layout_choice = QComboBox(objectName="cardLayout")
        self.staff = QComboBox(objectName="cardStaff")
        for combo in (self.survey, self.layout_choice, self.staff):
            # Not as wide as their longest entry: at a large font that left the preview a sliver.
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(32)
        self.expiry = QSpinBox(objectName="cardExpiry", minimum=0, maximum=MAX_EXPIRY_DAYS,
                               value=DEFAULT_EXPIRY_DAYS)
        self.expiry.setSpecialValueText(_("Never"))
        self.expiry.setSuffix(_(" days"))
        self.expiry.setToolTip(_("After this many days the card's code stops taking answers."
                                 " 0 means never."))
        self.summary = QLabel(objectName="cardSummary")
        self.summary.setProperty("role", "muted")
        self.summary.setWordWrap(True)
        self.layout_note = QLabel(objectName="cardLayoutNote")
        self.layout_note.setProperty("role", "muted")
        self.layout_note.setWordWrap(True)
        self.address = QLabel(objectName="cardAddress")
        self.address.setWordWrap(True)
        self.address.setTextFormat(Qt.TextFormat.PlainText)
        self.address.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.address_warning = QLabel(objectName="cardAddressWarning")
        self.address_warning.setProperty("role", "warning")
        self.address_warning.setWordWrap(True)
        self.address_warning.setTextFormat(Qt.TextFormat.PlainText)
        self.address_warning.hide()
        form = QFormLayout()
        form.addRow(_("&Survey:"), self.survey)
        form.addRow(_("Card lan&guage:"), self.language)
        form.addRow(_("&Cards:"), self.count)
        form.addRow(_("&Layout:"), self.layout_choice)
        form.addRow(_("C&redit to:"), self.staff)
        form.addRow(_("&Valid for:"), self.expiry)
        form.addRow("", self.summary)
        self.form = form

        self.save_button = QPushButton(_("Save as &PDF…"), objectName="savePdfButton")
        self.save_button.setProperty("role", "primary")
        self.save_button.clicked.connect(self.choose_pdf)
        self.print_button = QPushButton(_("Pr&int…"), objectName="printButton")
        self.print_button.clicked.connect(self.choose_printer)
        self.close_button = QPushButton(_("Close"), objectName="closeButton")
        self.close_button.clicked.connect(self.reject)
        self.progress = QProgressBar(objectName="cardProgress")
        self.progress.hide()
        self.message = QLabel(objectName="cardMessage")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        column = QWidget(objectName="cardChoices")
        left = QVBoxLayout(column)
        left.setContentsMargins(0, 0, 0, 0)
        left.addLayout(form)
        # Under the form, not in it: a form row gives a wrapped label the height of its own size hint.
        left.addSpacing(scaled(6))
        left.addWidget(self.layout_note)
        left.addSpacing(scaled(6))
        left.addWidget(self.address)
        left.addWidget(self.address_warning)
        left.addStretch()

        self.preview = CardPreview()
        self.caption = QLabel(objectName="cardPreviewCaption")
        self.caption.setProperty("role", "muted")
        self.caption.setWordWrap(True)
        right = QVBoxLayout()
        right.addWidget(self.preview, 1)
        right.addWidget(self.caption)

        top = QHBoxLayout()
        top.addWidget(ScrollingContent(column), 2)  # scrolls on a small screen; the buttons stay
        top.addLayout(right, 3)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.print_button)
        buttons.addStretch()
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top, 1)
        layout.addWidget(self.progress)
        layout.addWidget(self.message)
        layout.addLayout(buttons)

    def _fill(self) -> None:
        for info in list_surveys():
            if info.definition.active:
                self.survey.addItem(info.definition.name, info.id)
                self._survey_languages[info.id] = info.definition.languages
        self._fill_languages()
        self.staff.addItem(_("Nobody in particular"), None)
        for person in accounts.list_staff():
            self.staff.addItem(person.display_name, person.id)
        for key, title in LAYOUTS:
            if key in REUSABLE_LAYOUTS and self.complaint_id is not None:
                continue
            self.layout_choice.addItem(_(title), key)
        if self.complaint_id is not None:
            complaint = complaints.get_complaint(self.complaint_id)
            self.setWindowTitle(_("Survey card for complaint {reference}").format(reference=complaint.reference))
            self.count.setValue(1)
            self.form.setRowVisible(self.count, False)
            # The answer speaks of whoever handled the complaint, as the staff figures count it
            # (metrics.MetricFilter): the person it is assigned to, else the one who took it,
            # not whoever happens to print the card.
            handler = complaint.assigned_to_id or complaint.created_by_id
            self.staff.setCurrentIndex(max(0, self.staff.findData(handler)))
        else:
            self.setWindowTitle(_("Print survey cards"))
        self.survey.currentIndexChanged.connect(self._fill_languages)  # before the preview follows the survey
        for signal in (self.survey.currentIndexChanged, self.language.currentIndexChanged,
                       self.layout_choice.currentIndexChanged, self.count.valueChanged):
            signal.connect(self.refresh_preview)
        self.layout_choice.currentIndexChanged.connect(self._layout_changed)
        for signal in (self.survey.currentIndexChanged, self.language.currentIndexChanged,
                       self.layout_choice.currentIndexChanged, self.count.valueChanged,
                       self.staff.currentIndexChanged, self.expiry.valueChanged):
            signal.connect(self._forget_last_result)
        if not self.survey.count():
            self.message.setText(_("There is no active survey: switch one on on the Surveys page first."))

    def _fill_languages(self) -> None:
        """Offer the chosen survey's languages; keep the one picked when the new survey has it."""
        from smallcs.reports.print_run import default_card_language

        languages = self._survey_languages.get(self.survey.currentData(), ())
        picked = self.language.currentData()
        with QSignalBlocker(self.language):  # the survey's own signal refreshes the preview, once
            self.language.clear()
            for code in languages:
                self.language.addItem(LANGUAGE_NAMES[code], code)
            if languages:
                wanted = picked if picked in languages else default_card_language(languages)
                self.language.setCurrentIndex(self.language.findData(wanted))

    # --- what the user chose ------------------------------------------
    @property
    def layout_key(self) -> str:
        return str(self.layout_choice.currentData())

    @property
    def kind(self) -> CardKind:
        return CardKind.POSTER if self.layout_key in REUSABLE_LAYOUTS else CardKind.SINGLE

    def _layout_changed(self) -> None:
        """One poster serves a whole shop window and one tent a table, for as long as they stay up:
        one of them, valid until the shop sets an end (a code that stopped after 90 days would turn
        the customers who scan it away, and nothing on the poster says so)."""
        reusable = self.layout_key in REUSABLE_LAYOUTS
        if reusable == self._reusable:
            return
        self._reusable = reusable
        if reusable:
            self.count.setValue(1)
            self._card_expiry, never = self.expiry.value(), self.expiry.minimum()
            self.expiry.setValue(never)
        else:
            self.expiry.setValue(self._card_expiry)

    def _forget_last_result(self) -> None:
        """What was saved or printed is no longer what the form shows: its message goes."""
        if not self.busy and self.message.property("role") == "ok":
            self.message.clear()

    def request(self) -> CardRequest:
        """What the form asks for now."""
        return CardRequest(survey_id=int(self.survey.currentData()), count=self.count.value(),
                           layout=self.layout_key, language=str(self.language.currentData()), kind=self.kind,
                           complaint_id=self.complaint_id,
                           staff_id=self.staff.currentData(), expires_in_days=self.expiry.value() or None)

    def refresh_preview(self) -> None:
        """Lay out the first page with sample cards (nothing is issued)."""
        from smallcs.reports.print_run import sample_cards

        survey_id = self.survey.currentData()
        can_issue = survey_id is not None and not self.busy
        count = self.count.value()
        pages = -(-count // cards_per_page(self.layout_key))
        self.summary.setText(_("{cards} on {pages}").format(
            cards=ngettext("{n} card", "{n} cards", count).format(n=count),
            pages=ngettext("{n} page", "{n} pages", pages).format(n=pages)))
        self._explain_layout()
        self._show_address()
        if survey_id is None:
            self.preview.show_message(_("No survey to print."))
        else:
            shown = min(self.count.value(), cards_per_page(self.layout_key))
            try:
                contents, style = sample_cards(survey_id, count=shown, kind=self.kind,
                                               language=self.language.currentData(),
                                               for_complaint=self.complaint_id is not None)
                self.preview.show_page(first_page(contents, style, layout=self.layout_key))
            except SmallCSError as exc:
                can_issue = False
                self.preview.show_message(
                    _("No preview: the QR codes have no address to lead to yet.")
                    if getattr(exc, "field", None) == "survey_base_url" else str(exc))
        self.save_button.setEnabled(can_issue)
        self.print_button.setEnabled(can_issue)

    def _explain_layout(self) -> None:
        """What the chosen layout means for customers: a card each, or one code for all."""
        if self.kind == CardKind.POSTER:
            self.layout_note.setText(_(
                "Reusable: one code for everyone, to put up in the window, at the counter or on a table."
                " Every customer who scans it can answer, each time they come; an answer does not tell"
                " which sale or complaint it is about."))
            self.caption.setText(_("Preview with a sample code. What you print gets a code of its own,"
                                   " the same for every customer who scans it."))
        else:
            self.layout_note.setText(_(
                "Single-use: every card gets its own code, which takes one answer. Hand one card to each"
                " customer, for example with the receipt; a copy of a card takes no second answer."))
            self.caption.setText(_("Preview with sample codes. Every card you print gets a new code of its"
                                   " own."))

    def _show_address(self) -> None:
        """The address the QR codes carry (the survey card URL setting), and why phones may not open it."""
        base = settings.get_profile().survey_base_url
        if not base:
            self.address.setText(_("QR codes lead to: no address is set."))
            warning = _("Cards carry the shop's survey address in their QR code, and none is set yet. On the"
                        " Surveys page, start the survey server and press “Use for new cards”, or type the"
                        " address in Settings → Business profile.")
        else:
            self.address.setText(_("QR codes lead to: {address}").format(address=card_url(base, TOKEN_SHOWN)))
            host = address_host(base)
            warning = _("{host} is this PC's own address: a phone that scans the code looks for the survey"
                        " on itself and finds nothing. On the Surveys page, choose the shop network's"
                        " address under Survey server and press “Use for new cards”.").format(host=host) \
                if is_loopback(host) else ""
        self.address_warning.setText(warning)
        self.address_warning.setVisible(bool(warning))

    # --- saving and printing ------------------------------------------
    def choose_pdf(self) -> None:
        """Ask where to save (nothing waits on the question), then save."""
        reference = (complaints.get_complaint(self.complaint_id).reference
                     if self.complaint_id is not None else None)
        chooser = ask_save_path(self, _("Save the cards as"), "cards",
                                _file_name(self.survey.currentText(), reference),
                                _("PDF files (*.pdf)"), self.save_pdf)
        chooser.finished.connect(lambda _result: setattr(self, "file_chooser", None))
        self.file_chooser = chooser

    def save_pdf(self, path: Path) -> None:
        """Issue the cards and write their PDF to ``path`` on a worker."""
        from smallcs.reports.print_run import print_cards

        actor, wanted = self.actor, self.request()

        def work(progress: Progress) -> tuple[int, Path]:
            run = print_cards(actor, survey_id=wanted.survey_id, count=wanted.count, layout=wanted.layout,
                              output=path, kind=wanted.kind, complaint_id=wanted.complaint_id,
                              staff_id=wanted.staff_id, expires_in_days=wanted.expires_in_days,
                              language=wanted.language,
                              progress=lambda done, total: progress(done * 100 // total, ""))
            return len(run.cards), run.path
        self._start(work, _("Writing the cards…"))

    def choose_printer(self) -> None:
        """The system print dialog (nothing waits on it), then print."""
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        page = self.preview.page
        if page is not None:
            printer.setPageLayout(page_layout(page.width, page.height))
        chooser = ask_printer(self, printer, _("Print survey cards"), self._printer_chosen)
        chooser.finished.connect(lambda _result: setattr(self, "print_chooser", None))
        self.print_chooser = chooser

    def _printer_chosen(self, printer: QPrinter) -> None:
        """Print on the chosen printer: one copy, as every card's code is unique."""
        if printer.copyCount() > 1:
            self._fail_message(_("Print one copy: every card has a code of its own, and a copy could only"
                                 " be answered once. Ask for more cards instead."))
            return
        self.print_to(printer)

    def print_to(self, printer: QPrinter) -> None:
        """Issue the cards and print them on ``printer`` on a worker."""
        from smallcs.reports.print_run import issue_and_draw

        actor, wanted = self.actor, self.request()
        self._printer = printer

        def work(progress: Progress) -> tuple[int, None]:
            run = issue_and_draw(
                actor, survey_id=wanted.survey_id, count=wanted.count, kind=wanted.kind,
                complaint_id=wanted.complaint_id, staff_id=wanted.staff_id,
                expires_in_days=wanted.expires_in_days, language=wanted.language,
                draw=lambda contents, style: print_cards_on(
                    printer, contents, style, layout=wanted.layout,
                    progress=lambda done, total: progress(done * 100 // total, "")))
            return len(run.cards), None
        self._start(work, _("Printing the cards…"))

    def _start(self, work: Callable[[Progress], object],
               message: str) -> None:
        task = workers.Task(work)
        task.signals.progress.connect(lambda percent, _what: self.progress.setValue(percent))
        task.signals.finished.connect(self._done)
        task.signals.failed.connect(self._failed)
        self._set_busy(True)
        self.progress.setValue(0)
        self.progress.show()
        self.message.setProperty("role", "")
        self.message.setText(message)
        workers.start(task)

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        for widget in (self.survey, self.language, self.count, self.layout_choice, self.staff, self.expiry,
                       self.close_button):
            widget.setEnabled(not busy)
        self.refresh_preview()

    def _done(self, result: tuple[int, Path | None]) -> None:
        count, path = result
        self._printer = None
        self.progress.hide()
        self._set_busy(False)
        self.message.setProperty("role", "ok")
        self.message.style().polish(self.message)
        if path is not None:
            self.last_pdf = path
            self.message.setText(ngettext("{n} card saved to {path}.", "{n} cards saved to {path}.",
                                          count).format(n=count, path=path))
        else:
            self.message.setText(ngettext("{n} card sent to the printer.", "{n} cards sent to the printer.",
                                          count).format(n=count))
        self.cards_issued.emit(int(self.survey.currentData()))

    def _failed(self, error: BaseException) -> None:
        self._printer = None
        self.progress.hide()
        self._set_busy(False)
        if isinstance(error, SmallCSError):
            self._fail_message(str(error))
        else:
            log.error("printing survey cards failed", exc_info=error)
            self._fail_message(_("The cards could not be printed; no card was issued."
                                 " The details are in the log file."))

    def _fail_message(self, text: str) -> None:
        self.message.setProperty("role", "error")
        self.message.style().polish(self.message)
        self.message.setText(text)

    def reject(self) -> None:
        if not self.busy:  # a worker is writing: closing now would leave its result nowhere
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.busy:
            event.ignore()
        else:
            super().closeEvent(event)


def print_card_for_complaint(actor: Staff, complaint_id: int, parent: QWidget | None) -> PrintCardsDialog | None:
    """Open the dialog for the one survey card of a resolved complaint (any staff member).

    Returns:
        The open dialog (it deletes itself when closed), or None when ``actor`` may not print it.
    """
    if not allowed(actor, "surveys.card_for_complaint"):
        return None
    dialog = PrintCardsDialog(actor, parent, complaint_id=complaint_id)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
