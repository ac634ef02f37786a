"""On the Reports page: what happens when a month ends (offer its report, write it, or nothing)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from smallcs.errors import SmallCSError
from smallcs.i18n import N_, _
from smallcs.models import Staff
from smallcs.permissions import allowed
from smallcs.reports import automatic
from smallcs.reports.automatic import AutoMode
from smallcs.reports.month_names import month_title
from smallcs.ui.form_rows import label_for, with_notes
from smallcs.ui.save_folder import folder_to_open

MODE_TEXTS: dict[AutoMode, str] = {
    AutoMode.OFFER: N_("Offer to make its report at the next start"),
    AutoMode.WRITE: N_("Make its report by itself, into the folder below"),
    AutoMode.OFF: N_("Nothing"),
}


def _month_label(label: str) -> str:
    """"2026-11" as "November 2026" (a stored label that is not a month as it is)."""
    try:
        year, month = (int(part) for part in label.split("-"))
    except ValueError:
        return label
    return month_title(year, month) if 1 <= month <= 12 else label


class AutoReportPanel(QGroupBox):
    """The shop's choice, saved as soon as it changes; a refusal is shown and the choice put back."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("When a month ends"), parent, objectName="autoReportPanel")
        self._actor: Staff | None = None
        self.mode = QComboBox(objectName="autoReportMode")
        for mode, text in MODE_TEXTS.items():
            self.mode.addItem(_(text), mode)
        self.folder = QLineEdit(objectName="autoReportFolder", readOnly=True)
        self.folder.setPlaceholderText(_("Your Documents folder"))
        self.choose = QPushButton(_("Choose fol&der…"), objectName="autoReportChoose")
        self.choose.clicked.connect(self.choose_folder)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(self.choose)
        self.message = QLabel(objectName="autoReportMessage", wordWrap=True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        form = QFormLayout(self)
        form.addRow(QLabel(_("&Then:"), buddy=self.mode), self.mode)
        folder_field = QWidget()
        folder_field.setLayout(folder_row)
        folder_row.setContentsMargins(0, 0, 0, 0)
        form.addRow(label_for(_("Fold&er:"), self.folder), with_notes(folder_field, self.message))
        self.mode.activated.connect(lambda _index: self._mode_chosen())

    def set_actor(self, actor: Staff) -> None:
        self._actor = actor
        may_change = allowed(actor, "report.generate")
        for widget in (self.mode, self.choose):
            widget.setEnabled(may_change)
        self.load()

    def load(self) -> None:
        """Show the stored choice."""
        choice = automatic.get_settings()
        self.mode.setCurrentIndex(self.mode.findData(choice.mode))
        self.folder.setText(choice.folder)
        self.message.setProperty("role", "muted")
        self.message.setText(_("Reports already made for {month} and before.").format(
            month=_month_label(choice.last_month)) if choice.last_month else "")
        self.message.setVisible(bool(self.message.text()))

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, _("Folder for the monthly reports"),
                                                  str(folder_to_open(self.folder.text())))
        if folder:
            self._save(folder)

    def _mode_chosen(self) -> None:
        if self.mode.currentData() == AutoMode.WRITE and not self.folder.text():
            self.choose_folder()  # writing by itself needs a folder: ask for it at once
            if not self.folder.text():
                self.load()
            return
        self._save()

    def _save(self, folder: str | None = None) -> None:
        if self._actor is None:
            return
        try:
            automatic.save_settings(self._actor, mode=self.mode.currentData(),
                                    folder=self.folder.text() if folder is None else folder)
        except SmallCSError as exc:
            self.load()
            self.message.setProperty("role", "error")
            self.message.setText(str(exc))
            self.message.show()
        else:
            self.load()
            self.message.setText(_("Saved."))
            self.message.show()
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
