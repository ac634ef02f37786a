"""Child process of bench_startup.py: open one window, paint it once, exit.

``bare`` is the floor: a bare PySide6 main window. ``app DB USER PASSWORD`` is
SmallCS: open and migrate-check the database, check the password (argon2id),
build the main window on the Complaints page, paint it once.
"""

from __future__ import annotations

import sys


def bare() -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.resize(1180, 760)
    window.show()
    QTimer.singleShot(0, app.quit)
    app.exec()


def smallcs_app(db: str, username: str, password: str) -> None:
    from PySide6.QtCore import QTimer

    from smallcs import accounts
    from smallcs.models.connection import open_database
    from smallcs.ui.app import create_application
    from smallcs.ui.main_window import MainWindow

    app = create_application(sys.argv[:1])
    open_database(db)
    staff = accounts.authenticate(username, password)
    window = MainWindow(staff, db)
    window.show()
    QTimer.singleShot(0, app.quit)
    app.exec()


if __name__ == "__main__":
    if sys.argv[1] == "bare":
        bare()
    else:
        smallcs_app(*sys.argv[2:5])
