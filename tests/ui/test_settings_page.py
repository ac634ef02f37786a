"""Settings: the time zone box (any part of a name finds the zone; the list is read when used),
notes that keep their lines at any width, and every section's fields in one column."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPoint, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from smallcs import clock, settings
from smallcs.models import Staff
from smallcs.ui.main_window import PAGE_NAMES, MainWindow
from smallcs.ui.settings_page import SettingsPage
from smallcs.ui.theme import accent_colour, set_accent
from tests.ui.conftest import themed_at


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
    assert completer.currentIndex().data(Qt.ItemDataRole.EditRole) == "Europe/Paris"

    chooser.set_zone("Europe/Paris")
    page.save()
    assert settings.get_profile().timezone == "Europe/Paris"


@pytest.mark.parametrize("logo", [False, True], ids=["no logo", "a logo"])
@pytest.mark.parametrize("width", [1180, 1400, 1800])
def test_settings_notes_keep_every_line_at_any_window_width(
        qtbot: QtBot, window: MainWindow, owner: Staff, width: int, logo: bool) -> None:
    """A wrapped note under its box: all its lines shown, none drawn under the box above; also
    with a logo, whose taller row once squeezed the idle-lock note onto its box."""
    # a zone whose note's size hint (two lines) is taller than the one line it takes here
    profile = dataclasses.replace(settings.get_profile(), timezone="America/Indiana/Knox")
    if logo:
        profile = dataclasses.replace(profile, logo_png_base64=settings.logo_to_base64(_png(600, 300)))
    settings.save_profile(owner, profile)
    window.resize(width, 740)
    window.show_page(PAGE_NAMES.index("settings"))
    page = window.page("settings")
    assert isinstance(page, SettingsPage)
    notes = (page.idle_lock_note, page.timezone.note)
    # the layout settles over a few turns of the event loop, more of them on a busy machine
    qtbot.waitUntil(lambda: all(note.height() >= note.heightForWidth(note.width()) for note in notes),
                    timeout=2000)
    assert page.logo_preview.isVisible() == logo
    for box, note in ((page.idle_lock, page.idle_lock_note), (page.timezone, page.timezone.note)):
        above = box.mapTo(page, box.rect().bottomLeft()).y()
        assert note.mapTo(page, note.rect().topLeft()).y() > above


def _restyle(qapp: QApplication) -> None:
    """The theme's style sheet made for the application font, as the theme does when it changes."""
    set_accent(qapp, accent_colour().name())


@pytest.fixture(params=[None, 15.0], ids=["system font", "15 pt"])
def themed(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[None]:
    """The application font as a user set it (None: as it is) and the theme made for it, as at
    start-up; the font, style sheet, palette and theme settings are put back after the test."""
    yield from themed_at(qapp, request.param or 0)


@pytest.fixture
def page(qtbot: QtBot, owner: Staff, themed: None) -> SettingsPage:
    """The settings page on screen for the owner."""
    page = SettingsPage()
    qtbot.add_widget(page)
    page.resize(1400, 900)
    page.show()
    page.set_actor(owner)
    page.refresh()
    qtbot.wait_exposed(page)
    return page


def _left(widget: QWidget, page: QWidget) -> int:
    return widget.mapTo(page, QPoint(0, 0)).x()


def _middle(widget: QWidget, page: QWidget) -> int:
    return widget.mapTo(page, widget.rect().center()).y()


def _assert_fields_in_one_column(page: SettingsPage) -> None:
    backups = page.backup_panel
    column = _left(page.name, page)
    lefts = {name: _left(widget, page) for name, widget in (
        ("lock when idle", page.idle_lock), ("language", page.language),
        ("backup folder", backups.folder), ("keep", backups.keep), ("back up every day", backups.daily))}
    assert lefts == dict.fromkeys(lefts, column), f"business name field at x={column}"


def test_the_backup_fields_start_where_the_business_profile_fields_start(qtbot: QtBot, page: SettingsPage) -> None:
    """Backups keeps its own form below the tables, with the label column of the forms above."""
    qtbot.waitUntil(lambda: _assert_fields_in_one_column(page))


def test_the_fields_stay_in_one_column_when_the_desktop_font_grows(
    qtbot: QtBot, page: SettingsPage, qapp: QApplication
) -> None:
    qtbot.waitUntil(lambda: _assert_fields_in_one_column(page))
    before = _left(page.name, page)
    larger = qapp.font()
    larger.setPointSizeF(larger.pointSizeF() + 6)
    qapp.setFont(larger)
    _restyle(qapp)
    qtbot.waitUntil(lambda: _left(page.name, page) > before)
    qtbot.waitUntil(lambda: _assert_fields_in_one_column(page))


def _logo_label(page: SettingsPage) -> QLabel:
    return next(label for label in page.findChildren(QLabel) if label.buddy() is page.choose_logo)


def _png(width: int, height: int) -> bytes:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("#1F6FB2"))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data)


def test_with_no_logo_the_logo_label_is_level_with_the_no_logo_text_and_the_buttons(
    qtbot: QtBot, page: SettingsPage
) -> None:
    label = _logo_label(page)
    assert page.no_logo.isVisible() and not page.logo_preview.isVisible()
    for widget in (page.no_logo, page.choose_logo, page.remove_logo):
        assert abs(_middle(label, page) - _middle(widget, page)) <= 2, widget.objectName()
    assert _left(page.no_logo, page) == _left(page.name, page)  # the row's value, where every value starts


def test_a_stored_logo_is_previewed_in_place_of_the_no_logo_text(
    qtbot: QtBot, page: SettingsPage, owner: Staff
) -> None:
    settings.save_profile(owner, dataclasses.replace(
        settings.get_profile(), logo_png_base64=settings.logo_to_base64(_png(200, 80))))
    page.refresh()
    assert page.logo_preview.isVisible() and not page.logo_preview.pixmap().isNull()
    assert not page.no_logo.isVisible()
    assert page.remove_logo.isEnabled()
    label, preview = _logo_label(page), page.logo_preview
    assert preview.mapTo(page, QPoint(0, 0)).y() <= _middle(label, page) <= _middle(preview, page)

    page.remove_logo.click()
    assert page.no_logo.isVisible() and not page.logo_preview.isVisible()
    assert page.has_unsaved_edits()
