"""The owner picks the refused actions out of the audit log with its kind filter."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QThreadPool
from pytestqt.qtbot import QtBot

from smallcs import customers
from smallcs.errors import PermissionDenied
from smallcs.models import Staff
from smallcs.ui.audit_log_dialog import AuditLogDialog


def test_the_owner_filters_the_log_to_refused_actions(qtbot: QtBot, owner: Staff, clerk: Staff) -> None:
    customer = customers.create_customer(owner, name="Ana Gómez")
    with pytest.raises(PermissionDenied):
        customers.anonymise_customer(clerk, customer.id)
    dialog = AuditLogDialog(owner)
    qtbot.add_widget(dialog)
    dialog.show()
    qtbot.wait_until(lambda: not dialog.model.is_loading() and dialog.model.rowCount() > 0)
    assert dialog.kind.findData("permission") > 0
    with qtbot.wait_signal(dialog.model.loaded):
        dialog.kind.setCurrentIndex(dialog.kind.findData("permission"))
    model = dialog.model
    assert model.rowCount() == 1 and dialog.count.text() == "1 event"
    assert [model.index(0, column).data() for column in range(1, 3)] == [
        "Sam Staff", "Refused: anonymising a customer (role: Staff)"]
    assert "permission.denied" in model.index(0, 2).data(Qt.ItemDataRole.ToolTipRole)
    QThreadPool.globalInstance().waitForDone(10_000)
