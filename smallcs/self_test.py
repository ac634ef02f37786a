"""``smallcs --self-test``: prove an install (above all a bundle) has every part it needs.

It exercises each part a shop relies on, in a temporary folder that is removed
afterwards: the database and its migrations, a complaint, a survey card and a
one-month report written to PDF and read back, the survey page served in two
languages, and the desktop window built and painted. A bundle that lost a data
file, a Qt plugin, a font or a translation fails here with a one-line reason
instead of on a shop's counter.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from pypdf import PdfReader

if TYPE_CHECKING:
    from smallcs.models import Staff

SHOP = "Zapatería Self-test"
OWNER_PASSWORD = "self-test password 1"
Check = Callable[[Path], str]


class SelfTestFailed(Exception):
    """One check found something missing or wrong; the message says what."""


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise SelfTestFailed(message)


def _pdf_text(path: Path) -> str:
    _require(path.is_file() and path.stat().st_size > 0, f"{path.name} was not written")
    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


def _database(folder: Path) -> str:
    from dataclasses import replace

    from smallcs import settings, setup
    from smallcs.models.connection import open_database

    database = open_database(folder / "self-test.db")
    owner = setup.initialise_shop(business_name=SHOP, timezone="Europe/Madrid", owner_username="owner",
                                  owner_display_name="Owner", owner_password=OWNER_PASSWORD)
    settings.save_profile(owner, replace(settings.get_profile(), survey_base_url="http://127.0.0.1:8765"))
    tables = set(database.get_tables())
    _require({"complaint", "survey_response", "staff"} <= tables, f"tables missing: {sorted(tables)}")
    return f"database created and migrated ({len(tables)} tables)"


def _owner() -> Staff:
    from smallcs.models import Staff

    return Staff.get(Staff.username == "owner")


def _complaint(_folder: Path) -> str:
    from smallcs.complaints import create_complaint
    from smallcs.models import Category, Complaint
    from smallcs.models.enums import Channel

    category = Category.select().order_by(Category.id).first()
    _require(category is not None, "no seeded categories")
    complaint = create_complaint(_owner(), channel=Channel.IN_PERSON, category_id=category.id,
                                 summary="Café frío — self-test")
    stored = Complaint.get_by_id(complaint.id)
    _require(stored.summary == "Café frío — self-test", "the complaint did not read back")
    return f"complaint {stored.reference} logged"


def _card(folder: Path) -> str:
    from smallcs.models import Survey
    from smallcs.reports.print_run import print_cards

    survey = Survey.select().order_by(Survey.id).first()
    _require(survey is not None, "no default survey")
    run = print_cards(_owner(), survey_id=survey.id, count=1, layout="a4", output=folder / "card.pdf")
    code = run.cards[0].short_code
    _require(code in _pdf_text(run.path).replace("-", ""), f"card code {code} not found in the PDF")
    return f"survey card {code} printed to PDF and read back"


def _report(folder: Path) -> str:
    from smallcs import clock
    from smallcs.reports.monthly import build_monthly_report

    now = clock.utcnow()
    first_of_next = (now.replace(day=1) + dt.timedelta(days=32)).replace(day=1, hour=12)
    path = build_monthly_report(now.date(), folder / "report.pdf", actor=None, now=first_of_next)
    text = _pdf_text(path)
    _require(SHOP in text, "the shop's name (with its accent) is not in the report")
    return f"monthly report written ({len(PdfReader(path).pages)} pages) and read back"


def _survey_page(folder: Path) -> str:
    from smallcs.models import Survey
    from smallcs.surveys import issue_cards
    from smallcs.web.app import create_app

    survey = Survey.select().order_by(Survey.id).first()
    card = issue_cards(_owner(), survey_id=survey.id, count=1)[0]
    client = create_app(db_target=str(folder / "self-test.db")).test_client()
    english = client.get(f"/s/{card.token}", headers={"Accept-Language": "en"})
    spanish = client.get(f"/s/{card.token}", headers={"Accept-Language": "es"})
    _require(english.status_code == 200, f"survey page answered {english.status_code}")
    _require("Send" in english.get_data(as_text=True), "the English survey page lacks its button")
    _require("Enviar" in spanish.get_data(as_text=True), "the Spanish translation is missing")
    return "survey page served in English and Spanish"


def _window(_folder: Path) -> str:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from smallcs.ui.app import create_application
    from smallcs.ui.main_window import MainWindow

    app = create_application(["smallcs", "--self-test"])
    window = MainWindow(_owner(), "self-test")
    window.show()
    app.processEvents()
    picture = window.grab()
    _require(not picture.isNull() and picture.width() > 200, "the main window did not paint")
    window.close()
    window.deleteLater()
    app.processEvents()
    return f"main window built and painted ({picture.width()}x{picture.height()})"


CHECKS: tuple[tuple[str, Check], ...] = (
    ("database", _database),
    ("complaint", _complaint),
    ("card", _card),
    ("report", _report),
    ("survey page", _survey_page),
    ("window", _window),
)


def run(print_line: Callable[[str], None] = print) -> int:
    """Run every check in a temporary folder; 0 when all pass, 1 at the first failure."""
    from smallcs.models import database

    with tempfile.TemporaryDirectory(prefix="smallcs-self-test-") as name:
        folder = Path(name)
        try:
            for label, check in CHECKS:
                try:
                    print_line(f"ok   {check(folder)}")
                except Exception as exc:  # noqa: BLE001 - every failure becomes one line
                    print_line(f"FAIL {label}: {exc}")
                    return 1
        finally:
            if not database.is_closed():
                database.close()
    print_line("self-test passed")
    return 0
