"""The append-only timeline, first response, and suggested steps."""

from __future__ import annotations

import datetime as dt

import pytest

from smallcs import complaints
from smallcs.complaints import timeline
from smallcs.complaints.timeline import SuggestedStep
from smallcs.errors import NotFound, PermissionDenied, ValidationError
from smallcs.models import Category, Complaint, ResolutionStep, Staff
from smallcs.models.enums import Channel, Outcome, Status, StepKind
from tests.complaints.conftest import MakeComplaint, actions, snapshot


def test_a_note_moves_an_open_complaint_in_progress_but_is_no_response(
    make: MakeComplaint, clerk: Staff
) -> None:
    complaint = make()
    step = complaints.add_step(clerk, complaint.id, kind=StepKind.NOTE, text="Checked stock")
    stored = Complaint.get_by_id(complaint.id)
    assert stored.status == Status.IN_PROGRESS
    assert stored.first_response_at is None
    assert (step.staff_id, step.kind, step.text) == (clerk.id, StepKind.NOTE, "Checked stock")
    assert actions()[-1] == "complaint.step"


@pytest.mark.parametrize("kind", sorted(timeline.CUSTOMER_FACING))
def test_the_first_customer_facing_step_is_the_first_response(
    make: MakeComplaint, owner: Staff, kind: StepKind
) -> None:
    complaint = make(received_at=dt.datetime(2025, 1, 6, 9, 0))
    complaints.add_step(owner, complaint.id, kind=StepKind.INVESTIGATED)
    assert Complaint.get_by_id(complaint.id).first_response_at is None
    first = complaints.add_step(owner, complaint.id, kind=kind)
    complaints.add_step(owner, complaint.id, kind=StepKind.APOLOGISED)
    assert Complaint.get_by_id(complaint.id).first_response_at == first.at


def test_an_on_the_spot_acknowledgement_is_not_moved_by_later_steps(
    make: MakeComplaint, owner: Staff
) -> None:
    received = dt.datetime(2025, 1, 6, 9, 0)
    complaint = make(channel=Channel.IN_PERSON, received_at=received)
    complaints.add_step(owner, complaint.id, kind=StepKind.CONTACTED_CUSTOMER)
    assert Complaint.get_by_id(complaint.id).first_response_at == received


def test_steps_are_append_only(make: MakeComplaint, owner: Staff) -> None:
    complaint = make()
    for text in ("one", "two", "three"):
        complaints.add_step(owner, complaint.id, kind=StepKind.NOTE, text=text)
    assert [s.text for s in complaints.steps_of(complaint.id)] == ["one", "two", "three"]
    # No service edits or deletes a step: a correction is a new step.
    public = [n for n in dir(timeline) if not n.startswith("_")]
    assert not [n for n in public if n.startswith(("edit", "delete", "remove", "update"))]


def test_refused_steps_change_nothing(make: MakeComplaint, owner: Staff) -> None:
    complaint = make()
    before = snapshot()
    with pytest.raises(ValidationError) as empty_note:
        complaints.add_step(owner, complaint.id, kind=StepKind.NOTE, text="  ")
    assert empty_note.value.field == "text"
    with pytest.raises(ValidationError, match="Resolve"):
        complaints.add_step(owner, complaint.id, kind=StepKind.RESOLVED)
    with pytest.raises(ValidationError):
        complaints.add_step(owner, complaint.id, kind=StepKind.NOTE, text="x" * 10_001)
    with pytest.raises(NotFound):
        complaints.add_step(owner, 424242, kind=StepKind.NOTE, text="hello")
    assert snapshot() == before


def test_no_steps_on_a_closed_complaint(make: MakeComplaint, owner: Staff) -> None:
    complaint = make()
    complaints.resolve(owner, complaint.id, outcome=Outcome.APOLOGY)
    complaints.close(owner, complaint.id)
    before = snapshot()
    with pytest.raises(ValidationError, match="closed"):
        complaints.add_step(owner, complaint.id, kind=StepKind.NOTE, text="late note")
    assert snapshot() == before


def test_a_step_on_a_resolved_complaint_keeps_it_resolved(make: MakeComplaint,
                                                         owner: Staff) -> None:
    complaint = make()
    complaints.resolve(owner, complaint.id, outcome=Outcome.APOLOGY)
    complaints.add_step(owner, complaint.id, kind=StepKind.FOLLOW_UP, text="Called back")
    assert Complaint.get_by_id(complaint.id).status == Status.RESOLVED


def test_a_follow_up_step_marks_the_follow_up_done(make: MakeComplaint, owner: Staff) -> None:
    complaint = make()
    complaints.set_follow_up(owner, complaint.id, dt.datetime(2025, 1, 1, 9, 0))
    complaints.add_step(owner, complaint.id, kind=StepKind.FOLLOW_UP, text="All fine now")
    assert Complaint.get_by_id(complaint.id).follow_up_at is None


def test_categories_come_with_suggested_steps(delivery: Category) -> None:
    steps = complaints.suggested_steps(delivery.id)
    assert steps[0] == SuggestedStep(StepKind.APOLOGISED, "Apologise for the delay")
    assert len(steps) == 3


def test_one_call_turns_a_suggestion_into_a_step(make: MakeComplaint, clerk: Staff) -> None:
    complaint = make()
    step = complaints.apply_suggestion(clerk, complaint.id, 0)
    assert (step.kind, step.text) == (StepKind.APOLOGISED, "Apologise for the delay")
    assert Complaint.get_by_id(complaint.id).first_response_at == step.at
    with pytest.raises(ValidationError):
        complaints.apply_suggestion(clerk, complaint.id, 3)


def test_an_escalation_suggestion_goes_through_escalate(make: MakeComplaint, owner: Staff) -> None:
    behaviour = Category.get(Category.name == "Staff behaviour")
    complaint = make(category_id=behaviour.id)
    suggestion = complaints.suggested_steps(behaviour.id)[1]
    assert suggestion.kind == StepKind.ESCALATED and suggestion.needs_workflow
    with pytest.raises(ValidationError, match="Escalate"):
        complaints.apply_suggestion(owner, complaint.id, 1)
    assert ResolutionStep.select().count() == 0


def test_managers_edit_suggested_steps_and_it_is_audited(
    manager: Staff, delivery: Category
) -> None:
    new = [SuggestedStep(StepKind.APOLOGISED, "  Say sorry  "),
           SuggestedStep(StepKind.OFFERED_REMEDY, "Free delivery next time")]
    stored = complaints.set_suggested_steps(manager, delivery.id, new)
    assert stored[0].text == "Say sorry"
    assert complaints.suggested_steps(delivery.id) == stored
    assert actions()[-1] == "category.suggested_steps"


def test_staff_cannot_edit_suggested_steps(clerk: Staff, delivery: Category) -> None:
    before = snapshot()
    with pytest.raises(PermissionDenied):
        complaints.set_suggested_steps(clerk, delivery.id, [])
    assert snapshot() == before
    assert len(complaints.suggested_steps(delivery.id)) == 3


def test_suggested_steps_are_validated(manager: Staff, delivery: Category) -> None:
    with pytest.raises(ValidationError):
        complaints.set_suggested_steps(manager, delivery.id, [SuggestedStep(StepKind.NOTE, "")])
    with pytest.raises(ValidationError):
        complaints.set_suggested_steps(
            manager, delivery.id, [SuggestedStep(StepKind.RESOLVED, "Resolve it")])


@pytest.mark.usefixtures("allow_warnings")
def test_unreadable_suggestions_are_an_empty_list(delivery: Category) -> None:
    Category.update(suggested_steps="{not json").where(Category.id == delivery.id).execute()
    assert complaints.suggested_steps(delivery.id) == []
