"""Fixtures shared by the desktop tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from smallcs.models import Staff
from smallcs.ui.main_window import MainWindow


@pytest.fixture(autouse=True)
def _fresh_window_settings() -> None:
    """Each test starts with no remembered window size or page: Qt finds its settings
    folder once per process, so a window closed by an earlier test would choose them."""
    QSettings().clear()


@pytest.fixture
def window(qtbot: QtBot, owner: Staff, db_path: Path) -> MainWindow:
    """The main window on screen, the owner logged in."""
    win = MainWindow(owner, str(db_path))
    qtbot.add_widget(win)
    win.show()
    qtbot.wait_exposed(win)
    return win
