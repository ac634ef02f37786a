"""The Reports page's "Save as" field: an empty one is asked for, and the file written is always a PDF."""

from __future__ import annotations

from pathlib import Path

import pypdf
import pytest
from pytestqt.qtbot import QtBot

from smallcs.models import Staff
from smallcs.ui import save_folder
from smallcs.ui.reports_page import ReportsPage
from tests.ui.test_reports_page import _page


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """An empty folder to save reports in (the test's database lives in tmp_path itself)."""
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def _generate(qtbot: QtBot, page: ReportsPage, typed: str) -> Path:
    """Type ``typed`` in "Save as", generate, and wait for the report: the file it was written to."""
    page.path.clear()
    qtbot.keyClicks(page.path, typed)
    page.generate_button.click()
    assert page.progress.isVisible()
    qtbot.waitUntil(lambda: not page.progress.isVisible(), timeout=20000)
    assert page.last_report is not None, page.message.text()
    return page.last_report


def _is_the_report(path: Path) -> bool:
    return "Monthly service report" in pypdf.PdfReader(path).pages[0].extract_text()


def test_an_empty_file_name_is_asked_for_and_nothing_is_written(qtbot: QtBot, owner: Staff, out: Path) -> None:
    save_folder.remember_folder("report", out / "earlier.pdf")
    page = _page(qtbot, owner)
    page.path.clear()
    qtbot.keyClicks(page.path, "   ")
    page.generate_button.click()
    assert page.message.text() == "Choose where to save the report."
    assert page.message.property("role") == "error" and page.message.isVisible()
    assert page.focusWidget() is page.path  # where to type it
    assert page.generate_button.isEnabled() and not page.progress.isVisible()
    assert list(out.iterdir()) == []


def test_a_name_without_pdf_gets_it(qtbot: QtBot, owner: Staff, out: Path) -> None:
    page = _page(qtbot, owner)
    written = _generate(qtbot, page, str(out / "october"))
    assert written == out / "october.pdf" and _is_the_report(written)
    assert page.path.text() == str(written)  # the field names the file "Open PDF" opens
    assert page.message.text() == f"The report is ready: {written}"
    assert sorted(p.name for p in out.iterdir()) == ["october.pdf"]


def test_a_dot_in_the_name_is_kept_and_pdf_added(qtbot: QtBot, owner: Staff, out: Path) -> None:
    page = _page(qtbot, owner)
    written = _generate(qtbot, page, str(out / "shop 2026.10"))
    assert written == out / "shop 2026.10.pdf" and _is_the_report(written)
    written = _generate(qtbot, page, str(out / "Final.PDF"))
    assert written == out / "Final.PDF" and _is_the_report(written)  # a PDF already, whatever its case


def test_a_bare_name_goes_to_the_reports_folder(qtbot: QtBot, owner: Staff, out: Path) -> None:
    save_folder.remember_folder("report", out / "earlier.pdf")
    page = _page(qtbot, owner)
    written = _generate(qtbot, page, "for the accountant")
    assert written == out / "for the accountant.pdf" and _is_the_report(written)


def test_a_folder_is_still_said_to_be_one(qtbot: QtBot, owner: Staff, out: Path) -> None:
    page = _page(qtbot, owner)
    page.path.setText(str(out))
    page.generate_button.click()
    qtbot.waitUntil(lambda: "is a folder" in page.message.text(), timeout=20000)
    assert page.message.text() == f"{out} is a folder: choose a file name for the report."
    assert list(out.iterdir()) == []
