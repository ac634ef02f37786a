"""The Reports page writes a month's PDF on a worker and offers to open it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pypdf
from pytestqt.qtbot import QtBot

from smallcs.models import Staff
from smallcs.ui.reports_page import ReportsPage, recent_months


def _page(qtbot: QtBot, actor: Staff) -> ReportsPage:
    page = ReportsPage()
    qtbot.add_widget(page)
    page.set_actor(actor)
    page.refresh()
    page.show()
    return page


def test_months_offered_are_complete_ones_newest_first() -> None:
    assert recent_months(dt.date(2026, 1, 15), 3) == [dt.date(2025, 12, 1), dt.date(2025, 11, 1),
                                                       dt.date(2025, 10, 1)]


def test_generating_writes_the_pdf_and_offers_to_open_it(qtbot: QtBot, owner: Staff, tmp_path: Path) -> None:
    page = _page(qtbot, owner)
    assert "smallcs-report-" in page.path.text()
    page.path.setText(str(tmp_path / "october.pdf"))
    page.generate_button.click()
    qtbot.waitUntil(lambda: page.last_report is not None, timeout=20000)
    assert page.open_button.isVisibleTo(page) and page.folder_button.isVisibleTo(page)
    text = "".join(p.extract_text() for p in pypdf.PdfReader(tmp_path / "october.pdf").pages)
    assert "Monthly service report" in text and page.month.currentText() in text
    assert "(owners only)" in page.staff_note.text()


def test_a_bad_folder_is_said_plainly(qtbot: QtBot, manager: Staff, tmp_path: Path) -> None:
    page = _page(qtbot, manager)
    assert "only in reports an owner makes" in page.staff_note.text()
    page.path.setText(str(tmp_path / "missing" / "r.pdf"))
    page.generate_button.click()
    qtbot.waitUntil(lambda: "does not exist" in page.message.text(), timeout=20000)
    assert page.generate_button.isEnabled() and not page.open_button.isVisibleTo(page)


def test_staff_are_told_who_makes_reports(qtbot: QtBot, clerk: Staff) -> None:
    page = _page(qtbot, clerk)
    assert not page.generate_button.isEnabled()
    assert "manager or the owner" in page.staff_note.text()
