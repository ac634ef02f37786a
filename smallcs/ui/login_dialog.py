"""The log-in dialog shown at start-up."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel, QVBoxLayout, QWidget

from smallcs.i18n import _
from smallcs.models import Staff
from smallcs.ui.credentials import CredentialsForm
from smallcs.ui.theme import scaled


class LoginDialog(QDialog):
    """Asks who is at the counter; ``staff`` is set when the dialog is accepted."""

    def __init__(self, business_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.staff: Staff | None = None
        self.setWindowTitle(_("Log in — SmallCS"))
        self.setMinimumWidth(scaled(380))
        title = QLabel(business_name or "SmallCS")
        title.setObjectName("loginTitle")
        title.setProperty("role", "title")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        title.setWordWrap(True)  # a long shop name in a large font takes two lines, not the dialog's edges
        subtitle = QLabel(_("Log in to SmallCS"))
        subtitle.setAlignment(Qt.AlignmentFlag.AlignCenter)
        subtitle.setProperty("role", "muted")
        self.form = CredentialsForm(purpose="login", button_text=_("&Log in"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 20)
        layout.setSpacing(12)
        layout.addWidget(title)
        layout.addWidget(subtitle)
        layout.addSpacing(6)
        layout.addWidget(self.form)
        self.form.authenticated.connect(self._on_authenticated)
        self.form.reset()

    def _on_authenticated(self, staff: Staff) -> None:
        self.staff = staff
        self.accept()
