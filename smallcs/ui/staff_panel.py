"""Settings → Staff accounts: the owner adds people, resets passwords, disables."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from smallcs import accounts
from smallcs.errors import SmallCSError
from smallcs.i18n import N_, _
from smallcs.models import Staff
from smallcs.models.enums import Role
from smallcs.permissions import role_name
from smallcs.ui.form_rows import form_widget, label_for, save_and_cancel, with_notes
from smallcs.ui.row_fitting_table import RowFittingTable
from smallcs.ui.theme import scaled

ROLE_DUTIES = {
    Role.STAFF: N_("Logs complaints and their steps, follows them up, enters survey answers."),
    Role.MANAGER: N_("Also changes the settings and categories, prints cards, makes reports, sets goals"
                     " and exports lists."),
    Role.OWNER: N_("Everything, also staff accounts, the audit log, restoring backups and the staff pages"
                   " of the report."),
}


class AccountDialog(QDialog):
    """Asks for a new account, or (``username`` given) a new password for one."""

    def __init__(self, actor: Staff, username: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._actor = actor
        self._username = username
        self.setWindowTitle(_("Reset password") if username else _("Add a staff account"))
        self.display_name = QLineEdit(objectName="newDisplayName", maxLength=80)
        self.username = QLineEdit(objectName="newUsername", maxLength=40)
        self.role = QComboBox(objectName="newRole")
        for role in (Role.STAFF, Role.MANAGER, Role.OWNER):
            self.role.addItem(role_name(role), role.value)
        self.password = QLineEdit(objectName="newPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.confirm = QLineEdit(objectName="newConfirm")
        self.confirm.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = QLabel(objectName="accountError")
        self.error.setProperty("role", "error")
        self.error.setWordWrap(True)
        self.error.hide()
        form = QFormLayout()
        if username is None:
            form.addRow(_("&Name"), self.display_name)
            form.addRow(_("&User name"), self.username)
            self.role_duties = QLabel(objectName="roleDuties", wordWrap=True)
            self.role_duties.setProperty("role", "muted")
            form.addRow(label_for(_("&Role"), self.role), with_notes(self.role, self.role_duties))
            self.role.currentIndexChanged.connect(self._show_duties)
            self._show_duties()
        else:
            form.addRow(QLabel(_("New password for {name}").format(name=username)))
        password_hint = QLabel(_("At least {n} characters, not the user name. Tell it to the person"
                                 " in private; they can log in with it at once.").format(
                                     n=accounts.MIN_PASSWORD_LENGTH), wordWrap=True)
        password_hint.setProperty("role", "muted")
        form.addRow(label_for(_("&Password"), self.password), with_notes(self.password, password_hint))
        form.addRow(_("R&epeat password"), self.confirm)
        layout = QVBoxLayout(self)
        layout.addWidget(form_widget(form))
        layout.addWidget(self.error)
        layout.addWidget(save_and_cancel(self, _("Set password") if username else _("Add account")))
        self.setMinimumWidth(scaled(440))

    def accept(self) -> None:
        """Save through the account service; stay open with the reason if refused."""
        if self.password.text() != self.confirm.text():
            self._fail(_("The two passwords differ."))
            return
        try:
            if self._username is None:
                accounts.create_staff(
                    self._actor, username=self.username.text(),
                    display_name=self.display_name.text(), role=Role(self.role.currentData()),
                    password=self.password.text(),
                )
            else:
                accounts.change_password(self._actor, self._username, self.password.text())
        except SmallCSError as exc:
            self._fail(str(exc))
            return
        super().accept()

    def _show_duties(self) -> None:
        self.role_duties.setText(_(ROLE_DUTIES[Role(self.role.currentData())]))

    def _fail(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()


class StaffPanel(QWidget):
    """The list of accounts with the owner's actions."""

    COLUMNS = (N_("Name"), N_("User name"), N_("Role"), N_("Status"))

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._actor: Staff | None = None
        self.account_dialog: AccountDialog | None = None  # open, adding an account or resetting a password
        self.table = RowFittingTable(len(self.COLUMNS), objectName="staffTable")
        self.table.setAccessibleName(_("Staff accounts"))
        self.table.setHorizontalHeaderLabels([_(c) for c in self.COLUMNS])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.add_button = QPushButton(_("Add acc&ount…"), objectName="addAccount")
        self.reset_button = QPushButton(_("Reset pass&word…"), objectName="resetPassword")
        self.disable_button = QPushButton(_("&Disable"), objectName="disableAccount")
        buttons = QHBoxLayout()
        buttons.addStretch()
        for button in (self.add_button, self.reset_button, self.disable_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        self.add_button.clicked.connect(self.add_account)
        self.reset_button.clicked.connect(self.reset_password)
        self.disable_button.clicked.connect(self.disable_account)
        self.table.itemSelectionChanged.connect(self._update_buttons)

    def set_actor(self, actor: Staff) -> None:
        self._actor = actor
        self.reload()

    def reload(self) -> None:
        people = accounts.list_staff(include_disabled=True)
        self.table.setRowCount(len(people))
        for row, person in enumerate(people):
            values = (person.display_name, person.username, role_name(person.role),
                      _("Active") if person.active else _("Disabled"))
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value))
        self._update_buttons()

    def selected_username(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return self.table.item(rows[0].row(), 1).text() if rows else None

    def _update_buttons(self) -> None:
        chosen = self.selected_username()
        self.reset_button.setEnabled(chosen is not None)
        self.disable_button.setEnabled(
            chosen is not None and self._actor is not None and chosen != self._actor.username
        )

    def add_account(self) -> None:
        if self._actor:
            self._open(AccountDialog(self._actor, parent=self), self.reload)

    def reset_password(self) -> None:
        username = self.selected_username()
        if self._actor and username:
            self._open(AccountDialog(self._actor, username, parent=self), lambda: QMessageBox.information(
                self, _("Password changed"), _("The new password for {name} is set.").format(name=username)))

    def _open(self, dialog: AccountDialog, then: Callable[[], None]) -> None:
        """Show ``dialog`` without waiting on it (a screen lock can put it away and bring it back)."""
        self.account_dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(then)
        dialog.finished.connect(lambda _result: setattr(self, "account_dialog", None))
        dialog.open()

    def disable_account(self) -> None:
        username = self.selected_username()
        if not (self._actor and username):
            return
        answer = QMessageBox.question(
            self, _("Disable account"),
            _("Disable {name}? They will no longer be able to log in; their history stays.")
            .format(name=username),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            accounts.disable_staff(self._actor, username)
        except SmallCSError as exc:
            QMessageBox.warning(self, _("Disable account"), str(exc))
        self.reload()
