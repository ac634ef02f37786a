"""After a log-in: last month's report, offered or written as the shop chose (see reports.automatic).

The offer is a bar above the page, not a question in a box: it comes a moment after the
log-in, when the person may already be typing, and a box would take the keyboard and
answer itself with the letter typed next ("M" for Make, say). The bar never takes the
keyboard; its buttons are reached with the mouse or by Tab, and have no Alt letters that
could clash with the page's.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from smallcs.errors import SmallCSError
from smallcs.i18n import _
from smallcs.models import Staff
from smallcs.reports import automatic
from smallcs.reports.automatic import AutoMode
from smallcs.reports.month_names import month_title
from smallcs.ui import workers
from smallcs.ui.save_folder import documents_folder
from smallcs.ui.theme import scaled

log = logging.getLogger(__name__)


class OfferBar(QFrame):
    """The question and its three answers, in a bar; ``answered(key)``: "make", "skip" or "later"."""

    answered = Signal(str)

    def __init__(self, text: str, informative: str) -> None:
        super().__init__(objectName="monthlyReportOffer")
        self.setProperty("role", "banner")
        self.message = QLabel(text, objectName="offerText")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.note = QLabel(informative)
        self.note.setProperty("role", "muted")
        self.note.setWordWrap(True)
        words = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        words.addWidget(self.message)
        words.addWidget(self.note)
        row = QHBoxLayout(self)
        row.addLayout(words, 1)
        self.buttons: dict[str, QPushButton] = {}
        for key, label in (("make", _("Make the report")), ("skip", _("Not for this month")),
                           ("later", _("Later"))):
            button = QPushButton(label, objectName=f"offer_{key}")
            button.setAutoDefault(False)
            if key == "make":
                button.setProperty("role", "primary")
            button.clicked.connect(lambda _checked=False, k=key: self.answered.emit(k))
            row.addWidget(button, 0, Qt.AlignmentFlag.AlignVCenter)
            self.buttons[key] = button

    def text(self) -> str:
        return self.message.text()


class MonthlyReportOffer(QObject):
    """Offers once per month ("Make the report" / "Not for this month" / "Later"), or just writes it.

    The bar goes into ``place`` (a layout above the pages); ``written`` carries the PDF's
    path, ``status`` a line for the status bar.
    """

    written = Signal(object)
    status = Signal(str)

    def __init__(self, window: QWidget, place: QBoxLayout) -> None:
        super().__init__(window)
        self._window = window
        self._place = place
        self.box: OfferBar | None = None  # the offer, while shown
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
        bar = OfferBar(_("{month} is over. Make its service report now?").format(month=title),
                       _("It takes a few seconds; you can go on working meanwhile."))

        def answered(key: str) -> None:
            self.withdraw()
            self.asked.add((staff.id, month))
            if key == "make":
                self.write(staff, month)
            elif key == "skip":
                automatic.mark_done(staff, month, declined=True)
            # "Later" stores nothing: the offer comes back when SmallCS next starts, not at each unlock.

        bar.answered.connect(answered)
        self.box = bar
        holder = QWidget()  # the bar clear of the window's edges, in line with the page's margins
        margins = QVBoxLayout(holder)
        margins.setContentsMargins(scaled(16), scaled(8), scaled(16), 0)
        margins.addWidget(bar)
        self._place.insertWidget(0, holder)

    def withdraw(self) -> None:
        """Take the offer away unanswered (nothing is stored; it comes back at the next check)."""
        if self.box is not None:
            holder, self.box = self.box.parentWidget(), None
            holder.hide()
            holder.deleteLater()

    def button(self, text: str) -> QPushButton:
        """The offer's button whose text is ``text``."""
        assert self.box is not None
        return next(b for b in self.box.buttons.values() if b.text() == text)

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
