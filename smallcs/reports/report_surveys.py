"""The report's survey section: NPS, CSAT and effort with their certainty, and how answers spread."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from smallcs import locale_format, metrics
from smallcs.i18n import N_, _, ngettext
from smallcs.metrics.display import format_value
from smallcs.reports.month_names import month_title
from smallcs.reports.report_charts import (
    Column,
    Estimate,
    Group,
    column_chart,
    estimate_chart,
)
from smallcs.reports.report_complaints import COLUMN_GAP, side_by_side
from smallcs.reports.report_data import ReportData
from smallcs.reports.report_styles import Look, data_table, on_its_own_page, para

NO_ANSWERS = N_("No answers this month.")


def _few(n: int) -> str:
    return _("few answers") if n and metrics.few_answers(n) else ""


def _interval(interval: metrics.Interval | None, unit: str) -> str:
    if interval is None:
        return "—"
    return _("{low} to {high}").format(low=format_value(interval.low, unit), high=format_value(interval.high, unit))


def _scores(data: ReportData, look: Look) -> list[Flowable]:
    s = data.surveys
    ces_note = "" if s.ces.easy_pct is None else _("{pct} found it easy (5–7)").format(
        pct=format_value(s.ces.easy_pct, "%"))

    def csat_note(figure: metrics.CsatFigure) -> str:
        mean = "" if figure.mean is None else _("mean {mean} of 5").format(mean=locale_format.number(figure.mean, 1))
        return " · ".join(part for part in (_few(figure.n), mean) if part)

    rows = [
        [_("NPS (−100 to +100)"), format_value(s.nps.score, "points"), locale_format.number(s.nps.n),
         _interval(s.nps.interval, "points"), _few(s.nps.n)],
        [_("CSAT (answered 4 or 5 of 5)"), format_value(s.csat.pct, "%"), locale_format.number(s.csat.n),
         _interval(s.csat.interval, "%"), csat_note(s.csat)],
        [_("Customer effort (1–7, 7 = very easy)"), format_value(s.ces.mean, "score"),
         locale_format.number(s.ces.n), "—",
         " · ".join(part for part in (_few(s.ces.n), ces_note) if part)],
        [_("CSAT after a complaint"), format_value(s.post_resolution_csat.pct, "%"),
         locale_format.number(s.post_resolution_csat.n), _interval(s.post_resolution_csat.interval, "%"),
         csat_note(s.post_resolution_csat)],
        [_("CSAT otherwise"), format_value(s.general_csat.pct, "%"), locale_format.number(s.general_csat.n),
         _interval(s.general_csat.interval, "%"), csat_note(s.general_csat)],
    ]
    level = locale_format.percent(95)
    header = [_("Measure"), _("Score"), _("Answers"), _("{level} interval").format(level=level), _("Note")]
    return [
        data_table(header, rows, look.share(0.3, 0.09, 0.12, 0.17, 0.32), look, align="LRRRL"),
        para(_("The {level} interval is where the true score most likely lies (Wilson for CSAT, adjusted Wald"
               " for NPS). With fewer than {n} answers a score can swing a lot from one month to the next."
               ).format(level=level, n=metrics.FEW_ANSWERS), look.small),
    ]


# What the parts of each scale mean, as DESIGN.md's metric table defines them (lowest and highest
# score, tone): NPS detractors 0–6 and promoters 9–10, CSAT satisfied at 4–5, CES easy at 5–7.
_SCALE_GROUPS: dict[str, tuple[tuple[str, int, int, str], ...]] = {
    "nps": ((N_("detractors"), 0, 6, "low"), (N_("passives"), 7, 8, "middle"), (N_("promoters"), 9, 10, "high")),
    "csat": ((N_("not satisfied"), 1, 3, "low"), (N_("satisfied"), 4, 5, "high")),
    "ces": ((N_("not easy"), 1, 4, "low"), (N_("easy"), 5, 7, "high")),
}


def _distribution(question: str, counts: dict[int, int], width: float, look: Look) -> Flowable:
    """Answers per score (every score of the scale listed), coloured and bracketed by what they mean."""
    first = min(counts)
    groups = [Group(_(label), low - first, high - first, tone) for label, low, high, tone in _SCALE_GROUPS[question]]
    chart = column_chart([Column(str(score), n) for score, n in sorted(counts.items())], width=width,
                         palette=look.palette, height=86, groups=groups)
    return chart if chart is not None else para(_(NO_ANSWERS), look.body)


def _comparison(data: ReportData, width: float, look: Look) -> Flowable:
    estimates = []
    for label, figure in ((_("After a complaint"), data.surveys.post_resolution_csat),
                          (_("Otherwise"), data.surveys.general_csat)):
        if figure.pct is None or figure.interval is None:
            continue
        note = ngettext("{pct}, {n} answer", "{pct}, {n} answers", figure.n).format(
            pct=format_value(figure.pct, "%"), n=locale_format.number(figure.n))
        estimates.append(Estimate(label, figure.pct, figure.interval.low, figure.interval.high, note))
    chart = estimate_chart(estimates, width=width, palette=look.palette)
    return chart if chart is not None else para(_("No CSAT answers this month."), look.body)


def surveys_section(data: ReportData, look: Look) -> list[Flowable]:
    """Scores with n and intervals, response rate, distributions, CSAT after a complaint vs otherwise."""
    s, period = data.surveys, data.period
    month = month_title(period.year or 1, period.month or 1)
    heading = para(_("Customer surveys"), look.h1)
    rate = s.response_rate
    rate_sentence = "" if rate.printed == 0 else ngettext(
        "{answered} of the {printed} single-use card printed in {month} has been answered ({pct}).",
        "{answered} of the {printed} single-use cards printed in {month} have been answered ({pct}).",
        rate.printed).format(answered=locale_format.number(rate.answered),
                             printed=locale_format.number(rate.printed), month=month,
                             pct=format_value(rate.pct, "%"))
    if s.responses == 0:
        quiet = [para(_(NO_ANSWERS), look.lead)] + ([para(rate_sentence, look.body)] if rate_sentence else [])
        return on_its_own_page(heading, quiet)
    answered = ngettext("{n} customer answered a survey in {month}.", "{n} customers answered a survey in {month}.",
                        s.responses).format(n=locale_format.number(s.responses), month=month)
    story: list[Flowable] = [para(f"{answered} {rate_sentence}".strip(), look.lead)]
    story += _scores(data, look)
    story.append(Spacer(1, 3 * mm))
    half = (look.width - COLUMN_GAP) / 2
    blocks = [
        (_("How likely to recommend (0–10)"), _distribution("nps", s.distributions["nps"], half, look)),
        (_("Satisfaction (1–5)"), _distribution("csat", s.distributions["csat"], half, look)),
        (_("Customer effort (1–7, 7 = very easy)"), _distribution("ces", s.distributions["ces"], half, look)),
        (_("CSAT after a complaint and otherwise"), _comparison(data, half, look)),
    ]
    for (left_title, left), (right_title, right) in zip(blocks[::2], blocks[1::2], strict=True):
        story.append(KeepTogether([side_by_side([para(left_title, look.h2), left],
                                                [para(right_title, look.h2), right], look)]))
    story.append(para(_("Columns show how many customers gave each score. The whiskers mark the {level}"
                        " interval.").format(level=locale_format.percent(95)), look.small))
    return on_its_own_page(heading, story)
