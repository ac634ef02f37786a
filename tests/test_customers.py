"""Customers: look-up as you type, edit, history with survey answers, merge, export, anonymise."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from smallcs import complaints, customers, setup
from smallcs.errors import NotFound, PermissionDenied, ValidationError
from smallcs.models import (
    AuditEvent,
    Category,
    Complaint,
    Customer,
    Staff,
    Survey,
    SurveyCard,
    SurveyResponse,
)
from smallcs.models.connection import close_database, migration_runner, open_database
from smallcs.models.enums import Channel, Outcome
from tests.complaints import conftest as shared
from tests.complaints.conftest import MakeComplaint, actions, snapshot
from tests.conftest import OWNER_PASSWORD, STAFF_PASSWORD

# The complaint tests' fixtures, used here too (pytest finds them by these names).
_cheap_password_hashes = shared._cheap_password_hashes
ana = shared.ana
delivery = shared.delivery
make = shared.make
SMALLCS = shutil.which("smallcs", path=str(Path(sys.executable).parent)) or "smallcs"


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
    assert (stored.name, stored.name_norm) == ("Ana María", "ana maria")
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


def test_staff_cannot_anonymise_a_manager_can(clerk: Staff, manager: Staff,
                                              ana: Customer) -> None:
    before = snapshot()
    with pytest.raises(PermissionDenied):
        customers.anonymise_customer(clerk, ana.id)
    assert snapshot() == before
    assert customers.anonymise_customer(manager, ana.id).anonymised_at is not None


def test_category_fixture_is_seeded(delivery: Category) -> None:
    assert delivery.resolution_target_hours == 48


# --- export one customer's data (subject access request) -----------------------------------


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """An empty folder for exports (the database lives in tmp_path itself)."""
    path = tmp_path / "exports"
    path.mkdir()
    return path


def _answered_card(complaint: Complaint, *, token: str, code: str) -> SurveyResponse:
    survey = Survey.get()
    card = SurveyCard.create(survey=survey, token=token, short_code=code, kind="single",
                             complaint=complaint.id, created_at=dt.datetime(2025, 1, 6))
    return SurveyResponse.create(card=card, survey=survey, submitted_at=dt.datetime(2025, 1, 7),
                                 csat=4, nps=10, comment="Gracias, todo bien 👍", source="qr")


def test_export_holds_the_person_complaints_timeline_and_answers(
    make: MakeComplaint, owner: Staff, manager: Staff, folder: Path
) -> None:
    ana = customers.create_customer(owner, name="Ana Lucía Pérez", phone="+34 612 345 678",
                                    email="ana@example.com", contact_consent=True,
                                    notes="Prefers e-mail")
    dupe = customers.create_customer(owner, name="Ana Perez", phone="600 000 000")
    first = make(customer_id=ana.id, received_at=dt.datetime(2025, 1, 5, 9, 0),
                 description="Box was crushed")
    second = make(customer_id=dupe.id, received_at=dt.datetime(2025, 2, 5, 9, 0))
    make(summary="Someone else's parcel")  # not hers
    complaints.resolve(owner, first.id, outcome=Outcome.REFUND)
    _answered_card(first, token="e" * 32, code="EXP001")
    customers.merge_customers(manager, keep_id=ana.id, merge_id=dupe.id)

    path = customers.export_customer_data(manager, ana.id, folder / "ana.json")

    assert path == folder / "ana.json"
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    text = path.read_text(encoding="utf-8")
    assert "Ana Lucía Pérez" in text and "👍" in text  # UTF-8, not \u escapes
    assert text.startswith("{\n  ")  # indented for a person to read
    data = json.loads(text)
    assert data["format"] == "smallcs-customer-export"
    person = data["customer"]
    assert (person["id"], person["name"], person["phone"], person["email"]) == (
        ana.id, "Ana Lucía Pérez", "+34 612 345 678", "ana@example.com")
    assert (person["contact_consent"], person["notes"]) == (True, "Prefers e-mail")
    assert [m["phone"] for m in data["merged_records"]] == ["600 000 000"]
    exported = data["complaints"]
    assert [c["reference"] for c in exported] == [first.reference, second.reference]
    assert "Someone else's parcel" not in text
    assert exported[0]["description"] == "Box was crushed"
    assert exported[0]["status"] == "resolved" and exported[0]["outcome"] == "refund"
    assert exported[0]["received_at"] == "2025-01-05T09:00:00+00:00"
    steps = exported[0]["timeline"]
    assert [s["kind"] for s in steps][-1] == "resolved"
    assert all(s["by"] == owner.display_name and s["at"] for s in steps)
    assert [(a["csat"], a["nps"], a["comment"]) for a in exported[0]["survey_answers"]] == [
        (4, 10, "Gracias, todo bien 👍")]
    assert exported[1]["survey_answers"] == []
    event = AuditEvent.select().order_by(AuditEvent.id.desc()).get()
    assert (event.action, event.entity, event.entity_id) == ("customer.export", "customer",
                                                             str(ana.id))
    assert event.staff_id == manager.id
    assert "ana" not in event.detail.casefold()  # no personal data in the audit log
    assert [p.name for p in folder.iterdir()] == ["ana.json"]  # no temporary file left


def test_export_of_an_anonymised_customer_holds_no_person(
    make: MakeComplaint, owner: Staff, ana: Customer, folder: Path
) -> None:
    make(customer_id=ana.id)
    customers.anonymise_customer(owner, ana.id)
    data = json.loads(customers.export_customer_data(owner, ana.id, folder / "x.json")
                      .read_text(encoding="utf-8"))
    assert (data["customer"]["name"], data["customer"]["phone"]) == ("Anonymised customer", "")
    assert len(data["complaints"]) == 1


def test_staff_may_not_export_and_nothing_is_written(clerk: Staff, ana: Customer,
                                                     folder: Path) -> None:
    before = snapshot()
    with pytest.raises(PermissionDenied):
        customers.export_customer_data(clerk, ana.id, folder / "ana.json")
    assert snapshot() == before
    assert list(folder.iterdir()) == []


def test_export_refusals_leave_nothing(manager: Staff, ana: Customer, folder: Path) -> None:
    before = snapshot()
    with pytest.raises(NotFound):
        customers.export_customer_data(manager, 9999, folder / "nobody.json")
    with pytest.raises(ValidationError, match="Cannot write to") as refused:
        customers.export_customer_data(manager, ana.id, folder / "no-such-folder" / "a.json")
    assert refused.value.field == "path"
    with pytest.raises(ValidationError, match="Cannot write"):
        customers.export_customer_data(manager, ana.id, folder)  # a folder, not a file
    assert snapshot() == before
    assert list(folder.iterdir()) == []


def test_export_replaces_an_older_file(manager: Staff, ana: Customer, folder: Path) -> None:
    target = folder / "ana.json"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o644)
    customers.export_customer_data(manager, ana.id, target)
    assert json.loads(target.read_text(encoding="utf-8"))["customer"]["id"] == ana.id
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_export_from_the_command_line(db_path: Path, manager: Staff, clerk: Staff,
                                      tmp_path: Path) -> None:
    """``smallcs export customer --id N -o FILE --as USER``: the installed command, as a user runs it."""
    ana = customers.create_customer(manager, name="Ana Lucía Pérez", phone="612 345 678")
    target = tmp_path / "ana.json"

    def run(*args: str, stdin: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([SMALLCS, "--db", str(db_path), "export", "customer", *args],
                              input=stdin, capture_output=True, text=True, timeout=120, check=False)

    done = run("--id", str(ana.id), "-o", str(target), "--as", "mario", stdin=f"{STAFF_PASSWORD}\n")
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"Customer {ana.id}'s data written to {target}.\n"
    assert json.loads(target.read_text(encoding="utf-8"))["customer"]["name"] == "Ana Lucía Pérez"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    for args, stdin, error in [
        (("--id", str(ana.id), "-o", str(tmp_path / "sam.json"), "--as", "sam"), f"{STAFF_PASSWORD}\n",
         "Sam Staff (Staff) is not allowed to do this."),
        (("-o", str(tmp_path / "who.json"), "--as", "mario"), f"{STAFF_PASSWORD}\n",
         "Say whose data with --id N"),
        (("--id", "9999", "-o", str(tmp_path / "none.json"), "--as", "mario"), f"{STAFF_PASSWORD}\n",
         "There is no customer number 9999."),
    ]:
        refused = run(*args, stdin=stdin)
        assert refused.returncode == 1 and "Traceback" not in refused.stderr
        assert error in refused.stderr and len(refused.stderr.splitlines()) == 1
    assert sorted(p.name for p in tmp_path.glob("*.json")) == ["ana.json"]


def test_recent_customers_are_those_whose_complaints_came_in_last(make: MakeComplaint, owner: Staff,
                                                                  ana: Customer) -> None:
    ben = customers.create_customer(owner, name="Ben Okafor", phone="0611 222 333")
    cleo = customers.create_customer(owner, name="Cleo Park")  # no complaint: not recent
    make(customer_id=ana.id, received_at=dt.datetime(2025, 1, 5, 9, 0))
    make(customer_id=ben.id, received_at=dt.datetime(2025, 2, 5, 9, 0))
    make(customer_id=ana.id, received_at=dt.datetime(2025, 3, 5, 9, 0))
    assert [c.id for c in customers.recent_customers(limit=10)] == [ana.id, ben.id]
    assert [c.id for c in customers.recent_customers(limit=1)] == [ana.id]
    customers.anonymise_customer(owner, ana.id)
    assert cleo.id not in [c.id for c in customers.recent_customers()]
    assert [c.id for c in customers.recent_customers()] == [ben.id]


@pytest.mark.parametrize(("query", "expected"), [
    ("garcia", ["Ángela García"]),  # typed without the accent
    ("angela", ["Ángela García"]),
    ("ÁNGELA GARCÍA", ["Ángela García"]),
    ("muller", ["Jürgen Müller"]),
    ("francois", ["François Lefèvre"]),
    ("joao", ["João Conceição"]),
])
def test_look_up_finds_names_typed_without_accents(owner: Staff, query: str, expected: list[str]) -> None:
    for name in ("Ángela García", "Jürgen Müller", "François Lefèvre", "João Conceição", "Anand Rao"):
        customers.create_customer(owner, name=name)
    assert _names(query) == expected


def test_names_stored_before_accents_were_folded_are_found_after_the_update(db_path: Path) -> None:
    """A shop's database from before migration 0012: its customers' look-up names are brought
    to the accent-free form, so the look-up finds them typed either way."""
    db = open_database(db_path, migrate=False)
    migration_runner(db).up("0011_card_for_complaint_by_token")
    owner = setup.initialise_shop(business_name="Tienda", timezone="Europe/Madrid", owner_username="olivia",
                                  owner_display_name="Olivia Owner", owner_password=OWNER_PASSWORD)
    made = customers.create_customer(owner, name="Ángela García")
    Customer.update(name_norm="ángela garcía").where(Customer.id == made.id).execute()  # as stored then
    close_database()
    db = open_database(db_path)
    try:
        assert Customer.get_by_id(made.id).name_norm == "angela garcia"
        assert _names("garcia") == _names("garcía") == ["Ángela García"]
    finally:
        close_database()
