"""Every export that takes shop data out leaves exactly one audit event: who, what and how
many rows, never the data itself nor the file's name (which may carry a person's name).

A refused export leaves no file and one ``permission.denied`` event; a failed one leaves no
event. Run on SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from smallcs import complaints, customers, metrics
from smallcs.audit import DENIED
from smallcs.audit_log import EXPORTS, AuditFilter, action_families, fetch_events
from smallcs.complaints import ComplaintFilter
from smallcs.errors import PermissionDenied, ValidationError
from smallcs.models import AuditEvent, Category, Customer, Staff
from smallcs.models.enums import Channel, Status
from smallcs.reports import automatic
from smallcs.reports.monthly import build_monthly_report, report_month
from smallcs.reports.receipt import write_complaint_receipt
from smallcs.surveys.export import export_responses_csv
from tests.metrics.builders import add_complaints, complaint_row, local
from tests.reports.monthly_helpers import EARLY_NOVEMBER, add_answer
from tests.test_cli import run

OCTOBER = dt.date(2026, 10, 1)
PERSON = "Ana Lucía Pérez"  # a customer, whose name a counter might type into a file name


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Where the exports go (the test's SQLite database lives beside it)."""
    path = tmp_path / "exports"
    path.mkdir()
    return path


@pytest.fixture
def ana(owner: Staff) -> Customer:
    return customers.create_customer(owner, name=PERSON, phone="612 345 678", email="ana@example.com")


@pytest.fixture
def three_complaints(owner: Staff, ana: Customer) -> None:
    other = Category.get(Category.name == "Other").id
    for summary, customer in (("Parcel late", ana.id), ("Charged twice", None), ("Rude reply", None)):
        complaints.create_complaint(owner, channel=Channel.PHONE, category_id=other, summary=summary,
                                    customer_id=customer)


def _last_id() -> int:
    newest = AuditEvent.select(AuditEvent.id).order_by(AuditEvent.id.desc()).first()
    return 0 if newest is None else int(newest.id)


def _since(last_id: int) -> list[tuple[int | None, str, str, str, dict[str, object]]]:
    """The events written after ``last_id``: (staff id, action, entity, entity id, details)."""
    return [(e.staff_id, e.action, e.entity, e.entity_id, json.loads(e.detail))
            for e in AuditEvent.select().where(AuditEvent.id > last_id).order_by(AuditEvent.id)]


def _mentions_nothing_of(last_id: int, *words: str) -> None:
    for event in AuditEvent.select().where(AuditEvent.id > last_id):
        stored = f"{event.entity} {event.entity_id} {event.detail}"
        assert not any(word in stored for word in words), stored


def test_the_complaint_list_export_is_one_event_without_names(owner: Staff, manager: Staff,
                                                              three_complaints: None, folder: Path) -> None:
    before = _last_id()
    target = folder / f"complaints {PERSON}.csv"
    assert complaints.export_complaints_csv(ComplaintFilter(), target, actor=manager) == 3
    assert _since(before) == [(manager.id, "complaint.export", "complaint", "", {"complaints": 3})]

    before = _last_id()
    flt = ComplaintFilter(text="Parcel", statuses=(Status.OPEN, Status.IN_PROGRESS))
    assert complaints.export_complaints_csv(flt, target, actor=owner) == 1
    # Which filters narrowed it, not what was searched for (it may be a name).
    assert _since(before) == [(owner.id, "complaint.export", "complaint", "",
                               {"complaints": 1, "filters": ["status", "search"]})]
    _mentions_nothing_of(before, "Parcel", PERSON, "Ana", str(folder), ".csv")


def test_staff_are_refused_the_complaint_list(clerk: Staff, three_complaints: None, folder: Path) -> None:
    before = _last_id()
    with pytest.raises(PermissionDenied, match=r"Sam Staff \(Staff\) is not allowed"):
        complaints.export_complaints_csv(ComplaintFilter(), folder / "all.csv", actor=clerk)
    assert list(folder.iterdir()) == []  # not even a part-written file
    assert _since(before) == [(clerk.id, DENIED, "staff", str(clerk.id),
                               {"action": "complaint.export", "role": "staff"})]


def test_a_failed_export_leaves_no_event(owner: Staff, three_complaints: None, folder: Path) -> None:
    taken = folder / "taken.csv"
    taken.mkdir()  # the rename at the end fails: the event goes with it
    before = _last_id()
    with pytest.raises(ValidationError):
        complaints.export_complaints_csv(ComplaintFilter(), taken, actor=owner)
    with pytest.raises(ValidationError):
        export_responses_csv(taken, actor=owner)
    assert _since(before) == []
    assert [p.name for p in folder.iterdir()] == ["taken.csv"]


def test_the_survey_answers_export_is_one_event(owner: Staff, folder: Path) -> None:
    for day in (3, 4):
        add_answer(local(2026, 10, day), csat=4, comment=f"Kind staff, said {PERSON}")
    before = _last_id()
    assert export_responses_csv(folder / "answers.csv", actor=owner) == 2
    assert export_responses_csv(folder / "answers.csv", actor=None) == 2  # the command line
    assert _since(before) == [(owner.id, "surveys.export", "survey_response", "", {"answers": 2}),
                              (None, "surveys.export", "survey_response", "", {"answers": 2})]
    _mentions_nothing_of(before, "Kind staff", PERSON, str(folder))


def test_one_customers_data_export_is_one_event(manager: Staff, ana: Customer, three_complaints: None,
                                                folder: Path) -> None:
    before = _last_id()
    customers.export_customer_data(manager, ana.id, folder / f"{PERSON}.json")
    assert _since(before) == [(manager.id, "customer.export", "customer", str(ana.id), {"complaints": 1})]
    _mentions_nothing_of(before, PERSON, "Ana", str(folder))


@pytest.fixture
def october(owner: Staff) -> None:
    add_complaints([complaint_row(owner, local(2026, 10, 14)), complaint_row(owner, local(2026, 10, 20))])
    add_answer(local(2026, 10, 21), csat=2, comment="The parcel came a week late")
    add_answer(local(2026, 10, 22), nps=3, comment="Nobody called back")


def test_the_monthly_report_is_one_event_saying_what_it_holds(owner: Staff, manager: Staff, october: None,
                                                              folder: Path) -> None:
    people = len(metrics.staff_figures(report_month("2026-10", now=EARLY_NOVEMBER)))
    before = _last_id()
    build_monthly_report("2026-10", folder / "owner.pdf", actor=owner, now=EARLY_NOVEMBER)
    build_monthly_report("2026-10", folder / "manager.pdf", actor=manager, now=EARLY_NOVEMBER,
                         include_comments=False)
    build_monthly_report("2026-10", folder / "cli.pdf", actor=None, now=EARLY_NOVEMBER)
    assert people >= 1
    assert _since(before) == [
        (owner.id, "report.export", "report", "2026-10", {"staff_section": True, "people": people, "comments": 2}),
        (manager.id, "report.export", "report", "2026-10", {"staff_section": False, "comments": 0}),
        (None, "report.export", "report", "2026-10", {"staff_section": True, "people": people, "comments": 2}),
    ]
    _mentions_nothing_of(before, "parcel", "Nobody", str(folder))


def test_a_report_refused_to_staff_leaves_no_file(clerk: Staff, october: None, folder: Path) -> None:
    before = _last_id()
    with pytest.raises(PermissionDenied):
        build_monthly_report("2026-10", folder / "report.pdf", actor=clerk, now=EARLY_NOVEMBER)
    assert list(folder.iterdir()) == []
    assert [(action, detail["action"]) for _who, action, _e, _id, detail in _since(before)] == [
        (DENIED, "report.generate")]


def test_the_report_written_by_itself_is_one_export(owner: Staff, october: None, folder: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from smallcs import clock

    monkeypatch.setattr(clock, "utcnow", lambda: EARLY_NOVEMBER)
    people = len(metrics.staff_figures(report_month("2026-10", now=EARLY_NOVEMBER)))
    before = _last_id()
    automatic.write_due_report(owner, OCTOBER, folder)
    events = _since(before)
    assert [e for e in events if e[1].endswith(".export")] == [
        (owner.id, "report.export", "report", "2026-10", {"staff_section": True, "people": people, "comments": 2})]
    # ... beside the note that the month is dealt with (so it is not offered again).
    assert [e[1] for e in events] == ["report.export", "report.automatic"]


def test_the_owner_finds_every_export_under_one_kind(owner: Staff, manager: Staff, ana: Customer,
                                                     three_complaints: None, folder: Path) -> None:
    assert EXPORTS not in action_families()
    complaints.export_complaints_csv(ComplaintFilter(), folder / "list.csv", actor=manager)
    customers.export_customer_data(owner, ana.id, folder / "ana.json")
    export_responses_csv(folder / "answers.csv", actor=None)
    assert EXPORTS in action_families()
    found = fetch_events(owner, AuditFilter(action=EXPORTS))
    assert [(row.action, row.who) for row in found] == [
        ("surveys.export", "command line"), ("customer.export", "Olivia Owner"),
        ("complaint.export", "Mario Manager")]
    # Each export stays in its own family as well.
    assert fetch_events(owner, AuditFilter(action="customer"))[0].action == "customer.export"


def test_the_command_line_records_its_exports_without_a_person(three_complaints: None, db_path: Path,
                                                               folder: Path) -> None:
    """Without ``--as`` the commands act for the database file's owner: no person, shown as the
    command line (docs/security.md, "The command line")."""
    last_month = (dt.date.today().replace(day=1) - dt.timedelta(days=1)).strftime("%Y-%m")
    before = _last_id()
    for args in (("export", "complaints", "-o", str(folder / "complaints.csv")),
                 ("export", "responses", "-o", str(folder / "answers.csv")),
                 ("report", "--month", last_month, "-o", str(folder / "report.pdf"))):
        result = run("--db", str(db_path), *args)
        assert result.returncode == 0, result.stderr
    assert [(who, action, entity_id) for who, action, _entity, entity_id, _detail in _since(before)] == [
        (None, "complaint.export", ""), (None, "surveys.export", ""), (None, "report.export", last_month)]
    assert _since(before)[0][4] == {"complaints": 3}


def test_a_saved_receipt_is_one_event_without_names(owner: Staff, ana: Customer, folder: Path) -> None:
    other = Category.get(Category.name == "Other").id
    parcel = complaints.create_complaint(owner, channel=Channel.PHONE, category_id=other, summary="Parcel late",
                                         customer_id=ana.id)
    before = _last_id()
    write_complaint_receipt(owner, parcel.id, folder / f"receipt {PERSON}.pdf")
    assert _since(before) == [(owner.id, "receipt.export", "complaint", str(parcel.id),
                               {"to": "pdf", "layout": "sheet"})]
    _mentions_nothing_of(before, PERSON, "Ana")

    before = _last_id()
    with pytest.raises(ValidationError):
        write_complaint_receipt(owner, parcel.id, folder / "gone" / "receipt.pdf")
    assert _since(before) == []
