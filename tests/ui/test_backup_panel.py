"""Settings → Backups, as a manager and the owner use it."""

from __future__ import annotations

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
    panel.daily.setChecked(True)
    panel.save_schedule()
    assert panel.message.text() == "Backup schedule saved."
    assert backup.get_settings().daily
    panel.back_up_now()
    qtbot.waitUntil(lambda: panel.table.rowCount() == 1, timeout=20_000)
    assert panel.message.text().startswith("Backup written and verified")
    assert not panel.restore_button.isEnabled()  # restoring is for the owner


def test_a_bad_folder_is_explained_and_nothing_saved(panel: BackupPanel, manager: Staff) -> None:
    panel.set_actor(manager)
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
