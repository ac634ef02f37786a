"""The report's closing sections: staff (owners only), goals, and customers' own words."""

from __future__ import annotations

from collections import Counter

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from smallcs import clock, goals, locale_format, metrics
from smallcs.i18n import N_, _, ngettext
from smallcs.reports.month_names import month_title
from smallcs.reports.report_charts import progress_bar
from smallcs.reports.report_data import ReportData
from smallcs.reports.report_styles import (
    BETTER,
    MUTED,
    WORSE,
    KeepBlock,
    Look,
    data_table,
    format_value,
    para,
)

_STATUS = {goals.GoalStatus.ACHIEVED: N_("achieved"), goals.GoalStatus.ON_TRACK: N_("on track"),
           goals.GoalStatus.BEHIND: N_("behind"), goals.GoalStatus.NO_DATA: N_("no data yet")}


def _gap() -> Flowable:
    """The space above each section's heading (which moves on with its table: see KeepBlock)."""
    return Spacer(1, 4 * mm)


def staff_section(data: ReportData, look: Look) -> list[Flowable]:
    """Complaints, first-contact resolution and CSAT after a complaint, per person."""
    heading = para(_("Staff"), look.h1)
    if not data.staff:
        return [_gap(), heading, para(_("Nobody handled a complaint this month."), look.body)]
    rows = []
    for person in data.staff:
        csat = person.post_resolution_csat
        few = _("few answers") if 0 < csat.n < metrics.FEW_ANSWERS else ""
        rows.append([person.name, locale_format.number(person.received),
                     locale_format.number(person.resolution.resolved),
                     format_value(person.resolution.first_contact_pct, "%"),
                     format_value(csat.pct, "%"), locale_format.number(csat.n), few])
    header = [_("Staff member"), _("New"), _("Resolved"), _("First contact"), _("CSAT after a complaint"),
              _("Answers"), ""]
    return [_gap(), KeepBlock([
        heading, data_table(header, rows, look.share(0.26, 0.08, 0.11, 0.13, 0.17, 0.12, 0.13), look,
                            align="LRRRRRL"),
        para(_("A complaint is someone's when it is assigned to them, or when they took it and nobody was"
               " assigned. CSAT after a complaint counts answers on the cards printed for them. This"
               " section is only in reports an owner makes."), look.small)])]


def goals_section(data: ReportData, look: Look) -> list[Flowable]:
    """Each goal from its start towards its target, as it stood at the end of the month."""
    period = data.period
    month = month_title(period.year or 1, period.month or 1)
    heading = para(_("Goals"), look.h1)
    if not data.goals:
        return [_gap(), heading, para(_("No goals were set. Owners and managers can set them on the Dashboard."),
                                           look.body)]
    rows = []
    bar_width = look.width * 0.16
    for line in data.goals:
        p = line.progress
        done = p.progress_pct or 0.0
        bar = Table([[progress_bar(done, width=bar_width, palette=look.palette, expected=p.expected_pct)],
                     [para(_("{pct} of the way").format(pct=format_value(p.progress_pct, "%")), look.small)]],
                    colWidths=[bar_width + 4])
        bar.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 1),
                                 ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]))
        status = _(_STATUS[p.status])
        colour = BETTER if p.status in (goals.GoalStatus.ACHIEVED, goals.GoalStatus.ON_TRACK) else \
            WORSE if p.status == goals.GoalStatus.BEHIND else MUTED
        name = line.label if not line.note else f"{line.label} — {line.note}"
        rows.append([name, format_value(p.baseline, line.unit), format_value(p.current, line.unit),
                     format_value(p.target, line.unit), locale_format.date(p.due_on), bar,
                     para(status.upper(), look.cell_head.clone("status", textColor=colour))])
    header = [_("Goal"), _("Start"), _("End of month"), _("Target"), _("Due"), _("Progress"), _("Status")]
    return [_gap(), KeepBlock([
        heading, data_table(header, rows, look.share(0.25, 0.09, 0.11, 0.09, 0.15, 0.19, 0.12), look,
                            align="LRRRRLL"),
        para(_("Values are over the 30 days up to the end of {month}. The tick on each bar is where the goal"
               " should be by then if progress were steady.").format(month=month), look.small)])]


def _comments_line(data: ReportData) -> str:
    """How many comments the month had and which of them are printed."""
    period = data.period
    month = month_title(period.year or 1, period.month or 1)
    shown, total = len(data.comments or ()), data.comment_count
    if shown < total:
        return _("{shown} of {total} comments written on survey cards in {month}, lowest scores first.").format(
            shown=shown, total=locale_format.number(total), month=month)
    return ngettext("{n} comment written on a survey card in {month}.",
                    "All {n} comments written on survey cards in {month}, lowest scores first.",
                    total).format(n=total, month=month)


def comments_section(data: ReportData, look: Look) -> list[Flowable]:
    """Customers' own words, the least happy first, printed exactly as they wrote them."""
    heading = para(_("In the customers' words"), look.h1)
    if not data.comments:
        return [_gap(), heading, para(_("No written comments this month."), look.body)]
    quotes: list[Flowable] = []
    seen = Counter(comment.text.strip() for comment in data.comments)
    printed: set[str] = set()
    for comment in data.comments:
        text = comment.text.strip()
        if text in printed:
            continue
        printed.add(text)
        scores = [f"{name} {value}" for name, value in (("CSAT", comment.csat), ("NPS", comment.nps))
                  if value is not None]
        when = locale_format.date(clock.to_local(comment.submitted_at, data.period.zone).date())
        details = " · ".join([when, *scores])
        if seen[text] > 1:
            details += " · " + ngettext("said by {n} customer", "said by {n} customers", seen[text]).format(
                n=seen[text])
        quote = Table([[[para(f"“{text}”", look.quote), para(details, look.small)]]], colWidths=[look.width])
        quote.setStyle(TableStyle([("LINEBEFORE", (0, 0), (0, -1), 2, look.accent),
                                   ("LEFTPADDING", (0, 0), (-1, -1), 8), ("TOPPADDING", (0, 0), (-1, -1), 2),
                                   ("BOTTOMPADDING", (0, 0), (-1, -1), 4)]))
        quotes += [KeepTogether([quote]), Spacer(1, 1.5 * mm)]
    # The heading and the count line go with the first comment.
    return [_gap(), KeepBlock([heading, para(_comments_line(data), look.small), quotes[0]]), *quotes[1:]]
