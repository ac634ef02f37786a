"""The time zone box: found by place in the user's language, holds the IANA name, says the time there."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from smallcs import clock, i18n, locale_format
from smallcs.ui.form_rows import with_notes
from smallcs.ui.time_zone_chooser import TimeZoneChooser


def _field(qtbot: QtBot, zone: str) -> QWidget:
    """The box with its note under it, shown, as a form holds it."""
    chooser = TimeZoneChooser(objectName="zone")
    chooser.set_zone(zone)
    field = with_notes(chooser, chooser.note)
    qtbot.add_widget(field)
    field.show()
    qtbot.waitExposed(field)
    return field


def _times_now(zone: str) -> set[str]:
    tz = clock.zone(zone)
    return {locale_format.time(clock.to_local(clock.utcnow(), tz))}


def test_a_spanish_place_name_finds_the_zone_and_the_box_keeps_its_iana_name(qtbot: QtBot) -> None:
    i18n.set_language("es")
    field = _field(qtbot, "Europe/Madrid")
    chooser = field.findChild(TimeZoneChooser)
    chooser.setFocus(Qt.FocusReason.TabFocusReason)
    chooser.fill()
    chooser.lineEdit().selectAll()
    QTest.keyClicks(chooser.lineEdit(), "nueva york")
    popup = chooser.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    assert "Estados Unidos (Nueva York)" in chooser.completer().currentCompletion()

    QTest.keyClick(popup, Qt.Key.Key_Down)
    QTest.keyClick(popup, Qt.Key.Key_Return)
    assert chooser.zone() == "America/New_York"
    assert chooser.currentText() == "America/New_York"


def test_the_note_says_where_the_zone_is_and_what_time_it_is_there(qtbot: QtBot) -> None:
    i18n.set_language("es")
    before = _times_now("Asia/Kathmandu")
    field = _field(qtbot, "Asia/Kathmandu")
    chooser = field.findChild(TimeZoneChooser)
    after = _times_now("Asia/Kathmandu")
    note = chooser.note.text()
    assert "Nepal (Katmandú)" in note and "UTC+05:45" in note
    assert any(time in note for time in before | after)


def test_a_zone_is_found_by_its_name_as_people_type_it(qtbot: QtBot) -> None:
    """In Spanish too, "new y" finds New York (its name has an underscore; the place says "Nueva York")."""
    i18n.set_language("es")
    field = _field(qtbot, "Europe/Madrid")
    chooser = field.findChild(TimeZoneChooser)
    chooser.fill()
    completer = chooser.completer()
    completer.setCompletionPrefix("new y")
    assert completer.currentIndex().data(Qt.ItemDataRole.EditRole) == "America/New_York"


def test_a_posix_zone_is_told_by_its_real_offset(qtbot: QtBot) -> None:
    field = _field(qtbot, "Etc/GMT+2")
    chooser = field.findChild(TimeZoneChooser)
    assert "UTC-02:00" in chooser.note.text()


def test_text_that_is_no_zone_gets_no_note(qtbot: QtBot) -> None:
    field = _field(qtbot, "Europe/Madrid")
    chooser = field.findChild(TimeZoneChooser)
    chooser.lineEdit().selectAll()
    QTest.keyClicks(chooser.lineEdit(), "Nowhere/Special")
    assert chooser.note.text() == ""
    chooser.set_zone("Europe/Lisbon")
    assert "Portugal (Lisbon)" in chooser.note.text()
