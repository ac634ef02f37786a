"""A complaint and the draft it was typed in: saving one removes the other in the same transaction.

Otherwise a complaint saved just before a crash (or a busy database refusing the
draft's removal) would be offered again as unsaved at the next log-in, and saving
it again would log the customer's complaint twice.
"""

from __future__ import annotations

import peewee
import pytest

from smallcs import drafts
from smallcs.complaints.common import is_postgres
from smallcs.errors import ValidationError
from smallcs.models import Complaint, Staff, database
from tests.complaints.conftest import MakeComplaint

TYPED = {"summary": "Parcel late", "description": "Third time this month"}


def _drafts(actor: Staff) -> list[tuple[str, dict[str, object]]]:
    return [(d.form, d.data) for d in drafts.pending_drafts(actor)]


def test_saving_the_complaint_removes_its_draft_only(make: MakeComplaint, owner: Staff, clerk: Staff) -> None:
    drafts.save_draft(owner, drafts.QUICK_ENTRY, TYPED)
    drafts.save_draft(owner, drafts.CUSTOMER, {"name": "Ana"})
    drafts.save_draft(clerk, drafts.QUICK_ENTRY, {"summary": "Someone else's typing"})
    make(draft_form=drafts.QUICK_ENTRY)
    assert _drafts(owner) == [(drafts.CUSTOMER, {"name": "Ana"})]
    assert _drafts(clerk) == [(drafts.QUICK_ENTRY, {"summary": "Someone else's typing"})]


def test_a_refused_complaint_keeps_its_draft(make: MakeComplaint, owner: Staff) -> None:
    drafts.save_draft(owner, drafts.QUICK_ENTRY, TYPED)
    with pytest.raises(ValidationError):
        make(draft_form=drafts.QUICK_ENTRY, assigned_to_id=9999)  # refused inside the transaction
    assert _drafts(owner) == [(drafts.QUICK_ENTRY, TYPED)]
    assert Complaint.select().count() == 0


def _refuse_draft_removal() -> None:
    """The database itself refuses to delete drafts, as a failing write would."""
    if is_postgres():
        database.execute_sql("CREATE FUNCTION keep_drafts() RETURNS trigger LANGUAGE plpgsql AS"
                             " $$ BEGIN RAISE EXCEPTION 'drafts are kept'; END $$")
        database.execute_sql("CREATE TRIGGER keep_drafts BEFORE DELETE ON draft"
                             " FOR EACH ROW EXECUTE FUNCTION keep_drafts()")
    else:
        database.execute_sql("CREATE TRIGGER keep_drafts BEFORE DELETE ON draft"
                             " BEGIN SELECT RAISE(ABORT, 'drafts are kept'); END")


def test_a_draft_that_cannot_be_removed_saves_no_complaint(make: MakeComplaint, owner: Staff) -> None:
    drafts.save_draft(owner, drafts.QUICK_ENTRY, TYPED)
    _refuse_draft_removal()
    with pytest.raises(peewee.DatabaseError, match="drafts are kept"):
        make(draft_form=drafts.QUICK_ENTRY)
    assert Complaint.select().count() == 0  # saving again later logs it once
    assert _drafts(owner) == [(drafts.QUICK_ENTRY, TYPED)]
