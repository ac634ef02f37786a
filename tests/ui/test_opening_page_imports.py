"""The window opens on the page last used without loading what that page does not show.

Printing (reportlab, its HarfBuzz shaping, Qt's printer dialogs), QR encoding (qrcode, which pulls PIL), the
network interface list (QtNetwork) and the survey server (Flask, waitress) load when
someone uses them, not while the person at the counter waits for the window. Each page
is opened in a fresh process, as at start-up, since this test process has loaded them all.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from smallcs.models import Staff
from smallcs.ui.main_window import PAGE_NAMES
from tests.conftest import OWNER_PASSWORD

# The start-up path of ui.app.sign_in once the password is accepted: the window built as
# behind the log-in dialog, on the page kept in QSettings, then shown and painted.
_OPEN_ON_PAGE = """
import json, sys
from PySide6.QtCore import QSettings
from smallcs import accounts
from smallcs.models.connection import open_database
from smallcs.ui.app import create_application
from smallcs.ui.first_paint import FirstPaintWatch
from smallcs.ui.window_build import WindowBuild

database, page, username, password = sys.argv[1:]
app = create_application(sys.argv[:1])
QSettings().setValue("mainWindow/page", page)
open_database(database)
window = WindowBuild(database).finish()
window.set_staff(accounts.authenticate(username, password), page_just_read=True)
FirstPaintWatch(window, app.quit)
window.show()
app.exec()
print(json.dumps({"page": window.current_page_name(), "modules": sorted(sys.modules)}))
"""

NOT_AT_START_UP = ("reportlab", "qrcode", "PIL", "uharfbuzz", "PySide6.QtNetwork", "flask", "waitress",
                   "PySide6.QtPrintSupport")
PAGE_MODULE = {
    "complaints": "smallcs.ui.complaint_desk.page",
    "surveys": "smallcs.ui.surveys.page",
    "reports": "smallcs.ui.reports_page",
    "dashboard": "smallcs.ui.dashboard.page",
    "settings": "smallcs.ui.settings_page",
}


def _open_on(page: str, database: Path, owner: Staff) -> tuple[str, set[str]]:
    """The page the window showed and every module loaded by its first paint."""
    result = subprocess.run(
        [sys.executable, "-c", _OPEN_ON_PAGE, str(database), page, owner.username, OWNER_PASSWORD],
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert result.returncode == 0, result.stderr
    opened = json.loads(result.stdout.splitlines()[-1])
    return opened["page"], set(opened["modules"])


@pytest.mark.parametrize("page", PAGE_NAMES)
def test_opening_on_a_page_loads_no_printing_qr_network_or_server(page: str, db_path: Path, owner: Staff) -> None:
    opened, modules = _open_on(page, db_path, owner)

    assert opened == page and PAGE_MODULE[page] in modules  # the page really was built and shown
    loaded = sorted(name for name in NOT_AT_START_UP
                    if name in modules or any(m.startswith(name + ".") for m in modules))
    assert loaded == []


def test_the_start_up_module_loads_no_complaint_survey_or_report_logic() -> None:
    """Until the log-in dialog has painted only what it needs is imported: complaints, surveys,
    metrics, reports and Babel load behind it (a first-run-only import in setup once cost 15 ms here)."""
    probe = ("import sys, smallcs.ui.app; print(' '.join(m for m in sys.modules if m.startswith(("
             "'smallcs.complaints', 'smallcs.surveys', 'smallcs.metrics', 'smallcs.reports', 'smallcs.seeds',"
             " 'smallcs.customers', 'babel'))))")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True,
                            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert result.stdout.split() == []
