"""Quick entry's customer look-up on a laptop (issue #4's review: three matches in view, cut off at
the right behind a sideways scroll bar): several customers whole in view, picked by the keyboard."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from smallcs import customers
from smallcs.models import Staff
from smallcs.ui.complaint_desk.quick_entry import MATCHES_IN_VIEW
from tests.ui.complaint_desk.conftest import open_window

FIRST_NAMES = ("Alba", "Ana", "Andrés", "Ángela", "Antonio", "Aurora")


@pytest.mark.usefixtures("twelve_points")
def test_matches_are_whole_and_several_in_view(qtbot: QtBot, owner: Staff, db_path: Path) -> None:
    for n, first in enumerate(FIRST_NAMES):
        customers.create_customer(owner, name=f"{first} García Fernández de la Fuente", phone=f"61{n} 222 33{n}",
                                  email=f"{first.lower()}.garcia.fernandez@correo-ejemplo.es")
    window = open_window(qtbot, owner, db_path, (1366, 728), language="es", page=False)
    window.new_complaint()
    form = window.quick_entry
    qtbot.waitUntil(form.isVisible)
    qtbot.keyClicks(form.lookup, "garc")
    matches = form.matches
    qtbot.waitUntil(lambda: matches.count() == len(FIRST_NAMES))
    QApplication.processEvents()

    assert not matches.horizontalScrollBar().isVisible()
    viewport = matches.viewport().rect()
    whole = [row for row in range(matches.count())
             if viewport.contains(matches.visualItemRect(matches.item(row)))]
    assert whole == list(range(MATCHES_IN_VIEW)) and MATCHES_IN_VIEW >= 4
    metrics = matches.fontMetrics()
    for row in whole:  # the name, then the phone and e-mail: each line within the list's width
        name, reach = matches.item(row).text().split("\n")
        assert name.endswith("García Fernández de la Fuente") and "@correo-ejemplo.es" in reach
        assert max(metrics.horizontalAdvance(name), metrics.horizontalAdvance(reach)) <= viewport.width()

    fourth = matches.item(3).data(Qt.ItemDataRole.UserRole)
    qtbot.keyClick(form.lookup, Qt.Key.Key_Down)
    for _step in range(3):
        qtbot.keyClick(matches, Qt.Key.Key_Down)
    qtbot.keyClick(matches, Qt.Key.Key_Return)
    assert form.customer_id == fourth
    chosen = customers.get_customer(fourth)
    assert form.chosen.text() == f"✓ {chosen.name}  {chosen.phone} · {chosen.email}"  # on one line
    assert not matches.isVisible()
