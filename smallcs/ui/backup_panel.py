"""Settings → Backups: the daily schedule, "Back up now", the list, restore."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from smallcs import backup, clock, locale_format, settings
from smallcs.errors import SmallCSError
from smallcs.i18n import _, ngettext
from smallcs.models import Staff
from smallcs.permissions import allowed
from smallcs.ui import workers
from smallcs.ui.error_dialog import show_error
from smallcs.ui.row_fitting_table import RowFittingTable
from smallcs.ui.save_folder import folder_to_open
from smallcs.ui.theme import scaled
from smallcs.ui.unsaved_edits import Box, UnsavedEdits


def _made(moment: dt.datetime, zone: ZoneInfo) -> str:
    """When a backup was made (``moment`` naive UTC), on the shop's clock; in the hour the clocks go
    back, which of the two that hour: its offset from UTC, as in the file's name."""
    local = clock.to_local(moment, zone)
    text = locale_format.date_time(local)
    if local.replace(fold=1 - local.fold).utcoffset() == local.utcoffset():
        return text
    offset = local.strftime("%z")
    return _("{time} (UTC{offset})").format(time=text, offset=f"{offset[:3]}:{offset[3:]}")


class BackupPanel(QWidget):
    """Emits ``restored(kept_path)`` after the database was swapped for a backup."""

    restored = Signal(object)  # Path of the previous database, kept

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._actor: Staff | None = None
        self._task: workers.Task | None = None
        self.folder = QLineEdit(objectName="backupFolder")
        self.folder.setPlaceholderText(_("e.g. a USB drive or a synced folder"))
        self.browse = QPushButton(_("&Browse…"), objectName="browseBackupFolder")
        self.keep = QSpinBox(objectName="backupKeep")
        self.keep.setRange(1, 365)
        self.keep.setMaximumWidth(scaled(90))
        self.daily = QCheckBox(_("Back up &every day"), objectName="backupDaily")
        self.save_button = QPushButton(_("Save schedule"), objectName="saveBackupSchedule")
        self.now_button = QPushButton(_("Back up &now"), objectName="backupNow")
        self.restore_button = QPushButton(_("Restore selected…"), objectName="restoreBackup")
        self.message = QLabel(objectName="backupMessage")
        self.message.setWordWrap(True)
        self.table = RowFittingTable(3, fewest=1, most=8, objectName="backupTable")
        self.table.setAccessibleName(_("Backups"))
        self.table.setHorizontalHeaderLabels([_("Backup"), _("Made"), _("Size")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.empty_note = QLabel(objectName="noBackups", wordWrap=True)
        self.empty_note.setProperty("role", "muted")

        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(self.browse)
        self.schedule = QFormLayout()  # (a page may give it the label column of its own form)
        folder_label = QLabel(_("Folder"))
        folder_label.setBuddy(self.folder)
        keep_label = QLabel(_("&Keep"))
        keep_label.setBuddy(self.keep)
        self.schedule.addRow(folder_label, folder_row)
        self.keep_unit = QLabel(objectName="backupKeepUnit")
        self.keep_unit.setProperty("role", "muted")
        self.keep.valueChanged.connect(self._show_keep_unit)
        self._show_keep_unit(self.keep.value())
        keep_row = QHBoxLayout()
        keep_row.addWidget(self.keep)
        keep_row.addWidget(self.keep_unit, 1)
        self.schedule.addRow(keep_label, keep_row)
        self.schedule.addRow("", self.daily)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        for button in (self.save_button, self.now_button, self.restore_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.schedule)
        layout.addLayout(buttons)
        layout.addWidget(self.table)
        layout.addWidget(self.empty_note)

        self.browse.clicked.connect(self._browse)
        self.save_button.clicked.connect(self.save_schedule)
        self.now_button.clicked.connect(self.back_up_now)
        self.restore_button.clicked.connect(self.restore_selected)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.unsaved = UnsavedEdits({
            "folder": Box(self.folder.text, self._show_folder),
            "keep": Box(self.keep.value, self.keep.setValue),
            "daily": Box(self.daily.isChecked, self.daily.setChecked),
        }, self._stored)

    def set_actor(self, actor: Staff) -> None:
        """Who is using the panel; the schedule is read again, with changes not saved yet typed back."""
        self._actor = actor
        self.unsaved.reload(self.reload)
        self._update_buttons()

    def reload(self) -> None:
        """Show the stored schedule and the folder's backups, discarding unsaved changes."""
        current = backup.get_settings()
        self.folder.setText(current.folder)
        self.keep.setValue(current.keep)
        self.daily.setChecked(current.daily)
        self._list()
        self.unsaved.mark_read()

    @staticmethod
    def _stored() -> dict[str, object]:
        current = backup.get_settings()
        return {"folder": current.folder, "keep": current.keep, "daily": current.daily}

    def _show_folder(self, folder: str) -> None:
        self.folder.setText(folder)
        self._list()

    def _list(self) -> None:
        zone = settings.get_profile().zone
        backups = backup.list_backups(Path(self.folder.text())) if self.folder.text() else []
        self.table.setRowCount(len(backups))
        for row, info in enumerate(backups):
            for column, text in enumerate((info.path.name, _made(info.created_at, zone), locale_format.file_size(info.size_bytes))):
                item = QTableWidgetItem(text)
                item.setData(256, str(info.path))
                self.table.setItem(row, column, item)
        self.table.setVisible(bool(backups))
        self.empty_note.setVisible(not backups)
        if not self.folder.text():
            self.empty_note.setText(_("Choose a folder for the backups: a USB drive, or a folder a cloud"
                                      " service copies off this PC."))
        else:
            self.empty_note.setText(_("No backups in this folder yet: press Back up now, or tick Back up"
                                      " every day and save the schedule."))
        self._update_buttons()

    def _show_keep_unit(self, n: int) -> None:
        self.keep_unit.setText(ngettext("newest backup; older ones are deleted", "newest backups; older ones are"
                                        " deleted", n))

    def _update_buttons(self) -> None:
        owner = self._actor is not None and allowed(self._actor, "staff.manage")
        self.restore_button.setEnabled(owner and bool(self.table.selectionModel().selectedRows()))
        self.now_button.setEnabled(bool(self.folder.text().strip()) and self._task is None)

    def _say(self, text: str, *, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setProperty("role", "error" if error else "ok")
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)

    def _browse(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, _("Folder for backups"),
                                                  str(folder_to_open(self.folder.text())))
        if chosen:
            self._show_folder(chosen)

    def save_schedule(self) -> None:
        if self._actor is None:
            return
        try:
            backup.save_settings(self._actor, folder=self.folder.text(), keep=self.keep.value(),
                                 daily=self.daily.isChecked())
        except SmallCSError as exc:
            self._say(str(exc), error=True)
            return
        self._say(_("Backup schedule saved."))
        self._list()

    def back_up_now(self) -> None:
        """Write a backup into the folder on a worker thread; the window stays usable."""
        folder = Path(self.folder.text().strip())
        keep = self.keep.value()
        self._task = workers.Task(lambda _progress: backup.scheduled_backup(folder, keep=keep))
        self._task.signals.finished.connect(self._backed_up)
        self._task.signals.failed.connect(self._backup_failed)
        self._say(_("Backing up…"))
        self._update_buttons()
        workers.start(self._task)

    def _backed_up(self, info: backup.BackupInfo) -> None:
        self._task = None
        self._say(_("Backup written and verified: {name} ({size}).").format(
            name=info.path.name, size=locale_format.file_size(info.size_bytes)))
        self._list()

    def _backup_failed(self, error: BaseException) -> None:
        self._task = None
        self._update_buttons()
        if isinstance(error, SmallCSError):
            self._say(str(error), error=True)
        else:
            show_error(self, error)

    def restore_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or self._actor is None:
            return
        path = Path(self.table.item(rows[0].row(), 0).data(256))
        answer = QMessageBox.question(
            self, _("Restore backup"),
            _("Replace the shop's database with {name}? Everything entered since that backup"
              " will no longer show (the current database is kept beside it), and everyone"
              " logs in again.").format(name=path.name),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            kept = backup.restore_open_database(self._actor, path)
        except SmallCSError as exc:
            self._say(str(exc), error=True)
            return
        self.restored.emit(kept)
