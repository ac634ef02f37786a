"""The receipt dialog's preview (and so the printer) shows right-to-left texts as the PDF does."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image
from pytestqt.qtbot import QtBot
from reportlab.pdfgen.canvas import Canvas

from smallcs import complaints, customers
from smallcs.models import Category, Staff
from smallcs.models.enums import Channel, Outcome, StepKind
from smallcs.reports.receipt import SHEET, STRIP, Receipt, draw_receipt, receipt_for
from smallcs.ui.complaint_desk.receipt_dialog import record_receipt
from tests.ui.surveys.rendering import DPI, compare, qt_page


def _pdf_picture(receipt: Receipt, layout: str) -> Image.Image:
    """The receipt as its PDF prints it, rasterised by pdfium."""
    pdf = io.BytesIO()
    canvas = Canvas(pdf)
    draw_receipt(canvas, receipt, layout=layout)
    canvas.save()
    document = pdfium.PdfDocument(pdf.getvalue())
    try:
        return document[0].render(scale=DPI / 72).to_pil().convert("RGB")
    finally:
        document.close()


def test_the_preview_joins_and_orders_arabic_and_hebrew_as_the_pdf(qtbot: QtBot, owner: Staff) -> None:
    customer = customers.create_customer(owner, name="مريم الحسن", phone="612 345 679")
    complaint = complaints.create_complaint(
        owner, channel=Channel.IN_PERSON, category_id=Category.get(Category.name == "Product defect").id,
        summary="المكواة توقفت عن العمل بعد أسبوع", customer_id=customer.id,
        desired_outcome="קומקום חדש או החזר כספי")
    complaints.add_step(owner, complaint.id, kind=StepKind.OFFERED_REMEDY, text="عرضنا استرداد المبلغ بالكامل")
    complaints.resolve(owner, complaint.id, outcome=Outcome.REFUND, compensation=Decimal("12.50"))
    for layout in (SHEET, STRIP):
        receipt = receipt_for(owner, complaint.id)
        reference = _pdf_picture(receipt, layout)
        preview = qt_page(record_receipt(receipt, layout=layout), reference.size)
        preview.save(Path("/tmp") / f"receipt-rtl-qt-{layout}.png")
        difference = compare(reference, preview)
        assert difference.same_page, (layout, difference)
