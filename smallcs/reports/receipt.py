"""The complaint receipt: one page the customer takes away, with the reference and what was agreed.

It is drawn on any reportlab canvas, so the desktop app prints it through its Qt
canvas with the very layout the PDF gets. Everything typed (the summary, the
customer's words, step notes, names) is escaped before it reaches a Paragraph,
so markup in it prints as typed; Arabic and Hebrew go through ``shaping.py`` and
``rtl_paragraph.py`` like the monthly report's, in reading order with joined letters.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    Frame,
    HRFlowable,
    KeepInFrame,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from smallcs import clock, complaints, customers, locale_format, settings
from smallcs.audit_exports import publish, record_receipt
from smallcs.complaints import labels
from smallcs.complaints.resolution_text import read_resolution
from smallcs.errors import NotFound, ValidationError
from smallcs.i18n import _
from smallcs.models import Complaint, Staff, write_transaction
from smallcs.models.enums import Status, StepKind
from smallcs.os_errors import discard_leftover, os_error_reason
from smallcs.permissions import require
from smallcs.reports import fonts, shaping
from smallcs.reports.card_layouts import read_logo
from smallcs.reports.report_styles import INK, MUTED, TINT, para
from smallcs.reports.rtl_paragraph import RtlParagraph

SHEET = "sheet"
STRIP = "receipt-80mm"
LAYOUTS = (SHEET, STRIP)

# Steps that say what was agreed or done for the customer (notes and investigations stay inside).
AGREED_KINDS = (StepKind.OFFERED_REMEDY, StepKind.REFUNDED, StepKind.REPLACED, StepKind.RESOLVED,
                StepKind.REOPENED)
MAX_STEPS = 6
# Longer texts are cut with an ellipsis: the receipt must stay one page.
_MAX_TEXT = {SHEET: 1000, STRIP: 800}
_MAX_STEP_TEXT = 300
_SHEET_MARGIN = 18 * mm
_STRIP_PAPER, _STRIP_PRINTABLE = 80 * mm, 72 * mm
_STRIP_MARGIN = 6 * mm
# Tables set a font before drawing each cell (Helvetica by default, which the Qt canvas does not have).
_CELL_FONT = ("FONTNAME", (0, 0), (-1, -1), fonts.REGULAR)
_PADDINGS = ("LEFTPADDING", "RIGHTPADDING", "TOPPADDING", "BOTTOMPADDING")


@dataclasses.dataclass(frozen=True)
class ReceiptStep:
    """One line of what was agreed: when, what kind of step, and its note."""

    when: str
    what: str
    text: str


@dataclasses.dataclass(frozen=True)
class Receipt:
    """Everything a receipt prints, already formatted for the reader's language."""

    shop_name: str
    shop_address: str
    logo_png: bytes
    accent: str
    page_size: str
    reference: str
    received: str
    channel: str
    status: str
    served_by: str
    handled_by: str
    customer: str
    order_reference: str
    summary: str
    description: str
    desired_outcome: str
    steps: Sequence[ReceiptStep]
    follow_up: str
    outcome: str
    compensation: str
    printed: str


def find_complaint(reference: str) -> int:
    """The id of the complaint with this reference (``c-2026-0042`` works too), for the command line.

    Raises:
        NotFound: no complaint has it.
    """
    complaint = Complaint.get_or_none(Complaint.reference == reference.strip().upper())
    if complaint is None:
        raise NotFound(_("There is no complaint {reference}.").format(reference=reference.strip()))
    return int(complaint.id)


def _cut(text: str, limit: int) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[:limit].rstrip() + "\u2026"


def _step_text(kind: StepKind, text: str) -> str:
    """A step's note as the customer should read it.

    A resolution step carries generated words ("Resolved: refund. Compensation:
    25.00.") that the receipt says better, with the amount in the reader's format.
    """
    return read_resolution(text).own_words if kind == StepKind.RESOLVED else text


def receipt_for(actor: Staff, complaint_id: int) -> Receipt:
    """Gather what the receipt of complaint ``complaint_id`` prints (any active staff member).

    Raises:
        NotFound: no such complaint.
        PermissionDenied: ``actor``'s account is disabled.
    """
    require(actor, "complaint.receipt")
    complaint = complaints.get_complaint(complaint_id)
    profile = settings.get_profile()
    zone = profile.zone

    def local(moment: dt.datetime | None) -> str:
        return locale_format.date_time(clock.to_local(moment, zone)) if moment else ""

    steps = [step for step in complaints.steps_of(complaint.id) if StepKind(step.kind) in AGREED_KINDS]
    shown = [ReceiptStep(when=local(step.at), what=labels.step_kind(step.kind),
                         text=_cut(_step_text(StepKind(step.kind), step.text), _MAX_STEP_TEXT))
             for step in steps[-MAX_STEPS:]]
    status = Status(complaint.status)
    done = status in (Status.RESOLVED, Status.CLOSED)
    amount = complaints.compensation(complaint)
    customer = customers.get_customer(complaint.customer_id).name if complaint.customer_id else ""
    handled_by = complaint.assigned_to.display_name if complaint.assigned_to_id else ""
    return Receipt(
        shop_name=profile.name, shop_address=profile.address, logo_png=profile.logo_bytes,
        accent=profile.accent_colour, page_size=profile.page_size, reference=complaint.reference,
        received=local(complaint.received_at), channel=labels.channel(complaint.channel),
        status=labels.status(status), served_by=complaint.created_by.display_name,
        handled_by=handled_by if complaint.assigned_to_id != complaint.created_by_id else "",
        customer=customer, order_reference=complaint.order_reference, summary=complaint.summary,
        description=complaint.description, desired_outcome=complaint.desired_outcome, steps=tuple(shown),
        follow_up=locale_format.day_with_weekday(clock.to_local(complaint.follow_up_at, zone).date())
        if complaint.follow_up_at and status != Status.CLOSED else "",
        outcome=labels.outcome(complaint.outcome) if done and complaint.outcome else "",
        compensation=locale_format.money(amount, profile.currency) if done and amount else "",
        printed=local(clock.utcnow()),
    )


# --- drawing -------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class _Styles:
    shop: ParagraphStyle
    address: ParagraphStyle
    title: ParagraphStyle
    reference: ParagraphStyle
    heading: ParagraphStyle
    body: ParagraphStyle
    summary: ParagraphStyle
    caption: ParagraphStyle
    small: ParagraphStyle
    step: ParagraphStyle


def _styles(accent: colors.Color, *, strip: bool) -> _Styles:
    scale = 0.85 if strip else 1.0
    body = ParagraphStyle("receipt-body", fontName=fonts.REGULAR, fontSize=9.5 * scale, leading=13 * scale,
                          textColor=INK)
    return _Styles(
        shop=ParagraphStyle("receipt-shop", parent=body, fontName=fonts.BOLD, fontSize=15 * scale,
                            leading=18 * scale),
        address=ParagraphStyle("receipt-address", parent=body, fontSize=8.5 * scale, leading=11 * scale,
                               textColor=INK if strip else MUTED),
        title=ParagraphStyle("receipt-title", parent=body, fontName=fonts.BOLD, fontSize=11 * scale,
                             leading=14 * scale, textColor=INK if strip else accent, spaceBefore=10 * scale),
        reference=ParagraphStyle("receipt-reference", parent=body, fontName=fonts.BOLD, fontSize=28 * scale,
                                 leading=33 * scale, spaceAfter=6 * scale),
        heading=ParagraphStyle("receipt-heading", parent=body, fontName=fonts.BOLD, fontSize=10.5 * scale,
                               leading=13 * scale, spaceBefore=9 * scale, spaceAfter=3 * scale),
        body=body,
        summary=ParagraphStyle("receipt-summary", parent=body, fontName=fonts.BOLD, spaceAfter=3 * scale),
        caption=ParagraphStyle("receipt-caption", parent=body, textColor=INK if strip else MUTED),
        # Never below 7.5 pt: thermal printers blur smaller type.
        small=ParagraphStyle("receipt-small", parent=body, fontSize=7.5, leading=9.5,
                             textColor=INK if strip else MUTED),
        step=ParagraphStyle("receipt-step", parent=body, spaceAfter=4 * scale),
    )


class _StartAligned(RtlParagraph):
    """A right-to-left value that fits on one line is only as wide as that line, so it starts beside its caption.

    An :class:`RtlParagraph` of Arabic or Hebrew takes the whole width it is given
    and sets its lines against the right edge: a name in the facts table would
    stand at the far end of the row, away from "Customer". Reporting the line's
    own width lets the table put it at the start of its cell. A value of several
    lines keeps the whole width, its lines against the right edge as a
    right-to-left paragraph's are.
    """

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        super().wrap(availWidth, availHeight)
        if len(self.lines) == 1:
            style = self.style
            self.width = min(availWidth, self._width(self.lines[0]) + style.leftIndent + style.rightIndent)
        return self.width, self.height


def _value(text: str, style: ParagraphStyle) -> Flowable:
    """A value beside its caption: plain text, right-to-left runs in reading order with joined letters."""
    return _StartAligned(text, style) if shaping.needs_bidi(text) else para(text, style)


def _labelled(caption: str, value: str, style: ParagraphStyle, width: float) -> Flowable:
    """"Caption: value" with the caption in bold, both escaped (the caption alone when there is no value).

    A reportlab Paragraph would print a right-to-left value's words in typed order
    (and Hebrew letters backwards), and an :class:`RtlParagraph` has one font, so
    such a value gets a column of its own beside the bold caption, or the whole
    width below it when the caption would leave it less than half.
    """
    if not value.strip():
        return Paragraph(f"<b>{escape(caption)}</b>", style)
    if not shaping.needs_bidi(value):
        return Paragraph(f"<b>{escape(caption)}:</b> " + escape(value).replace("\n", "<br/>"), style)
    label = Paragraph(f"<b>{escape(caption)}:</b>", style)
    label_width = fonts.text_width(f"{caption}: ", font=fonts.BOLD, size=style.fontSize)
    if label_width <= width / 2:
        table = Table([[label, _value(value, style)]], colWidths=[label_width, width - label_width], hAlign="LEFT")
    else:
        table = Table([[label], [para(value, style)]], colWidths=[width], hAlign="LEFT")
    table.setStyle(TableStyle([_CELL_FONT, ("VALIGN", (0, 0), (-1, -1), "TOP"),
                               *((edge, (0, 0), (-1, -1), 0) for edge in _PADDINGS)]))
    table.spaceBefore, table.spaceAfter = style.spaceBefore, style.spaceAfter
    return table


def _rows(rows: Sequence[tuple[str, str]], styles: _Styles, width: float, *, strip: bool) -> Flowable:
    """Captions and values in two columns; on a sheet on a light tint."""
    cells = [[para(caption, styles.caption), _value(value, styles.body)] for caption, value in rows]
    table = Table(cells, colWidths=[width * (0.38 if strip else 0.24), width * (0.62 if strip else 0.76)],
                  hAlign="LEFT")
    table.setStyle(TableStyle([
        _CELL_FONT, ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0 if strip else 6), ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
        *([] if strip else [("BACKGROUND", (0, 0), (-1, -1), TINT), ("TOPPADDING", (0, 0), (-1, 0), 4),
                            ("BOTTOMPADDING", (0, -1), (-1, -1), 4)]),
    ]))
    return table


def _facts(receipt: Receipt) -> list[tuple[str, str]]:
    rows = [(_("Received"), receipt.received), (_("Channel"), receipt.channel),
            (_("Status"), receipt.status), (_("Served by"), receipt.served_by)]
    if receipt.handled_by:
        rows.append((_("Looked after by"), receipt.handled_by))
    if receipt.customer:
        rows.append((_("Customer"), receipt.customer))
    if receipt.order_reference:
        rows.append((_("Order or product"), receipt.order_reference))
    return rows


def _reference(receipt: Receipt, style: ParagraphStyle, width: float) -> Paragraph:
    """The reference as large as the room allows."""
    text, size = fonts.fit_text(receipt.reference, font=fonts.BOLD, width=width, size=style.fontSize,
                                min_size=12)
    return para(text, ParagraphStyle("receipt-reference-fitted", parent=style, fontSize=size,
                                     leading=size * 1.18))


def _agreed(receipt: Receipt, styles: _Styles, width: float, *, strip: bool) -> list[Flowable]:
    story: list[Flowable] = [para(_("What we agreed"), styles.heading)]
    for step in receipt.steps:
        story += [para(step.when, styles.small), _labelled(step.what, step.text, styles.step, width)]
    result = [(caption, value) for caption, value in ((_("Outcome"), receipt.outcome),
                                                      (_("Compensation"), receipt.compensation)) if value]
    if result:
        story += [Spacer(1, 2), _rows(result, styles, width, strip=strip)]
    if receipt.follow_up:
        story += [Spacer(1, 4), para(_("We will contact you again on {when}.").format(when=receipt.follow_up),
                                     styles.body)]
    if not (receipt.steps or result or receipt.follow_up):
        story.append(para(_("Nothing has been agreed yet: we are looking into it and will keep you informed."),
                          styles.body))
    return story


def _keep_this(receipt: Receipt, styles: _Styles, width: float, *, strip: bool,
               accent: colors.Color) -> list[Flowable]:
    """The reminder to keep the receipt, with the shop's contact."""
    lines: list[Flowable] = [para(_("Keep this receipt; quote the reference {reference} when you contact us.")
                                  .format(reference=receipt.reference), styles.summary)]
    contact = "\n".join(part for part in (receipt.shop_name, receipt.shop_address) if part)
    if contact:
        lines.append(para(contact, styles.body))
    if strip:
        return [Spacer(1, 8), HRFlowable(width="100%", thickness=0.8, color=INK, spaceAfter=6), *lines]
    box = Table([[lines]], colWidths=[width], hAlign="LEFT")
    box.setStyle(TableStyle([_CELL_FONT, ("BOX", (0, 0), (-1, -1), 1, accent), ("LEFTPADDING", (0, 0), (-1, -1), 8),
                             ("RIGHTPADDING", (0, 0), (-1, -1), 8), ("TOPPADDING", (0, 0), (-1, -1), 6),
                             ("BOTTOMPADDING", (0, 0), (-1, -1), 7)]))
    return [Spacer(1, 14), box]


def _story(receipt: Receipt, styles: _Styles, width: float, *, layout: str, accent: colors.Color) -> list[Flowable]:
    strip = layout == STRIP
    limit = _MAX_TEXT[layout]
    story: list[Flowable] = [para(_("Your complaint"), styles.title), _reference(receipt, styles.reference, width),
                             _rows(_facts(receipt), styles, width, strip=strip),
                             para(_("What you told us"), styles.heading), para(receipt.summary, styles.summary)]
    if receipt.description:
        story.append(para(_cut(receipt.description, limit), styles.body))
    if receipt.desired_outcome:
        story += [Spacer(1, 3), _labelled(_("What you would like"), _cut(receipt.desired_outcome, limit // 3),
                                          styles.body, width)]
    story += _agreed(receipt, styles, width, strip=strip)
    story += _keep_this(receipt, styles, width, strip=strip, accent=accent)
    story += [Spacer(1, 6), para(_("Printed on {when}").format(when=receipt.printed), styles.small)]
    return story


def _header(receipt: Receipt, styles: _Styles, width: float, *, strip: bool) -> list[Flowable]:
    """Logo, shop name and address; on a strip the logo sits above the name."""
    logo = read_logo(receipt.logo_png)
    texts: list[Flowable] = []
    if receipt.shop_name:
        texts.append(para(receipt.shop_name, styles.shop))
    if receipt.shop_address:
        texts.append(para(receipt.shop_address, styles.address))
    if logo is None:
        return texts
    logo_w, logo_h = logo.getSize()
    height = 14 * mm if strip else 18 * mm
    picture = _Logo(logo, width=min(height * logo_w / logo_h, width / 3), height=height)
    if strip:
        return [picture, Spacer(1, 4), *texts]
    table = Table([[picture, texts]], colWidths=[picture.width + 10, width - picture.width - 10], hAlign="LEFT")
    table.setStyle(TableStyle([_CELL_FONT, ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 0),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
    return [table]


class _Logo(Flowable):
    """The shop's logo fitted into a box, drawn with the canvas's own ``drawImage``."""

    def __init__(self, image: ImageReader, *, width: float, height: float) -> None:
        super().__init__()
        self.image, self.width, self.height = image, width, height

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        self.canv.drawImage(self.image, 0, 0, self.width, self.height, preserveAspectRatio=True,
                            anchor="w", mask="auto")


def sheet_size(receipt: Receipt) -> tuple[float, float]:
    """The shop's paper (A4 or Letter) in points."""
    return LETTER if receipt.page_size == "Letter" else A4


def draw_receipt(canvas: Canvas, receipt: Receipt, *, layout: str = SHEET) -> None:
    """Draw the receipt as one page on ``canvas`` (a PDF's, or any canvas with its methods).

    Args:
        canvas: where to draw; the page is sized with ``setPageSize`` and ended with ``showPage``.
        receipt: what to print.
        layout: ``sheet`` (the shop's A4 or Letter paper) or ``receipt-80mm`` (a strip as
            tall as its content, black only, for a receipt printer).

    Raises:
        ValueError: an unknown layout (a programming error).
    """
    if layout not in LAYOUTS:
        raise ValueError(f"unknown receipt layout {layout!r}; expected one of {LAYOUTS}")
    fonts.register_fonts()
    strip = layout == STRIP
    accent = colors.HexColor(receipt.accent)
    styles = _styles(accent, strip=strip)
    if strip:
        width = _STRIP_PRINTABLE
        story = _header(receipt, styles, width, strip=True) + _story(receipt, styles, width, layout=layout, accent=accent)
        height = sum(_height(flowable, width) for flowable in story)
        page = (_STRIP_PAPER, height + 2 * _STRIP_MARGIN)
        canvas.setPageSize(page)
        frame = Frame((_STRIP_PAPER - width) / 2, _STRIP_MARGIN, width, height + 1,
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        frame.addFromList(story, canvas)
        canvas.showPage()
        return
    page = sheet_size(receipt)
    canvas.setPageSize(page)
    canvas.saveState()
    canvas.setFillColor(accent)
    canvas.rect(0, page[1] - 6 * mm, page[0], 6 * mm, stroke=0, fill=1)
    canvas.restoreState()
    width = page[0] - 2 * _SHEET_MARGIN
    story = _header(receipt, styles, width, strip=False) + _story(receipt, styles, width, layout=layout, accent=accent)
    height = page[1] - 2 * _SHEET_MARGIN
    frame = Frame(_SHEET_MARGIN, _SHEET_MARGIN, width, height,
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    # Whatever still does not fit is shrunk onto the page, never carried over to a second one.
    frame.addFromList([KeepInFrame(width, height, story, mode="shrink")], canvas)
    canvas.showPage()


def _height(flowable: Flowable, width: float) -> float:
    _w, height = flowable.wrap(width, 100_000)
    return float(height + flowable.getSpaceBefore() + flowable.getSpaceAfter())


def receipt_printed(actor: Staff, complaint_id: int, *, layout: str) -> None:
    """Record in the audit log that the receipt of ``complaint_id`` went to a printer.

    (A receipt saved as a PDF is recorded by ``write_complaint_receipt``.)
    """
    with write_transaction():
        record_receipt(actor, complaint_id, to="printer", layout=layout)


def write_complaint_receipt(actor: Staff, complaint_id: int, output: str | os.PathLike[str], *,
                            layout: str = SHEET) -> Path:
    """Write the receipt of a complaint to the PDF ``output`` (private to this user, mode 0600).

    Args:
        actor: who prints it (any active staff member).
        complaint_id: the complaint.
        output: the PDF file; replaced only once the new one is complete.
        layout: ``sheet`` or ``receipt-80mm`` (see :func:`draw_receipt`).

    Returns:
        The path written.

    Raises:
        NotFound: no such complaint (nothing is written).
        PermissionDenied: ``actor``'s account is disabled.
        ValidationError: an unknown layout, or the file cannot be written there.
    """
    if layout not in LAYOUTS:
        raise ValidationError(_("Unknown receipt layout '{layout}'.").format(layout=layout), field="layout")
    target = Path(output).expanduser()
    if not target.name or target.is_dir():
        raise ValidationError(_("{path} is a folder: choose a file name for the receipt.").format(path=target),
                              field="output")
    if not target.parent.is_dir():
        raise ValidationError(_("The folder {path} does not exist.").format(path=target.parent), field="output")
    receipt = receipt_for(actor, complaint_id)
    partial: str | None = None
    try:
        # mkstemp creates the file 0600: the receipt names a customer and what they told us.
        handle, partial = tempfile.mkstemp(dir=target.parent, prefix=f".{target.stem}-", suffix=".partial")
        with os.fdopen(handle, "wb") as stream:
            canvas = Canvas(stream, pagesize=sheet_size(receipt), pageCompression=1)
            canvas.setTitle(_("Complaint {reference}").format(reference=receipt.reference))
            canvas.setAuthor(receipt.shop_name or "SmallCS")
            canvas.setCreator("SmallCS")
            draw_receipt(canvas, receipt, layout=layout)
            canvas.save()
        publish(partial, target, lambda: record_receipt(actor, complaint_id, to="pdf", layout=layout))
        partial = None
    except OSError as exc:
        raise ValidationError(_("The receipt could not be written to {path}: {reason}").format(
            path=target, reason=os_error_reason(exc)), field="output") from exc
    finally:
        if partial is not None:
            discard_leftover(partial)
    return target.absolute()
