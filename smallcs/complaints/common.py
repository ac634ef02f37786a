"""Shared pieces of the complaint services: ids, input checks, money, loading, steps."""

from __future__ import annotations

import datetime as dt
import logging
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any, NewType, TypeVar

from peewee import PostgresqlDatabase

from smallcs import clock
from smallcs.errors import NotFound, ValidationError
from smallcs.i18n import SOURCE_LANGUAGE, _, current_language
from smallcs.models import Complaint, ResolutionStep, Staff, database
from smallcs.models.enums import StepKind
from smallcs.typed_text import check_storable

log = logging.getLogger(__name__)

ComplaintId = NewType("ComplaintId", int)
CategoryId = NewType("CategoryId", int)
StaffId = NewType("StaffId", int)
_E = TypeVar("_E", bound=StrEnum)

MAX_TEXT = 10_000  # description, desired outcome, step text, notes
MAX_MONEY = Decimal(1000000)
_CENT = Decimal("0.01")


def clean_text(
    value: str,
    *,
    field: str,
    label: str,
    max_length: int = MAX_TEXT,
    required: bool = False,
) -> str:
    """Strip ``value`` and check it fits a column, or raise ValidationError.

    Args:
        value: the text as typed.
        field: the input's name, given back in ``ValidationError.field``.
        label: how the form calls the input, already translated.
        max_length: the column's limit in characters.
        required: refuse empty (or only blank) text.

    Returns:
        The stripped text.

    Raises:
        ValidationError: not text, empty when required, too long, a NUL byte or
            broken Unicode (a lone surrogate, as left by a bad paste).
    """
    if not isinstance(value, str):
        raise ValidationError(
            _("{label} must be text.").format(label=label), field=field
        )
    text = value.strip()
    check_storable(text, field=field, label=label)
    if required and not text:
        # English runs the field's name into the sentence ("Enter the summary."); the catalogs quote
        # it as the form shows it («Resumen», „Zusammenfassung“: German nouns keep their capital).
        named = label.lower() if current_language() == SOURCE_LANGUAGE else label
        raise ValidationError(_("Enter the {label}.").format(label=named), field=field)
    if len(text) > max_length:
        raise ValidationError(
            _("{label} is too long ({count} characters; {limit} at most).").format(
                label=label, count=len(text), limit=max_length
            ),
            field=field,
        )
    return text


def to_cents(value: Decimal | int, *, field: str = "compensation") -> int:
    """Money as typed (a Decimal) to the integer cents the database keeps.

    Raises:
        ValidationError: a float, NaN or infinity, a negative amount, more than
            1,000,000, or more than two decimal places.
    """
    if isinstance(value, bool) or not isinstance(value, (Decimal, int)):
        raise ValidationError(_("The amount must be a decimal number."), field=field)
    amount = Decimal(value)
    if not amount.is_finite():
        raise ValidationError(_("The amount must be a number."), field=field)
    if amount < 0:
        raise ValidationError(_("The amount cannot be negative."), field=field)
    if amount > MAX_MONEY:
        raise ValidationError(
            _("The amount cannot be more than {limit}.").format(limit=f"{MAX_MONEY:,}"),
            field=field,
        )
    try:
        rounded = amount.quantize(_CENT)
    except InvalidOperation as exc:  # pragma: no cover - bounded above
        raise ValidationError(_("The amount must be a number."), field=field) from exc
    if rounded != amount:
        raise ValidationError(
            _("The amount can have at most two decimal places."), field=field
        )
    return int(rounded * 100)


def from_cents(cents: int) -> Decimal:
    """Integer cents from the database as a Decimal with two places."""
    return (Decimal(cents) / 100).quantize(_CENT)


def compensation(complaint: Complaint) -> Decimal:
    """The compensation agreed on a complaint, in the shop's currency."""
    return from_cents(complaint.compensation_cents)


def to_naive_utc(moment: dt.datetime, *, field: str) -> dt.datetime:
    """An aware moment converted to naive UTC; a naive one is taken as UTC already."""
    if not isinstance(moment, dt.datetime):
        raise ValidationError(_("Enter a date and time."), field=field)
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC).replace(tzinfo=None)
    return moment.replace(microsecond=0)


def get_complaint(complaint_id: int, *, for_update: bool = False) -> Complaint:
    """The complaint with this id, or NotFound.

    ``for_update`` locks the row on PostgreSQL so two counters changing the
    same complaint take turns; SQLite already serialises writers.
    """
    query = Complaint.select().where(Complaint.id == complaint_id)
    if for_update and is_postgres():
        query = query.for_update()
    complaint = query.first()
    if complaint is None:
        raise NotFound(_("There is no complaint number {id}.").format(id=complaint_id))
    return complaint


def get_active_staff(staff_id: int, *, field: str) -> Staff:
    """An active staff member, or ValidationError naming ``field``."""
    staff = Staff.get_or_none(Staff.id == staff_id)
    if staff is None or not staff.active:
        raise ValidationError(_("Choose an active staff member."), field=field)
    return staff


def add_timeline_step(
    complaint_id: int, actor: Staff, kind: StepKind, text: str, *, at: dt.datetime | None = None
) -> ResolutionStep:
    """Append one step (inside the caller's transaction)."""
    return ResolutionStep.create(
        complaint=complaint_id, at=at or clock.utcnow(), staff=actor, kind=kind.value, text=text
    )


def is_postgres() -> bool:
    """True when the shop runs on a PostgreSQL server (search SQL differs)."""
    return isinstance(database.obj, PostgresqlDatabase)


def parse_enum(kind: type[_E], value: Any, field: str, message: str) -> _E:
    """``value`` as a member of ``kind``, or ValidationError(message, field=field)."""
    try:
        return kind(value)
    except ValueError as exc:
        raise ValidationError(message, field=field) from exc
