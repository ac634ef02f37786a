"""Fixtures for the Dashboard page: a year of demo data (built once per module) or an empty shop."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from pytestqt.qtbot import QtBot

from smallcs import accounts, demo
from smallcs.models import Staff
from smallcs.models.connection import close_database, open_database
from smallcs.models.enums import Role
from smallcs.ui.dashboard import DashboardPage
from smallcs.ui.main_window import PAGE_NAMES, MainWindow

PageMaker = Callable[[Staff], DashboardPage]


@pytest.fixture(autouse=True)
def _cheap_password_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Accounts are only actors here: a weak argon2id keeps each test's setup fast."""
    monkeypatch.setattr(accounts, "_hasher", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A year of demo data up to now, at scale 1, written once per module."""
    path = tmp_path_factory.mktemp("dashboard") / "demo.db"
    open_database(path)
    try:
        demo.load_demo()
    finally:
        close_database()
    return path


@pytest.fixture
def demo_owner(demo_file: Path, tmp_path: Path) -> Iterator[Staff]:
    """A private copy of the demo database, bound to the models; yields its owner."""
    copy = tmp_path / "demo.db"
    shutil.copyfile(demo_file, copy)
    open_database(copy)
    yield Staff.get(Staff.role == Role.OWNER.value)
    close_database()


@pytest.fixture
def make_page(qtbot: QtBot) -> Iterator[PageMaker]:
    """Build the page as the main window does (no arguments, then actor, then refresh) and wait for it."""
    pages: list[DashboardPage] = []

    def make(actor: Staff) -> DashboardPage:
        page = DashboardPage()
        qtbot.add_widget(page)
        pages.append(page)
        page.set_actor(actor)
        page.resize(900, 700)
        page.show()
        with qtbot.wait_signal(page.loaded, timeout=20000):
            page.refresh()
        return page

    yield make
    for page in pages:  # no computation may outlive the test's database
        qtbot.wait_until(lambda p=page: not p.busy, timeout=20000)


def settle(qtbot: QtBot, page: DashboardPage) -> None:
    """Wait until every computation asked for is on screen."""
    qtbot.wait_until(lambda: not page.busy, timeout=20000)


def window_on_dashboard(qtbot: QtBot, staff: Staff, database_file: Path, *,
                        size: tuple[int, int] | None = None) -> tuple[MainWindow, DashboardPage]:
    """The main window as the app builds it, on screen on its Dashboard page with the figures read."""
    window = MainWindow(staff, str(database_file))
    qtbot.add_widget(window)
    if size is not None:
        window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    window.show_page(PAGE_NAMES.index("dashboard"))
    page = window.page("dashboard")
    assert isinstance(page, DashboardPage)
    qtbot.waitUntil(lambda: page.snapshot is not None and not page.busy, timeout=20_000)
    return window, page
