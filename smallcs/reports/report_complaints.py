"""The report's complaints section: what came in, how fast it was resolved, what is still open."""

from __future__ import annotations

from collections.abc import Callable

from reportlab.graphics.shapes import Drawing
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    Spacer,
    Table,
    TableStyle,
)

from smallcs import clock, locale_format
from smallcs.complaints import labels
from smallcs.i18n import _, ngettext, pgettext
from smallcs.metrics.display import format_value
from smallcs.reports.month_names import month_title
from smallcs.reports.report_charts import Bar, Span, bar_chart, span_chart
from smallcs.reports.report_data import ReportData
from smallcs.reports.report_styles import (
    RULE,
    Look,
    cell,
    format_money,
    on_its_own_page,
    para,
)

COLUMN_GAP = 14


def _chart(title: str, chart: Drawing | None, empty: str, look: Look) -> list[Flowable]:
    """A titled chart, or the sentence that says why there is none (never an empty frame)."""
    return [para(title, look.h2), chart if chart is not None else para(empty, look.body)]


def side_by_side(left: list[Flowable], right: list[Flowable], look: Look) -> Table:
    """Two blocks in two columns of the text width."""
    half = (look.width - COLUMN_GAP) / 2
    table = Table([[left, right]], colWidths=[half + COLUMN_GAP, half], hAlign="LEFT")
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("RIGHTPADDING", (0, 0), (0, -1), COLUMN_GAP), ("RIGHTPADDING", (1, 0), (1, -1), 0),
                               ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 6)]))
    return table


def _counted(counts: dict[str, int], name: Callable[[str], str]) -> list[Bar]:
    """Bars for the non-zero counts, most first (a row of zeros says nothing)."""
    ordered = sorted(((k, n) for k, n in counts.items() if n), key=lambda kv: -kv[1])
    return [Bar(name(k), float(n), locale_format.number(n)) for k, n in ordered]


def _intake(data: ReportData, look: Look) -> list[Flowable]:
    c = data.complaints
    half = (look.width - COLUMN_GAP) / 2
    channels = bar_chart(_counted(c.by_channel, labels.channel), width=half, palette=look.palette)
    statuses = bar_chart(_counted(c.by_status, labels.status), width=half, palette=look.palette)
    none = _("None this month.")
    story: list[Flowable] = [side_by_side(_chart(_("By channel"), channels, none, look),
                                          _chart(_("By status today"), statuses, none, look), look)]
    bars = [Bar(cat.name, float(cat.count), _("{n} (last month {before})").format(
        n=locale_format.number(cat.count),
        before=locale_format.number(data.categories_before.get(cat.category_id, 0))))
        for cat in c.by_category]
    story += _chart(_("By category"), bar_chart(bars, width=look.width, palette=look.palette), none, look)
    return story


def _key_figures(data: ReportData, look: Look) -> Table:
    """The month's resolution figures as label–value pairs.

    Each label stands for a number or share of complaints, so languages that inflect write it in the
    plural, as "Resolved by their due time" is: hence the contexts that keep "Escalated" and "Reopened"
    apart from the (singular) status and step names.
    """
    r, c = data.complaints.resolution, data.complaints
    pairs = [
        (_("Median time to resolve"), format_value(r.time.median_hours, "hours")),
        (_("9 in 10 resolved within"), format_value(r.time.p90_hours, "hours")),
        (_("Average target"), format_value(r.target_hours, "hours")),
        (_("Resolved by their due time"), format_value(r.on_time_pct, "%")),
        (pgettext("share of complaints", "Resolved at first contact"), format_value(r.first_contact_pct, "%")),
        (_("Median first response"), format_value(c.first_response.median_hours, "hours")),
        (pgettext("column of counts", "Escalated"), locale_format.number(c.escalations)),
        (pgettext("column of counts", "Reopened"), _("{n} ({pct})").format(
            n=locale_format.number(r.reopened), pct=format_value(r.reopen_pct, "%"))),
        (_("Compensation given"), format_money(r.compensation, data.profile.currency)),
    ]
    half = (len(pairs) + 1) // 2
    rows = [[*pairs[i], *(pairs[i + half] if i + half < len(pairs) else ("", ""))] for i in range(half)]
    table = Table([[cell(v, look, right=i % 2 == 1) for i, v in enumerate(row)] for row in rows],
                  colWidths=look.share(0.31, 0.17, 0.33, 0.19), hAlign="LEFT")
    table.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                               ("RIGHTPADDING", (1, 0), (1, -1), 14)]))
    return table


def _by_category(data: ReportData, look: Look) -> list[Flowable]:
    spans = [Span(row.name, row.figures.time.median_hours or 0.0, row.figures.time.p90_hours or 0.0,
                  row.figures.target_hours,
                  _("median {median} · 9 in 10 within {p90} · target {target}").format(
                      median=format_value(row.figures.time.median_hours, "hours"),
                      p90=format_value(row.figures.time.p90_hours, "hours"),
                      target=format_value(row.figures.target_hours, "hours")))
             for row in data.resolution_by_category]
    chart = span_chart(spans, width=look.width, palette=look.palette)
    if chart is None:
        return []
    return [KeepTogether([
        para(_("Time to resolve by category"), look.h2), chart,
        para(_("Dark bar: median time; light bar: the time within which 9 in 10 were resolved; black line: the"
               " category's resolution target."), look.small)])]


def _resolution(data: ReportData, look: Look, month: str) -> list[Flowable]:
    r = data.complaints.resolution
    story: list[Flowable] = [para(_("Resolution"), look.h2)]
    if r.resolved == 0:
        return [*story, para(_("No complaints were resolved in {month}.").format(month=month), look.body)]
    story.append(para(ngettext("{n} complaint was resolved in {month}, whenever it came in.",
                               "{n} complaints were resolved in {month}, whenever they came in.",
                               r.resolved).format(n=locale_format.number(r.resolved), month=month), look.body))
    story += [Spacer(1, 2 * mm), _key_figures(data, look), *_by_category(data, look)]
    return story


def _backlog(data: ReportData, look: Look, month: str) -> list[Flowable]:
    backlog, overdue_now = data.complaints.backlog, data.complaints.overdue_now
    story: list[Flowable] = [para(_("Still open"), look.h2)]
    if backlog.total == 0:
        story.append(para(_("Nothing was open at the end of {month}.").format(month=month), look.body))
    else:
        story.append(para(ngettext(
            "At the end of {month}, {n} complaint was still open; {overdue} of them past its due time.",
            "At the end of {month}, {n} complaints were still open; {overdue} of them past their due time.",
            backlog.total).format(month=month, n=locale_format.number(backlog.total),
                                  overdue=locale_format.number(backlog.overdue)),
            look.body))
        bars = [Bar(_("{days} days old").format(days=key.replace("-", "–")), float(n),
                    ngettext("{n} complaint", "{n} complaints", n).format(n=locale_format.number(n)))
                for key, n in backlog.buckets.items()]
        story.append(bar_chart(bars, width=look.width * 0.7, palette=look.palette) or Spacer(1, 0))
    if data.is_latest_month:  # about an older month, today's figure would only seem to contradict its end
        story.append(Spacer(1, 2 * mm))
        made = locale_format.date(clock.to_local(data.generated_at, data.period.zone).date())
        story.append(para(ngettext(
            "When this report was made ({date}), {n} open complaint was past its due time.",
            "When this report was made ({date}), {n} open complaints were past their due time.",
            overdue_now).format(date=made, n=locale_format.number(overdue_now)), look.body))
    return story


def complaints_section(data: ReportData, look: Look) -> list[Flowable]:
    """Intake by channel, status and category; resolution times against targets; the backlog."""
    c, period = data.complaints, data.period
    month = month_title(period.year or 1, period.month or 1)
    body: list[Flowable] = []
    if c.received == 0:
        body.append(para(_("No complaints were received in {month}.").format(month=month), look.lead))
    else:
        body.append(para(ngettext("{n} complaint was received in {month}.",
                                  "{n} complaints were received in {month}.",
                                  c.received).format(n=locale_format.number(c.received), month=month), look.lead))
        body += _intake(data, look)
    body += _resolution(data, look, month) + _backlog(data, look, month)
    return on_its_own_page(para(_("Complaints"), look.h1), body)
