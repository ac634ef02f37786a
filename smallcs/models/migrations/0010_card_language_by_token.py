"""On PostgreSQL, ``survey_card_by_token`` also returns the language a card was printed in.

A customer's survey page opens in the language of the card in their hand
(migration 0009 keeps it). On PostgreSQL every connection, the survey server's
restricted account included, reads a card only through the SECURITY DEFINER
function of migration 0008, so the function must return that column too.

PostgreSQL cannot change a function's result columns with ``CREATE OR
REPLACE``: the function is dropped and created again, in this migration's
transaction (a survey page being served meanwhile still finds the old one
until it commits). Dropping a function drops its privileges with it, so the
accounts that could execute it (the survey server's account of ``smallcs db
survey-role``, or any granted by hand) are read from its ACL first and granted
EXECUTE again, as they held it. Everything else is as migration 0008 made it:
SECURITY DEFINER, a fixed ``search_path`` (``pg_catalog``, the tables' schema,
``pg_temp`` last), owned by the owner of ``survey_card`` whoever runs this, and
EXECUTE revoked from PUBLIC. Applying it again (a history row removed by hand)
drops and creates its own function the same way: harmless. SQLite has no
functions: nothing to do.

Plain SQL on purpose: a migration must not depend on the live models.
"""
from peewee import PostgresqlDatabase

CARD_BY_TOKEN = "survey_card_by_token(text)"


def _card_by_token(path: str, *, with_language: bool) -> str:
    """The function's definition: with the card's language (this migration) or without (0008's)."""
    language_column = " card_language varchar," if with_language else ""
    language_value = " c.language," if with_language else ""
    return f"""CREATE FUNCTION survey_card_by_token(card_token text)
        RETURNS TABLE (card_id integer, card_survey_id integer, token varchar, kind varchar,
                       expires_at timestamp, answered_at timestamp,{language_column} survey_id integer,
                       questions text, languages text, thank_you_text text, colour varchar,
                       active boolean)
        LANGUAGE plpgsql STABLE STRICT SECURITY DEFINER ROWS 1
        SET search_path = {path}
        AS $$
        BEGIN
            -- Columns named in full: the result's names are variables here.
            RETURN QUERY
            SELECT c.id, c.survey_id, c.token, c.kind, c.expires_at, c.answered_at,{language_value}
                   s.id, s.questions, s.languages, s.thank_you_text, s.colour, s.active
            FROM survey_card c JOIN survey s ON s.id = c.survey_id
            WHERE c.token = card_token;
        END
        $$"""


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _executors(db) -> list[tuple[str, bool]]:
    """Who may execute the function now besides its owner and PUBLIC: (account, with grant option).

    ``regrole`` prints each name quoted as GRANT takes it.
    """
    return [(str(name), bool(grantable)) for name, grantable in db.execute_sql(
        "SELECT a.grantee::regrole::text, a.is_grantable"
        " FROM pg_proc p, aclexplode(p.proacl) a"
        " WHERE p.oid = to_regprocedure(%s) AND a.privilege_type = 'EXECUTE'"
        " AND a.grantee <> 0 AND a.grantee <> p.proowner ORDER BY 1", (CARD_BY_TOKEN,)).fetchall()]


def _recreate(db, *, with_language: bool) -> None:
    """Drop the function and create it in the wanted shape, with the same owner and executors."""
    schema, owner = db.execute_sql(
        "SELECT n.nspname, pg_get_userbyid(c.relowner) FROM pg_class c"
        " JOIN pg_namespace n ON n.oid = c.relnamespace"
        " WHERE c.oid = to_regclass('survey_card')").fetchone()
    executors = _executors(db)
    db.execute_sql(f"DROP FUNCTION IF EXISTS {CARD_BY_TOKEN}")
    db.execute_sql(_card_by_token(f"pg_catalog, {_ident(schema)}, pg_temp", with_language=with_language))
    db.execute_sql(f"ALTER FUNCTION {CARD_BY_TOKEN} OWNER TO {_ident(owner)}")
    db.execute_sql(f"REVOKE ALL ON FUNCTION {CARD_BY_TOKEN} FROM PUBLIC")
    for account, grantable in executors:
        option = " WITH GRANT OPTION" if grantable else ""
        db.execute_sql(f"GRANT EXECUTE ON FUNCTION {CARD_BY_TOKEN} TO {account}{option}")


def up(migrator, db):
    if isinstance(db, PostgresqlDatabase):
        _recreate(db, with_language=True)


def down(migrator, db):
    if isinstance(db, PostgresqlDatabase):
        _recreate(db, with_language=False)
