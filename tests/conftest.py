"""Shared fixtures: a real database per test (SQLite, and PostgreSQL for the service
layers), accounts, and log hygiene."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from smallcs import accounts, i18n, setup
from smallcs.models import Staff
from smallcs.models.connection import close_database, open_database
from smallcs.models.enums import Role
from tests.pg_server import TEMPLATE, ThrowawayPostgres

# Tests under these folders (and files) run on both SQLite and a real PostgreSQL
# server: the service, metrics and survey-server layers must agree on both.
BOTH_BACKENDS = ("complaints", "metrics", "surveys", "web", "safety", "test_customers.py", "test_goals.py",
                 "test_accounts.py", "test_settings.py")

OWNER_PASSWORD = "owner-secret-1"
STAFF_PASSWORD = "staff-secret-1"


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep every test away from the real per-user data, log and config folders."""
    home = tmp_path_factory.mktemp("home")
    for var, sub in (("XDG_DATA_HOME", "data"), ("XDG_STATE_HOME", "state"),
                     ("XDG_CONFIG_HOME", "config"), ("XDG_CACHE_HOME", "cache")):
        monkeypatch.setenv(var, str(home / sub))
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("SMALLCS_DB", raising=False)


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """Tests read the English texts, whatever language this machine runs in."""
    i18n.set_language("en")
    yield
    i18n.set_language("en")


@pytest.fixture(autouse=True)
def _fail_on_unexpected_warnings(
    request: pytest.FixtureRequest, caplog: pytest.LogCaptureFixture
) -> Iterator[None]:
    """A test fails if SmallCS logs a warning it did not expect (use allow_warnings)."""
    yield
    unexpected = [
        r for r in caplog.get_records("call")
        if r.levelno >= logging.WARNING and r.name.startswith("smallcs")
    ]
    if unexpected and "allow_warnings" not in request.fixturenames:
        messages = "; ".join(r.getMessage() for r in unexpected)
        pytest.fail(f"unexpected warnings logged: {messages}")


@pytest.fixture
def allow_warnings() -> None:
    """Request it in tests where SmallCS is expected to log warnings (failed log-ins)."""


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "shop.db"


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Run the service-layer tests that use the database once per back end."""
    relative = Path(metafunc.definition.path).relative_to(Path(__file__).parent).parts
    if "db_target" in metafunc.fixturenames and "db_path" not in metafunc.fixturenames \
            and relative[0] in BOTH_BACKENDS:
        metafunc.parametrize("db_target", ["sqlite", "postgresql"], indirect=True)


@pytest.fixture(scope="session")
def postgres() -> Iterator[ThrowawayPostgres]:
    """A throw-away PostgreSQL server for the session, with a migrated template database."""
    server = ThrowawayPostgres()
    try:
        server.start()
        server.execute(f"CREATE DATABASE {TEMPLATE}")
        open_database(server.url(TEMPLATE))
        close_database()
        yield server
    finally:
        server.stop()


@pytest.fixture
def db_target(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where this test's database lives: a SQLite file (``db_path``), or a new
    PostgreSQL database when the test is parametrised with "postgresql"."""
    if getattr(request, "param", "sqlite") == "postgresql":
        return str(request.getfixturevalue("postgres").new_database())
    return str(tmp_path / "shop.db")


@pytest.fixture
def db(db_target: str) -> Iterator[object]:
    """A fresh, migrated database bound to the models."""
    database = open_database(db_target)
    yield database
    close_database()


@pytest.fixture
def owner(db: object) -> Staff:
    return setup.initialise_shop(
        business_name="Corner Shop", timezone="Europe/Madrid",
        owner_username="olivia", owner_display_name="Olivia Owner", owner_password=OWNER_PASSWORD,
    )


@pytest.fixture
def manager(owner: Staff) -> Staff:
    return accounts.create_staff(owner, username="mario", display_name="Mario Manager",
                                 role=Role.MANAGER, password=STAFF_PASSWORD)


@pytest.fixture
def clerk(owner: Staff) -> Staff:
    return accounts.create_staff(owner, username="sam", display_name="Sam Staff",
                                 role=Role.STAFF, password=STAFF_PASSWORD)
