"""Shop-wide records: settings, goals, form drafts and the audit log."""

from __future__ import annotations

from peewee import (
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    FloatField,
    ForeignKeyField,
    TextField,
)

from smallcs.models.base import BaseModel
from smallcs.models.people import Staff


class Setting(BaseModel):
    """One shop setting; the value is JSON text."""

    key = CharField(max_length=64, primary_key=True)
    value = TextField()


class Goal(BaseModel):
    """A SMART goal on one metric, e.g. first-contact resolution 80 % by June."""

    metric = CharField(max_length=32)
    baseline = FloatField(null=True)
    target = FloatField()
    starts_on = DateField()
    due_on = DateField()
    note = TextField(default="")
    active = BooleanField(default=True)
    created_by = ForeignKeyField(Staff, backref="goals")
    created_at = DateTimeField()


class Draft(BaseModel):
    """The unsaved text of an open form, kept so a crash loses nothing."""

    staff = ForeignKeyField(Staff, backref="drafts")
    form = CharField(max_length=40)
    data = TextField()
    updated_at = DateTimeField()

    class Meta:
        indexes = ((("staff", "form"), True),)


class AuditEvent(BaseModel):
    """Who did what, when: append-only."""

    at = DateTimeField(index=True)
    staff = ForeignKeyField(Staff, null=True, backref="audit_events")
    action = CharField(max_length=40, index=True)
    entity = CharField(max_length=40, default="")
    entity_id = CharField(max_length=40, default="")
    detail = TextField(default="")
