"""Drafts keep what was typed until it is saved or thrown away on purpose."""

from __future__ import annotations

import pytest

from smallcs import drafts
from smallcs.models import AuditEvent, Draft, Staff, database


def test_a_draft_is_replaced_then_discarded(owner: Staff, clerk: Staff) -> None:
    drafts.save_draft(owner, drafts.QUICK_ENTRY, {"summary": "Parcel"})
    drafts.save_draft(owner, drafts.QUICK_ENTRY, {"summary": "Parcel late, customer upset 😠"})
    drafts.save_draft(clerk, drafts.QUICK_ENTRY, {"summary": "Someone else's"})
    [mine] = drafts.pending_drafts(owner)
    assert mine.data == {"summary": "Parcel late, customer upset 😠"}
    drafts.discard_draft(owner, drafts.QUICK_ENTRY)
    assert drafts.pending_drafts(owner) == []
    assert [d.data["summary"] for d in drafts.pending_drafts(clerk)] == ["Someone else's"]


def test_autosaves_leave_no_audit_events(owner: Staff) -> None:
    before = AuditEvent.select().count()
    for n in range(5):
        drafts.save_draft(owner, drafts.QUICK_ENTRY, {"summary": "x" * n})
    assert AuditEvent.select().count() == before


@pytest.mark.usefixtures("allow_warnings")
def test_an_unreadable_draft_is_skipped_not_fatal(owner: Staff) -> None:
    drafts.save_draft(owner, drafts.QUICK_ENTRY, {"summary": "ok"})
    with database.atomic():
        Draft.update(data="{not json").execute()
    assert drafts.pending_drafts(owner) == []
