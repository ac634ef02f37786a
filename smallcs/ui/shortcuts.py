"""Every keyboard shortcut in one table: the menus and the help window read it."""

from __future__ import annotations

import dataclasses

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from smallcs.i18n import N_, _


@dataclasses.dataclass(frozen=True)
class Shortcut:
    action: str  # the QAction's object name
    keys: str  # portable text, e.g. "Ctrl+L"; alternatives separated by " / "
    description: str  # marked with N_, translated when shown

    def native_text(self) -> str:
        """The keys as this system writes them, alternatives joined by " / "."""
        return " / ".join(QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText)
                          for keys in self.keys.split(" / "))


SHORTCUTS: tuple[Shortcut, ...] = (
    Shortcut("newComplaint", "Ctrl+N", N_("New complaint (quick entry), from anywhere")),
    Shortcut("customers", "Ctrl+Shift+C", N_("Customers: find, edit, merge, export or anonymise")),
    Shortcut("goComplaints", "Ctrl+1", N_("Go to Complaints")),
    Shortcut("goSurveys", "Ctrl+2", N_("Go to Surveys")),
    Shortcut("goReports", "Ctrl+3", N_("Go to Reports")),
    Shortcut("goDashboard", "Ctrl+4", N_("Go to Dashboard")),
    Shortcut("goSettings", "Ctrl+5", N_("Go to Settings")),
    Shortcut("saveSettings", "Ctrl+S", N_("Save the settings (on the Settings page)")),
    Shortcut("saveComplaint", "Ctrl+S / Ctrl+Enter", N_("Save the complaint (in quick entry)")),
    Shortcut("confirmAction", "Ctrl+Enter", N_("OK in a workflow dialog (assign, escalate, resolve, follow up)")),
    Shortcut("search", "Ctrl+F", N_("Search complaints (on the Complaints page)")),
    Shortcut("lock", "Ctrl+L", N_("Lock the screen (leave the counter), from any SmallCS window")),
    Shortcut("switchUser", "Ctrl+Shift+L", N_("Switch user")),
    Shortcut("shortcuts", "F1", N_("Show this list of keyboard shortcuts")),
    Shortcut("quit", "Ctrl+Q", N_("Quit SmallCS")),
)


def keys_for(action: str) -> QKeySequence:
    """The key sequence of a named action."""
    for shortcut in SHORTCUTS:
        if shortcut.action == action:
            return QKeySequence(shortcut.keys.split(" / ")[0])
    raise KeyError(action)


class ShortcutsDialog(QDialog):
    """Help → Keyboard shortcuts."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Keyboard shortcuts"))
        self.setMinimumSize(560, 480)  # every row shown at the usual font size
        table = QTableWidget(len(SHORTCUTS), 2)
        table.setObjectName("shortcutsTable")
        table.setHorizontalHeaderLabels([_("Keys"), _("What it does")])
        table.verticalHeader().hide()
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        for row, shortcut in enumerate(SHORTCUTS):
            table.setItem(row, 0, QTableWidgetItem(shortcut.native_text()))
            table.setItem(row, 1, QTableWidgetItem(_(shortcut.description)))
        table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(table)
        layout.addWidget(buttons)
