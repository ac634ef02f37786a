"""The main window: navigation, pages, status bar, lock screen, shortcuts."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

import smallcs
from smallcs import accounts, clock, drafts, locale_format, settings
from smallcs.i18n import _, ngettext
from smallcs.models import Staff
from smallcs.permissions import role_name
from smallcs.settings import BusinessProfile
from smallcs.ui import workers
from smallcs.ui.data_changes import DataChanges
from smallcs.ui.first_paint import FirstPaintWatch
from smallcs.ui.idle_lock import WITHDRAWN_ON_LOCK, IdleLock
from smallcs.ui.lock_away import LockAway
from smallcs.ui.lock_screen import LockScreen
from smallcs.ui.navigation import NavigationList
from smallcs.ui.page import Page
from smallcs.ui.restore_question import ask_to_restore
from smallcs.ui.screen_fit import usable_size
from smallcs.ui.shortcuts import ShortcutsDialog, keys_for
from smallcs.ui.surveys.server_control import SurveyServerController
from smallcs.ui.theme import set_accent

if TYPE_CHECKING:
    from smallcs.backup import BackupInfo
    from smallcs.metrics import MetricFilter
    from smallcs.ui.complaint_desk.page import ComplaintsPage
    from smallcs.ui.customer_dialog import CustomerDialog
    from smallcs.ui.monthly_report_offer import MonthlyReportOffer
    from smallcs.ui.settings_page import SettingsPage

log = logging.getLogger(__name__)

MONTHLY_REPORT_DELAY_MS = 1500
PAGE_NAMES = ("complaints", "surveys", "reports", "dashboard", "settings")
# What each page's module loads, a few modules at a time and in dependency order (ui/window_build.py
# imports the opening page's ahead, behind the log-in dialog; the page's factory imports it anyway).
PAGE_MODULES: dict[str, tuple[str, ...]] = {
    "complaints": ("smallcs.complaints", "smallcs.ui.complaint_desk.detail", "smallcs.ui.complaint_desk.page"),
    "surveys": ("smallcs.ui.surveys.page",),
    "reports": ("smallcs.ui.reports_page",),
    "dashboard": ("smallcs.ui.dashboard",),
    "settings": ("smallcs.ui.settings_page",),
}


FIRST_SIZE = QSize(1180, 760)  # the first start's window, smaller where the screen's free area is


def opening_page() -> str:
    """The page the window opens on: the one last used on this computer."""
    page = QSettings().value("mainWindow/page", "complaints")
    return page if page in PAGE_NAMES else "complaints"


class MainWindow(QMainWindow):
    """One window for the counter PC; ``staff`` is whoever is logged in."""

    def __init__(self, staff: Staff | None, database_label: str) -> None:
        """Build the window; with ``staff`` None it waits, hidden, for ``set_staff``.

        The opening page is built by ``set_staff`` (or before it, by ``page``).
        """
        super().__init__()
        self.staff = staff
        self.quick_entry: QWidget | None = None  # the open quick-entry form, if any
        self.customers_dialog: CustomerDialog | None = None  # the open Customers dialog, if any
        self.draft_box: QMessageBox | None = None  # the "restore it?" question, while shown
        self.report_offer: MonthlyReportOffer | None = None  # built at the first log-in
        self.setObjectName("mainWindow")
        self.setMinimumSize(760, 520)
        self.survey_server = SurveyServerController(parent=self)
        self.data_changes = DataChanges(self)  # this PC wrote: pages showing figures refresh
        self.idle_lock = IdleLock(self)  # armed with the shop's setting at each log-in
        self.idle_lock.idle.connect(lambda: self.lock(idle_minutes=self.idle_lock.minutes))
        self.lock_away = LockAway(self)  # the other windows, while the screen is locked
        self._build_pages()
        self._build_status_bar(database_label)
        self._build_menus()
        self._restore_geometry()
        self.navigation.currentRowChanged.connect(self.show_page)  # (after the row is restored)
        self._start_backup_schedule()
        self.apply_profile(settings.get_profile())
        if staff is not None:
            self.set_staff(staff)

    # --- construction -------------------------------------------------
    def _build_pages(self) -> None:
        # Each widget is made in its place (its parent), in the order the window reads: a branch
        # made apart and moved in afterwards would go through Qt's style updates again, all of it,
        # at each step (the app's style sheet makes them slow). So are the pages, in the stack.
        self.screens = QStackedWidget(self, objectName="screens")
        self.setCentralWidget(self.screens)
        workspace = QWidget(self.screens, objectName="workspace")
        self.screens.addWidget(workspace)
        self.workspace = workspace
        workspace_layout = QHBoxLayout(workspace)
        workspace_layout.setContentsMargins(0, 0, 0, 0)
        workspace_layout.setSpacing(0)

        nav_panel = QWidget(workspace, objectName="navPanel")
        nav_panel.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Preferred)
        workspace_layout.addWidget(nav_panel)
        nav_layout = QVBoxLayout(nav_panel)
        nav_layout.setContentsMargins(0, 0, 0, 0)
        nav_layout.setSpacing(0)
        brand = QLabel("SmallCS", nav_panel, objectName="navBrand")
        self.shop_label = QLabel(nav_panel, objectName="navShop")
        self.shop_label.setStyleSheet("color: rgba(255,255,255,0.75); padding: 0 16px 10px 16px;")
        self.shop_label.setWordWrap(True)
        for label in (brand, self.shop_label):  # the page list sets the width; a long name wraps
            label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            nav_layout.addWidget(label)
        self.navigation = NavigationList(nav_panel)
        self.navigation.setAccessibleName(_("Navigation"))
        nav_layout.addWidget(self.navigation, 1)

        page_column = QWidget(workspace, objectName="pageColumn")
        workspace_layout.addWidget(page_column, 1)
        self.notices = QVBoxLayout(page_column)  # offers shown above the page (the monthly report's)
        self.notices.setContentsMargins(0, 0, 0, 0)
        self.notices.setSpacing(0)
        self.pages = QStackedWidget(page_column, objectName="pages")
        self.notices.addWidget(self.pages, 1)
        # Pages are built the first time they are shown: start-up stays quick.
        self._factories: dict[str, Callable[[], QWidget]] = {
            "complaints": self._make_complaints_page,
            "surveys": self._make_surveys_page,
            "reports": self._make_reports_page,
            "dashboard": self._make_dashboard_page,
            "settings": self._make_settings_page,
        }
        self._built: dict[str, QWidget] = {}
        titles = (_("Complaints"), _("Surveys"), _("Reports"), _("Dashboard"), _("Settings"))
        for title in titles:
            self.navigation.addItem(title)
            self.pages.addWidget(QWidget(self.pages))  # an empty slot until the page is built

        self.lock_screen = LockScreen(self.screens)
        self.lock_screen.unlocked.connect(self._unlocked)
        self.screens.addWidget(self.lock_screen)

    def _build_status_bar(self, database_label: str) -> None:
        self.user_status = QLabel(objectName="userStatus")
        self.database_status = QLabel(_("Database: {path}").format(path=database_label),
                                      objectName="databaseStatus")
        self.database_status.setToolTip(database_label)
        self.server_status = QLabel(self.survey_server.state_text(), objectName="serverStatus")
        self.server_status.setToolTip(_("Customers' phones reach the survey page while the server is on."
                                        " Switch it on and off on the Surveys page."))
        self.survey_server.state_changed.connect(self.server_status.setText)
        bar = self.statusBar()
        bar.addWidget(self.user_status)
        bar.addWidget(self.database_status, 1)
        bar.addPermanentWidget(self.server_status)

    def _action(self, name: str, text: str, slot: object) -> QAction:
        action = QAction(text, self, objectName=name)
        action.setShortcut(keys_for(name))
        # Leaving the counter or a new complaint cannot wait for this window to have the keyboard:
        # these work from the app's other windows too (Customers, quick entry; not under a modal one).
        everywhere = name in ("newComplaint", "customers", "lock", "switchUser")
        action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut if everywhere
                                  else Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(_("&File"))
        file_menu.addAction(self._action("newComplaint", _("&New complaint…"), self.new_complaint))
        file_menu.addAction(self._action("customers", _("&Customers…"), lambda: self.show_customers()))
        file_menu.addSeparator()
        file_menu.addAction(self._action("lock", _("&Lock screen"), self.lock))
        file_menu.addAction(self._action("switchUser", _("S&witch user…"), lambda: self.lock(switching=True)))
        file_menu.addSeparator()
        file_menu.addAction(self._action("quit", _("&Quit"), self.close))
        go_menu = self.menuBar().addMenu(_("&Go"))
        for row, name in enumerate(PAGE_NAMES):
            action_name = "go" + name.capitalize()
            go_menu.addAction(self._action(action_name, self.navigation.item(row).text(),
                                           lambda _checked=False, r=row: self.show_page(r)))
        self._action("saveSettings", _("Save settings"), self._save_if_settings)
        help_menu = self.menuBar().addMenu(_("&Help"))
        help_menu.addAction(self._action("shortcuts", _("&Keyboard shortcuts"), self.show_shortcuts))
        about = QAction(_("&About SmallCS"), self, objectName="about")
        about.triggered.connect(self.show_about)
        help_menu.addAction(about)

    def _make_complaints_page(self) -> QWidget:
        from smallcs.ui.complaint_desk.page import ComplaintsPage

        page = ComplaintsPage(self.pages)
        page.follow_ups_changed.connect(self._show_follow_up_badge)
        page.new_complaint_requested.connect(self.new_complaint)
        page.detail.open_customer.connect(self.show_customers)
        page.detail.changed.connect(self.data_changes.notify)
        return page

    def show_customers(self, customer_id: int | None = None) -> None:
        """The Customers dialog (one at a time), on ``customer_id`` when given."""
        from smallcs.ui.customer_dialog import CustomerDialog

        if self.staff is None or self.is_locked():
            return
        dialog = self.customers_dialog
        if dialog is None:
            dialog = CustomerDialog(self.staff, customer_id, self)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.open_complaint.connect(self.open_complaint)
            dialog.changed.connect(self._customers_changed)
            dialog.destroyed.connect(lambda: setattr(self, "customers_dialog", None))
            self.customers_dialog = dialog
            dialog.show()
        elif customer_id is not None:
            dialog.show_customer(customer_id)
        dialog.raise_()
        dialog.activateWindow()

    def _customers_changed(self) -> None:
        """A merge or an anonymisation changes the names the complaint list shows."""
        self.data_changes.notify()
        if "complaints" in self._built:
            self.complaints_page.refresh()

    @property
    def complaints_page(self) -> ComplaintsPage:
        from smallcs.ui.complaint_desk.page import ComplaintsPage

        page = self.page("complaints")
        assert isinstance(page, ComplaintsPage)
        return page

    def new_complaint(self, draft: dict[str, object] | None = None) -> None:
        """Ctrl+N from anywhere: the quick-entry form (one at a time), empty or from a draft."""
        from smallcs.ui.complaint_desk.quick_entry import QuickEntryDialog

        if self.staff is None or self.is_locked():
            return
        if self.quick_entry is not None:
            if draft and isinstance(self.quick_entry, QuickEntryDialog):
                self.quick_entry.offer_prefill(draft)  # never over what is typed in the open form
            self.quick_entry.raise_()
            self.quick_entry.activateWindow()
            return
        dialog = QuickEntryDialog.from_draft(self.staff, draft, self) if draft else QuickEntryDialog(self.staff, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.complaint_created.connect(self._complaint_saved)
        dialog.destroyed.connect(lambda: setattr(self, "quick_entry", None))
        self.quick_entry = dialog
        dialog.show()

    def _complaint_saved(self, complaint_id: int) -> None:
        self.data_changes.notify()
        self.show_page(PAGE_NAMES.index("complaints"))
        self.complaints_page.show_complaint(complaint_id)
        self.complaints_page.detail.focus_first()  # its next step, once the form has gone
        self.statusBar().showMessage(_("Complaint saved."), 5000)

    def offer_drafts(self) -> None:
        """After a log-in: offer to bring back a complaint form left unsaved by a crash (not over
        the lock screen: the next log-in asks)."""
        if self.staff is None or self.is_locked() or self.quick_entry is not None or self.draft_box is not None:
            return
        pending = [d for d in drafts.pending_drafts(self.staff) if d.form == drafts.QUICK_ENTRY]
        if not pending:
            return
        zone = settings.get_profile().zone
        when = locale_format.date_time(clock.to_local(pending[0].updated_at, zone))
        staff, data = self.staff, pending[0].data

        def answered(restore: bool) -> None:
            self.draft_box = None
            if restore:
                self.new_complaint(data)
            else:
                drafts.discard_draft(staff, drafts.QUICK_ENTRY)

        self.draft_box = ask_to_restore(
            self, _("Unsaved complaint"), _("You have an unsaved complaint from {when}. Restore it?").format(when=when),
            answered)
        self.draft_box.setProperty(WITHDRAWN_ON_LOCK, True)

    def _show_follow_up_badge(self, count: int) -> None:
        """The Complaints entry in the navigation says how many follow-ups are due (today or earlier)."""
        item = self.navigation.item(PAGE_NAMES.index("complaints"))
        # On a line of its own under the page's name: "Complaints (1)" beside a list of 12 read as one complaint.
        item.setText(_("Complaints") if count == 0 else _("Complaints") + "\n" + ngettext(
            "{n} follow-up due", "{n} follow-ups due", count).format(n=count))
        item.setToolTip("" if count == 0 else ngettext(
            "{n} follow-up due today or earlier", "{n} follow-ups due today or earlier", count).format(n=count))

    def _make_surveys_page(self) -> QWidget:
        from smallcs.ui.surveys.page import SurveysPage

        page = SurveysPage(self.survey_server, self.pages)
        page.answers_view.open_complaint.connect(self.open_complaint)
        page.answers_view.complaint_from_answer.connect(self.new_complaint)
        page.answers_recorded.connect(self.data_changes.notify)
        return page

    def open_complaint(self, complaint_id: int) -> None:
        """Bring one complaint up on the Complaints page (e.g. from a survey answer)."""
        self.show_page(PAGE_NAMES.index("complaints"))
        self.complaints_page.show_complaint(complaint_id)

    def _make_dashboard_page(self) -> QWidget:
        from smallcs.ui.dashboard import DashboardPage

        page = DashboardPage(self.pages)
        page.open_complaint.connect(self.open_complaint)
        page.overdue_requested.connect(self._show_overdue)
        self.data_changes.changed.connect(page.data_changed)
        return page

    def _show_overdue(self, flt: MetricFilter) -> None:
        """The dashboard's "show them all": the Complaints page listing its overdue complaints."""
        from smallcs.ui.dashboard.to_complaints import choose_overdue

        choose_overdue(self.complaints_page, flt)
        self.show_page(PAGE_NAMES.index("complaints"))

    def _make_reports_page(self) -> QWidget:
        from smallcs.ui.reports_page import ReportsPage

        return ReportsPage(self.pages)

    def _make_settings_page(self) -> SettingsPage:
        from smallcs.ui.settings_page import SettingsPage

        page = SettingsPage(self.pages)
        page.saved.connect(self.apply_profile)
        page.idle_lock_changed.connect(self.idle_lock.set_minutes)
        page.backup_panel.restored.connect(self._after_restore)
        return page

    def _after_restore(self, kept: Path) -> None:
        """The database is now the backup's: everyone logs in again."""
        QMessageBox.information(self, _("Backup restored"), _(
            "The backup is restored. The database as it was is kept in {path}."
            " Please log in again.").format(path=kept))
        self.menuBar().setEnabled(False)
        self.screens.setCurrentWidget(self.lock_screen)
        if self.staff is not None:
            self.lock_screen.lock_for(self.staff, switching=True)

    def _start_backup_schedule(self) -> None:
        """Check every 15 minutes (and soon after start) whether the daily backup is due."""
        self._backup_timer = QTimer(self)
        self._backup_timer.setInterval(15 * 60 * 1000)
        self._backup_timer.timeout.connect(self._backup_if_due)
        self._backup_timer.start()
        QTimer.singleShot(60 * 1000, self._backup_if_due)
        self._backup_task: workers.Task | None = None

    def _backup_if_due(self) -> None:
        from smallcs import backup  # first a minute after start: not with the window

        if self._backup_task is not None or not backup.backup_due():
            return
        self._backup_task = workers.Task(lambda _progress: backup.run_scheduled_backup())
        self._backup_task.signals.finished.connect(self._scheduled_backup_done)
        self._backup_task.signals.failed.connect(self._scheduled_backup_failed)
        workers.start(self._backup_task)

    def _scheduled_backup_done(self, info: BackupInfo) -> None:
        self._backup_task = None
        self.statusBar().showMessage(_("Daily backup written: {name}").format(name=info.path.name), 10_000)

    def _scheduled_backup_failed(self, error: BaseException) -> None:
        self._backup_task = None
        log.warning("daily backup failed: %s", error)
        self.statusBar().showMessage(_("The daily backup failed: {reason}").format(reason=error))

    def page(self, name: str) -> QWidget:
        """The page called ``name``, built on first use."""
        if name not in self._built:
            index = PAGE_NAMES.index(name)
            widget = self._factories[name]()
            slot = self.pages.widget(index)
            self.pages.insertWidget(index, widget)
            self.pages.removeWidget(slot)
            slot.deleteLater()
            self._built[name] = widget
            if self.staff is not None and isinstance(widget, Page):
                widget.set_actor(self.staff)
        return self._built[name]

    def _built_pages(self) -> list[Page]:
        return [page for page in self._built.values() if isinstance(page, Page)]

    @property
    def settings_page(self) -> SettingsPage:
        from smallcs.ui.settings_page import SettingsPage

        page = self.page("settings")
        assert isinstance(page, SettingsPage)
        return page

    # --- behaviour ----------------------------------------------------
    def show_page(self, row: int) -> None:
        if self.navigation.currentRow() != row:
            self.navigation.setCurrentRow(row)
            return
        page = self.page(PAGE_NAMES[row])
        self.pages.setCurrentIndex(row)
        if isinstance(page, Page):
            page.refresh()

    def current_page_name(self) -> str:
        return PAGE_NAMES[self.pages.currentIndex()]

    def set_staff(self, staff: Staff, *, page_just_read: bool = False) -> None:
        """``staff`` logged in (or unlocked); another person than before finds every page fresh.

        ``page_just_read``: the window is not shown yet and its page asked for its rows
        moments ago (behind the log-in dialog, or as the build finished). The window then
        paints with those rows and the page reads them again once it has painted: a second
        read at once would take the processor from the window's first paint.
        """
        previous, self.staff = self.staff, staff
        if previous is not None and previous.id != staff.id:
            for page in self._built_pages():
                page.forget_user_state()
        self.user_status.setText(_("Logged in: {name} ({role})").format(
            name=staff.display_name, role=role_name(staff.role)))
        for page in self._built_pages():
            page.set_actor(staff)
        self.idle_lock.set_minutes(settings.idle_lock_minutes())
        if page_just_read and not self.isVisible():
            FirstPaintWatch(self, self._read_again_after_first_paint)
        else:
            self.show_page(max(0, self.navigation.currentRow()))
        if previous is None and self.isVisible():
            self._keyboard_after_log_in()  # (a hidden window does it as it is shown: showEvent)
        if self.isVisible():
            QTimer.singleShot(0, self._offer_log_in_drafts)
        else:  # a start-up: the window paints first, the questions (and their modules) come over it
            FirstPaintWatch(self, self._offer_log_in_drafts)
        # A moment after the window is up: the question (and its modules) wait for the first paint.
        QTimer.singleShot(MONTHLY_REPORT_DELAY_MS, self.offer_monthly_report)

    def _read_again_after_first_paint(self) -> None:
        """The rows the window painted with may be a moment old: read them again, unless the
        read asked for before is still on its way (a slow database): it is as fresh, and a
        second read would replace it, and the list would wait for both."""
        page = self.pages.currentWidget()
        if not (isinstance(page, Page) and page.is_reading()):
            self.show_page(self.navigation.currentRow())

    def _offer_log_in_drafts(self) -> None:
        """What a crash or a screen lock left for the person who just logged in, one question
        at a time (each waits for the one before)."""
        self.offer_drafts()
        self.offer_customer_draft()
        self.offer_workflow_draft()

    def offer_workflow_draft(self) -> None:
        """After a log-in: a workflow dialog's typing kept for this person when a lock closed it."""
        if self._has_draft(drafts.WORKFLOW):
            from smallcs.ui.complaint_desk.workflow_draft import offer_workflow_draft

            offer_workflow_draft(self)

    def offer_customer_draft(self) -> None:
        """After a log-in: customer edits a screen lock kept for this person (CustomerDialog.put_away)."""
        if self._has_draft(drafts.CUSTOMER):
            from smallcs.ui.customer_dialog import offer_draft

            offer_draft(self)

    def _has_draft(self, form: str) -> bool:
        """Whether the person logged in has a ``form`` draft waiting: the question's module (and
        the dialog's, with printing behind it) loads only then, not before each first paint."""
        return self.staff is not None and any(d.form == form for d in drafts.pending_drafts(self.staff))

    def offer_monthly_report(self) -> None:
        """After a log-in: last month's report, offered or written as the shop chose."""
        if self.staff is None or self.is_locked() or not self.isVisible():
            return  # (a window closed meanwhile asks nothing)
        if self.draft_box is not None:  # one question at a time
            self.draft_box.finished.connect(lambda _button: QTimer.singleShot(0, self.offer_monthly_report))
            return
        if self.report_offer is None:
            from smallcs.ui.monthly_report_offer import MonthlyReportOffer

            self.report_offer = MonthlyReportOffer(self, self.notices)
            self.report_offer.status.connect(lambda text: self.statusBar().showMessage(text, 15_000))
            self.report_offer.written.connect(self._monthly_report_written)
        self.report_offer.check(self.staff)

    def _monthly_report_written(self, path: Path) -> None:
        from smallcs.ui.reports_page import ReportsPage

        page = self.page("reports")
        assert isinstance(page, ReportsPage)
        page.show_written(path)

    def apply_profile(self, profile: BusinessProfile) -> None:
        self.setWindowTitle(f"{profile.name} — SmallCS" if profile.name else "SmallCS")
        self.shop_label.setText(profile.name)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            set_accent(app, profile.accent_colour)

    def lock(self, switching: bool = False, *, idle_minutes: int | None = None) -> None:
        """Hide everything behind the lock screen until someone logs in (by itself after
        ``idle_minutes`` without input, or by hand)."""
        if self.staff is None or self.screens.currentWidget() is self.lock_screen:
            return
        self._withdraw_questions()
        self.menuBar().setEnabled(False)
        self.screens.setCurrentWidget(self.lock_screen)
        self.lock_screen.lock_for(self.staff, switching=switching)
        self.lock_away.put_away(self.staff)  # every other window: kept for its typist, or cancelled
        accounts.lock_session(self.staff, idle_minutes=idle_minutes)  # locked first, even if this fails

    def _withdraw_questions(self) -> None:
        """Questions waiting for the person who left go, unanswered, so a passer-by cannot
        answer them; they are asked again after the next log-in (the draft, the report)."""
        if self.draft_box is not None:
            box, self.draft_box = self.draft_box, None
            box.finished.disconnect()  # going away is no answer: the draft stays
            box.hide()  # (a question without an Esc button refuses close())
            box.deleteLater()
        if self.report_offer is not None:
            self.report_offer.withdraw()

    def is_locked(self) -> bool:
        return self.screens.currentWidget() is self.lock_screen

    def _unlocked(self, staff: Staff) -> None:
        same_person = self.staff is not None and self.staff.id == staff.id
        self.set_staff(staff)
        self.menuBar().setEnabled(True)
        self.screens.setCurrentWidget(self.workspace)
        self._keyboard_after_unlock(same_person)
        self.lock_away.bring_back(staff)
        if self.customers_dialog is not None and self.customers_dialog.isHidden():
            self.customers_dialog = None  # closed: its edits wait as the draft of the person who typed them
        if self.quick_entry is not None and self.quick_entry.isHidden():
            self.quick_entry = None  # closed likewise: its text is its typist's draft

    def _keyboard_after_unlock(self, same_person: bool) -> None:
        """The same person finds the keyboard where they left it; the next person (or the same
        one, when that place has gone) where the page starts, as on a fresh page."""
        where = self.workspace.focusWidget()
        if not same_person or where is None or not where.isVisibleTo(self) or not where.isEnabled():
            self._keyboard_to_page_start()
        else:
            where.setFocus()

    def _keyboard_to_page_start(self) -> None:
        """The keyboard where the page starts (the complaint list), not in the navigation: its
        arrow keys would switch pages under the first thing typed."""
        page = self.pages.currentWidget()
        ((page.start_widget() if isinstance(page, Page) else None) or self.navigation).setFocus()

    def _keyboard_after_log_in(self) -> None:
        """After the first log-in, unless the person has put the keyboard somewhere already."""
        where = self.focusWidget()
        if where is None or where is self.navigation:
            self._keyboard_to_page_start()

    def _save_if_settings(self) -> None:
        if not self.is_locked() and self.current_page_name() == "settings" and "settings" in self._built:
            self.settings_page.save()

    def show_shortcuts(self) -> None:
        dialog = ShortcutsDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def show_about(self) -> None:
        QMessageBox.about(self, _("About SmallCS"), _(
            "SmallCS {version}\nComplaints and customer surveys for small shops."
        ).format(version=smallcs.__version__))

    # --- geometry -----------------------------------------------------
    def _restore_geometry(self) -> None:
        store = QSettings()
        geometry = store.value("mainWindow/geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(FIRST_SIZE.boundedTo(usable_size(self)))
        self.navigation.setCurrentRow(PAGE_NAMES.index(opening_page()))

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.staff is not None and not event.spontaneous():
            self._keyboard_after_log_in()

    def closeEvent(self, event: QCloseEvent) -> None:
        store = QSettings()
        store.setValue("mainWindow/geometry", self.saveGeometry())
        store.setValue("mainWindow/page", self.current_page_name())
        self.survey_server.shutdown()
        super().closeEvent(event)
