"""The Take-away receipt button: the customer's receipt previewed, saved as a PDF and printed from the detail."""

from __future__ import annotations

import stat
from decimal import Decimal
from pathlib import Path

import pypdf
from PySide6.QtGui import QImage, QPainter
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from smallcs import complaints
from smallcs.models import AuditEvent, Complaint, Staff
from smallcs.models.enums import Outcome, StepKind
from smallcs.reports.receipt import STRIP, receipt_for
from smallcs.ui.complaint_desk.page import ComplaintsPage
from smallcs.ui.complaint_desk.quick_entry import QuickEntryDialog
from smallcs.ui.complaint_desk.receipt_dialog import ReceiptDialog, record_receipt
from smallcs.ui.surveys.qt_canvas import replay
from tests.ui.complaint_desk.conftest import open_page, settle


def _open(qtbot: QtBot, page: ComplaintsPage, complaint: Complaint) -> None:
    page.filters.choose_view("all")
    settle(qtbot, page)
    page.table.selectRow(page.model.row_of(complaint.id))
    assert page.detail.title.text() == complaint.reference


def _text(path: Path) -> str:
    return " ".join(" ".join(p.extract_text().split()) for p in pypdf.PdfReader(path).pages)


def test_staff_save_the_receipt_as_a_pdf(qtbot: QtBot, clerk: Staff, shop: dict[str, Complaint],
                                         tmp_path: Path) -> None:
    invoice = shop["invoice"]
    complaints.add_step(clerk, invoice.id, kind=StepKind.OFFERED_REMEDY, text="Refund the second charge")
    complaints.resolve(clerk, invoice.id, outcome=Outcome.REFUND, compensation=Decimal("24.90"))
    page = open_page(qtbot, clerk)  # a staff member: no special role needed
    _open(qtbot, page, invoice)
    workflow = page.detail.workflow
    button = workflow.buttons["receipt"]
    assert "receipt" in workflow.offered() and button.text() == "Ta&ke-away receipt…" and button.toolTip()

    target = tmp_path / "receipt.pdf"
    if button.isVisible():
        button.click()
    else:  # the detail's line has no room for it: it waits in More, as it says
        more = next(action for action in workflow.more_menu.actions() if action.text() == button.text())
        assert more.toolTip() == button.toolTip()
        more.trigger()
    dialog = page.detail.workflow.receipt_dialog
    assert isinstance(dialog, ReceiptDialog)
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.windowTitle() == f"Receipt for complaint {invoice.reference}"
    assert dialog.preview.page is not None
    dialog.save_button.click()
    chooser = dialog.file_chooser  # opened, not exec'd: nothing waits on it
    assert isinstance(chooser, QFileDialog) and chooser.isVisible()
    assert chooser.selectedFiles()[0].endswith(f"{invoice.reference}.pdf")
    chooser.selectFile(str(target))
    with qtbot.waitSignal(dialog.saved):
        chooser.accept()
    assert dialog.message.text() == f"Receipt saved to {target}."
    text = _text(target)
    for expected in (invoice.reference, "Corner Shop", "Charged twice for one kettle", "Refund the second charge",
                     "€24.90", "Sam Staff"):
        assert expected in text, expected
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    dialog.close()


def test_the_strip_layout_and_a_folder_that_is_gone(qtbot: QtBot, owner: Staff, shop: dict[str, Complaint],
                                                     tmp_path: Path) -> None:
    dialog = ReceiptDialog(owner, shop["parcel"].id)
    qtbot.add_widget(dialog)
    dialog.layout_choice.setCurrentIndex(dialog.layout_choice.findData(STRIP))
    assert dialog.preview.page is not None and round(dialog.preview.page.width) == 227  # 80 mm
    dialog.save_pdf(tmp_path / "gone" / "receipt.pdf")
    assert "does not exist" in dialog.message.text() and not (tmp_path / "gone").exists()
    dialog.save_pdf(tmp_path / "strip.pdf")
    assert shop["parcel"].reference in _text(tmp_path / "strip.pdf")


def test_printing_paints_the_receipt_on_the_printer(qtbot: QtBot, owner: Staff, shop: dict[str, Complaint],
                                                    tmp_path: Path) -> None:
    dialog = ReceiptDialog(owner, shop["parcel"].id)
    qtbot.add_widget(dialog)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    before = AuditEvent.select().count()
    dialog.print_to(printer)
    assert dialog.message.text() == "Receipt sent to the printer."
    printed_event = AuditEvent.select().order_by(AuditEvent.id.desc()).get()
    assert AuditEvent.select().count() == before + 1
    assert (printed_event.staff_id, printed_event.action, printed_event.entity_id) == (
        owner.id, "receipt.export", str(shop["parcel"].id))
    assert '"to": "printer"' in printed_event.detail
    printed = _text(tmp_path / "printed.pdf")
    assert shop["parcel"].reference in printed and "Parcel three days late" in printed


def test_the_qt_drawing_matches_the_pdf(qtbot: QtBot, owner: Staff, shop: dict[str, Complaint]) -> None:
    """The page the preview and printer get, painted to /tmp/receipt-qt.png for a person to compare."""
    page = record_receipt(receipt_for(owner, shop["parcel"].id), layout="sheet")
    image = QImage(int(page.width * 100 / 72), int(page.height * 100 / 72), QImage.Format.Format_RGB32)
    image.fill(0xFFFFFFFF)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.scale(100 / 72, 100 / 72)
    replay(page, painter)
    painter.end()
    image.save("/tmp/receipt-qt.png")
    assert (round(page.width), round(page.height)) == (595, 842)  # the shop's A4
    assert image.pixelColor(image.width() // 2, 3).name() == "#1f6fb2"  # the shop's colour band


def test_a_receipt_is_offered_for_every_status(qtbot: QtBot, owner: Staff, shop: dict[str, Complaint]) -> None:
    page = open_page(qtbot, owner)
    for complaint in shop.values():
        _open(qtbot, page, complaint)
        assert "receipt" in page.detail.workflow.offered()


def test_quick_entry_offers_the_receipt_after_saving(qtbot: QtBot, owner: Staff, shop: dict[str, Complaint]) -> None:
    form = QuickEntryDialog(owner)
    qtbot.add_widget(form)
    form.show()
    assert not form.print_receipt.isChecked()  # unobtrusive: only when asked for
    form.category.setCurrentIndex(1)
    form.summary.setText("Shelf label shows the wrong price")
    form.print_receipt.setChecked(True)
    created: list[int] = []
    form.complaint_created.connect(created.append)
    form.save()
    dialog = form.receipt_dialog
    assert isinstance(dialog, ReceiptDialog)
    qtbot.add_widget(dialog)
    assert dialog.complaint_id == created[0] and dialog.isVisible() and not form.isVisible()
    assert dialog.receipt.summary == "Shelf label shows the wrong price"
