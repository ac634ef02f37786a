"""Start the desktop app: database, first-run wizard or log-in, main window."""

from __future__ import annotations

import logging
import sys

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from smallcs import paths, settings, setup
from smallcs.errors import SmallCSError
from smallcs.i18n import _
from smallcs.models import Staff
from smallcs.models.connection import describe, open_database
from smallcs.ui.error_dialog import install_excepthook
from smallcs.ui.login_dialog import LoginDialog
from smallcs.ui.main_window import MainWindow
from smallcs.ui.theme import apply_theme

log = logging.getLogger(__name__)


def create_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication with SmallCS's names (used by QSettings), icon and theme."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv or sys.argv)
    app.setApplicationName("SmallCS")
    app.setOrganizationName("SmallCS")
    app.setApplicationDisplayName("SmallCS")
    app.setWindowIcon(QIcon(str(paths.resources_dir() / "icons" / "smallcs.svg")))
    apply_theme(app)
    return app


def sign_in() -> Staff | None:
    """First run: the wizard; otherwise the log-in dialog. None if the user gave up."""
    if setup.is_first_run():
        from smallcs.ui.first_run import FirstRunWizard  # only ever needed once

        wizard = FirstRunWizard()
        if wizard.exec() != QDialog.DialogCode.Accepted:
            return None
        return wizard.owner
    dialog = LoginDialog(settings.get_profile().name)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.staff


def run_app(target: str) -> int:
    """Run the desktop app on the database at ``target``; returns the exit code."""
    app = create_application()
    install_excepthook()
    try:
        open_database(target)
    except SmallCSError as exc:
        log.error("cannot open database %s: %s", describe(target), exc)
        QMessageBox.critical(None, _("SmallCS cannot start"), str(exc))
        return 1
    staff = sign_in()
    if staff is None:
        return 0
    window = MainWindow(staff, describe(target))
    window.show()
    return app.exec()
