"""The time zone box in Settings: any part of a name finds the zone; the list is read when used."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from smallcs import clock, settings
from smallcs.models import Staff
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
