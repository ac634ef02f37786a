"""The owner reads the audit trail: newest first, a page at a time, filtered; nobody else may."""

from __future__ import annotations

import datetime as dt

import pytest

from smallcs import audit, complaints
from smallcs.audit_log import AuditFilter, action_families, count_events, fetch_events
from smallcs.errors import PermissionDenied
from smallcs.models import AuditEvent, Category, Staff, write_transaction
from smallcs.models.enums import Channel


def _complaint(actor: Staff, summary: str) -> tuple[int, str]:
    category = Category.get(Category.name == "Other").id
    made = complaints.create_complaint(actor, channel=Channel.PHONE, category_id=category, summary=summary)
    return made.id, made.reference


def test_newest_first_with_who_did_it(owner: Staff, clerk: Staff) -> None:
    _complaint(clerk, "Till receipt missing")
    rows = fetch_events(owner, AuditFilter())
    assert rows[0].action == "complaint.create" and rows[0].who == clerk.display_name
    assert [r.id for r in rows] == sorted((r.id for r in rows), reverse=True)
    assert count_events(owner, AuditFilter()) == AuditEvent.select().count() == len(rows)


def test_filters_by_person_family_time_and_text(owner: Staff, clerk: Staff) -> None:
    first, reference = _complaint(clerk, "Gift card refused")
    _complaint(owner, "Parking ticket")
    mine = fetch_events(owner, AuditFilter(staff_id=clerk.id, action="complaint"))
    assert [(r.action, r.entity_id) for r in mine] == [("complaint.create", str(first))]
    assert "complaint" in action_families() and "staff" in action_families()
    found = fetch_events(owner, AuditFilter(text=reference.lower()))  # case does not matter
    assert [r.entity_id for r in found] == [str(first)]
    with write_transaction():
        audit.record(owner, "test.text", detail={"note": "a 100% refund"})
        audit.record(owner, "test.text", detail={"note": "a 1000 refund"})
    # What is typed is looked for as typed: % and _ are not wildcards.
    assert [r.detail for r in fetch_events(owner, AuditFilter(text="100%"))] == ['{"note": "a 100% refund"}']
    assert fetch_events(owner, AuditFilter(text="10_0")) == []
    later = dt.datetime.now(dt.UTC).replace(tzinfo=None) + dt.timedelta(hours=1)
    assert fetch_events(owner, AuditFilter(since=later)) == []
    assert count_events(owner, AuditFilter(until=later)) == AuditEvent.select().count()


def test_pages_do_not_overlap(owner: Staff) -> None:
    with write_transaction():
        for n in range(25):
            audit.record(owner, "test.page", entity="thing", entity_id=n)
    flt = AuditFilter(action="test")
    pages = [fetch_events(owner, flt, offset=offset, limit=10) for offset in (0, 10, 20)]
    ids = [row.entity_id for page in pages for row in page]
    assert ids == [str(n) for n in range(24, -1, -1)]


def test_only_the_owner_reads_it(manager: Staff, clerk: Staff) -> None:
    for actor in (manager, clerk):
        with pytest.raises(PermissionDenied):
            fetch_events(actor, AuditFilter())
        with pytest.raises(PermissionDenied):
            count_events(actor, AuditFilter())
