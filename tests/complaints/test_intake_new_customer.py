"""A complaint with a customer typed in beside it: both are saved, or neither is."""

from __future__ import annotations

import pytest

from smallcs.customers import CustomerDraft
from smallcs.errors import ValidationError
from smallcs.models import AuditEvent, Complaint, Customer
from tests.complaints.conftest import MakeComplaint, actions, snapshot

GEMMA = CustomerDraft(name="Gemma Stonebridge", phone="0612 999 888", email="gemma@example.org")


def _everything() -> tuple[object, ...]:
    """What a refused save must leave as it was, every audit event included."""
    return (*snapshot(), AuditEvent.select().count())


def test_the_customer_and_the_complaint_are_saved_together(make: MakeComplaint) -> None:
    complaint = make(new_customer=GEMMA)
    customer = Customer.get_by_id(complaint.customer_id)
    assert (customer.name, customer.phone, customer.email) == \
        ("Gemma Stonebridge", "0612 999 888", "gemma@example.org")
    assert actions()[-2:] == ["customer.create", "complaint.create"]  # one event per record
    assert Customer.select().count() == 1


@pytest.mark.parametrize(("fields", "field"), [
    ({"summary": ""}, "summary"),
    ({"summary": "x" * 10_000}, "summary"),
    ({"description": "x" * 10_001}, "description"),
    ({"category_id": 9999}, "category"),
    # Checked inside the transaction after the customer was written: it goes again.
    ({"assigned_to_id": 9999}, "assigned_to"),
    ({"new_customer": CustomerDraft(name="")}, "name"),
    ({"new_customer": CustomerDraft(name="Gemma", phone="call me")}, "phone"),
    ({"new_customer": CustomerDraft(name="Gemma", email="gemma at home")}, "email"),
])
def test_a_refused_complaint_leaves_no_customer_complaint_or_audit_event(
    make: MakeComplaint, fields: dict[str, object], field: str
) -> None:
    make()
    before = _everything()
    with pytest.raises(ValidationError) as refused:
        make(**{"new_customer": GEMMA, **fields})
    assert refused.value.field == field
    assert str(refused.value)
    assert _everything() == before


def test_putting_it_right_saves_each_record_once(make: MakeComplaint) -> None:
    with pytest.raises(ValidationError):
        make(new_customer=GEMMA, summary="")
    complaint = make(new_customer=GEMMA, summary="Wrong size delivered")
    assert [c.name for c in Customer.select()] == ["Gemma Stonebridge"]
    assert [(c.summary, c.customer_id) for c in Complaint.select()] == \
        [("Wrong size delivered", complaint.customer_id)]
    assert actions().count("customer.create") == 1
    assert actions().count("complaint.create") == 1


def test_a_chosen_customer_and_a_new_one_are_refused(make: MakeComplaint) -> None:
    ana = make(new_customer=CustomerDraft(name="Ana Pérez")).customer_id
    before = _everything()
    with pytest.raises(ValidationError) as refused:
        make(customer_id=ana, new_customer=GEMMA)
    assert refused.value.field == "customer"
    assert _everything() == before
