"""Small dialogs for the workflow buttons: each calls one service function on OK.

A refused action (a missing reason, a bad amount, a role that may not) shows the
service's message inside the dialog, which stays open with what was typed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QFocusEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from smallcs import accounts, clock, complaints, locale_format, permissions, settings
from smallcs.errors import SmallCSError, ValidationError
from smallcs.i18n import _
from smallcs.models import Staff
from smallcs.models.enums import Role
from smallcs.ui.complaint_desk import workflow_draft
from smallcs.ui.complaint_desk.resolution_fields import ResolutionFields
from smallcs.ui.date_format import qt_display_format
from smallcs.ui.theme import scaled

# The follow-up a dialog offers unless staff pick another day: this many days on, moved
# past a weekend to the Monday (the shop's back office works Monday to Friday).
FOLLOW_UP_DAYS = 3
# A complaint's summary in a dialog's title is cut to about this many characters (with "…"):
# the reference names the complaint, the summary's first words let staff recognise it.
TITLE_SUMMARY_CHARACTERS = 40


def short_summary(summary: str, limit: int = TITLE_SUMMARY_CHARACTERS) -> str:
    """``summary`` on one line; a longer one cut after a whole word within ``limit`` characters, with "…"."""
    text = " ".join(summary.split())
    if len(text) <= limit:
        return text
    head = text[:limit + 1]  # one more: a space there means the limit falls at a word's end
    cut = head.rsplit(" ", 1)[0] if " " in head else text[:limit]
    return cut.rstrip(" ,;:.-—") + "…"


def default_follow_up_day(today: dt.date, days: int = FOLLOW_UP_DAYS) -> dt.date:
    """``days`` after ``today``, or the Monday after when that falls on a Saturday or Sunday."""
    day = today + dt.timedelta(days=days)
    while day.weekday() >= 5:  # Saturday, Sunday
        day += dt.timedelta(days=1)
    return day


class ActionDialog(QDialog):
    """A form, an inline error line and OK/Cancel; ``run()`` does the work on OK.

    The title names the complaint acted on ("Escalate C-2026-0012 — Parcel arrived damaged"):
    ``title`` is a msgid with ``{reference}`` and ``{summary}``. ``action`` is the action alone
    ("Escalate complaint"), as a put-aside draft names it beside the reference.
    """

    def __init__(self, action: str, title: str, ok_text: str, complaint_id: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.action, self.complaint_id = action, complaint_id
        complaint = complaints.get_complaint(complaint_id)
        self.setWindowTitle(title.format(reference=complaint.reference, summary=short_summary(complaint.summary)))
        self.form = QFormLayout()
        self.error = QLabel(objectName="formError")
        self.error.setWordWrap(True)
        self.error.setProperty("role", "error")
        self.error.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self._keyboard_ready = False
        layout = QVBoxLayout(self)
        # At least this wide, and never narrower than what the form shows: a fixed minimum
        # width on the dialog itself would replace the layout's, and a long option's text
        # (a check box in Spanish at a large font) would be cut at the right.
        layout.addStrut(scaled(420))
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        # Enter in a note box starts a new line: Ctrl+Enter does OK from anywhere in the form,
        # as it saves quick entry and adds a step.
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.accept)

    def run(self) -> None:
        raise NotImplementedError

    def lock_draft(self) -> tuple[str, dict[str, Any]] | None:
        """What a screen lock keeps as the typist's draft while the dialog is away (ui/lock_away.py)."""
        return workflow_draft.draft_of(self)

    def showEvent(self, event: QShowEvent) -> None:
        """Start in the first field, with the buttons last in the Tab order.

        The buttons are made here, before a subclass adds its fields, so Qt would
        put them first in the Tab order and give OK the keyboard: typing would go
        nowhere and Enter would act on an empty form.
        """
        if not self._keyboard_ready:
            self._keyboard_ready = True
            in_box = self.buttons.buttons()
            fields: list[QWidget] = []
            buttons: list[QWidget] = []  # in the box's own (on-screen) order
            widget = self.nextInFocusChain()
            while widget is not self:
                if widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
                    (buttons if widget in in_box else fields).append(widget)
                widget = widget.nextInFocusChain()
            if fields:
                for before, after in zip([fields[-1], *buttons], buttons):
                    QWidget.setTabOrder(before, after)
                fields[0].setFocus()
        super().showEvent(event)

    def accept(self) -> None:
        try:
            self.run()
        except SmallCSError as exc:
            self.error.setText(str(exc))
            self.error.show()
            return
        super().accept()


def _staff_of(roles: tuple[Role, ...]) -> list[Staff]:
    return [person for person in accounts.list_staff() if person.role in roles]


def _staff_combo(people: list[Staff], chosen: int | None) -> QComboBox:
    """``people`` to choose from, with ``chosen`` (a staff id) selected.

    Without ``chosen`` nobody is selected: a keyboard-first dialog must not hand a
    complaint to whoever happens to come first alphabetically when Enter is pressed.
    """
    combo = QComboBox()
    for person in people:
        combo.addItem(person.display_name, person.id)
    combo.setCurrentIndex(combo.findData(chosen) if chosen is not None else -1)
    return combo


def escalation_default(candidates: list[int], assigned_to: int | None, actor: int) -> int | None:
    """Whom an escalation goes to unless staff choose: the manager or owner who has the
    complaint already, or else the only one there is besides the person escalating (or the
    person escalating, when they are the only one).

    With several to choose from there is no default: the person escalating picks one.
    """
    if assigned_to in candidates and assigned_to != actor:
        return assigned_to
    others = [staff_id for staff_id in candidates if staff_id != actor]
    if len(others) == 1:
        return others[0]
    return actor if not others and actor in candidates else None


def _note_box(placeholder: str) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setPlaceholderText(placeholder)
    box.setTabChangesFocus(True)
    box.setFixedHeight(80)
    return box


class AssignDialog(ActionDialog):
    """Choose who has the complaint; it opens on the person who has it now (or, when nobody
    has it, the person assigning), so Enter alone changes nothing."""

    def __init__(self, actor: Staff, complaint_id: int, parent: QWidget | None = None) -> None:
        super().__init__(_("Assign complaint"), _("Assign {reference} — {summary}"),
                         _("Assign"), complaint_id, parent)
        self.actor = actor
        self.current = complaints.get_complaint(complaint_id).assigned_to_id
        self.staff = _staff_combo(_staff_of((Role.STAFF, Role.MANAGER, Role.OWNER)),
                                  self.current if self.current is not None else actor.id)
        self.form.addRow(_("&Assign to:"), self.staff)

    def run(self) -> None:
        chosen = self.staff.currentData()
        if chosen is None:
            raise ValidationError(_("Choose who the complaint goes to."), field="assigned_to")
        if chosen != self.current:  # the same person again: nothing to write, nothing on the timeline
            complaints.assign(self.actor, self.complaint_id, chosen)


class EscalateDialog(ActionDialog):
    def __init__(self, actor: Staff, complaint_id: int, reason: str = "", parent: QWidget | None = None) -> None:
        super().__init__(_("Escalate complaint"), _("Escalate {reference} — {summary}"),
                         _("Escalate"), complaint_id, parent)
        self.actor = actor
        managers = _staff_of((Role.MANAGER, Role.OWNER))
        chosen = escalation_default([person.id for person in managers],
                                    complaints.get_complaint(complaint_id).assigned_to_id, actor.id)
        self.to_staff = _staff_combo(managers, chosen)
        self.to_staff.setPlaceholderText(_("Choose a manager…"))
        self.reason = _note_box(_("Why does a manager need to take this over?"))
        self.reason.setPlainText(reason)
        self.form.addRow(_("&Hand to:"), self.to_staff)
        self.form.addRow(_("&Reason:"), self.reason)

    def run(self) -> None:
        if self.to_staff.currentData() is None:
            raise ValidationError(_("Choose the manager or owner who takes the complaint over."),
                                  field="to_staff")
        complaints.escalate(self.actor, self.complaint_id, to_staff_id=self.to_staff.currentData(),
                            reason=self.reason.toPlainText())


class ResolveDialog(ActionDialog):
    def __init__(self, actor: Staff, complaint_id: int, parent: QWidget | None = None) -> None:
        super().__init__(_("Resolve complaint"), _("Resolve {reference} — {summary}"),
                         _("Resolve"), complaint_id, parent)
        self.actor = actor
        self.resolution = ResolutionFields()
        self.outcome, self.amount = self.resolution.outcome, self.resolution.amount
        self.note = _note_box(_("What was agreed with the customer"))
        self.resolution.add_rows(self.form, _("&Outcome:"), _("&Compensation ({currency}):"))
        self.form.addRow(_("&Note:"), self.note)
        # After resolving, ask the customer how it went: a card tied to this complaint.
        self.print_card = QCheckBox(_("&Print a survey card for the customer next"), objectName="printCard",
                                    checked=True)
        self.print_card.setVisible(permissions.allowed(actor, "surveys.card_for_complaint"))
        self.form.addRow("", self.print_card)

    def run(self) -> None:
        outcome = self.resolution.chosen_outcome()
        if outcome is None:
            self.outcome.setFocus()
            raise ValidationError(_("Choose an outcome."), field="outcome")
        complaints.resolve(self.actor, self.complaint_id, outcome=outcome,
                           compensation=self.resolution.compensation(), note=self.note.toPlainText())


class ReopenDialog(ActionDialog):
    def __init__(self, actor: Staff, complaint_id: int, parent: QWidget | None = None) -> None:
        super().__init__(_("Reopen complaint"), _("Reopen {reference} — {summary}"),
                         _("Reopen"), complaint_id, parent)
        self.actor = actor
        self.reason = _note_box(_("Why is the customer not satisfied yet?"))
        self.form.addRow(_("&Reason:"), self.reason)

    def run(self) -> None:
        complaints.reopen(self.actor, self.complaint_id, reason=self.reason.toPlainText())


# A date box's display format in parts: a quoted literal, or a run of one field's letters.
_FORMAT_PARTS = re.compile(r"'(?:[^']|'')*'|d+|M+|y+")


def _day_of_month_section(display_format: str) -> int:
    """The index of the day of the month ("d" or "dd") among a date box's sections."""
    fields = [part for part in _FORMAT_PARTS.findall(display_format) if not part.startswith("'")]
    return next(index for index, field in enumerate(fields) if field in ("d", "dd"))


class _FollowUpDay(QDateEdit):
    """The follow-up's date box, on the day of the month whenever the keyboard arrives.

    Qt puts the keyboard on a date box's first part, which in "lun, 7 dic 2026" is the
    weekday: typing "5" did nothing there. Staff mostly move the follow-up by a few days,
    so the day takes digits at once, whatever the language's order. A click or the calendar
    keeps the part clicked, and Shift+Tab lands on the last, as in any date box.
    """

    _FIRST_PART = (Qt.FocusReason.TabFocusReason, Qt.FocusReason.ShortcutFocusReason,
                   Qt.FocusReason.OtherFocusReason, Qt.FocusReason.ActiveWindowFocusReason)

    def __init__(self, day: QDate) -> None:
        super().__init__(day)
        self._had_focus = False

    def focusInEvent(self, event: QFocusEvent) -> None:
        # Back in a window it had the keyboard in: Qt leaves the part the person was on.
        returning = event.reason() == Qt.FocusReason.ActiveWindowFocusReason and self._had_focus
        self._had_focus = True
        super().focusInEvent(event)
        if event.reason() in self._FIRST_PART and not returning:
            self._select_day()

    def _select_day(self) -> None:
        """Select the day's digits, as Qt selects the part it puts the keyboard on (Qt only moves there)."""
        self.setCurrentSectionIndex(_day_of_month_section(self.displayFormat()))
        edit, start = self.lineEdit(), self.lineEdit().cursorPosition()
        end = start
        while end < len(edit.text()) and edit.text()[end].isdigit():
            end += 1
        edit.setSelection(end, start - end)  # backwards, the cursor at the start, as Qt does


class FollowUpDialog(ActionDialog):
    """Pick the day to follow up on; the reminder falls due at the start of that day."""

    def __init__(self, actor: Staff, complaint_id: int, parent: QWidget | None = None) -> None:
        super().__init__(_("Follow up"), _("Follow up {reference} — {summary}"),
                         _("Set follow-up"), complaint_id, parent)
        self.actor = actor
        self.day = _FollowUpDay(QDate(default_follow_up_day(QDate.currentDate().toPython())))
        self.day.setDisplayFormat(qt_display_format(locale_format.day_with_weekday_pattern()))  # as the detail
        self.day.setCalendarPopup(True)
        self.day.setMinimumDate(QDate.currentDate())
        self.form.addRow(_("Follow up &on:"), self.day)

    def run(self) -> None:
        day = self.day.date().toPython()
        zone = settings.get_profile().zone
        when = clock.to_utc(dt.datetime.combine(day, dt.time(9, 0)), zone)
        complaints.set_follow_up(self.actor, self.complaint_id, when)


DialogFactory = Callable[[Staff, int, QWidget | None], ActionDialog]
