"""Settings → Backups, as a manager and the owner use it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from smallcs import accounts, backup
from smallcs.models import Staff
from smallcs.models.enums import Role
from smallcs.ui.backup_panel import BackupPanel


@pytest.fixture
def panel(qtbot: QtBot) -> BackupPanel:
    widget = BackupPanel()
    qtbot.add_widget(widget)
    widget.show()
    return widget


def test_manager_sets_the_schedule_and_backs_up_now(
    qtbot: QtBot, panel: BackupPanel, manager: Staff, tmp_path: Path
) -> None:
    panel.set_actor(manager)
    panel.folder.setText(str(tmp_path))
    panel.keep.setValue(5)
    assert panel.keep_unit.text() == "newest backups; older ones are deleted"
    panel.keep.setValue(1)
    assert panel.keep_unit.text() == "newest backup; older ones are deleted"
    panel.keep.setValue(5)
    panel.daily.setChecked(True)
    panel.save_schedule()
    assert panel.message.text() == "Backup schedule saved."
    assert backup.get_settings().daily
    assert not panel.table.isVisible() and panel.empty_note.text().startswith("No backups in this folder yet")
    panel.back_up_now()
    qtbot.waitUntil(lambda: panel.table.rowCount() == 1, timeout=20_000)
    assert panel.table.isVisible() and not panel.empty_note.isVisible()
    assert panel.message.text().startswith("Backup written and verified")
    assert not panel.restore_button.isEnabled()  # restoring is for the owner


def test_a_bad_folder_is_explained_and_nothing_saved(panel: BackupPanel, manager: Staff) -> None:
    panel.set_actor(manager)
    assert panel.empty_note.isVisible() and "Choose a folder" in panel.empty_note.text()
    panel.folder.setText("/no/such/folder")
    panel.daily.setChecked(True)
    panel.save_schedule()
    assert "does not exist" in panel.message.text()
    assert not backup.get_settings().daily


def test_owner_restores_a_backup_after_confirming(
    qtbot: QtBot, panel: BackupPanel, owner: Staff, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    backup.save_settings(owner, folder=str(tmp_path), keep=5, daily=False)
    backup.scheduled_backup(tmp_path, keep=5)
    accounts.create_staff(owner, username="late", display_name="Late", role=Role.STAFF,
                          password="late-password")
    panel.set_actor(owner)
    panel.table.selectRow(0)
    # The confirmation is a modal question: answer it as the owner would.
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *args, **kwargs: QMessageBox.StandardButton.Yes)
    with qtbot.wait_signal(panel.restored) as restored:
        panel.restore_selected()
    assert Path(restored.args[0]).exists()
    assert not Staff.select().where(Staff.username == "late").exists()


def test_the_list_shows_each_backup_at_the_shops_time_newest_first(
    panel: BackupPanel, owner: Staff, tmp_path: Path
) -> None:
    """A backup made at 17:46 in Madrid says 17:46 in its name and in the list; one named in UTC
    by an earlier version (16:46 UTC, 17:46 in Madrid the day before) is listed at the shop's time too."""
    backup.write_backup(tmp_path / "smallcs-20261202-164600.db", actor=None)
    backup.scheduled_backup(tmp_path, keep=5, now=dt.datetime(2026, 12, 3, 16, 46))
    backup.save_settings(owner, folder=str(tmp_path), keep=5, daily=False)
    panel.set_actor(owner)
    rows = [[panel.table.item(row, column).text().replace("\u202f", " ") for column in range(2)]
            for row in range(panel.table.rowCount())]  # (CLDR puts a narrow space before PM)
    assert rows == [["smallcs-2026-12-03-174600+0100.db", "Dec 3, 2026, 5:46 PM"],
                    ["smallcs-20261202-164600.db", "Dec 2, 2026, 5:46 PM"]]


def test_the_two_half_past_twos_of_the_night_the_clocks_go_back_are_told_apart(
    panel: BackupPanel, owner: Staff, tmp_path: Path
) -> None:
    backup.scheduled_backup(tmp_path, keep=5, now=dt.datetime(2026, 10, 25, 0, 30))  # 02:30 summer time
    backup.scheduled_backup(tmp_path, keep=5, now=dt.datetime(2026, 10, 25, 1, 30))  # 02:30 winter time
    backup.save_settings(owner, folder=str(tmp_path), keep=5, daily=False)
    panel.set_actor(owner)
    made = [panel.table.item(row, 1).text().replace("\u202f", " ") for row in range(panel.table.rowCount())]
    assert made == ["Oct 25, 2026, 2:30 AM (UTC+01:00)", "Oct 25, 2026, 2:30 AM (UTC+02:00)"]
