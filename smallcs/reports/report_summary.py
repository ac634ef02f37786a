"""The report's first pages: the cover and the month at a glance (headline tiles and sentences)."""

from __future__ import annotations

import io
import logging

from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable, HRFlowable, Image, Spacer, Table, TableStyle

from smallcs import clock, locale_format, metrics
from smallcs.i18n import _, ngettext
from smallcs.metrics.display import format_value
from smallcs.reports import fonts
from smallcs.reports.month_names import month_title
from smallcs.reports.report_charts import sparkline
from smallcs.reports.report_data import ReportData
from smallcs.reports.report_styles import (
    INK,
    MUTED,
    TINT,
    Change,
    Look,
    data_table,
    describe_change,
    para,
)

log = logging.getLogger(__name__)

TILE_HEIGHT = 68
TILE_GAP = 8
LOGO_WIDTH, LOGO_HEIGHT, LOGO_GAP = 40 * mm, 20 * mm, 4 * mm
MONTH_SIZE = 24.0


def _logo(data: bytes) -> Image | None:
    """The shop's logo, at most 40 × 20 mm; None (and a log line) if it cannot be read.

    Every pixel is decoded here: a file whose header reads but whose data is cut short would
    otherwise fail only while the PDF is written, and take the whole report with it.
    """
    if not data:
        return None
    try:
        reader = ImageReader(io.BytesIO(data))
        width, height = reader.getSize()
        reader.getRGBData()
    except Exception:  # reportlab raises plain Exceptions for unreadable images
        log.warning("the shop's logo could not be read; the report is printed without it", exc_info=True)
        return None
    scale = min(LOGO_WIDTH / width, LOGO_HEIGHT / height)
    return Image(io.BytesIO(data), width * scale, height * scale)


def _plain_table(rows: list[list[object]], widths: list[float], *, valign: str = "TOP") -> Table:
    """A table used only to place things side by side: no padding, no lines."""
    table = Table(rows, colWidths=widths, hAlign="LEFT")
    table.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                               ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                               ("VALIGN", (0, 0), (-1, -1), valign)]))
    return table


def cover(data: ReportData, look: Look) -> list[Flowable]:
    """The report's masthead, above the month at a glance on the first page.

    The shop (logo, name, address) on the left; the month in large type on the
    right; under a rule in the shop's colour, when and by whom it was made. A
    page of its own would be two thirds empty: the figures are what gets pinned up.
    """
    profile, period = data.profile, data.period
    month = month_title(period.year or 1, period.month or 1)
    kicker = _("Monthly service report")
    # The month on one line, in large type unless that takes over half the width.
    month_size = max(14.0, min(MONTH_SIZE, MONTH_SIZE * look.width * 0.5
                               / fonts.text_width(month, font=fonts.BOLD, size=MONTH_SIZE)))
    title_width = max(fonts.text_width(month, font=fonts.BOLD, size=month_size),
                      fonts.text_width(kicker, font=fonts.REGULAR, size=10.5)) + 6
    shop_width = look.width - title_width
    logo = _logo(profile.logo_bytes)
    text_width = shop_width - (logo.drawWidth + LOGO_GAP if logo is not None else 0) - 6
    shop_name = profile.name or "SmallCS"
    # One line if it fits at 16 pt or more; a long name takes up to three lines rather than shrinking further.
    one_line = fonts.text_width(shop_name, font=fonts.BOLD, size=16) <= text_width
    name, _height = fonts.fitted_paragraph(shop_name, font=fonts.BOLD, size=20, min_size=16 if one_line else 13,
                                           width=text_width, max_lines=1 if one_line else 3, colour=INK)
    shop: list[Flowable] = [name]
    if profile.address:
        shop += [Spacer(1, 1.5 * mm), para(profile.address, ParagraphStyle(
            "address", parent=look.small, fontSize=8.5, leading=11))]
    if logo is not None:
        shop = [_plain_table([[logo, shop]], [logo.drawWidth + LOGO_GAP, text_width], valign="MIDDLE")]
    title = [para(kicker, ParagraphStyle("kicker", parent=look.body, fontSize=10.5, leading=13, textColor=MUTED,
                                         alignment=TA_RIGHT)),
             para(month, ParagraphStyle("month", parent=look.h1, fontSize=month_size, leading=month_size * 1.2,
                                        spaceAfter=0, alignment=TA_RIGHT))]
    local = clock.to_local(data.generated_at, period.zone)
    made = (_("Generated on {date} at {time} by {name}.") if data.generated_by
            else _("Generated on {date} at {time}.")).format(
        date=locale_format.date(local.date()), time=locale_format.time(local), name=data.generated_by)
    zone = _("Times are the shop's local time ({zone}).").format(zone=profile.timezone)
    return [
        _plain_table([[shop, title]], [shop_width, title_width], valign="BOTTOM"),
        Spacer(1, 3 * mm),
        HRFlowable(width="100%", thickness=1.5, color=look.palette.series, spaceBefore=0, spaceAfter=2 * mm),
        para(f"{made} {zone}", look.small),
        Spacer(1, 6 * mm),
    ]


class HeadlineTile(Flowable):
    """One headline figure: name, value, change since last month, 12-month trend, answers."""

    def __init__(self, *, width: float, label: str, value: str, change: Change, previous: str,
                 trend: Drawing | None, footnote: str, flag: str, accent: colors.Color) -> None:
        super().__init__()
        self.width, self.height = width, TILE_HEIGHT
        self.label, self.value, self.change, self.previous = label, value, change, previous
        self.trend, self.footnote, self.flag, self.accent = trend, footnote, flag, accent

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        pad = 8
        c.setFillColor(TINT)
        c.roundRect(0, 0, self.width, self.height, 5, stroke=0, fill=1)
        c.setFillColor(self.accent)
        c.rect(0, 6, 2.5, self.height - 12, stroke=0, fill=1)
        room = self.width - 2 * pad
        flag_width = fonts.text_width(self.flag, font=fonts.BOLD, size=7) + 4 if self.flag else 0
        label, size = fonts.fit_text(self.label, font=fonts.REGULAR, width=room - flag_width, size=8.5,
                                     min_size=7)
        c.setFont(fonts.REGULAR, size)
        c.setFillColor(MUTED)
        c.drawString(pad, self.height - 15, label)
        if self.flag:
            c.setFont(fonts.BOLD, 7)
            c.drawRightString(self.width - pad, self.height - 15, self.flag)
        c.setFont(fonts.BOLD, 19)
        c.setFillColor(INK)
        c.drawString(pad, self.height - 38, self.value)
        if self.trend is not None:
            renderPDF.draw(self.trend, c, self.width - pad - self.trend.width, self.height - 40)
        c.setFont(fonts.BOLD, 8)
        c.setFillColor(self.change.colour)
        change = self.change.line
        c.drawString(pad, 17, change)
        if self.previous:
            c.setFont(fonts.REGULAR, 8)
            c.setFillColor(MUTED)
            c.drawString(pad + fonts.text_width(change + "  ", font=fonts.BOLD, size=8), 17, self.previous)
        c.setFont(fonts.REGULAR, 7)
        c.setFillColor(MUTED)
        c.drawString(pad, 6, fonts.fit_text(self.footnote, font=fonts.REGULAR, width=room, size=7, min_size=7)[0])


def _answers_note(data: ReportData, key: str) -> tuple[str, str]:
    """The "n answers, ± margin" line and "few answers" flag for a survey headline."""
    surveys = data.surveys
    found = {"nps": (surveys.nps.n, surveys.nps.interval, "points"),
             "csat": (surveys.csat.n, surveys.csat.interval, "%"),
             "ces": (surveys.ces.n, None, "score")}.get(key)
    if found is None:
        return "", ""
    n, interval, unit = found
    answers = ngettext("{n} answer", "{n} answers", n).format(n=locale_format.number(n))
    if interval is not None:
        margin = _("± {n} pts").format(n=f"{interval.margin:.0f}") if unit == "%" else \
            _("± {n}").format(n=f"{interval.margin:.0f}")
        answers = _("{answers}, {margin} ({level})").format(answers=answers, margin=margin,
                                                            level=locale_format.percent(95))
    flag = _("FEW ANSWERS") if n and metrics.few_answers(n) else ""
    return answers, flag


def _tile(data: ReportData, headline: metrics.Headline, width: float, look: Look) -> HeadlineTile:
    change = describe_change(headline.value, headline.previous, unit=headline.unit,
                             higher_is_better=headline.higher_is_better, too_few=headline.too_few_to_compare,
                             of_answers=headline.sample_is_answers)
    previous = "" if headline.value is None or headline.previous is None else _("last month {value}").format(
        value=format_value(headline.previous, headline.unit))
    trend = sparkline([p.value for p in data.series[headline.key]], width=78, height=20, palette=look.palette)
    answers, flag = _answers_note(data, headline.key)
    if not answers and headline.sample is not None and not headline.sample_is_answers:
        # as the dashboard's tile: how many complaints a rate or time rests on
        answers = ngettext("{n} resolved", "{n} resolved", headline.sample).format(
            n=locale_format.number(headline.sample))
    return HeadlineTile(width=width, label=headline.label, value=format_value(headline.value, headline.unit),
                        change=change, previous=previous, trend=trend, footnote=answers, flag=flag, accent=look.accent)


def summary(data: ReportData, look: Look) -> list[Flowable]:
    """The headline sentences, the 6–8 headline tiles and the most frequent complaints."""
    period = data.period
    month = month_title(period.year or 1, period.month or 1)
    story: list[Flowable] = [para(_("The month at a glance"), look.h1)]
    story += [para(sentence, look.lead) for sentence in metrics.headline_sentences(data.summary)]
    story.append(Spacer(1, 3 * mm))
    tile_width = (look.width - TILE_GAP) / 2
    tiles = [_tile(data, headline, tile_width, look) for headline in data.summary.headlines]
    rows = [tiles[i:i + 2] + [""] * (2 - len(tiles[i:i + 2])) for i in range(0, len(tiles), 2)]
    grid = Table(rows, colWidths=[tile_width + TILE_GAP / 2] * 2, hAlign="LEFT")
    grid.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                              ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), TILE_GAP),
                              ("ALIGN", (1, 0), (1, -1), "RIGHT")]))
    story += [grid, para(" ".join((
        _("▲ and ▼ show which way a figure moved since last month; the words say whether that is better or"
          " worse."),
        ngettext("○ marks a figure resting on fewer than {n} answer or resolved complaint this month or last:"
                 " too few to compare.",
                 "○ marks a figure resting on fewer than {n} answers or resolved complaints this month or last:"
                 " too few to compare.",
                 metrics.FEW_ANSWERS).format(n=metrics.FEW_ANSWERS),
        _("Trend lines cover the 12 months up to {month}; the dot is {month}.").format(month=month))), look.small)]
    story += _top_categories(data, look)
    return story


def _top_categories(data: ReportData, look: Look) -> list[Flowable]:
    top = data.summary.top_categories
    if not top:
        return []
    rows = []
    before = data.summary.had_month_before  # the shop's first month has no month before it
    for trend in top:
        previous = trend.previous if before else None
        change = describe_change(trend.count, previous, unit="count", higher_is_better=False)
        rows.append([trend.name, locale_format.number(trend.count),
                     "—" if previous is None else locale_format.number(previous), change.line])
    return [para(_("Most frequent complaints"), look.h2),
            data_table([_("Category"), _("This month"), _("Last month"), _("Change")], rows,
                       look.share(0.4, 0.17, 0.17, 0.26), look, align="LRRR")]
