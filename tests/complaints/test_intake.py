"""Logging a complaint: references, due times, first response, validation, audit."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smallcs import complaints, customers, surveys
from smallcs.complaints import intake
from smallcs.errors import ValidationError
from smallcs.models import (
    AuditEvent,
    Category,
    Complaint,
    Customer,
    ResolutionStep,
    Staff,
    Survey,
    SurveyResponse,
)
from smallcs.models.enums import Channel, Outcome, Priority, Status, StepKind
from tests.complaints.conftest import MakeComplaint, actions, snapshot

UTC = dt.datetime


def test_references_are_sequential_within_a_year(make: MakeComplaint) -> None:
    first = make(received_at=UTC(2025, 5, 1, 9, 0))
    second = make(received_at=UTC(2025, 5, 2, 9, 0))
    other_year = make(received_at=UTC(2024, 5, 1, 9, 0))
    assert [first.reference, second.reference, other_year.reference] == [
        "C-2025-0001", "C-2025-0002", "C-2024-0001"]


def test_the_year_of_a_reference_is_the_shops_year_around_new_year(make: MakeComplaint) -> None:
    # The shop is in Madrid (UTC+1 in winter): 23:30 UTC on 31 December is
    # already New Year's Day at the counter.
    late_evening = make(received_at=UTC(2025, 12, 31, 22, 30))  # 23:30 local
    after_midnight = make(received_at=UTC(2025, 12, 31, 23, 30))  # 00:30 local
    assert late_evening.reference == "C-2025-0001"
    assert after_midnight.reference == "C-2026-0001"
    assert make(received_at=UTC(2026, 1, 1, 10, 0)).reference == "C-2026-0002"


def test_numbers_keep_counting_past_9999(make: MakeComplaint, owner: Staff,
                                        delivery: Category) -> None:
    make(received_at=UTC(2025, 3, 1, 9, 0))
    Complaint.update(reference="C-2025-9999").execute()
    assert make(received_at=UTC(2025, 3, 2, 9, 0)).reference == "C-2025-10000"
    assert make(received_at=UTC(2025, 3, 3, 9, 0)).reference == "C-2025-10001"


def test_a_reference_taken_meanwhile_is_retried_once(
    make: MakeComplaint, monkeypatch: pytest.MonkeyPatch
) -> None:
    make(received_at=UTC(2025, 3, 1, 9, 0))
    real = intake._next_reference
    answers = iter(["C-2025-0001"])  # what a second counter's race would look like
    monkeypatch.setattr(intake, "_next_reference", lambda prefix: next(answers, None) or real(prefix))
    again = make(received_at=UTC(2025, 3, 2, 9, 0))
    assert again.reference == "C-2025-0002"
    assert Complaint.select().count() == 2


def test_due_time_is_the_category_target_on_the_shops_wall_clock(make: MakeComplaint) -> None:
    received = UTC(2025, 6, 10, 8, 0)
    assert make(received_at=received).due_at == received + dt.timedelta(hours=48)


def test_due_time_across_the_spring_clock_change(make: MakeComplaint) -> None:
    # Saturday 28 March 2026, 10:00 in Madrid; the clocks go forward on Sunday.
    complaint = make(received_at=UTC(2026, 3, 28, 9, 0))
    assert complaint.due_at == UTC(2026, 3, 30, 8, 0)  # Monday 10:00 local (47 h later)


def test_due_time_across_the_autumn_clock_change(make: MakeComplaint) -> None:
    complaint = make(received_at=UTC(2025, 10, 25, 8, 0))  # Saturday 10:00 local
    assert complaint.due_at == UTC(2025, 10, 27, 9, 0)  # Monday 10:00 local (49 h later)


@pytest.mark.parametrize(("channel", "acknowledged"), [
    (Channel.IN_PERSON, True), (Channel.PHONE, True), (Channel.EMAIL, False),
    (Channel.CHAT, False), (Channel.SOCIAL, False), (Channel.WEB, False), (Channel.OTHER, False),
])
def test_first_response_is_on_the_spot_only_in_person_and_by_phone(
    make: MakeComplaint, channel: Channel, acknowledged: bool
) -> None:
    received = UTC(2025, 6, 10, 8, 0)
    complaint = make(channel=channel, received_at=received)
    assert complaint.first_response_at == (received if acknowledged else None)
    assert complaint.status == Status.OPEN
    assert complaint.resolved_at_first_contact is False


def test_defaults_priority_from_category_and_assigns_the_creator(
    make: MakeComplaint, clerk: Staff, defect: Category
) -> None:
    complaint = make(clerk, category_id=defect.id)
    assert complaint.priority == Priority.HIGH
    assert (complaint.created_by_id, complaint.assigned_to_id) == (clerk.id, clerk.id)
    assert make(clerk, priority=Priority.LOW).priority == Priority.LOW


def test_fields_round_trip(make: MakeComplaint, ana: Customer) -> None:
    complaint = make(
        channel=Channel.PHONE, summary="  Wrong size  ", description="Ordered 42, got 44.\nÜber.",
        desired_outcome="Exchange", order_reference="ORD-7", customer_id=ana.id,
        call_duration_seconds=185,
    )
    stored = Complaint.get_by_id(complaint.id)
    assert (stored.summary, stored.description, stored.desired_outcome) == (
        "Wrong size", "Ordered 42, got 44.\nÜber.", "Exchange")
    assert (stored.order_reference, stored.customer_id, stored.call_duration_seconds) == (
        "ORD-7", ana.id, 185)
    assert ResolutionStep.select().count() == 0  # the timeline holds real steps only


def test_resolved_on_the_spot_counts_as_first_contact_resolution(
    make: MakeComplaint,
) -> None:
    complaint = make(channel=Channel.IN_PERSON, resolved_on_the_spot=True,
                     outcome=Outcome.REPLACEMENT, compensation=Decimal("5.00"))
    assert complaint.status == Status.RESOLVED
    assert complaint.resolved_at is not None and complaint.resolved_at_first_contact is True
    assert complaints.compensation(complaint) == Decimal("5.00")
    steps = complaints.steps_of(complaint.id)
    assert [s.kind for s in steps] == [StepKind.RESOLVED]


def test_creation_is_audited(make: MakeComplaint) -> None:
    complaint = make()
    assert actions()[-1] == "complaint.create"
    assert complaint.reference in Complaint.get_by_id(complaint.id).reference


@pytest.mark.parametrize(("fields", "field"), [
    ({"summary": ""}, "summary"),
    ({"summary": "   "}, "summary"),
    ({"summary": "x" * 201}, "summary"),
    ({"summary": "x" * 10_000}, "summary"),
    ({"description": "x" * 10_001}, "description"),
    ({"summary": "bad\x00byte"}, "summary"),
    ({"description": "half \ud800 a character"}, "description"),
    ({"order_reference": "x" * 81}, "order_reference"),
    ({"channel": "fax"}, "channel"),
    ({"priority": "whenever"}, "priority"),
    ({"category_id": 9999}, "category"),
    ({"customer_id": 9999}, "customer"),
    ({"call_duration_seconds": -1}, "call_duration_seconds"),
    ({"received_at": UTC(2999, 1, 1)}, "received_at"),
    ({"outcome": Outcome.REFUND}, "outcome"),
    ({"resolved_on_the_spot": True, "compensation": Decimal(-1)}, "compensation"),
    ({"resolved_on_the_spot": True, "compensation": Decimal("1.234")}, "compensation"),
])
def test_bad_input_gets_a_clear_message_and_saves_nothing(
    make: MakeComplaint, fields: dict[str, object], field: str
) -> None:
    make()
    before = snapshot()
    with pytest.raises(ValidationError) as refused:
        make(**fields)
    assert refused.value.field == field
    assert str(refused.value)
    assert snapshot() == before


def test_the_message_for_a_long_summary_says_how_long(make: MakeComplaint) -> None:
    with pytest.raises(ValidationError, match=r"10000 characters; 200 at most"):
        make(summary="x" * 10_000)


def test_merged_or_anonymised_customers_are_refused(
    make: MakeComplaint, owner: Staff, ana: Customer
) -> None:
    dupe = customers.create_customer(owner, name="Ana Perez")
    customers.merge_customers(owner, keep_id=ana.id, merge_id=dupe.id)
    with pytest.raises(ValidationError, match="merged"):
        make(customer_id=dupe.id)
    customers.anonymise_customer(owner, ana.id)
    with pytest.raises(ValidationError, match="anonymised"):
        make(customer_id=ana.id)


@pytest.mark.parametrize("summary", ["Продавец нагрубил 😡", "موظف غير مهذب", "<b>rude</b> & 'co'"])
def test_emoji_right_to_left_and_markup_are_kept_as_typed(
    make: MakeComplaint, summary: str
) -> None:
    assert Complaint.get_by_id(make(summary=summary).id).summary == summary


_summary = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    min_size=1, max_size=200,
).filter(lambda s: s == s.strip() and s != "")


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(summary=_summary)
def test_any_summary_within_limits_round_trips_exactly(make: MakeComplaint, summary: str) -> None:
    complaint = make(summary=summary, received_at=UTC(2025, 1, 2, 3, 4))
    assert Complaint.get_by_id(complaint.id).summary == summary


def test_a_complaint_made_from_a_survey_answer_keeps_it(owner: Staff, clerk: Staff) -> None:
    [card] = surveys.issue_cards(owner, survey_id=Survey.get().id, count=1)
    surveys.record_paper_response(clerk, short_code=card.short_code, csat=1, nps=None, ces=None,
                                  comment="Rude at the till", contact_requested=False)
    answer = SurveyResponse.get()
    other = Category.get(Category.name == "Other")
    before = snapshot()
    with pytest.raises(ValidationError) as refused:
        complaints.create_complaint(clerk, channel=Channel.OTHER, category_id=other.id, summary="Low score",
                                    from_response_id=answer.id + 1000)
    assert refused.value.field == "from_response" and snapshot() == before
    made = complaints.create_complaint(clerk, channel=Channel.OTHER, category_id=other.id,
                                       summary="Low survey score: CSAT 1", from_response_id=answer.id)
    assert Complaint.get_by_id(made.id).from_response_id == answer.id
    event = AuditEvent.select().where(AuditEvent.action == "complaint.create").order_by(AuditEvent.id.desc()).get()
    assert f'"from_response": {answer.id}' in event.detail
