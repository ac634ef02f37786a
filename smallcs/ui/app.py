"""Start the desktop app: database, first-run wizard or log-in, main window."""

from __future__ import annotations

import logging
import sys
import threading
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from smallcs import backup, paths, settings, setup
from smallcs.errors import SmallCSError
from smallcs.i18n import _
from smallcs.models import Staff
from smallcs.models.connection import describe, open_database
from smallcs.ui.error_dialog import install_excepthook
from smallcs.ui.language import apply_language
from smallcs.ui.login_dialog import LoginDialog
from smallcs.ui.theme import apply_theme

if TYPE_CHECKING:
    from smallcs.ui.main_window import MainWindow

log = logging.getLogger(__name__)


def create_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication with SmallCS's names (used by QSettings), icon and theme."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv or sys.argv)
    app.setApplicationName("SmallCS")
    app.setOrganizationName("SmallCS")
    app.setApplicationDisplayName("SmallCS")
    app.setWindowIcon(QIcon(str(paths.resources_dir() / "icons" / "smallcs.svg")))
    apply_language(app)
    apply_theme(app)
    return app


def _first_run() -> Staff | None:
    from smallcs.ui.first_run import FirstRunWizard  # only ever needed once

    wizard = FirstRunWizard()
    if wizard.exec() != QDialog.DialogCode.Accepted:
        return None
    return wizard.owner


def _main_window(staff: Staff | None, database_label: str) -> MainWindow:
    # Imported here: the window's modules load while the password is being checked.
    from smallcs.ui.main_window import MainWindow

    return MainWindow(staff, database_label)


def _warm_up_locale() -> None:
    from smallcs import locale_format  # Babel loads here, off the UI thread

    locale_format.warm_up()


def sign_in(database_label: str) -> MainWindow | None:
    """The first-run wizard or the log-in dialog, then the main window for that person.

    While the log-in dialog waits for the password, the main window is built
    behind it, so it is ready the moment the password is accepted.
    """
    if setup.is_first_run():
        owner = _first_run()
        return None if owner is None else _main_window(owner, database_label)
    dialog = LoginDialog(settings.get_profile().name)
    # The dates in the first page's list need the locale's data: load it while the password is typed.
    threading.Thread(target=_warm_up_locale, name="locale-warm-up", daemon=True).start()
    prepared: list[MainWindow] = []
    QTimer.singleShot(0, lambda: prepared.append(_main_window(None, database_label)))
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.staff is None:
        return None
    window = prepared[0] if prepared else _main_window(None, database_label)
    window.set_staff(dialog.staff)
    return window


def _database_is_sound() -> bool:
    """Quick integrity check at start-up; offer the latest good backup if it fails."""
    if backup.quick_check():
        return True
    answer = QMessageBox.critical(
        None, _("The database looks damaged"),
        _("SmallCS found damage in the shop's database (the details are in the log)."
          " Restore the latest good backup now? The damaged database is kept beside it."),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
    )
    if answer != QMessageBox.StandardButton.Yes:
        return True  # the owner chose to carry on; nothing is changed
    try:
        used = backup.restore_latest_good_backup()
    except SmallCSError as exc:
        QMessageBox.critical(None, _("Restore failed"), str(exc))
        return False
    if used is None:
        QMessageBox.critical(None, _("No backup found"), _(
            "There is no good backup in the backup folder. Copy the database file"
            " somewhere safe and ask for help before using it."))
        return False
    QMessageBox.information(None, _("Backup restored"), _("Restored {name}.").format(name=used.path.name))
    return True


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
    if not _database_is_sound():
        return 1
    window = sign_in(describe(target))
    if window is None:
        return 0
    window.show()
    return app.exec()
