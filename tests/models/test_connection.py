"""Opening databases: paths, URLs, pragmas, migrations, refusing newer schemas."""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from playhouse.migrations import Runner

from smallcs import i18n
from smallcs.errors import DatabaseError, DatabaseTooNew
from smallcs.models import Category, Survey
from smallcs.models.connection import (
    HISTORY_TABLE,
    MIGRATIONS_DIR,
    close_database,
    describe,
    open_database,
)
from tests.ports import free_port


def test_new_database_is_migrated_seeded_and_private(db_path: Path) -> None:
    db = open_database(db_path)
    try:
        names = [c.name for c in Category.select().order_by(Category.sort_order)]
        assert names == ["Delivery delay", "Product defect", "Staff behaviour",
                         "Billing error", "Waiting time", "Other"]
        assert all(c.resolution_target_hours > c.response_target_hours for c in Category.select())
        assert Survey.get(Survey.name == "Customer feedback").active
        assert db.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
        assert db.execute_sql("PRAGMA busy_timeout").fetchone()[0] >= 5000
        assert db.execute_sql("PRAGMA synchronous").fetchone()[0] == 1
    finally:
        close_database()
    assert stat.S_IMODE(os.stat(db_path).st_mode) == 0o600


def test_sqlite_url_and_env_style_paths_open_the_same_file(tmp_path: Path) -> None:
    target = tmp_path / "viaurl.db"
    open_database(f"sqlite:///{target}")  # four slashes: absolute path
    close_database()
    assert target.exists()
    assert sqlite3.connect(target).execute("SELECT count(*) FROM category").fetchone()[0] == 6


def test_reopening_applies_nothing_twice(db_path: Path) -> None:
    open_database(db_path)
    close_database()
    open_database(db_path)
    try:
        assert Category.select().count() == 6
    finally:
        close_database()


def test_database_at_an_older_migration_is_upgraded(db_path: Path) -> None:
    db = open_database(db_path, migrate=False)
    Runner(db, directory=str(MIGRATIONS_DIR), table_name=HISTORY_TABLE).up("0001_initial")
    assert Category.select().count() == 0
    close_database()
    open_database(db_path)
    try:
        assert Category.select().count() == 6
    finally:
        close_database()


def test_database_from_a_newer_smallcs_is_refused_untouched(db_path: Path) -> None:
    open_database(db_path)
    close_database()
    with sqlite3.connect(db_path) as conn:
        conn.execute(f"INSERT INTO {HISTORY_TABLE} (name, applied) VALUES ('0099_future', '2030-01-01')")
    before = db_path.read_bytes()
    with pytest.raises(DatabaseTooNew, match="newer version of SmallCS"):
        open_database(db_path)
    assert db_path.read_bytes() == before


def test_a_file_that_is_not_a_database_is_refused_with_a_message(tmp_path: Path) -> None:
    junk = tmp_path / "notes.txt"
    junk.write_text("shopping list\n" * 200)
    with pytest.raises(DatabaseError, match="Cannot open"):
        open_database(junk)
    assert junk.read_text().startswith("shopping list")


@pytest.mark.parametrize("target, message", [
    ("/no/such/folder/shop.db", "does not exist"),
    ("mysql://user@host/db", "Unsupported database URL"),
    ("sqlite://", "names no file"),
])
def test_bad_targets_get_clear_messages(target: str, message: str) -> None:
    with pytest.raises(DatabaseError, match=message):
        open_database(target)


def test_describe_hides_passwords() -> None:
    assert describe("postgresql://shop:s3cret@db.local/shop") == "postgresql://shop:***@db.local/shop"
    assert describe("/home/ann/shop.db") == "/home/ann/shop.db"


@pytest.fixture
def spanish() -> Iterator[None]:
    i18n.set_language("es")
    yield
    i18n.set_language("en")


def test_refusals_are_said_in_the_users_language_not_the_drivers(spanish: None, tmp_path: Path) -> None:
    """The database library's and the driver's words are English (and multi-line): never shown."""
    junk = tmp_path / "informe.pdf"
    junk.write_bytes(b"%PDF-1.4\n" + b"x" * 4000)
    nobody = f"postgresql://tienda@127.0.0.1:{free_port()}/tienda"
    expected = {
        str(junk): f"No se puede abrir {junk}: no es una base de datos de SmallCS o está dañada.",
        "mysql://user@host/db": "La URL de base de datos «mysql://user@host/db» no es compatible: use una ruta de"
                                " archivo, sqlite:///ruta o postgresql://usuario@servidor/nombre.",
        "postgres://tienda": "No se puede usar «postgres://tienda»: no es una dirección de base de datos que SmallCS"
                             " pueda abrir. Use una ruta de archivo, sqlite:///ruta o"
                             " postgresql://usuario@servidor/nombre.",
        nobody: f"No se puede conectar con {nobody}: el servidor no respondió o rechazó la conexión. Compruebe"
                " que está en marcha y que la dirección, el usuario y la contraseña son correctos.",
    }
    for target, message in expected.items():
        with pytest.raises(DatabaseError) as refused:
            open_database(target)
        assert str(refused.value) == message
