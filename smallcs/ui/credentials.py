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


class CredentialsForm(QWidget):
    """Asks for a user name and password and emits ``authenticated`` on success."""

    authenticated = Signal(object)  # Staff

    def __init__(self, *, purpose: str, button_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._purpose = purpose
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

    def set_purpose(self, purpose: str) -> None:
        """Name the audit event of the next attempt (``unlock``, ``switch``...)."""
        self._purpose = purpose

    def reset(self, username: str = "") -> None:
        """Clear the form, pre-filling ``username``, and focus the first empty field."""
        self.username.setText(username)
        self.password.clear()
        self.message.hide()
        (self.password if username else self.username).setFocus()

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()

    def try_credentials(self) -> None:
        """Check what was typed; on failure say why and keep the user name."""
        if not self.username.text().strip():
            self.show_message(_("Enter your user name."))
            self.username.setFocus()
            return
        try:
            staff: Staff = accounts.authenticate(
                self.username.text(), self.password.text(), purpose=self._purpose
            )
        except SmallCSError as exc:
            self.password.clear()
            self.password.setFocus()
            self.show_message(str(exc))
            return
        self.password.clear()
        self.message.hide()
        self.authenticated.emit(staff)
