"""The Dashboard page: this month's headline figures, the top complaints, survey answers and goals."""

from __future__ import annotations

import itertools
import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from smallcs import clock, locale_format
from smallcs.errors import SmallCSError
from smallcs.i18n import _
from smallcs.metrics import CategoryTrend, Period
from smallcs.models import Staff
from smallcs.models.enums import Role
from smallcs.permissions import allowed
from smallcs.reports import month_names
from smallcs.ui import workers
from smallcs.ui.charts import Bar, BarChart, DistributionChart, ScoreGroup
from smallcs.ui.dashboard.filter_bar import FilterBar
from smallcs.ui.dashboard.formatting import DOWN, UP, month_name
from smallcs.ui.dashboard.goals_panel import GoalsPanel
from smallcs.ui.dashboard.overdue_list import OverduePanel
from smallcs.ui.dashboard.reflow import SideBySide, TileGrid
from smallcs.ui.dashboard.snapshot import (
    GoalView,
    PeriodChoice,
    Snapshot,
    take_snapshot,
)
from smallcs.ui.dashboard.tile import MetricTile
from smallcs.ui.page import Page

if TYPE_CHECKING:
    from smallcs.ui.dashboard.goal_dialog import GoalDialog

log = logging.getLogger(__name__)

REFRESH_MS = 60_000  # for other counters' writes and phones' answers; this PC's writes come by ``data_changed``
CHANGE_DELAY_MS = 300  # a burst of writes (a save and its steps) is worked out once
MIN_TILE_WIDTH = 230
SIDE_BY_SIDE_WIDTH = 720
SIDE_BY_SIDE_CHARS = 100
# Tiles read together, kept on one row where the width allows (the others are the month's complaints).
_TILE_GROUPS = {"backlog": "open", "overdue": "open", "nps": "survey", "csat": "survey", "ces": "survey"}


def tile_groups(keys: Sequence[str]) -> list[int]:
    """The sizes of the runs of tiles that belong together, in the order of ``keys``."""
    return [len(list(run)) for _group, run in itertools.groupby(keys, lambda key: _TILE_GROUPS.get(key, ""))]


def _section(title: str, *widgets: QWidget) -> QWidget:
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    heading = QLabel(title)
    heading.setProperty("role", "section")
    heading.setIndent(0)
    layout.addWidget(heading)
    for widget in widgets:
        layout.addWidget(widget)
    layout.addStretch()
    return box


def _nps_groups() -> list[ScoreGroup]:
    return [ScoreGroup(_("Detractors"), range(7), False), ScoreGroup(_("Passives"), range(7, 9), None),
            ScoreGroup(_("Promoters"), range(9, 11), True)]


def _csat_groups() -> list[ScoreGroup]:
    return [ScoreGroup(_("Not satisfied"), range(1, 4), False), ScoreGroup(_("Satisfied"), range(4, 6), True)]


def _category_note(trend: CategoryTrend, *, partial: bool, before: str, compared: bool = True) -> str:
    """How a category compares with the month before, in words (nothing in the shop's first month)."""
    if not compared:
        return ""
    if partial:  # part of a month against a whole one: give the number, not a direction (as the tiles do)
        return _("All of {month}: {value}").format(month=before, value=locale_format.number(trend.previous))
    if trend.change > 0:
        return _("{arrow} {n} more than {month}").format(arrow=UP, n=trend.change, month=before)
    if trend.change < 0:
        return _("{arrow} {n} fewer than {month}").format(arrow=DOWN, n=-trend.change, month=before)
    return _("= same as {month}").format(month=before)


def _period_title(period: Period) -> str:
    name = month_name(period.year or 1970, period.month or 1)
    return _("{month} so far").format(month=name) if period.partial else name


class DashboardPage(Page):
    """Headline tiles, what is overdue now, patterns, survey answers and goals for a month; refreshed
    every minute and soon after this PC writes (``data_changed``)."""

    loaded = Signal()  # a snapshot is on screen
    open_complaint = Signal(int)  # a row of the overdue list was activated: the complaint's id
    overdue_requested = Signal(object)  # "show them all": the MetricFilter the overdue list was read with

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dashboardPage")
        self.snapshot: Snapshot | None = None
        self.tiles: dict[str, MetricTile] = {}
        self.goal_dialog: GoalDialog | None = None
        self._task: workers.Task | None = None
        self._generation = 0
        self._pending = False
        self._stale = False  # this PC wrote while the page was hidden
        self.refresh_timer = QTimer(self)
        self.refresh_timer.setInterval(REFRESH_MS)
        self.refresh_timer.timeout.connect(self.refresh)
        self.change_timer = QTimer(self, singleShot=True, interval=CHANGE_DELAY_MS)
        self.change_timer.timeout.connect(self.refresh)
        self._build()

    # --- construction -----------------------------------------------------------
    def _build(self) -> None:
        title = QLabel(_("Dashboard"))
        title.setProperty("role", "title")
        self.status = QLabel(objectName="dashboardStatus")
        self.status.setProperty("role", "muted")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        self.status.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        header = QHBoxLayout()
        header.addWidget(title)
        header.addWidget(self.status, 1)
        self.filters = FilterBar()
        self.filters.allow_staff_filter(False)
        self.filters.changed.connect(self._filters_changed)
        self.filter_note = QLabel(_("With a category or channel chosen, survey figures count only answers on"
                                    " cards given out for those complaints."), objectName="filterNote")
        self.filter_note.setProperty("role", "muted")
        self.filter_note.setWordWrap(True)
        self.filter_note.hide()
        self.summary = QLabel(objectName="summarySentences")
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        banner = QFrame(objectName="summaryBanner")
        banner.setProperty("role", "banner")
        QVBoxLayout(banner).addWidget(self.summary)
        self.grid = TileGrid(MIN_TILE_WIDTH)
        self.overdue = OverduePanel()
        self.overdue.open_complaint.connect(self.open_complaint)
        self.overdue.show_all.connect(self._show_all_overdue)
        self.categories = BarChart(_("Top complaint categories"))
        self.categories.setObjectName("topCategories")
        self.goals = GoalsPanel()
        self.goals.new_requested.connect(self.new_goal)
        self.goals.edit_requested.connect(self.edit_goal)
        self.patterns = SideBySide(_section(_("Top complaint categories"), self.categories), self.goals,
                                   min_width=SIDE_BY_SIDE_WIDTH, min_chars=SIDE_BY_SIDE_CHARS)
        self.nps_chart = DistributionChart(_("NPS answers, 0 to 10"))
        self.nps_chart.setObjectName("npsDistribution")
        self.csat_chart = DistributionChart(_("CSAT answers, 1 to 5"))
        self.csat_chart.setObjectName("csatDistribution")
        self.answers = SideBySide(_section(_("How likely to recommend us (NPS)"), self.nps_chart),
                                  _section(_("How satisfied (CSAT)"), self.csat_chart),
                                  min_width=SIDE_BY_SIDE_WIDTH, min_chars=SIDE_BY_SIDE_CHARS)

        content = QWidget(objectName="dashboardContent")
        layout = QVBoxLayout(content)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(14)
        layout.addLayout(header)
        layout.addWidget(self.filters)
        layout.addWidget(self.filter_note)
        layout.addWidget(banner)
        layout.addWidget(self.grid)
        layout.addWidget(self.overdue)
        layout.addWidget(self.patterns)
        layout.addWidget(self.answers)
        layout.addStretch()
        self.scroll = QScrollArea(objectName="dashboardScroll")
        # A Tab stop, so the keyboard can scroll to the charts (nothing below the filters takes focus).
        self.scroll.setAccessibleName(_("Dashboard figures"))
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.scroll)

    # --- the Page contract ------------------------------------------------------
    def set_actor(self, actor: Staff) -> None:
        super().set_actor(actor)
        # Figures per person are for managers and owners.
        self.filters.allow_staff_filter(Role(actor.role) in (Role.MANAGER, Role.OWNER))
        self.goals.set_editable(allowed(actor, "goals.edit"))

    def forget_user_state(self) -> None:
        """Another person logs in: this month, the whole shop (the figures follow at ``refresh``)."""
        for combo in (self.filters.period, self.filters.category, self.filters.channel, self.filters.staff):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.filter_note.hide()

    def refresh(self) -> None:
        """Re-read the filters' choices and work the figures out again, off the UI thread."""
        self._stale = False
        self.change_timer.stop()
        self.filters.load_choices()
        self._request()

    def data_changed(self) -> None:
        """This PC wrote something: the figures are worked out again shortly if the page is on screen,
        else as it is next shown."""
        if self.isVisible():
            self.change_timer.start()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh_timer.start()
        if self._stale:  # (the main window refreshes a page it brings to the front at once, stopping this)
            self.change_timer.start()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self.refresh_timer.stop()
        if self.change_timer.isActive():  # (e.g. quick entry saved and the window went to the complaint)
            self.change_timer.stop()
            self._stale = True

    @property
    def busy(self) -> bool:
        """True while figures are being worked out."""
        return self._task is not None

    def is_reading(self) -> bool:
        return self.busy

    # --- computing --------------------------------------------------------------
    def _filters_changed(self) -> None:
        self.filter_note.setVisible(self.filters.category.currentIndex() > 0
                                    or self.filters.channel.currentIndex() > 0)
        self._request()

    def _request(self) -> None:
        self._generation += 1
        if self._task is not None:  # one computation at a time; the newest request runs next
            self._pending = True
            return
        self._start()

    def _start(self) -> None:
        choice: PeriodChoice = self.filters.period_choice()
        flt, generation = self.filters.metric_filter(), self._generation
        task = workers.Task(lambda _progress: (generation, take_snapshot(choice, flt)))
        task.signals.finished.connect(self._computed)
        task.signals.failed.connect(self._failed)
        self._task = task
        self.status.setText(_("Working out the figures…"))
        workers.start(task)

    def _next(self) -> bool:
        """Start the request that came in meanwhile, if any."""
        self._task = None
        if self._pending:
            self._pending = False
            self._start()
            return True
        return False

    def _computed(self, result: tuple[int, Snapshot]) -> None:
        generation, snapshot = result
        if self._next() or generation != self._generation:
            return  # the filters changed meanwhile: a newer snapshot is on its way
        self.show_snapshot(snapshot)
        self.read_ended.emit()

    def _failed(self, error: BaseException) -> None:
        if self._next():
            return
        if isinstance(error, SmallCSError):
            self.status.setText(str(error))
        else:
            log.error("the dashboard figures could not be worked out", exc_info=error)
            self.status.setText(_("The figures could not be worked out; the details are in the log file."))
        self.read_ended.emit()

    # --- showing ----------------------------------------------------------------
    def show_snapshot(self, snapshot: Snapshot) -> None:
        """Put ``snapshot`` on screen."""
        self.snapshot = snapshot
        period, before = snapshot.period, snapshot.period.previous()
        before_name = month_names.month_name(before.month or 1)
        zone = period.zone
        self.status.setText(_("{period} · updated {time}").format(
            period=_period_title(period), time=locale_format.time(clock.to_local(snapshot.taken_at, zone))))
        self.summary.setText("\n".join(snapshot.sentences))
        self._show_tiles(snapshot, before_name)
        self.categories.set_empty_text(_("No complaints in {period}.").format(period=_period_title(period)))
        self.categories.set_bars([
            Bar(t.name, t.count, locale_format.number(t.count),
                _category_note(t, partial=period.partial, before=before_name, compared=snapshot.had_month_before))
            for t in snapshot.top_categories])
        for chart, key, groups in ((self.nps_chart, "nps", _nps_groups()), (self.csat_chart, "csat", _csat_groups())):
            chart.set_empty_text(_("No answers in {period}.").format(period=_period_title(period)))
            chart.set_distribution(snapshot.distributions[key], groups)
        self.overdue.set_list(snapshot.overdue, zone=zone, scope=self._overdue_scope(snapshot))
        self.goals.set_goals(snapshot.goals, started_after=_period_title(period) if snapshot.goals_start_later else "",
                             filtered=not snapshot.flt.is_empty)
        self.loaded.emit()

    def _overdue_scope(self, snapshot: Snapshot) -> str:
        """What the overdue list covers, where the tiles around it could suggest otherwise."""
        parts = []
        if not snapshot.period.partial:
            parts.append(_("Overdue now, whatever the month chosen above."))
        if snapshot.flt.staff_id is not None:
            # The tiles also count the unassigned complaints a person took; the list is the Complaints page's.
            parts.append(_("Complaints assigned to {name}.").format(name=self.filters.staff.currentText()))
        return " ".join(parts)

    def _show_all_overdue(self) -> None:
        if self.snapshot is not None:
            self.overdue_requested.emit(self.snapshot.flt)

    def _show_tiles(self, snapshot: Snapshot, before_name: str) -> None:
        if [t.key for t in snapshot.tiles] != list(self.tiles):
            for old in self.tiles.values():
                old.deleteLater()
            self.tiles = {t.key: MetricTile() for t in snapshot.tiles}
            self.grid.set_tiles(list(self.tiles.values()), tile_groups(list(self.tiles)))
        for tile in snapshot.tiles:
            self.tiles[tile.key].set_tile(tile, compared_with=before_name)

    # --- goals ------------------------------------------------------------------
    def new_goal(self) -> None:
        """Open the dialog for a new goal (managers and owners)."""
        self._open_goal_dialog(None)

    def edit_goal(self, view: GoalView) -> None:
        """Open the dialog to change ``view``'s goal."""
        self._open_goal_dialog(view)

    def _open_goal_dialog(self, view: GoalView | None) -> None:
        if self.actor is None or not allowed(self.actor, "goals.edit") or self.goal_dialog is not None:
            return
        from smallcs.ui.dashboard.goal_dialog import GoalDialog

        dialog = GoalDialog(self.actor, view, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(lambda _goal_id: self._request())
        dialog.finished.connect(lambda _result: setattr(self, "goal_dialog", None))
        self.goal_dialog = dialog
        dialog.open()
