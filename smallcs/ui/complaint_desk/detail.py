"""One complaint: its facts, its append-only timeline, suggested steps and the workflow buttons."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from smallcs import clock, complaints, customers, settings
from smallcs.complaints.workflow import ACTIVE, DONE
from smallcs.errors import SmallCSError
from smallcs.i18n import _
from smallcs.models import Complaint, Staff
from smallcs.models.enums import Status, StepKind
from smallcs.complaints import labels
from smallcs.ui.complaint_desk.action_dialogs import (
    ActionDialog,
    AssignDialog,
    EscalateDialog,
    FollowUpDialog,
    ReopenDialog,
    ResolveDialog,
)
from smallcs.ui.complaint_desk.complaint_table import local_time


def _plain(text: str = "") -> QLabel:
    """A label that shows text exactly as typed: never interpreted as markup."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class ComplaintDetail(QWidget):
    """Shows the complaint given to ``show_complaint``; emits ``changed(id)`` after a write."""

    changed = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor: Staff | None = None
        self.complaint: Complaint | None = None
        self.open_dialog: ActionDialog | None = None  # the workflow dialog on screen, for tests

        self.empty = QLabel(_("Select a complaint in the list to see its timeline."),
                            alignment=Qt.AlignmentFlag.AlignCenter, objectName="detailEmpty")
        self.empty.setWordWrap(True)
        self.title = QLabel(objectName="detailTitle")
        self.title.setProperty("role", "title")
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.state = _plain()
        self.state.setObjectName("detailState")
        self.summary = _plain()
        self.summary.setStyleSheet("font-size: 11pt; font-weight: 600;")
        self.facts: dict[str, QLabel] = {}
        facts = QGridLayout()
        facts.setHorizontalSpacing(16)
        names = [("customer", _("Customer")), ("channel", _("Channel")), ("category", _("Category")),
                 ("priority", _("Priority")), ("assigned", _("Assigned to")), ("received", _("Received")),
                 ("due", _("Due")), ("follow_up", _("Follow up on"))]
        for index, (key, title) in enumerate(names):
            caption = QLabel(title + ":")
            caption.setStyleSheet("color: #5F6368;")
            self.facts[key] = _plain()
            facts.addWidget(caption, index, 0)
            facts.addWidget(self.facts[key], index, 1)
        facts.setColumnStretch(1, 1)
        self.texts = _plain()

        self.buttons: dict[str, QPushButton] = {}
        actions = QGridLayout()
        for index, (key, text, slot) in enumerate([
            ("assign", _("Assi&gn…"), self.assign), ("escalate", _("&Escalate…"), self.escalate),
            ("resolve", _("&Resolve…"), self.resolve), ("reopen", _("Re&open…"), self.reopen),
            ("close", _("C&lose"), self.close_complaint), ("follow_up", _("&Follow up…"), self.follow_up),
        ]):
            button = QPushButton(text, objectName=f"{key}Button")
            button.clicked.connect(slot)
            self.buttons[key] = button
            actions.addWidget(button, index // 3, index % 3)

        self.timeline = QListWidget(objectName="timeline")
        self.timeline.setAccessibleName(_("Timeline"))
        self.timeline.setWordWrap(True)
        self.timeline.setSelectionMode(QListWidget.SelectionMode.NoSelection)
        self.timeline.setMinimumHeight(140)
        self.timeline.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        self.step_kind = QComboBox(objectName="stepKind")
        for kind in labels.MANUAL_STEP_KINDS:
            self.step_kind.addItem(labels.step_kind(kind), kind.value)
        self.step_text = QLineEdit(objectName="stepText", placeholderText=_("What was done or said"))
        self.step_text.returnPressed.connect(self.add_step)
        add = QPushButton(_("&Add step"), objectName="addStepButton")
        add.clicked.connect(self.add_step)
        QShortcut(QKeySequence("Ctrl+Return"), self.step_text, self.add_step)
        self.step_kind.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.step_kind.setMinimumContentsLength(10)
        step_row = QHBoxLayout()
        step_row.addWidget(self.step_kind)
        step_row.addWidget(self.step_text, 1)
        step_row.addWidget(add)

        self.suggestions = QListWidget(objectName="suggestions")
        self.suggestions.setAccessibleName(_("Suggested steps"))
        self.suggestions.setMaximumHeight(110)
        self.suggestions.itemActivated.connect(self._apply_suggestion)
        self.suggestions_label = QLabel(_("Suggested steps (Enter or double-click adds one to the timeline):"))

        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(8)
        layout.addWidget(self.title)
        layout.addWidget(self.state)
        layout.addWidget(self.summary)
        layout.addLayout(facts)
        layout.addWidget(self.texts)
        layout.addLayout(actions)
        line = QFrame(frameShape=QFrame.Shape.HLine)
        layout.addWidget(line)
        layout.addWidget(QLabel("<b>" + _("Timeline") + "</b>"))
        layout.addWidget(self.timeline, 1)
        layout.addLayout(step_row)
        layout.addWidget(self.suggestions_label)
        layout.addWidget(self.suggestions)
        self.body = body
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(body)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.empty)
        outer.addWidget(scroll, 1)
        self.scroll = scroll
        self.show_complaint(None)

    # --- showing ----------------------------------------------------------
    def show_complaint(self, complaint_id: int | None) -> None:
        """Show ``complaint_id`` afresh from the database (None: nothing selected)."""
        self.complaint = complaints.get_complaint(complaint_id) if complaint_id is not None else None
        self.empty.setVisible(self.complaint is None)
        self.scroll.setVisible(self.complaint is not None)
        if self.complaint is None:
            return
        c = self.complaint
        zone = settings.get_profile().zone
        now = clock.utcnow()
        status = Status(c.status)
        overdue = complaints.is_overdue(c, now)
        self.title.setText(c.reference)
        state = labels.status(status)
        if overdue:
            state += " · ⚠ " + _("Overdue")
        if c.reopen_count:
            state += " · " + _("reopened {n}×").format(n=c.reopen_count)
        self.state.setText(state)
        self.state.setStyleSheet("color: #B3261E; font-weight: 600;" if overdue else "color: #5F6368;")
        self.summary.setText(c.summary)
        customer = customers.get_customer(c.customer_id) if c.customer_id else None
        who = "—"
        if customer is not None:
            who = " · ".join(part for part in (customer.name, customer.phone, customer.email) if part)
        self.facts["customer"].setText(who)
        self.facts["channel"].setText(labels.channel(c.channel))
        self.facts["category"].setText(c.category.name)
        self.facts["priority"].setText(labels.priority(c.priority))
        self.facts["assigned"].setText(c.assigned_to.display_name if c.assigned_to_id else "—")
        self.facts["received"].setText(local_time(c.received_at, zone))
        self.facts["due"].setText(local_time(c.due_at, zone) or "—")
        self.facts["follow_up"].setText(local_time(c.follow_up_at, zone) or "—")
        parts = [(_("Description"), c.description), (_("Desired outcome"), c.desired_outcome),
                 (_("Order or product"), c.order_reference)]
        self.texts.setText("\n".join(f"{title}: {text}" for title, text in parts if text))
        self.texts.setVisible(any(text for _t, text in parts))
        self._fill_timeline(zone)
        self._fill_suggestions()
        self._update_buttons(status)

    def _fill_timeline(self, zone: object) -> None:
        self.timeline.clear()
        assert self.complaint is not None
        for step in complaints.steps_of(self.complaint.id):
            when = local_time(step.at, zone)  # type: ignore[arg-type]
            head = f"{when} · {step.staff.display_name} · {labels.step_kind(step.kind)}"
            item = QListWidgetItem(head + (f"\n{step.text}" if step.text else ""))
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.timeline.addItem(item)
        self.timeline.scrollToBottom()

    def _fill_suggestions(self) -> None:
        assert self.complaint is not None
        self.suggestions.clear()
        active = Status(self.complaint.status) in ACTIVE
        for index, step in enumerate(complaints.suggested_steps(self.complaint.category_id)):
            item = QListWidgetItem(f"☐ {labels.step_kind(step.kind)}: {step.text}")
            item.setData(Qt.ItemDataRole.UserRole, index)
            self.suggestions.addItem(item)
        visible = active and self.suggestions.count() > 0
        self.suggestions.setVisible(visible)
        self.suggestions_label.setVisible(visible)

    def _update_buttons(self, status: Status) -> None:
        active = status in ACTIVE
        self.buttons["assign"].setVisible(active)
        self.buttons["escalate"].setVisible(active)
        self.buttons["resolve"].setVisible(active)
        self.buttons["follow_up"].setVisible(status != Status.CLOSED)
        self.buttons["reopen"].setVisible(status in DONE)
        self.buttons["close"].setVisible(status == Status.RESOLVED)
        for widget in (self.step_kind, self.step_text):
            widget.setEnabled(status != Status.CLOSED)

    # --- writing ----------------------------------------------------------
    def _write(self, action: Callable[[], object]) -> bool:
        """Run one service call; show its refusal plainly; refresh after success."""
        assert self.complaint is not None
        try:
            action()
        except SmallCSError as exc:
            QMessageBox.warning(self, _("Not done"), str(exc))
            return False
        self._after_change()
        return True

    def _after_change(self) -> None:
        assert self.complaint is not None
        complaint_id = self.complaint.id
        self.show_complaint(complaint_id)
        self.changed.emit(complaint_id)

    def add_step(self) -> None:
        if self.complaint is None or self.actor is None:
            return
        actor, complaint_id = self.actor, self.complaint.id
        kind = StepKind(self.step_kind.currentData())
        text = self.step_text.text()
        if self._write(lambda: complaints.add_step(actor, complaint_id, kind=kind, text=text)):
            self.step_text.clear()

    def _apply_suggestion(self, item: QListWidgetItem) -> None:
        if self.complaint is None or self.actor is None:
            return
        index = int(item.data(Qt.ItemDataRole.UserRole))
        step = complaints.suggested_steps(self.complaint.category_id)[index]
        if step.needs_workflow:
            self._open(EscalateDialog(self.actor, self.complaint.id, step.text, self))
            return
        actor, complaint_id = self.actor, self.complaint.id
        self._write(lambda: complaints.apply_suggestion(actor, complaint_id, index))

    def _open(self, dialog: ActionDialog) -> None:
        """Show a workflow dialog; refresh when it did its work."""
        self.open_dialog = dialog
        dialog.accepted.connect(self._after_change)
        dialog.finished.connect(lambda _result: setattr(self, "open_dialog", None))
        dialog.open()

    def assign(self) -> None:
        if self.complaint is not None and self.actor is not None:
            self._open(AssignDialog(self.actor, self.complaint.id, self))

    def escalate(self) -> None:
        if self.complaint is not None and self.actor is not None:
            self._open(EscalateDialog(self.actor, self.complaint.id, parent=self))

    def resolve(self) -> None:
        if self.complaint is not None and self.actor is not None:
            self._open(ResolveDialog(self.actor, self.complaint.id, self))

    def reopen(self) -> None:
        if self.complaint is not None and self.actor is not None:
            self._open(ReopenDialog(self.actor, self.complaint.id, self))

    def follow_up(self) -> None:
        if self.complaint is not None and self.actor is not None:
            self._open(FollowUpDialog(self.actor, self.complaint.id, self))

    def close_complaint(self) -> None:
        if self.complaint is None or self.actor is None:
            return
        actor, complaint_id = self.actor, self.complaint.id
        self._write(lambda: complaints.close(actor, complaint_id))
