"""The Reports page writes a month's PDF on a worker and offers to open it."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pypdf
import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from smallcs import clock, complaints, settings
from smallcs.models import Category, Complaint, Staff
from smallcs.models.enums import Channel
from smallcs.ui import theme
from smallcs.ui.reports_page import ReportsPage

_THEME_STATE = ("smallcsTheme", "smallcsAccent", "smallcsDark", "smallcsHighContrast", "smallcsFollowSystem")


def _page(qtbot: QtBot, actor: Staff) -> ReportsPage:
    page = ReportsPage()
    qtbot.add_widget(page)
    page.set_actor(actor)
    page.refresh()
    page.show()
    return page


def test_months_offered_are_the_complete_ones_since_the_first_complaint(qtbot: QtBot, owner: Staff) -> None:
    category = Category.get(Category.name == "Delivery delay")
    first = complaints.create_complaint(owner, channel=Channel.PHONE, category_id=category.id, summary="Late")
    zone = settings.get_profile().zone
    now = clock.to_local(clock.utcnow(), zone)
    three_months_ago = (now.replace(day=1) - dt.timedelta(days=70)).replace(day=15)
    Complaint.update(received_at=clock.to_utc(three_months_ago.replace(tzinfo=None), zone)).where(
        Complaint.id == first.id).execute()
    page = _page(qtbot, owner)
    offered = [page.month.itemData(n) for n in range(page.month.count())]
    last_month = (now.replace(day=1) - dt.timedelta(days=1)).date().replace(day=1)
    assert offered[0] == last_month and offered[-1] == three_months_ago.date().replace(day=1)
    assert len(offered) in (2, 3) and not page.month_note.isVisible()  # (3 unless a month boundary was crossed)


def test_a_shop_with_nothing_yet_is_told_its_report_will_be_empty(qtbot: QtBot, owner: Staff) -> None:
    page = _page(qtbot, owner)
    assert page.month.count() == 1
    assert page.month_note.isVisible() and "Nothing is recorded yet" in page.month_note.text()


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
    assert page.message.property("role") == "error"


def test_staff_are_told_who_makes_reports(qtbot: QtBot, clerk: Staff) -> None:
    page = _page(qtbot, clerk)
    assert not page.generate_button.isEnabled()
    assert "manager or the owner" in page.staff_note.text()


@pytest.fixture
def read_only_folder(tmp_path: Path) -> Iterator[Path]:
    """A folder nobody may write in: its write bits off, and, for root (whom those do not stop), immutable."""
    folder = tmp_path / "read-only"
    folder.mkdir()
    folder.chmod(0o555)
    if os.geteuid() == 0:
        subprocess.run(["chattr", "+i", str(folder)], check=True, capture_output=True)
    try:
        with pytest.raises(PermissionError):
            (folder / "probe").touch()
        yield folder
    finally:
        if os.geteuid() == 0:
            subprocess.run(["chattr", "-i", str(folder)], check=True, capture_output=True)
        folder.chmod(0o755)


@pytest.fixture(params=[False, True], ids=["light", "dark"])
def themed(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[theme.Scheme]:
    """The app in the light or the dark theme, put back as it was after the test."""
    sheet, palette = qapp.styleSheet(), qapp.palette()
    state = {name: qapp.property(name) for name in _THEME_STATE}
    theme.apply_theme(qapp, dark=request.param)
    yield theme.current_scheme()
    for name, value in state.items():
        qapp.setProperty(name, value)
    qapp.setPalette(palette)
    qapp.setStyleSheet(sheet)


def _text_colour(page: ReportsPage) -> QColor:
    return page.message.palette().color(QPalette.ColorRole.WindowText)


def test_a_report_that_cannot_be_written_is_shown_as_an_error_until_one_is(
        qtbot: QtBot, owner: Staff, tmp_path: Path, read_only_folder: Path, themed: theme.Scheme) -> None:
    page = _page(qtbot, owner)
    page.path.setText(str(read_only_folder / "october.pdf"))
    page.generate_button.click()
    qtbot.waitUntil(lambda: page.generate_button.isEnabled(), timeout=20000)
    target = read_only_folder / "october.pdf"
    assert page.message.text().startswith(f"The report could not be written to {target}: ")
    assert page.message.text().endswith("otherwise choose a folder you may save in.")
    assert page.message.isVisibleTo(page) and not page.open_button.isVisibleTo(page)
    assert page.message.property("role") == "error"  # what the style sheet colours
    assert _text_colour(page) == QColor(themed.error)
    assert list(read_only_folder.iterdir()) == []  # no half-written file left behind

    page.path.setText(str(tmp_path / "october.pdf"))
    page.generate_button.click()
    qtbot.waitUntil(lambda: page.last_report is not None, timeout=20000)
    assert page.message.text() == f"The report is ready: {tmp_path / 'october.pdf'}"
    assert page.message.property("role") != "error"
    assert _text_colour(page) == QColor(themed.text)
