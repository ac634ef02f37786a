"""One complaint: its facts, its append-only timeline, suggested steps and the workflow buttons."""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QSize, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from smallcs import clock, complaints, customers, locale_format, settings
from smallcs.complaints import labels
from smallcs.complaints.canned import canned_texts
from smallcs.complaints.workflow import ACTIVE, DONE
from smallcs.errors import SmallCSError
from smallcs.i18n import N_, _
from smallcs.models import Complaint, Staff
from smallcs.models.enums import Status, StepKind
from smallcs.ui.complaint_desk.agreed import Agreed
from smallcs.ui.complaint_desk.complaint_table import follow_up_day, local_time
from smallcs.ui.complaint_desk.fitting import BesideOrUnder, FactGrid
from smallcs.ui.complaint_desk.messages import show_refusal
from smallcs.ui.complaint_desk.timeline import (
    StepEntry,
    SuggestionList,
    SuggestionMenu,
    TimelineView,
    unbroken,
)
from smallcs.ui.complaint_desk.workflow_bar import WorkflowBar
from smallcs.ui.flow_layout import FlowLayout
from smallcs.ui.own_viewport import own_viewport
from smallcs.ui.page import Page
from smallcs.ui.theme import current_scheme, follow_scheme


def _plain(parent: QWidget | None = None) -> QLabel:
    """A label that shows text exactly as typed: never interpreted as markup."""
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def _muted(text: str, parent: QWidget | None = None) -> QLabel:
    label = QLabel(text, parent)
    label.setProperty("role", "muted")
    return label


class ComplaintDetail(QWidget):
    """Shows the complaint given to ``show_complaint``.

    Emits ``changed(id)`` after a write and ``leave()`` when Esc asks to go back to the list.

    The timeline is what staff read most: it takes every line the rest leaves. The rest is
    kept short: the facts two to a line, the workflow buttons in one line, and the
    complaint's own words (description, desired outcome, order) as the timeline's first entry.
    """

    changed = Signal(int)
    leave = Signal()
    open_customer = Signal(int)  # the customer's id: show their record and history

    # (key, caption) in reading order: two to a line where there is room, the moments on the left
    # (a date needs the width), what and who on the right. The customer has a line of their own,
    # and how the complaint came in (when, how, in its own words) opens the timeline.
    FACTS = (("received", N_("Received")), ("category", N_("Category")), ("due", N_("Due")),
             ("priority", N_("Priority")), ("follow_up", N_("Follow up on")), ("assigned", N_("Assigned to")),
             # Shown once the complaint is resolved or closed: what was agreed.
             ("outcome", N_("Outcome")), ("compensation", N_("Compensation")))
    AGREED = ("outcome", "compensation")
    MOMENTS = ("received", "due")  # a line of their own where the facts go compact
    EMPTY = N_("Select a complaint in the list to see its timeline.")  # with no complaint shown
    # The suggested steps show as a list only while the timeline keeps this many lines of text
    # (three or four entries); where they would take them, they become a drop-down.
    TIMELINE_LINES = 8

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor: Staff | None = None
        self.complaint: Complaint | None = None

        # The frame first, then each widget made in its place, in the order the page reads (the
        # Tab order): a widget made on its own and put in place later is styled again by Qt, with
        # everything under it, each time its branch joins a larger one (start-up time).
        self.empty = QLabel(_(self.EMPTY), self, alignment=Qt.AlignmentFlag.AlignCenter, objectName="detailEmpty")
        self.empty.setWordWrap(True)
        self.scroll = QScrollArea(self)
        own_viewport(self.scroll)  # before anything asks Qt for it (own_viewport.py: start-up time)
        # A Tab stop, so the keyboard can scroll a long timeline (its steps take no focus).
        self.scroll.setAccessibleName(_("Complaint details"))
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        body = QWidget()
        self.scroll.setWidget(body)
        self.scroll.viewport().installEventFilter(self)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.empty)
        outer.addWidget(self.scroll, 1)

        self.title = QLabel(body, objectName="detailTitle")
        self.title.setProperty("role", "title")
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.state = _plain(body)
        self.state.setObjectName("detailState")
        self.state.setWordWrap(False)
        heading = FlowLayout(spacing=10, bottom=True)  # the status under the reference when narrow
        heading.addWidget(self.title)
        heading.addWidget(self.state)
        self.summary = _plain(body)
        self.summary.setProperty("role", "subtitle")

        # The customer with the button that opens them; the caption is part of the text, so the
        # line is as narrow as an e-mail address (which does not wrap) allows.
        self.customer = QLabel(body, objectName="detailCustomer")
        self.customer.setTextFormat(Qt.TextFormat.RichText)  # the caption muted; the values escaped
        self.customer.setWordWrap(True)
        self.customer.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.customer_button = QPushButton(_("O&pen customer…"), body, objectName="openCustomer")
        self.customer_button.setToolTip(_("The customer's details, history, merge and export"))
        self.customer_button.clicked.connect(self._open_customer)
        self.customer_line = BesideOrUnder(self.customer, self.customer_button, body)
        self._customer_text = ""  # who the customer line shows, as plain text
        self._customer_muted = ""  # the colour its caption was written with
        follow_scheme(self.customer, self._rewrite_customer)
        self.fact_grid = FactGrid(self.FACTS, body, long=self.MOMENTS)
        self.facts = self.fact_grid.values

        self.workflow = WorkflowBar(body)
        self.workflow.changed.connect(self._after_change)
        timeline_title = QLabel(_("Timeline"), body)
        timeline_title.setProperty("role", "section")
        self.suggestion_menu = SuggestionMenu(body)  # the list's place where the detail is short of height
        self.suggestion_menu.chosen.connect(self.apply_suggestion)
        self.timeline = TimelineView(body)
        self.step_entry = StepEntry(body)
        self._note_for: int | None = None  # the complaint whose note is in the step entry
        self._notes: dict[int, tuple[str, str]] = {}  # notes put aside: complaint id -> (kind, text)
        self._notes_of: dict[int, dict[int, tuple[str, str]]] = {}  # other people's, by staff id
        self.step_entry.submitted.connect(self.add_step)
        self.suggestions_label = _muted(_("Suggested steps — tick one to add it:"), body)
        self.suggestions_label.setToolTip(_("Ticking a suggested step adds it to the timeline."))
        self.suggestions_label.setWordWrap(True)
        self.suggestions = SuggestionList(body)
        self.suggestions.chosen.connect(self.apply_suggestion)
        self._has_suggestions = False
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.step_entry.submit,
                      context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.leave.emit,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)

        layout = QVBoxLayout(body)
        layout.setContentsMargins(16, 0, 8, 0)
        layout.setSpacing(4)
        layout.addLayout(heading)
        layout.addWidget(self.summary)
        layout.addWidget(self.customer_line)
        layout.addWidget(self.fact_grid)
        layout.addSpacing(4)
        layout.addWidget(self.workflow)
        title_line = QHBoxLayout()
        title_line.addWidget(timeline_title)
        title_line.addStretch(1)
        title_line.addWidget(self.suggestion_menu, 0, Qt.AlignmentFlag.AlignBottom)
        layout.addLayout(title_line)
        layout.addWidget(self.timeline, 1)
        layout.addWidget(self.step_entry)
        layout.addWidget(self.suggestions_label)
        layout.addWidget(self.suggestions)
        self.show_complaint(None)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Fitted when the scroll area's viewport has its new size, which follows the detail's own
        # resize: fitted at the detail's, the first layout measured the viewport it had before.
        if watched is self.scroll.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_height()
        return False

    def _fit_height(self) -> None:
        """Where the whole complaint would not fit the detail's height (a laptop, a large font),
        the suggested steps show fewer at a time, and where even that would leave the timeline
        short of ``TIMELINE_LINES`` they become a drop-down beside the timeline's title: the
        timeline keeps the room, and the detail does not scroll as well as the timeline."""
        if self.complaint is None or not self._has_suggestions:
            return
        metrics = self.timeline.fontMetrics()
        wished = self.TIMELINE_LINES * metrics.lineSpacing() + 2 * self.timeline.frameWidth()
        room = self.scroll.viewport().height() - max(0, wished - self.timeline.minimumHeight())
        self._suggestions_as_menu(False)
        try:
            for rows in (self.suggestions.VISIBLE_ROWS, *self.suggestions.FEWER_ROWS):
                self.suggestions.show_rows(rows)  # measured with the most rows first
                if self._body_height() <= room:
                    return
            self._suggestions_as_menu(True)
        finally:
            # Measuring with each choice left the layout's cached geometry behind the one kept:
            # laid out again, or the list could stand where a taller choice had put it, cut off.
            self.scroll.widget().layout().invalidate()

    def _suggestions_as_menu(self, as_menu: bool) -> None:
        self.suggestions_label.setVisible(not as_menu)
        self.suggestions.setVisible(not as_menu)
        self.suggestion_menu.setVisible(as_menu)

    def _body_height(self) -> int:
        """The height the complaint takes at the detail's width (its texts wrapped)."""
        body = self.scroll.widget()
        width = self.scroll.viewport().width()
        return body.heightForWidth(width) if body.hasHeightForWidth() else body.sizeHint().height()

    def minimumSizeHint(self) -> QSize:
        """As narrow as the complaint's contents allow: the scroll area scrolls up and down only."""
        body = self.scroll.widget().minimumSizeHint().width()
        bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, self)
        return QSize(body + bar, super().minimumSizeHint().height())

    # --- showing ----------------------------------------------------------
    def show_complaint(self, complaint_id: int | None) -> None:
        """Show ``complaint_id`` afresh from the database (None: nothing selected)."""
        self._switch_note(complaint_id)
        self.complaint = complaints.get_complaint(complaint_id) if complaint_id is not None else None
        self.empty.setVisible(self.complaint is None)
        self.scroll.setVisible(self.complaint is not None)
        if self.complaint is None:
            return
        c = self.complaint
        profile = settings.get_profile()
        zone = profile.zone
        status = Status(c.status)
        overdue = complaints.is_overdue(c, clock.utcnow())
        self.title.setText(c.reference)
        state = [labels.status(status)]
        if overdue:
            state.append("⚠ " + _("Overdue"))
        if c.reopen_count:
            state.append(_("reopened {n}×").format(n=locale_format.number(c.reopen_count)))
        self.state.setText(" · ".join(state))
        self.state.setProperty("role", "error" if overdue else "muted")
        self.state.style().polish(self.state)
        self.summary.setText(c.summary)
        customer = customers.get_customer(c.customer_id) if c.customer_id else None
        phone = unbroken(customer.phone) if customer is not None else ""  # one number, one line
        who = " · ".join(part for part in (customer.name, phone, customer.email) if part) \
            if customer is not None else "—"
        self._customer_text = who
        self._show_customer()
        self.customer_button.setVisible(customer is not None)
        due = unbroken(local_time(c.due_at, zone)) or "—"
        agreed = Agreed.of(c, profile.currency)
        for key in self.AGREED:
            self.fact_grid.set_shown(key, status in DONE)  # a reopened complaint's last agreement no longer stands
        self.fact_grid.set_values({
            "category": c.category.name, "priority": labels.priority(c.priority),
            "assigned": c.assigned_to.display_name if c.assigned_to_id else "—",
            "received": unbroken(local_time(c.received_at, zone)),
            "due": unbroken(f"⚠ {due}") if overdue else due,  # "Overdue" is said in words beside the title
            "follow_up": follow_up_day(c.follow_up_at, zone) or "—",
            "outcome": agreed.outcome_text, "compensation": agreed.compensation_text,
        })
        steps = complaints.steps_of(c.id)
        self.timeline.show_steps(steps, zone, agreed, opening=c)
        suggested = complaints.suggested_steps(c.category_id)
        self.suggestions.show_suggestions(suggested, steps)
        self.suggestion_menu.show_suggestions(suggested, steps)
        self._has_suggestions = status in ACTIVE and bool(suggested)
        self.suggestions.setVisible(self._has_suggestions)
        self.suggestions_label.setVisible(self._has_suggestions)
        self.suggestion_menu.hide()  # until the height is known short (_fit_height)
        self.step_entry.set_open(status != Status.CLOSED)
        self.step_entry.set_canned_texts(canned_texts())
        self.workflow.show_for(self.actor, c.id, status)
        self._fit_height()
        # The narrowest it can be depends on what it shows (the buttons a status offers), and the
        # body's minimum reaches the splitter only through this: its layout tells no one above.
        self.updateGeometry()

    def _show_customer(self) -> None:
        """The customer line: the caption in the scheme's muted colour, the values escaped."""
        self._customer_muted = muted = current_scheme().muted
        caption = _("Customer") + ":"
        who = self._customer_text
        self.customer.setText(f'<span style="color: {muted};">{html.escape(caption)}</span> ' + html.escape(who))
        self.customer_line.set_text_width(self.customer.fontMetrics().horizontalAdvance(f"{caption} {who}"))

    def _rewrite_customer(self) -> None:
        """Light and dark switched: the caption's colour written into the customer line is the
        old scheme's; written again in the new one."""
        if self.complaint is not None and self._customer_muted != current_scheme().muted:
            self._show_customer()

    def set_empty_text(self, msgid: str) -> None:
        """What the detail says while it shows no complaint (a msgid; "" for nothing)."""
        self.empty.setText(_(msgid) if msgid else "")

    def _open_customer(self) -> None:
        if self.complaint is not None and self.complaint.customer_id is not None:
            self.open_customer.emit(self.complaint.customer_id)

    def focus_first(self) -> None:
        """Put the keyboard where work on this complaint starts: the step note, else an action."""
        if self.complaint is None:
            return
        if self.step_entry.isEnabled():
            self.step_entry.text.setFocus()
            return
        for button in self.workflow.buttons.values():
            if button.isVisibleTo(self):
                button.setFocus()
                return
        self.timeline.setFocus()

    # --- writing ----------------------------------------------------------
    def _write(self, action: Callable[[Staff, int], object]) -> bool:
        """Run one service call; show its refusal plainly; refresh after success."""
        if self.complaint is None or self.actor is None:
            return False
        try:
            action(self.actor, self.complaint.id)
        except SmallCSError as exc:
            show_refusal(self, _("Not done"), str(exc))
            self.show_complaint(self.complaint.id)  # e.g. untick a suggestion that was not added
            return False
        self._after_change()
        return True

    def _after_change(self) -> None:
        if self.complaint is None:
            return
        complaint_id = self.complaint.id
        keyboard_at = self.window().focusWidget()
        self.show_complaint(complaint_id)
        self._keep_keyboard(keyboard_at)
        self.changed.emit(complaint_id)

    def _keep_keyboard(self, was_at: QWidget | None) -> None:
        """After an action the keyboard stays where it was, or, when that is gone, on this complaint.

        The button used may be gone (Close, Reopen). Qt would then hand the keyboard to the
        next widget it finds or, when the window comes back from the action's dialog, to the
        first one: the navigation, whose arrow keys switch pages.
        """
        if was_at is None:
            return
        page = self.parentWidget()
        while page is not None and not isinstance(page, Page):
            page = page.parentWidget()
        if was_at.isVisibleTo(self.window()) and was_at.isEnabled() and (page is None or page.isAncestorOf(was_at)):
            was_at.setFocus()  # (the window's, until it is active again)
        else:
            self.focus_first()  # (also from the navigation, where Alt+letter may have come from)

    def add_step(self, kind: StepKind, text: str) -> None:
        if self._write(lambda actor, cid: complaints.add_step(actor, cid, kind=kind, text=text)):
            self.step_entry.set_note(None)  # a plain note next: the kind chosen was for that step only

    # --- notes being written ---------------------------------------------
    # A step note belongs to the complaint it was typed for and to the person typing
    # it: looking at another complaint, or another person logging in at the lock
    # screen, puts it aside and shows that complaint's (or person's) own note, so
    # no note lands on the wrong complaint or under the wrong name, and none is lost.
    def _switch_note(self, complaint_id: int | None) -> None:
        if complaint_id == self._note_for:
            return
        self._put_note_aside()
        self.step_entry.set_note(self._notes.pop(complaint_id, None) if complaint_id is not None else None)
        self._note_for = complaint_id

    def _put_note_aside(self) -> None:
        note = self.step_entry.note()
        if self._note_for is not None and note is not None:
            self._notes[self._note_for] = note

    def apply_suggestion(self, index: int) -> None:
        """Turn suggestion ``index`` into a step; an escalation opens its dialog instead."""
        if self.complaint is None:
            return
        suggestion = complaints.suggested_steps(self.complaint.category_id)[index]
        if suggestion.needs_workflow:
            self.show_complaint(self.complaint.id)  # untick until the escalation is done
            self.workflow.escalate_because(suggestion.text)
            return
        self._write(lambda actor, cid: complaints.apply_suggestion(actor, cid, index))

    def set_actor(self, actor: Staff) -> None:
        if self.actor is not None and self.actor.id != actor.id:
            self._put_note_aside()
            self._notes_of[self.actor.id] = self._notes
            self._notes = self._notes_of.pop(actor.id, {})
            self.step_entry.set_note(self._notes.pop(self._note_for, None) if self._note_for is not None else None)
        self.actor = actor
        if self.complaint is not None:
            self.workflow.show_for(actor, self.complaint.id, Status(self.complaint.status))
