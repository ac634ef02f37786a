"""On PostgreSQL, ``survey_poster_by_code(code)``: a poster's token from its short code.

A poster or table tent prints, under its QR code, an address to type for a
customer whose phone does not scan: ``<base>/s/ABCD-2345``, the card's short
code, rather than its 22-character token. The survey page at that address
sends the phone on to ``/s/<token>``. Only reusable cards are found this way:
a poster hangs in public, so its token is no secret, whereas a single-use card
must be reached by its unguessable token alone (a short code has about 40
bits). The survey server's restricted account reads cards only through
functions (migration 0008), so it gets this one, made as 0008 made its
functions: SECURITY DEFINER, owned by the owner of ``survey_card``, a fixed
``search_path``, EXECUTE revoked from PUBLIC and granted to the accounts that
may execute ``survey_card_by_token`` (``smallcs db survey-role`` grants it to
new ones). SQLite has no functions: nothing to do.

Plain SQL on purpose: a migration must not depend on the live models.
``CREATE OR REPLACE`` keeps an existing function's owner and privileges, so
applying this again is harmless.
"""
from peewee import PostgresqlDatabase

POSTER_BY_CODE = "survey_poster_by_code(text)"
CARD_BY_TOKEN = "survey_card_by_token(text)"


def _function(path: str) -> str:
    return f"""CREATE OR REPLACE FUNCTION survey_poster_by_code(card_code text)
        RETURNS varchar
        LANGUAGE plpgsql STABLE STRICT SECURITY DEFINER
        SET search_path = {path}
        AS $$
        BEGIN
            RETURN (SELECT c.token FROM survey_card c
                    WHERE c.short_code = card_code AND c.kind = 'poster');
        END
        $$"""


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def up(migrator, db):
    if not isinstance(db, PostgresqlDatabase):
        return
    schema, owner = db.execute_sql(
        "SELECT n.nspname, pg_get_userbyid(c.relowner) FROM pg_class c"
        " JOIN pg_namespace n ON n.oid = c.relnamespace"
        " WHERE c.oid = to_regclass('survey_card')").fetchone()
    db.execute_sql(_function(f"pg_catalog, {_ident(schema)}, pg_temp"))
    db.execute_sql(f"ALTER FUNCTION {POSTER_BY_CODE} OWNER TO {_ident(owner)}")
    db.execute_sql(f"REVOKE ALL ON FUNCTION {POSTER_BY_CODE} FROM PUBLIC")
    executors = db.execute_sql(
        "SELECT a.grantee::regrole::text FROM pg_proc p, aclexplode(p.proacl) a"
        " WHERE p.oid = to_regprocedure(%s) AND a.privilege_type = 'EXECUTE'"
        " AND a.grantee <> 0 AND a.grantee <> p.proowner ORDER BY 1", (CARD_BY_TOKEN,)).fetchall()
    for (account,) in executors:
        db.execute_sql(f"GRANT EXECUTE ON FUNCTION {POSTER_BY_CODE} TO {account}")


def down(migrator, db):
    if isinstance(db, PostgresqlDatabase):
        db.execute_sql(f"DROP FUNCTION IF EXISTS {POSTER_BY_CODE}")
