"""Each survey card remembers the language it was printed in.

A card is printed in one language chosen when printing (the questions, the
instructions and the tick boxes). Answers keyed in from a paper card are stored
in that language; before this, they took the survey's first language, which
the card may not have been printed in. Cards printed before this migration have
no language (NULL) and keep that fallback.

Plain SQL on purpose: a migration must not depend on the live models.
"""

UP = "ALTER TABLE survey_card ADD COLUMN language VARCHAR(12)"
DOWN = "ALTER TABLE survey_card DROP COLUMN language"


def _has_column(db):
    return any(column.name == "language" for column in db.get_columns("survey_card"))


def up(migrator, db):
    if not _has_column(db):  # SQLite has no ADD COLUMN IF NOT EXISTS; a rerun must pass
        db.execute_sql(UP)


def down(migrator, db):
    if _has_column(db):
        db.execute_sql(DOWN)
