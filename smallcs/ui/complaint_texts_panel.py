"""Settings for complaint handling: each category's suggested steps and the canned note texts."""

from __future__ import annotations

from PySide6.QtCore import Qt
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
from smallcs.errors import SmallCSError
from smallcs.i18n import _
from smallcs.models import Category, Staff
from smallcs.models.enums import StepKind
from smallcs.permissions import allowed

# Resolving or reopening ends or restarts a complaint: not a checklist item.
CHECKLIST_KINDS = tuple(kind for kind in StepKind if kind not in (StepKind.RESOLVED, StepKind.REOPENED))


def _say(label: QLabel, text: str, *, error: bool) -> None:
    label.setProperty("role", "error" if error else "ok")
    label.style().polish(label)
    label.setText(text)


class SuggestionsEditor(QDialog):
    """One row per suggested step of a category: its kind and the text it writes, top to bottom."""

    def __init__(self, actor: Staff, category: Category, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.category_id = category.id
        self.setWindowTitle(_("Suggested steps for {category}").format(category=category.name))
        self.setMinimumSize(640, 360)
        self.table = QTableWidget(0, 2, objectName="suggestionsTable")
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
    """Categories with their suggested steps, and the canned note texts, for managers and the owner."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor: Staff | None = None
        self.editor: SuggestionsEditor | None = None
        self.categories = QTableWidget(0, 3, objectName="categoryTable")
        self.categories.setHorizontalHeaderLabels([_("Category"), _("Resolve within"), _("Suggested steps")])
        self.categories.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.categories.verticalHeader().hide()
        self.categories.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.categories.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.categories.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.categories.setAccessibleName(_("Complaint categories"))
        self.categories.setMinimumHeight(180)
        self.categories.doubleClicked.connect(lambda _index: self.edit_suggestions())
        self.edit_button = QPushButton(_("Edit suggested steps…"), objectName="editSuggestions")
        self.edit_button.clicked.connect(self.edit_suggestions)

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
        row.addWidget(self.edit_button)
        row.addStretch()
        layout.addLayout(row)
        hint = QLabel(_("Canned texts for step notes, one per line: staff pick them from the Texts menu or"
                        " as they type."))
        hint.setWordWrap(True)
        layout.addWidget(hint)
        layout.addWidget(self.texts)
        layout.addLayout(texts_row)

    def set_actor(self, actor: Staff) -> None:
        self.actor = actor
        self.edit_button.setEnabled(allowed(actor, "categories.edit"))
        self.save_texts.setEnabled(allowed(actor, "settings.edit"))
        self.texts.setReadOnly(not allowed(actor, "settings.edit"))

    def load(self) -> None:
        """Re-read the categories and the texts."""
        active = list(Category.select().where(Category.active == True)
                      .order_by(Category.sort_order, Category.name))
        self.categories.setRowCount(len(active))
        for row, category in enumerate(active):
            name = QTableWidgetItem(category.name)
            name.setData(Qt.ItemDataRole.UserRole, category.id)
            target = QTableWidgetItem(_("{n} h").format(n=category.resolution_target_hours))
            count = QTableWidgetItem(str(len(complaints.suggested_steps(category.id))))
            for column, item in enumerate((name, target, count)):
                if column:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.categories.setItem(row, column, item)
        if active and self.categories.currentRow() < 0:
            self.categories.selectRow(0)
        self.texts.setPlainText("\n".join(canned_texts()))
        self.message.clear()

    def edit_suggestions(self) -> None:
        """The suggested-steps editor of the selected category."""
        row = self.categories.currentRow()
        if self.actor is None or row < 0 or not self.edit_button.isEnabled():
            return
        category = Category.get_by_id(self.categories.item(row, 0).data(Qt.ItemDataRole.UserRole))
        self.editor = SuggestionsEditor(self.actor, category, self)
        self.editor.accepted.connect(self.load)
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
