"""The complaint receipt dialog: see the customer's receipt, print it or save it as a PDF.

The preview and the printer get the receipt's own reportlab drawing, replayed
on a QPainter (``surveys/qt_canvas.py``), so paper and PDF match.
"""

from __future__ import annotations

import itertools
import logging
from pathlib import Path
from typing import cast

from PySide6.QtCore import QMarginsF, Qt, Signal
from PySide6.QtGui import QPageLayout, QPainter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from reportlab.pdfgen.canvas import Canvas

from smallcs.errors import SmallCSError
from smallcs.i18n import _
from smallcs.models import Staff
from smallcs.reports.receipt import (
    SHEET,
    STRIP,
    Receipt,
    draw_receipt,
    receipt_for,
    receipt_printed,
    write_complaint_receipt,
)
from smallcs.ui.choosers import ask_printer, ask_save_path
from smallcs.ui.complaint_desk.messages import show_refusal
from smallcs.ui.surveys.card_painter import page_size
from smallcs.ui.surveys.card_preview import CardPreview
from smallcs.ui.surveys.qt_canvas import QtCanvas, RecordedPage, prepare_fonts, replay

log = logging.getLogger(__name__)


def record_receipt(receipt: Receipt, *, layout: str) -> RecordedPage:
    """The receipt's one page, recorded for a QPainter."""
    pages: list[RecordedPage] = []
    # QtCanvas answers every call the receipt's flowables make of a reportlab canvas.
    draw_receipt(cast(Canvas, QtCanvas(pages.append)), receipt, layout=layout)
    return pages[0]


def print_page(printer: QPrinter, page: RecordedPage) -> bool:
    """Paint ``page`` on ``printer`` at 100 % on paper of its own size; False when the printer refused."""
    printer.setFullPage(True)
    printer.setPageLayout(QPageLayout(page_size(page.width, page.height), QPageLayout.Orientation.Portrait,
                                      QMarginsF(0, 0, 0, 0)))
    painter = QPainter()
    if not painter.begin(printer):
        return False
    scale = printer.resolution() / 72
    painter.scale(scale, scale)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    replay(page, painter)
    return painter.end()


class ReceiptDialog(QDialog):
    """The receipt of one complaint: a preview, the paper it goes on, Save as PDF and Print."""

    saved = Signal(Path)

    def __init__(self, actor: Staff, complaint_id: int, parent: QWidget | None = None) -> None:
        """Raises:
            NotFound, PermissionDenied: as ``receipt_for`` (the caller shows why).
        """
        super().__init__(parent)
        self.actor, self.complaint_id = actor, complaint_id
        self.receipt = receipt_for(actor, complaint_id)
        self.last_pdf: Path | None = None
        self.file_chooser: QFileDialog | None = None  # "Save as PDF": where to, while asked
        self.print_chooser: QPrintDialog | None = None  # "Print": which printer, while asked
        prepare_fonts()
        self.setWindowTitle(_("Receipt for complaint {reference}").format(reference=self.receipt.reference))
        self.setMinimumSize(760, 560)

        self.layout_choice = QComboBox(objectName="receiptLayout")
        self.layout_choice.addItem(_("{paper} page").format(paper=_(self.receipt.page_size)), SHEET)
        self.layout_choice.addItem(_("Receipt printer, 80 mm paper"), STRIP)
        self.layout_choice.currentIndexChanged.connect(self.refresh_preview)
        form = QFormLayout()
        form.addRow(_("&Layout:"), self.layout_choice)
        explanation = QLabel(_("The customer's copy: the reference, what they told us, what was agreed and"
                               " how to reach the shop. Internal notes are not printed."))
        explanation.setWordWrap(True)
        explanation.setProperty("role", "muted")

        self.save_button = QPushButton(_("Save as &PDF…"), objectName="saveReceiptButton")
        self.save_button.setProperty("role", "primary")
        self.save_button.setDefault(True)  # Enter saves from the layout choice too, as it did when Save had the focus
        self.save_button.clicked.connect(self.choose_pdf)
        self.print_button = QPushButton(_("Pr&int…"), objectName="printReceiptButton")
        self.print_button.clicked.connect(self.choose_printer)
        close = QPushButton(_("Close"), objectName="closeButton")
        close.clicked.connect(self.reject)
        self.message = QLabel(objectName="receiptMessage")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        left = QVBoxLayout()
        left.addLayout(form)
        left.addWidget(explanation)
        left.addStretch()
        left.addWidget(self.message)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.print_button)
        buttons.addStretch()
        buttons.addWidget(close)
        left.addLayout(buttons)
        self.preview = CardPreview()
        self.preview.setAccessibleName(_("Preview of the receipt"))
        outer = QHBoxLayout(self)
        outer.addLayout(left, 2)
        outer.addWidget(self.preview, 3)
        self.refresh_preview()
        # Tab reads the dialog as it is laid out: the paper first, then the buttons under it (the preview
        # only shows); the dialog opens on the first of them.
        for earlier, later in itertools.pairwise((self.layout_choice, self.save_button, self.print_button, close)):
            QWidget.setTabOrder(earlier, later)
        self.layout_choice.setFocus()

    @property
    def layout_key(self) -> str:
        return str(self.layout_choice.currentData())

    def refresh_preview(self) -> None:
        self.preview.show_page(record_receipt(self.receipt, layout=self.layout_key))

    # --- saving and printing ------------------------------------------
    def choose_pdf(self) -> None:
        """Ask where to save (nothing waits on the question), then save."""
        chooser = ask_save_path(self, _("Save the receipt as"), "receipt", f"{self.receipt.reference}.pdf",
                                _("PDF files (*.pdf)"), self.save_pdf)
        chooser.finished.connect(lambda _result: setattr(self, "file_chooser", None))
        self.file_chooser = chooser

    def save_pdf(self, path: Path) -> None:
        """Write the receipt (as it is in the database now) to ``path``."""
        try:
            written = write_complaint_receipt(self.actor, self.complaint_id, path, layout=self.layout_key)
        except SmallCSError as exc:
            self._say(str(exc), role="error")
            return
        self.last_pdf = written
        self._say(_("Receipt saved to {path}.").format(path=written), role="ok")
        self.saved.emit(written)

    def choose_printer(self) -> None:
        """The system print dialog (nothing waits on it), then print."""
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        page = self.preview.page
        if page is not None:
            printer.setPageSize(page_size(page.width, page.height))
        chooser = ask_printer(self, printer, _("Print the receipt"), self.print_to)
        chooser.finished.connect(lambda _result: setattr(self, "print_chooser", None))
        self.print_chooser = chooser

    def print_to(self, printer: QPrinter) -> None:
        """Print the receipt (as it is in the database now) on ``printer``."""
        try:
            self.receipt = receipt_for(self.actor, self.complaint_id)
        except SmallCSError as exc:
            self._say(str(exc), role="error")
            return
        page = record_receipt(self.receipt, layout=self.layout_key)
        self.preview.show_page(page)
        if print_page(printer, page):
            self._say(_("Receipt sent to the printer."), role="ok")
            try:
                receipt_printed(self.actor, self.complaint_id, layout=self.layout_key)
            except SmallCSError:  # printed all the same: the counter goes on
                log.exception("the printed receipt of complaint %s could not be audited", self.complaint_id)
        else:
            log.warning("the printer did not take the complaint receipt")
            self._say(_("The printer could not be used; the receipt was not printed."), role="error")

    def _say(self, text: str, *, role: str) -> None:
        self.message.setProperty("role", role)
        self.message.style().polish(self.message)
        self.message.setText(text)


def open_receipt(actor: Staff, complaint_id: int, parent: QWidget | None) -> ReceiptDialog | None:
    """Open the receipt dialog for a complaint (it deletes itself when closed); None after a refusal shown."""
    try:
        dialog = ReceiptDialog(actor, complaint_id, parent)
    except SmallCSError as exc:
        if parent is not None:
            show_refusal(parent, _("No receipt"), str(exc))
        else:
            box = QMessageBox(QMessageBox.Icon.Warning, _("No receipt"), str(exc))
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.open()
        return None
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
