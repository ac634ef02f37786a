"""The audit trail: every log-in, lock and write leaves one append-only event."""

from __future__ import annotations

import json
from typing import Any

from smallcs import clock
from smallcs.models import AuditEvent, Staff, write_transaction

DENIED = "permission.denied"  # a service refused an action to the person's role


def record(
    actor: Staff | None,
    action: str,
    *,
    entity: str = "",
    entity_id: object = "",
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one audit event; call inside the transaction of the write it records.

    Args:
        actor: who acted; None for the command line before any account exists.
        action: a short dotted verb such as ``staff.create`` or ``login.failed``.
        entity: the kind of record touched, e.g. ``complaint``.
        entity_id: that record's id or reference.
        detail: small JSON-serialisable facts (never passwords).
    """
    return AuditEvent.create(
        at=clock.utcnow(),
        staff=actor,
        action=action,
        entity=entity,
        entity_id=str(entity_id),
        detail=json.dumps(detail or {}, ensure_ascii=False, sort_keys=True),
    )


def record_denial(actor: Staff, action: str) -> AuditEvent:
    """Append the event of a refused ``action``, in a transaction of its own.

    Unlike ``record``, call it outside the refused call's transaction (see
    ``permissions.require``): that transaction is rolled back, the event must stay.
    """
    detail: dict[str, Any] = {"action": action, "role": actor.role}
    if not actor.active:
        detail["disabled"] = True
    with write_transaction():
        return record(actor, DENIED, entity="staff", entity_id=actor.id, detail=detail)
