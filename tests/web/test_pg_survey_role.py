"""The survey server's own PostgreSQL account (``smallcs db survey-role``): exactly what the pages need.

Everything here runs on the session's throw-away PostgreSQL server
(tests/pg_server.py); without one these tests fail, they do not skip. The shop's
tables belong to a plain account, as docs/deploy.md sets it up, and the survey
accounts log in with SCRAM passwords (a pg_hba.conf line added for them), so a
password that was not set, or set wrong, shows.

Rows the account may not reach are invisible to it (PostgreSQL's row security
filters them), while columns, tables and functions it may not touch raise a
permission error (SQLSTATE 42501): each test says which. The survey tables
themselves are out of its reach: it finds a card by its token and stores an
answer only through the two functions of migration 0008.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import json
import logging
import re
import subprocess
import threading
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
from smallcs.models.connection import close_database, migration_runner, open_database
from smallcs.models.enums import CardKind, Role
from smallcs.pg_grants import grant_exactly
from smallcs.pg_survey_role import (
    SURVEY_SETTING_KEYS,
    needed_grants,
    set_up_survey_role,
)
from smallcs.surveys import issue_cards
from smallcs.surveys.cards import POSTER_BY_CODE_FUNCTION
from smallcs.surveys.definitions import get_survey, update_survey
from smallcs.surveys.paper import record_paper_response
from smallcs.surveys.responses import ResponseOutcome
from smallcs.surveys.signing import form_secret
from smallcs.web.app import create_app
from tests.pg_server import ThrowawayPostgres
from tests.ports import free_port
from tests.test_cli import SMALLCS, assert_one_line_error, run
from tests.web.test_card_language import spanish_card_printed_at_migration_0009

SHOP_OWNER = "shop_owner"  # owns the shop's tables; may not create accounts (as in docs/deploy.md)
SHOP_TEMPLATE = "survey_role_shop"
# Accounts that log in with a SCRAM password (see ``scram_logins``).
SCRAM_ROLES = ("survey_probe", "survey_web", "survey_twice", "survey_refused", "survey_schema",
               "survey_rows", "survey_update", "survey_token", "survey_answer", "survey_race",
               "survey_path", "survey_lang", "survey_poster", "survey_thanks")
SURVEY_PASSWORD = "a-long-survey-password"
PRIVATE_TABLES = ("customer", "complaint", "resolution_step", "staff", "audit_event", "draft",
                  "goal", "complaint_search")
# Reached only through the functions of migration 0008.
SURVEY_TABLES = ("survey", "survey_card", "survey_response")


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




def _start_server(db_url: str) -> tuple[subprocess.Popen[str], str]:
    """``smallcs serve`` on a free loopback port, once it answers /healthz; its base URL."""
    port = free_port()
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
    """Every table, column, sequence and function privilege ``role`` holds in ``database``
    (functions: those granted to it by name; every account may call most built-in ones)."""
    with psycopg.connect(_url(postgres, database, "smallcs")) as conn:
        tables = conn.execute("SELECT table_name, privilege_type FROM information_schema.table_privileges"
                              " WHERE grantee = %s", (role,)).fetchall()
        columns = conn.execute("SELECT table_name, column_name, privilege_type"
                               " FROM information_schema.column_privileges WHERE grantee = %s",
                               (role,)).fetchall()
        sequences = conn.execute("SELECT c.relname FROM pg_class c WHERE CASE WHEN c.relkind = 'S'"
                                 " THEN has_sequence_privilege(%s, c.oid, 'USAGE') END",
                                 (role,)).fetchall()
        routines = conn.execute("SELECT routine_name, privilege_type FROM information_schema.routine_privileges"
                                " WHERE grantee = %s", (role,)).fetchall()
    return {("table", *row) for row in tables} | {("column", *row) for row in columns} \
        | {("sequence", *row) for row in sequences} | {("function", *row) for row in routines}


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
                "CREATE TABLE stash (x text)", "TRUNCATE survey_card",
                # No card, survey or answer but through the functions.
                "SELECT token, answered_at FROM survey_card", "SELECT * FROM survey",
                "UPDATE survey_card SET answered_at = now()",
                "INSERT INTO survey_response (survey_id, submitted_at, source) VALUES (1, now(), 'qr')"):
        assert _refused(survey_url, sql) == "42501", sql
    with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
        psycopg.connect(_url(postgres, shop, "survey_web", "not-the-password")).close()


def test_running_it_twice_is_fine(postgres: ThrowawayPostgres, shop: str) -> None:
    # An owner who may create accounts (here the server's administrator) makes it in one go.
    admin_url = _url(postgres, shop, "smallcs")
    created = run("db", "survey-role", "survey_twice", "--db", admin_url, stdin=f"{SURVEY_PASSWORD}\n")
    assert created.returncode == 0, created.stderr
    assert "Created the database account 'survey_twice'" in created.stdout
    first = _privileges(postgres, shop, "survey_twice")
    assert {p for p in first if p[1] != "schema_migration"} == {
        ("function", "survey_card_by_token", "EXECUTE"), ("function", "store_survey_answer", "EXECUTE"),
        ("function", "survey_poster_by_code", "EXECUTE"),
        ("column", "setting", "key", "SELECT"), ("column", "setting", "value", "SELECT")}
    assert ("table", "schema_migration", "SELECT") in first
    limits = _policies(postgres, shop, "survey_twice")
    assert {(table, command) for table, _name, permissive, command, *_rest in limits
            if permissive == "RESTRICTIVE"} == {("setting", "SELECT")}
    with psycopg.connect(_url(postgres, "postgres", "smallcs")) as conn:
        stored = conn.execute("SELECT rolpassword FROM pg_authid WHERE rolname = 'survey_twice'").fetchone()
    assert stored[0].startswith("SCRAM-SHA-256$")  # the password itself never reached the server

    # Someone grants more by hand; running it again takes that back and keeps the password.
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute("GRANT SELECT ON customer TO survey_twice")
        conn.execute("GRANT SELECT (comment) ON survey_response TO survey_twice")
        conn.execute("GRANT SELECT ON survey_card TO survey_twice")
        conn.execute("GRANT EXECUTE ON FUNCTION complaint_search_refresh(integer) TO survey_twice")
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
    result = run("serve", "--db", url, "--host", "127.0.0.1", "--port", str(free_port()))
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
        opened, answered, spare = issue_cards(owner, survey_id=survey.id, count=3, language="pt")
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

    # What the pages need works: the two settings, each card and its survey by its token.
    assert _as(survey_url, "SELECT key FROM setting ORDER BY key") == [(k,) for k in SURVEY_SETTING_KEYS]
    survey_id = cards["open"].survey_id
    for card in cards.values():
        assert _as(survey_url, "SELECT card_id, survey_id, token FROM survey_card_by_token(%s)",
                   (card.token,)) == [(card.id, survey_id, card.token)]

    # The shop's other settings are invisible to it (the owner still has them all).
    assert _as(survey_url, "SELECT value FROM setting WHERE key IN ('backup', 'idle_lock')") == []
    owner_keys = {key for (key,) in _owner_sql(postgres, shop, "SELECT key FROM setting")}
    assert {"backup", "idle_lock", *SURVEY_SETTING_KEYS} <= owner_keys

    # No card, survey or answer directly: not a token, not a mark, not an answer.
    spare = card_ids["spare"]
    refused = ["SELECT token FROM survey_card", "SELECT count(*) FROM survey_card",
               f"SELECT id FROM survey_card WHERE token = '{cards['spare'].token}'",
               "SELECT name FROM survey", "SELECT id FROM survey_response",
               f"UPDATE survey_card SET answered_at = now() WHERE id = {spare}",
               f"UPDATE survey_card SET answered_at = NULL WHERE id = {card_ids['answered']}",
               ("INSERT INTO survey_response (card_id, survey_id, submitted_at, csat, source)"
                f" VALUES ({spare}, {survey_id}, now(), 5, 'qr')"),
               "SELECT nextval('survey_response_id_seq')"]
    for column, value in (("token", "'guessable-token-0001'"), ("survey_id", "survey_id"),
                          ("complaint_id", "NULL"), ("staff_id", "NULL"), ("expires_at", "NULL"),
                          ("kind", "'poster'"), ("short_code", "'ABCDEFGH'")):
        refused.append(f"UPDATE survey_card SET {column} = {value} WHERE id = {spare}")
    # No answer, setting, customer or audit event may be touched either.
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
    assert after[card_ids["spare"]] == (None, cards["spare"].token, "single")
    assert after[card_ids["open"]][0] is None and after[card_ids["poster"]][0] is None

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


def _store(url: str, token: str | None, *, csat: int | None = 4,
           submitted_at: dt.datetime = dt.datetime(2026, 5, 4, 10, 30)) -> object:
    """The answer's id ``store_survey_answer`` gives the account of ``url``, or None."""
    stored = _as(url, "SELECT store_survey_answer(%s, %s, %s, NULL, NULL, 'Fine', 'en', 'qr', false)",
                 (token, submitted_at, csat))
    assert isinstance(stored, list)
    return stored[0][0]


def _answers(postgres: ThrowawayPostgres, shop: str, card: SurveyCard) -> list[tuple[object, ...]]:
    """The answers the owner sees for ``card``: survey, submitted at, csat, comment, source."""
    return _owner_sql(postgres, shop, "SELECT survey_id, submitted_at, csat, comment, source"
                                      f" FROM survey_response WHERE card_id = {card.id} ORDER BY id")


def test_the_survey_account_finds_a_card_only_by_its_exact_token(
    postgres: ThrowawayPostgres, shop: str, tmp_path: Path,
) -> None:
    postgres.execute(f"CREATE ROLE survey_token LOGIN PASSWORD '{SURVEY_PASSWORD}'")
    owner_url = _url(postgres, shop, SHOP_OWNER)
    set_up_survey_role(owner_url, "survey_token", read_password=_no_password)
    cards = _shop_with_settings_and_cards(owner_url, tmp_path)
    survey_url = _url(postgres, shop, "survey_token", SURVEY_PASSWORD)

    # One row, with what the survey pages show and check: nothing of the complaint, staff
    # member, short code or print date the card may carry.
    with psycopg.connect(survey_url, autocommit=True) as conn:
        cursor = conn.execute("SELECT * FROM survey_card_by_token(%s)", (cards["answered"].token,))
        found = cursor.fetchall()
        columns = [column.name for column in cursor.description or ()]
    assert columns == ["card_id", "card_survey_id", "token", "kind", "expires_at", "answered_at",
                       "card_language", "card_for_complaint", "survey_id", "questions", "languages", "thank_you_text",
                       "thank_you_translations", "colour", "active"]
    answered = cards["answered"]
    assert [row[:9] for row in found] == [(answered.id, answered.survey_id, answered.token, "single",
                                           answered.expires_at, answered.answered_at, "pt", False,
                                           answered.survey_id)]

    # Nothing for any other token: near misses, patterns, another code of the card, none at all.
    token = cards["open"].token
    for attempt in (token[:-1], token + "A", token.swapcase(), " " + token, token[:10] + "%", "%", "_" * 22,
                    cards["open"].short_code, "' OR '1'='1", ""):
        assert _as(survey_url, "SELECT card_id FROM survey_card_by_token(%s)", (attempt,)) == [], attempt
    assert _as(survey_url, "SELECT card_id FROM survey_card_by_token(NULL)") == []
    assert _refused(survey_url, "SELECT token FROM survey_card") == "42501"


def test_the_survey_account_finds_a_poster_by_its_printed_code_and_no_other_card(
    postgres: ThrowawayPostgres, shop: str, tmp_path: Path,
) -> None:
    postgres.execute(f"CREATE ROLE survey_poster LOGIN PASSWORD '{SURVEY_PASSWORD}'")
    owner_url = _url(postgres, shop, SHOP_OWNER)
    set_up_survey_role(owner_url, "survey_poster", read_password=_no_password)
    cards = _shop_with_settings_and_cards(owner_url, tmp_path)
    survey_url = _url(postgres, shop, "survey_poster", SURVEY_PASSWORD)
    poster = cards["poster"]
    assert _as(survey_url, "SELECT survey_poster_by_code(%s)", (poster.short_code,)) == [(poster.token,)]
    for attempt in (cards["open"].short_code, cards["answered"].short_code, poster.short_code.lower(),
                    poster.short_code[:-1], "%", "' OR '1'='1", ""):
        assert _as(survey_url, "SELECT survey_poster_by_code(%s)", (attempt,)) == [(None,)], attempt
    probe = _url(postgres, shop, "survey_probe", "probe-password-1")
    assert _refused(probe, f"SELECT survey_poster_by_code('{poster.short_code}')") == "42501"

    # Through the survey server on that account: the typed address leads to the poster's page.
    server, base = _start_server(survey_url)
    try:
        with urllib.request.urlopen(f"{base}/s/{poster.short_code[:4].lower()}-{poster.short_code[4:]}",
                                    timeout=10) as answer:
            assert answer.geturl() == f"{base}/s/{poster.token}"
            assert "How satisfied were you with" in answer.read().decode()
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(f"{base}/s/{cards['open'].short_code}", timeout=10)
        assert refused.value.code == 404
    finally:
        server.terminate()
        _out, errors = server.communicate(timeout=30)
    assert "Traceback" not in errors


def test_the_survey_account_answers_an_open_card_once_and_a_poster_often(
    postgres: ThrowawayPostgres, shop: str, tmp_path: Path,
) -> None:
    postgres.execute(f"CREATE ROLE survey_answer LOGIN PASSWORD '{SURVEY_PASSWORD}'")
    owner_url = _url(postgres, shop, SHOP_OWNER)
    set_up_survey_role(owner_url, "survey_answer", read_password=_no_password)
    cards = _shop_with_settings_and_cards(owner_url, tmp_path)
    survey_url = _url(postgres, shop, "survey_answer", SURVEY_PASSWORD)
    survey_id = cards["open"].survey_id
    when = dt.datetime(2026, 5, 4, 10, 30)

    # A card answered on paper takes no answer from the survey account.
    before = _answers(postgres, shop, cards["answered"])
    assert _store(survey_url, cards["answered"].token) is None
    assert _answers(postgres, shop, cards["answered"]) == before

    # An open single-use card takes one, marked answered at the answer's time, then no more.
    first = _store(survey_url, cards["open"].token, csat=5, submitted_at=when)
    assert isinstance(first, int)
    assert _store(survey_url, cards["open"].token, csat=1) is None
    assert _answers(postgres, shop, cards["open"]) == [(survey_id, when, 5, "Fine", "qr")]
    assert _owner_sql(postgres, shop, f"SELECT id, answered_at FROM survey_card WHERE id = {cards['open'].id}") \
        == [(cards["open"].id, when)]

    # A poster takes every answer and stays open.
    stored = [_store(survey_url, cards["poster"].token, csat=score) for score in (2, 3, 4)]
    assert len(set(stored)) == 3 and None not in stored
    assert [row[2] for row in _answers(postgres, shop, cards["poster"])] == [2, 3, 4]
    assert _owner_sql(postgres, shop, f"SELECT answered_at FROM survey_card WHERE id = {cards['poster'].id}") \
        == [(None,)]

    # No card for the token, or none at all: nothing stored.
    count = _owner_sql(postgres, shop, "SELECT count(*) FROM survey_response")
    assert _store(survey_url, "no-such-token-000000000") is None
    assert _store(survey_url, None) is None
    # The database's own checks still hold, and a refused answer leaves the card open.
    with psycopg.connect(survey_url, autocommit=True) as conn, pytest.raises(psycopg.errors.CheckViolation):
        conn.execute("SELECT store_survey_answer(%s, now()::timestamp, 9, NULL, NULL, '', 'en', 'qr', false)",
                     (cards["spare"].token,))
    assert _owner_sql(postgres, shop, "SELECT count(*) FROM survey_response") == count
    assert _owner_sql(postgres, shop, f"SELECT answered_at FROM survey_card WHERE id = {cards['spare'].id}") \
        == [(None,)]
    # Directly, never.
    assert _refused(survey_url, "INSERT INTO survey_response (card_id, survey_id, submitted_at, csat,"
                                f" source) VALUES ({cards['spare'].id}, {survey_id}, now(), 5, 'qr')") == "42501"


def test_twenty_concurrent_answers_to_one_card_store_one(postgres: ThrowawayPostgres, shop: str) -> None:
    postgres.execute(f"CREATE ROLE survey_race LOGIN PASSWORD '{SURVEY_PASSWORD}'")
    owner_url = _url(postgres, shop, SHOP_OWNER)
    set_up_survey_role(owner_url, "survey_race", read_password=_no_password)
    try:
        single, _poster = _issue(owner_url)
    finally:
        close_database()
    survey_url = _url(postgres, shop, "survey_race", SURVEY_PASSWORD)
    connections = [psycopg.connect(survey_url, autocommit=True) for _i in range(20)]
    start = threading.Barrier(len(connections))
    results: list[object] = []

    def submit(conn: psycopg.Connection[tuple[object, ...]], score: int) -> None:
        start.wait()
        row = conn.execute("SELECT store_survey_answer(%s, now()::timestamp, %s, NULL, NULL, '', 'en',"
                           " 'qr', false)", (single.token, score % 5 + 1)).fetchone()
        results.append(row[0] if row else "no row")

    threads = [threading.Thread(target=submit, args=(conn, number)) for number, conn in enumerate(connections)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    finally:
        for conn in connections:
            conn.close()
    assert len(results) == 20
    assert len([r for r in results if r is not None]) == 1, results
    assert _owner_sql(postgres, shop, f"SELECT count(*) FROM survey_response WHERE card_id = {single.id}") \
        == [(1,)]


def test_the_functions_cannot_be_led_astray_by_the_callers_own_tables(
    postgres: ThrowawayPostgres, shop: str,
) -> None:
    """They run as the tables' owner: a table of the caller's named like one of ours must not be used."""
    postgres.execute(f"CREATE ROLE survey_path LOGIN PASSWORD '{SURVEY_PASSWORD}'")
    owner_url = _url(postgres, shop, SHOP_OWNER)
    set_up_survey_role(owner_url, "survey_path", read_password=_no_password)
    try:
        single, poster = _issue(owner_url)
    finally:
        close_database()
    survey_url = _url(postgres, shop, "survey_path", SURVEY_PASSWORD)

    # The account can make no table or schema that lasts ...
    for sql in ("CREATE TABLE survey_card (id integer)", "CREATE TABLE public.survey (id integer)",
                "CREATE SCHEMA decoy",
                "CREATE FUNCTION survey_card_by_token(t text) RETURNS integer LANGUAGE sql AS 'SELECT 1'"):
        assert _refused(survey_url, sql) == "42501", sql
    # ... but a temporary one (every account may, unless the administrator revokes TEMPORARY),
    # which PostgreSQL searches first unless a search path names pg_temp itself.
    with psycopg.connect(survey_url, autocommit=True) as conn:
        conn.execute("CREATE TEMPORARY TABLE survey (id integer, questions text, languages text,"
                     " thank_you_text text, colour varchar, active boolean)")
        conn.execute("CREATE TEMPORARY TABLE survey_card (id integer, survey_id integer, token varchar,"
                     " kind varchar, expires_at timestamp, answered_at timestamp)")
        conn.execute("CREATE TEMPORARY TABLE survey_response (id serial, card_id integer, survey_id integer,"
                     " submitted_at timestamp, csat integer, nps integer, ces integer, comment text,"
                     " language text, source text, contact_requested boolean)")
        conn.execute("INSERT INTO survey VALUES (1, '[]', '[]', 'decoy', NULL, true)")
        conn.execute("INSERT INTO survey_card VALUES (1, 1, 'decoy-token-0000000000', 'poster', NULL, NULL),"
                     " (%s, 1, %s, 'poster', NULL, NULL)", (single.id, single.token))
        conn.execute("SET search_path = pg_temp, public")
        assert conn.execute("SELECT card_id FROM survey_card_by_token('decoy-token-0000000000')"
                            ).fetchall() == []
        assert conn.execute("SELECT card_id, kind, thank_you_text FROM survey_card_by_token(%s)",
                            (single.token,)).fetchall() == [(single.id, "single", "")]
        # Answers go to the shop's table, and the real card is single-use.
        stored = [conn.execute("SELECT store_survey_answer(%s, now()::timestamp, 4, NULL, NULL, '', 'en',"
                               " 'qr', false)", (token,)).fetchone()[0]
                  for token in (single.token, single.token, "decoy-token-0000000000", poster.token)]
        assert stored[0] is not None and stored[1:3] == [None, None] and stored[3] is not None
        assert conn.execute("SELECT count(*) FROM pg_temp.survey_response").fetchone() == (0,)
    assert _owner_sql(postgres, shop, f"SELECT card_id FROM survey_response WHERE id IN ({stored[0]},"
                                      f" {stored[3]}) ORDER BY id") == [(single.id,), (poster.id,)]


def test_the_functions_belong_to_the_tables_owner_and_nobody_else_may_call_them(
    postgres: ThrowawayPostgres, shop: str,
) -> None:
    # The administrator applies the migration this time (a history row removed by hand).
    admin_url = _url(postgres, shop, "smallcs")
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute("DROP FUNCTION survey_card_by_token(text)")
        conn.execute("DROP FUNCTION store_survey_answer(text, timestamp, integer, integer, integer, text,"
                     " text, text, boolean)")
        conn.execute("DELETE FROM schema_migration WHERE name = '0008_survey_functions'")
    set_up_survey_role(admin_url, "survey_owned", read_password=lambda: SURVEY_PASSWORD)
    functions = _owner_sql(postgres, shop, (
        "SELECT p.proname, pg_get_userbyid(p.proowner), p.prosecdef, p.proconfig,"
        " has_function_privilege('survey_probe', p.oid, 'EXECUTE'),"
        " has_function_privilege('survey_owned', p.oid, 'EXECUTE')"
        " FROM pg_proc p WHERE p.proname IN ('survey_card_by_token', 'store_survey_answer')"
        " ORDER BY p.proname"))
    path = ["search_path=pg_catalog, public, pg_temp"]
    assert functions == [("store_survey_answer", SHOP_OWNER, True, path, False, True),
                         ("survey_card_by_token", SHOP_OWNER, True, path, False, True)]
    # Any other account, one never set up for the survey server: not even the call.
    probe = _url(postgres, shop, "survey_probe", "probe-password-1")
    assert _refused(probe, "SELECT * FROM survey_card_by_token('x')") == "42501"
    assert _refused(probe, "SELECT store_survey_answer('x', now()::timestamp, 4, NULL, NULL, '', 'en',"
                           " 'qr', false)") == "42501"


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

    # As a SmallCS before the survey functions left it: the survey tables themselves.
    _owner_sql(postgres, shop, "GRANT SELECT ON survey, survey_card TO survey_update;"
                               " GRANT UPDATE (answered_at) ON survey_card TO survey_update;"
                               " GRANT INSERT (card_id, survey_id, submitted_at, csat, source)"
                               " ON survey_response TO survey_update;"
                               " GRANT USAGE ON SEQUENCE survey_response_id_seq TO survey_update")
    message = _serve_refused(survey_url)
    assert "may do more than the survey pages need: it still holds SELECT on survey; SELECT on" \
        " survey_card; UPDATE on survey_card; INSERT on survey_response; USAGE on" \
        " survey_response_id_seq." in message
    assert "run: smallcs db survey-role survey_update" in message
    # As an even older one left it: without row limits either.
    _owner_sql(postgres, shop, "DROP POLICY survey_update_select ON setting")
    _owner_sql(postgres, shop, "REVOKE ALL ON survey, survey_card, survey_response FROM survey_update;"
                               " REVOKE ALL ON SEQUENCE survey_response_id_seq FROM survey_update")
    message = _serve_refused(survey_url)
    assert "may do more than the survey pages need: it is not yet limited to" in message
    assert "run: smallcs db survey-role survey_update" in message
    _owner_sql(postgres, shop, "GRANT SELECT ON survey_card TO survey_update")

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


def _card_function(postgres: ThrowawayPostgres, shop: str) -> list[tuple[object, ...]]:
    """``survey_card_by_token``: its owner, SECURITY DEFINER, settings, whether it returns the
    card's language, and whether the probe (never granted) and survey_lang may call it."""
    return _owner_sql(postgres, shop, (
        "SELECT pg_get_userbyid(p.proowner), p.prosecdef, p.proconfig,"
        " pg_get_function_result(p.oid) LIKE '%card_language character varying%',"
        " has_function_privilege('survey_probe', p.oid, 'EXECUTE'),"
        " has_function_privilege('survey_lang', p.oid, 'EXECUTE')"
        " FROM pg_proc p WHERE p.proname = 'survey_card_by_token'"))


def test_a_shop_at_migration_0009_updates_and_its_survey_account_keeps_working(
    postgres: ThrowawayPostgres, shop_template: str,
) -> None:
    """Migration 0010 drops the card function and creates it again: what the account held survives."""
    postgres.execute(f"CREATE ROLE survey_lang LOGIN PASSWORD '{SURVEY_PASSWORD}'")
    shop = f"survey_role_shop_{next(_numbers)}"
    postgres.execute(f"CREATE DATABASE {shop} OWNER {SHOP_OWNER}")
    owner_url = _url(postgres, shop, SHOP_OWNER)
    survey_url = _url(postgres, shop, "survey_lang", SURVEY_PASSWORD)
    # The shop as the previous SmallCS left it: migrated up to 0009, a card printed in Spanish,
    # and the survey server's account granted what `smallcs db survey-role` granted then.
    db = open_database(owner_url, migrate=False)
    try:
        migration_runner(db).up("0009_card_language")
        setup.initialise_shop(business_name="Corner Shop", timezone="Europe/Madrid",
                              owner_username="olivia", owner_display_name="Olivia Owner",
                              owner_password="owner-secret-1")
        card = spanish_card_printed_at_migration_0009()
        form_secret()
        with db.atomic():  # (the poster function came with migration 0014)
            grant_exactly(db, "survey_lang", [grant for grant in needed_grants()
                                              if grant.relation != POSTER_BY_CODE_FUNCTION])
    finally:
        close_database()
    path = ["search_path=pg_catalog, public, pg_temp"]
    assert _card_function(postgres, shop) == [(SHOP_OWNER, True, path, False, False, True)]
    granted = (_privileges(postgres, shop, "survey_lang"), _policies(postgres, shop, "survey_lang"))

    # The counter PC's SmallCS is updated and opens the database: the account keeps what it
    # held and may now find a poster by its printed code.
    open_database(owner_url)
    close_database()
    assert _card_function(postgres, shop) == [(SHOP_OWNER, True, path, True, False, True)]
    granted = (granted[0] | {("function", POSTER_BY_CODE_FUNCTION, "EXECUTE")}, granted[1])
    assert (_privileges(postgres, shop, "survey_lang"), _policies(postgres, shop, "survey_lang")) == granted
    assert _refused(_url(postgres, shop, "survey_probe", "probe-password-1"),
                    "SELECT * FROM survey_card_by_token('x')") == "42501"

    # The survey server on its own account: the Spanish card's page in Spanish on an English phone.
    server, base = _start_server(survey_url)
    try:
        english_phone = {"Accept-Language": "en"}
        with urllib.request.urlopen(urllib.request.Request(f"{base}/s/{card.token}",
                                                           headers=english_phone), timeout=10) as answer:
            page = answer.read().decode()
        assert '<html lang="es">' in page and "¿Cuál es su grado de satisfacción con Corner Shop?" in page
        nonce = re.search(r'name="nonce" value="([^"]+)"', page)
        assert nonce and 'name="lang" value="es"' in page
        sent = urllib.request.Request(f"{base}/s/{card.token}?lang=es", headers=english_phone, data=(
            urllib.parse.urlencode({"nonce": nonce.group(1), "lang": "es", "csat": "5"}).encode()))
        with urllib.request.urlopen(sent, timeout=10) as answer:
            assert answer.geturl().endswith(f"/s/{card.token}/thanks?lang=es")
            assert "¡Gracias! Hemos recibido su respuesta." in answer.read().decode()
    finally:
        server.terminate()
        _out, errors = server.communicate(timeout=30)
    assert "Traceback" not in errors
    assert _owner_sql(postgres, shop, f"SELECT csat, language, source FROM survey_response"
                                      f" WHERE card_id = {card.id}") == [(5, "es", "qr")]

    # Applied again, by the administrator this time (a history row removed by hand): the same.
    _owner_sql(postgres, shop, "DELETE FROM schema_migration WHERE name LIKE '0010%'")
    open_database(_url(postgres, shop, "smallcs"))
    close_database()
    assert _card_function(postgres, shop) == [(SHOP_OWNER, True, path, True, False, True)]
    assert (_privileges(postgres, shop, "survey_lang"), _policies(postgres, shop, "survey_lang")) == granted
    assert _as(survey_url, "SELECT card_id, card_language, answered_at IS NOT NULL"
                           " FROM survey_card_by_token(%s)", (card.token,)) == [(card.id, "es", True)]


def _thanks_function(postgres: ThrowawayPostgres, shop: str) -> list[tuple[object, ...]]:
    """``survey_card_by_token``: its owner, SECURITY DEFINER, settings, whether it returns the
    thank-you translations, and whether the probe (never granted) and survey_thanks may call it."""
    return _owner_sql(postgres, shop, (
        "SELECT pg_get_userbyid(p.proowner), p.prosecdef, p.proconfig,"
        " pg_get_function_result(p.oid) LIKE '%thank_you_translations text%',"
        " has_function_privilege('survey_probe', p.oid, 'EXECUTE'),"
        " has_function_privilege('survey_thanks', p.oid, 'EXECUTE')"
        " FROM pg_proc p WHERE p.proname = 'survey_card_by_token'"))


def test_a_shop_at_migration_0014_updates_and_its_survey_account_thanks_in_each_language(
    postgres: ThrowawayPostgres, scram_logins: None,
) -> None:
    """Migration 0015 drops the card function and creates it again with the thank-you texts:
    what the account held survives, and it reads each language's text through the function."""
    postgres.execute(f"CREATE ROLE survey_thanks LOGIN PASSWORD '{SURVEY_PASSWORD}'")
    shop = f"survey_role_shop_{next(_numbers)}"
    postgres.execute(f"CREATE DATABASE {shop} OWNER {SHOP_OWNER}")
    owner_url = _url(postgres, shop, SHOP_OWNER)
    survey_url = _url(postgres, shop, "survey_thanks", SURVEY_PASSWORD)
    # The shop as the previous SmallCS left it: at 0014, one thank-you text shown in every
    # language, a poster, and the survey account granted what `smallcs db survey-role` grants.
    db = open_database(owner_url, migrate=False)
    try:
        migration_runner(db).up("0014_poster_by_code")
        setup.initialise_shop(business_name="Corner Shop", timezone="Europe/Madrid",
                              owner_username="olivia", owner_display_name="Olivia Owner",
                              owner_password="owner-secret-1")
        db.execute_sql("UPDATE survey SET thank_you_text = 'A free coffee at the till.',"
                       " languages = '[\"en\", \"es\", \"fr\"]'")
        token = "thanks-poster-token-0001"
        db.execute_sql("INSERT INTO survey_card (survey_id, token, short_code, kind, created_at)"
                       " SELECT id, %s, 'THANKS01', 'poster', now() FROM survey", (token,))
        form_secret()
        with db.atomic():
            grant_exactly(db, "survey_thanks", needed_grants())
    finally:
        close_database()
    path = ["search_path=pg_catalog, public, pg_temp"]
    assert _thanks_function(postgres, shop) == [(SHOP_OWNER, True, path, False, False, True)]
    granted = (_privileges(postgres, shop, "survey_thanks"), _policies(postgres, shop, "survey_thanks"))

    open_database(owner_url)
    try:
        assert _thanks_function(postgres, shop) == [(SHOP_OWNER, True, path, True, False, True)]
        assert (_privileges(postgres, shop, "survey_thanks"), _policies(postgres, shop, "survey_thanks")) \
            == granted
        assert _refused(_url(postgres, shop, "survey_probe", "probe-password-1"),
                        "SELECT * FROM survey_card_by_token('x')") == "42501"
        # The old text is the first language's; the shop now writes the Spanish one.
        survey = Survey.get(Survey.name == "Customer feedback")
        definition = get_survey(survey.id).definition
        assert (definition.thank_you_text, definition.thank_you_translations) == ("A free coffee at the till.", {})
        update_survey(Staff.get(Staff.role == Role.OWNER.value), survey.id, dataclasses.replace(
            definition, thank_you_translations={"es": "Un café gratis en caja."}))
    finally:
        close_database()
    assert _as(survey_url, "SELECT thank_you_text, thank_you_translations FROM survey_card_by_token(%s)",
               (token,)) == [("A free coffee at the till.", '{"es": "Un café gratis en caja."}')]

    server, base = _start_server(survey_url)
    try:
        thanked = {}
        for lang in ("es", "fr"):
            status, _where, page = _fetch(f"{base}/s/{token}?lang={lang}")
            nonce = re.search(r'name="nonce" value="([^"]+)"', page)
            assert status == 200 and nonce, page
            status, final, thanked[lang] = _fetch(f"{base}/s/{token}",
                                                  {"nonce": nonce.group(1), "lang": lang, "csat": "5"})
            assert status == 200 and final.endswith(f"/thanks?lang={lang}")
    finally:
        server.terminate()
        _out, errors = server.communicate(timeout=30)
    assert "Traceback" not in errors
    assert '<p lang="es">Un café gratis en caja.</p>' in thanked["es"]
    assert '<p lang="en">A free coffee at the till.</p>' in thanked["fr"]

    # Applied again, by the administrator this time (a history row removed by hand): the same.
    _owner_sql(postgres, shop, "DELETE FROM schema_migration WHERE name LIKE '0015%'")
    open_database(_url(postgres, shop, "smallcs"))
    close_database()
    assert _thanks_function(postgres, shop) == [(SHOP_OWNER, True, path, True, False, True)]
    assert (_privileges(postgres, shop, "survey_thanks"), _policies(postgres, shop, "survey_thanks")) == granted


def test_a_table_in_use_changes_nothing(postgres: ThrowawayPostgres, shop: str) -> None:
    admin_url = _url(postgres, shop, "smallcs")
    with psycopg.connect(_url(postgres, shop, SHOP_OWNER)) as counter:
        counter.execute("SELECT count(*) FROM setting")  # a counter's transaction, still open
        with pytest.raises(DatabaseError, match="in use right now: nothing was changed"):
            set_up_survey_role(admin_url, "survey_busy", read_password=lambda: SURVEY_PASSWORD)
        counter.rollback()
    assert "survey_busy" not in _roles(postgres)
    assert _owner_sql(postgres, shop, "SELECT count(*) FROM audit_event"
                                      " WHERE action = 'database.survey_role'") == [(0,)]
