"""The receipt dialog by keyboard: it opens on its first control and Tab follows the dialog top to bottom.

A keyboard review found it opening on "Save as PDF", so the layout choice at the top came last,
after Close. Every key here is pressed on the widget that has the focus.
"""

from __future__ import annotations

from pathlib import Path

import pypdf
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QFileDialog, QWidget
from pytestqt.qtbot import QtBot

from smallcs.models import Complaint, Staff
from smallcs.reports.receipt import STRIP
from smallcs.ui.complaint_desk.receipt_dialog import ReceiptDialog
from tests.ui.conftest import focused


@pytest.fixture
def opener(qtbot: QtBot) -> QWidget:
    """The window the dialog opens over, as the complaint's detail is in the app."""
    window = QWidget()
    qtbot.add_widget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def _open(qtbot: QtBot, opener: QWidget, actor: Staff, complaint: Complaint) -> ReceiptDialog:
    """The dialog on screen and active."""
    dialog = ReceiptDialog(actor, complaint.id, opener)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def _reading_place(widget: QWidget, dialog: ReceiptDialog) -> tuple[int, int]:
    """Where ``widget`` starts in the dialog, top to bottom, then left to right."""
    place = widget.mapTo(dialog, QPoint(0, 0))
    return place.y(), place.x()


def test_it_opens_on_the_layout_and_tab_goes_down_then_across(qtbot: QtBot, opener: QWidget, owner: Staff,
                                                             shop: dict[str, Complaint]) -> None:
    dialog = _open(qtbot, opener, owner, shop["parcel"])
    assert focused() is dialog.layout_choice

    visited = [focused()]
    for _ in range(4):
        qtbot.keyClick(focused(), Qt.Key.Key_Tab)
        visited.append(focused())

    close = dialog.findChild(QWidget, "closeButton")
    assert visited == [dialog.layout_choice, dialog.save_button, dialog.print_button, close,
                       dialog.layout_choice]  # every control once, then round again
    places = [_reading_place(widget, dialog) for widget in visited[:-1]]
    assert places == sorted(places)
    qtbot.keyClick(focused(), Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    assert focused() is close


def test_the_layout_is_chosen_and_saved_with_keys_alone(qtbot: QtBot, opener: QWidget, owner: Staff,
                                                       shop: dict[str, Complaint], tmp_path: Path) -> None:
    dialog = _open(qtbot, opener, owner, shop["parcel"])
    qtbot.keyClick(focused(), Qt.Key.Key_Down)
    assert dialog.layout_key == STRIP
    assert dialog.preview.page is not None and round(dialog.preview.page.width) == 227  # 80 mm paper

    qtbot.keyClick(focused(), Qt.Key.Key_Return)  # Save as PDF, as when it had the focus
    chooser = dialog.file_chooser
    assert isinstance(chooser, QFileDialog) and chooser.isVisible()
    assert chooser.selectedFiles()[0].endswith(f"{shop['parcel'].reference}.pdf")
    target = tmp_path / "strip.pdf"
    chooser.selectFile(str(target))
    with qtbot.waitSignal(dialog.saved):
        chooser.accept()
    page = pypdf.PdfReader(target).pages[0]
    assert round(float(page.mediabox.width)) == 227
    assert shop["parcel"].reference in page.extract_text()
    dialog.close()
