"""Moving a complaint through its statuses; every change also writes a timeline step.

Statuses: open -> in progress <-> waiting on customer, any active status ->
escalated or resolved, resolved -> closed, resolved or closed -> reopened (in
progress).

Reopening: the complaint is unresolved again, so ``resolved_at`` and
``closed_at`` are cleared (it counts in the backlog and can be overdue), it no
longer counts as resolved at first contact, ``reopen_count`` goes up and it
gets a fresh due time from its category. ``outcome`` and compensation keep the
last agreed values until the next resolution replaces them; each resolution's
own figures stay on the timeline. So ``resolved_at`` is always the latest
resolution, which is what the metrics use.
"""

from __future__ import annotations

import datetime as dt
import logging
from decimal import Decimal

from smallcs import audit, clock, locale_format, settings
from smallcs.complaints.common import (
    add_timeline_step,
    clean_text,
    get_active_staff,
    get_complaint,
    parse_enum,
    to_cents,
    to_naive_utc,
)
from smallcs.complaints.intake import due_time
from smallcs.complaints.resolution_text import resolution_text
from smallcs.errors import ValidationError
from smallcs.i18n import N_, _
from smallcs.models import Category, Complaint, Staff, write_transaction
from smallcs.models.enums import Outcome, Role, Status, StepKind
from smallcs.permissions import require

log = logging.getLogger(__name__)

ACTIVE = frozenset({Status.OPEN, Status.IN_PROGRESS, Status.WAITING_ON_CUSTOMER,
                    Status.ESCALATED})
DONE = frozenset({Status.RESOLVED, Status.CLOSED})
# set_status moves between the everyday statuses only.
_MANUAL_MOVES: dict[Status, frozenset[Status]] = {
    Status.OPEN: frozenset({Status.IN_PROGRESS, Status.WAITING_ON_CUSTOMER}),
    Status.IN_PROGRESS: frozenset({Status.OPEN, Status.WAITING_ON_CUSTOMER}),
    Status.WAITING_ON_CUSTOMER: frozenset({Status.IN_PROGRESS}),
    Status.ESCALATED: frozenset({Status.IN_PROGRESS, Status.WAITING_ON_CUSTOMER}),
}
STATUS_NAMES = {
    Status.OPEN: N_("open"), Status.IN_PROGRESS: N_("in progress"),
    Status.WAITING_ON_CUSTOMER: N_("waiting on customer"), Status.ESCALATED: N_("escalated"),
    Status.RESOLVED: N_("resolved"), Status.CLOSED: N_("closed"),
}


def status_name(status: Status) -> str:
    """The status as the person at the counter reads it."""
    return _(STATUS_NAMES[Status(status)])


def is_overdue(complaint: Complaint, now: dt.datetime) -> bool:
    """True when the complaint is not resolved or closed and its due time has passed."""
    return (Status(complaint.status) not in DONE and complaint.due_at is not None
            and complaint.due_at < now)


def _refuse(complaint: Complaint, action: str) -> ValidationError:
    return ValidationError(
        _("Complaint {reference} is {status}, so it cannot be {action}.").format(
            reference=complaint.reference, status=status_name(Status(complaint.status)),
            action=action,
        ),
        field="status",
    )


def _write(actor: Staff, complaint: Complaint, action: str, changes: dict[str, object],
           kind: StepKind, text: str, detail: dict[str, object], now: dt.datetime) -> Complaint:
    """Update, add the step and audit; inside the caller's transaction."""
    changes["updated_at"] = now
    Complaint.update(changes).where(Complaint.id == complaint.id).execute()
    add_timeline_step(complaint.id, actor, kind, text, at=now)
    audit.record(actor, action, entity="complaint", entity_id=complaint.id, detail=detail)
    return Complaint.get_by_id(complaint.id)


def assign(actor: Staff, complaint_id: int, staff_id: int) -> Complaint:
    """Give the complaint to an active staff member (a no-op if it is theirs already).

    Raises:
        NotFound: no such complaint.
        ValidationError: a closed complaint or an unknown / disabled staff member.
    """
    now = clock.utcnow()
    with write_transaction():
        complaint = get_complaint(complaint_id, for_update=True)
        if complaint.status == Status.CLOSED:
            raise _refuse(complaint, _("reassigned"))
        target = get_active_staff(staff_id, field="assigned_to")
        if complaint.assigned_to_id == target.id:
            return complaint
        text = _("Assigned to {name}.").format(name=target.display_name)
        return _write(actor, complaint, "complaint.assign", {"assigned_to": target.id},
                      StepKind.NOTE, text, {"to": target.id}, now)


def set_status(actor: Staff, complaint_id: int, status: Status) -> Complaint:
    """Move between open, in progress and waiting on customer (a no-op if unchanged).

    Escalating, resolving, reopening and closing have their own functions.

    Raises:
        NotFound: no such complaint.
        ValidationError: a move that is not allowed from the current status.
    """
    target = parse_enum(Status, status, "status", _("Choose a status."))
    now = clock.utcnow()
    with write_transaction():
        complaint = get_complaint(complaint_id, for_update=True)
        current = Status(complaint.status)
        if current == target:
            return complaint
        if target not in _MANUAL_MOVES.get(current, frozenset()):
            raise ValidationError(
                _("A complaint that is {current} cannot be set to {target} here.").format(
                    current=status_name(current), target=status_name(target)),
                field="status",
            )
        text = _("Status changed to {status}.").format(status=status_name(target))
        return _write(actor, complaint, "complaint.status", {"status": target.value},
                      StepKind.NOTE, text, {"from": current.value, "to": target.value}, now)


def escalate(actor: Staff, complaint_id: int, *, to_staff_id: int, reason: str) -> Complaint:
    """Hand the complaint to a manager or owner, with the reason on the timeline.

    Raises:
        NotFound: no such complaint.
        ValidationError: no reason, a target who is not an active manager or
            owner, or a resolved / closed complaint.
    """
    reason = clean_text(reason, field="reason", label=_("Reason"), required=True)
    now = clock.utcnow()
    with write_transaction():
        complaint = get_complaint(complaint_id, for_update=True)
        if Status(complaint.status) not in ACTIVE:
            raise _refuse(complaint, _("escalated"))
        target = get_active_staff(to_staff_id, field="to_staff")
        if target.role not in (Role.MANAGER, Role.OWNER):
            raise ValidationError(
                _("Escalate to a manager or the owner; {name} is not one.").format(
                    name=target.display_name),
                field="to_staff",
            )
        text = _("Escalated to {name}: {reason}").format(name=target.display_name, reason=reason)
        return _write(actor, complaint, "complaint.escalate",
                      {"status": Status.ESCALATED.value, "assigned_to": target.id},
                      StepKind.ESCALATED, text, {"to": target.id}, now)


def resolve(
    actor: Staff,
    complaint_id: int,
    *,
    outcome: Outcome,
    compensation: Decimal = Decimal(0),
    note: str = "",
) -> Complaint:
    """Record the resolution: what was done and any money given.

    Args:
        actor: who resolved it.
        complaint_id: the complaint.
        outcome: refund, replacement, repair, ...
        compensation: the total agreed, in the shop's currency (two decimals at most).
        note: what was agreed, for the timeline.

    Raises:
        NotFound: no such complaint.
        ValidationError: already resolved or closed, or a bad amount or note.
    """
    outcome = parse_enum(Outcome, outcome, "outcome", _("Choose an outcome."))
    cents = to_cents(compensation)
    note = clean_text(note, field="note", label=_("Note"))
    now = clock.utcnow()
    with write_transaction():
        complaint = get_complaint(complaint_id, for_update=True)
        if Status(complaint.status) not in ACTIVE:
            raise _refuse(complaint, _("resolved"))
        text = resolution_text(note, outcome, cents)
        changes: dict[str, object] = {
            "status": Status.RESOLVED.value, "resolved_at": max(now, complaint.received_at),
            "outcome": outcome.value, "compensation_cents": cents,
        }
        return _write(actor, complaint, "complaint.resolve", changes, StepKind.RESOLVED, text,
                      {"outcome": outcome.value, "compensation_cents": cents}, now)


def reopen(actor: Staff, complaint_id: int, *, reason: str) -> Complaint:
    """Reopen a resolved or closed complaint; it counts as reopened (see module doc).

    Raises:
        NotFound: no such complaint.
        ValidationError: no reason, or the complaint is not resolved or closed.
    """
    require(actor, "complaint.reopen")
    reason = clean_text(reason, field="reason", label=_("Reason"), required=True)
    now = clock.utcnow()
    with write_transaction():
        complaint = get_complaint(complaint_id, for_update=True)
        if Status(complaint.status) not in DONE:
            raise _refuse(complaint, _("reopened"))
        category = Category.get_by_id(complaint.category_id)
        changes: dict[str, object] = {
            "status": Status.IN_PROGRESS.value, "resolved_at": None, "closed_at": None,
            "resolved_at_first_contact": False, "reopen_count": complaint.reopen_count + 1,
            "due_at": due_time(now, category.resolution_target_hours,
                               settings.get_profile().zone),
        }
        return _write(actor, complaint, "complaint.reopen", changes, StepKind.REOPENED, reason,
                      {"reopen_count": complaint.reopen_count + 1}, now)


def close(actor: Staff, complaint_id: int) -> Complaint:
    """Close a resolved complaint (nothing more to do).

    Raises:
        NotFound: no such complaint.
        ValidationError: the complaint is not resolved.
    """
    now = clock.utcnow()
    with write_transaction():
        complaint = get_complaint(complaint_id, for_update=True)
        if complaint.status != Status.RESOLVED:
            raise _refuse(complaint, _("closed"))
        return _write(actor, complaint, "complaint.close",
                      {"status": Status.CLOSED.value, "closed_at": now},
                      StepKind.NOTE, _("Closed."), {}, now)


def set_follow_up(actor: Staff, complaint_id: int, when: dt.datetime | None) -> Complaint:
    """Plan a follow-up (naive UTC or aware), or clear it with None.

    Raises:
        NotFound: no such complaint.
        ValidationError: a closed complaint or not a date and time.
    """
    moment = None if when is None else to_naive_utc(when, field="follow_up_at")
    now = clock.utcnow()
    with write_transaction():
        complaint = get_complaint(complaint_id, for_update=True)
        if complaint.status == Status.CLOSED:
            raise _refuse(complaint, _("followed up"))
        if complaint.follow_up_at == moment:
            return complaint
        if moment is None:
            text = _("Follow-up cancelled.")
        else:
            local = clock.to_local(moment, settings.get_profile().zone)
            text = _("Follow up on {when}.").format(when=locale_format.day_with_weekday(local.date()))
        return _write(actor, complaint, "complaint.follow_up", {"follow_up_at": moment},
                      StepKind.NOTE, text,
                      {"follow_up_at": moment.isoformat() if moment else None}, now)
