"""The Complaints page: saved views, filters and search over a lazily fetched list, and the detail."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import (
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from smallcs import clock, complaints, locale_format, permissions, settings
from smallcs.complaints import ComplaintFilter
from smallcs.errors import SmallCSError
from smallcs.i18n import _, ngettext
from smallcs.models import Staff
from smallcs.ui import workers
from smallcs.ui.complaint_desk import fresh_view
from smallcs.ui.complaint_desk.complaint_table import (
    ComplaintTableModel,
    closed_texts,
    row_from_complaint,
)
from smallcs.ui.complaint_desk.detail import ComplaintDetail
from smallcs.ui.complaint_desk.empty_state import (
    ListNotice,
    no_complaints_yet,
    no_match,
)
from smallcs.ui.complaint_desk.filters import FilterBar, end_of_today
from smallcs.ui.complaint_desk.fitting import BesideOrUnder
from smallcs.ui.complaint_desk.list_sizing import (
    FittedColumns,
    ListBesideDetail,
    size_columns,
)
from smallcs.ui.complaint_desk.messages import show_refusal
from smallcs.ui.complaint_desk.overdue_legend import OverdueLegend
from smallcs.ui.own_viewport import own_viewport
from smallcs.ui.page import Page

LOADING_NOTICE_MS = 150  # say "Loading…" only when a read is slow enough to notice
# The list's columns beside reference, summary and status, by their sort keys: the most important
# first; where the list is too narrow for them all, the last ones are hidden first. When a complaint
# came in (its age, and the list's order) comes first: it stays on a laptop (a 1180 px window),
# where the customer's name is in the detail beside the list and the search finds it.
OPTIONAL_COLUMNS = ("received_at", "customer", "due_at", "priority", "assigned", "category", "channel")


class ComplaintsPage(Page):
    """Find a complaint fast and follow it through; Ctrl+F searches, Enter on a row opens it."""

    new_complaint_requested = Signal()
    follow_ups_changed = Signal(int)
    exported = Signal(int, str)  # rows written, path
    first_paint_wait_ms = 100  # the first rows come in a few ms (12,000 complaints, SQLite)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.zone = settings.get_profile().zone
        self._sized = False
        self._wanted: int | None = None  # the complaint to select when the list arrives
        self._keep: int | None = None  # ... and to keep on screen even when the view leaves it out
        self._searching = False  # whether the list shows a search (of every complaint) or the view
        self.before_search: int | None = None  # the complaint selected in the view when a search began
        self._export_task: workers.Task | None = None
        # Every widget is made in its place (with its parent), in Tab order: one moved in later
        # would carry its whole subtree through Qt's style and palette updates once more.
        # The list side has the title, the filters and the list; the detail beside it the page's
        # whole height, which its timeline needs on a laptop screen.
        self.splitter = ListBesideDetail(self)
        self.splitter.setObjectName("complaintSplitter")
        list_side = QWidget(self.splitter)
        heading = QLabel(_("Complaints"), list_side)
        heading.setProperty("role", "title")
        self.new_button = QPushButton(_("&New complaint (Ctrl+N)"), list_side, objectName="newComplaintButton")
        self.new_button.setProperty("role", "primary")
        self.new_button.clicked.connect(self.new_complaint_requested)
        # The button goes under the title only with a very large font.
        top = BesideOrUnder(heading, self.new_button, list_side, beside=Qt.AlignmentFlag.AlignVCenter)

        self.filters = FilterBar(list_side)
        self.filters.changed.connect(self._filters_changed)

        self.model = ComplaintTableModel(self.zone)
        self.model.loaded.connect(self._list_arrived)
        self.model.failed.connect(self._list_failed)
        for ended in (self.model.loaded, self.model.failed):
            ended.connect(self.read_ended)  # once the page has shown what arrived
        self.table = QTableView(list_side, objectName="complaintTable")
        own_viewport(self.table)  # before anything asks Qt for it (own_viewport.py: start-up time)
        # Tab leaves the list (Qt's tables move cell to cell, which here also changed the complaint shown)
        self.table.setTabKeyNavigation(False)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSortIndicator(self.model.column_of("received_at"), Qt.SortOrder.DescendingOrder)
        self.table.setSortingEnabled(True)
        # Size columns from the first rows only: measuring every fetched row costs time.
        header.setResizeContentsPrecision(30)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        column = self.model.column_of
        self.columns = FittedColumns(
            self.table, stretch=column("summary"), kept=[column("reference"), column("status")],
            optional=[column(key) for key in OPTIONAL_COLUMNS], squeeze_for=1)
        self._closed_texts = {column(key): texts for key, texts in closed_texts().items()}
        self.columns.fitted.connect(self._offer_order)
        header.sortIndicatorChanged.connect(self._show_order)
        self.filters.order.activated.connect(self._order_chosen)
        self._size_columns()
        self.table.setAccessibleName(_("Complaint list"))
        self.notice = ListNotice(self.table)  # what an empty list means, over it
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.table.activated.connect(lambda _index: self.detail.focus_first())
        self.count = QLabel(list_side, objectName="complaintCount")
        self.count.setProperty("role", "muted")
        self.count.setWordWrap(True)  # "… exported to <a long path>"
        self.legend = OverdueLegend(list_side)  # what the pink rows mean, while the list has some
        self.legend.hide()
        for signal in (self.model.modelReset, self.model.rowsInserted, self.model.dataChanged):
            signal.connect(self._offer_legend)
        # Alt+W: Alt+X is the step note's canned texts, on the same page.
        self.export_button = QPushButton(_("Export vie&w to CSV…"), list_side, objectName="exportButton")
        self.export_button.clicked.connect(lambda: self.export_view())
        bottom = QHBoxLayout()
        bottom.addWidget(self.count, 1)
        bottom.addWidget(self.legend, 0, Qt.AlignmentFlag.AlignVCenter)
        bottom.addWidget(self.export_button, 0, Qt.AlignmentFlag.AlignTop)

        self.detail = ComplaintDetail(self.splitter)
        self.detail.changed.connect(self._complaint_changed)
        self.detail.leave.connect(self.table.setFocus)
        list_layout = QVBoxLayout(list_side)
        list_layout.setContentsMargins(0, 0, 0, 0)
        list_layout.setSpacing(8)
        list_layout.addWidget(top)
        list_layout.addWidget(self.filters)
        list_layout.addWidget(self.table, 1)
        list_layout.addLayout(bottom)
        self.splitter.addWidget(list_side)
        self.splitter.addWidget(self.detail)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 12)
        layout.addWidget(self.splitter, 1)

        self._loading_notice = QTimer(self, singleShot=True, interval=LOADING_NOTICE_MS)
        self._loading_notice.timeout.connect(self._say_loading)
        QShortcut(QKeySequence.StandardKey.Find, self, self._focus_search)
        # From the search box, Enter or Down goes into the results (Enter searches at once).
        self.filters.search.returnPressed.connect(self._search_now)
        self.filters.search.installEventFilter(self)

    # --- page contract ----------------------------------------------------
    def set_actor(self, actor: Staff) -> None:
        super().set_actor(actor)
        self.detail.set_actor(actor)
        self._offer_export()

    def forget_user_state(self) -> None:
        """Another person logs in: no search, no filter, no complaint open."""
        fresh_view.forget_user_state(self)

    def start_widget(self) -> QWidget:
        """The list: arrows pick a complaint, Ctrl+F searches, Ctrl+N takes a new one."""
        return self.table

    def refresh(self) -> None:
        """Re-read the choices and the list, keeping the complaint on screen."""
        self.filters.fill_choices()
        if self.detail.complaint is not None:
            self._wanted = self._keep = self.detail.complaint.id
        self.apply_filter()
        self.follow_ups_changed.emit(self.follow_up_count())

    def is_reading(self) -> bool:
        return self.model.is_loading()

    def follow_up_count(self) -> int:
        """Complaints to follow up on by the end of today (the navigation badge)."""
        return complaints.follow_up_count(end_of_today(self.zone))

    # --- the list -----------------------------------------------------------
    def current_filter(self) -> ComplaintFilter:
        return self.filters.current_filter(self.actor, self.zone)

    def apply_filter(self) -> None:
        """Show the current view from its first page; the selected complaint stays if it is there.

        Clearing a search goes back to the view with the complaint that was selected before it.
        """
        searching = self.filters.searching()
        if searching and not self._searching:
            self.before_search = self.detail.complaint.id if self.detail.complaint is not None \
                else self.selected_id()
        elif not searching and self._searching and self._wanted is None:
            self._wanted = self.before_search
        self._searching = searching
        if self._wanted is None:
            self._wanted = self.selected_id()
        self.model.show(self.current_filter())
        self._loading_notice.start()

    def _filters_changed(self) -> None:
        """The user changed the view, a filter or the search: the open complaint stays only if
        the new list has it (a refresh's or a save's "keep it on screen" is for the list it asked)."""
        self._keep = None
        self.apply_filter()

    def _say_loading(self) -> None:
        if self.model.is_loading():
            self.count.setText(_("Loading…"))

    def _list_arrived(self) -> None:
        self._loading_notice.stop()
        total = self.model.total()
        self.count.setText(self._count_text(total))
        self._set_count_role("muted")
        self._say_why_empty(total)
        if not self._sized and self.model.rowCount():
            self._size_columns()  # once, from the first rows only
            self._sized = True
        wanted, self._wanted = self._wanted, None
        keep, self._keep = self._keep, None
        # Over an empty list the detail says nothing: "select a complaint" would point at none.
        self.detail.set_empty_text(self.detail.EMPTY if total else "")
        if total == 0 and self._searching:
            # Nothing found: no complaint on screen that the search did not find.
            self.table.selectionModel().clear()
            self.detail.show_complaint(None)
            return
        row = self.model.row_of(wanted) if wanted is not None else None
        if row is None and wanted is not None and wanted == keep:
            # E.g. just saved as resolved on the spot, outside "All open": it stays on screen
            # (a step typed next goes where the user expects), with no row marked.
            self.table.selectionModel().clear()
            return
        if row is None and self.model.rowCount():
            row = 0
        if row is None:
            self.detail.show_complaint(None)
            return
        self._select_row(row)

    def _count_text(self, total: int) -> str:
        """The line under the list: how many, and while searching, what the search looks through."""
        if not self._searching:
            return ngettext("{n} complaint", "{n} complaints", total).format(n=locale_format.number(total))
        found = ngettext("{n} complaint matches “{text}”", "{n} complaints match “{text}”", total).format(
            n=locale_format.number(total), text=self.filters.search.text().strip())
        scope = _("Searching all complaints the filters allow, whatever the view.") if self.filters.narrowed() \
            else _("Searching all complaints, whatever the view.")
        return f"{found}\n{scope}"

    def _offer_legend(self) -> None:
        shown = self.model.has_overdue()
        if self.legend.isHidden() == shown:
            self.legend.setVisible(shown)

    def _say_why_empty(self, total: int) -> None:
        """Over an empty list: nothing found and what to try, no complaints yet, or an empty view."""
        if total:
            text = ""
        elif self._searching:
            text = no_match(self.filters.search.text(), narrowed=self.filters.narrowed())
        elif complaints.count_complaints(ComplaintFilter()) == 0:
            text = no_complaints_yet()
        else:
            text = _("No complaints in this view.")
        self.notice.say(text)
        self.table.setAccessibleDescription(text)  # a screen reader says it with the list

    def _size_columns(self) -> None:
        """Fit the columns to what they show; the list asks for room for reference, received,
        a readable summary and status, needs it for all but received (and for its filters), and
        takes room for more columns where the detail stays roomy beside them (``ListBesideDetail``)."""
        self.columns.set_widths(size_columns(self.table, self._closed_texts))
        filters = self.table.parentWidget().minimumSizeHint().width()
        self.splitter.want_list_width([max(self.columns.width_showing(count), filters)
                                       for count in range(len(OPTIONAL_COLUMNS) + 1)],
                                      max(self.columns.width_showing(1, readable=True), filters))

    # --- the order, where the Received column has no room --------------------
    def _offer_order(self) -> None:
        """The Newest/Oldest first choice stands in for the Received column's header while it is hidden."""
        hidden = self.table.isColumnHidden(self.model.column_of("received_at"))
        if self.filters.order_piece.isHidden() == hidden:
            self.filters.order_piece.setVisible(hidden)

    def _show_order(self, section: int, order: Qt.SortOrder) -> None:
        """Keep the choice in step with the headers; blank while another column sorts the list."""
        descending = order == Qt.SortOrder.DescendingOrder
        by_received = section == self.model.column_of("received_at")
        self.filters.order.setCurrentIndex(self.filters.order.findData(descending) if by_received else -1)

    def _order_chosen(self, index: int) -> None:
        descending = bool(self.filters.order.itemData(index))
        self.table.sortByColumn(self.model.column_of("received_at"),
                                Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder)

    def _list_failed(self, message: str) -> None:
        self._loading_notice.stop()
        self.notice.say("")
        self._wanted = self._keep = None
        self.count.setText(message)
        self._set_count_role("error")

    def _set_count_role(self, role: str) -> None:
        self.count.setProperty("role", role)
        self.count.style().polish(self.count)

    # --- selection --------------------------------------------------------
    def selected_id(self) -> int | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()).id if index.isValid() else None

    def _select_row(self, row: int) -> None:
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(index)
        if self.detail.complaint is None or self.detail.complaint.id != self.model.row_at(row).id:
            self.detail.show_complaint(self.model.row_at(row).id)

    def show_complaint(self, complaint_id: int) -> None:
        """Bring one complaint up (after quick entry saved it, or from a follow-up)."""
        self.detail.show_complaint(complaint_id)
        self._wanted = self._keep = complaint_id
        self.apply_filter()

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.detail.show_complaint(self.model.row_at(current.row()).id)

    def _complaint_changed(self, complaint_id: int) -> None:
        """After an action: the row shows the new state in place; selection and scroll stay."""
        row = self.model.row_of(complaint_id)
        if row is not None and self.detail.complaint is not None:
            self.model.replace_row(row, row_from_complaint(self.detail.complaint, clock.utcnow()))
        self.follow_ups_changed.emit(self.follow_up_count())

    def _focus_search(self) -> None:
        self.filters.search.setFocus()
        self.filters.search.selectAll()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Down in the search box moves into the list, as in a look-up."""
        if watched is self.filters.search and event.type() == QEvent.Type.KeyPress \
                and isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_Down:
            self._focus_list()
            return True
        return super().eventFilter(watched, event)

    def _search_now(self) -> None:
        """Enter in the search box: search without waiting for the pause in typing, then go to the list."""
        if self.filters.search_pending():
            self.filters.flush_search()
        self._focus_list()

    def _focus_list(self) -> None:
        """The keyboard to the list, on the selected complaint (the first while the results arrive)."""
        self.table.setFocus()
        if not self.table.currentIndex().isValid() and self.model.rowCount():
            self._select_row(0)

    # --- export -----------------------------------------------------------
    def export_view(self, path: str | None = None) -> None:
        """Write exactly the complaints the view selects to CSV, on a worker; asks where unless
        ``path`` is given. ``exported`` is emitted when the file is written."""
        if self.actor is None:
            return  # nobody logged in: the service would take it for the command line
        if path is None:
            # Named here, not at the top: their Qt classes (and enums) are made when first named,
            # and the page is built while someone waits for the first window.
            from PySide6.QtWidgets import QFileDialog

            from smallcs.ui import save_folder

            path, _chosen = QFileDialog.getSaveFileName(
                self, _("Export complaints"), str(save_folder.start_folder("complaints") / "complaints.csv"),
                _("CSV files (*.csv)"))
            if not path:
                return
            save_folder.remember_folder("complaints", Path(path))
        flt, actor, target = self.current_filter(), self.actor, path
        self._export_task = workers.Task(
            lambda _progress: complaints.export_complaints_csv(flt, target, actor=actor))
        self._export_task.signals.finished.connect(lambda written: self._export_done(int(written), target))
        self._export_task.signals.failed.connect(self._export_failed)
        self.export_button.setEnabled(False)
        self.count.setText(_("Exporting…"))
        workers.start(self._export_task)

    def _offer_export(self) -> None:
        """The button is for managers and owners; staff see it greyed out, the reason in its tooltip
        and its accessible description (which a screen reader says with the unavailable button)."""
        may = self.actor is not None and permissions.allowed(self.actor, "complaint.export")
        self.export_button.setEnabled(may and self._export_task is None)
        why = "" if may else _("Only a manager or the owner can export the complaint list:"
                               " it holds every customer's name and complaint.")
        self.export_button.setToolTip(why)
        self.export_button.setAccessibleDescription(why)

    def _export_done(self, written: int, path: str) -> None:
        self._export_task = None
        self._offer_export()
        self.count.setText(ngettext("{n} complaint exported to {path}", "{n} complaints exported to {path}",
                                    written).format(n=locale_format.number(written), path=path))
        self.exported.emit(written, path)

    def _export_failed(self, error: object) -> None:
        self._export_task = None
        self._offer_export()
        self.count.setText("")
        if not isinstance(error, SmallCSError):
            raise error  # type: ignore[misc]  # unexpected: the app's excepthook logs and shows it
        show_refusal(self, _("Export failed"), str(error))
