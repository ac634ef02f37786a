"""Complaints from the counter to resolution: the service API the UI, CLI and reports call.

Split by concern: ``intake`` (logging a complaint), ``timeline`` (append-only
steps and suggested steps), ``workflow`` (status changes), ``queries`` (the
list, saved views, follow-ups), ``search`` (full-text) and ``export`` (CSV).
"""

from typing import TYPE_CHECKING

from smallcs.complaints.common import (
    CategoryId,
    ComplaintId,
    StaffId,
    compensation,
    from_cents,
    get_complaint,
    to_cents,
)
from smallcs.complaints.intake import create_complaint, due_time
from smallcs.complaints.queries import (
    SORT_KEYS,
    ComplaintFilter,
    ComplaintRow,
    count_complaints,
    fetch_complaints,
    follow_up_count,
    follow_ups,
    follow_ups_due,
    my_open,
    overdue,
    waiting_on_customer,
)
from smallcs.complaints.search import fts5_query
from smallcs.complaints.timeline import (
    CUSTOMER_FACING,
    SuggestedStep,
    add_step,
    apply_suggestion,
    set_suggested_steps,
    steps_of,
    suggested_steps,
)
from smallcs.complaints.workflow import (
    assign,
    close,
    escalate,
    is_overdue,
    reopen,
    resolve,
    set_follow_up,
    set_status,
    status_name,
)

if TYPE_CHECKING:
    from smallcs.complaints.export import export_complaints_csv


def __getattr__(name: str) -> object:
    """``export_complaints_csv`` is loaded, with the CSV writer, when first used: the desk that
    offers it is built while someone waits for the first window, and few open it."""
    if name == "export_complaints_csv":
        from smallcs.complaints.export import export_complaints_csv

        return export_complaints_csv
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "CUSTOMER_FACING",
    "SORT_KEYS",
    "CategoryId",
    "ComplaintFilter",
    "ComplaintId",
    "ComplaintRow",
    "StaffId",
    "SuggestedStep",
    "add_step",
    "apply_suggestion",
    "assign",
    "close",
    "compensation",
    "count_complaints",
    "create_complaint",
    "due_time",
    "escalate",
    "export_complaints_csv",
    "fetch_complaints",
    "follow_up_count",
    "follow_ups",
    "follow_ups_due",
    "from_cents",
    "fts5_query",
    "get_complaint",
    "is_overdue",
    "my_open",
    "overdue",
    "reopen",
    "resolve",
    "set_follow_up",
    "set_status",
    "set_suggested_steps",
    "status_name",
    "steps_of",
    "suggested_steps",
    "to_cents",
    "waiting_on_customer",
]
