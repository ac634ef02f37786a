"""Staff accounts and customers."""

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
from smallcs.models.enums import Role, sql_in


class Staff(BaseModel):
    """Someone who logs in at the counter. Never deleted, only disabled."""

    username = CharField(max_length=40, unique=True)
    display_name = CharField(max_length=80)
    role = CharField(max_length=10, constraints=[Check(f"role IN ({sql_in(Role)})")])
    password_hash = CharField(max_length=255, null=True)
    active = BooleanField(default=True)
    failed_logins = IntegerField(default=0)
    locked_until = DateTimeField(null=True)
    created_at = DateTimeField()
    last_login_at = DateTimeField(null=True)


class Customer(BaseModel):
    """A customer; phone and e-mail are also kept normalised for look-up."""

    name = CharField(max_length=200)
    name_norm = CharField(max_length=200, index=True)
    phone = CharField(max_length=40, default="")
    phone_norm = CharField(max_length=40, default="", index=True)
    email = CharField(max_length=254, default="")
    email_norm = CharField(max_length=254, default="", index=True)
    contact_consent = BooleanField(default=False)
    notes = TextField(default="")
    created_at = DateTimeField()
    anonymised_at = DateTimeField(null=True)
    merged_into = ForeignKeyField("self", null=True, backref="merged_from")
