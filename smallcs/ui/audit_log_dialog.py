"""The audit log for the owner: every log-in, lock and write, newest first, filtered."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from smallcs import accounts, clock, locale_format, settings
from smallcs.audit_log import (
    EXPORTS,
    AuditFilter,
    AuditRow,
    action_families,
    count_events,
    fetch_events,
    recorded_actions,
)
from smallcs.audit_wording import action_name
from smallcs.i18n import N_, _, ngettext
from smallcs.models import Staff
from smallcs.ui.lazy_table import Column, LazyTableModel

SEARCH_DELAY_MS = 300

# The kinds of event in the filter menu; a family not named here shows as recorded.
FAMILY_LABELS = {
    "backup": N_("Backups"), "category": N_("Categories"), "complaint": N_("Complaints"),
    "customer": N_("Customers"), "database": N_("Database accounts"), "demo": N_("Demo data"),
    EXPORTS: N_("Data taken out (exports, reports)"), "goal": N_("Goals"), "lock": N_("Screen locks"),
    "login": N_("Log-ins"), "permission": N_("Refused actions"), "receipt": N_("Receipts"), "report": N_("Monthly reports"),
    "settings": N_("Settings"), "setup": N_("First set-up"), "staff": N_("Staff accounts"),
    "survey": N_("Surveys"), "surveys": N_("Survey cards and answers"), "switch": N_("User switches"),
    "unlock": N_("Unlocks"),
}
# Single kinds of event sit under their family in the filter menu, indented.
ACTION_INDENT = "\u2003"


def family_label(family: str) -> str:
    """A kind of event as the filter menu names it."""
    return _(FAMILY_LABELS[family]) if family in FAMILY_LABELS else family


def raw_record(row: AuditRow) -> str:
    """The event as stored (code, record, JSON facts): what the sentence was made from."""
    record = f"{row.entity} {row.entity_id}".strip()
    lines = [f"{row.action} \u2014 {record}" if record else row.action]
    if row.detail and row.detail != "{}":
        lines.append(row.detail)
    return "\n".join(lines)


def audit_columns(zone: ZoneInfo) -> list[Column[AuditRow]]:
    return [
        Column(_("When"), lambda r: locale_format.date_time(clock.to_local(r.at, zone), seconds=True)),
        Column(_("Who"), lambda r: r.who),
        Column(_("What happened"), lambda r: r.sentence or action_name(r.action)),
    ]


def _widest_moment(table: QTableView) -> int:
    """The When column's width: the widest moment the locale writes (each month's name, two-digit
    day and hour), with the cell's padding."""
    moments = (dt.datetime(2026, month, 28, 22, 58, 58) for month in range(1, 13))
    text = max((locale_format.date_time(moment, seconds=True) for moment in moments),
               key=table.fontMetrics().horizontalAdvance)
    padding = 2 * table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, table) + 8
    return table.fontMetrics().horizontalAdvance(text) + padding


class AuditTableModel(LazyTableModel[AuditRow, AuditFilter]):
    """The audit rows; a row's tooltip is the event as stored, kept for the record."""

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole and index.isValid():
            return raw_record(self.row_at(index.row()))
        return super().data(index, role)


class AuditLogDialog(QDialog):
    """A read-only, lazily fetched list of audit events with person, kind and text filters."""

    def __init__(self, actor: Staff, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.setWindowTitle(_("Audit log"))
        self.setObjectName("auditLog")
        self.resize(980, 600)
        self.model = AuditTableModel(
            audit_columns(settings.get_profile().zone),
            lambda flt, offset, limit, _key, _desc: fetch_events(actor, flt, offset=offset, limit=limit),
            lambda flt: count_events(actor, flt), AuditFilter())
        self.person = QComboBox(objectName="auditPerson")
        self.person.setAccessibleName(_("Person"))
        self.person.addItem(_("Everyone"), None)
        for person in accounts.list_staff():
            self.person.addItem(person.display_name, person.id)
        self.kind = QComboBox(objectName="auditKind")
        self.kind.setAccessibleName(_("Kind of event"))
        self.kind.addItem(_("Every kind"), "")
        self._add_kinds(action_families(), recorded_actions())
        self.search = QLineEdit(objectName="auditSearch", placeholderText=_("Search records and details"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(self.search.placeholderText())
        self.count = QLabel(objectName="auditCount")
        self.count.setProperty("role", "muted")
        filters = QHBoxLayout()
        filters.addWidget(QLabel(_("&Person:"), buddy=self.person))
        filters.addWidget(self.person)
        filters.addWidget(QLabel(_("&Kind:"), buddy=self.kind))
        filters.addWidget(self.kind)
        filters.addWidget(self.search, 1)
        self.table = QTableView(objectName="auditTable")
        self.table.setTabKeyNavigation(False)  # Tab moves to the next control, not cell
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.windowTitle())
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.ensurePolished()  # measured in the font the style sheet gives the table
        self.table.setColumnWidth(0, _widest_moment(self.table))
        self.table.setColumnWidth(1, 160)
        note = QLabel(_("The log is append-only: nobody, the owner included, can change or remove an event."))
        note.setProperty("role", "muted")
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(note, 1)
        bottom.addWidget(self.count)
        layout.addLayout(bottom)

        self._debounce = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._debounce.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(self._debounce.start)
        self.person.currentIndexChanged.connect(self.apply_filter)
        self.kind.currentIndexChanged.connect(self.apply_filter)
        self.model.loaded.connect(self._show_count)
        self.model.failed.connect(self.count.setText)
        self.apply_filter()

    def _add_kinds(self, families: list[str], actions: list[str]) -> None:
        """Each family on record by its name, followed by its single kinds of event when it has several."""
        for label, family in sorted((family_label(family), family) for family in families):
            self.kind.addItem(label, family)
            members = [action for action in actions if action.split(".")[0] == family]
            if len(members) > 1:
                for name, action in sorted((action_name(action), action) for action in members):
                    self.kind.addItem(ACTION_INDENT + name, action)
                    self.kind.setItemData(self.kind.count() - 1, action, Qt.ItemDataRole.ToolTipRole)

    def current_filter(self) -> AuditFilter:
        return AuditFilter(staff_id=self.person.currentData(), action=str(self.kind.currentData() or ""),
                           text=self.search.text())

    def apply_filter(self) -> None:
        self._debounce.stop()
        self.model.show(self.current_filter())

    def _show_count(self) -> None:
        total = self.model.total()
        self.count.setText(ngettext("{n} event", "{n} events", total).format(n=locale_format.number(total)))
