"""Drafts: the unsaved text of an open form, kept so a crash or power cut loses nothing.

One draft per staff member and form (``quick_entry`` for the complaint form): the
form overwrites it every few seconds while someone types and deletes it once the
complaint is saved or deliberately discarded. Autosaves are not audited: they
hold no decision, only keystrokes, and would bury the audit log under one event
every few seconds; the complaint that is finally saved is audited as usual.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
from typing import Any

from smallcs import clock
from smallcs.models import Draft, Staff, write_transaction

log = logging.getLogger(__name__)

QUICK_ENTRY = "quick_entry"
MAX_DRAFT_CHARS = 200_000


@dataclasses.dataclass(frozen=True)
class PendingDraft:
    """A draft found after log-in: whose, which form, when, and the typed values."""

    form: str
    updated_at: dt.datetime
    data: dict[str, Any]


def save_draft(actor: Staff, form: str, data: dict[str, Any]) -> None:
    """Keep ``data`` (JSON-serialisable) as ``actor``'s draft of ``form``, replacing the last one."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)[:MAX_DRAFT_CHARS]
    with write_transaction():
        Draft.insert(staff=actor.id, form=form, data=text, updated_at=clock.utcnow()).on_conflict(
            conflict_target=[Draft.staff, Draft.form],
            update={Draft.data: text, Draft.updated_at: clock.utcnow()},
        ).execute()


def discard_draft(actor: Staff, form: str) -> None:
    """Forget ``actor``'s draft of ``form`` (saved, or discarded on purpose)."""
    with write_transaction():
        Draft.delete().where((Draft.staff == actor.id) & (Draft.form == form)).execute()


def pending_drafts(actor: Staff) -> list[PendingDraft]:
    """``actor``'s drafts left behind by a crash or a closed window, newest first."""
    found = []
    for draft in Draft.select().where(Draft.staff == actor.id).order_by(Draft.updated_at.desc()):
        try:
            data = json.loads(draft.data)
        except ValueError:
            log.warning("draft %s of %s is unreadable; ignoring it", draft.form, actor.username)
            continue
        if isinstance(data, dict):
            found.append(PendingDraft(form=draft.form, updated_at=draft.updated_at, data=data))
    return found
