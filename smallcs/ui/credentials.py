"""User name + password form shared by the log-in dialog and the lock screen."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from smallcs import accounts
from smallcs.errors import SmallCSError
from smallcs.i18n import _
from smallcs.models import Staff
from smallcs.ui import workers
from smallcs.ui.error_dialog import show_error


class CredentialsForm(QWidget):
    """Asks for a user name and password and emits ``authenticated`` on success."""

    authenticated = Signal(object)  # Staff
    refused = Signal(str)  # the reason shown to the user

    def __init__(self, *, purpose: str, button_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._purpose = purpose
        self._task: workers.Task | None = None
        self.username = QLineEdit()
        self.username.setObjectName("username")
        self.username.setAccessibleName(_("User name"))
        self.username.setMaxLength(40)
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setAccessibleName(_("Password"))
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setMaxLength(accounts.MAX_PASSWORD_LENGTH)
        self.message = QLabel()
        self.message.setObjectName("loginMessage")
        self.message.setWordWrap(True)
        self.message.setProperty("role", "error")
        self.message.hide()
        self._button_text = button_text
        self.submit = QPushButton(button_text)
        self.submit.setObjectName("submit")
        # Not a dialog default button: Return in the user name field must move on
        # to the password, not submit an empty one.
        self.submit.setAutoDefault(False)
        self.submit.setProperty("role", "primary")

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        user_label = QLabel(_("&User name"))
        user_label.setBuddy(self.username)
        password_label = QLabel(_("&Password"))
        password_label.setBuddy(self.password)
        form.addRow(user_label, self.username)
        form.addRow(password_label, self.password)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.submit, alignment=Qt.AlignmentFlag.AlignRight)

        self.submit.clicked.connect(self.try_credentials)
        self.username.returnPressed.connect(self.password.setFocus)
        self.password.returnPressed.connect(self.try_credentials)

    def set_purpose(self, purpose: str, button_text: str) -> None:
        """Name the audit event of the next attempt (``unlock``, ``switch``...) and what the button says."""
        self._purpose = purpose
        self._button_text = button_text
        if not self.is_checking():
            self.submit.setText(button_text)
        self._task: workers.Task | None = None

    def reset(self, username: str = "") -> None:
        """Clear the form, pre-filling ``username``, and focus the first empty field."""
        self.username.setText(username)
        self.password.clear()
        self.message.hide()
        (self.password if username else self.username).setFocus()

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()

    def is_checking(self) -> bool:
        """True while a password check runs in the background."""
        return self._task is not None

    def try_credentials(self) -> None:
        """Check what was typed on a worker thread (argon2id takes a moment).

        The form is disabled meanwhile; ``authenticated`` or ``refused`` follows.
        """
        if self.is_checking():
            return
        if not self.username.text().strip():
            self._refuse(_("Enter your user name."))
            self.username.setFocus()
            return
        username, password, purpose = self.username.text(), self.password.text(), self._purpose
        task = workers.Task(
            lambda _progress: accounts.authenticate(username, password, purpose=purpose)
        )
        task.signals.finished.connect(self._accepted)
        task.signals.failed.connect(self._failed)
        self._task = task
        self._set_enabled(False)
        self.submit.setText(_("Checking…"))
        workers.start(task)

    def _set_enabled(self, enabled: bool) -> None:
        for widget in (self.username, self.password, self.submit):
            widget.setEnabled(enabled)

    def _finish_check(self) -> None:
        self._task = None
        self._set_enabled(True)
        self.submit.setText(self._button_text)

    def _accepted(self, staff: Staff) -> None:
        self._finish_check()
        self.password.clear()
        self.message.hide()
        self.authenticated.emit(staff)

    def _failed(self, error: BaseException) -> None:
        self._finish_check()
        self.password.clear()
        self.password.setFocus()
        if isinstance(error, SmallCSError):
            self._refuse(str(error))
        else:
            self._refuse(_("The password could not be checked."))
            show_error(self, error)

    def _refuse(self, message: str) -> None:
        self.show_message(message)
        self.refused.emit(message)
