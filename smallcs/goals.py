"""SMART goals on one metric each ("FCR from 70 % to 80 % by June") and their progress.

A goal's figure comes from the same metric function as the headline figure
(``smallcs.metrics``), over one of two windows:

* for a whole month (the monthly report, a past month on the dashboard), the
  month itself, so the goal shows the very figure the month's tiles show;
* "now" (the dashboard's month so far), the 30 days up to now (or up to the end
  of the due day once that has passed): long enough to have answers early in a
  month, short enough to show this month's work.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from enum import StrEnum

from smallcs import audit, clock, locale_format
from smallcs.errors import NotFound, ValidationError
from smallcs.i18n import N_, _
from smallcs.metrics.catalog import MetricSpec, spec
from smallcs.metrics.display import format_value
from smallcs.metrics.periods import Period, shop_zone
from smallcs.models import Goal, Staff, write_transaction
from smallcs.permissions import require
from smallcs.typed_text import check_storable

log = logging.getLogger(__name__)

CURRENT_WINDOW_DAYS = 30
MAX_NOTE = 500


class GoalStatus(StrEnum):
    ACHIEVED = "achieved"
    ON_TRACK = "on_track"
    BEHIND = "behind"
    NO_DATA = "no_data"


_STATUS_WORDS = {GoalStatus.ACHIEVED: N_("✓ Achieved"), GoalStatus.ON_TRACK: N_("On track"),
                 GoalStatus.BEHIND: N_("Behind"), GoalStatus.NO_DATA: N_("No data yet")}


@dataclasses.dataclass(frozen=True)
class GoalProgress:
    """Where a goal stands at a moment."""

    goal_id: int
    metric: str
    baseline: float | None
    target: float
    current: float | None
    progress_pct: float | None  # of the way from baseline to target, 0–100
    expected_pct: float  # of the goal's time that has gone by, 0–100
    status: GoalStatus
    days_left: int
    due_on: dt.date
    month: Period | None = None  # the whole month ``current`` is over; None: the 30 days up to ``as_of``
    as_of: dt.datetime | None = None  # naive UTC: the end of the 30 days (``month`` None) or the month's end


def current_value(metric: str, now: dt.datetime | None = None) -> float | None:
    """A metric over the 30 days up to ``now`` (naive UTC; default the clock).

    Raises:
        ValidationError: unknown metric.
    """
    moment = now or clock.utcnow()
    return spec(metric).value(Period.trailing(moment, days=CURRENT_WINDOW_DAYS))


def _today(now: dt.datetime | None = None) -> dt.date:
    return clock.to_local(now or clock.utcnow(), shop_zone()).date()


def _check(metric: MetricSpec, *, target: float, baseline: float | None,
           starts_on: dt.date, due_on: dt.date, note: str) -> None:
    high = "" if metric.high is None else f"{metric.high:g}"
    if not metric.in_range(target):
        raise ValidationError(
            _("The target must be between {low} and {high}.").format(low=f"{metric.low:g}", high=high)
            if high else _("The target must be at least {low}.").format(low=f"{metric.low:g}"),
            field="target")
    if baseline is not None and not metric.in_range(baseline):
        raise ValidationError(_("The starting value is out of range for this metric."),
                              field="baseline")
    if due_on <= starts_on:
        raise ValidationError(_("The due date must be after the start date."), field="due_on")
    check_storable(note, field="note", label=_("The note"))
    if len(note) > MAX_NOTE:
        raise ValidationError(_("The note is too long (500 characters at most)."), field="note")


def create_goal(
    actor: Staff,
    *,
    metric: str,
    target: float,
    due_on: dt.date,
    baseline: float | None = None,
    starts_on: dt.date | None = None,
    note: str = "",
) -> Goal:
    """Set a goal on one metric (manager or owner).

    Args:
        actor: who sets it.
        metric: a metric key, e.g. ``"fcr"`` or ``"nps"``.
        target: the value to reach, within the metric's range.
        due_on: the day it should be reached by (after ``starts_on``).
        baseline: the starting value; by default the metric's current value
            (None if there is no data yet).
        starts_on: the first day; by default today in the shop's zone.
        note: why, or how the shop means to get there.

    Returns:
        The stored goal.

    Raises:
        PermissionDenied: the actor is not a manager or owner.
        ValidationError: unknown metric, target out of range or dates reversed.
    """
    require(actor, "goals.edit")
    metric_spec = spec(metric)
    start = starts_on or _today()
    note = note.strip()
    _check(metric_spec, target=target, baseline=baseline, starts_on=start, due_on=due_on, note=note)
    if baseline is None:
        baseline = current_value(metric)
    with write_transaction():
        goal = Goal.create(metric=metric, baseline=baseline, target=float(target), starts_on=start,
                           due_on=due_on, note=note, active=True, created_by=actor,
                           created_at=clock.utcnow())
        audit.record(actor, "goal.create", entity="goal", entity_id=goal.id,
                     detail={"metric": metric, "baseline": baseline, "target": float(target),
                             "due_on": due_on.isoformat()})
    log.info("goal %s set on %s", goal.id, metric)
    return goal


def update_goal(
    actor: Staff,
    goal_id: int,
    *,
    target: float,
    due_on: dt.date,
    baseline: float | None,
    starts_on: dt.date,
    note: str = "",
) -> Goal:
    """Change a goal's numbers, dates or note (manager or owner).

    The metric stays: a goal on another metric is a new goal.

    Args:
        actor: who changes it.
        goal_id: the goal.
        target: the value to reach, within the metric's range.
        due_on: the day it should be reached by (after ``starts_on``).
        baseline: the starting value (None: unknown).
        starts_on: the first day.
        note: why, or how the shop means to get there.

    Returns:
        The stored goal.

    Raises:
        PermissionDenied: the actor is not a manager or owner.
        NotFound: no such goal.
        ValidationError: target out of range or dates reversed; nothing changes.
    """
    require(actor, "goals.edit")
    note = note.strip()
    with write_transaction():
        goal = Goal.get_or_none(Goal.id == goal_id)
        if goal is None:
            raise NotFound(_("There is no goal {id}.").format(id=goal_id))
        _check(spec(goal.metric), target=target, baseline=baseline, starts_on=starts_on,
               due_on=due_on, note=note)
        before = {"baseline": goal.baseline, "target": goal.target,
                  "starts_on": goal.starts_on.isoformat(), "due_on": goal.due_on.isoformat()}
        goal.baseline, goal.target, goal.note = baseline, float(target), note
        goal.starts_on, goal.due_on = starts_on, due_on
        goal.save()
        audit.record(actor, "goal.update", entity="goal", entity_id=goal.id,
                     detail={"metric": goal.metric, "before": before,
                             "after": {"baseline": baseline, "target": float(target),
                                       "starts_on": starts_on.isoformat(),
                                       "due_on": due_on.isoformat()}})
    log.info("goal %s changed", goal.id)
    return goal


def list_goals(*, include_retired: bool = False, started_by: dt.date | None = None) -> list[Goal]:
    """Goals, soonest due first (active ones only unless asked; only those started by a day if given)."""
    query = Goal.select().order_by(Goal.due_on, Goal.id)
    if not include_retired:
        query = query.where(Goal.active == True)
    if started_by is not None:
        query = query.where(Goal.starts_on <= started_by)
    return list(query)


def retire_goal(actor: Staff, goal_id: int) -> Goal:
    """Stop following a goal (kept for the record; manager or owner).

    Raises:
        PermissionDenied: the actor is not a manager or owner.
        NotFound: no such goal.
    """
    require(actor, "goals.edit")
    with write_transaction():
        goal = Goal.get_or_none(Goal.id == goal_id)
        if goal is None:
            raise NotFound(_("There is no goal {id}.").format(id=goal_id))
        if goal.active:
            goal.active = False
            goal.save()
            audit.record(actor, "goal.retire", entity="goal", entity_id=goal.id,
                         detail={"metric": goal.metric})
    return goal


def _reached(current: float, target: float, *, baseline: float | None, higher_is_better: bool) -> bool:
    up = target >= baseline if baseline is not None else higher_is_better
    return current >= target if up else current <= target


def goal_progress(goal: Goal, now: dt.datetime | None = None, *, month: Period | None = None) -> GoalProgress:
    """How far ``goal`` has come by ``now``, or in ``month``.

    On track means at least as far from baseline to target as the share of
    the goal's time gone by; once the due day has passed the value at the end
    of that day decides achieved or behind.

    Args:
        goal: a stored goal.
        now: naive UTC; defaults to the clock.
        month: a whole month: the goal's figure is the metric over that month
            (the figure its headline tile shows) and the time gone by is counted
            to the month's end. None: the 30 days up to ``now``.

    Returns:
        Its progress (``NO_DATA`` when the metric has no value yet).
    """
    moment = now or clock.utcnow()
    metric = spec(goal.metric)
    zone = shop_zone()
    due_end = clock.to_utc(dt.datetime.combine(goal.due_on + dt.timedelta(days=1), dt.time()), zone)
    start = clock.to_utc(dt.datetime.combine(goal.starts_on, dt.time()), zone)
    if month is None:
        as_of = min(moment, due_end)
        current = current_value(goal.metric, as_of)
    else:
        moment = min(moment, month.end)
        as_of = min(moment, due_end)
        current = metric.value(month)
    span = (due_end - start).total_seconds()
    expected = 100.0 * min(1.0, max(0.0, (as_of - start).total_seconds() / span)) if span > 0 else 100.0
    baseline = goal.baseline
    progress: float | None = None
    if current is not None and baseline is not None and goal.target != baseline:
        progress = max(0.0, min(100.0, 100.0 * (current - baseline) / (goal.target - baseline)))
    if current is None:
        status = GoalStatus.NO_DATA
    elif _reached(current, goal.target, baseline=baseline, higher_is_better=metric.higher_is_better):
        status = GoalStatus.ACHIEVED
    elif progress is not None and progress >= expected and moment < due_end:
        status = GoalStatus.ON_TRACK
    else:
        status = GoalStatus.BEHIND
    days_left = max(0, (goal.due_on - clock.to_local(moment, zone).date()).days)
    return GoalProgress(goal_id=goal.id, metric=goal.metric, baseline=baseline, target=goal.target,
                        current=current, progress_pct=progress, expected_pct=expected,
                        status=status, days_left=days_left, due_on=goal.due_on, month=month, as_of=as_of)


@dataclasses.dataclass(frozen=True)
class GoalWords:
    """A goal and where it stands, in the words the dashboard and the report both print."""

    goal: str  # "First contact resolution from 70% to 80% by June 2027"
    progress: str  # "64% of the way", "no data yet"
    status: str  # "On track"


def due_words(day: dt.date) -> str:
    """"June 2027" for a month's last day (goals read "by June"), otherwise the day ("Jun 15, 2027")."""
    if (day + dt.timedelta(days=1)).month != day.month:
        return locale_format.month_year(day)
    return locale_format.date(day)


def describe_goal(metric: str, *, baseline: float | None, target: float, due_on: dt.date) -> str:
    """A goal as one SMART sentence: "First contact resolution from 70% to 80% by June 2027".

    Raises:
        ValidationError: unknown metric.
    """
    metric_spec = spec(metric)
    values = {"metric": _(metric_spec.label), "target": format_value(target, metric_spec.unit),
              "due": due_words(due_on)}
    if baseline is None:
        return _("{metric} to {target} by {due}").format(**values)
    return _("{metric} from {baseline} to {target} by {due}").format(
        baseline=format_value(baseline, metric_spec.unit), **values)


def goal_words(progress: GoalProgress) -> GoalWords:
    """How far a goal has come, worded once for every front end (dashboard, report)."""
    if progress.progress_pct is not None:
        share = _("{pct} of the way").format(pct=locale_format.percent(progress.progress_pct))
    elif progress.current is None:
        share = _("no data yet")
    else:
        share = _("no starting value to measure from")
    return GoalWords(
        goal=describe_goal(progress.metric, baseline=progress.baseline, target=progress.target,
                           due_on=progress.due_on),
        progress=share,
        status=_(_STATUS_WORDS[progress.status]),
    )


def figure_words(progress: GoalProgress) -> str:
    """A goal's figure and the window it is over, so it is never mistaken for another.

    "August 2026: 28%" for a month (the figure the month's tiles show);
    "Now 26% (last 30 days)" for now; once the due day has passed, the 30 days
    that ended with it.
    """
    value = format_value(progress.current, spec(progress.metric).unit)
    if progress.month is not None:
        first_day = dt.date(progress.month.year or 1, progress.month.month or 1, 1)
        return _("{month}: {value}").format(month=locale_format.month_year(first_day), value=value)
    if progress.as_of is not None and clock.to_local(progress.as_of, shop_zone()).date() > progress.due_on:
        return _("{value} over the 30 days to {due}").format(value=value, due=locale_format.date(progress.due_on))
    return _("Now {value} (last 30 days)").format(value=value)
