"""The audit log for the owner: every log-in, lock and write, newest first, filtered."""

from __future__ import annotations

import json
from zoneinfo import ZoneInfo

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from smallcs import accounts, audit_exports, clock, settings
from smallcs.audit_log import (
    EXPORTS,
    AuditFilter,
    AuditRow,
    action_families,
    count_events,
    fetch_events,
)
from smallcs.i18n import N_, _
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
# What an event says in words; any other event shows its action as recorded.
ACTION_LABELS = {
    audit_exports.COMPLAINT_LIST: N_("Complaint list exported"),
    audit_exports.SURVEY_ANSWERS: N_("Survey answers exported"),
    audit_exports.CUSTOMER_DATA: N_("Customer's data exported"),
    audit_exports.MONTHLY_REPORT: N_("Monthly report written"),
    audit_exports.RECEIPT: N_("Complaint receipt saved or printed"),
}


def family_label(family: str) -> str:
    """A kind of event as the filter menu names it."""
    return _(FAMILY_LABELS[family]) if family in FAMILY_LABELS else family


def action_label(action: str) -> str:
    """An event's action as the What column says it."""
    return _(ACTION_LABELS[action]) if action in ACTION_LABELS else action


def _detail(row: AuditRow) -> str:
    """The JSON facts as "key: value" pairs on one line."""
    try:
        facts = json.loads(row.detail or "{}")
    except ValueError:
        return row.detail
    if not isinstance(facts, dict):
        return row.detail
    return "; ".join(f"{key}: {', '.join(map(str, value)) if isinstance(value, list) else value}"
                     for key, value in facts.items())


def audit_columns(zone: ZoneInfo) -> list[Column[AuditRow]]:
    return [
        Column(_("When"), lambda r: f"{clock.to_local(r.at, zone):%Y-%m-%d %H:%M:%S}"),
        Column(_("Who"), lambda r: r.who),
        Column(_("What"), lambda r: action_label(r.action)),
        Column(_("Record"), lambda r: f"{r.entity} {r.entity_id}".strip()),
        Column(_("Details"), _detail),
    ]


class AuditLogDialog(QDialog):
    """A read-only, lazily fetched list of audit events with person, kind and text filters."""

    def __init__(self, actor: Staff, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.setWindowTitle(_("Audit log"))
        self.setObjectName("auditLog")
        self.resize(980, 600)
        self.model: LazyTableModel[AuditRow, AuditFilter] = LazyTableModel(
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
        for label, family in sorted((family_label(family), family) for family in action_families()):
            self.kind.addItem(label, family)
        self.search = QLineEdit(objectName="auditSearch", placeholderText=_("Search records and details"))
        self.search.setClearButtonEnabled(True)
        self.count = QLabel(objectName="auditCount")
        self.count.setProperty("role", "muted")
        filters = QHBoxLayout()
        filters.addWidget(QLabel(_("&Person:"), buddy=self.person))
        filters.addWidget(self.person)
        filters.addWidget(QLabel(_("&Kind:"), buddy=self.kind))
        filters.addWidget(self.kind)
        filters.addWidget(self.search, 1)
        self.table = QTableView(objectName="auditTable")
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((150, 140, 170, 150)):
            self.table.setColumnWidth(column, width)
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

    def current_filter(self) -> AuditFilter:
        return AuditFilter(staff_id=self.person.currentData(), action=str(self.kind.currentData() or ""),
                           text=self.search.text())

    def apply_filter(self) -> None:
        self._debounce.stop()
        self.model.show(self.current_filter())

    def _show_count(self) -> None:
        total = self.model.total()
        self.count.setText(_("{n:,} events").format(n=total) if total != 1 else _("1 event"))
