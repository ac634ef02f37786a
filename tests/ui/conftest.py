"""Fixtures shared by the desktop tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from smallcs.models import Staff
from smallcs.ui.main_thread_gc import collect_on_ui_thread
from smallcs.ui.main_window import MainWindow


@pytest.fixture(autouse=True)
def _fresh_window_settings() -> None:
    """Each test starts with no remembered window size or page: Qt finds its settings
    folder once per process, so a window closed by an earlier test would choose them."""
    QSettings().clear()


@pytest.fixture(autouse=True)
def _cycles_collected_on_the_ui_thread(qapp: QApplication) -> Iterator[None]:
    """As in the app (``create_application``); handed back after each test, so the
    non-desktop tests that follow in the same process collect as Python does."""
    collector = collect_on_ui_thread(qapp)
    yield
    collector.stop()


@pytest.fixture
def window(qtbot: QtBot, owner: Staff, db_path: Path) -> MainWindow:
    """The main window on screen, the owner logged in."""
    win = MainWindow(owner, str(db_path))
    qtbot.add_widget(win)
    win.show()
    qtbot.wait_exposed(win)
    return win
