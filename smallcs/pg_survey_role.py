"""A PostgreSQL account for a survey server on a public host, allowed only what the survey pages need.

The survey pages look a card up by its token together with its survey, read the
shop's name and colour and the form-signing secret (two rows of ``setting``),
check the schema's version (``schema_migration``), and store an answer, marking
a single-use card answered. That is all this account may do: it holds no
privilege on the survey tables themselves, only EXECUTE on the two functions of
migration 0008, which run as the tables' owner and reach a card only by its
token and answer a single-use card only once; it cannot read a customer, a
complaint, a staff account, an answer already given, the audit log or any other
setting, nor list the cards; and it cannot change any table's shape. Column
privileges say which columns of ``setting``, row security
(``pg_grants.RowLimit``) which rows. If the public host is broken into, that is
what the intruder holds (docs/security.md).

``set_up_survey_role`` (``smallcs db survey-role NAME``) is run with the account
that owns SmallCS's tables. ``open_for_survey_server`` is how the survey server
opens its database: with the owning account (or a SQLite file) it migrates as
the app does; with a restricted account it never touches the schema and says
what is missing instead.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

import peewee

from smallcs import audit
from smallcs.errors import DatabaseError, DatabaseTooNew, ValidationError
from smallcs.i18n import _
from smallcs.models import Setting, Survey, SurveyCard, SurveyResponse
from smallcs.models.connection import (
    HISTORY_TABLE,
    apply_migrations,
    close_database,
    describe,
    migration_runner,
    open_database,
)
from smallcs.pg_grants import (
    LOCK_NOT_AVAILABLE,
    Grant,
    RowLimit,
    grant_exactly,
    ident,
    literal,
    one,
    row,
    sqlstate,
)
from smallcs.surveys.cards import (
    CARD_BY_TOKEN_ARGUMENTS,
    CARD_BY_TOKEN_FUNCTION,
    POSTER_BY_CODE_ARGUMENTS,
    POSTER_BY_CODE_FUNCTION,
)
from smallcs.surveys.responses import STORE_ANSWER_ARGUMENTS, STORE_ANSWER_FUNCTION
from smallcs.surveys.signing import form_secret
from smallcs.typed_text import check_storable

AUDIT_ACTION = "database.survey_role"
MIN_PASSWORD_LENGTH = 12
# Lower case only, so the name needs no quoting in a URL, pg_hba.conf or psql.
_ROLE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,39}$")
_POSTGRES_SCHEMES = ("postgres", "postgresql")
_INSUFFICIENT_PRIVILEGE = "42501"
# The settings the survey server reads: the business profile (smallcs.settings.get_profile:
# the shop's name and colour) and the form-signing secret (smallcs.surveys.signing).
# tests/web/test_pg_survey_role.py checks that it reads no other.
SURVEY_SETTING_KEYS = ("business_profile", "survey_form_secret")


def needed_grants() -> tuple[Grant, ...]:
    """What the survey pages do in SmallCS's database, and nothing more."""
    keys = ", ".join(literal(key) for key in SURVEY_SETTING_KEYS)
    return (
        # A card and its survey, by the card's token alone (migration 0008).
        Grant("EXECUTE", CARD_BY_TOKEN_FUNCTION, arguments=CARD_BY_TOKEN_ARGUMENTS),
        # A poster's token by its printed short code; no other card's (migration 0014).
        Grant("EXECUTE", POSTER_BY_CODE_FUNCTION, arguments=POSTER_BY_CODE_ARGUMENTS),
        # An answer to the card with a token: a single-use card's first one only.
        Grant("EXECUTE", STORE_ANSWER_FUNCTION, arguments=STORE_ANSWER_ARGUMENTS),
        # The business profile (the shop's name and colour) and the form-signing secret only.
        Grant("SELECT", Setting._meta.table_name,
              (Setting.key.column_name, Setting.value.column_name),
              limit=RowLimit(rows=f"{Setting.key.column_name} IN ({keys})")),
        Grant("SELECT", HISTORY_TABLE),                      # is the schema this version's?
    )


def withheld_grants(db: peewee.Database) -> tuple[Grant, ...]:
    """What an account set up before migration 0008 held on the survey tables and must not any more.

    Reading every card (and so every token), adding answers to any card and
    marking cards answered directly: the functions of ``needed_grants`` do what
    the pages need of these, for a card whose token is known.
    """
    response = SurveyResponse._meta
    grants = (
        Grant("SELECT", Survey._meta.table_name),
        Grant("SELECT", SurveyCard._meta.table_name),
        Grant("UPDATE", SurveyCard._meta.table_name),
        Grant("INSERT", response.table_name),
        Grant("SELECT", response.table_name),
    )
    sequence = one(db, "SELECT s.relname FROM pg_class s"
                       " WHERE s.oid = pg_get_serial_sequence(%s, %s)::regclass",
                   (ident(response.table_name), response.primary_key.column_name))
    if sequence:
        grants += (Grant("USAGE", str(sequence), sequence=True),)
    return grants


@dataclasses.dataclass(frozen=True)
class SurveyRoleReport:
    """What ``set_up_survey_role`` did, for the person who ran it."""

    role: str
    created: bool
    password_changed: bool
    grants: tuple[Grant, ...]
    survey_url: str
    schema: str
    schema_open_to_all: bool

    def summary(self) -> str:
        """Lines to print: what happened, what the account may do, the URL to use."""
        if self.created:
            lines = [_("Created the database account '{name}'.").format(name=self.role)]
        elif self.password_changed:
            lines = [_("Set a new password for the database account '{name}'.").format(name=self.role)]
        else:
            lines = [_("The database account '{name}' already exists; its password is unchanged.")
                     .format(name=self.role)]
        lines.append(_("It may now only:"))
        lines.extend(f"  {grant}" for grant in self.grants)
        lines.append(_("It finds a survey card only by its token and answers it only through"
                       " SmallCS's functions: an answered card takes no more answers. It cannot"
                       " list the cards or read customers, complaints, staff accounts, survey"
                       " answers, the audit log or any other setting, nor change anything else."))
        lines.append(_("On the survey server use --db {url} with the account's password in place"
                       " of PASSWORD.").format(url=self.survey_url))
        lines.append(_("Run this command again after each SmallCS update; it is safe to repeat."))
        if self.schema_open_to_all:
            lines.append(_(
                "Warning: every database account may create tables in the schema '{schema}'"
                " (PostgreSQL 14 and older). Ask the PostgreSQL administrator to run:"
                " REVOKE CREATE ON SCHEMA {schema} FROM PUBLIC;").format(schema=self.schema))
        return "\n".join(lines)


def is_postgresql(target: str) -> bool:
    """True when ``target`` (as ``--db``) names a PostgreSQL database."""
    return "://" in target and target.split("://", 1)[0].lower() in _POSTGRES_SCHEMES


def check_role_name(name: str) -> str:
    """``name`` when it makes a good account name, else ValidationError."""
    if not _ROLE_NAME.match(name) or name.startswith("pg_"):
        raise ValidationError(_(
            "'{name}' cannot be a database account name: use 1 to 40 lower-case letters, digits"
            " and underscores, starting with a letter (e.g. smallcs_survey).").format(name=name),
            field="name")
    return name


def check_password(password: str) -> str:
    """A password fit for an account on an internet-facing host, else ValidationError."""
    check_storable(password, field="password", label=_("The password"))
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationError(
            _("Choose a password of at least {n} characters for the database account.")
            .format(n=MIN_PASSWORD_LENGTH), field="password")
    return password


def set_up_survey_role(
    target: str,
    name: str,
    *,
    read_password: Callable[[], str],
    new_password: bool = False,
) -> SurveyRoleReport:
    """Create or update ``name``, the survey server's PostgreSQL account, with exactly what it needs.

    Safe to repeat: each run brings the schema up to date, then, in one
    transaction, takes back every privilege and row limit the account had on
    the tables and sequences the owner holds in its schema and grants the list
    again (``pg_grants.grant_exactly``), so it also follows a SmallCS update and
    undoes privileges granted by hand. The run is audited
    (``database.survey_role``, without a person: the command acts with the
    owner's database password, not a SmallCS log-in).

    Args:
        target: the shop's database URL, connecting as the account that owns its tables.
        name: the survey server's account (created when missing).
        read_password: asked for the password only when one is needed: a new
            account, or ``new_password``.
        new_password: set a new password on an account that exists.

    Raises:
        ValidationError: not PostgreSQL, a bad name or password, not run by the
            owning account, or an account that must not serve the survey pages.
        DatabaseError: the database cannot be opened, or a table stayed in use
            for longer than ``pg_grants.LOCK_TIMEOUT``.
    """
    if not is_postgresql(target):
        raise ValidationError(_(
            "A survey server account is only for PostgreSQL: with a SQLite file the survey server"
            " runs on the counter PC and needs no account of its own."))
    check_role_name(name)
    db = open_database(target, migrate=False)
    try:
        user, schema = row(db, "SELECT current_user, current_schema()")
        if not _may_change_schema(db):
            raise ValidationError(_(
                "Run this with the PostgreSQL account that owns SmallCS's tables (the one the"
                " counters use), not as '{user}'.").format(user=user))
        apply_migrations(db)  # the grants name this version's tables
        form_secret()  # the survey account may read the secret, not create it
        exists = _role_exists(db, name)
        verifier = ""
        if not exists or new_password:
            if not exists and not one(db, "SELECT rolsuper OR rolcreaterole FROM pg_roles"
                                          " WHERE rolname = current_user"):
                raise ValidationError(_(
                    "The account '{user}' may not create database accounts. Ask the PostgreSQL"
                    " administrator to create '{name}' once (on the database machine: sudo -u"
                    " postgres createuser --pwprompt {name}), then run this command again.")
                    .format(user=user, name=name))
            verifier = _password_verifier(db, name, check_password(read_password()))
        grants = needed_grants()
        try:
            with db.atomic():
                if not exists:
                    db.execute_sql(f"CREATE ROLE {ident(name)} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE"
                                   f" NOREPLICATION NOBYPASSRLS PASSWORD {literal(verifier)}")
                elif verifier:
                    _set_password(db, name, verifier)
                grant_exactly(db, name, grants)
                audit.record(None, AUDIT_ACTION, entity="database_role", entity_id=name,
                             detail={"created": not exists,
                                     "password_changed": exists and bool(verifier),
                                     "grants": [str(grant) for grant in grants]})
        except peewee.PeeweeException as exc:
            if sqlstate(exc) != LOCK_NOT_AVAILABLE:
                raise
            raise DatabaseError(_(
                "SmallCS's survey tables are in use right now: nothing was changed; run this"
                " command again in a moment.")) from exc
        open_to_all = bool(one(db, "SELECT has_schema_privilege(%s, %s, 'CREATE')", (name, schema)))
        return SurveyRoleReport(role=name, created=not exists,
                                password_changed=exists and bool(verifier),
                                grants=grants, survey_url=_survey_url(db, name), schema=schema,
                                schema_open_to_all=open_to_all)
    finally:
        close_database()


def open_for_survey_server(target: str) -> peewee.Database:
    """Open the database for the survey server, never changing the schema with a restricted account.

    With a SQLite file or the account that owns the tables, pending migrations
    are applied as the desktop app applies them. With any other PostgreSQL
    account (one made by ``set_up_survey_role``) the schema must already be this
    version's and the account must hold every privilege the pages need, each
    limited to the rows this version limits it to, and none of the table
    privileges this version withholds; if not, the server does not start and
    the message says who has to do what.

    Raises:
        DatabaseError: it cannot be opened, is out of date for this account, or
            the account lacks a privilege or a row limit, or holds a withheld one.
        DatabaseTooNew: a newer SmallCS has changed it.
    """
    db = open_database(target, migrate=False)
    try:
        if isinstance(db, peewee.PostgresqlDatabase) and not _may_change_schema(db):
            _check_restricted_account(db, target)
        else:
            apply_migrations(db)
    except BaseException:
        db.close()
        raise
    return db


def _check_restricted_account(db: peewee.Database, target: str) -> None:
    """Refuse, saying who must do what, unless the schema is current and the account holds every grant.

    Reads only: the history table's privilege comes first, because the
    schema's version is read from it. An account that may do what the pages
    need but also more (set up by an older SmallCS: the survey tables
    themselves, or rows no limit holds) is refused too: the limits
    docs/security.md promises must be in force.
    """
    user = str(one(db, "SELECT current_user"))
    if not one(db, "SELECT to_regclass(%s) IS NOT NULL", (ident(HISTORY_TABLE),)):
        raise DatabaseError(_(
            "The database {database} has no SmallCS tables yet: start SmallCS on the counter PC"
            " first, which sets the database up.").format(database=describe(target)))
    run_again = _("On the counter PC, run: smallcs db survey-role {name}").format(name=user)
    history = Grant("SELECT", HISTORY_TABLE)
    if not history.privilege_held(db):
        raise DatabaseError(_("The database account '{name}' may not read SmallCS's tables yet."
                              ).format(name=user) + " " + run_again)
    status = migration_runner(db).status()
    newer = [m.name for m in status if m.path is None]
    if newer:
        raise DatabaseTooNew(_(
            "The shop's database was updated by a newer version of SmallCS ({names}): install"
            " that version on this server too.").format(names=", ".join(newer)))
    if any(m.applied is None for m in status):
        raise DatabaseError(_(
            "The shop's database needs an update that this survey server's database account may"
            " not make: ask the shop to update SmallCS on the counter PC first, then start the"
            " survey server again."))
    grants = needed_grants()
    missing = [grant for grant in grants if not grant.privilege_held(db)]
    if missing:
        raise DatabaseError(_("The database account '{name}' lacks privileges the survey pages"
                              " need ({missing}).").format(
            name=user, missing="; ".join(str(g) for g in missing)) + " " + run_again)
    extra = [grant for grant in withheld_grants(db) if grant.reached(db)]
    if extra:
        raise DatabaseError(_("The database account '{name}' may do more than the survey pages"
                              " need: it still holds {privileges}.").format(
            name=user, privileges="; ".join(str(g) for g in extra)) + " " + run_again)
    unlimited = [grant for grant in grants if not grant.limit_held(db)]
    if unlimited:
        raise DatabaseError(_("The database account '{name}' may do more than the survey pages"
                              " need: it is not yet limited to {limits}.").format(
            name=user, limits="; ".join(str(g) for g in unlimited)) + " " + run_again)
    try:
        form_secret()
    except peewee.ProgrammingError as exc:
        if sqlstate(exc) != _INSUFFICIENT_PRIVILEGE:
            raise
        raise DatabaseError(_("The survey forms' secret is missing and the account '{name}' may"
                              " not create it.").format(name=user) + " " + run_again) from exc


def _may_change_schema(db: peewee.Database) -> bool:
    """True when the connected account owns SmallCS's tables (or may create them in an empty database).

    Superusers count as owners. The migration history table stands for every
    table: whoever migrated the database owns them all.
    """
    return bool(one(db, "SELECT CASE WHEN to_regclass(%s) IS NULL"
                        " THEN coalesce(has_schema_privilege(current_schema(), 'CREATE'), false)"
                        " ELSE pg_has_role((SELECT relowner FROM pg_class WHERE oid = to_regclass(%s)),"
                        " 'USAGE') END", (ident(HISTORY_TABLE), ident(HISTORY_TABLE))))


def _role_exists(db: peewee.Database, name: str) -> bool:
    """Whether the account exists; refused when it is an administrator or owns the tables.

    An account that bypasses row security counts as an administrator: the row
    limits would not hold it.
    """
    found = db.execute_sql(
        "SELECT r.rolsuper OR r.rolbypassrls OR pg_has_role(r.oid, c.relowner, 'USAGE')"
        " FROM pg_roles r, pg_class c WHERE r.rolname = %s AND c.oid = to_regclass(%s)",
        (name, ident(HISTORY_TABLE))).fetchone()
    if found is None:
        return False
    if found[0]:
        raise ValidationError(_(
            "'{name}' is a PostgreSQL administrator or owns SmallCS's tables: choose a new name"
            " for the survey server's account (e.g. smallcs_survey).").format(name=name), field="name")
    return True


def _password_verifier(db: peewee.Database, name: str, password: str) -> str:
    """The password as a SCRAM verifier made here (libpq), so the server never sees or logs it."""
    connection: Any = db.connection()
    return str(connection.pgconn.encrypt_password(password.encode(), name.encode(), None).decode("ascii"))


def _set_password(db: peewee.Database, name: str, verifier: str) -> None:
    try:
        db.execute_sql(f"ALTER ROLE {ident(name)} PASSWORD {literal(verifier)}")
    except peewee.ProgrammingError as exc:
        if sqlstate(exc) != _INSUFFICIENT_PRIVILEGE:
            raise
        raise ValidationError(_(
            "Only the PostgreSQL administrator may set a new password for '{name}' (on the"
            " database machine: sudo -u postgres psql -c '\\password {name}').").format(name=name)
        ) from exc


def _survey_url(db: peewee.Database, name: str) -> str:
    """The URL the survey server would use, as this connection reaches the database."""
    params = getattr(db, "connect_params", {})
    host = str(params.get("host") or "DATABASE-HOST")
    if ":" in host:
        host = f"[{host}]"
    port = f":{params['port']}" if params.get("port") else ""
    url = f"postgresql://{name}:PASSWORD@{host}{port}/{quote(str(db.database))}"
    if params.get("sslmode"):
        url += f"?sslmode={params['sslmode']}"
    return url
