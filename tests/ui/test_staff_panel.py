"""Settings → Staff accounts, as the owner uses it."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QPushButton
from pytestqt.qtbot import QtBot

from smallcs import accounts
from smallcs.models import Staff
from smallcs.models.enums import Role
from smallcs.ui.settings_page import SettingsPage
from smallcs.ui.staff_panel import AccountDialog


def test_owner_adds_an_account_that_can_log_in(qtbot: QtBot, owner: Staff) -> None:
    dialog = AccountDialog(owner)
    qtbot.add_widget(dialog)
    qtbot.keyClicks(dialog.display_name, "Pat Counter")
    qtbot.keyClicks(dialog.username, "pat")
    dialog.role.setCurrentIndex(dialog.role.findData("manager"))
    qtbot.keyClicks(dialog.password, "pat-password")
    qtbot.keyClicks(dialog.confirm, "pat-password")
    dialog.accept()
    assert dialog.result() == dialog.DialogCode.Accepted
    pat = accounts.authenticate("pat", "pat-password")
    assert (pat.display_name, pat.role) == ("Pat Counter", "manager")


def test_a_refused_account_keeps_the_dialog_open_with_the_reason(qtbot: QtBot, owner: Staff) -> None:
    dialog = AccountDialog(owner)
    qtbot.add_widget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.username, "olivia")
    qtbot.keyClicks(dialog.password, "whatever-123")
    qtbot.keyClicks(dialog.confirm, "whatever-123")
    dialog.accept()
    assert dialog.isVisible()
    assert dialog.error.text() == "The user name olivia is taken."
    assert Staff.select().count() == 1


def test_only_owners_see_the_staff_accounts(qtbot: QtBot, owner: Staff, manager: Staff) -> None:
    page = SettingsPage()
    qtbot.add_widget(page)
    page.show()
    page.set_actor(owner)
    assert page.staff_panel.isVisible()
    assert page.staff_panel.table.rowCount() == 2
    page.set_actor(manager)
    assert not page.staff_panel.isVisible()
    assert page.save_button.isEnabled()


def test_the_settings_page_shows_every_account_without_a_second_scroll_bar(qtbot: QtBot, owner: Staff) -> None:
    """Eight accounts on a tall window: all rows in view, the list does not scroll inside the page."""
    for n in range(7):
        accounts.create_staff(owner, username=f"clerk{n}", display_name=f"Clerk {n}", role=Role.STAFF,
                              password="clerk-password")
    page = SettingsPage()
    qtbot.add_widget(page)
    page.resize(1100, 1400)
    page.show()
    page.set_actor(owner)
    table = page.staff_panel.table
    qtbot.waitUntil(lambda: table.rowCount() == 8)
    qtbot.waitUntil(lambda: table.visualRect(table.model().index(7, 0)).bottom() <= table.viewport().height())
    assert not table.verticalScrollBar().isVisible()


def test_the_account_dialog_says_what_a_role_may_do_and_what_a_password_needs(qtbot: QtBot, owner: Staff) -> None:
    dialog = AccountDialog(owner)
    qtbot.add_widget(dialog)
    dialog.show()
    dialog.role.setCurrentIndex(dialog.role.findData("staff"))
    staff_duties = dialog.role_duties.text()
    dialog.role.setCurrentIndex(dialog.role.findData("owner"))
    assert "staff accounts" in dialog.role_duties.text() and dialog.role_duties.text() != staff_duties
    labels = [label.text() for label in dialog.findChildren(QLabel)]
    assert any(f"At least {accounts.MIN_PASSWORD_LENGTH} characters" in text for text in labels)
    assert sorted(b.text() for b in dialog.findChildren(QPushButton) if b.isVisible()) == ["Add account", "Cancel"]
