"""On PostgreSQL, the survey pages reach the survey tables through two functions only.

The survey server on a public host connects with an account of its own
(``smallcs db survey-role``). Table privileges cannot say "only the card whose
token you already know" or "an answer only to a card still open", so that
account gets no privilege on ``survey_card``, ``survey`` or
``survey_response`` at all, only EXECUTE on these functions, which run as the
tables' owner (SECURITY DEFINER):

* ``survey_card_by_token(token)``: the one card with exactly this token and its
  survey, only the columns the survey pages use; no row for any other token.
* ``store_survey_answer(token, ...)``: one answer to the card with this token.
  A single-use card is marked answered in the same statement, guarded by
  ``answered_at IS NULL``: a concurrent submit waits for the row lock and then
  finds it answered, so exactly one lands and the others get NULL. A poster
  takes every answer. The answer's survey is the card's. It checks nothing the
  app checks (scores, comment, expiry); the tables' CHECK constraints still apply.

Both are PL/pgSQL, which keeps each statement's plan for the connection (an SQL
function that cannot be inlined, as a SECURITY DEFINER one cannot, is planned
again at every call: half as slow again as the plain query). Each has a fixed
``search_path`` (the tables' schema after ``pg_catalog``, and ``pg_temp`` last
so that a caller's temporary table of the same name is never used:
PostgreSQL's "Writing SECURITY DEFINER Functions Safely"), belongs to the owner
of ``survey_card`` whoever runs the migration, and may be executed by nobody
but its owner until ``smallcs db survey-role`` grants it. The app calls them on
every PostgreSQL connection, the owner's included, so there is one path to
test. SQLite has no accounts: nothing to do.

Plain SQL on purpose: a migration must not depend on the live models.
``CREATE OR REPLACE`` keeps an existing function's owner and privileges, so
applying this again (a history row removed by hand) is harmless.
"""
from peewee import PostgresqlDatabase

CARD_BY_TOKEN = "survey_card_by_token(text)"
STORE_ANSWER = ("store_survey_answer(text, timestamp, integer, integer, integer, text, text, text,"
                " boolean)")


def _functions(path: str) -> list[str]:
    return [
        f"""CREATE OR REPLACE FUNCTION survey_card_by_token(card_token text)
        RETURNS TABLE (card_id integer, card_survey_id integer, token varchar, kind varchar,
                       expires_at timestamp, answered_at timestamp, survey_id integer,
                       questions text, languages text, thank_you_text text, colour varchar,
                       active boolean)
        LANGUAGE plpgsql STABLE STRICT SECURITY DEFINER ROWS 1
        SET search_path = {path}
        AS $$
        BEGIN
            -- Columns named in full: the result's names are variables here.
            RETURN QUERY
            SELECT c.id, c.survey_id, c.token, c.kind, c.expires_at, c.answered_at,
                   s.id, s.questions, s.languages, s.thank_you_text, s.colour, s.active
            FROM survey_card c JOIN survey s ON s.id = c.survey_id
            WHERE c.token = card_token;
        END
        $$""",
        f"""CREATE OR REPLACE FUNCTION store_survey_answer(
            card_token text, answer_submitted_at timestamp, answer_csat integer,
            answer_nps integer, answer_ces integer, answer_comment text, answer_language text,
            answer_source text, answer_contact_requested boolean)
        RETURNS integer
        LANGUAGE plpgsql VOLATILE SECURITY DEFINER
        SET search_path = {path}
        AS $$
        DECLARE
            found_card integer;
            found_survey integer;
            found_kind text;
            answer_id integer;
        BEGIN
            SELECT c.id, c.survey_id, c.kind INTO found_card, found_survey, found_kind
            FROM survey_card c WHERE c.token = card_token;
            IF NOT FOUND THEN
                RETURN NULL;
            END IF;
            IF found_kind = 'single' THEN
                UPDATE survey_card SET answered_at = answer_submitted_at
                WHERE id = found_card AND answered_at IS NULL;
                IF NOT FOUND THEN
                    RETURN NULL;
                END IF;
            END IF;
            INSERT INTO survey_response (card_id, survey_id, submitted_at, csat, nps, ces, comment,
                                         language, source, contact_requested)
            VALUES (found_card, found_survey, answer_submitted_at, answer_csat, answer_nps,
                    answer_ces, answer_comment, answer_language, answer_source,
                    answer_contact_requested)
            RETURNING id INTO answer_id;
            RETURN answer_id;
        END
        $$""",
    ]


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def up(migrator, db):
    if not isinstance(db, PostgresqlDatabase):
        return
    schema, owner = db.execute_sql(
        "SELECT n.nspname, pg_get_userbyid(c.relowner) FROM pg_class c"
        " JOIN pg_namespace n ON n.oid = c.relnamespace"
        " WHERE c.oid = to_regclass('survey_card')").fetchone()
    for statement in _functions(f"pg_catalog, {_ident(schema)}, pg_temp"):
        db.execute_sql(statement)
    for function in (CARD_BY_TOKEN, STORE_ANSWER):
        db.execute_sql(f"ALTER FUNCTION {function} OWNER TO {_ident(owner)}")
        db.execute_sql(f"REVOKE ALL ON FUNCTION {function} FROM PUBLIC")


def down(migrator, db):
    if isinstance(db, PostgresqlDatabase):
        for function in (STORE_ANSWER, CARD_BY_TOKEN):
            db.execute_sql(f"DROP FUNCTION IF EXISTS {function}")
