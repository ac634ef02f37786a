"""The monthly service report: one PDF that tells the owner how the service went.

Every figure comes from smallcs.metrics; this module only lays them out
(reportlab platypus). Customer text is escaped before it reaches a Paragraph,
so markup in a comment prints literally. The PDF is written beside the target
and renamed into place, so a failed run never leaves half a file.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import os
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    Image,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.flowables import Flowable

from smallcs import accounts, clock, goals, metrics, settings
from smallcs.complaints import labels
from smallcs.errors import ValidationError
from smallcs.i18n import _
from smallcs.metrics import MetricFilter, Period
from smallcs.models import Staff
from smallcs.permissions import allowed
from smallcs.reports import fonts
from smallcs.reports.report_charts import MUTED, bar_chart, sparkline
from smallcs.surveys.comments import comments_between

Progress = Callable[[int, str], None]
UP, DOWN = "▲", "▼"


@dataclasses.dataclass(frozen=True)
class _Look:
    accent: colors.Color
    width: float
    body: ParagraphStyle
    small: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    title: ParagraphStyle


def _look(accent_hex: str, width: float) -> _Look:
    body = ParagraphStyle("body", fontName=fonts.REGULAR, fontSize=9.5, leading=13)
    return _Look(
        accent=colors.HexColor(accent_hex), width=width, body=body,
        small=ParagraphStyle("small", parent=body, fontSize=8, leading=10, textColor=MUTED),
        h1=ParagraphStyle("h1", parent=body, fontName=fonts.BOLD, fontSize=16, leading=20, spaceBefore=4,
                          spaceAfter=8, textColor=colors.HexColor(accent_hex)),
        h2=ParagraphStyle("h2", parent=body, fontName=fonts.BOLD, fontSize=11, leading=14, spaceBefore=8,
                          spaceAfter=4),
        title=ParagraphStyle("title", parent=body, fontName=fonts.BOLD, fontSize=28, leading=34,
                             alignment=TA_CENTER),
    )


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of plain text: never interpreted as markup."""
    return Paragraph(escape(text), style)


def format_value(value: float | None, unit: str) -> str:
    """A figure as the report prints it; a dash when there is none."""
    if value is None:
        return "—"
    if unit == "%":
        return f"{value:.0f} %"
    if unit == "hours":
        return _("{n:.1f} h").format(n=value)
    if unit == "points":
        return f"{value:+.0f}"
    if unit == "score":
        return f"{value:.1f}"
    return f"{value:,.0f}"


def format_delta(headline: metrics.Headline) -> str:
    """▲/▼ with the signed change and whether it is better or worse, in words."""
    change = headline.delta.change
    if change is None or round(change, 1) == 0:
        return _("= no change") if change is not None else _("no comparison")
    arrow = UP if change > 0 else DOWN
    better = (change > 0) == headline.higher_is_better
    amount = _("{n:.0f} pts").format(n=abs(change)) if headline.unit == "%" else \
        format_value(abs(change), headline.unit).lstrip("+")
    sign = "+" if change > 0 else "−"
    return f"{arrow} {sign}{amount} ({_('better') if better else _('worse')})"


def _month_name(period: Period) -> str:
    """E.g. "October 2026"."""
    return dt.date(period.year or 1970, period.month or 1, 1).strftime("%B %Y")


def _table(rows: list[list[object]], widths: list[float], *, header: bool = True) -> Table:
    table = Table(rows, colWidths=widths, hAlign="LEFT")
    style = [("FONTNAME", (0, 0), (-1, -1), fonts.REGULAR), ("FONTSIZE", (0, 0), (-1, -1), 9),
             ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
             ("TOPPADDING", (0, 0), (-1, -1), 3),
             ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#DADCE0"))]
    if header:
        style += [("FONTNAME", (0, 0), (-1, 0), fonts.BOLD), ("TEXTCOLOR", (0, 0), (-1, 0), MUTED)]
    table.setStyle(TableStyle(style))
    return table


def _chart_or_sentence(chart: Drawing | None, sentence: str, look: _Look) -> Flowable:
    return chart if chart is not None else _p(sentence, look.small)


# --- sections ------------------------------------------------------------------
def _cover(period: Period, profile: settings.BusinessProfile, look: _Look, now: dt.datetime) -> list[Flowable]:
    story: list[Flowable] = [Spacer(1, 50 * mm)]
    if profile.logo_bytes:
        logo = Image(io.BytesIO(profile.logo_bytes))
        scale = min(60 * mm / logo.imageWidth, 30 * mm / logo.imageHeight)
        logo.drawWidth, logo.drawHeight = logo.imageWidth * scale, logo.imageHeight * scale
        story += [logo, Spacer(1, 8 * mm)]
    centred = ParagraphStyle("centred", parent=look.body, alignment=TA_CENTER, fontSize=13, leading=18)
    story += [
        _p(profile.name or "SmallCS", look.title), Spacer(1, 6 * mm),
        _p(_("Monthly service report"), centred),
        _p(_month_name(period), ParagraphStyle("month", parent=centred, fontName=fonts.BOLD, fontSize=18,
                                          leading=24, textColor=look.accent)),
        Spacer(1, 30 * mm),
        _p(_("Generated on {date}").format(date=clock.to_local(now, period.zone).strftime("%Y-%m-%d %H:%M")),
           ParagraphStyle("gen", parent=look.small, alignment=TA_CENTER)),
        PageBreak(),
    ]
    return story


def _summary(period: Period, look: _Look) -> list[Flowable]:
    summary = metrics.monthly_summary(period)
    story: list[Flowable] = [_p(_("Summary"), look.h1)]
    story += [_p(sentence, look.body) for sentence in metrics.headline_sentences(summary)]
    story.append(Spacer(1, 4 * mm))
    rows: list[list[object]] = [[_("Figure"), _("This month"), _("Last month"), _("Change"), _("12 months")]]
    for headline in summary.headlines:
        trend = [point.value for point in metrics.monthly_series(headline.key, period)]
        rows.append([
            headline.label, format_value(headline.value, headline.unit),
            format_value(headline.previous, headline.unit), format_delta(headline),
            sparkline(trend, accent=look.accent) or "—",
        ])
    story.append(_table(rows, [look.width * f for f in (0.3, 0.15, 0.15, 0.22, 0.18)]))
    story.append(_p(_("▲ and ▼ show the direction of the change; the words say whether it is better or worse."),
                    look.small))
    return story


def _complaints(period: Period, look: _Look, currency: str) -> list[Flowable]:
    m = metrics.complaint_metrics(period)
    story: list[Flowable] = [PageBreak(), _p(_("Complaints"), look.h1)]
    if m.received == 0:
        story.append(_p(_("No complaints were received this month."), look.body))
    else:
        story.append(_p(_("{n} complaints were received this month.").format(n=m.received), look.body))
        for title, rows in (
            (_("By channel"), [(labels.channel(k), n) for k, n in sorted(m.by_channel.items(),
                                                                            key=lambda kv: -kv[1])]),
            (_("By category"), [(c.name, c.count) for c in m.by_category]),
            (_("By status (today)"), [(labels.status(k), n) for k, n in sorted(m.by_status.items(),
                                                                              key=lambda kv: -kv[1])]),
        ):
            chart = bar_chart([(label, float(n)) for label, n in rows], width=look.width * 0.8,
                              accent=look.accent)
            story.append(KeepTogether([_p(title, look.h2), _chart_or_sentence(chart, _("None."), look)]))
    r = m.resolution
    rows: list[list[object]] = [[_("Resolution"), _("Value")],
                                [_("Resolved this month"), f"{r.resolved:,}"],
                                [_("Median time to resolve"), format_value(r.time.median_hours, "hours")],
                                [_("90th percentile"), format_value(r.time.p90_hours, "hours")],
                                [_("Target (average of the categories)"), format_value(r.target_hours, "hours")],
                                [_("Resolved within target"), format_value(r.within_target_pct, "%")],
                                [_("Resolved at first contact"), format_value(r.first_contact_pct, "%")],
                                [_("Median first response"), format_value(m.first_response.median_hours, "hours")],
                                [_("Escalations"), f"{m.escalations:,}"],
                                [_("Reopened"), f"{r.reopened:,} ({format_value(r.reopen_pct, '%')})"],
                                [_("Compensation given"), f"{r.compensation:,.2f} {currency}"
                                 if r.compensation != Decimal(0) else f"0.00 {currency}"]]
    story += [_p(_("Resolution"), look.h2), _table(rows, [look.width * 0.5, look.width * 0.3])]
    backlog = m.backlog
    story.append(_p(_("Open at month end: {n}, of which {overdue} overdue").format(
        n=backlog.total, overdue=backlog.overdue), look.h2))
    ages = bar_chart([(_("{days} days old").format(days=key), float(n)) for key, n in backlog.buckets.items()],
                     width=look.width * 0.6, accent=look.accent)
    story.append(_chart_or_sentence(ages, _("Nothing was open at the end of the month."), look))
    return story


def _surveys(period: Period, look: _Look) -> list[Flowable]:
    s = metrics.survey_metrics(period)
    story: list[Flowable] = [PageBreak(), _p(_("Customer surveys"), look.h1)]
    if s.responses == 0:
        story.append(_p(_("No answers this month."), look.body))
        return story

    def interval(i: metrics.Interval | None, unit: str) -> str:
        return "—" if i is None else f"{format_value(i.low, unit)} … {format_value(i.high, unit)}"

    def few(n: int) -> str:
        return _("few answers") if n < metrics.FEW_ANSWERS else ""

    rows: list[list[object]] = [
        [_("Measure"), _("Value"), _("Answers"), _("95 % interval"), ""],
        [_("NPS (−100 to +100)"), format_value(s.nps.score, "points"), s.nps.n, interval(s.nps.interval, "points"),
         few(s.nps.n)],
        [_("CSAT (satisfied, 4–5 of 5)"), format_value(s.csat.pct, "%"), s.csat.n, interval(s.csat.interval, "%"),
         few(s.csat.n)],
        [_("Customer effort (1–7, higher is easier)"), format_value(s.ces.mean, "score"), s.ces.n, "", few(s.ces.n)],
        [_("Response rate (cards answered)"), format_value(s.response_rate.pct, "%"),
         f"{s.response_rate.answered}/{s.response_rate.printed}", "", ""],
        [_("CSAT after a complaint"), format_value(s.post_resolution_csat.pct, "%"), s.post_resolution_csat.n,
         interval(s.post_resolution_csat.interval, "%"), few(s.post_resolution_csat.n)],
        [_("CSAT otherwise"), format_value(s.general_csat.pct, "%"), s.general_csat.n,
         interval(s.general_csat.interval, "%"), few(s.general_csat.n)],
    ]
    story.append(_table(rows, [look.width * f for f in (0.38, 0.12, 0.12, 0.22, 0.16)]))
    story.append(_p(_("Intervals: Wilson for CSAT, adjusted Wald for NPS. With fewer than {n} answers a figure"
                      " can move a lot from month to month.").format(n=metrics.FEW_ANSWERS), look.small))
    for key, title in (("nps", _("How likely to recommend (0–10)")), ("csat", _("Satisfaction (1–5)")),
                       ("ces", _("Ease (1–7)"))):
        counts = s.distributions.get(key, {})
        chart = bar_chart([(str(score), float(n)) for score, n in sorted(counts.items())],
                          width=look.width * 0.6, accent=look.accent, row_height=12)
        story.append(KeepTogether([_p(title, look.h2),
                                   _chart_or_sentence(chart, _("No answers this month."), look)]))
    return story


def _staff(period: Period, look: _Look) -> list[Flowable]:
    rows: list[list[object]] = [[_("Staff member"), _("Complaints"), _("Resolved"), _("First contact"),
                                 _("CSAT after a complaint")]]
    for person in accounts.list_staff():
        flt = MetricFilter(staff_id=person.id)
        c = metrics.complaint_metrics(period, flt)
        post = metrics.survey_metrics(period, flt).post_resolution_csat
        if c.received == 0 and c.resolution.resolved == 0 and post.n == 0:
            continue
        rows.append([person.display_name, c.received, c.resolution.resolved,
                     format_value(c.resolution.first_contact_pct, "%"),
                     f"{format_value(post.pct, '%')} (n={post.n})"])
    story: list[Flowable] = [_p(_("Staff"), look.h1)]
    if len(rows) == 1:
        story.append(_p(_("No complaints were handled this month."), look.body))
    else:
        story.append(_table(rows, [look.width * f for f in (0.32, 0.15, 0.15, 0.16, 0.22)]))
    return story


def _goals(now: dt.datetime, look: _Look) -> list[Flowable]:
    story: list[Flowable] = [_p(_("Goals"), look.h1)]
    found = goals.list_goals()
    if not found:
        return [*story, _p(_("No goals are set. Owners and managers can set them on the Dashboard."), look.body)]
    rows: list[list[object]] = [[_("Goal"), _("Start"), _("Now"), _("Target"), _("Progress"), _("Due")]]
    for goal in found:
        progress = goals.goal_progress(goal, now)
        spec = metrics.spec(progress.metric)
        rows.append([_(spec.label), format_value(progress.baseline, spec.unit),
                     format_value(progress.current, spec.unit), format_value(progress.target, spec.unit),
                     "—" if progress.progress_pct is None else f"{progress.progress_pct:.0f} %",
                     progress.due_on.isoformat()])
    story.append(_table(rows, [look.width * f for f in (0.3, 0.12, 0.12, 0.12, 0.14, 0.2)]))
    return story


def _comments(period: Period, look: _Look) -> list[Flowable]:
    story: list[Flowable] = [_p(_("In the customers' words"), look.h1)]
    found = comments_between(period.start, period.end)
    if not found:
        return [*story, _p(_("No written comments this month."), look.body)]
    for comment in found:
        scores = ", ".join(f"{name} {value}" for name, value in (("CSAT", comment.csat), ("NPS", comment.nps))
                           if value is not None)
        story.append(_p(f"“{comment.text}”", look.body))
        story.append(_p(f"{clock.to_local(comment.submitted_at, period.zone):%Y-%m-%d} · {scores}", look.small))
        story.append(Spacer(1, 2 * mm))
    return story


# --- the document ----------------------------------------------------------------
def _footer(shop: str, month: str) -> Callable[[object, object], None]:
    def draw(canvas: object, doc: object) -> None:
        canvas.saveState()  # type: ignore[attr-defined]
        canvas.setFont(fonts.REGULAR, 8)  # type: ignore[attr-defined]
        canvas.setFillColor(MUTED)  # type: ignore[attr-defined]
        width = doc.pagesize[0]  # type: ignore[attr-defined]
        canvas.drawString(doc.leftMargin, 12 * mm, f"{shop} · {month}")  # type: ignore[attr-defined]
        canvas.drawRightString(width - doc.rightMargin, 12 * mm,  # type: ignore[attr-defined]
                               _("Page {n}").format(n=canvas.getPageNumber()))  # type: ignore[attr-defined]
        canvas.restoreState()  # type: ignore[attr-defined]
    return draw


def build_monthly_report(month: dt.date, output: str | os.PathLike[str], *, actor: Staff | None,
                         include_comments: bool = True, progress: Progress | None = None,
                         now: dt.datetime | None = None) -> Path:
    """Write the report for ``month`` (any day of it) to ``output``.

    Args:
        month: the month to report on.
        output: the PDF file (replaced if it exists).
        actor: who asked; the staff section is included for an owner only. None is
            the command line, run by whoever holds the database file: as the owner.
        include_comments: print customers' comments.
        progress: called as ``progress(percent, what)`` between sections.

    Raises:
        ValidationError: the folder does not exist or the file cannot be written.
    """
    target = Path(output).expanduser()
    if not target.parent.is_dir():
        raise ValidationError(_("The folder {path} does not exist.").format(path=target.parent), field="output")
    now = now or clock.utcnow()
    profile = settings.get_profile()
    period = Period.for_month(month.year, month.month, zone=profile.zone)
    page = LETTER if profile.page_size == "Letter" else A4
    fonts.register_fonts()
    margin = 18 * mm
    look = _look(profile.accent_colour, page[0] - 2 * margin)
    report = progress or (lambda _percent, _what: None)
    sections: list[tuple[str, Callable[[], list[Flowable]]]] = [
        (_("Cover"), lambda: _cover(period, profile, look, now)),
        (_("Summary"), lambda: _summary(period, look)),
        (_("Complaints"), lambda: _complaints(period, look, profile.currency)),
        (_("Surveys"), lambda: _surveys(period, look)),
    ]
    if actor is None or allowed(actor, "report.staff"):
        sections.append((_("Staff"), lambda: [PageBreak(), *_staff(period, look)]))
    sections.append((_("Goals"), lambda: [Spacer(1, 6 * mm), *_goals(now, look)]))
    if include_comments:
        sections.append((_("Comments"), lambda: [Spacer(1, 6 * mm), *_comments(period, look)]))
    story: list[Flowable] = []
    for index, (name, build) in enumerate(sections):
        report(int(90 * index / len(sections)), name)
        story += build()
    partial = target.with_name(f".{target.name}.partial")
    try:
        doc = SimpleDocTemplate(str(partial), pagesize=page, leftMargin=margin, rightMargin=margin,
                                topMargin=margin, bottomMargin=22 * mm, title=_("Service report {month}").format(
                                    month=_month_name(period)), author=profile.name, creator="SmallCS")
        footer = _footer(profile.name, _month_name(period))
        doc.build(story, onFirstPage=footer, onLaterPages=footer)
        os.replace(partial, target)
    except OSError as exc:
        raise ValidationError(_("The report could not be written to {path}: {reason}").format(
            path=target, reason=exc.strerror or exc), field="output") from exc
    finally:
        partial.unlink(missing_ok=True)
    report(100, _("Done"))
    return target
