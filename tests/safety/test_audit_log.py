"""The audit log can be added to, never changed or emptied, on either database."""

from __future__ import annotations

import peewee
import pytest

from smallcs.models import AuditEvent, Staff, database


def test_events_cannot_be_changed_or_deleted(owner: Staff) -> None:
    before = [(e.id, e.action, e.detail) for e in AuditEvent.select().order_by(AuditEvent.id)]
    assert before, "setting up the shop should have left audit events"
    with pytest.raises(peewee.DatabaseError, match="append-only"), database.atomic():
        AuditEvent.update(action="nothing.happened").execute()
    with pytest.raises(peewee.DatabaseError, match="append-only"), database.atomic():
        AuditEvent.delete().execute()
    with pytest.raises(peewee.DatabaseError, match="append-only"), database.atomic():
        database.execute_sql(f"DELETE FROM audit_event WHERE id = {before[0][0]}")
    after = [(e.id, e.action, e.detail) for e in AuditEvent.select().order_by(AuditEvent.id)]
    assert after == before


def test_new_events_still_land(owner: Staff) -> None:
    from smallcs import audit
    from smallcs.models import write_transaction

    count = AuditEvent.select().count()
    with write_transaction():
        audit.record(owner, "test.event", entity="thing", entity_id=7)
    assert AuditEvent.select().count() == count + 1
