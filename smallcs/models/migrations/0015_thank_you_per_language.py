"""A survey's thank-you text in each of its languages.

``survey.thank_you_text`` stays the text in the survey's first language, shown
in any language that has none of its own; ``survey.thank_you_translations``
(a JSON object, language code -> text) holds the others. Before, a Spanish
customer of an English-first survey read the shop's English words under
"¡Gracias!".

On PostgreSQL the survey server reads a survey only through
``survey_card_by_token``, so the function returns the new column too. Its
result cannot change in place: it is dropped and created again as migration
0011 does it (same owner, SECURITY DEFINER, fixed ``search_path``, EXECUTE
revoked from PUBLIC and granted again to the accounts that held it). Applying
it again is harmless. SQLite has no functions: the column is all.

Plain SQL on purpose: a migration must not depend on the live models.
"""
from peewee import PostgresqlDatabase

CARD_BY_TOKEN = "survey_card_by_token(text)"
ADD = "ALTER TABLE survey ADD COLUMN thank_you_translations TEXT NOT NULL DEFAULT '{}'"
DROP = "ALTER TABLE survey DROP COLUMN thank_you_translations"


def _card_by_token(path: str, *, with_translations: bool) -> str:
    """The function's definition: with the translations (this migration) or without (0011's)."""
    column = " thank_you_translations text," if with_translations else ""
    value = " s.thank_you_translations," if with_translations else ""
    return f"""CREATE FUNCTION survey_card_by_token(card_token text)
        RETURNS TABLE (card_id integer, card_survey_id integer, token varchar, kind varchar,
                       expires_at timestamp, answered_at timestamp, card_language varchar,
                       card_for_complaint boolean, survey_id integer, questions text, languages text,
                       thank_you_text text,{column} colour varchar, active boolean)
        LANGUAGE plpgsql STABLE STRICT SECURITY DEFINER ROWS 1
        SET search_path = {path}
        AS $$
        BEGIN
            -- Columns named in full: the result's names are variables here.
            RETURN QUERY
            SELECT c.id, c.survey_id, c.token, c.kind, c.expires_at, c.answered_at, c.language,
                   c.complaint_id IS NOT NULL, s.id, s.questions, s.languages, s.thank_you_text,{value}
                   s.colour, s.active
            FROM survey_card c JOIN survey s ON s.id = c.survey_id
            WHERE c.token = card_token;
        END
        $$"""


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _has_column(db) -> bool:
    return any(column.name == "thank_you_translations" for column in db.get_columns("survey"))


def _executors(db) -> list[tuple[str, bool]]:
    """Who may execute the function now besides its owner and PUBLIC: (account, with grant option)."""
    return [(str(name), bool(grantable)) for name, grantable in db.execute_sql(
        "SELECT a.grantee::regrole::text, a.is_grantable"
        " FROM pg_proc p, aclexplode(p.proacl) a"
        " WHERE p.oid = to_regprocedure(%s) AND a.privilege_type = 'EXECUTE'"
        " AND a.grantee <> 0 AND a.grantee <> p.proowner ORDER BY 1", (CARD_BY_TOKEN,)).fetchall()]


def _recreate(db, *, with_translations: bool) -> None:
    """Drop the function and create it in the wanted shape, with the same owner and executors."""
    schema, owner = db.execute_sql(
        "SELECT n.nspname, pg_get_userbyid(c.relowner) FROM pg_class c"
        " JOIN pg_namespace n ON n.oid = c.relnamespace"
        " WHERE c.oid = to_regclass('survey_card')").fetchone()
    executors = _executors(db)
    db.execute_sql(f"DROP FUNCTION IF EXISTS {CARD_BY_TOKEN}")
    db.execute_sql(_card_by_token(f"pg_catalog, {_ident(schema)}, pg_temp", with_translations=with_translations))
    db.execute_sql(f"ALTER FUNCTION {CARD_BY_TOKEN} OWNER TO {_ident(owner)}")
    db.execute_sql(f"REVOKE ALL ON FUNCTION {CARD_BY_TOKEN} FROM PUBLIC")
    for account, grantable in executors:
        option = " WITH GRANT OPTION" if grantable else ""
        db.execute_sql(f"GRANT EXECUTE ON FUNCTION {CARD_BY_TOKEN} TO {account}{option}")


def up(migrator, db):
    if isinstance(db, PostgresqlDatabase):
        # IF NOT EXISTS rather than a look at the columns, which would search the public schema only.
        db.execute_sql(ADD.replace("ADD COLUMN", "ADD COLUMN IF NOT EXISTS"))
        _recreate(db, with_translations=True)
    elif not _has_column(db):  # SQLite has no ADD COLUMN IF NOT EXISTS; a rerun must pass
        db.execute_sql(ADD)


def down(migrator, db):
    if isinstance(db, PostgresqlDatabase):
        _recreate(db, with_translations=False)
        db.execute_sql(DROP.replace("DROP COLUMN", "DROP COLUMN IF EXISTS"))
    elif _has_column(db):
        db.execute_sql(DROP)
