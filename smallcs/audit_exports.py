"""Data taken out of the database: the one audit event each export leaves.

Every export (the complaint list or the survey answers as CSV, everything held on
one customer, the monthly report, a complaint's receipt) is written beside its target and renamed into
place by ``publish``, which records the export's event in the same write
transaction: a failed rename rolls the event back, so the log never claims a file
that was not written.

What the events hold: who (None for the command line without ``--as``, shown as
"command line", like the other commands that act for the file's owner), what
(the action, the month of a report, which filters narrowed a list) and how many
rows. Never the data itself, and never the file's name or folder: a name typed
at the counter ("complaints Ana Gómez.csv") can carry a person's name, and the
audit log keeps what it is given for good.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sized

from smallcs import audit
from smallcs.models import AuditEvent, Staff, write_transaction

# Every export action ends in ".export"; the audit log viewer shows them together.
EXPORT_SUFFIX = ".export"
COMPLAINT_LIST = "complaint.export"
SURVEY_ANSWERS = "surveys.export"
CUSTOMER_DATA = "customer.export"
MONTHLY_REPORT = "report.export"
RECEIPT = "receipt.export"  # one complaint's receipt, saved as a PDF or printed for the customer


def is_export(action: str) -> bool:
    """True for an action that records data taken out of the database."""
    return action.endswith(EXPORT_SUFFIX)


def publish(partial: str | os.PathLike[str], target: str | os.PathLike[str],
            record: Callable[[], object]) -> None:
    """Rename the finished ``partial`` file to ``target`` and ``record`` its event, in one transaction.

    ``record`` runs first, inside the transaction; if the rename then fails, the
    event is rolled back with it and the OSError reaches the caller.
    """
    with write_transaction():
        record()
        os.replace(partial, target)


def record_report(actor: Staff | None, month: str, *, staff: Sized | None, comments: Sized | None) -> AuditEvent:
    """The event of one monthly report; call inside ``publish``.

    Args:
        actor: who made it; None for the command line.
        month: ``YYYY-MM``.
        staff: the report's staff section, one line per person; None when it has
            none (only an owner's report, or the command line's, carries one).
        comments: the customers' comments printed in it; None when left out.
    """
    detail: dict[str, object] = {"staff_section": staff is not None, "comments": len(comments or ())}
    if staff is not None:
        detail["people"] = len(staff)
    return audit.record(actor, MONTHLY_REPORT, entity="report", entity_id=month, detail=detail)


def record_receipt(actor: Staff, complaint_id: int, *, to: str, layout: str) -> AuditEvent:
    """The event of one complaint receipt; call inside ``publish`` (``to`` "pdf") or after printing.

    Args:
        to: ``pdf`` or ``printer``.
        layout: the receipt's paper (``sheet`` or a receipt strip).
    """
    return audit.record(actor, RECEIPT, entity="complaint", entity_id=complaint_id,
                        detail={"to": to, "layout": layout})
