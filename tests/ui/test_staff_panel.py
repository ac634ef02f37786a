"""Settings → Staff accounts, as the owner uses it."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from smallcs import accounts
from smallcs.models import Staff
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
