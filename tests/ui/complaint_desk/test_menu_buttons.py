""""More ▾" and "Texts ▾" stand in line with the push buttons beside them, their arrow with room."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractButton, QApplication, QToolButton
from pytestqt.qtbot import QtBot

from smallcs.models import Complaint, Staff
from smallcs.ui import theme
from smallcs.ui.theme import contrast_ratio, current_scheme
from tests.ui.complaint_desk.conftest import open_window
from tests.ui.complaint_desk.test_complaint_layout import long_running  # noqa: F401 (a fixture)
from tests.ui.conftest import themed_at


@pytest.fixture(params=[(0, False, (1180, 740)), (0, True, (1180, 740)), (15, True, (1400, 900))],
                ids=["light", "dark", "dark-15pt"])
def themed(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[tuple[int, int]]:
    points, dark, size = request.param
    for _themed in themed_at(qapp, points):
        theme.apply_theme(qapp, dark=dark)
        yield size


def _ink_runs(button: QToolButton) -> list[tuple[int, int]]:
    """The runs of columns inside the border where something is drawn (the text, the arrow),
    as (first x, last x)."""
    image = button.grab().toImage()
    background = QColor(current_scheme().button)
    inset = 3  # past the border and the focus outline
    inked = [any(contrast_ratio(image.pixelColor(x, y), background) >= 2
                 for y in range(inset, image.height() - inset)) for x in range(inset, image.width() - inset)]
    runs: list[tuple[int, int]] = []
    for x, ink in enumerate(inked, start=inset):
        if ink and runs and runs[-1][1] == x - 1:
            runs[-1] = (runs[-1][0], x)
        elif ink:
            runs.append((x, x))
    return runs


def _in_line(menu_button: QToolButton, neighbour: QAbstractButton) -> None:
    assert menu_button.isVisible() and neighbour.isVisible()
    assert menu_button.y() == neighbour.y() and menu_button.height() == neighbour.height(), (
        menu_button.objectName(), menu_button.geometry(), neighbour.geometry())
    runs = _ink_runs(menu_button)
    arrow, text = runs[-1], runs[-2]
    assert arrow[0] - text[1] > theme.scaled(4), runs  # the arrow apart from the text
    assert menu_button.width() - 1 - arrow[1] > theme.scaled(6), runs  # and from the edge


def test_the_menu_buttons_line_up_with_the_buttons_beside_them(
        qtbot: QtBot, owner: Staff, db_path: Path, long_running: Complaint,  # noqa: F811
        themed: tuple[int, int]) -> None:
    window = open_window(qtbot, owner, db_path, themed, complaint=long_running)
    detail = window.complaints_page.detail
    workflow = detail.workflow
    inline = [workflow.buttons[key] for key in workflow.offered() if workflow.buttons[key].isVisible()]
    assert workflow.more.isVisible(), "the laptop's detail has no room for every action"
    _in_line(workflow.more, inline[-1])
    entry = detail.step_entry
    entry.set_canned_texts(["We are sorry for the delay."])
    QApplication.processEvents()
    _in_line(entry.canned_button, entry.add)


def test_a_1280_pixel_screen_keeps_escalate_beside_more(
        qtbot: QtBot, owner: Staff, db_path: Path, long_running: Complaint) -> None:  # noqa: F811
    """The room More's arrow takes must not push a main action into its menu on a common laptop."""
    window = open_window(qtbot, owner, db_path, (1280, 800), complaint=long_running)
    workflow = window.complaints_page.detail.workflow
    shown = [key for key in workflow.offered() if workflow.buttons[key].isVisible()]
    assert shown[:4] == ["resolve", "assign", "status", "escalate"] and workflow.more.isVisible()
