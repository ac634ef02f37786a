"""Full-text search over complaints: summary, description, steps, customer name.

Plain SQL on purpose: a migration must not depend on the live models.

SQLite: an FTS5 table ``complaint_search(body)`` whose rowid IS the complaint's
id. Keying by rowid (rather than an UNINDEXED ``complaint_id`` column) lets the
triggers replace one complaint's document with an O(log n) rowid look-up; an
UNINDEXED column would make every step insert scan the whole index. The table
keeps its own copy of the text (a regular FTS5 table, not external-content),
because the document is assembled from three tables and an external-content
table cannot describe that; the copy is small next to the complaints
themselves. Triggers rebuild a complaint's document when its texts or its
customer change, when a step is added and when a customer is renamed (which is
also how anonymising removes a name from the index). ``remove_diacritics 2``
lets "cafe" find "café".

PostgreSQL: the same document as a ``tsvector`` in a side table with a GIN
index, kept by PL/pgSQL triggers. It uses the 'simple' configuration (no
stemming, any language) on text that ``complaint_search_text`` has folded the
way FTS5's tokenizer does: accents removed (the ``unaccent`` extension, trusted
and shipped with PostgreSQL) and punctuation turned into spaces, so that
"C-2026-0001" is three words rather than a word and two negative numbers.
"""
from peewee import PostgresqlDatabase

# The searchable text of complaint ``c`` (shared by the back-fill and triggers).
_SQLITE_BODY = """
    c.reference || ' ' || c.order_reference || ' ' || c.summary || ' ' ||
    c.description || ' ' || c.desired_outcome || ' ' ||
    COALESCE((SELECT name FROM customer WHERE id = c.customer_id), '') || ' ' ||
    COALESCE((SELECT group_concat(text, ' ') FROM resolution_step
              WHERE complaint_id = c.id), '')
"""


def _sqlite_refresh(id_sql):
    """Statements that rebuild the documents of the complaints ``id_sql`` selects."""
    return (
        f"DELETE FROM complaint_search WHERE rowid IN ({id_sql});\n"
        f"INSERT INTO complaint_search (rowid, body) SELECT c.id, {_SQLITE_BODY}"
        f" FROM complaint c WHERE c.id IN ({id_sql});"
    )


SQLITE_UP = [
    """CREATE VIRTUAL TABLE complaint_search
        USING fts5(body, tokenize = 'unicode61 remove_diacritics 2')""",
    f"INSERT INTO complaint_search (rowid, body) SELECT c.id, {_SQLITE_BODY} FROM complaint c",
    f"""CREATE TRIGGER complaint_search_insert AFTER INSERT ON complaint BEGIN
        INSERT INTO complaint_search (rowid, body) SELECT c.id, {_SQLITE_BODY}
        FROM complaint c WHERE c.id = new.id;
    END""",
    # Only the searched columns: status changes and the like cost nothing here.
    f"""CREATE TRIGGER complaint_search_update AFTER UPDATE OF
        reference, order_reference, summary, description, desired_outcome, customer_id
        ON complaint BEGIN
        {_sqlite_refresh("new.id")}
    END""",
    """CREATE TRIGGER complaint_search_delete AFTER DELETE ON complaint BEGIN
        DELETE FROM complaint_search WHERE rowid = old.id;
    END""",
    f"""CREATE TRIGGER complaint_search_step AFTER INSERT ON resolution_step BEGIN
        {_sqlite_refresh("new.complaint_id")}
    END""",
    f"""CREATE TRIGGER complaint_search_customer AFTER UPDATE OF name ON customer BEGIN
        {_sqlite_refresh("SELECT id FROM complaint WHERE customer_id = new.id")}
    END""",
]

SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS complaint_search_customer",
    "DROP TRIGGER IF EXISTS complaint_search_step",
    "DROP TRIGGER IF EXISTS complaint_search_delete",
    "DROP TRIGGER IF EXISTS complaint_search_update",
    "DROP TRIGGER IF EXISTS complaint_search_insert",
    "DROP TABLE IF EXISTS complaint_search",
]

_PG_BODY = """
    c.reference || ' ' || c.order_reference || ' ' || c.summary || ' ' ||
    c.description || ' ' || c.desired_outcome || ' ' ||
    COALESCE((SELECT name FROM customer WHERE id = c.customer_id), '') || ' ' ||
    COALESCE((SELECT string_agg("text", ' ') FROM resolution_step
              WHERE complaint_id = c.id), '')
"""

PG_UP = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    """CREATE FUNCTION complaint_search_text(t text) RETURNS text AS $$
        SELECT lower(unaccent(regexp_replace(t, '[[:punct:]]+', ' ', 'g')))
    $$ LANGUAGE sql STABLE""",
    """CREATE TABLE complaint_search (
        complaint_id integer PRIMARY KEY REFERENCES complaint (id) ON DELETE CASCADE,
        document tsvector NOT NULL)""",
    "CREATE INDEX complaint_search_document ON complaint_search USING GIN (document)",
    # One function rebuilds one complaint's document; the triggers call it.
    f"""CREATE FUNCTION complaint_search_refresh(cid integer) RETURNS void AS $$
        INSERT INTO complaint_search (complaint_id, document)
        SELECT c.id, to_tsvector('simple', complaint_search_text({_PG_BODY}))
        FROM complaint c WHERE c.id = cid
        ON CONFLICT (complaint_id) DO UPDATE SET document = EXCLUDED.document;
    $$ LANGUAGE sql""",
    """CREATE FUNCTION complaint_search_on_complaint() RETURNS trigger AS $$
    BEGIN PERFORM complaint_search_refresh(NEW.id); RETURN NULL; END
    $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER complaint_search_complaint AFTER INSERT OR UPDATE OF
        reference, order_reference, summary, description, desired_outcome, customer_id
        ON complaint FOR EACH ROW EXECUTE FUNCTION complaint_search_on_complaint()""",
    """CREATE FUNCTION complaint_search_on_step() RETURNS trigger AS $$
    BEGIN PERFORM complaint_search_refresh(NEW.complaint_id); RETURN NULL; END
    $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER complaint_search_step AFTER INSERT ON resolution_step
        FOR EACH ROW EXECUTE FUNCTION complaint_search_on_step()""",
    """CREATE FUNCTION complaint_search_on_customer() RETURNS trigger AS $$
    BEGIN
        PERFORM complaint_search_refresh(id) FROM complaint WHERE customer_id = NEW.id;
        RETURN NULL;
    END
    $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER complaint_search_customer AFTER UPDATE OF name ON customer
        FOR EACH ROW EXECUTE FUNCTION complaint_search_on_customer()""",
    "SELECT complaint_search_refresh(id) FROM complaint",
]

PG_DOWN = [
    "DROP TRIGGER IF EXISTS complaint_search_customer ON customer",
    "DROP TRIGGER IF EXISTS complaint_search_step ON resolution_step",
    "DROP TRIGGER IF EXISTS complaint_search_complaint ON complaint",
    "DROP FUNCTION IF EXISTS complaint_search_on_customer()",
    "DROP FUNCTION IF EXISTS complaint_search_on_step()",
    "DROP FUNCTION IF EXISTS complaint_search_on_complaint()",
    "DROP FUNCTION IF EXISTS complaint_search_refresh(integer)",
    "DROP FUNCTION IF EXISTS complaint_search_text(text)",
    "DROP TABLE IF EXISTS complaint_search",
]


def up(migrator, db):
    for statement in PG_UP if isinstance(db, PostgresqlDatabase) else SQLITE_UP:
        db.execute_sql(statement)


def down(migrator, db):
    for statement in PG_DOWN if isinstance(db, PostgresqlDatabase) else SQLITE_DOWN:
        db.execute_sql(statement)
