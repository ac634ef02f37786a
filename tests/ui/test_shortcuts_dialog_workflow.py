"""F1 lists a complaint's workflow keys as its buttons underline them, and opens over the window, on screen."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from smallcs import i18n
from smallcs.ui.shortcuts import ShortcutsDialog


@pytest.fixture
def spanish() -> Iterator[None]:
    i18n.set_language("es")
    yield
    i18n.set_language("en")


def _listed(qtbot: QtBot, parent: QWidget | None = None) -> dict[str, str]:
    """What each row of the opened dialog does, and its keys."""
    dialog = ShortcutsDialog(parent)
    if parent is None:
        qtbot.add_widget(dialog)
    dialog.show()
    qtbot.wait_exposed(dialog)
    table = dialog.table
    return {table.item(row, 1).text(): table.item(row, 0).text() for row in range(table.rowCount())}


def test_the_workflow_buttons_letters_are_listed(qtbot: QtBot) -> None:
    keys = _listed(qtbot)
    assert keys["The complaint's “Escalate…” button"] == "Alt+E"
    assert keys["The complaint's “Reopen…” button"] == "Alt+O"
    assert keys["The complaint's “Close” button"] == "Alt+L"
    assert keys["The complaint's “Take-away receipt…” button"] == "Alt+K"
    assert keys["Add the step typed to the complaint shown (Enter in its note)"] == "Ctrl+Enter / Enter"
    assert keys["Add the suggested step the keyboard is on"] == "Space / Enter"


def test_in_spanish_the_letters_are_the_spanish_buttons(qtbot: QtBot, spanish: None) -> None:
    listed = _listed(qtbot)  # "The complaint's “Escalate…” button", in Spanish with «…»
    buttons = {found.group(1): key for description, key in listed.items()
               if (found := re.search(r"[“«„](.+?)[”»“]", description))}
    assert buttons["Escalar…"] == "Alt+E"
    assert buttons["Reabrir…"] == "Alt+B"  # "Rea&brir…", not the English Alt+O
    assert buttons["Cerrar"] == "Alt+C"  # "&Cerrar", not the English Alt+L


def _opened_over(qtbot: QtBot, place: QRect) -> tuple[QWidget, QRect]:
    """A window at ``place``, and the frame of the shortcuts dialog opened from it."""
    window = QWidget()
    qtbot.add_widget(window)
    window.setGeometry(place)
    window.show()
    qtbot.wait_exposed(window)
    dialog = ShortcutsDialog(window)
    dialog.show()
    qtbot.wait_exposed(dialog)
    dialog.grab().save("/tmp/shots/shortcuts.png")
    return window, dialog.frameGeometry()


def test_it_opens_centred_on_its_window(qtbot: QtBot) -> None:
    screen = QApplication.primaryScreen().availableGeometry()
    window, frame = _opened_over(qtbot, screen.adjusted(20, 40, -20, -20))
    assert screen.contains(frame), f"{frame} reaches outside {screen}"
    assert abs(frame.center().x() - window.frameGeometry().center().x()) <= 1
    assert abs(frame.center().y() - window.frameGeometry().center().y()) <= 1


def test_over_a_window_at_the_screens_edge_it_stays_on_screen(qtbot: QtBot) -> None:
    """Centred on a small window at the right edge, its right half would be off the screen."""
    screen = QApplication.primaryScreen().availableGeometry()
    place = QRect(0, 0, screen.width() // 3, screen.height() // 3)
    place.moveBottomRight(screen.bottomRight())
    _window, frame = _opened_over(qtbot, place)
    assert screen.contains(frame), f"{frame} reaches outside {screen}"
