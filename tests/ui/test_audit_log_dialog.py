"""The owner's audit log: newest first, filtered by person, kind and text; hidden from others."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QThreadPool
from pytestqt.qtbot import QtBot

from smallcs import clock, complaints, locale_format, settings
from smallcs.models import AuditEvent, Category, Staff
from smallcs.models.enums import Channel
from smallcs.surveys.export import export_responses_csv
from smallcs.ui.audit_log_dialog import AuditLogDialog
from smallcs.ui.settings_page import SettingsPage


def _shown(dialog: AuditLogDialog, column: int) -> list[str]:
    model = dialog.model
    return [model.index(row, column).data() for row in range(model.rowCount())]


def test_the_owner_reads_and_filters_the_log(qtbot: QtBot, owner: Staff, clerk: Staff) -> None:
    other = Category.get(Category.name == "Other").id
    made = complaints.create_complaint(clerk, channel=Channel.PHONE, category_id=other, summary="Lost voucher")
    dialog = AuditLogDialog(owner)
    qtbot.add_widget(dialog)
    dialog.show()
    qtbot.wait_until(lambda: not dialog.model.is_loading() and dialog.model.rowCount() > 0)
    assert dialog.model.total() == AuditEvent.select().count()
    assert dialog.count.text() == f"{AuditEvent.select().count()} events"
    assert _shown(dialog, 2)[0] == f"Logged complaint {made.reference}" and _shown(dialog, 1)[0] == clerk.display_name
    newest = AuditEvent.select().order_by(AuditEvent.id.desc()).get()
    when = clock.to_local(newest.at, settings.get_profile().zone)
    assert _shown(dialog, 0)[0] == locale_format.date_time(when, seconds=True)  # as the app writes moments
    assert f"{when:%H:%M:%S}"[-2:] in _shown(dialog, 0)[0]  # to the second: it is a record

    with qtbot.wait_signal(dialog.model.loaded):
        dialog.person.setCurrentIndex(dialog.person.findData(clerk.id))
    assert set(_shown(dialog, 1)) == {clerk.display_name}
    with qtbot.wait_signal(dialog.model.loaded):
        dialog.kind.setCurrentIndex(dialog.kind.findData("staff"))
    assert dialog.model.rowCount() == 0 and dialog.count.text() == "0 events"
    dialog.person.setCurrentIndex(0)
    with qtbot.wait_signal(dialog.model.loaded):
        dialog.kind.setCurrentIndex(0)
    with qtbot.wait_signal(dialog.model.loaded, timeout=5000):
        dialog.search.setText(made.reference)  # applied after a short pause in typing
    assert _shown(dialog, 2) == [f"Logged complaint {made.reference}"]
    QThreadPool.globalInstance().waitForDone(10_000)


def test_only_the_owner_sees_the_button(qtbot: QtBot, owner: Staff, manager: Staff) -> None:
    page = SettingsPage()
    qtbot.add_widget(page)
    page.set_actor(manager)
    page.show()
    assert not page.audit_button.isVisibleTo(page)
    page.show_audit_log()
    assert page.audit_dialog is None
    page.set_actor(owner)
    assert page.audit_button.isVisibleTo(page)
    page.audit_button.click()
    assert isinstance(page.audit_dialog, AuditLogDialog)
    qtbot.wait_until(lambda: not page.audit_dialog.model.is_loading())
    page.audit_dialog.close()


def test_exports_are_one_kind_in_words(qtbot: QtBot, owner: Staff, manager: Staff, tmp_path: Path) -> None:
    other = Category.get(Category.name == "Other").id
    complaints.create_complaint(owner, channel=Channel.PHONE, category_id=other, summary="Lost voucher")
    complaints.export_complaints_csv(complaints.ComplaintFilter(), tmp_path / "list.csv", actor=manager)
    export_responses_csv(tmp_path / "answers.csv", actor=None)
    dialog = AuditLogDialog(owner)
    qtbot.add_widget(dialog)
    dialog.show()
    kinds = [dialog.kind.itemText(n) for n in range(dialog.kind.count())]
    assert "Data taken out (exports, reports)" in kinds and "Complaints" in kinds and "complaint" not in kinds
    with qtbot.wait_signal(dialog.model.loaded):
        dialog.kind.setCurrentIndex(dialog.kind.findData("export"))
    assert _shown(dialog, 1) == ["command line", manager.display_name]
    assert _shown(dialog, 2) == ["Exported the survey answers (0 answers)", "Exported the complaint list (1 complaint)"]
    QThreadPool.globalInstance().waitForDone(10_000)


def test_every_moment_shows_whole(qtbot: QtBot, owner: Staff, look: str) -> None:
    """In English and Spanish, at the usual font and at 15 pt: never "3 dic 2026, 20:…"."""
    dialog = AuditLogDialog(owner)
    qtbot.add_widget(dialog)
    dialog.show()
    qtbot.wait_until(lambda: not dialog.model.is_loading() and dialog.model.rowCount() > 0)
    metrics = dialog.table.fontMetrics()
    for row in range(dialog.model.rowCount()):
        assert metrics.horizontalAdvance(_shown(dialog, 0)[row]) < dialog.table.columnWidth(0) - 4
    QThreadPool.globalInstance().waitForDone(10_000)
