"""Fixtures for the complaint services: categories, customers and quick complaints."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from argon2 import PasswordHasher

from smallcs import accounts, complaints, customers
from smallcs.audit import DENIED
from smallcs.models import (
    AuditEvent,
    Category,
    Complaint,
    Customer,
    ResolutionStep,
    Staff,
)
from smallcs.models.enums import Channel

MakeComplaint = Callable[..., Complaint]


@pytest.fixture(autouse=True)
def _cheap_password_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Accounts are only actors here: a weak argon2id keeps each test's setup fast."""
    monkeypatch.setattr(accounts, "_hasher", PasswordHasher(time_cost=1, memory_cost=8,
                                                            parallelism=1))


@pytest.fixture
def delivery(owner: Staff) -> Category:
    """The seeded "Delivery delay" category: normal priority, due in 48 hours."""
    return Category.get(Category.name == "Delivery delay")


@pytest.fixture
def defect(owner: Staff) -> Category:
    """The seeded "Product defect" category: high priority, due in 72 hours."""
    return Category.get(Category.name == "Product defect")


@pytest.fixture
def ana(owner: Staff) -> Customer:
    return customers.create_customer(owner, name="Ana Lucía Pérez", phone="+34 612 345 678",
                                     email="ana@example.com")


@pytest.fixture
def make(owner: Staff, delivery: Category) -> MakeComplaint:
    """Create a complaint with sensible defaults; keyword arguments override them."""

    def _make(actor: Staff | None = None, **fields: Any) -> Complaint:
        fields.setdefault("channel", Channel.EMAIL)
        fields.setdefault("category_id", delivery.id)
        fields.setdefault("summary", "Parcel late")
        return complaints.create_complaint(actor or owner, **fields)

    return _make


def snapshot() -> tuple[object, ...]:
    """Everything a refused call must leave untouched (but for the event of a refused
    action, see tests/safety/test_denials_audited.py)."""
    return (
        list(Complaint.select().order_by(Complaint.id).dicts()),
        list(ResolutionStep.select().order_by(ResolutionStep.id).dicts()),
        AuditEvent.select().where(AuditEvent.action != DENIED).count(),
        list(Customer.select().order_by(Customer.id).dicts()),
    )


def actions() -> list[str]:
    return [e.action for e in AuditEvent.select().order_by(AuditEvent.id)]


def bulk_complaints(count: int, *, actor: Staff, category: Category, start: dt.datetime,
                    **fields: Any) -> None:
    """Insert ``count`` complaints one minute apart with insert_many (fast, no services)."""
    rows = []
    first = (Complaint.select().count() or 0) + 1
    for n in range(count):
        received = start + dt.timedelta(minutes=n)
        row = {
            "reference": f"B-{first + n:06d}", "channel": Channel.EMAIL.value,
            "category": category.id, "priority": "normal", "status": "open",
            "summary": f"Bulk complaint {first + n}", "received_at": received,
            "due_at": received + dt.timedelta(hours=48), "assigned_to": actor.id,
            "created_by": actor.id, "updated_at": received,
        }
        row.update(fields)
        rows.append(row)
    for chunk in range(0, len(rows), 500):
        Complaint.insert_many(rows[chunk:chunk + 500]).execute()
