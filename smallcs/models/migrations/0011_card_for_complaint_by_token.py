"""On PostgreSQL, ``survey_card_by_token`` also says whether a card was printed for a complaint.

The survey page asks "May we contact you?" only on such a card: the shop then
knows the customer (a poster or a card for no one in particular gives it no way
to contact anyone). The survey server's restricted account reads a card only
through this function, so the function returns that fact too, as a boolean:
which complaint stays out of the survey server's reach.

Done as migration 0010 did it: the function is dropped and created again in
this migration's transaction, with the same owner, SECURITY DEFINER, fixed
``search_path``, EXECUTE revoked from PUBLIC, and EXECUTE granted again to the
accounts that held it. Applying it again is harmless. SQLite has no functions:
nothing to do.

Plain SQL on purpose: a migration must not depend on the live models.
"""
from peewee import PostgresqlDatabase

CARD_BY_TOKEN = "survey_card_by_token(text)"


def _card_by_token(path: str, *, with_complaint: bool) -> str:
    """The function's definition: with the complaint flag (this migration) or without (0010's)."""
    complaint_column = " card_for_complaint boolean," if with_complaint else ""
    complaint_value = " c.complaint_id IS NOT NULL," if with_complaint else ""
    return f"""CREATE FUNCTION survey_card_by_token(card_token text)
        RETURNS TABLE (card_id integer, card_survey_id integer, token varchar, kind varchar,
                       expires_at timestamp, answered_at timestamp, card_language varchar,{complaint_column}
                       survey_id integer, questions text, languages text, thank_you_text text,
                       colour varchar, active boolean)
        LANGUAGE plpgsql STABLE STRICT SECURITY DEFINER ROWS 1
        SET search_path = {path}
        AS $$
        BEGIN
            -- Columns named in full: the result's names are variables here.
            RETURN QUERY
            SELECT c.id, c.survey_id, c.token, c.kind, c.expires_at, c.answered_at, c.language,{complaint_value}
                   s.id, s.questions, s.languages, s.thank_you_text, s.colour, s.active
            FROM survey_card c JOIN survey s ON s.id = c.survey_id
            WHERE c.token = card_token;
        END
        $$"""


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _executors(db) -> list[tuple[str, bool]]:
    """Who may execute the function now besides its owner and PUBLIC: (account, with grant option)."""
    return [(str(name), bool(grantable)) for name, grantable in db.execute_sql(
        "SELECT a.grantee::regrole::text, a.is_grantable"
        " FROM pg_proc p, aclexplode(p.proacl) a"
        " WHERE p.oid = to_regprocedure(%s) AND a.privilege_type = 'EXECUTE'"
        " AND a.grantee <> 0 AND a.grantee <> p.proowner ORDER BY 1", (CARD_BY_TOKEN,)).fetchall()]


def _recreate(db, *, with_complaint: bool) -> None:
    """Drop the function and create it in the wanted shape, with the same owner and executors."""
    schema, owner = db.execute_sql(
        "SELECT n.nspname, pg_get_userbyid(c.relowner) FROM pg_class c"
        " JOIN pg_namespace n ON n.oid = c.relnamespace"
        " WHERE c.oid = to_regclass('survey_card')").fetchone()
    executors = _executors(db)
    db.execute_sql(f"DROP FUNCTION IF EXISTS {CARD_BY_TOKEN}")
    db.execute_sql(_card_by_token(f"pg_catalog, {_ident(schema)}, pg_temp", with_complaint=with_complaint))
    db.execute_sql(f"ALTER FUNCTION {CARD_BY_TOKEN} OWNER TO {_ident(owner)}")
    db.execute_sql(f"REVOKE ALL ON FUNCTION {CARD_BY_TOKEN} FROM PUBLIC")
    for account, grantable in executors:
        option = " WITH GRANT OPTION" if grantable else ""
        db.execute_sql(f"GRANT EXECUTE ON FUNCTION {CARD_BY_TOKEN} TO {account}{option}")


def up(migrator, db):
    if isinstance(db, PostgresqlDatabase):
        _recreate(db, with_complaint=True)


def down(migrator, db):
    if isinstance(db, PostgresqlDatabase):
        _recreate(db, with_complaint=False)
