"""Indexes that let the month's figures read the month, not the shop's whole history.

The monthly report (and the dashboard) grew with the history because three
figures had no index for their period (bench/bench_report.py, issue #6):

* "Open at a moment" (the backlog and its age buckets, the 12-month "open at
  month end" sparkline, "overdue now") asks for complaints received before the
  moment and neither resolved nor closed by then. With only the ``received_at``
  index SQLite walked every complaint received before the moment. With
  ``complaint (resolved_at, received_at, closed_at, due_at)`` the same query is
  two ranges of this index alone: the unresolved complaints (``resolved_at IS
  NULL``) and those resolved at or after the moment; no row is read. It also
  serves every "resolved in the period" query as the ``resolved_at`` index did.
* Escalations in a period scanned every timeline step: ``resolution_step
  (kind, at)``.
* The response rate scanned every card for those printed in the period:
  ``survey_card (printed_at)``.

Plain SQL on purpose: a migration must not depend on the live models.
"""

INDEXES = (
    ("complaint_resolved_at_received_at_closed_at_due_at", "complaint (resolved_at, received_at, closed_at, due_at)"),
    ("resolutionstep_kind_at", "resolution_step (kind, at)"),
    ("surveycard_printed_at", "survey_card (printed_at)"),
)


def up(migrator, db):
    for name, columns in INDEXES:
        db.execute_sql(f"CREATE INDEX IF NOT EXISTS {name} ON {columns}")


def down(migrator, db):
    for name, _columns in INDEXES:
        db.execute_sql(f"DROP INDEX IF EXISTS {name}")
