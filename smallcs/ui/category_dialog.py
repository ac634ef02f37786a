"""A complaint category's name, the priority new complaints start with, and its targets."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from smallcs.complaints import labels
from smallcs.complaints.categories import (
    MAX_NAME,
    MAX_TARGET_HOURS,
    CategoryDraft,
    add_category,
    update_category,
)
from smallcs.errors import SmallCSError
from smallcs.i18n import _
from smallcs.models import Category, Staff
from smallcs.models.enums import Priority
from smallcs.ui.form_rows import form_widget, label_for, save_and_cancel, with_notes
from smallcs.ui.theme import scaled


def _hours_box(object_name: str, value: int) -> QSpinBox:
    box = QSpinBox(objectName=object_name)
    box.setRange(1, MAX_TARGET_HOURS)
    box.setSuffix(_("{n} h").format(n=""))  # " h": the unit the category table shows
    box.setValue(value)
    return box


class CategoryDialog(QDialog):
    """Adds a category, or (``category`` given) renames it and changes its priority and targets.

    A refusal is shown in the dialog and what was typed stays; ``saved_id`` is the
    category's id once stored.
    """

    def __init__(self, actor: Staff, category: Category | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.category_id = category.id if category is not None else None
        self.saved_id: int | None = None
        draft = CategoryDraft.of(category) if category is not None else CategoryDraft("")
        self.setWindowTitle(_("New complaint category") if category is None
                            else _("Category “{name}”").format(name=category.name))
        self.name = QLineEdit(draft.name, objectName="categoryName", maxLength=MAX_NAME)
        self.priority = QComboBox(objectName="categoryPriority")
        for priority in Priority:
            self.priority.addItem(labels.priority(priority), priority.value)
        self.priority.setCurrentIndex(self.priority.findData(Priority(draft.default_priority).value))
        self.response = _hours_box("responseTarget", draft.response_target_hours)
        self.resolution = _hours_box("resolutionTarget", draft.resolution_target_hours)
        targets_note = QLabel(_("Hours on the shop's clock after a complaint comes in. New targets apply to"
                                " complaints logged from now on; those already logged keep their due time."),
                              wordWrap=True)
        targets_note.setProperty("role", "muted")
        self.error = QLabel(objectName="categoryError", wordWrap=True)
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setProperty("role", "error")
        self.error.hide()

        form = QFormLayout()
        form.addRow(QLabel(_("&Name:"), buddy=self.name), self.name)
        form.addRow(QLabel(_("Starting &priority:"), buddy=self.priority), self.priority)
        form.addRow(QLabel(_("&Respond within:"), buddy=self.response), self.response)
        form.addRow(label_for(_("Resol&ve within:"), self.resolution),
                    with_notes(self.resolution, targets_note))
        layout = QVBoxLayout(self)
        layout.addWidget(form_widget(form))
        layout.addWidget(self.error)
        layout.addWidget(save_and_cancel(self, _("&Save"), object_name="saveCategory"))
        self.setMinimumWidth(scaled(460))

    def draft(self) -> CategoryDraft:
        """The category as the form shows it."""
        return CategoryDraft(self.name.text(), self.priority.currentData(), self.response.value(),
                             self.resolution.value())

    def accept(self) -> None:
        """Store the category; a refusal is shown here and nothing changes."""
        try:
            if self.category_id is None:
                stored = add_category(self.actor, self.draft())
            else:
                stored = update_category(self.actor, self.category_id, self.draft())
        except SmallCSError as exc:
            self.error.setText(str(exc))
            self.error.show()
            return
        self.saved_id = stored.id
        super().accept()
