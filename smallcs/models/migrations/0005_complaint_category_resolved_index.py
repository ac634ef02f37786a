"""Index complaints by category and resolution time.

Resolution figures per category (the report's "by category" table, the
dashboard filtered by a category) pick the complaints of one category resolved
in a period. Without this index SQLite walks every complaint the category ever
had (the category index) instead of the period's, so the report grew with the
shop's history (bench/bench_report.py, issue #6). It mirrors the existing
(category, received_at) index.

Plain SQL on purpose: a migration must not depend on the live models.
"""

UP = "CREATE INDEX IF NOT EXISTS complaint_category_id_resolved_at ON complaint (category_id, resolved_at)"
DOWN = "DROP INDEX IF EXISTS complaint_category_id_resolved_at"


def up(migrator, db):
    db.execute_sql(UP)


def down(migrator, db):
    db.execute_sql(DOWN)
