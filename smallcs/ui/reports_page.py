"""The Reports page: pick a month, write its PDF service report off the UI thread, open it."""

from __future__ import annotations

import datetime as dt
import logging
import os
from pathlib import Path

from PySide6.QtCore import QSignalBlocker, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from smallcs import clock, settings
from smallcs.errors import SmallCSError
from smallcs.i18n import _
from smallcs.models import Staff
from smallcs.permissions import allowed
from smallcs.reports.month_names import month_title
from smallcs.ui import save_folder, workers
from smallcs.ui.auto_report_panel import AutoReportPanel
from smallcs.ui.form_rows import form_widget, label_for, readable_column, with_notes
from smallcs.ui.page import Page
from smallcs.ui.theme import scaled

log = logging.getLogger(__name__)



class ReportsPage(Page):
    """Monthly PDF reports; the staff section is included for owners.

    The month, the file and the last report's message belong to the person who chose them:
    another person logging in finds the page as it first opens (``forget_user_state``).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.last_report: Path | None = None
        self._writer: Staff | None = None  # who the report being written is for, while it is
        heading = QLabel(_("Reports"))
        heading.setProperty("role", "title")
        intro = QLabel(_("One PDF a month: how the service went, whether it is getting better, and what to"
                         " fix. Print it or keep it with the accounts."))
        intro.setWordWrap(True)
        self.month = QComboBox(objectName="reportMonth")
        self.month.setMaximumWidth(260)
        self.comments = QCheckBox(_("Include customers' comments"), objectName="includeComments", checked=True)
        self.staff_note = QLabel(objectName="staffNote")
        self.staff_note.setProperty("role", "muted")
        self.path = QLineEdit(objectName="reportPath")
        choose = QPushButton(_("&Choose…"))
        choose.clicked.connect(self.choose_path)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path, 1)
        path_row.addWidget(choose)
        form = QFormLayout()
        self.month_note = QLabel(objectName="monthNote", wordWrap=True)
        self.month_note.setProperty("role", "muted")
        self.month_note.hide()
        form.addRow(label_for(_("&Month:"), self.month), with_notes(self.month, self.month_note))
        form.addRow("", with_notes(self.comments, self.staff_note))
        form.addRow(QLabel(_("&Save as:"), buddy=self.path), path_row)
        self.generate_button = QPushButton(_("Generate &report"), objectName="generateButton")
        self.generate_button.setProperty("role", "primary")
        self.generate_button.clicked.connect(self.generate)
        self.progress = QProgressBar(objectName="reportProgress")
        self.progress.hide()
        self.message = QLabel(objectName="reportMessage")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.hide()  # until there is something to say
        self.open_button = QPushButton(_("&Open PDF"), objectName="openButton")
        self.open_button.clicked.connect(self.open_report)
        self.folder_button = QPushButton(_("Show in fo&lder"), objectName="folderButton")
        self.folder_button.clicked.connect(self.show_folder)
        result_row = QHBoxLayout()
        for widget in (self.generate_button, self.open_button, self.folder_button):
            result_row.addWidget(widget)
        result_row.addStretch()
        self.open_button.hide()
        self.folder_button.hide()
        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(0, 0, 0, 0)
        body_layout.setSpacing(12)
        body_layout.addWidget(intro)
        body_layout.addWidget(form_widget(form))
        body_layout.addLayout(result_row)
        body_layout.addWidget(self.progress)
        body_layout.addWidget(self.message)
        self.auto_panel = AutoReportPanel()
        body_layout.addSpacing(12)
        body_layout.addWidget(self.auto_panel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(12)
        layout.addWidget(heading)
        layout.addLayout(readable_column(body, scaled(760)))  # a file name field across a wide screen reads badly
        layout.addStretch()
        self.month.currentIndexChanged.connect(self._default_path)

    def set_actor(self, actor: Staff) -> None:
        super().set_actor(actor)
        may_generate = allowed(actor, "report.generate")
        self.generate_button.setEnabled(may_generate and self._writer is None)
        self.auto_panel.set_actor(actor)
        if not may_generate:
            self.staff_note.setText(_("Reports are made by a manager or the owner."))
        elif allowed(actor, "report.staff"):
            self.staff_note.setText(_("The staff section is included (owners only)."))
        else:
            self.staff_note.setText(_("The staff section is only in reports an owner makes."))

    def refresh(self) -> None:
        if not self.month.count():
            self._offer_months()

    def forget_user_state(self) -> None:
        """Another person logs in: the last complete month, its file in the Documents folder, the
        customers' comments included, and nothing said about the last person's report."""
        self.path.clear()
        self._offer_months()
        self.comments.setChecked(True)
        self.last_report = None
        self.open_button.hide()
        self.folder_button.hide()
        if self._writer is None:  # a report still being written keeps its progress bar until it is done
            self._say("")

    def _offer_months(self) -> None:
        """The complete months since the shop's first complaint or answer, newest first and chosen.

        A shop with nothing recorded yet is offered last month alone, and told its report
        will be empty.
        """
        # (imported here: the page's first showing needs it, not the window's start-up)
        from smallcs import metrics

        with QSignalBlocker(self.month):
            self.month.clear()
            for period in metrics.reportable_months():
                self.month.addItem(month_title(period.year, period.month), dt.date(period.year, period.month, 1))
        empty = metrics.first_activity() is None
        this_month = clock.to_local(clock.utcnow(), settings.get_profile().zone).date()
        self.month_note.setText(_("Nothing is recorded yet, so this report shows what a monthly report looks"
                                  " like, without figures. The first with figures will be {month}'s.").format(
            month=month_title(this_month.year, this_month.month)) if empty else "")
        self.month_note.setVisible(empty)
        self._default_path()

    def _default_path(self) -> None:
        first = self.month.currentData()
        if first is None:
            return
        folder = Path(self.path.text()).parent if self.path.text() else save_folder.start_folder("report")
        self.path.setText(str(folder / f"smallcs-report-{first:%Y-%m}.pdf"))

    def choose_path(self) -> None:
        path, _chosen = QFileDialog.getSaveFileName(self, _("Save the report as"), self.path.text(),
                                                    _("PDF files (*.pdf)"))
        if path:
            save_folder.remember_folder("report", Path(path))
            self.path.setText(path)

    def generate(self) -> None:
        """Write the report on a worker thread; the page shows progress and then the result."""
        if self.actor is None:
            return
        from smallcs.reports.monthly import build_monthly_report

        target = self._target()
        if target is None:
            self._say(_("Choose where to save the report."), error=True)
            self.path.setFocus()
            return
        self.path.setText(str(target))  # the file written is the one the field names
        actor, month, comments = self.actor, self.month.currentData(), self.comments.isChecked()
        task = workers.Task(lambda progress: build_monthly_report(
            month, target, actor=actor, include_comments=comments,
            progress=lambda percent, what: progress(percent, what)))
        task.signals.progress.connect(self._progress)
        task.signals.finished.connect(self._done)
        task.signals.failed.connect(self._failed)
        self._writer = actor
        self.generate_button.setEnabled(False)
        self.open_button.hide()
        self.folder_button.hide()
        self.progress.setValue(0)
        self.progress.show()
        self._say(_("Writing the report…"))
        workers.start(task)

    def _target(self) -> Path | None:
        """The file the "Save as" field names, or None when it names none.

        A bare name goes to the folder reports are saved to (not the app's working directory,
        which nobody sees). A name not ending in ".pdf" gets it added, even after another
        "extension": a dot in "Smith v. Jones" or "report 2026.10" is part of the name, which
        is kept whole, and "Open PDF" must hand the system a file it opens as a PDF. A folder
        is left as typed, for the report's own "is a folder" message.
        """
        text = self.path.text().strip()
        if not text:
            return None
        target = Path(text).expanduser()
        if not target.is_absolute():
            target = save_folder.start_folder("report") / target
        if text.endswith(("/", os.sep)) or target.is_dir() or target.suffix.lower() == ".pdf":
            return target
        return target.with_name(f"{target.name}.pdf")

    def _progress(self, percent: int, what: str) -> None:
        self.progress.setValue(percent)
        self._say(_("Writing the report: {part}…").format(part=what))

    def _finish(self) -> bool:
        """The report's work is over: whether the person it was written for is still the one here."""
        writer, self._writer = self._writer, None
        self.progress.hide()
        self.generate_button.setEnabled(self.actor is not None and allowed(self.actor, "report.generate"))
        if writer is not None and self.actor is not None and writer.id == self.actor.id:
            return True
        self._say("")  # someone else logged in meanwhile: not theirs to open
        return False

    def _done(self, path: Path) -> None:
        if self._finish():
            self.show_written(path)

    def show_written(self, path: Path) -> None:
        """Say where a report was written, with buttons to open it and its folder."""
        self.last_report = path
        self._say(_("The report is ready: {path}").format(path=path))
        self.open_button.show()
        self.folder_button.show()

    def _failed(self, error: BaseException) -> None:
        if not isinstance(error, SmallCSError):
            log.error("the monthly report failed", exc_info=error)
        if not self._finish():
            return
        if isinstance(error, SmallCSError):
            self._say(str(error), error=True)
        else:
            self._say(_("The report could not be written; the details are in the log file."), error=True)

    def _say(self, text: str, *, error: bool = False) -> None:
        """Show ``text`` under the buttons: in the theme's error colour for a failure, as plain text otherwise."""
        self.message.setText(text)
        self.message.setVisible(bool(text))
        self.message.setProperty("role", "error" if error else "")
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)

    def open_report(self) -> None:
        if self.last_report is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.last_report)))

    def show_folder(self) -> None:
        if self.last_report is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.last_report.parent)))
