"""Opening on the Dashboard: the window built behind the log-in dialog has its figures in."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QSettings, QThreadPool
from pytestqt.qtbot import QtBot

from smallcs.models import Staff
from smallcs.ui.dashboard import DashboardPage
from smallcs.ui.main_window import MainWindow
from smallcs.ui.window_build import WindowBuild


@pytest.fixture(autouse=True)
def _figures_finish() -> Iterator[None]:
    """The figures are worked out on the thread pool: none may outlive the test's database."""
    yield
    QThreadPool.globalInstance().waitForDone(20_000)


def test_the_build_paints_the_dashboard_off_screen_once_its_figures_are_in(qtbot: QtBot, owner: Staff) -> None:
    """The build's last step (the first paint, rehearsed) waits for the figures, as it waits for the
    Complaints page's rows: painted without them, the window's real first paint would pay again."""
    QSettings().setValue("mainWindow/page", "dashboard")
    build = WindowBuild("shop.db")
    at_the_end: list[tuple[bool, bool]] = []
    windows: list[MainWindow] = []

    def step_done(left: int) -> None:
        if left:
            return
        window = build.finish()  # nothing left to run: the window as built
        windows.append(window)
        page = window.page("dashboard")
        assert isinstance(page, DashboardPage)
        at_the_end.append((page.snapshot is not None, page.is_reading()))

    build.step_done.connect(step_done)
    build.start()
    qtbot.wait_until(build.is_done, timeout=20_000)
    qtbot.add_widget(windows[0])

    assert at_the_end == [(True, False)]
    assert not windows[0].isVisible()


def test_signed_in_before_anything_was_built_the_window_does_not_wait_for_the_dashboard_s_figures(
    qtbot: QtBot, owner: Staff
) -> None:
    """Enter as the log-in dialog painted: the window waits a moment for the Complaints page's
    rows, not for the figures, which take longer to work out: it comes at once, saying it is
    working, and the figures follow."""
    QSettings().setValue("mainWindow/page", "dashboard")
    window = WindowBuild("shop.db").finish()
    qtbot.add_widget(window)

    page = window.page("dashboard")
    assert isinstance(page, DashboardPage)
    assert page.is_reading() and page.snapshot is None
    assert page.status.text() == "Working out the figures…"
    qtbot.wait_until(lambda: page.snapshot is not None, timeout=20_000)
