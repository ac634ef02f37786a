"""On SQLite, storing a single-use card's answer marks the card answered.

The survey server stores an answer in one statement, an insert guarded by
"this card is not answered yet", so that the process's write lock is held for
one call into SQLite instead of four (BEGIN, mark, insert, COMMIT; see
``models.base.execute_write``). This trigger makes the card's mark part of that
statement: the answer and the mark land together or not at all. The card is
answered when its answer was submitted (a CSV import's answers keep their time).

PostgreSQL keeps marking the card in the answer's transaction (row locks make
that cheap there; an insert guarded by a read would not be safe under its
READ COMMITTED isolation), so there is nothing to do there.

Plain SQL on purpose: a migration must not depend on the live models.
"""
from peewee import SqliteDatabase

SQLITE_UP = """CREATE TRIGGER IF NOT EXISTS survey_response_marks_card AFTER INSERT ON survey_response
    WHEN NEW.card_id IS NOT NULL
    BEGIN
        UPDATE survey_card SET answered_at = NEW.submitted_at
        WHERE id = NEW.card_id AND kind = 'single' AND answered_at IS NULL;
    END"""
SQLITE_DOWN = "DROP TRIGGER IF EXISTS survey_response_marks_card"


def up(migrator, db):
    if isinstance(db, SqliteDatabase):
        db.execute_sql(SQLITE_UP)


def down(migrator, db):
    if isinstance(db, SqliteDatabase):
        db.execute_sql(SQLITE_DOWN)
