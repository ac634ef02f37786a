"""Customers: look-up as you type, edit, history with survey answers, merge, anonymise."""

from __future__ import annotations

import datetime as dt

import pytest

from smallcs import complaints, customers
from smallcs.errors import NotFound, PermissionDenied, ValidationError
from smallcs.models import (
    Category,
    Complaint,
    Customer,
    Staff,
    Survey,
    SurveyCard,
    SurveyResponse,
)
from smallcs.models.enums import Channel, Outcome
from tests.complaints import conftest as shared
from tests.complaints.conftest import MakeComplaint, actions, snapshot

# The complaint tests' fixtures, used here too (pytest finds them by these names).
_cheap_password_hashes = shared._cheap_password_hashes
ana = shared.ana
delivery = shared.delivery
make = shared.make


def _names(query: str) -> list[str]:
    return [c.name for c in customers.find_customers(query)]


@pytest.fixture
def people(owner: Staff) -> dict[str, Customer]:
    made = {}
    for name, phone, email in [
        ("Ana Lucía Pérez", "+34 612 345 678", "ana@example.com"),
        ("Bruno Smith", "0612 999 111", "b.smith@shop.example"),
        ("Carla Smithers", "", "carla_s@example.org"),
        ("Anand Rao", "(020) 7946 0018", ""),
    ]:
        made[name] = customers.create_customer(owner, name=name, phone=phone, email=email)
    return made


@pytest.mark.parametrize(("text", "expected"), [
    ("+34 612", "+34612"), (" 0612-345 678 ", "0612345678"), ("0034 612 345", "+34612345"),
    ("(020) 7946 0018", "02079460018"), ("", ""),
])
def test_normalise_phone(text: str, expected: str) -> None:
    assert customers.normalise_phone(text) == expected


def test_normalise_email() -> None:
    assert customers.normalise_email("  Ana@Example.COM ") == "ana@example.com"


@pytest.mark.parametrize(("query", "expected"), [
    ("612 345", ["Ana Lucía Pérez"]),  # a fragment of the number
    ("0612 345 678", ["Ana Lucía Pérez"]),  # typed nationally, stored with +34
    ("7946", ["Anand Rao"]),
    ("999111", ["Bruno Smith"]),
    ("ana", ["Ana Lucía Pérez", "Anand Rao"]),  # start of the name
    ("ANA L", ["Ana Lucía Pérez"]),
    ("smi", ["Bruno Smith", "Carla Smithers"]),  # start of a later word
    ("lucía", ["Ana Lucía Pérez"]),
    ("b.smith@", ["Bruno Smith"]),
    ("carla_", ["Carla Smithers"]),  # _ is not a wildcard
    ("%", []), ("", []), ("12", []),
])
def test_look_up_as_you_type(people: dict[str, Customer], query: str,
                             expected: list[str]) -> None:
    assert _names(query) == expected


def test_whole_name_matches_come_before_word_matches(owner: Staff) -> None:
    customers.create_customer(owner, name="Zed Smith")
    customers.create_customer(owner, name="Smithson Alba")
    assert _names("smith") == ["Smithson Alba", "Zed Smith"]


def test_look_up_is_limited(owner: Staff) -> None:
    for n in range(15):
        customers.create_customer(owner, name=f"Twin {n}")
    assert len(customers.find_customers("twin")) == 10
    assert len(customers.find_customers("twin", limit=3)) == 3


def test_create_keeps_what_was_typed_and_normalises_for_look_up(owner: Staff) -> None:
    customer = customers.create_customer(owner, name="  Ana   María  ", phone="+44 20 7946 0018",
                                         email=" Ana@Example.com", contact_consent=True,
                                         notes="Prefers e-mail")
    stored = Customer.get_by_id(customer.id)
    assert (stored.name, stored.name_norm) == ("Ana María", "ana maría")
    assert (stored.phone, stored.phone_norm) == ("+44 20 7946 0018", "+442079460018")
    assert (stored.email, stored.email_norm) == ("Ana@Example.com", "ana@example.com")
    assert stored.contact_consent is True
    assert actions()[-1] == "customer.create"


@pytest.mark.parametrize(("fields", "field"), [
    ({"name": ""}, "name"), ({"name": "x" * 201}, "name"),
    ({"phone": "call me"}, "phone"), ({"phone": "12"}, "phone"), ({"phone": "1" * 41}, "phone"),
    ({"email": "not-an-address"}, "email"), ({"email": "a@b"}, "email"),
    ({"email": "x" * 250 + "@a.io"}, "email"), ({"notes": "x" * 10_001}, "notes"),
    ({"name": "Ana\x00"}, "name"),
])
def test_bad_customer_input_is_refused(owner: Staff, fields: dict[str, str], field: str) -> None:
    before = snapshot()
    data = {"name": "Ana"} | fields
    with pytest.raises(ValidationError) as refused:
        customers.create_customer(owner, **data)  # type: ignore[arg-type]
    assert refused.value.field == field
    assert snapshot() == before


def test_update_changes_only_what_is_given(owner: Staff, clerk: Staff, ana: Customer) -> None:
    updated = customers.update_customer(clerk, ana.id, phone="600 111 222")
    assert (updated.name, updated.phone_norm, updated.email) == (
        "Ana Lucía Pérez", "600111222", "ana@example.com")
    assert actions()[-1] == "customer.update"
    with pytest.raises(NotFound):
        customers.update_customer(clerk, 9999, name="Nobody")


def test_history_shows_complaints_newest_first_with_survey_answers(
    make: MakeComplaint, owner: Staff, ana: Customer
) -> None:
    older = make(customer_id=ana.id, received_at=dt.datetime(2025, 1, 5, 9, 0))
    newer = make(customer_id=ana.id, channel=Channel.PHONE,
                 received_at=dt.datetime(2025, 3, 5, 9, 0))
    make(received_at=dt.datetime(2025, 2, 5, 9, 0))  # someone else
    complaints.resolve(owner, older.id, outcome=Outcome.REFUND)
    survey = Survey.get()
    card = SurveyCard.create(survey=survey, token="t" * 32, short_code="ABC123", kind="single",
                             complaint=older.id, created_at=dt.datetime(2025, 1, 6))
    SurveyResponse.create(card=card, survey=survey, submitted_at=dt.datetime(2025, 1, 7),
                          csat=5, nps=9, source="qr")
    history = customers.customer_history(ana.id)
    assert history.customer.id == ana.id
    assert [c.id for c in history.complaints] == [newer.id, older.id]
    assert [e.complaint.status for e in history.entries] == ["open", "resolved"]
    assert history.entries[1].complaint.category.name == "Delivery delay"
    assert [(a.csat, a.nps) for a in history.entries[1].answers] == [(5, 9)]
    assert history.entries[0].answers == []


def test_merge_moves_complaints_and_fills_gaps(make: MakeComplaint, manager: Staff,
                                              owner: Staff) -> None:
    keep = customers.create_customer(owner, name="Ana Pérez", email="ana@example.com")
    dupe = customers.create_customer(owner, name="Ana Perez", phone="612 345 678",
                                     notes="Allergic to nuts")
    moved = [make(customer_id=dupe.id) for _ in range(2)]
    make(customer_id=keep.id)
    kept = customers.merge_customers(manager, keep_id=keep.id, merge_id=dupe.id)
    assert {c.customer_id for c in Complaint.select()} == {keep.id}
    assert (kept.phone, kept.phone_norm, kept.notes) == ("612 345 678", "612345678",
                                                         "Allergic to nuts")
    assert Customer.get_by_id(dupe.id).merged_into_id == keep.id
    assert _names("pérez") == ["Ana Pérez"]  # the duplicate is out of look-ups
    assert len(customers.customer_history(dupe.id).complaints) == 3  # follows the merge
    assert actions()[-1] == "customer.merge"
    assert all(c.id in {x.id for x in customers.customer_history(keep.id).complaints}
               for c in moved)


def test_merge_refusals(owner: Staff, clerk: Staff, manager: Staff, ana: Customer) -> None:
    other = customers.create_customer(owner, name="Other")
    before = snapshot()
    with pytest.raises(PermissionDenied):
        customers.merge_customers(clerk, keep_id=ana.id, merge_id=other.id)
    with pytest.raises(ValidationError):
        customers.merge_customers(manager, keep_id=ana.id, merge_id=ana.id)
    with pytest.raises(NotFound):
        customers.merge_customers(manager, keep_id=ana.id, merge_id=9999)
    assert snapshot() == before


def test_anonymise_removes_the_person_and_keeps_the_figures(make: MakeComplaint, owner: Staff,
                                                            ana: Customer) -> None:
    complaint = make(customer_id=ana.id, description="Ana was upset")
    dupe = customers.create_customer(owner, name="Ana P", phone="600 000 000")
    customers.merge_customers(owner, keep_id=ana.id, merge_id=dupe.id)
    gone = customers.anonymise_customer(owner, ana.id)
    assert (gone.name, gone.phone, gone.email, gone.notes) == ("Anonymised customer", "", "", "")
    assert (gone.phone_norm, gone.email_norm, gone.contact_consent) == ("", "", False)
    assert gone.anonymised_at is not None
    assert Customer.get_by_id(dupe.id).phone == ""  # the merged record is the same person
    assert Complaint.get_by_id(complaint.id).customer_id == ana.id
    assert _names("ana") == [] and _names("612 345") == [] and _names("600 000") == []
    assert actions()[-1] == "customer.anonymise"
    with pytest.raises(ValidationError):
        customers.update_customer(owner, ana.id, name="Back again")
    with pytest.raises(ValidationError):
        customers.anonymise_customer(owner, ana.id)


@pytest.mark.parametrize("role", ["clerk", "manager"])
def test_only_the_owner_anonymises(request: pytest.FixtureRequest, ana: Customer,
                                   role: str) -> None:
    actor = request.getfixturevalue(role)
    before = snapshot()
    with pytest.raises(PermissionDenied):
        customers.anonymise_customer(actor, ana.id)
    assert snapshot() == before


def test_category_fixture_is_seeded(delivery: Category) -> None:
    assert delivery.resolution_target_hours == 48
