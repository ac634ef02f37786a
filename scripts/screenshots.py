"""Make the screenshots in docs/images/ from a fresh demo database (offscreen).

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots.py
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from peewee import fn
from PySide6.QtWidgets import QApplication, QWidget

from smallcs import accounts, clock, demo
from smallcs.models import Complaint
from smallcs.models.connection import close_database, open_database
from smallcs.reports import automatic
from smallcs.ui.app import create_application
from smallcs.ui.first_run import FirstRunWizard
from smallcs.ui.language import apply_language, choose_language, chosen_language
from smallcs.ui.login_dialog import LoginDialog
from smallcs.ui.main_window import MainWindow

OUT = Path(__file__).resolve().parent.parent / "docs" / "images"
# The demo shop's year ends on the day the report pictures' does, and the clock stands still the next
# morning, so the dashboard shows the report's November and the pictures only change when the app does.
DEMO_UNTIL = dt.date(2026, 11, 30)
NOW = dt.datetime(2026, 12, 1, 9, 0)  # naive UTC, as clock.utcnow


def save(widget: QWidget, name: str) -> None:
    widget.show()
    for _ in range(5):
        QApplication.processEvents()
    widget.grab().save(str(OUT / name))
    print("wrote", OUT / name)


def settle(done: Callable[[], bool], timeout: float = 30.0) -> None:
    """Let worker threads finish (sleeping hands them the GIL) while the UI takes their results."""
    deadline = time.monotonic() + timeout
    while not done() and time.monotonic() < deadline:
        time.sleep(0.05)
        QApplication.processEvents()


def main() -> None:
    """The pictures in English (and one in Spanish), whatever language this computer's SmallCS is set to."""
    OUT.mkdir(parents=True, exist_ok=True)
    create_application(sys.argv[:1])
    users_language = chosen_language()
    real_clock = clock.utcnow
    clock.utcnow = lambda: NOW
    try:
        show_in("en")
        take_screenshots()
    finally:
        clock.utcnow = real_clock
        choose_language(users_language)


def show_in(language: str) -> None:
    choose_language(language)
    apply_language(QApplication.instance())


def take_screenshots() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        open_database(Path(tmp) / "empty.db")
        wizard = FirstRunWizard()
        wizard.resize(620, 460)
        wizard.business.name.setText("Harbour Street Hardware")
        wizard.business.timezone.setCurrentText("Europe/London")
        save(wizard, "first-run.png")
        wizard.close()
        close_database()

        open_database(Path(tmp) / "demo.db")
        summary = demo.load_demo(today=DEMO_UNTIL)
        login = LoginDialog("Harbour Street Hardware")
        login.form.username.setText(summary.owner_username)
        login.form.password.setText(summary.owner_password or "")
        save(login, "login.png")
        login.close()
        owner = accounts.authenticate(summary.owner_username, summary.owner_password or "")
        due = automatic.due_month(owner)
        if due is not None:  # the month-end offer's bar would stand over every page shown
            automatic.mark_done(owner, due, declined=True)
        window = MainWindow(owner, "~/.local/share/SmallCS/smallcs.db")
        window.resize(1180, 740)
        window.show_page(0)
        save(window, "main-window.png")
        # The Customers dialog on a regular customer with several complaints and answers.
        regulars = (Complaint.select(Complaint.customer).where(Complaint.customer.is_null(False))
                    .group_by(Complaint.customer).order_by(fn.COUNT(Complaint.id).desc()).limit(20))
        regular = next(row.customer for row in regulars if row.customer.name.isascii())
        window.show_customers(regular.id)
        people = window.customers_dialog
        assert people is not None
        people.resize(980, 640)
        people.search.setText(regular.name.split()[0])
        people.search_now()
        save(people, "customers.png")
        people.close()
        window.new_complaint()
        entry = next(w for w in QApplication.topLevelWidgets() if w.isVisible() and w is not window)
        save(entry, "complaint-entry.png")
        entry.close()
        window.show_page(1)
        surveys = window.pages.currentWidget()
        save(window, "surveys.png")
        surveys.tabs.setCurrentIndex(1)
        save(window, "survey-server.png")
        surveys.tabs.setCurrentIndex(0)
        surveys.open_print_dialog()
        save(surveys.print_dialog, "print-cards.png")
        surveys.print_dialog.close()
        surveys.edit_survey()
        save(surveys.editor, "survey-editor.png")
        surveys.editor.close()
        surveys.open_import_dialog()
        save(surveys.import_dialog, "import-answers.png")
        surveys.import_dialog.close()
        surveys.open_paper_entry()
        save(surveys.paper_dialog, "paper-entry.png")
        surveys.paper_dialog.close()
        window.show_page(2)
        reports = window.pages.currentWidget()
        reports.path.setText(reports.path.text().replace(str(Path.home()), "~", 1))  # no machine's home
        save(window, "reports.png")
        window.show_page(3)
        dashboard = window.pages.currentWidget()
        settle(lambda: dashboard.snapshot is not None and not dashboard.busy)
        dashboard.filters.period.setCurrentIndex(1)  # the last whole month of the demo, not today's empty one
        settle(lambda: dashboard.snapshot is not None and not dashboard.busy)
        save(window, "dashboard.png")
        window.show_page(4)
        save(window, "settings.png")
        window.lock()
        save(window, "lock-screen.png")
        window.close()
        show_in("es")
        spanish = MainWindow(owner, "~/.local/share/SmallCS/smallcs.db")
        spanish.resize(1180, 740)
        spanish.show_page(0)
        save(spanish, "main-window-es.png")
        spanish.close()
        close_database()


if __name__ == "__main__":
    main()
