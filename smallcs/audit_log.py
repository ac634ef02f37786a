"""Reading the audit trail (owner only): who did what and when, newest first, a page at a time."""

from __future__ import annotations

import dataclasses
import datetime as dt

from peewee import JOIN, ModelSelect

from smallcs import settings
from smallcs.audit_exports import EXPORT_SUFFIX, is_export
from smallcs.audit_wording import Event, Names, describe, parse_facts
from smallcs.i18n import _
from smallcs.models import AuditEvent, Category, Complaint, Staff, Survey
from smallcs.permissions import require

MAX_PAGE = 1000
# A family of its own making: every export (``complaint.export``, ``report.export``…), data taken out.
EXPORTS = "export"


@dataclasses.dataclass(frozen=True)
class AuditFilter:
    """Which events to show; every field narrows the list (None or empty: no limit).

    ``since``/``until`` are naive UTC, ``until`` exclusive; ``action`` matches a
    whole action or a family (``complaint`` matches ``complaint.resolve``, and
    ``export`` every export, whatever it took out);
    ``text`` is looked for in the record and the details, ignoring case (a complaint's
    reference finds all the complaint's events).
    """

    staff_id: int | None = None
    action: str = ""
    since: dt.datetime | None = None
    until: dt.datetime | None = None
    text: str = ""


@dataclasses.dataclass(frozen=True)
class AuditRow:
    """One event as the log viewer shows it (``at`` naive UTC)."""

    id: int
    at: dt.datetime
    who: str  # the person's display name; empty for the command line
    action: str  # the code, as stored (``complaint.resolve``)
    entity: str
    entity_id: str
    detail: str  # the JSON facts, as stored
    sentence: str = ""  # the event in words, in the app's language ("Resolved complaint C-2026-0012 (Refund)")


def _where(flt: AuditFilter) -> list[object]:
    conditions: list[object] = []
    if flt.staff_id is not None:
        conditions.append(AuditEvent.staff == flt.staff_id)
    if flt.action:
        family = (AuditEvent.action == flt.action) | AuditEvent.action.startswith(flt.action + ".")
        if flt.action == EXPORTS:
            family |= AuditEvent.action.endswith(EXPORT_SUFFIX)
        conditions.append(family)
    if flt.since is not None:
        conditions.append(AuditEvent.at >= flt.since)
    if flt.until is not None:
        conditions.append(AuditEvent.at < flt.until)
    text = flt.text.strip()
    if text:
        # peewee's contains() escapes the typed wildcards and ignores case (ILIKE / LIKE).
        haystack = AuditEvent.entity.concat(" ").concat(AuditEvent.entity_id).concat(" ").concat(
            AuditEvent.detail)
        found = haystack.contains(text)
        # A complaint's reference finds every event of that complaint: the log shows the
        # reference, but after the first event it stores only the complaint's number.
        complaint = Complaint.get_or_none(Complaint.reference == text.upper())
        if complaint is not None:
            found |= (AuditEvent.entity == "complaint") & (AuditEvent.entity_id == str(complaint.id))
        conditions.append(found)
    return conditions


def _query(flt: AuditFilter) -> ModelSelect:
    query = (AuditEvent.select(AuditEvent.id, AuditEvent.at, AuditEvent.action, AuditEvent.entity,
                               AuditEvent.entity_id, AuditEvent.detail, Staff.display_name.alias("who"))
             .join(Staff, JOIN.LEFT_OUTER))
    for condition in _where(flt):
        query = query.where(condition)
    return query


def count_events(actor: Staff, flt: AuditFilter) -> int:
    """How many events ``flt`` selects (owner only)."""
    require(actor, "audit.view")
    return _query(flt).count()


def fetch_events(actor: Staff, flt: AuditFilter, *, offset: int = 0, limit: int = 200) -> list[AuditRow]:
    """A page of the events ``flt`` selects, newest first (owner only).

    Raises:
        PermissionDenied: the actor is not an owner.
        ValueError: a negative offset or a page size outside 1..1000 (a programming error).
    """
    require(actor, "audit.view")
    if offset < 0 or not 0 < limit <= MAX_PAGE:
        raise ValueError(f"bad page: offset {offset}, limit {limit}")
    rows = _query(flt).order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).offset(offset).limit(limit)
    events = [(r, Event(r["action"], r["entity"], r["entity_id"], parse_facts(r["detail"]))) for r in rows.dicts()]
    names = names_for([event for _row, event in events])
    return [AuditRow(id=r["id"], at=r["at"], who=r["who"] or _("command line"), action=r["action"],
                     entity=r["entity"], entity_id=r["entity_id"], detail=r["detail"],
                     sentence=describe(event, names))
            for r, event in events]


def _ids(values: list[object]) -> set[int]:
    return {int(v) for v in values if isinstance(v, int) or (isinstance(v, str) and v.isdigit())}


def names_for(events: list[Event]) -> Names:
    """The current names of the complaints, people, surveys and categories ``events`` point at.

    One query per kind of record for a whole page; the stored events keep only numbers.
    """
    def touched(entity: str) -> set[int]:
        return _ids([e.entity_id for e in events if e.entity == entity])

    complaints, surveys, categories = touched("complaint"), touched("survey"), touched("category")
    people = touched("staff") | _ids([e.facts.get("to") for e in events if e.entity == "complaint"])
    staff = list(Staff.select(Staff.id, Staff.display_name, Staff.username).where(Staff.id.in_(people))) \
        if people else []
    return Names(
        complaints=dict(Complaint.select(Complaint.id, Complaint.reference)
                        .where(Complaint.id.in_(complaints)).tuples()) if complaints else {},
        staff={s.id: s.display_name for s in staff},
        usernames={s.id: s.username for s in staff},
        surveys=dict(Survey.select(Survey.id, Survey.name).where(Survey.id.in_(surveys)).tuples()) if surveys else {},
        categories=dict(Category.select(Category.id, Category.name).where(Category.id.in_(categories)).tuples())
        if categories else {},
        zone=settings.get_profile().zone,
    )


def recorded_actions() -> list[str]:
    """Every action code on record, sorted (for the filter menu's single kinds of event)."""
    return sorted(row.action for row in AuditEvent.select(AuditEvent.action).distinct())


def action_families() -> list[str]:
    """The first part of every action on record (``complaint``, ``login``…), for a filter menu,
    and ``export`` once anything has been exported."""
    actions = [row.action for row in AuditEvent.select(AuditEvent.action).distinct()]
    families = {action.split(".")[0] for action in actions}
    if any(map(is_export, actions)):
        families.add(EXPORTS)
    return sorted(families)
