"""``own_viewport``: a viewport made in Python that is what Qt's own would have been."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QAbstractScrollArea, QScrollArea, QTableView
from pytestqt.qtbot import QtBot

from smallcs.ui.own_viewport import own_viewport


@pytest.mark.parametrize("kind", [QTableView, QScrollArea])
def test_the_viewport_is_set_up_as_qts_own(qtbot: QtBot, kind: type[QAbstractScrollArea]) -> None:
    qts, ours = kind(), kind()
    for area in (qts, ours):
        qtbot.add_widget(area)
    made = own_viewport(ours)

    assert ours.viewport() is made
    for area in (qts, ours):
        area.resize(200, 120)
        area.show()
    qtbot.waitUntil(ours.viewport().isVisible)
    theirs, mine = qts.viewport(), ours.viewport()
    assert (mine.objectName(), mine.backgroundRole(), mine.autoFillBackground()) == \
        (theirs.objectName(), theirs.backgroundRole(), theirs.autoFillBackground())
    assert mine.focusProxy() is ours and theirs.focusProxy() is qts
    assert mine.geometry() == theirs.geometry()
    assert mine.grab().toImage() == theirs.grab().toImage()  # drawn the same
