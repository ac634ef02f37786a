"""A refused action leaves one ``permission.denied`` audit event that names who tried what,
changes nothing else, and survives the rollback of the transaction it was refused in.

Runs on SQLite and on PostgreSQL (``tests/safety`` is in BOTH_BACKENDS); the command line
test runs on a SQLite file.
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from smallcs import accounts, customers, settings
from smallcs.audit import DENIED
from smallcs.audit_log import AuditFilter, action_families, count_events, fetch_events
from smallcs.demo import load_demo
from smallcs.errors import PermissionDenied
from smallcs.models import AuditEvent, Customer, Staff, write_transaction
from smallcs.models.enums import Role
from tests.conftest import STAFF_PASSWORD
from tests.safety.dbstate import Contents, contents

SMALLCS = shutil.which("smallcs", path=str(Path(sys.executable).parent)) or "smallcs"


def _without_denials(snapshot: Contents) -> Contents:
    return {**snapshot, "audit_event": [row for row in snapshot["audit_event"] if DENIED not in row]}


def _denials() -> list[tuple[int | None, dict[str, object]]]:
    """Every denial event so far, oldest first: (staff id, details)."""
    events = AuditEvent.select().where(AuditEvent.action == DENIED).order_by(AuditEvent.id)
    return [(event.staff_id, json.loads(event.detail)) for event in events]


def test_staff_cannot_anonymise_and_the_attempt_is_on_record(owner: Staff, clerk: Staff) -> None:
    customer = customers.create_customer(owner, name="Ana Gómez", phone="612 345 678")
    before = contents()
    with pytest.raises(PermissionDenied, match=r"Sam Staff \(Staff\) is not allowed"):
        customers.anonymise_customer(clerk, customer.id)
    assert Customer.get_by_id(customer.id).name == "Ana Gómez"
    assert _without_denials(contents()) == before
    assert _denials() == [(clerk.id, {"action": "customer.anonymise", "role": "staff"})]


def test_staff_cannot_edit_settings_and_the_attempt_is_on_record(owner: Staff, clerk: Staff) -> None:
    profile = dataclasses.replace(settings.get_profile(), name="Sam's Shop")
    before = contents()
    with pytest.raises(PermissionDenied):
        settings.save_profile(clerk, profile)
    assert settings.get_profile().name == "Corner Shop"
    assert _without_denials(contents()) == before
    assert _denials() == [(clerk.id, {"action": "settings.edit", "role": "staff"})]


def test_a_refusal_inside_the_service_transaction_survives_its_rollback(owner: Staff,
                                                                        manager: Staff) -> None:
    # load_demo checks the acting owner inside its one write transaction.
    before = contents()
    with pytest.raises(PermissionDenied):
        load_demo(months=1, scale=0.2, seed=7, owner=manager)
    assert _without_denials(contents()) == before
    assert _denials() == [(manager.id, {"action": "demo.load", "role": "manager"})]


def test_a_refusal_inside_a_larger_transaction_survives_while_the_rest_rolls_back(
        owner: Staff, clerk: Staff) -> None:
    customer = customers.create_customer(owner, name="Ana Gómez")
    before = contents()
    with pytest.raises(PermissionDenied), write_transaction():
        customers.create_customer(clerk, name="Written before the refusal")
        customers.anonymise_customer(clerk, customer.id)
    assert not Customer.select().where(Customer.name == "Written before the refusal").exists()
    assert _without_denials(contents()) == before
    assert _denials() == [(clerk.id, {"action": "customer.anonymise", "role": "staff"})]


def test_a_refusal_caught_inside_a_transaction_is_recorded_once_after_it_commits(
        owner: Staff, clerk: Staff) -> None:
    with write_transaction():
        kept = customers.create_customer(clerk, name="Kept")
        with pytest.raises(PermissionDenied):
            customers.anonymise_customer(clerk, kept.id)
    assert Customer.get_by_id(kept.id).name == "Kept"
    assert _denials() == [(clerk.id, {"action": "customer.anonymise", "role": "staff"})]


def test_a_disabled_account_is_recorded_as_disabled(owner: Staff) -> None:
    accounts.create_staff(owner, username="former", display_name="Former Owner", role=Role.OWNER,
                          password=None)
    accounts.disable_staff(owner, "former")
    former = Staff.get(Staff.username == "former")
    with pytest.raises(PermissionDenied):
        accounts.create_staff(former, username="sneaky", display_name="Sneaky", role=Role.OWNER,
                              password=None)
    assert not Staff.select().where(Staff.username == "sneaky").exists()
    assert _denials() == [(former.id, {"action": "staff.manage", "role": "owner", "disabled": True})]


def test_trying_to_read_the_audit_log_is_recorded_too(owner: Staff, manager: Staff) -> None:
    with pytest.raises(PermissionDenied):
        fetch_events(manager, AuditFilter())
    assert _denials() == [(manager.id, {"action": "audit.view", "role": "manager"})]


def test_the_owner_filters_the_log_to_refusals(owner: Staff, manager: Staff, clerk: Staff) -> None:
    customer = customers.create_customer(owner, name="Ana Gómez")
    for actor in (clerk, manager):
        with pytest.raises(PermissionDenied):
            load_demo(months=1, scale=0.2, seed=7, owner=actor)
    with pytest.raises(PermissionDenied):
        customers.anonymise_customer(clerk, customer.id)
    assert "permission" in action_families()
    refusals = fetch_events(owner, AuditFilter(action="permission"))
    assert count_events(owner, AuditFilter(action="permission")) == 3
    assert [(row.who, row.action) for row in refusals] == [
        ("Sam Staff", DENIED), ("Mario Manager", DENIED), ("Sam Staff", DENIED)]
    assert '"action": "customer.anonymise"' in refusals[0].detail
    sams = fetch_events(owner, AuditFilter(action="permission", staff_id=clerk.id, text="demo.load"))
    assert [row.who for row in sams] == ["Sam Staff"]


def test_a_refusal_on_the_command_line_is_recorded(owner: Staff, clerk: Staff, db_path: Path) -> None:
    accounts.create_staff(owner, username="target", display_name="Target", role=Role.STAFF, password=None)
    result = subprocess.run([SMALLCS, "--db", str(db_path), "user", "disable", "target", "--as", "sam"],
                            input=f"{STAFF_PASSWORD}\n", capture_output=True, text=True, timeout=120,
                            env={**os.environ}, check=False)
    assert result.returncode == 1
    assert result.stderr == "smallcs: error: Sam Staff (Staff) is not allowed to do this.\n"
    assert Staff.get(Staff.username == "target").active
    assert _denials() == [(clerk.id, {"action": "staff.manage", "role": "staff"})]
