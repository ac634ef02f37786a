"""The goals on the dashboard: each as a sentence with a progress bar; editing for managers and owners."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from smallcs import locale_format
from smallcs.goals import GoalStatus, figure_words, goal_words
from smallcs.i18n import _, ngettext
from smallcs.ui.dashboard.snapshot import GoalView

# The theme's label role for each status; the words come from goals.goal_words, as in the report.
_STATUS_ROLE = {GoalStatus.ACHIEVED: "ok", GoalStatus.ON_TRACK: "ok", GoalStatus.BEHIND: "error",
                GoalStatus.NO_DATA: "muted"}


def _text(name: str, role: str | None = None) -> QLabel:
    label = QLabel(objectName=name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    if role:
        label.setProperty("role", role)
    return label


class GoalRow(QFrame):
    """One goal: what it is, how far it has come, and (for editors) an Edit button."""

    edit_requested = Signal(object)  # GoalView

    def __init__(self, view: GoalView, *, editable: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self.setObjectName(f"goal_{view.goal_id}")
        self.setProperty("role", "card")
        progress = view.progress
        words = goal_words(progress)
        sentence = words.goal
        self.sentence = _text("goalSentence")
        self.sentence.setText(sentence)
        font = self.sentence.font()
        font.setBold(True)
        self.sentence.setFont(font)
        self.status = _text("goalStatus", _STATUS_ROLE[progress.status])
        self.status.setText(words.status)
        self.status.setWordWrap(False)
        self.bar = QProgressBar(objectName="goalProgress")
        self.bar.setRange(0, 100)
        self.bar.setValue(round(progress.progress_pct or 0))
        self.bar.setFormat(words.progress)  # the figure is already in it (Qt only fills in "%p", "%v", "%m")
        self.bar.setTextVisible(True)
        self.facts = _text("goalFacts", "muted")
        self.facts.setText(self._facts())
        self.bar.setAccessibleName(_("Progress towards: {goal}").format(goal=sentence))
        self.bar.setAccessibleDescription(f"{words.status}. {words.progress}. {self.facts.text()}")
        self.edit_button = QPushButton(_("Edit…"), objectName="goalEdit")
        self.edit_button.setAccessibleName(_("Edit goal: {goal}").format(goal=sentence))
        self.edit_button.clicked.connect(lambda: self.edit_requested.emit(self.view))
        self.edit_button.setVisible(editable)

        top = QHBoxLayout()
        top.addWidget(self.sentence, 1)
        top.addWidget(self.status, 0, Qt.AlignmentFlag.AlignTop)
        middle = QGridLayout()
        middle.addWidget(self.bar, 0, 0)
        middle.addWidget(self.edit_button, 0, 1)
        middle.setColumnStretch(0, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addLayout(middle)
        layout.addWidget(self.facts)
        if view.note:
            note = _text("goalNote", "muted")
            note.setText(view.note)
            layout.addWidget(note)

    def _facts(self) -> str:
        """The figure and the window it is over, how much of the goal's time had gone by then and,
        looking at now, how many days are left."""
        progress = self.view.progress
        share = locale_format.percent(progress.expected_pct)
        if progress.month is not None:
            return " · ".join((figure_words(progress),
                               _("{share} of the time gone by the month's end").format(share=share)))
        parts = [figure_words(progress), _("{share} of the time gone").format(share=share)]
        if progress.days_left:
            parts.append(ngettext("{n} day left", "{n} days left", progress.days_left).format(n=progress.days_left))
        else:
            parts.append(_("due date passed"))
        return " · ".join(parts)


class GoalsPanel(QWidget):
    """The Goals section: a heading, "New goal…" for editors, and one row per goal."""

    new_requested = Signal()
    edit_requested = Signal(object)  # GoalView

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editable = False
        self._started_after = ""
        heading = QLabel(_("Goals"))
        heading.setProperty("role", "section")
        heading.setIndent(0)
        self.new_button = QPushButton(_("&New goal…"), objectName="newGoal")
        self.new_button.clicked.connect(self.new_requested)
        self.new_button.hide()
        # A goal is set for the shop, so its figure stays the shop's; beside filtered tiles that must be said.
        self.scope_note = _text("goalsScope", "muted")
        self.scope_note.setText(_("Goals are for the whole shop; the filters above do not apply to them."))
        self.scope_note.hide()
        self.empty = _text("goalsEmpty", "muted")
        self.rows: list[GoalRow] = []
        head = QHBoxLayout()
        head.addWidget(heading, 1)
        head.addWidget(self.new_button)
        self._list = QVBoxLayout()
        self._list.setSpacing(8)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(head)
        layout.addWidget(self.scope_note)
        layout.addWidget(self.empty)
        layout.addLayout(self._list)
        layout.addStretch()

    def set_editable(self, editable: bool) -> None:
        """Managers and owners set goals; counter staff only see them."""
        self.editable = editable
        self.new_button.setVisible(editable)
        for row in self.rows:
            row.edit_button.setVisible(editable)
        self._say_if_empty()

    def set_goals(self, views: Sequence[GoalView], *, started_after: str = "", filtered: bool = False) -> None:
        """Show ``views`` (soonest due first), replacing what was there.

        ``started_after`` names the month shown when goals are set but none had started by its end;
        ``filtered`` says the figures around the panel are narrowed by a filter that goals ignore.
        """
        self._started_after = started_after
        for row in self.rows:
            self._list.removeWidget(row)
            row.deleteLater()
        self.rows = [GoalRow(view, editable=self.editable, parent=self) for view in views]
        for row in self.rows:
            row.edit_requested.connect(self.edit_requested)
            self._list.addWidget(row)
        self.scope_note.setVisible(filtered and bool(self.rows))
        self._say_if_empty()

    def _say_if_empty(self) -> None:
        if self._started_after:
            hint = _("None of the goals had started by the end of {month}.").format(month=self._started_after)
        elif self.editable:
            hint = _("No goals yet. Set one with New goal…, e.g. first contact resolution from {low} to {high}"
                     " by June.").format(low=locale_format.percent(70), high=locale_format.percent(80))
        else:
            hint = _("No goals yet. The owner or a manager can set them here.")
        self.empty.setText(hint)
        self.empty.setVisible(not self.rows)
