"""Import answers from a CSV file: see what the file holds, say which column is which, import.

Answers collected by an external form (its CSV export) are matched to printed
cards by token. The preview reads the file; the import runs on a worker and
reports, row by row, what became of each answer.
"""

from __future__ import annotations

import itertools
import logging
from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from smallcs.errors import SmallCSError
from smallcs.i18n import N_, _, ngettext
from smallcs.models import Staff
from smallcs.surveys.csv_import import (
    ANSWER_FIELDS,
    FIELDS,
    ImportPreview,
    ImportReport,
    ImportResult,
    ImportRow,
    column_title,
    import_responses,
    preview_import,
)
from smallcs.ui import save_folder, workers
from smallcs.ui.screen_fit import ScreenFit, ScrollingContent

log = logging.getLogger(__name__)

NOT_IN_FILE = -1
# Each field the import understands, as the mapping form names it.
FIELD_LABELS: dict[str, str] = {
    "token": N_("Card &token:"),
    "csat": N_("&Satisfaction (CSAT):"),
    "nps": N_("&Would recommend (NPS):"),
    "ces": N_("Customer &effort (CES):"),
    "comment": N_("C&omment:"),
    "contact": N_("May &contact:"),
    "language": N_("&Language:"),
    "submitted_at": N_("&Answered at:"),
}
# The plain names used in sentences about the mapping.
FIELD_NAMES: dict[str, str] = {
    "token": N_("card token"),
    "csat": N_("satisfaction"),
    "nps": N_("would recommend"),
    "ces": N_("easy to handle"),
    "comment": N_("comment"),
    "contact": N_("may contact"),
    "language": N_("language"),
    "submitted_at": N_("answered at"),
}


def describe_report(report: ImportReport) -> str:
    """The outcome counts of an import, in plain words."""
    counts = report.counts
    recorded = counts[ImportResult.RECORDED]
    parts = [ngettext("{n} answer imported.", "{n} answers imported.", recorded).format(n=f"{recorded:,}")
             if recorded else _("No answer imported.")]
    refused = report.refused
    if refused:
        parts.append(ngettext(
            "{n} row was refused and nothing from it was saved: see why below. Correct the file and import"
            " it again; the answers already imported are not imported twice.",
            "{n} rows were refused and nothing from them was saved: see why below. Correct the file and"
            " import it again; the answers already imported are not imported twice.",
            refused).format(n=f"{refused:,}"))
    already = counts[ImportResult.ALREADY_ANSWERED]
    if already:
        parts.append(ngettext("{n} row was skipped: its card already had its answer.",
                              "{n} rows were skipped: their cards already had their answers.",
                              already).format(n=f"{already:,}"))
    return " ".join(parts)


def outcome_role(report: ImportReport) -> str:
    """The summary's look: green when every row went in, a warning when some were refused."""
    if report.refused:
        return "warning"
    return "ok" if report.recorded else ""


def describe_row(row: ImportRow) -> str:
    """One row not imported, as the list under the summary shows it: its number, the column, why."""
    reason = row.reason or row.result.value
    if row.column:
        return _("Row {row}, \"{column}\": {reason}").format(row=row.row, column=row.column, reason=reason)
    return _("Row {row}: {reason}").format(row=row.row, reason=reason)


class ImportAnswersDialog(QDialog):
    """Choose a CSV file, check its columns, import its answers (manager or owner)."""

    imported = Signal(int)  # how many answers were recorded

    def __init__(self, actor: Staff, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.path: Path | None = None
        self.preview: ImportPreview | None = None
        self.report: ImportReport | None = None
        self.busy = False
        self.task: workers.Task | None = None  # kept while the worker runs
        self.file_dialog: QFileDialog | None = None
        self.setObjectName("importAnswers")
        self.setWindowTitle(_("Import survey answers"))
        self.screen_fit = ScreenFit(self, preferred=QSize(self.fontMetrics().averageCharWidth() * 150,
                                                          self.fontMetrics().lineSpacing() * 44))
        self._build()
        self._show_preview()
        self.browse_button.setFocus()

    # --- construction -------------------------------------------------
    def _build(self) -> None:
        intro = QLabel(_("Answers collected with another form tool: import its CSV export. Each row is"
                         " matched to a printed card by the card's token; a card answered once is not"
                         " answered again, so importing the same file twice adds nothing."))
        intro.setWordWrap(True)
        intro.setProperty("role", "muted")
        self.file_name = QLineEdit(objectName="importFile", readOnly=True)
        self.file_name.setPlaceholderText(_("No file chosen"))
        self.file_name.setAccessibleName(_("CSV file"))
        self.browse_button = QPushButton(_("&Browse…"), objectName="importBrowse")
        self.browse_button.setAutoDefault(False)
        self.browse_button.clicked.connect(self.choose_file)
        file_row = QHBoxLayout()
        file_row.addWidget(self.file_name, 1)
        file_row.addWidget(self.browse_button)
        file_form = QFormLayout()
        file_form.addRow(QLabel(_("&File:"), buddy=self.browse_button), file_row)
        self.file_note = QLabel(objectName="importFileNote")
        self.file_note.setWordWrap(True)
        self.file_note.setTextFormat(Qt.TextFormat.PlainText)
        self.file_note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.mapping_box = QGroupBox(_("Which column holds what"), objectName="importMapping")
        mapping_form = QFormLayout(self.mapping_box)
        self.columns: dict[str, QComboBox] = {}
        for field in FIELDS:
            combo = QComboBox(objectName=f"column_{field}")
            combo.setAccessibleName(_("Column for {field}").format(field=_(FIELD_NAMES[field])))
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(18)
            combo.currentIndexChanged.connect(self._column_chosen)
            mapping_form.addRow(QLabel(_(FIELD_LABELS[field]), buddy=combo), combo)
            self.columns[field] = combo

        rows_box = QGroupBox(_("First rows of the file"), objectName="importSample")
        self.rows = QTableWidget(0, 0, objectName="importRows")
        self.rows.setTabKeyNavigation(False)  # Tab moves to the next control, not cell
        self.rows.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.rows.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.rows.setAlternatingRowColors(True)
        self.rows.setWordWrap(False)
        self.rows.setAccessibleName(_("First rows of the file"))
        self.rows.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.rows_note = QLabel(objectName="importRowsNote")
        self.rows_note.setProperty("role", "muted")
        self.rows_note.setWordWrap(True)
        right = QVBoxLayout(rows_box)
        right.addWidget(self.rows, 1)
        right.addWidget(self.rows_note)
        middle = QHBoxLayout()
        middle.addWidget(self.mapping_box)
        middle.addWidget(rows_box, 1)

        self.problems = QLabel(objectName="importProblems")
        self.problems.setProperty("role", "error")
        self.problems.setWordWrap(True)
        self.problems.setTextFormat(Qt.TextFormat.PlainText)
        self.progress = QProgressBar(objectName="importProgress", minimum=0, maximum=0)
        self.progress.setAccessibleName(_("Importing"))
        self.progress.hide()
        self.outcome = QLabel(objectName="importOutcome")
        self.outcome.setWordWrap(True)
        self.outcome.setTextFormat(Qt.TextFormat.PlainText)
        self.outcome.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details = QPlainTextEdit(objectName="importDetails", readOnly=True)
        self.details.setAccessibleName(_("Rows not imported, and why"))
        self.details.setTabChangesFocus(True)
        self.details.setFixedHeight(self.fontMetrics().lineSpacing() * 5 + 12)
        self.details.hide()

        self.import_button = QPushButton(_("&Import answers"), objectName="importButton")
        self.import_button.setProperty("role", "primary")
        self.import_button.setAutoDefault(False)
        self.import_button.clicked.connect(self.start_import)
        self.close_button = QPushButton(_("Close"), objectName="importClose")
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.progress, 1)
        buttons.addStretch()
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.close_button)

        body = QWidget(objectName="importBody")
        content = QVBoxLayout(body)
        content.setContentsMargins(0, 0, 0, 0)
        content.addWidget(intro)
        content.addLayout(file_form)
        content.addWidget(self.file_note)
        content.addLayout(middle, 1)
        content.addWidget(self.problems)
        content.addWidget(self.outcome)
        content.addWidget(self.details)
        layout = QVBoxLayout(self)
        layout.addWidget(ScrollingContent(body), 1)  # scrolls on a small screen; the buttons stay
        layout.addLayout(buttons)
        chain: list[QWidget] = [self.browse_button, *self.columns.values(), self.rows, self.details,
                                self.import_button, self.close_button]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    # --- choosing the file --------------------------------------------
    def choose_file(self) -> None:
        """Ask for the CSV file; the chooser is opened, not exec'd, so nothing waits on it."""
        if self.file_dialog is None:
            # One chooser for the dialog's life: it remembers the folder between files.
            dialog = QFileDialog(self, _("Choose the CSV file to import"), str(save_folder.start_folder("import")),
                                 _("CSV files (*.csv *.txt);;All files (*)"))
            dialog.setObjectName("importFileDialog")
            dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
            dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
            dialog.fileSelected.connect(self._file_chosen)
            self.file_dialog = dialog
        self.file_dialog.open()

    def _file_chosen(self, chosen: str) -> None:
        save_folder.remember_folder("import", Path(chosen))  # (the next import's file is likely beside it)
        self.load(Path(chosen))

    def load(self, path: Path) -> None:
        """Read ``path``'s start and show it, or say why the file cannot be imported."""
        if self.busy:
            return
        self.path = path
        self.file_name.setText(str(path))
        self.report = None
        self.outcome.clear()
        self.details.hide()
        try:
            self.preview = preview_import(path)
        except SmallCSError as exc:
            self.preview = None
            self._show_preview()
            self._set_file_note(str(exc), error=True)
            return
        self._show_preview()

    def _set_file_note(self, text: str, *, error: bool) -> None:
        self.file_note.setProperty("role", "error" if error else "muted")
        self.file_note.style().polish(self.file_note)
        self.file_note.setText(text)

    def _show_preview(self) -> None:
        preview = self.preview
        headers = preview.headers if preview is not None else []
        for field, combo in self.columns.items():
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(_("— not in the file —"), NOT_IN_FILE)
            for index in range(len(headers)):
                combo.addItem(column_title(headers, index), index)
            guessed = preview.mapping.get(field) if preview is not None else None
            if guessed is not None and guessed in headers:
                combo.setCurrentIndex(combo.findData(headers.index(guessed)))
            combo.blockSignals(False)
        self.mapping_box.setEnabled(preview is not None)
        self.rows.clear()
        if preview is None:
            self.rows.setRowCount(0)
            self.rows.setColumnCount(0)
            self.rows_note.clear()
            self._set_file_note(_("Choose the CSV file your form tool exported (UTF-8 text, up to 5 MB)."),
                                error=False)
        else:
            width = max([len(headers), *(len(row) for row in preview.rows)])
            self.rows.setColumnCount(width)
            self.rows.setRowCount(len(preview.rows))
            for row, cells in enumerate(preview.rows):
                for column, value in enumerate(cells):
                    self.rows.setItem(row, column, QTableWidgetItem(" ".join(value.split())))
            self.rows.setVerticalHeaderLabels([str(n) for n in range(2, 2 + len(preview.rows))])
            self._mark_columns()
            self.rows.resizeColumnsToContents()
            widest = self.fontMetrics().averageCharWidth() * 28
            for column in range(width):
                self.rows.setColumnWidth(column, min(self.rows.columnWidth(column), widest))
            delimiter = {",": _("commas"), ";": _("semicolons"), "\t": _("tabs")}.get(preview.delimiter,
                                                                                   repr(preview.delimiter))
            self._set_file_note(
                _("{rows} and {columns}, separated by {delimiter}. Columns found: {names}.").format(
                    rows=ngettext("{n} row of answers", "{n} rows of answers", preview.total_rows)
                    .format(n=f"{preview.total_rows:,}"),
                    columns=ngettext("{n} column", "{n} columns", len(headers)).format(n=len(headers)),
                    delimiter=delimiter,
                    names=", ".join(column_title(headers, i) for i in range(len(headers)))),
                error=False)
            shown = len(preview.rows)
            self.rows_note.setText(
                _("Showing all rows.") if shown == preview.total_rows else
                _("Showing the first {shown} of {total} rows.").format(shown=shown,
                                                                        total=f"{preview.total_rows:,}"))
        self._mapping_changed()

    # --- the mapping --------------------------------------------------
    def mapping(self) -> dict[str, int]:
        """Field -> column index, for the fields given a column."""
        chosen = {field: combo.currentData() for field, combo in self.columns.items()}
        return {field: int(index) for field, index in chosen.items()
                if index is not None and index != NOT_IN_FILE}

    def set_column(self, field: str, header: str) -> None:
        """Choose the column called ``header`` for ``field`` (or none, with an empty header name)."""
        combo = self.columns[field]
        combo.setCurrentIndex(combo.findText(header) if header else combo.findData(NOT_IN_FILE))

    def problems_found(self) -> list[str]:
        """What stops this file and mapping from being imported (empty when it can be)."""
        preview = self.preview
        if preview is None:
            return []
        problems: list[str] = []
        mapping = self.mapping()
        name = self.path.name if self.path is not None else ""
        if "token" not in mapping:
            problems.append(_("No column of {name} was recognised as the card token. Choose it under"
                              " \"Card token\"; without it no answer can be matched to its card.")
                            .format(name=name))
        if not any(field in mapping for field in ANSWER_FIELDS):
            problems.append(_("No column of answers is chosen (satisfaction, would recommend, easy to"
                              " handle or comment): every row would be refused."))
        by_column: dict[int, list[str]] = {}
        for field, column in mapping.items():
            by_column.setdefault(column, []).append(_(FIELD_NAMES[field]))
        for column, fields in by_column.items():
            if len(fields) > 1:
                problems.append(_("The column \"{column}\" is chosen for {fields}: choose it once.").format(
                    column=column_title(preview.headers, column), fields=_(" and ").join(fields)))
        if preview.total_rows == 0:
            problems.append(_("{name} has its header row but no answers.").format(name=name))
        return problems

    def _column_chosen(self) -> None:
        # A new choice of columns may be imported again: rows already in are skipped, not doubled.
        self.report = None
        self._mapping_changed()

    def _mapping_changed(self) -> None:
        problems = self.problems_found()
        self.problems.setText("\n".join(problems))
        self.problems.setVisible(bool(problems))
        self._mark_columns()
        self.import_button.setEnabled(self.preview is not None and not problems and not self.busy
                                      and self.report is None)

    def _mark_columns(self) -> None:
        """Head each column of the sample with its name and what it is imported as."""
        for combo in self.columns.values():
            combo.setToolTip(combo.currentText())  # a long question is cut short in the box
        if self.preview is None:
            return
        used = {column: field for field, column in self.mapping().items()}
        for index in range(self.rows.columnCount()):
            title = column_title(self.preview.headers, index)
            field = used.get(index)
            label = (_("{column}\n→ {field}").format(column=title, field=_(FIELD_NAMES[field]))
                     if field else _("{column}\n(not imported)").format(column=title))
            item = QTableWidgetItem(label)
            item.setToolTip(title)
            self.rows.setHorizontalHeaderItem(index, item)

    # --- importing ----------------------------------------------------
    def start_import(self) -> None:
        """Import the file with the chosen columns on a worker; the counts show when it is done."""
        if self.path is None or self.preview is None or self.busy or self.problems_found():
            return
        actor, path, mapping = self.actor, self.path, self.mapping()
        task = workers.Task(lambda _progress: import_responses(actor, path, mapping=mapping))
        task.signals.finished.connect(self._done)
        task.signals.failed.connect(self._failed)
        self.task = task
        self._set_busy(True)
        self.outcome.setProperty("role", "")
        self.outcome.style().polish(self.outcome)
        self.outcome.setText(_("Importing the answers of {name}…").format(name=path.name))
        workers.start(task)

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.progress.setVisible(busy)
        for widget in (self.browse_button, self.mapping_box, self.close_button):
            widget.setEnabled(not busy)
        self._mapping_changed()

    def _done(self, report: ImportReport) -> None:
        self.task = None
        self.report = report
        self._set_busy(False)
        self.outcome.setProperty("role", outcome_role(report))
        self.outcome.style().polish(self.outcome)
        self.outcome.setText(describe_report(report))
        not_imported = [r for r in report.rows if r.result != ImportResult.RECORDED]
        self.details.setPlainText("\n".join(describe_row(r) for r in not_imported))
        self.details.setVisible(bool(not_imported))
        self.close_button.setFocus()
        self.imported.emit(report.recorded)

    def _failed(self, error: BaseException) -> None:
        self.task = None
        self._set_busy(False)
        self.outcome.setProperty("role", "error")
        self.outcome.style().polish(self.outcome)
        if isinstance(error, SmallCSError):
            self.outcome.setText(_("Nothing was imported: {reason}").format(reason=error))
        else:
            log.error("importing survey answers failed", exc_info=error)
            self.outcome.setText(_("Nothing was imported: the import failed. The details are in the log file."))

    def reject(self) -> None:
        if not self.busy:  # the worker's result would land nowhere
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.busy:
            event.ignore()
        else:
            super().closeEvent(event)
