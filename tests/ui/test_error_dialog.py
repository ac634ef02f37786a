"""An unexpected error: logged with its traceback, shown kindly, details copyable."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

from smallcs.log import log_file, setup_logging
from smallcs.ui import error_dialog

TYPED = "Customer says the drill stopped after two days"


def _click_copy_details_when_shown(seen: dict[str, object]) -> None:
    def click() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        seen["text"] = box.text()
        seen["details"] = box.detailedText()
        copy = [button for button in box.findChildren(QPushButton) if button.text() == "Copy details"]
        seen["copy buttons"] = len(copy)
        if copy:
            copy[0].click()  # copies, and closes the box like its other buttons
        else:
            box.close()
    QTimer.singleShot(50, click)


@pytest.fixture
def the_apps_hook() -> Iterator[None]:
    """The app's exception hook and log file, as ``run_app`` and the command line set them up;
    both put back after."""
    assert setup_logging(logging.INFO) == log_file()
    previous = sys.excepthook
    error_dialog.install_excepthook()
    yield
    sys.excepthook = previous
    for handler in list(logging.getLogger("smallcs").handlers):
        handler.close()
        logging.getLogger("smallcs").removeHandler(handler)


def _save_the_complaint() -> None:
    raise RuntimeError("boom in a slot")


@pytest.mark.qt_no_exception_capture  # the app's hook, not pytest-qt's, must see the slot's exception
@pytest.mark.usefixtures("allow_warnings", "the_apps_hook")
def test_exception_in_a_slot_shows_a_dialog_logs_and_keeps_the_form(qtbot: QtBot) -> None:
    form = QWidget()
    qtbot.add_widget(form)
    line = QLineEdit(form)
    save = QPushButton("Save", form)
    layout = QVBoxLayout(form)
    layout.addWidget(line)
    layout.addWidget(save)
    save.clicked.connect(_save_the_complaint)
    form.show()
    qtbot.waitExposed(form)
    qtbot.keyClicks(line, TYPED)
    quitting: list[bool] = []
    QApplication.instance().aboutToQuit.connect(lambda: quitting.append(True))
    seen: dict[str, object] = {}
    _click_copy_details_when_shown(seen)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)  # returns once the dialog is answered
    assert seen["copy buttons"] == 1
    assert "What you were typing is still there" in str(seen["text"])
    assert "RuntimeError: boom in a slot" in str(seen["details"])
    assert "RuntimeError: boom in a slot" in QApplication.clipboard().text()
    logged = log_file().read_text(encoding="utf-8")
    assert "Traceback" in logged and "in _save_the_complaint" in logged  # the slot's own frame
    assert "RuntimeError: boom in a slot" in logged
    assert line.text() == TYPED
    qtbot.keyClicks(line, ".")  # the app goes on: the form still takes keys
    assert line.text() == TYPED + "." and form.isVisible() and not quitting
