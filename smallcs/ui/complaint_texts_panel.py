"""Settings for complaint handling: the categories (added, adjusted, retired), each one's suggested
steps, and the canned note texts."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from smallcs import complaints
from smallcs.complaints import SuggestedStep, labels
from smallcs.complaints.canned import canned_texts, set_canned_texts
from smallcs.complaints.categories import (
    all_categories,
    reinstate_category,
    retire_category,
)
from smallcs.errors import SmallCSError
from smallcs.i18n import N_, _
from smallcs.models import Category, Staff
from smallcs.models.enums import StepKind
from smallcs.permissions import allowed
from smallcs.ui.category_dialog import CategoryDialog
from smallcs.ui.row_fitting_table import RowFittingTable

# Resolving or reopening ends or restarts a complaint: not a checklist item.
CHECKLIST_KINDS = tuple(kind for kind in StepKind if kind not in (StepKind.RESOLVED, StepKind.REOPENED))
ACTIVE_ROLE = Qt.ItemDataRole.UserRole + 1  # on a category's name: False when it is retired
COLUMNS = (N_("Category"), N_("Priority"), N_("Respond within"), N_("Resolve within"), N_("Suggested steps"))


def _say(label: QLabel, text: str, *, error: bool) -> None:
    label.setProperty("role", "error" if error else "ok")
    label.style().polish(label)
    label.setText(text)
    label.show()


class SuggestionsEditor(QDialog):
    """One row per suggested step of a category: its kind and the text it writes, top to bottom."""

    def __init__(self, actor: Staff, category: Category, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.category_id = category.id
        self.setWindowTitle(_("Suggested steps for {category}").format(category=category.name))
        self.setMinimumSize(640, 360)
        self.table = QTableWidget(0, 2, objectName="suggestionsTable")
        self.table.setTabKeyNavigation(False)  # Tab moves to the next control, not cell
        self.table.setHorizontalHeaderLabels([_("Kind"), _("Text")])
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAccessibleName(_("Suggested steps"))
        for step in complaints.suggested_steps(category.id):
            self.add_row(step)
        add = QPushButton(_("A&dd a step"), objectName="addSuggestion")
        add.clicked.connect(lambda: self.add_row())
        remove = QPushButton(_("Re&move"), objectName="removeSuggestion")
        remove.clicked.connect(self.remove_selected)
        up = QPushButton(_("Move &up"), objectName="suggestionUp")
        up.clicked.connect(lambda: self.move_selected(-1))
        down = QPushButton(_("Move do&wn"), objectName="suggestionDown")
        down.clicked.connect(lambda: self.move_selected(1))
        self.error = QLabel(objectName="suggestionsError")
        self.error.setWordWrap(True)
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        save = QPushButton(_("&Save"), objectName="saveSuggestions")
        save.setProperty("role", "primary")
        save.clicked.connect(self.accept)
        cancel = QPushButton(_("Cancel"))
        cancel.clicked.connect(self.reject)
        for button in (add, remove, up, down, save, cancel):
            button.setAutoDefault(False)
        edit_row = QHBoxLayout()
        for button in (add, remove, up, down):
            edit_row.addWidget(button)
        edit_row.addStretch()
        buttons = QHBoxLayout()
        buttons.addWidget(self.error, 1)
        buttons.addWidget(save)
        buttons.addWidget(cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("Staff see these on every complaint of this category and add one to the"
                                  " timeline with a keystroke.")))
        layout.addWidget(self.table, 1)
        layout.addLayout(edit_row)
        layout.addLayout(buttons)

    def add_row(self, step: SuggestedStep | None = None, at: int | None = None) -> None:
        row = self.table.rowCount() if at is None else at
        self.table.insertRow(row)
        kind = QComboBox()
        kind.setAccessibleName(_("Kind of step"))
        for value in CHECKLIST_KINDS:
            kind.addItem(labels.step_kind(value), value.value)
        kind.setCurrentIndex(kind.findData((step.kind if step else StepKind.NOTE).value))
        self.table.setCellWidget(row, 0, kind)
        self.table.setItem(row, 1, QTableWidgetItem(step.text if step else ""))
        if step is None:
            self.table.setCurrentCell(row, 1)
            self.table.editItem(self.table.item(row, 1))

    def remove_selected(self) -> None:
        if self.table.currentRow() >= 0:
            self.table.removeRow(self.table.currentRow())

    def move_selected(self, offset: int) -> None:
        """Move the selected step up (-1) or down (+1)."""
        steps = self.steps()
        row = self.table.currentRow()
        target = row + offset
        if row < 0 or not 0 <= target < len(steps):
            return
        steps[row], steps[target] = steps[target], steps[row]
        self.table.setRowCount(0)
        for step in steps:
            self.add_row(step)
        self.table.setCurrentCell(target, 1)

    def steps(self) -> list[SuggestedStep]:
        """The checklist as the table shows it, top to bottom."""
        result = []
        for row in range(self.table.rowCount()):
            kind = self.table.cellWidget(row, 0)
            item = self.table.item(row, 1)
            assert isinstance(kind, QComboBox)
            result.append(SuggestedStep(StepKind(kind.currentData()), item.text() if item else ""))
        return result

    def accept(self) -> None:
        """Store the checklist; a refusal is shown here and the rows stay as typed."""
        try:
            complaints.set_suggested_steps(self.actor, self.category_id, self.steps())
        except SmallCSError as exc:
            _say(self.error, str(exc), error=True)
            return
        super().accept()


class ComplaintTextsPanel(QWidget):
    """Categories (added, adjusted, retired) with their suggested steps, and the canned note texts,
    for managers and the owner.

    The category table lists retired categories too, after the others and marked, so one can be
    brought back; it is as tall as its rows, the page scrolls instead.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor: Staff | None = None
        self.editor: SuggestionsEditor | None = None
        self.category_dialog: CategoryDialog | None = None
        self.categories = RowFittingTable(len(COLUMNS), most=60, objectName="categoryTable")
        self.categories.setHorizontalHeaderLabels([_(title) for title in COLUMNS])
        header = self.categories.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)  # titles never cut
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.categories.verticalHeader().hide()
        self.categories.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.categories.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.categories.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.categories.setAccessibleName(_("Complaint categories"))
        self.categories.doubleClicked.connect(lambda _index: self.adjust_category())
        self.categories.itemSelectionChanged.connect(self._enable_buttons)
        self.add_button = QPushButton(_("Add categor&y…"), objectName="addCategory")
        self.add_button.clicked.connect(self.add_category)
        self.adjust_button = QPushButton(_("Ad&just…"), objectName="adjustCategory")
        self.adjust_button.setToolTip(_("Rename the category, or change its priority and targets"))
        self.adjust_button.clicked.connect(self.adjust_category)
        self.edit_button = QPushButton(_("Suggested steps…"), objectName="editSuggestions")
        self.edit_button.clicked.connect(self.edit_suggestions)
        self.retire_button = QPushButton(_("Retire"), objectName="retireCategory")
        self.retire_button.setToolTip(_("No longer offer it for new complaints; complaints filed under it keep it"))
        self.retire_button.clicked.connect(self.retire_or_reinstate)
        self.category_message = QLabel(objectName="categoryMessage")
        self.category_message.setWordWrap(True)
        self.category_message.setTextFormat(Qt.TextFormat.PlainText)
        self.category_message.hide()  # until there is something to say

        self.texts = QPlainTextEdit(objectName="cannedTexts")
        self.texts.setTabChangesFocus(True)
        self.texts.setFixedHeight(130)
        self.texts.setAccessibleName(_("Canned note texts, one per line"))
        self.save_texts = QPushButton(_("Save te&xts"), objectName="saveCannedTexts")
        self.save_texts.clicked.connect(self.store_texts)
        self.message = QLabel(objectName="cannedMessage")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        texts_row = QHBoxLayout()
        texts_row.addWidget(self.message, 1)
        texts_row.addWidget(self.save_texts)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.categories)
        row = QHBoxLayout()
        for button in (self.add_button, self.adjust_button, self.edit_button, self.retire_button):
            row.addWidget(button)
        row.addStretch()
        layout.addLayout(row)
        layout.addWidget(self.category_message)
        layout.addSpacing(6)
        hint = QLabel(_("Canned texts for step notes, one per line: staff pick them from the Texts menu or"
                        " as they type."))
        hint.setWordWrap(True)
        layout.addWidget(hint)
        layout.addWidget(self.texts)
        layout.addLayout(texts_row)

    def set_actor(self, actor: Staff) -> None:
        self.actor = actor
        self.add_button.setEnabled(allowed(actor, "categories.edit"))
        self._enable_buttons()
        self.save_texts.setEnabled(allowed(actor, "settings.edit"))
        self.texts.setReadOnly(not allowed(actor, "settings.edit"))

    def _may_edit(self) -> bool:
        return self.actor is not None and allowed(self.actor, "categories.edit")

    def _enable_buttons(self) -> None:
        """The row buttons act on the selected category; Retire brings a retired one back."""
        row = self.categories.currentRow()
        item = self.categories.item(row, 0) if row >= 0 else None
        for button in (self.adjust_button, self.edit_button, self.retire_button):
            button.setEnabled(self._may_edit() and item is not None)
        retired = item is not None and not item.data(ACTIVE_ROLE)
        self.retire_button.setText(_("Bring back") if retired else _("Retire"))

    def load(self) -> None:
        """Re-read the categories and the texts (what is typed in the texts box is dropped)."""
        self.load_categories()
        self.category_message.hide()
        self.texts.setPlainText("\n".join(canned_texts()))
        self.message.clear()

    def load_categories(self, select: int | None = None) -> None:
        """Re-read the categories; ``select`` is the id to select, else the selected one stays."""
        keep = select if select is not None else self._selected_id()
        shown = sorted(all_categories(), key=lambda category: not category.active)  # retired ones last
        self.categories.setRowCount(len(shown))
        muted = self.palette().color(QPalette.ColorRole.PlaceholderText)
        for row, category in enumerate(shown):
            name = QTableWidgetItem(category.name if category.active
                                    else _("{name} (retired)").format(name=category.name))
            name.setData(Qt.ItemDataRole.UserRole, category.id)
            name.setData(ACTIVE_ROLE, category.active)
            cells = (name, QTableWidgetItem(labels.priority(category.default_priority)),
                     QTableWidgetItem(_("{n} h").format(n=category.response_target_hours)),
                     QTableWidgetItem(_("{n} h").format(n=category.resolution_target_hours)),
                     QTableWidgetItem(str(len(complaints.suggested_steps(category.id)))))
            for column, item in enumerate(cells):
                if column >= 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if not category.active:
                    item.setForeground(muted)
                self.categories.setItem(row, column, item)
        ids = [category.id for category in shown]
        if ids:
            self.categories.selectRow(ids.index(keep) if keep in ids else 0)
        self._enable_buttons()

    def _selected_id(self) -> int | None:
        row = self.categories.currentRow()
        item = self.categories.item(row, 0) if row >= 0 else None
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def selected_category(self) -> Category | None:
        category_id = self._selected_id()
        return Category.get_or_none(Category.id == category_id) if category_id is not None else None

    def add_category(self) -> None:
        """The form for a new category; once saved it is listed and selected."""
        if self._may_edit():
            self._open_category_dialog(None)

    def adjust_category(self) -> None:
        """The selected category's name, priority and targets."""
        category = self.selected_category()
        if self._may_edit() and category is not None:
            self._open_category_dialog(category)

    def _open_category_dialog(self, category: Category | None) -> None:
        assert self.actor is not None
        dialog = CategoryDialog(self.actor, category, self)
        dialog.accepted.connect(lambda: self._category_saved(dialog, added=category is None))
        self.category_dialog = dialog
        dialog.open()

    def _category_saved(self, dialog: CategoryDialog, *, added: bool) -> None:
        self.load_categories(select=dialog.saved_id)
        text = _("Added “{name}”: it is offered for new complaints.") if added else _("Saved “{name}”.")
        _say(self.category_message, text.format(name=Category.get_by_id(dialog.saved_id).name), error=False)

    def retire_or_reinstate(self) -> None:
        """Retire the selected category, or bring a retired one back; a refusal is shown beside it."""
        category = self.selected_category()
        if not self._may_edit() or category is None:
            return
        assert self.actor is not None
        try:
            if category.active:
                retire_category(self.actor, category.id)
                text = _("“{name}” is retired: it is no longer offered for new complaints; complaints filed"
                         " under it keep it.")
            else:
                reinstate_category(self.actor, category.id)
                text = _("“{name}” is offered for new complaints again.")
        except SmallCSError as exc:
            _say(self.category_message, str(exc), error=True)
            return
        self.load_categories(select=category.id)
        _say(self.category_message, text.format(name=category.name), error=False)

    def edit_suggestions(self) -> None:
        """The suggested-steps editor of the selected category."""
        category = self.selected_category()
        if self.actor is None or category is None or not self._may_edit():
            return
        self.editor = SuggestionsEditor(self.actor, category, self)
        self.editor.accepted.connect(self.load_categories)  # (canned texts being typed stay)
        self.editor.open()

    def store_texts(self) -> None:
        if self.actor is None:
            return
        try:
            stored = set_canned_texts(self.actor, self.texts.toPlainText().splitlines())
        except SmallCSError as exc:  # the typed list stays to be corrected
            _say(self.message, str(exc), error=True)
            return
        self.texts.setPlainText("\n".join(stored))
        _say(self.message, _("Saved {n} canned texts.").format(n=len(stored)), error=False)
