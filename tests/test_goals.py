"""SMART goals: who may set them, what is refused, and how progress is judged."""

from __future__ import annotations

import datetime as dt

import pytest

from smallcs import clock, i18n
from smallcs.errors import NotFound, PermissionDenied, ValidationError
from smallcs.goals import (
    GoalStatus,
    GoalWords,
    create_goal,
    goal_progress,
    goal_words,
    list_goals,
    retire_goal,
    update_goal,
)
from smallcs.models import AuditEvent, Staff
from tests.metrics.builders import add_complaints, add_responses, complaint_row, local

H = dt.timedelta(hours=1)
YEAR_START, YEAR_END = dt.date(2026, 1, 1), dt.date(2026, 12, 31)
NOW = local(2026, 7, 2, 12)  # a little past half-way through 2026


def _fcr_half(owner: Staff, around: dt.datetime) -> None:
    """Four complaints resolved in the 30 days before ``around``: FCR 50 %."""
    at = around - 5 * 24 * H
    add_complaints(complaint_row(owner, at, resolved_at=at + H, resolved_at_first_contact=first)
                   for first in (True, True, False, False))


def test_a_manager_sets_a_goal_and_it_is_audited(manager: Staff) -> None:
    goal = create_goal(manager, metric="fcr", target=80, baseline=70, due_on=YEAR_END,
                       starts_on=YEAR_START, note="  Small refunds at the counter.  ")
    assert (goal.metric, goal.baseline, goal.target, goal.note) == ("fcr", 70, 80, "Small refunds at the counter.")
    event = AuditEvent.get(AuditEvent.action == "goal.create")
    assert event.staff.id == manager.id and event.entity_id == str(goal.id)
    assert [g.id for g in list_goals()] == [goal.id]


def test_counter_staff_may_not_set_or_retire_goals(owner: Staff, clerk: Staff) -> None:
    with pytest.raises(PermissionDenied):
        create_goal(clerk, metric="fcr", target=80, baseline=70, due_on=YEAR_END, starts_on=YEAR_START)
    goal = create_goal(owner, metric="fcr", target=80, baseline=70, due_on=YEAR_END, starts_on=YEAR_START)
    with pytest.raises(PermissionDenied):
        retire_goal(clerk, goal.id)


@pytest.mark.parametrize(("fields", "field"), [
    ({"metric": "happiness", "target": 80}, "metric"),
    ({"metric": "fcr", "target": 120}, "target"),
    ({"metric": "nps", "target": -101}, "target"),
    ({"metric": "ces", "target": 8}, "target"),
    ({"metric": "resolution_median_hours", "target": -1}, "target"),
    ({"metric": "fcr", "target": 80, "baseline": -5}, "baseline"),
    ({"metric": "fcr", "target": 80, "due_on": YEAR_START}, "due_on"),
    ({"metric": "fcr", "target": 80, "note": "x" * 501}, "note"),
])
def test_bad_goals_are_refused_and_nothing_is_stored(owner: Staff, fields: dict[str, object],
                                                     field: str) -> None:
    arguments: dict[str, object] = {"due_on": YEAR_END, "starts_on": YEAR_START, "baseline": 50, **fields}
    with pytest.raises(ValidationError) as raised:
        create_goal(owner, **arguments)  # type: ignore[arg-type]
    assert raised.value.field == field
    assert list_goals(include_retired=True) == []


def test_the_baseline_defaults_to_the_current_value(owner: Staff) -> None:
    _fcr_half(owner, clock.utcnow())
    goal = create_goal(owner, metric="fcr", target=80, due_on=dt.date.today() + dt.timedelta(days=90))
    assert goal.baseline == 50.0
    assert goal.starts_on == clock.to_local(clock.utcnow(), clock.zone("Europe/Madrid")).date()
    nps_goal = create_goal(owner, metric="nps", target=40, due_on=dt.date.today() + dt.timedelta(days=90))
    assert nps_goal.baseline is None  # no answers yet


def test_retired_goals_leave_the_list(owner: Staff) -> None:
    keep = create_goal(owner, metric="csat", target=90, baseline=80, due_on=YEAR_END, starts_on=YEAR_START)
    drop = create_goal(owner, metric="fcr", target=80, baseline=70, due_on=YEAR_END, starts_on=YEAR_START)
    retire_goal(owner, drop.id)
    assert [g.id for g in list_goals()] == [keep.id]
    assert {g.id for g in list_goals(include_retired=True)} == {keep.id, drop.id}
    assert AuditEvent.select().where(AuditEvent.action == "goal.retire").count() == 1
    with pytest.raises(NotFound):
        retire_goal(owner, 9999)


def test_a_manager_changes_a_goal_and_it_is_audited(owner: Staff, manager: Staff) -> None:
    goal = create_goal(owner, metric="fcr", target=80, baseline=70, due_on=YEAR_END, starts_on=YEAR_START)
    update_goal(manager, goal.id, target=85, baseline=65, starts_on=dt.date(2026, 2, 1),
                due_on=dt.date(2027, 6, 30), note=" Refunds at the counter. ")
    stored = list_goals()[0]
    assert (stored.metric, stored.baseline, stored.target, stored.note) == ("fcr", 65, 85, "Refunds at the counter.")
    assert (stored.starts_on, stored.due_on) == (dt.date(2026, 2, 1), dt.date(2027, 6, 30))
    event = AuditEvent.get(AuditEvent.action == "goal.update")
    assert event.staff.id == manager.id and '"target": 80.0' in event.detail and '"target": 85.0' in event.detail


@pytest.mark.parametrize(("fields", "field"), [
    ({"target": 101}, "target"),
    ({"baseline": 150}, "baseline"),
    ({"due_on": YEAR_START}, "due_on"),
    ({"note": "x" * 501}, "note"),
])
def test_bad_changes_are_refused_and_the_goal_stays(owner: Staff, fields: dict[str, object],
                                                    field: str) -> None:
    goal = create_goal(owner, metric="fcr", target=80, baseline=70, due_on=YEAR_END, starts_on=YEAR_START)
    arguments: dict[str, object] = {"target": 90, "baseline": 60, "starts_on": YEAR_START,
                                    "due_on": YEAR_END, **fields}
    with pytest.raises(ValidationError) as raised:
        update_goal(owner, goal.id, **arguments)  # type: ignore[arg-type]
    assert raised.value.field == field
    stored = list_goals()[0]
    assert (stored.baseline, stored.target, stored.due_on) == (70, 80, YEAR_END)
    assert not AuditEvent.select().where(AuditEvent.action == "goal.update").exists()


def test_counter_staff_may_not_change_goals(owner: Staff, clerk: Staff) -> None:
    goal = create_goal(owner, metric="fcr", target=80, baseline=70, due_on=YEAR_END, starts_on=YEAR_START)
    with pytest.raises(PermissionDenied):
        update_goal(clerk, goal.id, target=10, baseline=None, starts_on=YEAR_START, due_on=YEAR_END)
    assert list_goals()[0].target == 80
    with pytest.raises(NotFound):
        update_goal(owner, 9999, target=10, baseline=None, starts_on=YEAR_START, due_on=YEAR_END)


@pytest.mark.parametrize(("target", "status", "progress"), [
    (60, GoalStatus.ON_TRACK, 75.0),  # 50 % is 3/4 of the way from 20 % to 60 %; half the time gone
    (90, GoalStatus.BEHIND, 30 / 70 * 100),
    (50, GoalStatus.ACHIEVED, 100.0),
])
def test_progress_against_time_gone_by(owner: Staff, target: float, status: GoalStatus,
                                       progress: float) -> None:
    _fcr_half(owner, NOW)
    goal = create_goal(owner, metric="fcr", target=target, baseline=20, due_on=YEAR_END,
                       starts_on=YEAR_START)
    result = goal_progress(goal, NOW)
    assert result.current == 50.0
    assert result.status == status
    assert result.progress_pct == pytest.approx(progress)
    assert 49 < result.expected_pct < 51
    assert result.days_left == (YEAR_END - dt.date(2026, 7, 2)).days


def test_a_lower_is_better_goal(owner: Staff) -> None:
    at = NOW - 3 * 24 * H
    add_complaints(complaint_row(owner, at, resolved_at=at + h * H) for h in (2, 4, 6))
    goal = create_goal(owner, metric="resolution_median_hours", target=4, baseline=10,
                       due_on=YEAR_END, starts_on=YEAR_START)
    assert goal_progress(goal, NOW).status == GoalStatus.ACHIEVED


def test_no_data_and_a_missed_goal(owner: Staff) -> None:
    nps_goal = create_goal(owner, metric="nps", target=40, baseline=20, due_on=YEAR_END,
                           starts_on=YEAR_START)
    assert goal_progress(nps_goal, NOW).status == GoalStatus.NO_DATA
    add_responses(local(2026, 6, 20), nps=[10, 8, 8, 3])  # 0 in the 30 days before the due day
    june = create_goal(owner, metric="nps", target=40, baseline=20, due_on=dt.date(2026, 6, 30),
                       starts_on=YEAR_START)
    late = goal_progress(june, NOW)
    assert late.status == GoalStatus.BEHIND and late.days_left == 0
    assert late.current == 0 and late.progress_pct == 0.0 and late.expected_pct == 100.0


def test_a_goal_is_worded_once_for_every_front_end(owner: Staff) -> None:
    """The dashboard and the report print these words; a month's last day reads as the month."""
    _fcr_half(owner, NOW)
    goal = create_goal(owner, metric="fcr", target=60, baseline=20, due_on=YEAR_END, starts_on=YEAR_START)
    assert goal_words(goal_progress(goal, NOW)) == GoalWords(
        goal="First contact resolution from 20% to 60% by December 2026", progress="75% of the way",
        status="On track")
    unknown_start = create_goal(owner, metric="nps", target=40, due_on=dt.date(2026, 9, 15), starts_on=YEAR_START)
    assert goal_words(goal_progress(unknown_start, NOW)) == GoalWords(
        goal="NPS to +40 by Sep 15, 2026", progress="no data yet", status="No data yet")
    i18n.set_language("es")
    try:
        spanish = goal_words(goal_progress(goal, NOW))
    finally:
        i18n.set_language("en")
    assert "20\u00a0%" in spanish.goal and "60\u00a0%" in spanish.goal and "diciembre de 2026" in spanish.goal
    assert spanish.progress.startswith("75\u00a0%")
