"""The log-in dialog and lockout, driven with the keyboard as at the counter."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

from smallcs.models import AuditEvent, Staff
from smallcs.ui.app import sign_in
from smallcs.ui.login_dialog import LoginDialog
from tests.conftest import OWNER_PASSWORD


def _dialog(qtbot: QtBot) -> LoginDialog:
    dialog = LoginDialog("Corner Shop")
    qtbot.add_widget(dialog)
    dialog.show()
    return dialog


def _type_credentials(qtbot: QtBot, dialog: LoginDialog, username: str, password: str) -> None:
    dialog.form.username.clear()
    qtbot.keyClicks(dialog.form.username, username)
    qtbot.keyClick(dialog.form.username, Qt.Key.Key_Return)  # moves on to the password
    qtbot.keyClicks(dialog.form.password, password)
    qtbot.keyClick(dialog.form.password, Qt.Key.Key_Return)
    assert dialog.form.is_checking()  # the password is checked off the UI thread
    assert not dialog.form.password.isEnabled()
    qtbot.waitUntil(lambda: not dialog.form.is_checking())


def test_right_password_logs_in(qtbot: QtBot, owner: Staff) -> None:
    dialog = _dialog(qtbot)
    assert "Corner Shop" in dialog.findChild(type(dialog.form.message), "loginTitle").text()
    _type_credentials(qtbot, dialog, "olivia", OWNER_PASSWORD)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.staff is not None and dialog.staff.id == owner.id


@pytest.mark.usefixtures("allow_warnings")
def test_wrong_password_is_explained_and_keeps_the_name(qtbot: QtBot, owner: Staff) -> None:
    dialog = _dialog(qtbot)
    _type_credentials(qtbot, dialog, "olivia", "wrong-password")
    assert dialog.isVisible()
    assert dialog.form.message.isVisible()
    assert dialog.form.message.text() == "Wrong user name or password."
    assert dialog.form.username.text() == "olivia"
    assert dialog.form.password.text() == ""
    assert dialog.focusWidget() is dialog.form.password


def test_empty_user_name_is_asked_for(qtbot: QtBot, owner: Staff) -> None:
    dialog = _dialog(qtbot)
    qtbot.mouseClick(dialog.form.submit, Qt.MouseButton.LeftButton)
    assert dialog.form.message.text() == "Enter your user name."
    assert not AuditEvent.select().where(AuditEvent.action == "login.failed").exists()


@pytest.mark.usefixtures("allow_warnings")
def test_lockout_is_shown_and_refuses_even_the_right_password(qtbot: QtBot, owner: Staff) -> None:
    dialog = _dialog(qtbot)
    for _ in range(5):
        _type_credentials(qtbot, dialog, "olivia", "wrong-password")
    assert "Too many failed attempts" in dialog.form.message.text()
    _type_credentials(qtbot, dialog, "olivia", OWNER_PASSWORD)
    assert dialog.isVisible()
    assert "Too many failed attempts" in dialog.form.message.text()
    assert Staff.get_by_id(owner.id).locked_until is not None


def test_sign_in_returns_the_main_window_for_the_person_who_logged_in(
    qtbot: QtBot, owner: Staff
) -> None:
    def type_password() -> None:
        dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, LoginDialog)]
        assert len(dialogs) == 1
        dialogs[0].form.username.setText("olivia")
        dialogs[0].form.password.setText(OWNER_PASSWORD)
        dialogs[0].form.try_credentials()

    QTimer.singleShot(0, type_password)
    window = sign_in("shop.db", lambda: None)
    assert window is not None
    qtbot.add_widget(window)
    assert not window.isVisible()  # shown by the caller, once it is ready
    assert window.staff is not None and window.staff.id == owner.id
    assert window.user_status.text() == "Logged in: Olivia Owner (Owner)"
