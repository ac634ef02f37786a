"""The Survey server tab's "Port:" label sits on the line of the box it names (issue #5: it sat 6 px low)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from smallcs.ui.surveys.server_control import SurveyServerController
from smallcs.ui.surveys.server_panel import ServerPanel


@pytest.fixture
def panel(qtbot: QtBot, db_path: Path, look: str) -> Iterator[ServerPanel]:
    controller = SurveyServerController(str(db_path))
    made = ServerPanel(controller)
    qtbot.add_widget(made)
    made.resize(900, 500)
    made.show()
    qtbot.waitExposed(made)
    yield made
    controller.shutdown()


def _on(panel: ServerPanel, widget: QWidget) -> QRect:
    return QRect(widget.mapTo(panel, QPoint(0, 0)), widget.size())


@pytest.mark.parametrize("width", [900, 330], ids=["one row", "wrapped"])
def test_the_port_label_is_centred_on_the_port_box(qtbot: QtBot, panel: ServerPanel, width: int) -> None:
    panel.resize(width, 500)
    QApplication.processEvents()

    label, box = _on(panel, panel.port_label), _on(panel, panel.port)
    assert abs(label.center().y() - box.center().y()) <= 2, (label, box)
    assert label.right() < box.left()  # on the same row, before the box, whatever the wrapping


def test_the_port_label_still_takes_the_keyboard_to_the_box(qtbot: QtBot, panel: ServerPanel) -> None:
    letter = panel.port_label.text().split("&")[1][0]  # the label's Alt key, in the test's language
    panel.activateWindow()
    qtbot.keyClick(panel, letter.lower(), Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(panel.port.hasFocus, timeout=2000)
