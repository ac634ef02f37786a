"""The monthly service report: one PDF that tells the owner how the service went.

Every figure comes from ``smallcs.metrics`` (gathered by ``report_data``); the
section modules only lay them out with reportlab platypus. The PDF is written
to a temporary file beside the target and renamed into place, so a run that
fails never leaves half a report behind, nor replaces a good one.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, SimpleDocTemplate

from smallcs import clock, settings
from smallcs.audit_exports import publish, record_report
from smallcs.errors import ValidationError
from smallcs.i18n import _
from smallcs.metrics import Period
from smallcs.models import Staff
from smallcs.os_errors import os_error_reason
from smallcs.permissions import allowed, require
from smallcs.reports import fonts, report_data
from smallcs.reports.month_names import month_title
from smallcs.reports.report_complaints import complaints_section
from smallcs.reports.report_people import comments_section, goals_section, staff_section
from smallcs.reports.report_styles import MUTED, Look, make_look
from smallcs.reports.report_summary import cover, summary
from smallcs.reports.report_surveys import surveys_section

log = logging.getLogger(__name__)

Progress = Callable[[int, str], None]
MARGIN = 18 * mm
COVER_BAND = 7 * mm


def report_month(month: str | dt.date, *, now: dt.datetime | None = None) -> Period:
    """The whole month a report is asked for, in the shop's time zone.

    Args:
        month: ``"YYYY-MM"`` or any day of the month.
        now: naive UTC (default: the clock); the month must be over by then.

    Raises:
        ValidationError: not a month, or a month that is not over yet.
    """
    zone = settings.get_profile().zone
    period = Period.parse(month, zone=zone) if isinstance(month, str) else \
        Period.for_month(month.year, month.month, zone=zone)
    if period.end > (now or clock.utcnow()):
        raise ValidationError(_("{month} is not over yet: a report covers a whole month. The Dashboard shows"
                                " this month so far.").format(month=month_title(period.year or 1,
                                                                                period.month or 1)),
                              field="month")
    return period


def _staff_wanted(actor: Staff | None, include_staff: bool | None) -> bool:
    """None: whenever the actor may see it. True: insist (refused unless an owner asks)."""
    if include_staff is False:
        return False
    if actor is None:
        return True
    if include_staff:
        require(actor, "report.staff")
    return allowed(actor, "report.staff")


def _checked_target(output: str | os.PathLike[str]) -> Path:
    target = Path(output).expanduser()
    if not target.name or target.is_dir():
        raise ValidationError(_("{path} is a folder: choose a file name for the report.").format(path=target),
                              field="output")
    if not target.parent.is_dir():
        raise ValidationError(_("The folder {path} does not exist.").format(path=target.parent), field="output")
    return target.absolute()


def numbered_canvas(shop: str, month: str) -> type[Canvas]:
    """A canvas that knows the page count: each page gets "Page n of m" in its footer."""
    class NumberedCanvas(Canvas):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)  # type: ignore[arg-type]
            self._pages: list[dict[str, object]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self._footer(total)
                super().showPage()
            super().save()

        def _footer(self, total: int) -> None:
            width = self._pagesize[0]
            self.saveState()
            self.setFont(fonts.REGULAR, 7.5)
            self.setFillColor(MUTED)
            self.setStrokeColor(MUTED)
            self.setLineWidth(0.3)
            self.line(MARGIN + 6, 14 * mm, width - MARGIN - 6, 14 * mm)
            left, _size = fonts.fit_text(_("{shop} · service report {month}").format(shop=shop, month=month),
                                         font=fonts.REGULAR, width=width * 0.6, size=7.5, min_size=7.5)
            self.drawString(MARGIN + 6, 10 * mm, left)
            self.drawRightString(width - MARGIN - 6, 10 * mm,
                                 _("Page {n} of {total}").format(n=self._pageNumber, total=total))
            self.restoreState()

    return NumberedCanvas


PageHook = Callable[[Canvas, SimpleDocTemplate], None]


def _cover_band(look: Look, then: PageHook) -> PageHook:
    """The first page's band of the shop's colour across the top, above the masthead."""
    def draw(canvas: Canvas, doc: SimpleDocTemplate) -> None:
        width, height = doc.pagesize
        canvas.saveState()
        canvas.setFillColor(look.accent)
        canvas.rect(0, height - COVER_BAND, width, COVER_BAND, stroke=0, fill=1)
        canvas.restoreState()
        then(canvas, doc)
    return draw


def _page_progress(progress: Progress) -> PageHook:
    def tell(canvas: Canvas, doc: SimpleDocTemplate) -> None:
        page = canvas.getPageNumber()
        progress(min(99, report_data.GATHERING_PERCENT + 2 * page), _("Laying out page {n}").format(n=page))
    return tell


def layout(data: report_data.ReportData, look: Look) -> list[Flowable]:
    """The story of the PDF, section after section."""
    story = cover(data, look) + summary(data, look) + complaints_section(data, look) + surveys_section(data, look)
    if data.staff is not None:
        story += staff_section(data, look)
    story += goals_section(data, look)
    if data.comments is not None:
        story += comments_section(data, look)
    return story


def render(data: report_data.ReportData, target: Path, *, progress: Progress) -> None:
    """Lay out ``data`` and write the PDF to ``target`` (which is replaced), telling ``progress`` each page."""
    page = LETTER if data.profile.page_size == "Letter" else A4
    fonts.register_fonts()
    # The frame keeps reportlab's 6 pt padding on each side; tables and charts fill what is left.
    look = make_look(data.profile.accent_colour, page[0] - 2 * MARGIN - 12)
    month = month_title(data.period.year or 1, data.period.month or 1)
    shop = data.profile.name or "SmallCS"
    doc = SimpleDocTemplate(str(target), pagesize=page, leftMargin=MARGIN, rightMargin=MARGIN,
                            topMargin=MARGIN, bottomMargin=22 * mm, author=shop, creator="SmallCS",
                            title=_("{shop}: service report {month}").format(shop=shop, month=month),
                            subject=_("Monthly service report"))
    tell = _page_progress(progress)
    doc.build(layout(data, look), onFirstPage=_cover_band(look, tell), onLaterPages=tell,
              canvasmaker=numbered_canvas(shop, month))


def build_monthly_report(month: str | dt.date, output: str | os.PathLike[str], *, actor: Staff | None,
                         include_comments: bool = True, include_staff: bool | None = None,
                         progress: Progress | None = None, now: dt.datetime | None = None) -> Path:
    """Write the service report for a whole month to ``output``.

    Args:
        month: ``"YYYY-MM"`` or any day of the month; it must be over.
        output: the PDF file; replaced only once the new one is complete.
        actor: who asks (a manager or owner). None is the command line, run by
            whoever holds the database file, which on a shop's PC is the owner:
            it gets the owner's report.
        include_comments: print customers' comments.
        include_staff: the staff section. None: included when an owner (or the
            command line) asks; True: insist (refused for anyone else); False: leave out.
        progress: called as ``progress(percent, what)`` while the report is made.
        now: naive UTC for "generated on" and "overdue today" (default: the clock); goals are judged on the
            month's figures, their time gone by counted to its end.

    Returns:
        The path written.

    Raises:
        PermissionDenied: the actor may not make reports, or asked for the staff section
            without being an owner.
        ValidationError: not a finished month, or the file cannot be written there.
    """
    if actor is not None:
        require(actor, "report.generate")
    with_staff = _staff_wanted(actor, include_staff)
    moment = now or clock.utcnow()
    period = report_month(month, now=moment)
    target = _checked_target(output)
    report = progress or (lambda _percent, _what: None)
    data = report_data.gather(period, profile=settings.get_profile(), now=moment,
                              generated_by=actor.display_name if actor is not None else "",
                              include_staff=with_staff, include_comments=include_comments, progress=report)
    partial: str | None = None
    try:
        handle, partial = tempfile.mkstemp(dir=target.parent, prefix=f".{target.stem}-", suffix=".partial")
        os.close(handle)
        render(data, Path(partial), progress=report)
        publish(partial, target, lambda: record_report(actor, period.label, staff=data.staff, comments=data.comments))
    except PermissionError as exc:
        # A folder the user may not write in, or (on Windows) the old report still open in a PDF viewer.
        raise ValidationError(_("The report could not be written to {path}: {reason}. If the file is open in"
                                " another program, close it; otherwise choose a folder you may save in.").format(
            path=target, reason=os_error_reason(exc)), field="output") from exc
    except OSError as exc:
        raise ValidationError(_("The report could not be written to {path}: {reason}").format(
            path=target, reason=os_error_reason(exc)), field="output") from exc
    finally:
        if partial is not None:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(partial)
    log.info("monthly report for %s written", period.label)
    report(100, _("Done"))
    return target
