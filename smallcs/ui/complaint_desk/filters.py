"""The complaint list's saved views, filters and search box, turned into one ComplaintFilter."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import TypeVar
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDate, QLocale, QSize, QTimer, Signal
from PySide6.QtGui import QFont, QMouseEvent, QShowEvent
from PySide6.QtWidgets import (
    QCalendarWidget,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from smallcs import clock, complaints
from smallcs.complaints import ComplaintFilter, labels
from smallcs.complaints.workflow import ACTIVE
from smallcs.i18n import N_, _
from smallcs.models import Staff
from smallcs.models.enums import Channel, Status
from smallcs.ui.filter_choices import category_choices, staff_choices
from smallcs.ui.flow_layout import FlowLayout
from smallcs.ui.theme import scaled

SEARCH_DELAY_MS = 250
# (key, title) of the saved views, in the order of the combo box. Overdue is not a view but
# the "Overdue only" box beside them, which narrows any of them.
VIEWS = (("open", N_("All open")), ("mine", N_("My open")),
         ("waiting", N_("Waiting on customer")), ("follow_ups", N_("Follow-ups due")),
         ("all", N_("All complaints")))
# Views of earlier versions, as the views and filters that show the same list.
FORMER_VIEWS = {"overdue": ("open", True)}  # "Overdue": all open, overdue only
W = TypeVar("W", bound=QWidget)


def end_of_today(zone: ZoneInfo) -> dt.datetime:
    """Midnight tonight in the shop, as naive UTC: follow-ups due today count."""
    today = clock.to_local(clock.utcnow(), zone).date()
    return clock.to_utc(dt.datetime.combine(today + dt.timedelta(days=1), dt.time()), zone)


class _DateOrAny(QDateEdit):
    """A date filter whose lowest date reads "any" (the special value text).

    Tab moves through a date's parts (year, month, day) and then on; on "any" there are no
    parts to move through, and QDateEdit kept Tab in the box for good.

    Its pop-up (``_Calendar``) is made at the first click in the box (Qt opens the pop-up from
    a click only; no key opens it), not with the box: a calendar is a few dozen widgets, and the
    box is made while someone waits for the first window.
    """

    def __init__(self, parent: QWidget | None = None, **properties: object) -> None:
        super().__init__(parent, **properties)
        self.setCalendarPopup(True)
        self._calendar_made = False

    def _make_calendar(self) -> None:
        if not self._calendar_made:
            self._calendar_made = True
            self.setCalendarWidget(_Calendar(self))

    def calendarWidget(self) -> QCalendarWidget:
        self._make_calendar()
        return super().calendarWidget()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._make_calendar()  # before Qt opens a pop-up of its own making
        super().mousePressEvent(event)

    def focusNextPrevChild(self, forward: bool) -> bool:
        if self.date() == self.minimumDate():
            return QWidget.focusNextPrevChild(self, forward)
        return super().focusNextPrevChild(forward)


class _Calendar(QCalendarWidget):
    """The date boxes' pop-up.

    Qt's measure of it leaves out the style sheet's frames and paddings, which cut its last
    week and shortened the day names ("W…"): it is measured here from the font instead. On
    "any" (the lowest date) it opens on this month rather than on January 2000.
    """

    CELL_ROOM = (12, 6)  # pixels around a day's name or number, at the reference font size

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)  # as Qt's own

    def _measured(self) -> QSize:
        """Room for the navigation bar over the day names and six weeks, each cell with room
        around its text, inside the table's frame."""
        view = self.findChild(QTableView)
        navigation = self.findChild(QWidget, "qt_calendar_navigationbar")
        if view is None or navigation is None:
            return QSize()
        metrics = view.fontMetrics()
        texts = [self.locale().dayName(day, QLocale.FormatType.ShortFormat) for day in range(1, 8)] + ["00"]
        cell = QSize(max(metrics.horizontalAdvance(text) for text in texts) + scaled(self.CELL_ROOM[0]),
                     metrics.height() + scaled(self.CELL_ROOM[1]))
        columns = 7 if self.verticalHeaderFormat() == QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader else 8
        frame = 2 * view.frameWidth()
        bar = navigation.sizeHint()
        return QSize(max(columns * cell.width() + frame, bar.width()), bar.height() + 7 * cell.height() + frame)

    def minimumSizeHint(self) -> QSize:
        return super().minimumSizeHint().expandedTo(self._measured())

    def sizeHint(self) -> QSize:
        return super().sizeHint().expandedTo(self._measured())

    def showEvent(self, event: QShowEvent) -> None:
        # Here, not at the top: PySide makes a Qt class's enums as it is first named, and
        # QTextFormat's take 2 to 3 ms that the window's first paint need not wait for.
        from PySide6.QtGui import QTextCharFormat

        super().showEvent(event)
        today = QDate.currentDate()
        marked = QTextCharFormat()  # today in bold, so the day the pop-up's focus is on is not taken for it
        marked.setFontWeight(QFont.Weight.Bold)
        marked.setFontUnderline(True)
        self.setDateTextFormat(QDate(), QTextCharFormat())  # yesterday's mark off, after midnight
        self.setDateTextFormat(today, marked)
        if self.selectedDate() == self.minimumDate():  # "any": no date of its own to show
            self.setCurrentPage(today.year(), today.month())


class FilterBar(QWidget):
    """Emits ``changed`` when the view or a filter changes, and after a pause in typing a search."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # The bar stands over the list only (the detail beside it has the page's full height):
        # the search gets a line of its own, and the other choices wrap onto further lines rather
        # than squeeze: every choice stays readable in a narrow list, a large font or a longer
        # language. A caption goes with its box.
        # The layouts first, then each box made in its place, in the order the bar reads (the Tab
        # order): a box made apart and put in place later is styled again by Qt (start-up time).
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        views = FlowLayout(spacing=8)
        layout.addLayout(views)

        view = _Piece(self, _("&View:"))
        self.view = view.add(QComboBox(view, objectName="savedView"))
        self.view.setAccessibleName(_("Saved view"))
        for key, title in VIEWS:
            self.view.addItem(_(title), key)
        views.addWidget(view)
        self.overdue_only = QCheckBox(_("Over&due only"), self, objectName="overdueOnly")
        views.addWidget(self.overdue_only)  # narrows any view, as the saved view beside it does
        # The order by when complaints came in, for a list too narrow for its Received column
        # (a large font): the page shows it only then, and keeps it in step with the headers.
        self.order_piece = _Piece(self, _("Order:"))
        self.order = self.order_piece.add(QComboBox(self.order_piece, objectName="receivedOrder"))
        self.order.setAccessibleName(_("Order of the list"))
        self.order.addItem(_("Newest first"), True)  # descending
        self.order.addItem(_("Oldest first"), False)
        self.order_piece.hide()
        views.addWidget(self.order_piece)

        self.search = QLineEdit(self, objectName="search",
                                placeholderText=_("Search summary, notes, customer, reference… (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(_("Search complaints"))
        layout.addWidget(self.search)

        filters = FlowLayout(spacing=8)
        layout.addLayout(filters)
        self.status = self._combo(self, "statusFilter", _("Any status"),
                                  [(labels.status(s), s.value) for s in Status], accessible=_("Status filter"))
        self.category = self._combo(self, "categoryFilter", _("Any category"), [], accessible=_("Category filter"))
        self.channel = self._combo(self, "channelFilter", _("Any channel"),
                                   [(labels.channel(c), c.value) for c in Channel], accessible=_("Channel filter"))
        for combo in (self.status, self.category, self.channel):
            filters.addWidget(combo)
        # "Received from … to …" reads as one phrase: one piece, never split over two lines.
        dates = _Piece(self, _("Received fro&m"))
        self.date_from = dates.add(self._date(dates, "dateFrom", _("Received from")))
        dates.caption(_("&to"))
        self.date_to = dates.add(self._date(dates, "dateTo", _("Received until")))
        filters.addWidget(dates)
        # (No Alt key: every letter of it is taken on the page or by the menu bar.)
        staff = _Piece(self, _("Assigned to:"))
        self.staff = staff.add(self._combo(staff, "staffFilter", _("Anyone"), [], accessible=_("Assigned to")))
        filters.addWidget(staff)

        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.changed)
        self.search.textChanged.connect(self._search_timer.start)
        for combo in (self.view, self.status, self.category, self.channel, self.staff):
            combo.currentIndexChanged.connect(self.changed)
        self.overdue_only.toggled.connect(self.changed)
        self.date_from.dateChanged.connect(self.changed)
        self.date_to.dateChanged.connect(self.changed)

    def search_pending(self) -> bool:
        """Whether a search is typed but not yet applied (the pause in typing has not passed)."""
        return self._search_timer.isActive()

    def flush_search(self) -> None:
        """Apply the typed search now instead of after the pause."""
        self._search_timer.stop()
        self.changed.emit()

    @staticmethod
    def _combo(parent: QWidget, name: str, anything: str, items: list[tuple[str, object]], *,
               accessible: str) -> QComboBox:
        combo = QComboBox(parent, objectName=name)
        combo.setAccessibleName(accessible)  # what it filters; a screen reader reads the choice after it
        # As wide as its longest choice (names come and go with fill_choices): none is ever cut.
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        combo.addItem(anything, None)
        for text, value in items:
            combo.addItem(text, value)
        return combo

    @staticmethod
    def _date(parent: QWidget, name: str, accessible: str) -> QDateEdit:
        edit = _DateOrAny(parent, objectName=name)
        edit.setAccessibleName(accessible)
        edit.setMinimumDate(QDate(2000, 1, 1))
        edit.setSpecialValueText(_("any"))
        edit.setDate(edit.minimumDate())
        edit.setDisplayFormat("yyyy-MM-dd")
        return edit

    def fill_choices(self) -> None:
        """Re-read the categories and staff offered, keeping what is chosen. Retired categories
        and disabled accounts are offered too, marked (their complaints are still listed)."""
        for combo, items in ((self.category, category_choices()), (self.staff, staff_choices())):
            chosen = combo.currentData()
            combo.blockSignals(True)
            while combo.count() > 1:
                combo.removeItem(1)
            for item in items:
                combo.addItem(item.text, item.value)
            combo.setCurrentIndex(max(0, combo.findData(chosen)) if chosen is not None else 0)
            combo.blockSignals(False)

    def choose_view(self, key: str) -> None:
        """Show the saved view ``key``; a former view's key gives the same list by today's means."""
        key, overdue_only = FORMER_VIEWS.get(key, (key, None))
        if overdue_only is not None:
            self.overdue_only.setChecked(overdue_only)
        self.view.setCurrentIndex(max(0, self.view.findData(key)))

    def searching(self) -> bool:
        """Whether a search is typed: it looks through every complaint, whatever the saved view."""
        return bool(self.search.text().strip())

    def narrowed(self) -> bool:
        """Whether a filter besides the view and the search is set (they apply to a search too)."""
        combos = (self.status, self.category, self.channel, self.staff)
        return any(combo.currentData() is not None for combo in combos) or self.overdue_only.isChecked() \
            or any(edit.date() != edit.minimumDate() for edit in (self.date_from, self.date_to))

    def current_filter(self, actor: Staff | None, zone: ZoneInfo) -> ComplaintFilter:
        """What the view, the filters and the search select together.

        A search sets the saved view aside: the customer on the phone may be calling about a
        complaint closed long ago, which "All open" leaves out. The other filters still apply.
        """
        view = "all" if self.searching() else self.view.currentData()
        if view == "mine" and actor is not None:
            base = complaints.my_open(actor)
        elif view == "waiting":
            base = complaints.waiting_on_customer()
        elif view == "follow_ups":
            base = complaints.follow_ups(end_of_today(zone))
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
            changes["received_from"] = _utc(self.date_from.date(), zone)
        if self.date_to.date() != self.date_to.minimumDate():
            changes["received_to"] = _utc(self.date_to.date().addDays(1), zone)
        return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def _utc(day: QDate, zone: ZoneInfo) -> dt.datetime:
    """The start of ``day`` in the shop, as naive UTC."""
    return clock.to_utc(dt.datetime.combine(day.toPython(), dt.time()), zone)


class _Piece(QWidget):
    """Captions and their boxes (caption, box, caption, box…) as one piece, kept on one line
    when the bar wraps; a caption takes the Alt key (``&``) of the box added after it."""

    def __init__(self, parent: QWidget, caption: str) -> None:
        super().__init__(parent)
        self._row = QHBoxLayout(self)
        self._row.setContentsMargins(0, 0, 0, 0)
        self._caption: QLabel | None = None
        self.caption(caption)

    def caption(self, text: str) -> None:
        """The caption of the box added next (made first: the order the piece reads)."""
        self._caption = QLabel(text, self)
        self._row.addWidget(self._caption)

    def add(self, box: W) -> W:
        """``box``, made with this piece as its parent, after its caption."""
        if self._caption is not None:
            self._caption.setBuddy(box)
            self._caption = None
        self._row.addWidget(box)
        return box
