"""Fixtures shared by the desktop tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TypeVar

import pytest
from PySide6.QtCore import QEvent, QSettings
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from smallcs import i18n
from smallcs.models import Staff
from smallcs.ui import theme
from smallcs.ui.main_thread_gc import collect_on_ui_thread
from smallcs.ui.main_window import MainWindow

W = TypeVar("W", bound=QWidget)


@pytest.fixture(autouse=True)
def _fresh_window_settings() -> None:
    """Each test starts with no remembered window size or page: Qt finds its settings
    folder once per process, so a window closed by an earlier test would choose them."""
    QSettings().clear()


@pytest.fixture(autouse=True)
def _earlier_windows_deleted(qapp: QApplication) -> None:
    """The windows of the tests before are really gone: pytest-qt closes them with ``deleteLater``,
    which outside an event loop waits for one; hundreds of widgets a test piled up, and each change of
    the application's font or style sheet (the ``look`` fixture) restyled them all, seconds a test."""
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


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


def themed_at(qapp: QApplication, points: float) -> Iterator[None]:
    """The application font at ``points`` (the usual one for 0), themed as the app themes it, until
    the generator resumes: the font, style sheet, palette and theme settings are put back then."""
    state = {name: qapp.property(name) for name in ("smallcsTheme", "smallcsAccent", "smallcsDark",
                                                     "smallcsHighContrast", "smallcsFollowSystem")}
    sheet, palette, normal = qapp.styleSheet(), qapp.palette(), qapp.font()
    if points:
        font = QFont(normal)
        font.setPointSizeF(points)
        qapp.setFont(font)
    theme.apply_theme(qapp, dark=False)
    yield
    qapp.setFont(normal)
    for name, value in state.items():
        qapp.setProperty(name, value)
    qapp.setPalette(palette)
    qapp.setStyleSheet(sheet)


@pytest.fixture(params=[("en", 0), ("es", 0), ("en", 15), ("es", 15)],
                ids=["en", "es", "en-15pt", "es-15pt"])
def look(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[str]:
    """The app as a user sees it, in English and Spanish, at the usual text size and at 15 pt.

    Themed (the style sheet's sizes follow the font); the language, font and theme are put back after.
    """
    language, points = request.param
    for _themed in themed_at(qapp, points):
        i18n.set_language(language)
        yield language


def settle_layout() -> None:
    """A few turns of the event loop: wrapped labels measure themselves, then windows grow for them."""
    for _ in range(3):
        QApplication.processEvents()


def shown(qtbot: QtBot, window: W) -> W:
    """``window`` on screen with its layout settled (``settle_layout``)."""
    window.show()
    qtbot.waitExposed(window)
    settle_layout()
    return window


def focused() -> QWidget:
    """The widget with the keyboard (offscreen, ``hasFocus`` is not to be trusted; this is)."""
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def following_the_system_scheme(qapp: QApplication) -> Iterator[QApplication]:
    """The app themed light and following the desktop's scheme (as it starts); put back after."""
    for _themed in themed_at(qapp, 0):
        theme.apply_theme(qapp, dark=False)
        qapp.setProperty("smallcsFollowSystem", True)
        yield qapp
