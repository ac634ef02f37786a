"""The shop's idle lock: how long a counter may sit unused before it locks itself.

Stored through the settings service (manager or owner, validated, audited) on SQLite and
PostgreSQL; the window's side is tests/ui/test_idle_lock.py.
"""

from __future__ import annotations

import json

import pytest

from smallcs import settings
from smallcs.audit import DENIED
from smallcs.errors import PermissionDenied, ValidationError
from smallcs.models import AuditEvent, Staff, write_transaction
from tests.safety.dbstate import contents


def _events(action: str) -> list[tuple[int | None, dict[str, object]]]:
    rows = AuditEvent.select().where(AuditEvent.action == action).order_by(AuditEvent.id)
    return [(row.staff_id, json.loads(row.detail)) for row in rows]


def test_ten_minutes_until_the_shop_chooses(owner: Staff) -> None:
    assert settings.idle_lock_minutes() == settings.DEFAULT_IDLE_LOCK_MINUTES == 10


def test_a_manager_sets_the_time_or_never_and_each_change_is_audited(manager: Staff) -> None:
    assert settings.save_idle_lock_minutes(manager, 5) == 5
    assert settings.idle_lock_minutes() == 5
    assert settings.save_idle_lock_minutes(manager, None) is None
    assert settings.idle_lock_minutes() is None
    assert settings.save_idle_lock_minutes(manager, None) is None  # no change, no event
    assert _events("settings.idle_lock") == [(manager.id, {"before": 10, "after": 5}),
                                             (manager.id, {"before": 5, "after": None})]


@pytest.mark.parametrize("nonsense", [0, -5, 481, 10_000, 2.5, float("nan"), True, "10", [10]])
def test_nonsense_is_refused_with_a_message_and_changes_nothing(owner: Staff, nonsense: object) -> None:
    before = contents()
    with pytest.raises(ValidationError, match=r"^Lock the screen after 1 to 480 minutes without use, or never\.$"):
        settings.save_idle_lock_minutes(owner, nonsense)  # type: ignore[arg-type]
    assert contents() == before


def test_counter_staff_cannot_change_it_and_the_attempt_is_on_record(owner: Staff, clerk: Staff) -> None:
    before = contents()
    with pytest.raises(PermissionDenied):
        settings.save_idle_lock_minutes(clerk, None)
    assert settings.idle_lock_minutes() == 10
    assert {**contents(), "audit_event": before["audit_event"]} == before
    assert _events(DENIED) == [(clerk.id, {"action": "settings.edit", "role": "staff"})]


def test_a_stored_value_nobody_could_have_saved_reads_as_the_default(owner: Staff) -> None:
    for stored in ({"minutes": -1}, {"minutes": "soon"}, {"hours": 2}, "ten", None):
        with write_transaction():
            settings.put_value("idle_lock", stored)
        assert settings.idle_lock_minutes() == 10, stored
