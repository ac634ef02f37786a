"""Export the complaints a filter selects to CSV, safely and in bounded memory.

Rows are read a page at a time with keyset paging (newest first), so a year
of complaints never sits in memory at once; smallcs.csv_export neutralises
formulas and writes the file atomically. The list holds every customer's name
and complaint, so exporting it is a manager's or owner's action, and each
export leaves one ``complaint.export`` event (smallcs.audit_exports).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import os
from collections.abc import Iterator
from typing import Any
from zoneinfo import ZoneInfo

from peewee import JOIN, Select, Tuple

from smallcs import audit, clock, settings
from smallcs.audit_exports import COMPLAINT_LIST
from smallcs.complaints.common import from_cents
from smallcs.complaints.queries import ComplaintFilter, filter_conditions
from smallcs.complaints.workflow import DONE
from smallcs.csv_export import write_csv
from smallcs.i18n import _
from smallcs.models import Category, Complaint, Customer, Staff
from smallcs.permissions import require

log = logging.getLogger(__name__)

PAGE_SIZE = 500
_Assigned = Staff.alias("assigned")


def _headers() -> list[str]:
    return [
        _("Reference"), _("Received"), _("Channel"), _("Customer"), _("Category"),
        _("Priority"), _("Status"), _("Assigned to"), _("Summary"), _("Description"),
        _("Desired outcome"), _("Order reference"), _("First response"), _("Due"),
        _("Overdue"), _("Resolved"), _("Resolved at first contact"), _("Outcome"),
        _("Compensation"), _("Reopened"), _("Closed"), _("Follow up on"),
    ]


def _local(moment: dt.datetime | None, zone: ZoneInfo) -> str:
    return "" if moment is None else clock.to_local(moment, zone).strftime("%Y-%m-%d %H:%M")


def _query(flt: ComplaintFilter, now: dt.datetime) -> Select:
    query = (
        Complaint.select(
            Complaint, Customer.name.alias("customer_name"), Category.name.alias("category_name"),
            _Assigned.display_name.alias("assigned_name"),
        )
        .join_from(Complaint, Customer, JOIN.LEFT_OUTER)
        .join_from(Complaint, Category, JOIN.LEFT_OUTER)
        .join_from(Complaint, _Assigned, JOIN.LEFT_OUTER,
                   on=(Complaint.assigned_to == _Assigned.id))
    )
    for condition in filter_conditions(flt, now):
        query = query.where(condition)
    return query


def _cells(c: dict[str, Any], zone: ZoneInfo, now: dt.datetime) -> list[object]:
    overdue = c["status"] not in DONE and c["due_at"] is not None and c["due_at"] < now
    cents = c["compensation_cents"]
    values: list[object] = [
        c["reference"], _local(c["received_at"], zone), c["channel"], c["customer_name"],
        c["category_name"], c["priority"], c["status"], c["assigned_name"],
        c["summary"], c["description"], c["desired_outcome"], c["order_reference"],
        _local(c["first_response_at"], zone), _local(c["due_at"], zone),
        _("yes") if overdue else "", _local(c["resolved_at"], zone),
        _("yes") if c["resolved_at_first_contact"] else "", c["outcome"],
        from_cents(cents) if cents else "", c["reopen_count"] or "",
        _local(c["closed_at"], zone), _local(c["follow_up_at"], zone),
    ]
    return values


def _rows(flt: ComplaintFilter, zone: ZoneInfo, now: dt.datetime) -> Iterator[list[object]]:
    """The selected complaints, newest first, read a page at a time (keyset paging)."""
    base = _query(flt, now)
    last: tuple[dt.datetime, int] | None = None
    while True:
        page = base
        if last is not None:
            page = page.where(Tuple(Complaint.received_at, Complaint.id) < Tuple(*last))
        rows = list(page.order_by(Complaint.received_at.desc(), Complaint.id.desc())
                    .limit(PAGE_SIZE).dicts())
        for complaint in rows:
            yield _cells(complaint, zone, now)
        if len(rows) < PAGE_SIZE:
            return
        last = (rows[-1]["received_at"], rows[-1]["id"])


# The audit event names the filters of ComplaintFilter in the list's words.
_FILTER_NAMES = {"statuses": "status", "category_ids": "category", "channels": "channel",
                 "assigned_to_id": "assigned to", "customer_id": "customer", "received_from": "received from",
                 "received_to": "received to", "overdue_only": "overdue", "follow_up_due_by": "follow-ups due",
                 "text": "search"}


def _narrowed_by(flt: ComplaintFilter) -> list[str]:
    """The filters that narrowed the list, for the audit event: never their values (a search may
    be a customer's name)."""
    return [_FILTER_NAMES.get(field.name, field.name) for field in dataclasses.fields(flt)
            if getattr(flt, field.name) not in ("", (), None, False)]


def export_complaints_csv(flt: ComplaintFilter, path: str | os.PathLike[str], *, actor: Staff | None) -> int:
    """Write the complaints ``flt`` selects to ``path`` as CSV, newest first.

    Times are in the shop's time zone; compensation is a plain decimal number.

    Args:
        flt: the list's current filter (a saved view, a search, ...).
        path: the CSV file to write (replaced if it exists).
        actor: the manager or owner exporting; None for the command line run by the
            database file's owner (docs/security.md, "The command line").

    Returns:
        The number of complaints written.

    Raises:
        PermissionDenied: the actor is staff; nothing is written.
        ValidationError: the file cannot be written there.
    """
    if actor is not None:
        require(actor, "complaint.export")
    filters = _narrowed_by(flt)
    narrowed = {"filters": filters} if filters else {}  # none: the whole list
    rows = _rows(flt, settings.get_profile().zone, clock.utcnow())
    written = write_csv(path, _headers(), rows, record=lambda n: audit.record(
        actor, COMPLAINT_LIST, entity="complaint", detail={"complaints": n, **narrowed}))
    log.info("exported %d complaints to CSV", written)
    return written
