"""After a log-in: last month's report, offered or written as the shop chose (see reports.automatic)."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget

from smallcs.errors import SmallCSError
from smallcs.i18n import _
from smallcs.models import Staff
from smallcs.reports import automatic
from smallcs.reports.automatic import AutoMode
from smallcs.reports.month_names import month_title
from smallcs.ui import workers
from smallcs.ui.idle_lock import WITHDRAWN_ON_LOCK
from smallcs.ui.save_folder import documents_folder

log = logging.getLogger(__name__)


class MonthlyReportOffer(QObject):
    """Asks once per month ("Make the report" / "Not for this month" / "Later"), or just writes it.

    ``written`` carries the PDF's path; ``status`` a line for the status bar.
    """

    written = Signal(object)
    status = Signal(str)

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._window = window
        self.box: QMessageBox | None = None  # the question, while shown
        self.task: workers.Task | None = None  # the report being written, if any
        # (person, month) asked already while the app runs: an unlock or a user switch back does not
        # ask them again (a box there took the letters typed next as its answer)
        self.asked: set[tuple[int, dt.date]] = set()

    def check(self, staff: Staff) -> None:
        """Offer or write the report that is due for ``staff``, if any."""
        if self.box is not None or self.task is not None:
            return
        month = automatic.due_month(staff)
        if month is None or (staff.id, month) in self.asked:
            return
        if automatic.get_settings().mode == AutoMode.WRITE:
            self.write(staff, month)
            return
        title = month_title(month.year, month.month)
        box = QMessageBox(QMessageBox.Icon.Question, _("Monthly report"),
                          _("{month} is over. Make its service report now?").format(month=title),
                          QMessageBox.StandardButton.NoButton, self._window)
        box.setInformativeText(_("It takes a few seconds; you can go on working meanwhile."))
        make = box.addButton(_("&Make the report"), QMessageBox.ButtonRole.AcceptRole)
        skip = box.addButton(_("&Not for this month"), QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(_("&Later"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(make)
        box.setObjectName("monthlyReportOffer")
        box.setProperty(WITHDRAWN_ON_LOCK, True)  # no answer holds the idle lock back

        def answered(_result: int) -> None:
            clicked = box.clickedButton()
            self.box = None
            if clicked is not None:  # answered, not withdrawn unanswered by a lock
                self.asked.add((staff.id, month))
            if clicked is make:
                self.write(staff, month)
            elif clicked is skip:
                automatic.mark_done(staff, month, declined=True)
            # "Later" (or Esc) stores nothing: the question comes back when SmallCS next starts,
            # not at each unlock.

        box.finished.connect(answered)
        self.box = box
        box.open()

    def withdraw(self) -> None:
        """Close the question unanswered (nothing is stored; it comes back at the next check)."""
        if self.box is not None:
            box, self.box = self.box, None
            box.finished.disconnect()
            box.hide()
            box.deleteLater()

    def button(self, text: str) -> QPushButton:
        """The offer's button whose text (without its mnemonic) is ``text``."""
        assert self.box is not None
        return next(b for b in self.box.buttons()
                    if isinstance(b, QPushButton) and b.text().replace("&", "") == text)

    def write(self, staff: Staff, month: dt.date) -> None:
        """Write ``month``'s report into the chosen folder (Documents by default) off the UI thread."""
        folder_text = automatic.get_settings().folder
        folder = Path(folder_text) if folder_text else documents_folder()
        self.task = workers.Task(lambda progress: automatic.write_due_report(staff, month, folder,
                                                                               progress=progress))
        self.task.signals.finished.connect(self._done)
        self.task.signals.failed.connect(self._failed)
        self.status.emit(_("Writing the report for {month}…").format(month=month_title(month.year, month.month)))
        workers.start(self.task)

    def _done(self, path: Path) -> None:
        self.task = None
        self.status.emit(_("The monthly report is ready: {path}").format(path=path))
        self.written.emit(path)

    def _failed(self, error: BaseException) -> None:
        self.task = None
        if isinstance(error, SmallCSError):
            self.status.emit(_("The monthly report could not be written: {reason}").format(reason=error))
        else:
            log.error("the automatic monthly report failed", exc_info=error)
            self.status.emit(_("The monthly report could not be written; the details are in the log file."))
