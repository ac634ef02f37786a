"""The main window: navigation, status bar, lock screen, user switch, geometry."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics, QKeySequence
from PySide6.QtWidgets import QApplication, QTableWidget
from pytestqt.qtbot import QtBot

from smallcs import i18n, settings
from smallcs.models import AuditEvent, Staff
from smallcs.ui.language import apply_language, choose_language
from smallcs.ui.main_window import MainWindow
from smallcs.ui.screen_fit import usable_size
from smallcs.ui.shortcuts import (
    COMPLAINT_KEYS,
    SHORTCUTS,
    ShortcutsDialog,
    keys_for,
    workflow_rows,
)
from tests.conftest import OWNER_PASSWORD, STAFF_PASSWORD


def test_status_bar_says_who_where_and_server_state(window: MainWindow, db_path: Path) -> None:
    assert window.user_status.text() == "Logged in: Olivia Owner (Owner)"
    assert str(db_path) in window.database_status.text()
    assert window.server_status.text() == "Survey server: off"
    assert window.windowTitle() == "Corner Shop — SmallCS"


def test_every_page_is_reachable_by_keyboard(
    qtbot: QtBot, window: MainWindow
) -> None:
    titles = []
    for number in range(1, 6):
        qtbot.keyClick(window, Qt.Key(Qt.Key.Key_0 + number), Qt.KeyboardModifier.ControlModifier)
        titles.append(window.navigation.currentItem().text())
        assert window.pages.currentIndex() == number - 1
        assert window.pages.currentWidget().isVisible()
    assert titles == ["Complaints", "Surveys", "Reports", "Dashboard", "Settings"]


def test_surveys_and_dashboard_pages_are_built_when_first_shown(window: MainWindow) -> None:
    from smallcs.ui.dashboard import DashboardPage
    from smallcs.ui.surveys.page import SurveysPage

    window.show_page(1)
    surveys = window.pages.currentWidget()
    assert isinstance(surveys, SurveysPage) and surveys.actor == window.staff
    assert surveys.surveys.rowCount() == 1  # the default survey
    window.show_page(3)
    assert isinstance(window.pages.currentWidget(), DashboardPage)


def test_lock_hides_the_shop_and_the_same_user_unlocks(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.is_locked()
    assert not window.workspace.isVisible()
    assert not window.menuBar().isEnabled()
    assert window.lock_screen.form.username.text() == "olivia"
    assert window.lock_screen.form.submit.text() == "Un&lock"
    qtbot.keyClicks(window.lock_screen.form.password, OWNER_PASSWORD)
    qtbot.keyClick(window.lock_screen.form.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not window.lock_screen.form.is_checking())
    assert not window.is_locked()
    assert window.workspace.isVisible()
    actions = [e.action for e in AuditEvent.select().order_by(AuditEvent.id)]
    assert actions[-2:] == ["lock", "unlock"]


@pytest.mark.usefixtures("allow_warnings")
def test_locked_screen_refuses_a_wrong_password(qtbot: QtBot, window: MainWindow) -> None:
    window.lock()
    qtbot.keyClicks(window.lock_screen.form.password, "not-the-password")
    qtbot.keyClick(window.lock_screen.form.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not window.lock_screen.form.is_checking())
    assert window.is_locked()
    assert window.lock_screen.form.message.text() == "Wrong user name or password."


def test_switch_user_changes_who_is_logged_in_and_what_they_may_do(
    qtbot: QtBot, window: MainWindow, clerk: Staff
) -> None:
    qtbot.keyClick(window, Qt.Key.Key_L,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert window.is_locked()
    assert window.lock_screen.form.username.text() == ""
    assert window.lock_screen.form.submit.text() == "&Log in"  # another person logs in, nobody unlocks
    qtbot.keyClicks(window.lock_screen.form.username, "sam")
    qtbot.keyClick(window.lock_screen.form.username, Qt.Key.Key_Return)
    qtbot.keyClicks(window.lock_screen.form.password, STAFF_PASSWORD)
    qtbot.keyClick(window.lock_screen.form.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not window.lock_screen.form.is_checking())
    assert window.user_status.text() == "Logged in: Sam Staff (Staff)"
    assert AuditEvent.select().order_by(AuditEvent.id.desc()).get().action == "switch"
    window.show_page(4)
    assert not window.settings_page.save_button.isEnabled()
    assert window.settings_page.read_only_note.isVisible()


def test_shortcuts_window_lists_every_shortcut(qtbot: QtBot) -> None:
    dialog = ShortcutsDialog()
    qtbot.add_widget(dialog)
    table = dialog.findChild(QTableWidget, "shortcutsTable")
    assert table.rowCount() == len(SHORTCUTS) + len(workflow_rows()) + len(COMPLAINT_KEYS)
    described = {table.item(row, 1).text() for row in range(table.rowCount())}
    assert "Lock the screen (leave the counter), from any SmallCS window" in described
    assert "OK in a workflow dialog (assign, escalate, resolve, follow up)" in described
    keys = {table.item(row, 1).text(): table.item(row, 0).text() for row in range(table.rowCount())}
    assert all(keys.values()), "every shortcut shows its keys"
    assert keys["Save the complaint (in quick entry)"] == "Ctrl+S / Ctrl+Enter"


def test_every_shortcut_description_shows_whole(qtbot: QtBot, look: str) -> None:
    """Nothing cut to "…", at the usual font and a large one, in English and Spanish: a description
    wraps rather than hide."""
    dialog = ShortcutsDialog()
    qtbot.add_widget(dialog)
    dialog.show()
    qtbot.wait_exposed(dialog)
    table = dialog.table
    assert table.horizontalScrollBar().maximum() == 0
    # Every row in sight, unless the screen is too short for them all: then the dialog is as tall as it allows.
    assert table.verticalScrollBar().maximum() == 0 or dialog.height() == usable_size(dialog).height()
    metrics = QFontMetrics(table.font())
    for row in range(table.rowCount()):
        for column in range(2):
            text = table.item(row, column).text()
            room = table.visualItemRect(table.item(row, column)).adjusted(3, 0, -3, 0)
            needed = metrics.boundingRect(room, int(Qt.TextFlag.TextWordWrap), text)
            assert needed.width() <= room.width() and needed.height() <= room.height(), text


def test_key_names_are_written_as_the_menus_write_them(qtbot: QtBot, qapp: QApplication, owner: Staff,
                                                       db_path: Path) -> None:
    """In Spanish Qt writes Ctrl as "Control" in the menus and the shortcuts window: the buttons too."""
    choose_language("es")
    apply_language(qapp)
    try:
        native = keys_for("newComplaint").toString(QKeySequence.SequenceFormat.NativeText)
        assert native == "Control+N"
        window = MainWindow(owner, str(db_path))
        qtbot.add_widget(window)
        assert f"({native})" in window.complaints_page.new_button.text()
    finally:
        choose_language("")
        apply_language(qapp)
        i18n.set_language("en")


def test_window_geometry_and_page_are_remembered(qtbot: QtBot, owner: Staff, db_path: Path) -> None:
    first = MainWindow(owner, str(db_path))
    qtbot.add_widget(first)
    first.show()
    first.resize(790, 610)  # within the offscreen screen (800 x 800)
    first.show_page(3)
    first.close()
    second = MainWindow(owner, str(db_path))
    qtbot.add_widget(second)
    second.show()
    assert (second.width(), second.height()) == (790, 610)
    assert second.current_page_name() == "dashboard"


def test_settings_page_saves_the_profile_through_the_service(qtbot: QtBot, window: MainWindow) -> None:
    window.show_page(4)
    page = window.settings_page
    page.name.clear()
    qtbot.keyClicks(page.name, "Corner Shop and Cafe")
    page.colour.setText("#AA3300")
    qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert page.message.text() == "Saved."
    assert window.windowTitle() == "Corner Shop and Cafe — SmallCS"
    assert settings.get_profile().accent_colour == "#AA3300"


def test_settings_page_shows_a_refusal_and_stores_nothing(qtbot: QtBot, window: MainWindow) -> None:
    window.show_page(4)
    page = window.settings_page
    page.survey_url.setText("ftp://example")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert page.message.text() == "The survey address must start with http:// or https://."
    assert settings.get_profile().survey_base_url == ""
