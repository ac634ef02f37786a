"""Everything the monthly report prints, gathered from the services before any layout.

This is the report's only contact with the data: it calls ``smallcs.metrics``
(where every figure is defined), the goals service and the comments service,
and hands the layout plain values. Gathering is where the time goes, so it
reports progress as it goes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable

from smallcs import clock, goals, metrics, settings
from smallcs.i18n import _
from smallcs.metrics import Period
from smallcs.surveys.comments import Comment, comments_between, count_comments_between

Progress = Callable[[int, str], None]

# The share of the progress bar that gathering takes; laying out the pages is the rest.
GATHERING_PERCENT = 85
# How many comments the report prints at most: the least happy ones say what to fix.
COMMENTS_SHOWN = 12
# The staff table's CSAT after a complaint covers this many months up to the month's end: one
# month gives each person only a handful of answers, too few for a figure to act on.
STAFF_CSAT_MONTHS = 12


@dataclasses.dataclass(frozen=True)
class GoalLine:
    """A goal as the report shows it: its metric's name and unit, and where it stood."""

    label: str
    unit: str
    note: str
    progress: goals.GoalProgress


@dataclasses.dataclass(frozen=True)
class ReportData:
    """Every figure of one month's report; sections left out are None."""

    period: Period
    profile: settings.BusinessProfile
    generated_at: dt.datetime  # naive UTC
    generated_by: str  # a display name, or "" for the command line
    summary: metrics.MonthlySummary
    series: dict[str, list[metrics.SeriesPoint]]  # headline key -> 12 months, oldest first
    complaints: metrics.ComplaintMetrics
    categories_before: dict[int, int]  # category id -> complaints the month before
    resolution_by_category: list[metrics.CategoryResolution]
    surveys: metrics.SurveyMetrics
    goals: list[GoalLine]
    staff: list[metrics.StaffFigures] | None  # the month's
    # CSAT after a complaint over the STAFF_CSAT_MONTHS months to the month's end: by staff id, and the shop's
    staff_year_csat: dict[int, metrics.CsatFigure] | None
    shop_year_csat: metrics.CsatFigure | None
    comments: list[Comment] | None  # the least happy first, at most COMMENTS_SHOWN
    comment_count: int  # every comment written in the month (0 when comments are left out)

    @property
    def is_latest_month(self) -> bool:
        """Whether the month is the one just ended when the report is made: only then does a figure
        read "today" belong beside the month's own (an older month's end says nothing about today)."""
        return metrics.last_complete_month(self.generated_at, zone=self.period.zone).label == self.period.label


def _goal_lines(period: Period, now: dt.datetime) -> list[GoalLine]:
    """The active goals that had started by the month's end, each with its figure for the month.

    The figure is the one the month's headline tile prints (``goals.goal_progress`` with the month).
    """
    last_day = clock.to_local(period.end - dt.timedelta(microseconds=1), period.zone).date()
    lines = []
    for goal in goals.list_goals(started_by=last_day):
        spec = metrics.spec(goal.metric)
        lines.append(GoalLine(_(spec.label), spec.unit, goal.note, goals.goal_progress(goal, now, month=period)))
    return lines


def gather(period: Period, *, profile: settings.BusinessProfile, now: dt.datetime, generated_by: str,
           include_staff: bool, include_comments: bool, progress: Progress) -> ReportData:
    """Compute every figure the report for ``period`` prints.

    Args:
        period: a whole month.
        profile: the business profile (name, currency, page size...).
        now: naive UTC: "generated on" and "overdue today" (given for the month just ended) are read at it.
        generated_by: who asked, as printed on the cover.
        include_staff: compute the staff section.
        include_comments: fetch customers' comments.
        progress: told ``(percent, what)`` as each part is done.
    """
    with metrics.memo():  # a figure on a tile and in its sparkline is read once, and agrees
        return _gather(period, profile=profile, now=now, generated_by=generated_by, include_staff=include_staff,
                       include_comments=include_comments, progress=progress)


def _gather(period: Period, *, profile: settings.BusinessProfile, now: dt.datetime, generated_by: str,
            include_staff: bool, include_comments: bool, progress: Progress) -> ReportData:
    progress(2, _("Headline figures"))
    summary = metrics.monthly_summary(period)
    series: dict[str, list[metrics.SeriesPoint]] = {}
    for index, headline in enumerate(summary.headlines):
        progress(5 + 45 * index // len(summary.headlines), _("Twelve-month trends"))
        series[headline.key] = metrics.monthly_series(headline.key, period)
    progress(50, _("Complaints"))
    complaints = metrics.complaint_metrics(period, now=now)
    before = {c.category_id: c.count for c in metrics.counts_by_category(period.previous())}
    by_category = metrics.resolution_by_category(period)
    progress(65, _("Surveys"))
    surveys = metrics.survey_metrics(period)
    progress(72, _("Goals"))
    goal_lines = _goal_lines(period, now)
    staff: list[metrics.StaffFigures] | None = None
    staff_year_csat: dict[int, metrics.CsatFigure] | None = None
    shop_year_csat: metrics.CsatFigure | None = None
    if include_staff:
        progress(76, _("Staff"))
        staff = metrics.staff_figures(period)
        year = period.months_ending(STAFF_CSAT_MONTHS)
        staff_year_csat = metrics.staff_post_resolution_csat(year)
        shop_year_csat = metrics.post_resolution_csat(year)
    comments, comment_count = None, 0
    if include_comments:
        progress(82, _("Customers' comments"))
        comment_count = count_comments_between(period.start, period.end)
        comments = comments_between(period.start, period.end, limit=COMMENTS_SHOWN)
    progress(GATHERING_PERCENT, _("Laying out the pages"))
    return ReportData(period=period, profile=profile, generated_at=now, generated_by=generated_by,
                      summary=summary, series=series, complaints=complaints, categories_before=before,
                      resolution_by_category=by_category, surveys=surveys, goals=goal_lines,
                      staff=staff, staff_year_csat=staff_year_csat, shop_year_csat=shop_year_csat,
                      comments=comments, comment_count=comment_count)
