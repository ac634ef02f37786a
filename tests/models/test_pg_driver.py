"""The PostgreSQL driver is loaded for PostgreSQL databases only (start-up time, issue #3).

peewee imports psycopg as it is imported; SmallCS hides it until a PostgreSQL URL
is opened (``smallcs/pg_driver.py``). Each check runs in a fresh interpreter, as
the app starts.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from smallcs.models.connection import close_database, open_database
from tests.pg_server import ThrowawayPostgres

# What peewee's import binds for the driver: every module-level name, and the
# driver's constants on its psycopg 3 adapter, as text that compares across processes.
FINGERPRINT = """
import json, types
import peewee

def show(value):
    if isinstance(value, types.ModuleType):
        return "module " + value.__name__
    if isinstance(value, type) or callable(value):
        return f"{getattr(value, '__module__', '?')}.{getattr(value, '__qualname__', '?')}"
    if value is None or isinstance(value, (bool, int, float, str, bytes)):
        return repr(value)
    return "instance of " + type(value).__qualname__

adapter = peewee.Psycopg3Adapter
print(json.dumps({
    "globals": {name: show(value) for name, value in vars(peewee).items() if not name.startswith("__")},
    "adapter": {name: show(getattr(adapter, name)) for name in ("txn_idle", "txn_inerror", "txn_unknown")},
}))
"""


def _python(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_opening_a_sqlite_database_does_not_import_the_postgresql_driver(db_path: Path) -> None:
    open_database(db_path)  # a new file is migrated here; the app then opens it as it is at a shop
    close_database()
    out = _python(
        "import sys\n"
        "import smallcs.cli\n"
        "from smallcs.models import Staff\n"
        "from smallcs.models.connection import open_database\n"
        f"open_database({str(db_path)!r})\n"
        "assert Staff.select().count() == 0\n"
        "print(sorted(name for name in sys.modules if name.split('.')[0] == 'psycopg'))\n"
    )
    assert out.strip() == "[]"


def test_a_postgresql_database_gets_what_peewee_binds_when_it_imports_the_driver_itself() -> None:
    as_peewee_does = json.loads(_python(FINGERPRINT))
    assert as_peewee_does["globals"]["psycopg"] == "module psycopg"  # this machine has the driver
    hidden_then_loaded = json.loads(_python(
        "import sys\n"
        "import smallcs.models.connection\n"
        "assert 'psycopg' not in sys.modules\n"
        "from smallcs import pg_driver\n"
        "pg_driver.load()\n" + FINGERPRINT))
    assert hidden_then_loaded == as_peewee_does


def test_a_fresh_process_opens_and_writes_a_postgresql_database(postgres: ThrowawayPostgres) -> None:
    url = postgres.new_database()
    out = _python(
        "import sys\n"
        "from smallcs import setup\n"
        "from smallcs.models import Staff, database\n"
        "from smallcs.models.connection import open_database\n"
        "assert 'psycopg' not in sys.modules\n"
        f"open_database({url!r})\n"
        "setup.initialise_shop(business_name='Corner Shop', timezone='Europe/Madrid', owner_username='olivia',"
        " owner_display_name='Olivia Owner', owner_password='owner-secret-1')\n"
        "print(type(database.obj._adapter).__name__, Staff.select().count())\n"
    )
    assert out.split() == ["Psycopg3Adapter", "1"]
