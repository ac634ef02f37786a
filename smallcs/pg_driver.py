"""peewee without the PostgreSQL driver until a PostgreSQL database is opened.

peewee imports psycopg as it is itself imported, whatever the database: about
0.15 s of every start-up on a PC that has the driver installed (the
``postgresql`` extra, or a shared Python), even for a shop on SQLite.
``import_peewee`` (called by the package's ``__init__``, before any of our
modules imports peewee) imports peewee with psycopg hidden, as if it were not
installed; ``load`` hands it over when a PostgreSQL URL is opened, binding the
names peewee's own import binds (``tests/models/test_pg_driver.py`` compares
them with an ordinary import of peewee, so an upgrade that changes them fails
there rather than at a shop).
"""

from __future__ import annotations

import sys

DRIVER = "psycopg"


def import_peewee() -> None:
    """Import peewee with the driver hidden, unless either was imported already."""
    if "peewee" in sys.modules or DRIVER in sys.modules:
        return
    sys.modules[DRIVER] = None  # type: ignore[assignment]  # import psycopg: ImportError
    try:
        import peewee  # noqa: F401
    finally:
        if DRIVER in sys.modules and sys.modules[DRIVER] is None:
            del sys.modules[DRIVER]


def load() -> None:
    """Give peewee the driver ``import_peewee`` hid from it (nothing to do if it has it).

    Without the driver installed this does nothing, and connecting fails with
    peewee's own "driver not found", as it would have anyway.
    """
    import peewee

    if peewee.psycopg is not None:
        return
    try:
        import psycopg
        from psycopg.pq import TransactionStatus
        from psycopg.types.json import Json, Jsonb
    except ImportError:
        return
    peewee.psycopg = psycopg
    peewee.TransactionStatus = TransactionStatus  # type: ignore[attr-defined]
    peewee.Json_pg3, peewee.Jsonb_pg3 = Json, Jsonb
    # Set in the class body when peewee found the driver at import.
    adapter = peewee.Psycopg3Adapter
    adapter.txn_idle = TransactionStatus.IDLE
    adapter.txn_inerror = TransactionStatus.INERROR
    adapter.txn_unknown = TransactionStatus.UNKNOWN
