"""Status changes: every transition, refusals that change nothing, money, audit."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from smallcs import complaints
from smallcs.errors import PermissionDenied, ValidationError
from smallcs.models import Complaint, ResolutionStep, Staff
from smallcs.models.enums import Outcome, Status, StepKind
from tests.complaints.conftest import MakeComplaint, actions, snapshot


def _status(complaint: Complaint) -> Status:
    return Status(Complaint.get_by_id(complaint.id).status)


def _last_step(complaint: Complaint) -> ResolutionStep:
    return complaints.steps_of(complaint.id)[-1]


@pytest.mark.parametrize(("start", "target"), [
    (Status.OPEN, Status.IN_PROGRESS), (Status.OPEN, Status.WAITING_ON_CUSTOMER),
    (Status.IN_PROGRESS, Status.WAITING_ON_CUSTOMER), (Status.IN_PROGRESS, Status.OPEN),
    (Status.WAITING_ON_CUSTOMER, Status.IN_PROGRESS), (Status.ESCALATED, Status.IN_PROGRESS),
    (Status.ESCALATED, Status.WAITING_ON_CUSTOMER),
])
def test_allowed_manual_moves(make: MakeComplaint, clerk: Staff, start: Status,
                              target: Status) -> None:
    complaint = make()
    Complaint.update(status=start.value).where(Complaint.id == complaint.id).execute()
    complaints.set_status(clerk, complaint.id, target)
    assert _status(complaint) == target
    step = _last_step(complaint)
    assert (step.kind, step.staff_id) == (StepKind.NOTE, clerk.id)
    assert actions()[-1] == "complaint.status"


@pytest.mark.parametrize(("start", "target"), [
    (Status.WAITING_ON_CUSTOMER, Status.OPEN), (Status.OPEN, Status.RESOLVED),
    (Status.OPEN, Status.ESCALATED), (Status.OPEN, Status.CLOSED),
    (Status.RESOLVED, Status.IN_PROGRESS), (Status.CLOSED, Status.OPEN),
])
def test_refused_manual_moves_change_nothing(make: MakeComplaint, clerk: Staff, start: Status,
                                             target: Status) -> None:
    complaint = make()
    Complaint.update(status=start.value).where(Complaint.id == complaint.id).execute()
    before = snapshot()
    with pytest.raises(ValidationError) as refused:
        complaints.set_status(clerk, complaint.id, target)
    assert refused.value.field == "status"
    assert snapshot() == before


def test_setting_the_same_status_is_a_no_op(make: MakeComplaint, clerk: Staff) -> None:
    complaint = make()
    before = snapshot()
    complaints.set_status(clerk, complaint.id, Status.OPEN)
    assert snapshot() == before


def test_resolve_records_outcome_compensation_and_time(make: MakeComplaint, clerk: Staff) -> None:
    complaint = make()
    resolved = complaints.resolve(clerk, complaint.id, outcome=Outcome.REFUND,
                                  compensation=Decimal("19.99"), note="Refunded to card")
    assert resolved.status == Status.RESOLVED and resolved.resolved_at is not None
    assert resolved.outcome == Outcome.REFUND
    assert resolved.compensation_cents == 1999
    assert complaints.compensation(Complaint.get_by_id(complaint.id)) == Decimal("19.99")
    assert resolved.resolved_at_first_contact is False  # only "on the spot" at creation
    step = _last_step(complaint)
    assert (step.kind, step.text) == (StepKind.RESOLVED, "Refunded to card Resolved: refund. Compensation: 19.99.")
    assert actions()[-1] == "complaint.resolve"


@pytest.mark.parametrize("amount", [Decimal(0), Decimal("0.01"), Decimal(1000000),
                                    Decimal("12.5"), Decimal("3.10")])
def test_compensation_round_trips_as_decimal(make: MakeComplaint, owner: Staff,
                                             amount: Decimal) -> None:
    complaint = make()
    complaints.resolve(owner, complaint.id, outcome=Outcome.DISCOUNT, compensation=amount)
    stored = complaints.compensation(Complaint.get_by_id(complaint.id))
    assert stored == amount and isinstance(stored, Decimal)


@pytest.mark.parametrize("amount", [Decimal(-1), Decimal("1.234"), Decimal("NaN"),
                                    Decimal("Infinity"), Decimal("1000000.01"), 12.5])
def test_bad_compensation_is_refused_and_nothing_changes(make: MakeComplaint, owner: Staff,
                                                         amount: Decimal) -> None:
    complaint = make()
    before = snapshot()
    with pytest.raises(ValidationError) as refused:
        complaints.resolve(owner, complaint.id, outcome=Outcome.REFUND, compensation=amount)
    assert refused.value.field == "compensation"
    assert snapshot() == before


def test_resolve_refuses_resolved_and_closed(make: MakeComplaint, owner: Staff) -> None:
    complaint = make()
    complaints.resolve(owner, complaint.id, outcome=Outcome.APOLOGY)
    before = snapshot()
    with pytest.raises(ValidationError, match="is resolved"):
        complaints.resolve(owner, complaint.id, outcome=Outcome.APOLOGY)
    assert snapshot() == before
    complaints.close(owner, complaint.id)
    with pytest.raises(ValidationError, match="is closed"):
        complaints.resolve(owner, complaint.id, outcome=Outcome.APOLOGY)


def test_close_only_a_resolved_complaint(make: MakeComplaint, owner: Staff) -> None:
    complaint = make()
    before = snapshot()
    with pytest.raises(ValidationError, match="cannot be closed"):
        complaints.close(owner, complaint.id)
    assert snapshot() == before
    complaints.resolve(owner, complaint.id, outcome=Outcome.EXPLANATION)
    closed = complaints.close(owner, complaint.id)
    assert closed.status == Status.CLOSED and closed.closed_at is not None
    assert actions()[-1] == "complaint.close"


def test_reopen_counts_and_clears_the_resolution_time(make: MakeComplaint, owner: Staff,
                                                      clerk: Staff) -> None:
    complaint = make(received_at=dt.datetime(2025, 1, 6, 9, 0))
    complaints.resolve(owner, complaint.id, outcome=Outcome.REFUND, compensation=Decimal(5))
    complaints.close(owner, complaint.id)
    reopened = complaints.reopen(clerk, complaint.id, reason="Refund never arrived")
    assert reopened.status == Status.IN_PROGRESS and reopened.reopen_count == 1
    assert (reopened.resolved_at, reopened.closed_at) == (None, None)
    assert reopened.due_at > dt.datetime(2025, 2, 1)  # a fresh target from now
    assert complaints.compensation(reopened) == Decimal("5.00")  # until the next resolution
    step = _last_step(complaint)
    assert (step.kind, step.text, step.staff_id) == (
        StepKind.REOPENED, "Refund never arrived", clerk.id)
    again = complaints.resolve(owner, complaint.id, outcome=Outcome.REFUND,
                               compensation=Decimal("7.50"))
    assert again.resolved_at is not None and complaints.compensation(again) == Decimal("7.50")
    assert complaints.reopen(owner, complaint.id, reason="Again").reopen_count == 2


def test_a_reopened_on_the_spot_resolution_no_longer_counts_as_first_contact(
    make: MakeComplaint, owner: Staff
) -> None:
    complaint = make(resolved_on_the_spot=True)
    assert complaints.reopen(owner, complaint.id, reason="Broke again").resolved_at_first_contact \
        is False


def test_reopen_needs_a_reason_and_a_finished_complaint(make: MakeComplaint,
                                                        owner: Staff) -> None:
    complaint = make()
    before = snapshot()
    with pytest.raises(ValidationError, match="cannot be reopened"):
        complaints.reopen(owner, complaint.id, reason="why not")
    complaints.resolve(owner, complaint.id, outcome=Outcome.APOLOGY)
    middle = snapshot()
    with pytest.raises(ValidationError) as no_reason:
        complaints.reopen(owner, complaint.id, reason=" ")
    assert no_reason.value.field == "reason"
    assert snapshot() == middle != before


def test_escalation_goes_to_a_manager_with_a_reason(make: MakeComplaint, clerk: Staff,
                                                    manager: Staff) -> None:
    complaint = make(clerk)
    escalated = complaints.escalate(clerk, complaint.id, to_staff_id=manager.id,
                                    reason="Customer wants a manager")
    assert escalated.status == Status.ESCALATED and escalated.assigned_to_id == manager.id
    step = _last_step(complaint)
    assert step.kind == StepKind.ESCALATED and "Customer wants a manager" in step.text
    assert actions()[-1] == "complaint.escalate"


def test_escalation_refusals_change_nothing(make: MakeComplaint, clerk: Staff, owner: Staff,
                                            manager: Staff) -> None:
    complaint = make(clerk)
    other_clerk = clerk  # a staff member is not an escalation target
    before = snapshot()
    with pytest.raises(ValidationError) as no_reason:
        complaints.escalate(clerk, complaint.id, to_staff_id=manager.id, reason="")
    assert no_reason.value.field == "reason"
    with pytest.raises(ValidationError, match="manager or the owner") as not_manager:
        complaints.escalate(clerk, complaint.id, to_staff_id=other_clerk.id, reason="Help")
    assert not_manager.value.field == "to_staff"
    with pytest.raises(ValidationError):
        complaints.escalate(clerk, complaint.id, to_staff_id=9999, reason="Help")
    assert snapshot() == before
    complaints.resolve(owner, complaint.id, outcome=Outcome.APOLOGY)
    with pytest.raises(ValidationError):
        complaints.escalate(clerk, complaint.id, to_staff_id=owner.id, reason="Too late")


def test_assign_writes_a_step_and_refuses_disabled_staff(
    make: MakeComplaint, owner: Staff, clerk: Staff, manager: Staff
) -> None:
    complaint = make()
    assigned = complaints.assign(owner, complaint.id, clerk.id)
    assert assigned.assigned_to_id == clerk.id
    assert "Sam Staff" in _last_step(complaint).text
    assert actions()[-1] == "complaint.assign"
    from smallcs import accounts
    accounts.disable_staff(owner, "mario")
    before = snapshot()
    with pytest.raises(ValidationError):
        complaints.assign(owner, complaint.id, manager.id)
    assert snapshot() == before


def test_follow_up_is_set_cleared_and_audited(make: MakeComplaint, owner: Staff) -> None:
    complaint = make()
    when = dt.datetime(2025, 2, 28, 23, 30, tzinfo=dt.UTC)  # already 1 March in Madrid
    assert complaints.set_follow_up(owner, complaint.id, when).follow_up_at == \
        dt.datetime(2025, 2, 28, 23, 30)
    assert _last_step(complaint).text == "Follow up on Sat, Mar 1, 2025."  # the shop's day, with its weekday
    assert complaints.set_follow_up(owner, complaint.id, None).follow_up_at is None
    assert actions()[-2:] == ["complaint.follow_up", "complaint.follow_up"]


def test_is_overdue(make: MakeComplaint, owner: Staff) -> None:
    complaint = make(received_at=dt.datetime(2025, 1, 6, 9, 0))  # due 8 January
    assert not complaints.is_overdue(complaint, dt.datetime(2025, 1, 8, 8, 59))
    assert complaints.is_overdue(complaint, dt.datetime(2025, 1, 8, 9, 1))
    resolved = complaints.resolve(owner, complaint.id, outcome=Outcome.APOLOGY)
    assert not complaints.is_overdue(resolved, dt.datetime(2030, 1, 1))


def test_every_write_is_audited_once(make: MakeComplaint, owner: Staff, manager: Staff) -> None:
    complaint = make()
    complaints.add_step(owner, complaint.id, kind=StepKind.APOLOGISED)
    complaints.set_status(owner, complaint.id, Status.WAITING_ON_CUSTOMER)
    complaints.escalate(owner, complaint.id, to_staff_id=manager.id, reason="Big order")
    complaints.resolve(manager, complaint.id, outcome=Outcome.REPAIR)
    complaints.close(manager, complaint.id)
    complaints.reopen(owner, complaint.id, reason="Broke again")
    assert [a for a in actions() if a.startswith("complaint.")] == [
        "complaint.create", "complaint.step", "complaint.status", "complaint.escalate",
        "complaint.resolve", "complaint.close", "complaint.reopen"]


def test_a_disabled_account_cannot_reopen(make: MakeComplaint, owner: Staff,
                                          clerk: Staff) -> None:
    complaint = make(resolved_on_the_spot=True)
    clerk.active = False
    with pytest.raises(PermissionDenied):
        complaints.reopen(clerk, complaint.id, reason="x")
