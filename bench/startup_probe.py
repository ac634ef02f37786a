"""Child process of bench_startup.py: open one window, paint it once, exit.

``bare`` is the floor: a bare PySide6 main window. ``app DB USER PASSWORD`` is
SmallCS: open and migrate-check the database, show the log-in dialog, check the
password (argon2id), show the main window on its first page, paint it once.

``app`` runs as a shop's SQLite install does: without the PostgreSQL driver,
which only the ``postgresql`` extra installs (the test environment has it, and
peewee imports it eagerly, ~0.15 s). ``app-pg`` keeps the driver, as on a shop
that shares a PostgreSQL database between counters.
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
    """The real start-up path (``ui.app.sign_in``) with an instant typist.

    A zero timer set before ``sign_in`` types the credentials into the log-in
    dialog as soon as it shows; everything else is the app's own code.
    """
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from smallcs.models.connection import open_database
    from smallcs.ui.app import create_application, sign_in
    from smallcs.ui.login_dialog import LoginDialog

    app = create_application(sys.argv[:1])
    open_database(db)

    def type_credentials() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, LoginDialog):
                widget.form.username.setText(username)
                widget.form.password.setText(password)
                widget.form.try_credentials()
                return
        raise SystemExit("no log-in dialog")

    QTimer.singleShot(0, type_credentials)
    window = sign_in(db)
    if window is None:
        raise SystemExit("log-in failed")
    window.show()
    QTimer.singleShot(0, app.quit)
    app.exec()


if __name__ == "__main__":
    if sys.argv[1] == "bare":
        bare()
    else:
        if sys.argv[1] == "app":
            for driver in ("psycopg", "psycopg2", "psycopg2cffi"):
                sys.modules[driver] = None  # type: ignore[assignment] - "not installed"
        smallcs_app(*sys.argv[2:5])
