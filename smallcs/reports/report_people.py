"""The report's closing sections: staff (owners only), goals, and customers' own words."""

from __future__ import annotations

from collections import Counter

from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from smallcs import clock, goals, locale_format, metrics
from smallcs.i18n import _, ngettext, pgettext
from smallcs.metrics.display import format_value
from smallcs.reports.month_names import month_title
from smallcs.reports.report_charts import progress_bar
from smallcs.reports.report_data import STAFF_CSAT_MONTHS, ReportData
from smallcs.reports.report_styles import (
    BETTER,
    CELL_PADDING,
    INK,
    MUTED,
    WORSE,
    KeepBlock,
    Look,
    data_table,
    para,
    section_gap,
)


def _csat_cells(figure: metrics.CsatFigure | None, look: Look) -> list[object]:
    """A CSAT figure's score with its 95 % interval under it (as the survey section writes it), and its
    answers with the "few answers" mark under them when there are fewer than ``FEW_ANSWERS``."""
    if figure is None or figure.interval is None:
        return ["—", "—" if figure is None else locale_format.number(figure.n)]
    under = look.small.clone("under", alignment=TA_RIGHT)
    interval = _("{low} to {high}").format(low=format_value(figure.interval.low, "%"),
                                           high=format_value(figure.interval.high, "%"))
    score = [para(format_value(figure.pct, "%"), look.cell_right), para(interval, under)]
    answers: object = locale_format.number(figure.n)
    if metrics.few_answers(figure.n):
        answers = [para(str(answers), look.cell_right), para(_("few answers"), under)]
    return [score, answers]


def _period_band(table: Table, groups: list[tuple[str, int, int]], look: Look) -> Table:
    """A line above ``table`` naming the period of each group of its columns (first, last column).

    Each name is ruled underneath, the rules kept apart by the cells' padding.
    """
    widths = table._colWidths  # as data_table fitted them to the titles
    style = look.cell_head.clone("band", alignment=TA_CENTER, textColor=INK)
    cells: list[object] = [""] * len(widths)
    spans: list[tuple[object, ...]] = []
    for text, first, last in groups:
        name = Table([[para(text, style)]], colWidths=[sum(widths[first:last + 1]) - 2 * CELL_PADDING])
        name.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, -1), 0.8, MUTED), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                  ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 0),
                                  ("BOTTOMPADDING", (0, 0), (-1, -1), 2)]))
        cells[first] = name
        spans.append(("SPAN", (first, 0), (last, 0)))
    band = Table([cells], colWidths=widths, hAlign="LEFT")
    band.setStyle(TableStyle([*spans, ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
                              ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING), ("TOPPADDING", (0, 0), (-1, -1), 0),
                              ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
    return band


def staff_section(data: ReportData, look: Look) -> list[Flowable]:
    """Each person's complaints and first-contact resolution in the month, beside their CSAT after a
    complaint over the STAFF_CSAT_MONTHS months to its end, and the whole shop's below them."""
    heading = para(_("Staff"), look.h1)
    if not data.staff:
        return [section_gap(), heading, para(_("Nobody handled a complaint this month."), look.body)]
    period = data.period
    month = month_title(period.year or 1, period.month or 1)
    start = period.shifted(1 - STAFF_CSAT_MONTHS)  # the first month of period.months_ending(STAFF_CSAT_MONTHS)
    since = month_title(start.year or 1, start.month or 1)
    year_csat = data.staff_year_csat or {}
    rows = [[person.name, locale_format.number(person.received), locale_format.number(person.resolution.resolved),
             format_value(person.resolution.first_contact_pct, "%"),
             *_csat_cells(year_csat.get(person.staff_id), look)]
            for person in data.staff]
    shop = data.complaints
    rows.append([_("Whole shop"), locale_format.number(shop.received),
                 locale_format.number(shop.resolution.resolved), format_value(shop.resolution.first_contact_pct, "%"),
                 *_csat_cells(data.shop_year_csat, look)])
    header = [_("Staff member"), _("New"), pgettext("column of counts", "Resolved"), _("First contact"), _("CSAT after a complaint"),
              _("Answers")]
    table = data_table(header, rows, look.share(0.23, 0.09, 0.12, 0.13, 0.24, 0.19), look, align="LRRRRR",
                       total_row=True)
    band = _period_band(table, [(month, 1, 3), (_("{first} – {last}").format(first=since, last=month), 4, 5)],
                        look)
    return [section_gap(), KeepBlock([heading, band, table, para(_staff_periods(month), look.small),
                               para(_("A complaint is someone's when it is assigned to them, or when they took it"
                                      " and nobody was assigned. CSAT after a complaint counts answers on the cards"
                                      " printed for them. This section is only in reports an owner makes."),
                                    look.small)])]


def _staff_periods(month: str) -> str:
    """Why the staff table's CSAT covers more than the month, and what the range under it is."""
    window = ngettext("CSAT after a complaint is over the {n} month up to the end of {month}.",
                      "CSAT after a complaint is over the {n} months up to the end of {month}.",
                      STAFF_CSAT_MONTHS).format(n=STAFF_CSAT_MONTHS, month=month)
    return " ".join((window, _("A single month gives each person too few answers to go by. The range under each"
                               " score is its {level} interval.").format(level=locale_format.percent(95))))


def goals_section(data: ReportData, look: Look) -> list[Flowable]:
    """Each goal from its start towards its target, judged on its figure for the month.

    The figure is the month's, as the headline tiles print it; the goal, its progress and its status
    are worded by ``goals.goal_words``, as on the dashboard.
    """
    period = data.period
    month = month_title(period.year or 1, period.month or 1)
    heading = para(_("Goals"), look.h1)
    if not data.goals:
        later = goals.list_goals()  # set, but starting after this month
        text = _("None of the goals had started by the end of {month}.").format(month=month) if later else \
            _("No goals were set. Owners and managers can set them on the Dashboard.")
        return [section_gap(), heading, para(text, look.body)]
    rows = []
    bar_width = look.width * 0.2
    for line in data.goals:
        p = line.progress
        words = goals.goal_words(p)
        bar = Table([[progress_bar(p.progress_pct or 0.0, width=bar_width, palette=look.palette,
                                   expected=p.expected_pct)],
                     [para(words.progress, look.small)]],
                    colWidths=[bar_width + 4])
        bar.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 1),
                                 ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]))
        colour = BETTER if p.status in (goals.GoalStatus.ACHIEVED, goals.GoalStatus.ON_TRACK) else \
            WORSE if p.status == goals.GoalStatus.BEHIND else MUTED
        goal: object = words.goal if not line.note else [para(words.goal, look.cell), para(line.note, look.small)]
        rows.append([goal, format_value(p.current, line.unit), bar,
                     para(words.status, look.cell_head.clone("status", textColor=colour))])
    header = [_("Goal"), _("This month"), _("Progress"), _("Status")]
    return [section_gap(), KeepBlock([
        heading, data_table(header, rows, look.share(0.44, 0.14, 0.26, 0.16), look, align="LRLL"),
        para(_("Values are the figures for {month}, as elsewhere in this report. The tick on each bar is where"
               " the goal should be by the end of the month if progress were steady.").format(month=month),
             look.small)])]


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
        return [section_gap(), heading, para(_("No written comments this month."), look.body)]
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
    return [section_gap(), KeepBlock([heading, para(_comments_line(data), look.small), quotes[0]]), *quotes[1:]]
