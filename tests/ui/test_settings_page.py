"""Settings: the time zone box (any part of a name finds the zone; the list is read when used)
and notes that keep their lines at any width."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from smallcs import clock, settings
from smallcs.models import Staff
from smallcs.ui.main_window import PAGE_NAMES, MainWindow
from smallcs.ui.settings_page import SettingsPage


def test_the_stored_zone_shows_at_once_and_any_part_of_a_name_finds_a_zone(qtbot: QtBot, owner: Staff) -> None:
    page = SettingsPage()
    qtbot.add_widget(page)
    page.show()
    page.set_actor(owner)
    page.refresh()
    chooser = page.timezone
    assert chooser.zone() == settings.get_profile().timezone
    assert chooser.count() == 0  # tzdata not read while the page was built

    chooser.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: chooser.count() == len(clock.time_zone_names()))
    assert chooser.zone() == settings.get_profile().timezone  # listing kept the text
    assert not page.has_unsaved_edits()

    completer = chooser.completer()
    completer.setCompletionPrefix("paris")
    assert completer.currentCompletion() == "Europe/Paris"

    chooser.set_zone("Europe/Paris")
    page.save()
    assert settings.get_profile().timezone == "Europe/Paris"


@pytest.mark.parametrize("width", [1180, 1400, 1800])
def test_settings_notes_keep_every_line_at_any_window_width(qtbot: QtBot, window: MainWindow, width: int) -> None:
    """A wrapped note under its box: all its lines shown, none drawn under the box above."""
    window.resize(width, 740)
    window.show_page(PAGE_NAMES.index("settings"))
    page = window.page("settings")
    assert isinstance(page, SettingsPage)
    qtbot.wait(50)
    for box, note in ((page.idle_lock, page.idle_lock_note),):
        assert note.height() >= note.heightForWidth(note.width())
        above = box.mapTo(page, box.rect().bottomLeft()).y()
        assert note.mapTo(page, note.rect().topLeft()).y() > above
