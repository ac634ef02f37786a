"""An unexpected error: logged with its traceback, shown kindly, details copyable."""

from __future__ import annotations

import logging
import sys

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from smallcs.log import log_file, setup_logging
from smallcs.ui import error_dialog


def _click_copy_details_when_shown(seen: dict[str, str]) -> None:
    def click() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        seen["text"] = box.text()
        seen["details"] = box.detailedText()
        for button in box.findChildren(QPushButton):
            if button.text() == "Copy details":
                button.click()
                return
    QTimer.singleShot(50, click)


@pytest.mark.usefixtures("allow_warnings")
def test_exception_in_a_slot_shows_a_dialog_logs_and_keeps_the_form(qtbot: QtBot) -> None:
    path = setup_logging(logging.INFO)
    assert path == log_file()
    form = QLineEdit()
    qtbot.add_widget(form)
    form.setText("Customer says the drill stopped after two days")
    previous = sys.excepthook
    error_dialog.install_excepthook()
    try:
        seen: dict[str, str] = {}
        _click_copy_details_when_shown(seen)
        try:
            raise RuntimeError("boom in a slot")
        except RuntimeError:
            sys.excepthook(*sys.exc_info())
    finally:
        sys.excepthook = previous
        for handler in list(logging.getLogger("smallcs").handlers):
            handler.close()
            logging.getLogger("smallcs").removeHandler(handler)
    assert "What you were typing is still there" in seen["text"]
    assert "RuntimeError: boom in a slot" in seen["details"]
    assert "RuntimeError: boom in a slot" in QApplication.clipboard().text()
    assert "boom in a slot" in log_file().read_text(encoding="utf-8")
    assert form.text() == "Customer says the drill stopped after two days"
