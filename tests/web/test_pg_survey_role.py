"""The survey server's own PostgreSQL account (``smallcs db survey-role``): exactly what the pages need.

Everything here runs on the session's throw-away PostgreSQL server
(tests/pg_server.py); without one these tests fail, they do not skip. The shop's
tables belong to a plain account, as docs/deploy.md sets it up, and the survey
accounts log in with SCRAM passwords (a pg_hba.conf line added for them), so a
password that was not set, or set wrong, shows.

Rows the account may not reach are invisible to it (PostgreSQL's row security
filters them; an UPDATE of them changes nothing), while columns and tables it
may not touch raise a permission error (SQLSTATE 42501): each test says which.
"""

from __future__ import annotations

import itertools
import json
import logging
import re
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from smallcs import backup, settings, setup
from smallcs.errors import DatabaseError, ValidationError
from smallcs.models import Staff, Survey, SurveyCard, SurveyResponse
from smallcs.models.connection import close_database, open_database
from smallcs.models.enums import CardKind, Role
from smallcs.pg_survey_role import SURVEY_SETTING_KEYS, set_up_survey_role
from smallcs.surveys import issue_cards
from smallcs.surveys.paper import record_paper_response
from smallcs.surveys.responses import ResponseOutcome
from smallcs.web.app import create_app
from tests.pg_server import ThrowawayPostgres
from tests.test_cli import SMALLCS, assert_one_line_error, run

SHOP_OWNER = "shop_owner"  # owns the shop's tables; may not create accounts (as in docs/deploy.md)
SHOP_TEMPLATE = "survey_role_shop"
# Accounts that log in with a SCRAM password (see ``scram_logins``).
SCRAM_ROLES = ("survey_probe", "survey_web", "survey_twice", "survey_refused", "survey_schema",
               "survey_rows", "survey_update")
SURVEY_PASSWORD = "a-long-survey-password"
PRIVATE_TABLES = ("customer", "complaint", "resolution_step", "staff", "audit_event", "draft",
                  "goal", "complaint_search")


@pytest.fixture(scope="module")
def scram_logins(postgres: ThrowawayPostgres) -> Iterator[None]:
    """The survey accounts must give their password over TCP (first matching pg_hba.conf line)."""
    hba = postgres.data / "pg_hba.conf"
    before = hba.read_text()
    hba.write_text(f"host all {','.join(SCRAM_ROLES)} 127.0.0.1/32 scram-sha-256\n" + before)
    postgres.execute("CREATE ROLE survey_probe LOGIN PASSWORD 'probe-password-1'")
    postgres.execute("SELECT pg_reload_conf()")
    deadline = time.monotonic() + 10
    while True:  # the server reads the file again a moment after the signal
        try:
            psycopg.connect(_url(postgres, "postgres", "survey_probe", "wrong-password")).close()
        except psycopg.OperationalError:
            break
        assert time.monotonic() < deadline, "pg_hba.conf was not reloaded"
        time.sleep(0.1)
    try:
        yield
    finally:
        hba.write_text(before)
        postgres.execute("SELECT pg_reload_conf()")


@pytest.fixture(scope="module")
def shop_template(postgres: ThrowawayPostgres, scram_logins: None) -> str:
    """A set-up shop whose tables belong to SHOP_OWNER, migrated by that account."""
    postgres.execute(f"CREATE ROLE {SHOP_OWNER} LOGIN NOSUPERUSER NOCREATEROLE NOCREATEDB")
    postgres.execute(f"CREATE DATABASE {SHOP_TEMPLATE} OWNER {SHOP_OWNER}")
    open_database(_url(postgres, SHOP_TEMPLATE, SHOP_OWNER))
    try:
        setup.initialise_shop(business_name="Corner Shop", timezone="Europe/Madrid",
                              owner_username="olivia", owner_display_name="Olivia Owner",
                              owner_password="owner-secret-1")
    finally:
        close_database()
    return SHOP_TEMPLATE


_numbers = itertools.count(1)


@pytest.fixture
def shop(postgres: ThrowawayPostgres, shop_template: str) -> str:
    """A fresh copy of the shop (tables still SHOP_OWNER's); its name."""
    name = f"survey_role_shop_{next(_numbers)}"
    postgres.execute(f"CREATE DATABASE {name} TEMPLATE {shop_template} OWNER {SHOP_OWNER}")
    return name


def _url(postgres: ThrowawayPostgres, database: str, user: str, password: str | None = None) -> str:
    secret = f":{password}" if password is not None else ""
    return f"postgresql://{user}{secret}@127.0.0.1:{postgres.port}/{database}"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _start_server(db_url: str) -> tuple[subprocess.Popen[str], str]:
    """``smallcs serve`` on a free loopback port, once it answers /healthz; its base URL."""
    port = _free_port()
    server = subprocess.Popen([SMALLCS, "serve", "--db", db_url, "--host", "127.0.0.1",
                               "--port", str(port)], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as answer:
                assert answer.status == 200
                return server, f"http://127.0.0.1:{port}"
        except OSError:
            assert server.poll() is None, server.communicate()
            assert time.monotonic() < deadline, "the survey server did not come up"
            time.sleep(0.2)


def _fetch(url: str, data: dict[str, str] | None = None) -> tuple[int, str, str]:
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    try:
        with urllib.request.urlopen(url, data=body, timeout=10) as response:
            return response.status, response.geturl(), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, url, error.read().decode()


def _answer(base: str, token: str, **values: str) -> tuple[int, str, str]:
    """Open the card's page and send an answer with the form's nonce, as a phone would."""
    status, _where, page = _fetch(f"{base}/s/{token}")
    assert status == 200, page
    nonce = re.search(r'name="nonce" value="([^"]+)"', page)
    assert nonce, page
    return _fetch(f"{base}/s/{token}", {"nonce": nonce.group(1), "lang": "en", **values})


def _issue(owner_url: str) -> tuple[SurveyCard, SurveyCard]:
    """A single-use card and a poster, issued by the shop's owner."""
    open_database(owner_url)
    owner = Staff.get(Staff.role == Role.OWNER.value)
    survey = Survey.get(Survey.name == "Customer feedback")
    single = issue_cards(owner, survey_id=survey.id, count=1)[0]
    poster = issue_cards(owner, survey_id=survey.id, count=1, kind=CardKind.POSTER)[0]
    return single, poster


def _refused(url: str, sql: str) -> str:
    """The SQLSTATE with which the account of ``url`` is refused ``sql``."""
    with psycopg.connect(url, autocommit=True) as conn:
        try:
            conn.execute(sql)
        except psycopg.Error as exc:
            return str(exc.sqlstate)
    return "allowed"


def _privileges(postgres: ThrowawayPostgres, database: str, role: str) -> set[tuple[str, ...]]:
    """Every table, column and sequence privilege ``role`` holds in ``database``."""
    with psycopg.connect(_url(postgres, database, "smallcs")) as conn:
        tables = conn.execute("SELECT table_name, privilege_type FROM information_schema.table_privileges"
                              " WHERE grantee = %s", (role,)).fetchall()
        columns = conn.execute("SELECT table_name, column_name, privilege_type"
                               " FROM information_schema.column_privileges WHERE grantee = %s",
                               (role,)).fetchall()
        sequences = conn.execute("SELECT c.relname FROM pg_class c WHERE CASE WHEN c.relkind = 'S'"
                                 " THEN has_sequence_privilege(%s, c.oid, 'USAGE') END",
                                 (role,)).fetchall()
    return {("table", *row) for row in tables} | {("column", *row) for row in columns} \
        | {("sequence", *row) for row in sequences}


def _policies(postgres: ThrowawayPostgres, database: str, role: str) -> set[tuple[object, ...]]:
    """Every row-security policy naming ``role``: table, name, kind, command, rows, check."""
    with psycopg.connect(_url(postgres, database, "smallcs")) as conn:
        return set(conn.execute("SELECT tablename, policyname, permissive, cmd, qual, with_check"
                                " FROM pg_policies WHERE %s::name = ANY(roles)", (role,)).fetchall())


def test_the_survey_server_works_with_only_its_own_account(
    postgres: ThrowawayPostgres, shop: str,
) -> None:
    # The administrator creates the login once (createuser --pwprompt); the owner grants.
    postgres.execute(f"CREATE ROLE survey_web LOGIN PASSWORD '{SURVEY_PASSWORD}'")
    owner_url = _url(postgres, shop, SHOP_OWNER)
    granted = run("db", "survey-role", "survey_web", "--db", owner_url)
    assert granted.returncode == 0, granted.stderr
    assert "'survey_web' already exists; its password is unchanged" in granted.stdout
    assert f"postgresql://survey_web:PASSWORD@127.0.0.1:{postgres.port}/{shop}" in granted.stdout

    survey_url = _url(postgres, shop, "survey_web", SURVEY_PASSWORD)
    single, poster = _issue(owner_url)
    server, base = _start_server(survey_url)
    try:
        status, _u, page = _fetch(f"{base}/s/{single.token}")
        assert status == 200 and "Corner Shop" in page
        status, final, _page = _answer(base, single.token, csat="5", nps="10", comment="Quick & kind")
        assert status == 200 and final.endswith(f"/s/{single.token}/thanks?lang=en")
        stored = SurveyResponse.get(SurveyResponse.card == single.id)
        assert (stored.csat, stored.nps, stored.comment, stored.source) == (5, 10, "Quick & kind", "qr")
        assert SurveyCard.get_by_id(single.id).answered_at is not None

        # A single-use card still takes exactly one answer.
        status, _u, page = _fetch(f"{base}/s/{single.token}")
        assert status == 200 and "already been answered" in page
        assert SurveyResponse.select().where(SurveyResponse.card == single.id).count() == 1
        # A poster takes one answer per customer visit.
        for score in ("3", "4"):
            assert _answer(base, poster.token, csat=score)[0] == 200
        assert SurveyResponse.select().where(SurveyResponse.card == poster.id).count() == 2
    finally:
        server.terminate()
        _out, errors = server.communicate(timeout=30)
        close_database()
    assert "Traceback" not in errors

    # Connecting as the survey account: none of the shop's private data, no changes.
    for table in PRIVATE_TABLES:
        assert _refused(survey_url, f"SELECT * FROM {table}") == "42501", table
    for sql in ("SELECT comment FROM survey_response", "SELECT * FROM survey_response",
                "UPDATE survey_response SET comment = ''", "DELETE FROM survey_response",
                "DELETE FROM survey_card", "UPDATE survey_card SET expires_at = NULL",
                "UPDATE setting SET value = '{}'", "INSERT INTO audit_event (at, action) VALUES (now(), 'x')",
                "DROP TABLE survey_response", "ALTER TABLE audit_event DISABLE TRIGGER ALL",
                "CREATE TABLE stash (x text)", "TRUNCATE survey_card"):
        assert _refused(survey_url, sql) == "42501", sql
    assert _refused(survey_url, "SELECT token, answered_at FROM survey_card") == "allowed"
    with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
        psycopg.connect(_url(postgres, shop, "survey_web", "not-the-password")).close()


def test_running_it_twice_is_fine(postgres: ThrowawayPostgres, shop: str) -> None:
    # An owner who may create accounts (here the server's administrator) makes it in one go.
    admin_url = _url(postgres, shop, "smallcs")
    created = run("db", "survey-role", "survey_twice", "--db", admin_url, stdin=f"{SURVEY_PASSWORD}\n")
    assert created.returncode == 0, created.stderr
    assert "Created the database account 'survey_twice'" in created.stdout
    first = _privileges(postgres, shop, "survey_twice")
    assert ("table", "survey_card", "SELECT") in first
    assert ("column", "survey_card", "answered_at", "UPDATE") in first
    assert ("column", "survey_response", "comment", "INSERT") in first
    assert ("sequence", "survey_response_id_seq") in first
    assert not {p for p in first if p[1] in PRIVATE_TABLES}
    limits = _policies(postgres, shop, "survey_twice")
    assert {(table, command) for table, _name, permissive, command, *_rest in limits
            if permissive == "RESTRICTIVE"} == {("setting", "SELECT"), ("survey_card", "UPDATE")}
    with psycopg.connect(_url(postgres, "postgres", "smallcs")) as conn:
        stored = conn.execute("SELECT rolpassword FROM pg_authid WHERE rolname = 'survey_twice'").fetchone()
    assert stored[0].startswith("SCRAM-SHA-256$")  # the password itself never reached the server

    # Someone grants more by hand; running it again takes that back and keeps the password.
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute("GRANT SELECT ON customer TO survey_twice")
        conn.execute("GRANT SELECT (comment) ON survey_response TO survey_twice")
        conn.execute("CREATE POLICY by_hand ON survey_card FOR UPDATE TO survey_twice USING (true)")
    again = run("db", "survey-role", "survey_twice", "--db", admin_url)
    assert again.returncode == 0, again.stderr
    assert "already exists; its password is unchanged" in again.stdout
    assert _privileges(postgres, shop, "survey_twice") == first
    assert _policies(postgres, shop, "survey_twice") == limits
    psycopg.connect(_url(postgres, shop, "survey_twice", SURVEY_PASSWORD)).close()

    renewed = run("db", "survey-role", "survey_twice", "--new-password", "--db", admin_url,
                  stdin="another-long-password\n")
    assert renewed.returncode == 0, renewed.stderr
    assert "Set a new password for the database account 'survey_twice'" in renewed.stdout
    assert _privileges(postgres, shop, "survey_twice") == first
    psycopg.connect(_url(postgres, shop, "survey_twice", "another-long-password")).close()
    with psycopg.connect(admin_url) as conn:
        runs = conn.execute("SELECT detail FROM audit_event WHERE action = 'database.survey_role'"
                            " AND entity_id = 'survey_twice' ORDER BY id").fetchall()
    assert [(json.loads(d)["created"], json.loads(d)["password_changed"]) for (d,) in runs] == [
        (True, False), (False, False), (False, True)]
    with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
        psycopg.connect(_url(postgres, shop, "survey_twice", SURVEY_PASSWORD)).close()


def test_sqlite_is_refused_and_left_alone(tmp_path: Path) -> None:
    target = tmp_path / "shop.db"
    result = run("db", "survey-role", "survey_web", "--db", str(target))
    assert_one_line_error(result, 1, "only for PostgreSQL")
    assert not target.exists()
    assert_one_line_error(run("db", "survey-role", "survey_web", "--db", f"sqlite:///{target}"),
                          1, "only for PostgreSQL")
    assert not target.exists()


def _roles(postgres: ThrowawayPostgres) -> set[str]:
    with psycopg.connect(_url(postgres, "postgres", "smallcs")) as conn:
        return {row[0] for row in conn.execute("SELECT rolname FROM pg_roles")}


def _no_password() -> str:
    raise AssertionError("no password should be asked for")


def test_accounts_that_must_not_be_used_are_refused(postgres: ThrowawayPostgres, shop: str) -> None:
    owner_url = _url(postgres, shop, SHOP_OWNER)
    roles = _roles(postgres)
    for name, message in (("Survey", "cannot be a database account name"),
                          ("x; DROP TABLE customer", "cannot be a database account name"),
                          ("pg_survey", "cannot be a database account name"),
                          (SHOP_OWNER, "administrator or owns SmallCS's tables"),
                          ("smallcs", "administrator or owns SmallCS's tables")):
        with pytest.raises(ValidationError, match=message):
            set_up_survey_role(owner_url, name, read_password=_no_password)
    # The owner of docs/deploy.md may not create accounts: it says who can.
    with pytest.raises(ValidationError, match="createuser --pwprompt survey_refused"):
        set_up_survey_role(owner_url, "survey_refused", read_password=_no_password)
    # A password too short for an internet-facing account changes nothing.
    with pytest.raises(ValidationError, match="at least 12 characters"):
        set_up_survey_role(_url(postgres, shop, "smallcs"), "survey_refused",
                           read_password=lambda: "short")
    assert _roles(postgres) == roles

    # The survey account cannot hand itself more.
    postgres.execute(f"CREATE ROLE survey_refused LOGIN PASSWORD '{SURVEY_PASSWORD}'")
    report = set_up_survey_role(owner_url, "survey_refused", read_password=_no_password)
    assert "Warning" not in report.summary()
    with pytest.raises(ValidationError, match="account that owns SmallCS's tables"):
        set_up_survey_role(_url(postgres, shop, "survey_refused", SURVEY_PASSWORD), "survey_refused",
                           read_password=_no_password)


def _serve_refused(url: str) -> str:
    """``smallcs serve`` with ``url``: it must not start; its one-line message."""
    result = run("serve", "--db", url, "--host", "127.0.0.1", "--port", str(_free_port()))
    assert_one_line_error(result, 1, "")
    return result.stderr


def _owner_sql(postgres: ThrowawayPostgres, shop: str, sql: str) -> list[tuple[object, ...]]:
    with psycopg.connect(_url(postgres, shop, SHOP_OWNER), autocommit=True) as conn:
        cursor = conn.execute(sql)
        return cursor.fetchall() if cursor.description else []


def test_the_survey_server_never_changes_the_schema_with_its_account(
    postgres: ThrowawayPostgres, shop: str,
) -> None:
    postgres.execute(f"CREATE ROLE survey_schema LOGIN PASSWORD '{SURVEY_PASSWORD}'")
    survey_url = _url(postgres, shop, "survey_schema", SURVEY_PASSWORD)
    owner_url = _url(postgres, shop, SHOP_OWNER)
    # Before the owner has granted anything: it says what to run.
    assert "run: smallcs db survey-role survey_schema" in _serve_refused(survey_url)
    set_up_survey_role(owner_url, "survey_schema", read_password=_no_password)

    # The counter PC's SmallCS is older than the survey host's: no migration, a clear word.
    latest = _owner_sql(postgres, shop, "SELECT max(name) FROM schema_migration")[0][0]
    _owner_sql(postgres, shop, f"DELETE FROM schema_migration WHERE name = '{latest}'")
    message = _serve_refused(survey_url)
    assert "ask the shop to update SmallCS on the counter PC first" in message
    assert _owner_sql(postgres, shop, f"SELECT count(*) FROM schema_migration WHERE name = '{latest}'") \
        == [(0,)]

    # The counter PC's SmallCS is newer: the survey host must be updated.
    _owner_sql(postgres, shop, f"INSERT INTO schema_migration (name, applied) VALUES ('{latest}', now()),"
                               " ('9999_from_the_future', now())")
    assert "newer version of SmallCS (9999_from_the_future)" in _serve_refused(survey_url)
    _owner_sql(postgres, shop, "DELETE FROM schema_migration WHERE name = '9999_from_the_future'")

    # The form secret was deleted (docs/security.md says how to renew it): it cannot make one.
    _owner_sql(postgres, shop, "DELETE FROM setting WHERE key = 'survey_form_secret'")
    assert "secret is missing" in _serve_refused(survey_url)
    set_up_survey_role(owner_url, "survey_schema", read_password=_no_password)  # makes it again
    server, _base = _start_server(survey_url)
    server.terminate()
    server.communicate(timeout=30)


def test_a_schema_open_to_every_account_is_pointed_out(postgres: ThrowawayPostgres, shop: str) -> None:
    # PostgreSQL 14 and older let every account create tables in "public".
    with psycopg.connect(_url(postgres, shop, "smallcs"), autocommit=True) as conn:
        conn.execute("GRANT CREATE ON SCHEMA public TO PUBLIC")
    report = set_up_survey_role(_url(postgres, shop, "smallcs"), "survey_open",
                                read_password=lambda: SURVEY_PASSWORD)
    assert "REVOKE CREATE ON SCHEMA public FROM PUBLIC;" in report.summary()


def _as(url: str, sql: str, params: tuple[object, ...] = ()) -> list[tuple[object, ...]] | int:
    """What ``sql`` gives the account of ``url``: the rows of a query, the rows an UPDATE changed."""
    with psycopg.connect(url, autocommit=True) as conn:
        cursor = conn.execute(sql, params)
        return cursor.fetchall() if cursor.description else cursor.rowcount


def _shop_with_settings_and_cards(owner_url: str, folder: Path) -> dict[str, SurveyCard]:
    """Settings beyond the survey's, and cards in each state, made through the app's services."""
    open_database(owner_url)
    try:
        owner = Staff.get(Staff.role == Role.OWNER.value)
        backup.save_settings(owner, folder=str(folder), keep=5, daily=True)
        settings.save_idle_lock_minutes(owner, 15)
        survey = Survey.get(Survey.name == "Customer feedback")
        opened, answered, spare = issue_cards(owner, survey_id=survey.id, count=3)
        poster = issue_cards(owner, survey_id=survey.id, count=1, kind=CardKind.POSTER)[0]
        assert record_paper_response(owner, short_code=answered.short_code, csat=4, nps=None, ces=None,
                                     comment="", contact_requested=False) == ResponseOutcome.RECORDED
        return {"open": opened, "answered": SurveyCard.get_by_id(answered.id), "spare": spare,
                "poster": poster}
    finally:
        close_database()


def test_the_survey_account_reaches_only_the_rows_the_pages_need(
    postgres: ThrowawayPostgres, shop: str, tmp_path: Path,
) -> None:
    postgres.execute(f"CREATE ROLE survey_rows LOGIN PASSWORD '{SURVEY_PASSWORD}'")
    owner_url = _url(postgres, shop, SHOP_OWNER)
    set_up_survey_role(owner_url, "survey_rows", read_password=_no_password)
    cards = _shop_with_settings_and_cards(owner_url, tmp_path)
    survey_url = _url(postgres, shop, "survey_rows", SURVEY_PASSWORD)
    card_ids = {name: card.id for name, card in cards.items()}

    # What the pages need works: the two settings, every card by its token, marking an
    # open single-use card answered, adding an answer.
    assert _as(survey_url, "SELECT key FROM setting ORDER BY key") == [(k,) for k in SURVEY_SETTING_KEYS]
    for card in cards.values():
        assert _as(survey_url, "SELECT c.id, s.name FROM survey_card c JOIN survey s ON s.id = c.survey_id"
                               " WHERE c.token = %s", (card.token,)) == [(card.id, "Customer feedback")]
    assert _as(survey_url, "UPDATE survey_card SET answered_at = now() AT TIME ZONE 'UTC'"
                           " WHERE id = %s AND answered_at IS NULL", (card_ids["open"],)) == 1
    added = _as(survey_url, "INSERT INTO survey_response (card_id, survey_id, submitted_at, csat,"
                            " comment, language, source, contact_requested)"
                            " SELECT id, survey_id, now(), 5, '', 'en', 'qr', false FROM survey_card"
                            " WHERE id = %s RETURNING id", (card_ids["open"],))
    assert isinstance(added, list) and len(added) == 1

    # The shop's other settings are invisible to it (the owner still has them all).
    assert _as(survey_url, "SELECT value FROM setting WHERE key IN ('backup', 'idle_lock')") == []
    owner_keys = {key for (key,) in _owner_sql(postgres, shop, "SELECT key FROM setting")}
    assert {"backup", "idle_lock", *SURVEY_SETTING_KEYS} <= owner_keys

    # Answered and poster cards are out of its reach: updating them changes nothing ...
    for name in ("answered", "open", "poster"):
        for value in ("NULL", "now()"):
            assert _as(survey_url, f"UPDATE survey_card SET answered_at = {value} WHERE id = %s",
                       (card_ids[name],)) == 0, (name, value)
    # ... and an open card can only become answered.
    refused = [f"UPDATE survey_card SET answered_at = NULL WHERE id = {card_ids['spare']}"]
    # No other column of a card, no answer, setting, customer or audit event may be touched.
    for column, value in (("token", "'guessable-token-0001'"), ("survey_id", "survey_id"),
                          ("complaint_id", "NULL"), ("staff_id", "NULL"), ("expires_at", "NULL"),
                          ("kind", "'poster'"), ("short_code", "'ABCDEFGH'")):
        refused.append(f"UPDATE survey_card SET {column} = {value} WHERE id = {card_ids['spare']}")
    refused += ["DELETE FROM survey_response", "UPDATE survey_response SET csat = 1",
                "SELECT csat, comment FROM survey_response", "DELETE FROM survey_card",
                "UPDATE setting SET value = '{}' WHERE key = 'business_profile'",
                "INSERT INTO setting (key, value) VALUES ('survey_form_secret_2', '\"x\"')",
                "DELETE FROM setting", "SELECT * FROM customer", "SELECT * FROM audit_event",
                "SELECT * FROM staff", "SELECT * FROM complaint"]
    for sql in refused:
        assert _refused(survey_url, sql) == "42501", sql

    after = {row[0]: row[1:] for row in _owner_sql(
        postgres, shop, "SELECT id, answered_at, token, kind FROM survey_card")}
    assert after[card_ids["answered"]] == (cards["answered"].answered_at, cards["answered"].token, "single")
    assert after[card_ids["poster"]][0] is None
    assert after[card_ids["spare"]] == (None, cards["spare"].token, "single")
    assert after[card_ids["open"]][0] is not None

    # The app, connecting as the tables' owner, is not held by any of it.
    open_database(owner_url)
    try:
        assert settings.idle_lock_minutes() == 15
        assert backup.get_settings().folder == str(tmp_path)
        owner = Staff.get(Staff.role == Role.OWNER.value)
        assert record_paper_response(owner, short_code=cards["spare"].short_code, csat=None, nps=9,
                                     ces=None, comment="", contact_requested=False) \
            == ResponseOutcome.RECORDED
    finally:
        close_database()

    # The administrator can remove the account as docs/deploy.md says; the shop carries on.
    with psycopg.connect(_url(postgres, shop, "smallcs"), autocommit=True) as conn:
        conn.execute("DROP OWNED BY survey_rows")
    postgres.execute("DROP ROLE survey_rows")
    assert {"backup", "idle_lock"} <= {key for (key,) in _owner_sql(postgres, shop, "SELECT key FROM setting")}


def test_the_survey_server_reads_no_other_setting(
    owner: Staff, db_target: str, caplog: pytest.LogCaptureFixture,
) -> None:
    """Every setting the survey pages read is one the survey account may read."""
    survey = Survey.get(Survey.name == "Customer feedback")
    card = issue_cards(owner, survey_id=survey.id, count=1)[0]
    with caplog.at_level(logging.DEBUG, logger="peewee"):
        client = create_app(db_target=db_target).test_client()
        page = client.get(f"/s/{card.token}").get_data(as_text=True)
        nonce = re.search(r'name="nonce" value="([^"]+)"', page)
        assert nonce
        sent = client.post(f"/s/{card.token}", data={"nonce": nonce.group(1), "lang": "en", "csat": "5"})
        assert sent.status_code == 303
        assert client.get(sent.headers["Location"]).status_code == 200
    reads = [record.msg for record in caplog.records
             if isinstance(record.msg, tuple) and re.search(r'FROM "setting"', record.msg[0])]
    assert reads, "the survey pages read no setting at all?"
    for sql, _params in reads:
        assert re.search(r'"key" = (\?|%s)\)', sql), sql  # one key at a time, never the whole table
    assert {params[0] for _sql, params in reads} == set(SURVEY_SETTING_KEYS)


def test_running_it_again_after_an_update_brings_the_account_up_to_date(
    postgres: ThrowawayPostgres, shop: str,
) -> None:
    postgres.execute(f"CREATE ROLE survey_update LOGIN PASSWORD '{SURVEY_PASSWORD}'")
    owner_url = _url(postgres, shop, SHOP_OWNER)
    survey_url = _url(postgres, shop, "survey_update", SURVEY_PASSWORD)
    set_up_survey_role(owner_url, "survey_update", read_password=_no_password)
    current = (_privileges(postgres, shop, "survey_update"), _policies(postgres, shop, "survey_update"))

    # As an older SmallCS left it: privileges, but no row limits (and one privilege too many).
    for table, policy in (("setting", "survey_update_select"), ("survey_card", "survey_update_update")):
        _owner_sql(postgres, shop, f"DROP POLICY {policy} ON {table}")
    _owner_sql(postgres, shop, "GRANT UPDATE (expires_at) ON survey_card TO survey_update")
    message = _serve_refused(survey_url)
    assert "may do more than the survey pages need" in message
    assert "run: smallcs db survey-role survey_update" in message

    # The shop updates SmallCS on the counter PC: a migration is pending until it runs.
    latest = _owner_sql(postgres, shop, "SELECT max(name) FROM schema_migration")[0][0]
    _owner_sql(postgres, shop, f"DELETE FROM schema_migration WHERE name = '{latest}'")
    granted = run("db", "survey-role", "survey_update", "--db", owner_url)
    assert granted.returncode == 0, granted.stderr
    assert "where key IN ('business_profile', 'survey_form_secret')" in granted.stdout
    assert _owner_sql(postgres, shop, f"SELECT count(*) FROM schema_migration WHERE name = '{latest}'") \
        == [(1,)]
    assert (_privileges(postgres, shop, "survey_update"), _policies(postgres, shop, "survey_update")) \
        == current

    single, _poster = _issue(owner_url)
    server, base = _start_server(survey_url)
    try:
        status, final, _page = _answer(base, single.token, csat="4")
        assert status == 200 and final.endswith("/thanks?lang=en")
        assert SurveyResponse.get(SurveyResponse.card == single.id).csat == 4
    finally:
        server.terminate()
        server.communicate(timeout=30)
        close_database()


def test_a_table_in_use_changes_nothing(postgres: ThrowawayPostgres, shop: str) -> None:
    admin_url = _url(postgres, shop, "smallcs")
    with psycopg.connect(_url(postgres, shop, SHOP_OWNER)) as counter:
        counter.execute("SELECT count(*) FROM survey_card")  # a counter's transaction, still open
        with pytest.raises(DatabaseError, match="in use right now: nothing was changed"):
            set_up_survey_role(admin_url, "survey_busy", read_password=lambda: SURVEY_PASSWORD)
        counter.rollback()
    assert "survey_busy" not in _roles(postgres)
    assert _owner_sql(postgres, shop, "SELECT count(*) FROM audit_event"
                                      " WHERE action = 'database.survey_role'") == [(0,)]
