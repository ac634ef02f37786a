"""The Complaints page: saved views, filters and search over a lazily fetched list, and the detail."""

from __future__ import annotations

import dataclasses
import datetime as dt

from PySide6.QtCore import QDate, QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from smallcs import accounts, clock, complaints, settings
from smallcs.complaints import ComplaintFilter
from smallcs.complaints.workflow import ACTIVE
from smallcs.errors import SmallCSError
from smallcs.i18n import _, ngettext
from smallcs.models import Category, Staff
from smallcs.models.enums import Channel, Status
from smallcs.complaints import labels
from smallcs.ui.complaint_desk.complaint_table import ComplaintTableModel
from smallcs.ui.complaint_desk.detail import ComplaintDetail
from smallcs.ui.page import Page

SEARCH_DELAY_MS = 250
VIEWS = ("open", "mine", "overdue", "waiting", "follow_ups", "all")


class ComplaintsPage(Page):
    """Find a complaint fast and follow it through; Ctrl+F searches."""

    new_complaint_requested = Signal()
    follow_ups_changed = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.zone = settings.get_profile().zone
        self._sized = False
        heading = QLabel(_("Complaints"))
        heading.setProperty("role", "title")
        self.new_button = QPushButton(_("&New complaint (Ctrl+N)"), objectName="newComplaintButton")
        self.new_button.setProperty("role", "primary")
        self.new_button.clicked.connect(self.new_complaint_requested)
        top = QHBoxLayout()
        top.addWidget(heading)
        top.addStretch()
        top.addWidget(self.new_button)

        self.view = QComboBox(objectName="savedView")
        self.view.setAccessibleName(_("Saved view"))
        for key, title in zip(VIEWS, (_("All open"), _("My open"), _("Overdue"), _("Waiting on customer"),
                                      _("Follow-ups due"), _("All complaints")), strict=True):
            self.view.addItem(title, key)
        self.search = QLineEdit(objectName="search", placeholderText=_("Search summary, notes, customer… (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(_("Search complaints"))
        self.status = self._combo("statusFilter", _("Any status"), [(labels.status(s), s.value) for s in Status])
        self.category = self._combo("categoryFilter", _("Any category"), [])
        self.channel = self._combo("channelFilter", _("Any channel"), [(labels.channel(c), c.value) for c in Channel])
        self.staff = self._combo("staffFilter", _("Anyone"), [])
        self.overdue_only = QCheckBox(_("Overdue only"), objectName="overdueOnly")
        self.date_from = self._date("dateFrom")
        self.date_to = self._date("dateTo")
        self.export_button = QPushButton(_("E&xport view…"), objectName="exportButton")
        self.export_button.clicked.connect(self.export_view)

        views = QHBoxLayout()
        views.addWidget(QLabel(_("&View:"), buddy=self.view))
        views.addWidget(self.view)
        views.addWidget(self.search, 1)
        views.addWidget(self.export_button)
        filters = QHBoxLayout()
        for widget in (self.status, self.category, self.channel, self.staff):
            filters.addWidget(widget)
        filters.addWidget(QLabel(_("From")))
        filters.addWidget(self.date_from)
        filters.addWidget(QLabel(_("to")))
        filters.addWidget(self.date_to)
        filters.addWidget(self.overdue_only)
        filters.addStretch()

        self.model = ComplaintTableModel(self.zone)
        self.table = QTableView(objectName="complaintTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSortIndicator(1, Qt.SortOrder.DescendingOrder)
        self.table.setSortingEnabled(True)
        # Size columns from the first rows only: measuring every fetched row costs start-up time.
        self.table.horizontalHeader().setResizeContentsPrecision(30)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setAccessibleName(_("Complaint list"))
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.table.activated.connect(lambda _index: self.detail.setFocus())
        self.count = QLabel(objectName="complaintCount")
        self.count.setStyleSheet("color: #5F6368;")

        self.detail = ComplaintDetail()
        self.detail.changed.connect(self._complaint_changed)
        list_side = QWidget()
        list_layout = QVBoxLayout(list_side)
        list_layout.setContentsMargins(0, 0, 0, 0)
        list_layout.addWidget(self.table, 1)
        list_layout.addWidget(self.count)
        splitter = QSplitter(Qt.Orientation.Horizontal, objectName="complaintSplitter")
        splitter.addWidget(list_side)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([480, 560])

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 12)
        layout.setSpacing(8)
        layout.addLayout(top)
        layout.addLayout(views)
        layout.addLayout(filters)
        layout.addWidget(splitter, 1)

        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(self._search_timer.start)
        for combo in (self.view, self.status, self.category, self.channel, self.staff):
            combo.currentIndexChanged.connect(self.apply_filter)
        self.overdue_only.toggled.connect(self.apply_filter)
        self.date_from.dateChanged.connect(self.apply_filter)
        self.date_to.dateChanged.connect(self.apply_filter)
        QShortcut(QKeySequence.StandardKey.Find, self, self._focus_search)

    @staticmethod
    def _combo(name: str, anything: str, items: list[tuple[str, str]]) -> QComboBox:
        combo = QComboBox(objectName=name)
        combo.setAccessibleName(anything)
        combo.addItem(anything, None)
        for text, value in items:
            combo.addItem(text, value)
        return combo

    @staticmethod
    def _date(name: str) -> QDateEdit:
        """A date filter; its lowest date reads "any" (the special value text)."""
        edit = QDateEdit(objectName=name)
        edit.setCalendarPopup(True)
        edit.setMinimumDate(QDate(2000, 1, 1))
        edit.setSpecialValueText(_("any"))
        edit.setDate(edit.minimumDate())
        edit.setDisplayFormat("yyyy-MM-dd")
        return edit

    # --- page contract ----------------------------------------------------
    def set_actor(self, actor: Staff) -> None:
        super().set_actor(actor)
        self.detail.actor = actor

    def refresh(self) -> None:
        """Re-read the choices and the list, keeping the selected complaint."""
        self._fill_choices()
        self.apply_filter()
        if not self._sized and self.model.rowCount():
            self.table.resizeColumnsToContents()  # once, from the first page only
            self._sized = True
        self.follow_ups_changed.emit(self.follow_up_count())

    def _fill_choices(self) -> None:
        for combo, items in (
            (self.category, [(c.name, c.id) for c in Category.select().where(Category.active == True)  # noqa: E712
                             .order_by(Category.name)]),
            (self.staff, [(s.display_name, s.id) for s in accounts.list_staff()]),
        ):
            chosen = combo.currentData()
            combo.blockSignals(True)
            while combo.count() > 1:
                combo.removeItem(1)
            for text, value in items:
                combo.addItem(text, value)
            combo.setCurrentIndex(max(0, combo.findData(chosen)) if chosen is not None else 0)
            combo.blockSignals(False)

    # --- filtering --------------------------------------------------------
    def current_filter(self) -> ComplaintFilter:
        """What the view, the filters and the search select together."""
        view = self.view.currentData()
        if view == "mine" and self.actor is not None:
            base = complaints.my_open(self.actor)
        elif view == "overdue":
            base = complaints.overdue()
        elif view == "waiting":
            base = complaints.waiting_on_customer()
        elif view == "follow_ups":
            base = complaints.follow_ups(self._end_of_today())
        elif view == "open":
            base = ComplaintFilter(statuses=tuple(sorted(ACTIVE)))
        else:
            base = ComplaintFilter()
        changes: dict[str, object] = {"text": self.search.text()}
        if self.status.currentData() is not None:
            changes["statuses"] = (Status(self.status.currentData()),)
        if self.category.currentData() is not None:
            changes["category_ids"] = (int(self.category.currentData()),)
        if self.channel.currentData() is not None:
            changes["channels"] = (Channel(self.channel.currentData()),)
        if self.staff.currentData() is not None:
            changes["assigned_to_id"] = int(self.staff.currentData())
        if self.overdue_only.isChecked():
            changes["overdue_only"] = True
        if self.date_from.date() != self.date_from.minimumDate():
            changes["received_from"] = self._utc(self.date_from.date())
        if self.date_to.date() != self.date_to.minimumDate():
            changes["received_to"] = self._utc(self.date_to.date().addDays(1))
        return dataclasses.replace(base, **changes)  # type: ignore[arg-type]

    def _utc(self, day: QDate) -> dt.datetime:
        return clock.to_utc(dt.datetime.combine(day.toPython(), dt.time()), self.zone)

    def apply_filter(self) -> None:
        selected = self.selected_id()
        self.model.show(self.current_filter())
        total = self.model.total()
        self.count.setText(ngettext("{n} complaint", "{n} complaints", total).format(n=f"{total:,}"))
        if selected is not None and self.model.row_of(selected) is not None:
            self._select(selected)
        elif self.model.rowCount():
            self.table.selectRow(0)
        else:
            self.detail.show_complaint(None)

    def _end_of_today(self) -> dt.datetime:
        today = clock.to_local(clock.utcnow(), self.zone).date()
        return clock.to_utc(dt.datetime.combine(today + dt.timedelta(days=1), dt.time()), self.zone)

    def follow_up_count(self) -> int:
        """Complaints to follow up on by the end of today (the navigation badge)."""
        return complaints.follow_up_count(self._end_of_today())

    # --- selection --------------------------------------------------------
    def selected_id(self) -> int | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()).id if index.isValid() else None

    def _select(self, complaint_id: int) -> None:
        row = self.model.row_of(complaint_id)
        if row is None:
            self.table.clearSelection()
            self.detail.show_complaint(complaint_id)
            return
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(index)
        self.detail.show_complaint(complaint_id)

    def show_complaint(self, complaint_id: int) -> None:
        """Bring one complaint up (after quick entry saved it, or from a follow-up)."""
        self.apply_filter()
        self._select(complaint_id)

    def _row_changed(self, current: object, _previous: object) -> None:
        self.detail.show_complaint(self.selected_id())

    def _complaint_changed(self, complaint_id: int) -> None:
        self.apply_filter()
        self._select(complaint_id)
        self.follow_ups_changed.emit(self.follow_up_count())

    def _focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    # --- export -----------------------------------------------------------
    def export_view(self, path: str | None = None) -> int | None:
        """Write exactly the rows the list shows to CSV; asks where unless ``path`` is given."""
        if path is None:
            path, _chosen = QFileDialog.getSaveFileName(
                self, _("Export complaints"), "complaints.csv", _("CSV files (*.csv)"))
            if not path:
                return None
        try:
            written = complaints.export_complaints_csv(self.current_filter(), path)
        except SmallCSError as exc:
            QMessageBox.warning(self, _("Export failed"), str(exc))
            return None
        self.count.setText(_("{n} complaints exported to {path}").format(n=f"{written:,}", path=path))
        return written
