"""Exactly these privileges for one PostgreSQL account: table, column, sequence and function grants, with row limits.

A ``Grant`` is one privilege an account needs. Column privileges cannot say
*which rows*, so a grant may carry a ``RowLimit``: PostgreSQL's row security,
as a restrictive policy for that account alone. A table given row security
also gets one permissive policy for everyone (``smallcs_every_row``), so any
other account that may use the table sees what it saw before; the tables'
owner (the counters' account) is not subject to row security at all, as it
is not forced. ``grant_exactly`` takes back whatever the account held on the
owner's tables, sequences and functions, policies included, and grants the
list again, so it can run any number of times.

Each restrictive policy carries a comment with the condition it was made
with: ``Grant.limit_held`` compares it, so a policy left by a SmallCS that
limited the rows differently counts as missing, not as a limit in force.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

import peewee

EVERY_ROW_POLICY = "smallcs_every_row"
_EVERY_ROW_COMMENT = ("SmallCS: every account that may use this table sees every row, except the"
                      " accounts a restrictive policy names (smallcs db survey-role).")
_POLICY_COMMANDS = {"SELECT": "r", "INSERT": "a", "UPDATE": "w", "DELETE": "d"}
# How long granting waits for a table a counter is using before giving up (row security
# and policies need the table to themselves for a moment).
LOCK_TIMEOUT = "5s"
LOCK_NOT_AVAILABLE = "55P03"


@dataclasses.dataclass(frozen=True)
class RowLimit:
    """The rows a privilege reaches: ``rows``, an SQL condition on the table's columns."""

    rows: str

    def describe(self) -> str:
        """The condition as the policy's comment and the command's summary show it."""
        return f"where {self.rows}"


@dataclasses.dataclass(frozen=True)
class Grant:
    """One privilege an account needs: on a table (some columns or all, maybe some rows), a sequence,
    or a function (``relation`` is then its name, ``arguments`` its argument types)."""

    privilege: str
    relation: str
    columns: tuple[str, ...] = ()
    sequence: bool = False
    limit: RowLimit | None = None
    arguments: tuple[str, ...] | None = None

    def policy_name(self, role: str) -> str:
        """The name of the restrictive policy that carries this grant's row limit for ``role``."""
        return f"{role}_{self.privilege.lower()}"

    def statements(self, role: str) -> list[str]:
        """The GRANT giving this privilege to ``role``, then its row limit's policy and comment."""
        columns = f" ({', '.join(ident(c) for c in self.columns)})" if self.columns else ""
        if self.arguments is not None:
            target = f"FUNCTION {self._function()}"
        else:
            target = f"{'SEQUENCE' if self.sequence else 'TABLE'} {ident(self.relation)}"
        sql = [f"GRANT {self.privilege}{columns} ON {target} TO {ident(role)}"]
        if self.limit is not None:
            policy = f"{ident(self.policy_name(role))} ON {ident(self.relation)}"
            sql.append(f"CREATE POLICY {policy} AS RESTRICTIVE FOR {self.privilege} TO {ident(role)}"
                       f" USING ({self.limit.rows})")
            sql.append(f"COMMENT ON POLICY {policy} IS {literal(self._comment())}")
        return sql

    def privilege_held(self, db: peewee.Database) -> bool:
        """True when the connected account has this privilege (on every row it may reach)."""
        if self.arguments is not None:
            checks = [("SELECT has_function_privilege(%s, %s)", (self._function(), self.privilege))]
        elif self.sequence:
            checks = [("SELECT has_sequence_privilege(%s, %s)", (ident(self.relation), self.privilege))]
        elif self.columns:
            checks = [("SELECT has_column_privilege(%s, %s, %s)",
                       (ident(self.relation), column, self.privilege)) for column in self.columns]
        else:
            checks = [("SELECT has_table_privilege(%s, %s)", (ident(self.relation), self.privilege))]
        return all(bool(one(db, sql, params)) for sql, params in checks)

    def reached(self, db: peewee.Database) -> bool:
        """True when the connected account has this privilege on any part of the relation (any column).

        For privileges an account must *not* hold: a column privilege counts as much as the table's.
        """
        if self.arguments is not None or self.sequence:
            return self.privilege_held(db)
        return bool(one(db, "SELECT has_any_column_privilege(%s, %s)", (ident(self.relation), self.privilege)))

    def limit_held(self, db: peewee.Database) -> bool:
        """True when this grant's row limit binds the connected account (always, without a limit).

        That is: the table has row security, the account does not bypass it,
        and this grant's policy names the account alone, made with this version's condition.
        """
        if self.limit is None:
            return True
        return bool(one(db, (
            "SELECT c.relrowsecurity AND NOT r.rolbypassrls AND EXISTS (SELECT 1 FROM pg_policy p"
            " WHERE p.polrelid = c.oid AND p.polname = %s AND NOT p.polpermissive AND p.polcmd = %s"
            " AND p.polroles = ARRAY[r.oid] AND obj_description(p.oid, 'pg_policy') = %s)"
            " FROM pg_class c, pg_roles r WHERE c.oid = to_regclass(%s) AND r.rolname = current_user"),
            (self.policy_name(str(one(db, "SELECT current_user"))), _POLICY_COMMANDS[self.privilege],
             self._comment(), ident(self.relation))))

    def _comment(self) -> str:
        assert self.limit is not None
        return f"SmallCS: {self.privilege} {self.limit.describe()}"

    def _function(self) -> str:
        """The function's name and argument types, as GRANT and has_function_privilege take them."""
        assert self.arguments is not None
        return f"{ident(self.relation)}({', '.join(self.arguments)})"

    def __str__(self) -> str:
        columns = f" ({', '.join(self.columns)})" if self.columns else ""
        limit = f" {self.limit.describe()}" if self.limit is not None else ""
        arguments = f"({', '.join(self.arguments)})" if self.arguments is not None else ""
        return f"{self.privilege}{columns} on {self.relation}{arguments}{limit}"


def grant_exactly(db: peewee.Database, role: str, grants: Sequence[Grant]) -> None:
    """Take back what ``role`` had on the tables, sequences and functions we own in our schema; grant ``grants``.

    Runs inside the caller's transaction, so the account never holds a grant
    without its row limit. Waits at most ``LOCK_TIMEOUT`` for a table in use
    (peewee then raises an error with SQLSTATE ``LOCK_NOT_AVAILABLE``).
    """
    schema, database_name = row(db, "SELECT current_schema(), current_database()")
    db.execute_sql(f"SET LOCAL lock_timeout = {literal(LOCK_TIMEOUT)}")
    owned = db.execute_sql(
        "SELECT c.relname, c.relkind = 'S' FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
        " WHERE n.nspname = %s AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')"
        " AND pg_has_role(c.relowner, 'USAGE') ORDER BY c.relname", (schema,)).fetchall()
    for is_sequence in (False, True):
        names = [ident(relname) for relname, kind in owned if bool(kind) == is_sequence]
        if names:
            kind = "SEQUENCE" if is_sequence else "TABLE"
            db.execute_sql(f"REVOKE ALL ON {kind} {', '.join(names)} FROM {ident(role)}")
    # regprocedure's text is the quoted name with its argument types, as REVOKE takes it.
    routines = [signature for (signature,) in db.execute_sql(
        "SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
        " WHERE n.nspname = %s AND p.prokind IN ('f', 'p') AND pg_has_role(p.proowner, 'USAGE')"
        " ORDER BY 1", (schema,)).fetchall()]
    if routines:
        db.execute_sql(f"REVOKE ALL ON ROUTINE {', '.join(routines)} FROM {ident(role)}")
    _drop_policies_for(db, role, schema)
    if not one(db, "SELECT has_database_privilege(%s, current_database(), 'CONNECT')", (role,)):
        db.execute_sql(f"GRANT CONNECT ON DATABASE {ident(database_name)} TO {ident(role)}")
    if not one(db, "SELECT has_schema_privilege(%s, %s, 'USAGE')", (role, schema)):
        db.execute_sql(f"GRANT USAGE ON SCHEMA {ident(schema)} TO {ident(role)}")
    for relation in dict.fromkeys(g.relation for g in grants if g.limit is not None):
        _enable_row_security(db, relation)
    for grant in grants:
        for sql in grant.statements(role):
            db.execute_sql(sql)


def _drop_policies_for(db: peewee.Database, role: str, schema: str) -> None:
    """Drop the policies on our tables that name ``role`` alone (its row limits, old or made by hand)."""
    policies = db.execute_sql(
        "SELECT p.polname, c.relname FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid"
        " JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_roles r ON r.rolname = %s"
        " WHERE n.nspname = %s AND pg_has_role(c.relowner, 'USAGE') AND p.polroles = ARRAY[r.oid]",
        (role, schema)).fetchall()
    for policy, relation in policies:
        db.execute_sql(f"DROP POLICY {ident(policy)} ON {ident(relation)}")


def _enable_row_security(db: peewee.Database, relation: str) -> None:
    """Row security on ``relation``, with every row still open to every account no policy narrows."""
    if not one(db, "SELECT EXISTS (SELECT 1 FROM pg_policy WHERE polrelid = to_regclass(%s)"
                   " AND polname = %s)", (ident(relation), EVERY_ROW_POLICY)):
        policy = f"{ident(EVERY_ROW_POLICY)} ON {ident(relation)}"
        db.execute_sql(f"CREATE POLICY {policy} USING (true) WITH CHECK (true)")
        db.execute_sql(f"COMMENT ON POLICY {policy} IS {literal(_EVERY_ROW_COMMENT)}")
    if not one(db, "SELECT relrowsecurity FROM pg_class WHERE oid = to_regclass(%s)", (ident(relation),)):
        db.execute_sql(f"ALTER TABLE {ident(relation)} ENABLE ROW LEVEL SECURITY")


def sqlstate(exc: BaseException) -> str | None:
    """The SQLSTATE of the driver's error behind a peewee error (peewee raises its own while handling it)."""
    seen: BaseException | None = exc
    while seen is not None:
        state = getattr(seen, "sqlstate", None)
        if state:
            return str(state)
        seen = seen.__cause__ or seen.__context__
    return None


def row(db: peewee.Database, sql: str, params: Sequence[object] = ()) -> tuple[Any, ...]:
    """The first row of ``sql``."""
    return tuple(db.execute_sql(sql, params).fetchone())


def one(db: peewee.Database, sql: str, params: Sequence[object] = ()) -> Any:
    """The first column of the first row of ``sql``; None without a row."""
    found = db.execute_sql(sql, params).fetchone()
    return None if found is None else found[0]


def ident(name: str) -> str:
    """``name`` quoted as an SQL identifier."""
    return '"' + name.replace('"', '""') + '"'


def literal(text: str) -> str:
    """``text`` quoted as an SQL string (standard_conforming_strings, on since PostgreSQL 9.1)."""
    return "'" + text.replace("'", "''") + "'"
