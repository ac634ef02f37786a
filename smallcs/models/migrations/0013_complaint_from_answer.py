"""A complaint made from a survey answer remembers that answer.

On the Surveys page a low-score answer becomes a complaint ("Make a complaint from this
answer…"). The answer then shows the complaint made from it, and is not offered for a
second one: before this, nothing tied the two, so a second person could log the same
unhappy customer again. ``complaint.from_response_id`` is that answer (NULL for every
other complaint), indexed for the answers list.

Plain SQL on purpose: a migration must not depend on the live models.
"""

UP = ("ALTER TABLE complaint ADD COLUMN from_response_id INTEGER NULL"
      " REFERENCES survey_response (id)")
INDEX = "CREATE INDEX IF NOT EXISTS complaint_from_response_id ON complaint (from_response_id)"
DOWN = ("DROP INDEX IF EXISTS complaint_from_response_id", "ALTER TABLE complaint DROP COLUMN from_response_id")


def _has_column(db):
    return any(column.name == "from_response_id" for column in db.get_columns("complaint"))


def up(migrator, db):
    if not _has_column(db):  # SQLite has no ADD COLUMN IF NOT EXISTS; a rerun must pass
        db.execute_sql(UP)
    db.execute_sql(INDEX)


def down(migrator, db):
    if _has_column(db):
        for statement in DOWN:
            db.execute_sql(statement)
