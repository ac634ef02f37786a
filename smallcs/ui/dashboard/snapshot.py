"""Everything the dashboard shows, gathered from the metrics, goals and complaints services in one call.

Qt-free so that it runs on a worker thread (it takes about 150 ms on a year of
demo data at scale 1) and so tests can compare it with ``smallcs.metrics``
directly. No figure is defined here: each comes from ``smallcs.metrics`` or
``smallcs.goals``, and the overdue list is the complaint list's "Overdue only".
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from smallcs import clock, complaints, goals, metrics
from smallcs.complaints import ComplaintFilter, ComplaintRow
from smallcs.i18n import N_, _
from smallcs.metrics import CategoryTrend, MetricFilter, Period, SeriesPoint
from smallcs.metrics.display import shown_change
from smallcs.models.enums import Channel

TREND_MONTHS = 12
TOP_CATEGORIES = 5
# Figures that add up over the month: "so far" cannot be compared with a whole month.
FLOW_KEYS = frozenset({"complaints"})
RESOLVED_KEYS = frozenset({"resolution_median_hours", "fcr", "on_time"})
OVERDUE = "overdue"
OVERDUE_ROWS = 8  # the overdue list's rows; the Complaints page shows the rest
_AGE_LABELS = {"0-2": N_("0–2 days"), "3-7": N_("3–7 days"), "8-30": N_("8–30 days"),
               "31+": N_("31 days or more")}


@dataclasses.dataclass(frozen=True)
class PeriodChoice:
    """The month the dashboard shows: this month so far (``None``) or a whole month."""

    month: tuple[int, int] | None = None

    @property
    def key(self) -> str:
        """"" for this month so far, otherwise ``YYYY-MM`` (what a combo box keeps)."""
        return "" if self.month is None else f"{self.month[0]:04d}-{self.month[1]:02d}"

    @classmethod
    def from_key(cls, key: str) -> PeriodChoice:
        """The choice ``key`` stands for."""
        if not key:
            return cls()
        year, month = key.split("-")
        return cls((int(year), int(month)))

    def period(self) -> Period:
        """The period, cut in the shop's zone at the moment it is asked for."""
        if self.month is None:
            return Period.month_so_far()
        return Period.for_month(*self.month)


@dataclasses.dataclass(frozen=True)
class Tile:
    """One headline figure with what a tile needs around it."""

    key: str
    label: str  # translated
    unit: str
    higher_is_better: bool
    value: float | None
    previous: float | None
    comparable: bool  # False: "so far" against a whole month would mislead
    series: tuple[SeriesPoint, ...]  # oldest first, ends with this period
    sample: int | None = None  # answers or resolved complaints behind the figure
    sample_is_answers: bool = False
    margin: float | None = None  # ± of the 95 % interval
    too_few_to_compare: bool = False  # few answers or resolved complaints this month or the one before
    detail: str = ""  # a line for the tooltip (e.g. the backlog's ages)

    @property
    def change(self) -> float | None:
        """This period against the one before, as the two figures are written (None when either is missing)."""
        if not self.comparable or self.value is None or self.previous is None:
            return None
        return shown_change(self.value, self.previous, self.unit)

    @property
    def few_answers(self) -> bool:
        """Survey figures on fewer than 30 answers are marked."""
        return self.sample_is_answers and bool(self.sample) and metrics.few_answers(self.sample or 0)

    @property
    def has_trend(self) -> bool:
        """Whether the 12 months hold anything to draw (a count of 0 every month is nothing yet)."""
        if self.unit == "count":
            return any(point.value for point in self.series)
        return any(point.value is not None for point in self.series)


@dataclasses.dataclass(frozen=True)
class GoalView:
    """A goal with its progress, as the goals panel and its dialog need it."""

    goal_id: int
    metric: str
    label: str  # translated
    unit: str
    baseline: float | None
    target: float
    starts_on: dt.date
    due_on: dt.date
    note: str
    progress: goals.GoalProgress


@dataclasses.dataclass(frozen=True)
class OverdueList:
    """The complaints open past their due time now, most overdue first (at most ``OVERDUE_ROWS``)."""

    rows: tuple[ComplaintRow, ...]
    total: int  # how many there are in all
    now: dt.datetime  # naive UTC: the moment "overdue" was judged at

    @property
    def more(self) -> int:
        """How many are not among the rows."""
        return self.total - len(self.rows)


@dataclasses.dataclass(frozen=True)
class Snapshot:
    """The dashboard's figures for one period and filter."""

    period: Period
    flt: MetricFilter
    taken_at: dt.datetime  # naive UTC
    tiles: tuple[Tile, ...]
    sentences: tuple[str, ...]
    top_categories: tuple[CategoryTrend, ...]
    distributions: dict[str, dict[int, int]]  # "nps" / "csat": score -> answers
    goals: tuple[GoalView, ...]
    overdue: OverdueList  # now, whatever the period
    had_month_before: bool = True  # False in the shop's first month: its categories are not compared
    goals_start_later: bool = False  # goals are set, but none had started by the end of the month shown

    def tile(self, key: str) -> Tile:
        """The tile called ``key``.

        Raises:
            KeyError: no such tile.
        """
        for item in self.tiles:
            if item.key == key:
                return item
        raise KeyError(key)


def _months(period: Period) -> list[Period]:
    return [period if back == 0 else period.shifted(-back) for back in range(TREND_MONTHS - 1, -1, -1)]


def _headline_tiles(summary: metrics.MonthlySummary, flt: MetricFilter) -> list[Tile]:
    period = summary.period
    resolved = metrics.resolution(period, flt).resolved
    nps, csat, ces = metrics.nps(period, flt), metrics.csat(period, flt), metrics.ces(period, flt)
    answers = {"nps": nps.n, "csat": csat.n, "ces": ces.n}
    margins = {"nps": nps.interval, "csat": csat.interval}
    backlog = metrics.backlog_at(period.end, flt)
    ages = ", ".join(f"{_(_AGE_LABELS[key])}: {n}" for key, n in backlog.buckets.items())
    tiles = []
    for h in summary.headlines:
        interval = margins.get(h.key)
        # "Open at month end" of a month so far is what is open now.
        label = _("Open now") if h.key == "backlog" and period.partial else h.label
        tiles.append(Tile(
            key=h.key, label=label, unit=h.unit, higher_is_better=h.higher_is_better,
            value=h.value, previous=h.previous,
            comparable=not (period.partial and h.key in FLOW_KEYS),
            series=tuple(metrics.monthly_series(h.key, period, months=TREND_MONTHS, flt=flt)),
            sample=answers.get(h.key, resolved if h.key in RESOLVED_KEYS else None),
            sample_is_answers=h.key in answers,
            margin=interval.margin if interval is not None else None,
            too_few_to_compare=h.too_few_to_compare,
            detail=_("By age: {ages}").format(ages=ages) if h.key == "backlog" else "",
        ))
    return tiles


def _overdue_tile(period: Period, flt: MetricFilter, *, had_month_before: bool) -> Tile:
    """Open complaints past their due time at the period's end (now, for this month).

    As the other tiles: nothing to compare with when the month before came before the shop's first
    record, and no point drawn for the months before it.
    """
    def overdue(month: Period) -> float | None:
        return None if metrics.before_first_activity(month) else float(metrics.backlog_at(month.end, flt).overdue)

    series = tuple(SeriesPoint(month.label, overdue(month)) for month in _months(period))
    label = _("Overdue now") if period.partial else _("Overdue at month end")
    previous = overdue(period.previous()) if had_month_before else None
    return Tile(key=OVERDUE, label=label, unit="count", higher_is_better=False,
                value=float(metrics.backlog_at(period.end, flt).overdue), previous=previous, comparable=True,
                series=series)


def overdue_filter(flt: MetricFilter) -> ComplaintFilter:
    """The complaint list's "Overdue only", narrowed by the dashboard's category and channel as the tiles
    are, and by its staff member as the list's "Assigned to" narrows it (to the complaints assigned to them)."""
    return ComplaintFilter(overdue_only=True,
                           category_ids=() if flt.category_id is None else (flt.category_id,),
                           channels=() if flt.channel is None else (Channel(flt.channel),),
                           assigned_to_id=flt.staff_id)


def overdue_now(flt: MetricFilter, now: dt.datetime) -> OverdueList:
    """The complaints overdue at ``now`` (naive UTC) that ``flt`` selects, most overdue first."""
    wanted = overdue_filter(flt)
    rows = complaints.fetch_complaints(wanted, order_by="due_at", descending=False, limit=OVERDUE_ROWS, now=now)
    return OverdueList(rows=tuple(rows), total=complaints.count_complaints(wanted, now=now), now=now)


def _goal_views(period: Period) -> tuple[GoalView, ...]:
    """The goals, each with its figure for ``period``: for a whole month the month's own figure (the one
    its tile shows); for this month so far the 30 days up to now (a few days' figure would swing)."""
    last_day = clock.to_local(period.end - dt.timedelta(microseconds=1), period.zone).date()
    views = []
    for goal in goals.list_goals(started_by=None if period.partial else last_day):
        spec = metrics.spec(goal.metric)
        progress = goals.goal_progress(goal) if period.partial else goals.goal_progress(goal, month=period)
        views.append(GoalView(goal_id=goal.id, metric=goal.metric, label=_(spec.label), unit=spec.unit,
                              baseline=goal.baseline, target=goal.target, starts_on=goal.starts_on,
                              due_on=goal.due_on, note=goal.note, progress=progress))
    return tuple(views)


def take_snapshot(choice: PeriodChoice, flt: MetricFilter = metrics.NO_FILTER) -> Snapshot:
    """Compute the dashboard for ``choice`` narrowed by ``flt``.

    Args:
        choice: this month so far, or a whole month.
        flt: optional category / channel / staff filter.

    Returns:
        The figures; values are None where there is no data.
    """
    period = choice.period()
    taken_at = clock.utcnow()
    with metrics.memo():  # a tile, its sparkline and a goal on the same figure read it once, and agree
        summary = metrics.monthly_summary(period, flt)
        tiles = _headline_tiles(summary, flt)
        keys = [tile.key for tile in tiles]
        # Overdue sits beside the backlog it is part of.
        tiles.insert(keys.index("backlog") + 1 if "backlog" in keys else len(tiles),
                     _overdue_tile(period, flt, had_month_before=summary.had_month_before))
        views = _goal_views(period)
        return Snapshot(
            period=period, flt=flt, taken_at=taken_at, tiles=tuple(tiles),
            sentences=tuple(metrics.headline_sentences(summary)),
            top_categories=tuple(metrics.top_categories(period, flt, limit=TOP_CATEGORIES)),
            had_month_before=summary.had_month_before,
            distributions={q: metrics.distribution(period, q, flt) for q in ("nps", "csat")},
            goals=views,
            # This month's "Overdue now" tile is judged at the period's end: the list at the same moment.
            overdue=overdue_now(flt, period.end if period.partial else taken_at),
            goals_start_later=not views and bool(goals.list_goals()),
        )
