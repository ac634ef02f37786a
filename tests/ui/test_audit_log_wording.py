"""The owner reads the audit log as sentences in the app's language; the stored code stays at hand."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt, QThreadPool
from pytestqt.qtbot import QtBot

from smallcs import complaints, i18n
from smallcs.models import Category, Complaint, Staff
from smallcs.models.enums import Channel, Outcome
from smallcs.ui.audit_log_dialog import ACTION_INDENT, AuditLogDialog


def _resolved(owner: Staff, clerk: Staff) -> Complaint:
    other = Category.get(Category.name == "Other").id
    made = complaints.create_complaint(clerk, channel=Channel.PHONE, category_id=other, summary="Cold coffee")
    return complaints.resolve(owner, made.id, outcome=Outcome.REFUND)


def _open(qtbot: QtBot, owner: Staff) -> AuditLogDialog:
    dialog = AuditLogDialog(owner)
    qtbot.add_widget(dialog)
    dialog.show()
    qtbot.wait_until(lambda: not dialog.model.is_loading() and dialog.model.rowCount() > 0)
    return dialog


def _what(dialog: AuditLogDialog, role: Qt.ItemDataRole = Qt.ItemDataRole.DisplayRole) -> list[str]:
    model = dialog.model
    return [model.index(row, 2).data(role) for row in range(model.rowCount())]


@pytest.fixture
def spanish() -> Iterator[None]:
    i18n.set_language("es")
    yield
    i18n.set_language("en")


def test_a_resolved_complaint_reads_as_a_sentence(qtbot: QtBot, owner: Staff, clerk: Staff) -> None:
    complaint = _resolved(owner, clerk)
    dialog = _open(qtbot, owner)
    assert dialog.model.headerData(2, Qt.Orientation.Horizontal) == "What happened"
    assert _what(dialog)[:2] == [f"Resolved complaint {complaint.reference} (Refund)",
                                 f"Logged complaint {complaint.reference}"]
    assert not [text for text in _what(dialog) if "complaint.resolve" in text or "{" in text]
    # The event as stored, for the record: the code, the record and the facts.
    stored = _what(dialog, Qt.ItemDataRole.ToolTipRole)[0]
    assert stored.startswith(f"complaint.resolve \u2014 complaint {complaint.id}")
    assert '"outcome": "refund"' in stored
    # The reference the sentences show finds them, though only the first event stores it.
    with qtbot.wait_signal(dialog.model.loaded, timeout=5000):
        dialog.search.setText(complaint.reference.lower())
    assert _what(dialog) == [f"Resolved complaint {complaint.reference} (Refund)",
                             f"Logged complaint {complaint.reference}"]
    QThreadPool.globalInstance().waitForDone(10_000)


def test_the_kind_menu_offers_single_events_by_name(qtbot: QtBot, owner: Staff, clerk: Staff) -> None:
    complaint = _resolved(owner, clerk)
    dialog = _open(qtbot, owner)
    names = [dialog.kind.itemText(n) for n in range(dialog.kind.count())]
    assert "Complaints" in names and ACTION_INDENT + "Complaint resolved" in names
    assert not [name for name in names if "." in name]  # no stored code in the menu
    with qtbot.wait_signal(dialog.model.loaded):
        dialog.kind.setCurrentIndex(dialog.kind.findText(ACTION_INDENT + "Complaint resolved"))
    assert _what(dialog) == [f"Resolved complaint {complaint.reference} (Refund)"]
    assert dialog.count.text() == "1 event"
    QThreadPool.globalInstance().waitForDone(10_000)


def test_the_log_reads_in_spanish(qtbot: QtBot, owner: Staff, clerk: Staff, spanish: None) -> None:
    complaint = _resolved(owner, clerk)
    dialog = _open(qtbot, owner)
    assert dialog.model.headerData(2, Qt.Orientation.Horizontal) == "Qué pasó"
    assert _what(dialog)[:2] == [f"Resolvió la queja {complaint.reference} (Reembolso)",
                                 f"Registró la queja {complaint.reference}"]
    assert "\u2003Queja resuelta" in [dialog.kind.itemText(n) for n in range(dialog.kind.count())]
    QThreadPool.globalInstance().waitForDone(10_000)
