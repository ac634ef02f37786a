"""Complaint categories, complaints and their append-only timeline."""

from __future__ import annotations

from peewee import (
    BooleanField,
    CharField,
    Check,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    TextField,
)

from smallcs.models.base import BaseModel
from smallcs.models.enums import Channel, Outcome, Priority, Status, StepKind, sql_in
from smallcs.models.people import Customer, Staff


class Category(BaseModel):
    """What a complaint is about, with its service targets and suggested steps."""

    name = CharField(max_length=60, unique=True)
    default_priority = CharField(
        max_length=10,
        default=Priority.NORMAL.value,
        constraints=[Check(f"default_priority IN ({sql_in(Priority)})")],
    )
    response_target_hours = IntegerField(constraints=[Check("response_target_hours > 0")])
    resolution_target_hours = IntegerField(constraints=[Check("resolution_target_hours > 0")])
    suggested_steps = TextField(default="[]")  # JSON list of {"kind", "text"}
    active = BooleanField(default=True)
    sort_order = IntegerField(default=0)


class Complaint(BaseModel):
    """One complaint, from the moment it is received until it is closed."""

    reference = CharField(max_length=20, unique=True)
    channel = CharField(max_length=12, constraints=[Check(f"channel IN ({sql_in(Channel)})")])
    customer = ForeignKeyField(Customer, null=True, backref="complaints")
    category = ForeignKeyField(Category, backref="complaints")
    priority = CharField(max_length=10, constraints=[Check(f"priority IN ({sql_in(Priority)})")])
    status = CharField(max_length=20, constraints=[Check(f"status IN ({sql_in(Status)})")])
    summary = CharField(max_length=200)
    description = TextField(default="")
    desired_outcome = TextField(default="")
    order_reference = CharField(max_length=80, default="")
    received_at = DateTimeField(index=True)
    first_response_at = DateTimeField(null=True)
    resolved_at = DateTimeField(null=True, index=True)
    closed_at = DateTimeField(null=True)
    due_at = DateTimeField(null=True)
    assigned_to = ForeignKeyField(Staff, null=True, backref="assigned_complaints")
    created_by = ForeignKeyField(Staff, backref="created_complaints")
    resolved_at_first_contact = BooleanField(default=False)
    outcome = CharField(
        max_length=12, null=True, constraints=[Check(f"outcome IN ({sql_in(Outcome)})")]
    )
    compensation_cents = IntegerField(default=0, constraints=[Check("compensation_cents >= 0")])
    follow_up_at = DateTimeField(null=True, index=True)
    reopen_count = IntegerField(default=0)
    call_duration_seconds = IntegerField(null=True)
    updated_at = DateTimeField()
    # The survey answer it was made from (migration 0013); an id, not a ForeignKeyField: the
    # survey models refer to complaints already (a card's), and the database holds the reference.
    from_response_id = IntegerField(null=True, index=True)

    class Meta:
        indexes = (
            (("status", "due_at"), False),
            (("category", "received_at"), False),
            (("category", "resolved_at"), False),  # migration 0005
            (("assigned_to", "status"), False),
        )


class ResolutionStep(BaseModel):
    """One entry of a complaint's timeline; never edited or deleted."""

    complaint = ForeignKeyField(Complaint, backref="steps")
    at = DateTimeField()
    staff = ForeignKeyField(Staff, backref="steps")
    kind = CharField(max_length=20, constraints=[Check(f"kind IN ({sql_in(StepKind)})")])
    text = TextField(default="")

    class Meta:
        indexes = ((("complaint", "at"), False),)
