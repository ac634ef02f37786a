"""Set or change a SMART goal: one metric, from a starting value to a target by a date."""

from __future__ import annotations

import datetime as dt
import math

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from smallcs import goals, locale_format, metrics
from smallcs.errors import SmallCSError, ValidationError
from smallcs.i18n import _
from smallcs.metrics.display import format_value
from smallcs.models import Staff
from smallcs.ui.dashboard.choices import shop_today
from smallcs.ui.dashboard.snapshot import GoalView
from smallcs.ui.date_format import qt_display_format

DEFAULT_MONTHS_AHEAD = 3


class NotANumber(ValueError):
    """Text in a number field that is not a number."""


def parse_number(text: str) -> float | None:
    """A number as people type it ("80", "80,5", "−12", "+34"); None for an empty field.

    Raises:
        NotANumber: anything else.
    """
    cleaned = text.strip().replace("−", "-").replace(",", ".").rstrip("%").strip()
    if not cleaned:
        return None
    try:
        value = float(cleaned)
    except ValueError:
        raise NotANumber(text) from None
    if not math.isfinite(value):
        raise NotANumber(text)
    return value


def _end_of_month_ahead(today: dt.date, months: int) -> dt.date:
    """The last day of the month ``months`` after today's (goals read "by June")."""
    index = today.year * 12 + today.month - 1 + months + 1
    return dt.date(index // 12, index % 12 + 1, 1) - dt.timedelta(days=1)


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(value: QDate) -> dt.date:
    return dt.date(value.year(), value.month(), value.day())


def _range_text(spec: metrics.MetricSpec) -> str:
    low = format_value(spec.low, spec.unit)
    if spec.high is None:
        return _("At least {low}.").format(low=low)
    return _("From {low} to {high}.").format(low=low, high=format_value(spec.high, spec.unit))


class GoalDialog(QDialog):
    """A new goal (``goal`` None) or changes to one; saves through ``smallcs.goals``."""

    saved = Signal(int)  # the goal's id

    def __init__(self, actor: Staff, goal: GoalView | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.goal = goal
        self.setObjectName("goalDialog")
        self.setWindowTitle(_("Change goal") if goal else _("New goal"))
        self.confirm_box: QMessageBox | None = None
        today = shop_today()

        self.metric_choice = QComboBox(objectName="goalMetric")
        for key, spec in metrics.METRICS.items():
            self.metric_choice.addItem(_(spec.label), key)
        self.now_hint = QLabel(objectName="goalNow")
        self.now_hint.setProperty("role", "muted")
        self.baseline = QLineEdit(objectName="goalBaseline")
        self.baseline.setPlaceholderText(_("empty: the value now"))
        self.target = QLineEdit(objectName="goalTarget")
        self.range_hint = QLabel(objectName="goalRange")
        self.range_hint.setProperty("role", "muted")
        self.starts_on = QDateEdit(_qdate(today), objectName="goalStarts", calendarPopup=True)
        self.due_on = QDateEdit(_qdate(_end_of_month_ahead(today, DEFAULT_MONTHS_AHEAD)),
                                objectName="goalDue", calendarPopup=True)
        for edit in (self.starts_on, self.due_on):  # a day as the goal's sentence and the report write it
            edit.setDisplayFormat(qt_display_format(locale_format.date_pattern()))
        self.note = QPlainTextEdit(objectName="goalNote")
        self.note.setPlaceholderText(_("How the shop means to get there (optional)"))
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(self.fontMetrics().height() * 4)
        self.preview = QLabel(objectName="goalPreview")
        self.preview.setTextFormat(Qt.TextFormat.PlainText)
        self.preview.setWordWrap(True)
        font = self.preview.font()
        font.setBold(True)
        self.preview.setFont(font)
        self.error = QLabel(objectName="goalError")
        self.error.setProperty("role", "error")
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setWordWrap(True)
        self.error.hide()

        form = QFormLayout()
        form.addRow(_("&Measure:"), self.metric_choice)
        form.addRow("", self.now_hint)
        form.addRow(_("&Starting value:"), self.baseline)
        form.addRow(_("&Target:"), self.target)
        form.addRow("", self.range_hint)
        form.addRow(_("Starts &on:"), self.starts_on)
        form.addRow(_("&Due by:"), self.due_on)
        form.addRow(_("&Note:"), self.note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setObjectName("goalSave")
        self.save_button.setDefault(True)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.retire_button: QPushButton | None = None
        if goal is not None:
            self.retire_button = buttons.addButton(_("Stop &following"), QDialogButtonBox.ButtonRole.DestructiveRole)
            self.retire_button.setObjectName("goalRetire")
            self.retire_button.setToolTip(_("The goal leaves the dashboard; it stays on record."))
            self.retire_button.clicked.connect(self.ask_to_retire)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.preview)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 60)

        if goal is not None:
            self._load(goal)
        self.metric_choice.currentIndexChanged.connect(self._metric_changed)
        for edit in (self.baseline, self.target):
            edit.textChanged.connect(self._update_preview)
        for date_edit in (self.starts_on, self.due_on):
            date_edit.dateChanged.connect(self._update_preview)
        self._metric_changed()
        self.target.setFocus()

    def _load(self, goal: GoalView) -> None:
        self.metric_choice.setCurrentIndex(self.metric_choice.findData(goal.metric))
        self.metric_choice.setEnabled(False)
        self.metric_choice.setToolTip(_("A goal on another measure is a new goal."))
        if goal.baseline is not None:
            self.baseline.setText(f"{goal.baseline:g}")
        self.baseline.setPlaceholderText(_("empty: not known"))
        self.target.setText(f"{goal.target:g}")
        self.starts_on.setDate(_qdate(goal.starts_on))
        self.due_on.setDate(_qdate(goal.due_on))
        self.note.setPlainText(goal.note)

    def metric_key(self) -> str:
        return str(self.metric_choice.currentData())

    def _metric_changed(self) -> None:
        spec = metrics.spec(self.metric_key())
        now = goals.current_value(spec.key)
        # A goal is the whole shop's, whatever the dashboard's filters show behind the dialog.
        self.now_hint.setText(_("Now, for the whole shop: {value} (last 30 days)").format(
            value=format_value(now, spec.unit)))
        self.range_hint.setText(_range_text(spec))
        self._update_preview()

    def _update_preview(self) -> None:
        spec = metrics.spec(self.metric_key())
        try:
            target, baseline = parse_number(self.target.text()), parse_number(self.baseline.text())
        except NotANumber:
            self.preview.setText("")
            return
        if target is None:
            self.preview.setText("")
            return
        self.preview.setText(goals.describe_goal(spec.key, baseline=baseline, target=target,
                                                 due_on=_pydate(self.due_on.date())))

    def _show_error(self, message: str, field: str | None) -> None:
        self.error.setText(message)
        self.error.show()
        widget = {"target": self.target, "baseline": self.baseline, "due_on": self.due_on,
                  "starts_on": self.starts_on, "note": self.note, "metric": self.metric_choice}.get(field or "")
        if widget is not None:
            widget.setFocus()

    def _numbers(self) -> tuple[float, float | None] | None:
        """The target and starting value, or None after saying what is wrong."""
        try:
            target = parse_number(self.target.text())
        except NotANumber:
            self._show_error(_("The target must be a number, for example 80."), "target")
            return None
        if target is None:
            self._show_error(_("Enter the target to reach."), "target")
            return None
        try:
            baseline = parse_number(self.baseline.text())
        except NotANumber:
            self._show_error(_("The starting value must be a number, or left empty."), "baseline")
            return None
        return target, baseline

    def save(self) -> None:
        """Check the numbers, save through the goals service, or say what is wrong (nothing saved)."""
        numbers = self._numbers()
        if numbers is None:
            return
        target, baseline = numbers
        starts, due = _pydate(self.starts_on.date()), _pydate(self.due_on.date())
        note = self.note.toPlainText()
        try:
            if self.goal is None:
                stored = goals.create_goal(self.actor, metric=self.metric_key(), target=target, baseline=baseline,
                                           starts_on=starts, due_on=due, note=note)
            else:
                stored = goals.update_goal(self.actor, self.goal.goal_id, target=target, baseline=baseline,
                                           starts_on=starts, due_on=due, note=note)
        except ValidationError as error:
            self._show_error(str(error), error.field)
            return
        except SmallCSError as error:
            self._show_error(str(error), None)
            return
        self.saved.emit(stored.id)
        self.accept()

    def ask_to_retire(self) -> None:
        """Ask before the goal leaves the dashboard."""
        if self.goal is None:
            return
        box = QMessageBox(QMessageBox.Icon.Question, _("Stop following this goal?"),
                          _("It leaves the dashboard and the report; it stays on record."),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, self)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.finished.connect(self._retire_answered)
        self.confirm_box = box
        box.open()

    def _retire_answered(self, button: int) -> None:
        self.confirm_box = None
        if button != QMessageBox.StandardButton.Yes or self.goal is None:
            return
        try:
            goals.retire_goal(self.actor, self.goal.goal_id)
        except SmallCSError as error:
            self._show_error(str(error), None)
            return
        self.saved.emit(self.goal.goal_id)
        self.accept()
