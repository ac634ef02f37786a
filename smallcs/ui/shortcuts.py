"""Every keyboard shortcut in one table: the menus and the help window read it."""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShowEvent
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
from smallcs.ui.screen_fit import available_geometry, hold_on_screen, usable_size


class Shortcut(NamedTuple):
    action: str  # the QAction's object name
    keys: str  # portable text, e.g. "Ctrl+L"; alternatives separated by " / "
    description: str  # marked with N_, translated when shown

    def native_text(self) -> str:
        """The keys as this system writes them, alternatives joined by " / "."""
        return " / ".join(QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText)
                          for keys in self.keys.split(" / "))

    def row(self) -> tuple[str, str]:
        """The keys and what they do, as the shortcuts window lists them."""
        return self.native_text(), _(self.description)


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
# Keys of the complaint shown, listed after its workflow buttons' (``workflow_rows``); no menu has them.
COMPLAINT_KEYS: tuple[Shortcut, ...] = (
    Shortcut("addStep", "Ctrl+Enter / Enter", N_("Add the step typed to the complaint shown (Enter in its note)")),
    Shortcut("tickSuggestion", "Space / Enter", N_("Add the suggested step the keyboard is on")),
)


def workflow_rows() -> list[tuple[str, str]]:
    """The Alt+letter of each workflow button of a complaint, and what it does, in the user's language.

    Read from the buttons themselves, so the letters are the ones the translation underlines.
    """
    # (imported here: the complaint desk imports this module)
    from smallcs.ui.complaint_desk.workflow_bar import BUTTON_TEXTS

    texts = [_(msgid) for _key, msgid in BUTTON_TEXTS]
    return [(QKeySequence.mnemonic(text).toString(QKeySequence.SequenceFormat.NativeText),
             _("The complaint's “{button}” button").format(button=text.replace("&", "", 1)))
            for text in texts]


def keys_for(action: str) -> QKeySequence:
    """The key sequence of a named action."""
    for shortcut in SHORTCUTS:
        if shortcut.action == action:
            return QKeySequence(shortcut.keys.split(" / ")[0])
    raise KeyError(action)


class ShortcutsDialog(QDialog):
    """Help → Keyboard shortcuts: every row and every description whole, at any font and in any
    language; a description too long for the screen's width wraps."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Keyboard shortcuts"))
        rows = [*map(Shortcut.row, SHORTCUTS), *workflow_rows(), *map(Shortcut.row, COMPLAINT_KEYS)]
        table = QTableWidget(len(rows), 2)
        table.setTabKeyNavigation(False)  # Tab moves to the next control, not cell
        table.setObjectName("shortcutsTable")
        table.setAccessibleName(self.windowTitle())
        table.setHorizontalHeaderLabels([_("Keys"), _("What it does")])
        table.verticalHeader().hide()
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for row, (keys, description) in enumerate(rows):
            table.setItem(row, 0, QTableWidgetItem(keys))
            table.setItem(row, 1, QTableWidgetItem(description))
        header = table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.sectionResized.connect(lambda *_args: table.resizeRowsToContents())  # wrapped rows grow
        self.table = table
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(table)
        layout.addWidget(buttons)
        self._fitted = False

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._fitted:  # measured once laid out on screen, in the font it is shown in
            self._fitted = True
            self._fit(self.table)
            self._place()

    def _place(self) -> None:
        """Centred on the window it was opened from, and within the screen.

        Qt centres a dialog at the size it opens with, before ``_fit`` makes it as wide as its
        descriptions: it then reached past the window's right edge, and nearly off the screen.
        """
        frame = self.frameGeometry()
        parent = self.parentWidget()
        frame.moveCenter(parent.window().frameGeometry().center() if parent is not None
                         else available_geometry(self).center())
        self.move(frame.topLeft())
        hold_on_screen(self)

    def _fit(self, table: QTableWidget) -> None:
        """As wide as the keys and the longest description (up to the screen), as tall as the rows."""
        self.ensurePolished()  # measured in the font the style sheet gives them
        table.resizeColumnsToContents()
        room = usable_size(self)
        margins = self.layout().contentsMargins()
        wanted = (table.columnWidth(0) + table.columnWidth(1) + 2 * table.frameWidth()
                  + table.verticalScrollBar().sizeHint().width() + margins.left() + margins.right())
        self.resize(min(wanted, room.width()), self.height())
        for _turn in range(2):  # the rows' heights follow the width the description column is given
            table.resizeRowsToContents()
            rows = sum(table.rowHeight(row) for row in range(table.rowCount()))
            needed = rows + table.horizontalHeader().height() + 2 * table.frameWidth()
            self.resize(self.width(), min(self.height() - table.height() + needed, room.height()))
