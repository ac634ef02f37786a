"""The Dashboard's list of the complaints overdue now: the few most overdue, and a way to the rest.

Compact, so it does not push the goals and patterns far down: at most ``OVERDUE_ROWS`` rows of one
line each, as tall as its rows (``RowFittingTable``). Where the page is narrow (a laptop, a large
font, a longer language) the summary gives up width down to a readable minimum, then the category,
the customer and who has the complaint go, in that order; the reference and how late it is stay.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from PySide6.QtCore import QModelIndex, QSize, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from smallcs import clock, locale_format
from smallcs.complaints import ComplaintRow
from smallcs.i18n import _, ngettext
from smallcs.ui.complaint_desk.list_sizing import cell_width
from smallcs.ui.dashboard.formatting import how_late
from smallcs.ui.dashboard.snapshot import OVERDUE_ROWS, OverdueList
from smallcs.ui.row_fitting_table import RowFittingTable

REFERENCE, SUMMARY, CUSTOMER, CATEGORY, ASSIGNED, LATE = range(6)
# Hidden first where the list is narrow.
NARROW_HIDES = (CATEGORY, CUSTOMER, ASSIGNED)
# The summary keeps this many average characters before another column goes.
SUMMARY_CHARACTERS = 24
# A name grows its column up to this many average characters; a longer one ends in "…" (whole in its tooltip).
NAME_CHARACTERS = 22


def _titles() -> list[str]:
    return [_("Reference"), _("Summary"), _("Customer"), _("Category"), _("Assigned to"), _("Overdue")]


def _cells(row: ComplaintRow, overdue: OverdueList) -> list[str]:
    late = how_late(overdue.now - row.due_at) if row.due_at is not None else ""
    return [row.reference, row.summary, row.customer_name or "—", row.category_name or "—",
            row.assigned_name or "—", late]


class OverdueTable(RowFittingTable):
    """One line per complaint; Enter or a double-click opens it (``activated``)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(len(_titles()), fewest=1, most=OVERDUE_ROWS, parent=parent, objectName="overdueTable")
        self.setHorizontalHeaderLabels(_titles())
        self.verticalHeader().hide()
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setAccessibleName(_("Overdue complaints"))  # (how many, and what Enter does: ``OverduePanel``)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(SUMMARY, QHeaderView.ResizeMode.Stretch)
        header.setHighlightSections(False)

    def set_rows(self, overdue: OverdueList, zone: ZoneInfo) -> None:
        """Show ``overdue``'s rows; each one's whole summary and due time are in its tooltip."""
        self.setRowCount(0)
        self.setRowCount(len(overdue.rows))
        for index, row in enumerate(overdue.rows):
            due = locale_format.date_time(clock.to_local(row.due_at, zone)) if row.due_at is not None else ""
            tip = _("{summary}\nDue {when}").format(summary=row.summary, when=due)
            for column, text in enumerate(_cells(row, overdue)):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, row.id)
                item.setToolTip(tip)
                if column == LATE:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.setItem(index, column, item)
        self.fit_columns()

    def complaint_at(self, index: QModelIndex) -> int:
        """The id of the complaint on ``index``'s row."""
        return int(self.item(index.row(), REFERENCE).data(Qt.ItemDataRole.UserRole))

    def _need(self, column: int, most: int | None) -> int:
        texts = [self.item(row, column).text() for row in range(self.rowCount())]
        need = max((cell_width(self, text) for text in texts), default=0) + (1 if self.showGrid() else 0)
        if most is not None:
            need = min(need, most)
        return max(need, self.horizontalHeader().sectionSizeHint(column))

    def fit_columns(self) -> None:
        """Each column as wide as its texts (names up to ``NAME_CHARACTERS``), the summary taking the
        rest; where that leaves the summary too little, the columns in ``NARROW_HIDES`` go."""
        char = self.fontMetrics().averageCharWidth()
        needs = {column: self._need(column, None if column in (REFERENCE, LATE) else NAME_CHARACTERS * char)
                 for column in (REFERENCE, CUSTOMER, CATEGORY, ASSIGNED, LATE)}
        room = self.viewport().width() - SUMMARY_CHARACTERS * char
        shown = set(needs)
        for column in NARROW_HIDES:
            if sum(needs[c] for c in shown) <= room:
                break
            shown.discard(column)
        header = self.horizontalHeader()
        for column, need in needs.items():
            self.setColumnHidden(column, column not in shown)
            header.resizeSection(column, need)

    def minimumSizeHint(self) -> QSize:
        """As narrow as the reference, a few characters of summary and how late (the other columns go)."""
        char = self.fontMetrics().averageCharWidth()
        narrowest = sum(self._need(column, None) for column in (REFERENCE, LATE)) + SUMMARY_CHARACTERS * char // 2
        return QSize(narrowest + 2 * self.frameWidth(), self.sizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_columns()


class OverduePanel(QWidget):
    """"Overdue now": the list, a calm line when nothing is overdue, and "And N more — show them all"."""

    open_complaint = Signal(int)  # the complaint's id
    show_all = Signal()  # the Complaints page, narrowed to these complaints

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        heading = QLabel(_("Overdue now"))
        heading.setProperty("role", "section")
        heading.setIndent(0)
        self.scope = QLabel(objectName="overdueScope")
        self.scope.setProperty("role", "muted")
        self.scope.setWordWrap(True)
        self.scope.hide()
        self.empty = QLabel(_("Nothing is overdue."), objectName="overdueEmpty")
        self.empty.setProperty("role", "muted")
        self.empty.hide()
        self.table = OverdueTable(self)
        self.table.activated.connect(lambda index: self.open_complaint.emit(self.table.complaint_at(index)))
        self.table.hide()
        self.more_button = QPushButton(objectName="overdueMore")
        self.more_button.clicked.connect(self.show_all)
        self.more_button.hide()
        more = QHBoxLayout()
        more.setContentsMargins(0, 0, 0, 0)
        more.addWidget(self.more_button)
        more.addStretch()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(heading)
        layout.addWidget(self.scope)
        layout.addWidget(self.empty)
        layout.addWidget(self.table)
        layout.addLayout(more)

    def set_list(self, overdue: OverdueList, *, zone: ZoneInfo, scope: str = "") -> None:
        """Show ``overdue``; ``scope`` says what it covers where the tiles beside it could suggest otherwise."""
        self.scope.setText(scope)
        self.scope.setVisible(bool(scope))
        self.empty.setVisible(not overdue.rows)
        self.table.setVisible(bool(overdue.rows))
        self.table.set_rows(overdue, zone)
        self.table.setAccessibleDescription(ngettext(
            "{n} complaint overdue. Enter opens the complaint on the Complaints page.",
            "{n} complaints overdue. Enter opens the complaint on the Complaints page.",
            overdue.total).format(n=locale_format.number(overdue.total)))
        self.more_button.setText(ngettext("And {n} more — show them all", "And {n} more — show them all",
                                          overdue.more).format(n=locale_format.number(overdue.more)))
        self.more_button.setVisible(overdue.more > 0)
