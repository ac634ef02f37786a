"""The lock screen: hides the shop's data until someone logs back in."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from smallcs.i18n import _
from smallcs.models import Staff
from smallcs.ui.credentials import CredentialsForm
from smallcs.ui.theme import scaled


class LockScreen(QWidget):
    """Emits ``unlocked(staff)``: the same person, or another one switching in."""

    unlocked = Signal(object)  # Staff

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel()
        self.title.setProperty("role", "title")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.subtitle = QLabel()
        self.subtitle.setObjectName("lockSubtitle")
        self.subtitle.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.subtitle.setWordWrap(True)
        self.subtitle.setProperty("role", "muted")
        self.form = CredentialsForm(purpose="unlock", button_text=_("Un&lock"))
        card = QFrame()
        card.setObjectName("lockCard")
        card.setProperty("role", "card")
        card.setFixedWidth(scaled(420))
        card_layout = QVBoxLayout(card)
        card_layout.setContentsMargins(28, 24, 28, 24)
        card_layout.addWidget(self.title)
        card_layout.addWidget(self.subtitle)
        card_layout.addSpacing(8)
        card_layout.addWidget(self.form)
        row = QHBoxLayout()
        row.addStretch()
        row.addWidget(card)
        row.addStretch()
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(2)
        self.form.authenticated.connect(self.unlocked)

    def lock_for(self, staff: Staff, *, switching: bool) -> None:
        """Show the screen: pre-filled with ``staff`` to unlock, empty to switch user."""
        if switching:
            self.title.setText(_("Switch user"))
            self.subtitle.setText(_("Log in as the person now at the counter."))
            self.form.set_purpose("switch", _("&Log in"))
            self.form.reset()
        else:
            self.title.setText(_("Locked"))
            self.subtitle.setText(
                _("Locked by {name}. Enter your password to carry on, or log in as someone else.")
                .format(name=staff.display_name)
            )
            self.form.set_purpose("unlock", _("Un&lock"))
            self.form.reset(staff.username)
