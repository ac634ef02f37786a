"""The survey answers, live and filtered: new ones appear as customers send them, low scores can be acted on."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, TypedDict

from PySide6.QtCore import QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from smallcs import locale_format
from smallcs.i18n import N_, _, ngettext
from smallcs.models import Staff
from smallcs.models.enums import Channel, ResponseSource
from smallcs.surveys.activity import (
    LOW_CES,
    LOW_CSAT,
    LOW_NPS,
    RECENT_ANSWERS,
    AnswerMarker,
    AnswerPeriod,
    AnswerShow,
    RecentAnswer,
    count_answers,
    is_low_score,
    latest_answer_marker,
    recent_answers,
)
from smallcs.ui import workers
from smallcs.ui.complaint_desk.quick_entry import PREFILLED
from smallcs.ui.flow_layout import FlowLayout
from smallcs.ui.theme import Scheme, current_scheme, follow_scheme, scaled

log = logging.getLogger(__name__)

NO_ANSWER = "—"
COMPLAINT_COLUMN = 6
_SURVEY_COLUMN = 1
_SCORE_COLUMNS = {"CSAT": 2, "NPS": 3, "CES": 4}
SHOW_CHOICES = ((AnswerShow.ALL, N_("All answers")), (AnswerShow.UNHAPPY, N_("Unhappy only")),
                (AnswerShow.COMMENTED, N_("With a comment")),
                (AnswerShow.NOT_FOLLOWED_UP, N_("Not followed up yet")))
PERIOD_CHOICES = ((AnswerPeriod.ALL, N_("All time")), (AnswerPeriod.LAST_7_DAYS, N_("Last 7 days")),
                  (AnswerPeriod.THIS_MONTH, N_("This month")), (AnswerPeriod.LAST_MONTH, N_("Last month")))


_Read = tuple[list[RecentAnswer], int]  # answers to show, and how many the filters choose


class AnswerFilters(TypedDict):
    """The list's choices, as ``recent_answers`` and ``count_answers`` take them."""

    show: AnswerShow
    period: AnswerPeriod


def read_answers(filters: AnswerFilters, shown: list[RecentAnswer]) -> _Read:
    """The answers to show and how many the filters choose in all.

    All the rows shown (older pages too) and any that came since, topped up with the next
    older ones to a page, or to as many as were shown: answers imported with earlier dates
    show up too, and a row gone leaves no gap.
    """
    answers = recent_answers(**filters, down_to=shown[-1].key, limit=None) if shown else []
    wanted = max(RECENT_ANSWERS, len(shown))
    if len(answers) < wanted:
        answers += recent_answers(**filters, before=answers[-1].key if answers else None,
                                  limit=wanted - len(answers))
    return answers, count_answers(**filters)


def table_cell(text: str, *, number: bool = False, tip: str = "") -> QTableWidgetItem:
    """A read-only table cell; numbers right-aligned, with an optional tooltip."""
    item = QTableWidgetItem(text)
    if number:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    if tip:
        item.setToolTip(tip)
    return item


def _score(value: int | None) -> str:
    return NO_ANSWER if value is None else str(value)


def complaint_prefill(answer: RecentAnswer) -> dict[str, Any]:
    """The quick-entry form's fields for a follow-up complaint about ``answer`` (nothing saved).

    The customer's comment is the description, word for word; the customer is the
    one of the complaint the card was tied to, if any; the summary names the low
    scores and when the answer came, so the complaint leads back to it.
    """
    scores = ", ".join(f"{name} {value}" for name, value in answer.low_scores())
    summary = _("Low survey score: {scores} (answer of {when})").format(
        scores=scores, when=locale_format.date_time(answer.submitted_at))
    # A paper card is typed in at the counter; the QR page and imported form answers came over the web.
    channel = Channel.OTHER if answer.source == ResponseSource.PAPER.value else Channel.WEB
    data: dict[str, Any] = {"channel": channel.value, "summary": summary, "description": answer.comment,
                            "from_response_id": answer.id,
                            PREFILLED: True}  # the form opens on the summary, selected, to be checked
    if answer.customer_id is not None:
        data.update(customer_id=answer.customer_id, customer_label=answer.customer_name)
    return data


class AnswersView(QWidget):
    """The "Latest answers" table with its filters and actions, kept current while it is on screen.

    It shows a page of the answers the filters choose, and older pages on request. While
    shown, it checks every ``POLL_MS`` for a change in the answers (one small query, off
    the UI thread) and re-reads them only then, older pages included; the answers that just
    arrived stay highlighted for ``HIGHLIGHT_MS``. The choice and the scroll position are
    kept. Hidden (another page or tab, or the app locked), it does not poll.
    """

    POLL_MS = 3000
    HIGHLIGHT_MS = 20_000

    open_complaint = Signal(int)
    complaint_from_answer = Signal(object)  # the quick-entry fields, see complaint_prefill
    answers_changed = Signal()  # the check found answers that came (or went) since the last read

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("answersView")
        self.actor: Staff | None = None
        self._answers: list[RecentAnswer] = []
        self._total = 0  # how many answers the filters choose, shown or not
        self._marker: AnswerMarker | None = None
        self._new_ids: set[int] = set()
        self._generation = 0  # bumped by each load, so an older background read is dropped
        self._checking = False
        self._failing = False  # the last check failed: the next failures are not logged again
        self._loaded = False  # the first fill highlights nothing: all of it is new to the eye
        self.context_menu: QMenu | None = None
        self._painted_with = self._colours_now()  # the colours the rows were last given
        follow_scheme(self, self._recolour)

        heading = QLabel(_("Latest answers"))
        heading.setProperty("role", "section")
        self.new_note = QLabel(objectName="newAnswersNote")
        self.new_note.setProperty("role", "ok")
        self.new_note.hide()
        self.open_button = QPushButton(_("&Open complaint"), objectName="openComplaintButton")
        self.open_button.setToolTip(_("The complaint this answer's card was given for, or the one made from it"
                                      " (or double-click the row)."))
        self.open_button.clicked.connect(self.open_selected_complaint)
        self.complaint_button = QPushButton(_("&Make a complaint from this answer…"),
                                            objectName="complaintFromAnswerButton")
        self.complaint_button.clicked.connect(self.complaint_from_selected)
        top = FlowLayout(spacing=scaled(6))  # the buttons go under the heading when the page is narrow
        for widget in (heading, self.new_note, self.open_button, self.complaint_button):
            top.addWidget(widget)

        self.show_choice = QComboBox(objectName="answersShow")
        self.show_choice.setAccessibleName(_("Answers to show"))
        tips = {AnswerShow.UNHAPPY: _("A low score: NPS 0–{nps}, CSAT 1–{csat} or CES 1–{ces}.").format(
                    nps=LOW_NPS, csat=LOW_CSAT, ces=LOW_CES),
                AnswerShow.NOT_FOLLOWED_UP: _("A low score, and no complaint made from the answer yet.")}
        for show, title in SHOW_CHOICES:
            self.show_choice.addItem(_(title), show)
            if show in tips:
                self.show_choice.setItemData(self.show_choice.count() - 1, tips[show], Qt.ItemDataRole.ToolTipRole)
        self.period_choice = QComboBox(objectName="answersPeriod")
        self.period_choice.setAccessibleName(_("Period"))
        for period, title in PERIOD_CHOICES:
            self.period_choice.addItem(_(title), period)
        for combo in (self.show_choice, self.period_choice):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            combo.currentIndexChanged.connect(self.filters_changed)
        self.count_note = QLabel(objectName="answersCount")
        self.count_note.setProperty("role", "muted")
        self.count_note.setWordWrap(True)  # it gives way in a narrow page, the choices never do
        filters = QHBoxLayout()
        filters.setSpacing(scaled(6))
        filters.addWidget(QLabel(_("Show:"), buddy=self.show_choice))  # no Alt key: the page's letters are taken
        filters.addWidget(self.show_choice)
        filters.addWidget(self.period_choice)
        filters.addSpacing(scaled(12))
        filters.addWidget(self.count_note, 1)

        self.table = QTableWidget(0, 7, objectName="answersTable")
        self.table.setTabKeyNavigation(False)  # Tab moves to the next control, not cell
        self.table.setHorizontalHeaderLabels([_("Received"), _("Survey"), "CSAT", "NPS", "CES", _("Comment"),
                                              _("Complaint")])
        self.table.setAccessibleName(_("Latest answers"))
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.table.itemActivated.connect(lambda _item: self.open_selected_complaint())  # Enter, double-click
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._show_menu)
        self.empty_note = QLabel(objectName="answersEmpty")
        self.empty_note.setWordWrap(True)
        self.empty_note.setProperty("role", "muted")
        self.older_button = QPushButton(_("Show olde&r answers"), objectName="olderAnswersButton")
        self.older_button.clicked.connect(self.show_older)
        bottom = QHBoxLayout()
        bottom.addWidget(self.older_button)
        bottom.addStretch(1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addWidget(self.empty_note)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)

        self.poll_timer = QTimer(self, interval=self.POLL_MS)
        self.poll_timer.timeout.connect(self.check_for_new)
        self._fade_timer = QTimer(self, singleShot=True, interval=self.HIGHLIGHT_MS)
        self._fade_timer.timeout.connect(self.clear_new)
        self._show_count()
        self._selection_changed()

    # --- who and what ---------------------------------------------------
    def set_actor(self, actor: Staff) -> None:
        """Whoever is logged in; every active staff member may log a complaint."""
        self.actor = actor
        self._selection_changed()

    def selected_answer(self) -> RecentAnswer | None:
        """The answer chosen in the table, or None."""
        rows = self.table.selectionModel().selectedRows()
        row = rows[0].row() if rows else -1
        return self._answers[row] if 0 <= row < len(self._answers) else None

    def select_answer(self, answer_id: int) -> bool:
        """Choose the answer with ``answer_id``; False when it is not in the list."""
        for row, answer in enumerate(self._answers):
            if answer.id == answer_id:
                self.table.selectRow(row)
                return True
        return False

    # --- loading --------------------------------------------------------
    def filters(self) -> AnswerFilters:
        """The choices above the list."""
        return AnswerFilters(show=AnswerShow(self.show_choice.currentData()),
                             period=AnswerPeriod(self.period_choice.currentData()))

    def reload(self) -> None:
        """Re-read the answers shown (older pages too) and any new ones now, on this thread (the page's refresh)."""
        marker = latest_answer_marker()  # first: an answer arriving meanwhile changes the next marker
        answers, total = read_answers(self.filters(), self._answers)
        self.show_answers(answers, total=total, marker=marker)

    def filters_changed(self) -> None:
        """Another choice: the first page of the answers it chooses, from the top, nothing highlighted."""
        marker = latest_answer_marker()
        answers, total = read_answers(self.filters(), [])
        self.show_answers(answers, total=total, marker=marker, highlight=False)
        self.table.scrollToTop()

    def reset_filters(self) -> None:
        """All answers of all time, the first page (another person logged in)."""
        for combo in (self.show_choice, self.period_choice):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.filters_changed()

    def show_older(self) -> None:
        """Add the next page of older answers under those shown; the rows shown stay as they are."""
        if not self._answers:
            return
        filters = self.filters()
        older = recent_answers(**filters, before=self._answers[-1].key, limit=RECENT_ANSWERS)
        first_new = len(self._answers)
        self.show_answers(self._answers + older, total=count_answers(**filters), highlight=False)
        if older:  # the next page in view, from its first row
            self.table.scrollToItem(self.table.item(first_new, 0), QAbstractItemView.ScrollHint.PositionAtTop)
        if not self.older_button.isVisible():  # the last page: the keyboard goes on in the list
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_answers(self, answers: list[RecentAnswer], *, total: int | None = None,
                     marker: AnswerMarker | None = None, highlight: bool = True) -> None:
        """Fill the table with ``answers`` (newest first), keeping the choice and the scroll position.

        ``total`` is how many the filters choose in all (None: as before). Answers not shown
        before are highlighted for a while, unless this is the first fill or ``highlight`` is
        False (another choice, or an older page: nothing there just arrived).
        """
        self._generation += 1
        if marker is not None:
            self._marker = marker
        if total is not None:
            self._total = total
        known = {a.id for a in self._answers}
        arrived = {a.id for a in answers} - known if self._loaded and highlight else set()
        self._loaded = True
        chosen = self.selected_answer()
        scroll = self.table.verticalScrollBar().value()
        top_row = self.table.rowAt(0)
        top_id = self._answers[top_row].id if scroll and 0 <= top_row < len(self._answers) else None

        self._answers = list(answers)
        self._new_ids = (self._new_ids & {a.id for a in answers}) | arrived
        self.table.blockSignals(True)  # one selection update at the end, not one per row
        self.table.clearSelection()
        self.table.setRowCount(len(answers))
        self._painted_with = self._colours_now()
        for row, answer in enumerate(answers):
            for column, item in enumerate(self._cells(answer)):
                self.table.setItem(row, column, item)
        self._paint_new()
        if chosen is not None and not self.select_answer(chosen.id):
            self.table.setCurrentItem(None)
        self.table.blockSignals(False)
        if top_id is not None:  # reading further down: the same rows stay in view
            for row, answer in enumerate(answers):
                if answer.id == top_id:
                    self.table.scrollToItem(self.table.item(row, 0), QAbstractItemView.ScrollHint.PositionAtTop)
                    break
        if answers:
            self.empty_note.setText("")
        elif self._marker is not None and self._marker[0] > 0:  # answers there are, not of this choice
            self.empty_note.setText(_("No answers match this choice."))
        else:
            self.empty_note.setText(_(
                "No answers yet. Print cards, start the survey server and hand a card to each customer."))
        self.empty_note.setVisible(not answers)
        self._show_count()
        if arrived:
            self.new_note.setText(ngettext("{n} new answer", "{n} new answers", len(self._new_ids))
                                  .format(n=len(self._new_ids)))
            self.new_note.show()
            self._fade_timer.start(self.HIGHLIGHT_MS)
        self._selection_changed()

    def _show_count(self) -> None:
        """How many of the chosen answers are shown, and the button for more while there are more."""
        shown, total = len(self._answers), max(self._total, len(self._answers))
        if shown < total:
            text = ngettext("Showing {shown} of {total} answer", "Showing {shown} of {total} answers", total)
        else:
            text = ngettext("{total} answer", "{total} answers", total)
        self.count_note.setText(text.format(shown=locale_format.number(shown),
                                            total=locale_format.number(total)))
        self.count_note.setVisible(total > 0)
        self.older_button.setVisible(shown < total)

    def show_survey_column(self, shown: bool) -> None:
        """Show which survey each answer is for; a shop with one survey gives its column to the comments."""
        self.table.setColumnHidden(_SURVEY_COLUMN, not shown)

    def _cells(self, answer: RecentAnswer) -> list[QTableWidgetItem]:
        comment = " ".join(answer.comment.split()) if answer.comment else ""
        if answer.contact_requested and answer.customer_name:  # whom to call back, from the complaint
            comment = _("[may contact {customer}] {comment}").format(customer=answer.customer_name,
                                                                   comment=comment).strip()
        elif answer.contact_requested:
            comment = _("[may contact] {comment}").format(comment=comment).strip()
        cells = [
            table_cell(locale_format.date_time(answer.submitted_at)),
            table_cell(answer.survey),
            table_cell(_score(answer.csat), number=True),
            table_cell(_score(answer.nps), number=True),
            table_cell(_score(answer.ces), number=True),
            table_cell(comment, tip=answer.comment or ""),
            table_cell(answer.linked[1] if answer.linked else "",
                       tip=_("Double-click or press Enter to open this complaint.") if answer.linked else ""),
        ]
        for name, _value in answer.low_scores():
            item = cells[_SCORE_COLUMNS[name]]
            bold = item.font()
            bold.setBold(True)
            item.setFont(bold)
            item.setToolTip(_("A low score: a complaint can be made from this answer."))
        if answer.linked is not None:
            link = cells[COMPLAINT_COLUMN]
            underlined = link.font()
            underlined.setUnderline(True)
            link.setFont(underlined)
        self._colour(cells, answer)
        return cells

    def _colour(self, cells: list[QTableWidgetItem], answer: RecentAnswer) -> None:
        """Low scores in the scheme's error colour, the complaint as a link: colours of the
        scheme shown now, so they are set again when it changes (``_recolour``)."""
        for name, _value in answer.low_scores():
            cells[_SCORE_COLUMNS[name]].setForeground(QBrush(QColor(current_scheme().error)))
        if answer.linked is not None:
            cells[COMPLAINT_COLUMN].setForeground(self.palette().link())

    def _colours_now(self) -> tuple[Scheme, str]:
        return current_scheme(), self.palette().link().color().name()

    def _recolour(self) -> None:
        """Light and dark switched (or the shop's colour): the rows' colours are set again."""
        if self._painted_with == self._colours_now():
            return
        self._painted_with = self._colours_now()
        for row, answer in enumerate(self._answers):
            cells = [self.table.item(row, column) for column in range(self.table.columnCount())]
            items = [cell for cell in cells if cell is not None]
            if len(items) == len(cells):
                self._colour(items, answer)
        self._paint_new()

    def _paint_new(self) -> None:
        brush = QBrush(QColor(current_scheme().fresh_background)) if self._new_ids else QBrush()  # a soft amber
        for row, answer in enumerate(self._answers):
            fresh = answer.id in self._new_ids
            for column in range(self.table.columnCount()):
                item = self.table.item(row, column)
                if item is not None:
                    # The scheme's amber is pale in light and deep in dark: the palette's text reads on both.
                    item.setBackground(brush if fresh else QBrush())

    def clear_new(self) -> None:
        """Drop the highlight of the answers that just arrived (the timer does it after a while)."""
        self._fade_timer.stop()
        self._new_ids.clear()
        self.new_note.hide()
        if self._answers:  # repaint without the highlight; the same answers stay
            self.show_answers(self._answers)

    # --- live -----------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        """On screen again: catch up at once, then keep checking."""
        super().showEvent(event)
        self.poll_timer.start(self.POLL_MS)
        QTimer.singleShot(0, self.check_for_new)

    def hideEvent(self, event: QHideEvent) -> None:
        """Another page or tab, or the lock screen: stop checking."""
        super().hideEvent(event)
        self.poll_timer.stop()

    def check_for_new(self) -> None:
        """Ask, off the UI thread, whether answers came or went; re-read them only then."""
        if self._checking or not self.isVisible():
            return
        self._checking = True
        known, generation = self._marker, self._generation
        filters, shown = self.filters(), list(self._answers)

        def work(_progress: Callable[[int, str], None]) -> tuple[AnswerMarker, _Read | None]:
            marker = latest_answer_marker()
            return marker, (read_answers(filters, shown) if marker != known else None)

        task = workers.Task(work)
        task.signals.finished.connect(lambda result: self._checked(result, generation))
        task.signals.failed.connect(self._check_failed)
        workers.start(task)

    def _checked(self, result: tuple[AnswerMarker, _Read | None], generation: int) -> None:
        self._checking = False
        self._failing = False
        marker, read = result
        if read is None or generation != self._generation:
            return  # nothing new, or the page re-read the answers meanwhile (another choice, an older page)
        answers, total = read
        self.show_answers(answers, total=total, marker=marker)
        self.answers_changed.emit()

    def _check_failed(self, error: object) -> None:
        # The database may be busy or briefly unreachable (PostgreSQL over the network): the next
        # tick tries again, so this is not worth a dialog every three seconds.
        self._checking = False
        if not self._failing:  # once per outage, not every tick
            log.info("could not check for new survey answers: %s", error)
        self._failing = True

    # --- actions --------------------------------------------------------
    def _selection_changed(self) -> None:
        answer = self.selected_answer()
        self.open_button.setEnabled(answer is not None and answer.linked is not None)
        self.complaint_button.setVisible(self.actor is not None and self.actor.active)
        low = answer is not None and is_low_score(answer)
        made = answer is not None and answer.made_into is not None
        self.complaint_button.setEnabled(low and not made)
        if made:
            tip = _("Complaint {reference} was made from this answer (it is in the Complaint column).").format(
                reference=answer.made_into)
        elif low:
            tip = _("Log a complaint from this answer: the form opens filled in, you check it and save.")
        else:
            tip = _("For answers with a low score (NPS 0–6, CSAT 1–2 or CES 1–3).")
        self.complaint_button.setToolTip(tip)

    def open_selected_complaint(self) -> None:
        """Show the complaint the chosen answer speaks of (``RecentAnswer.linked``; nothing when none)."""
        answer = self.selected_answer()
        if answer is not None and answer.linked is not None:
            self.open_complaint.emit(answer.linked[0])

    def complaint_from_selected(self) -> None:
        """Open the complaint form filled in from the chosen low-score answer; staff check it and save."""
        answer = self.selected_answer()
        if answer is None or not is_low_score(answer) or self.actor is None:
            return
        self.complaint_from_answer.emit(complaint_prefill(answer))

    def _show_menu(self, point: QPoint) -> None:
        row = self.table.rowAt(point.y())
        if row < 0:
            return
        self.table.selectRow(row)
        menu = QMenu(self)
        if self.open_button.isEnabled():
            menu.addAction(self.open_button.text().replace("&", ""), self.open_selected_complaint)
        if self.complaint_button.isVisible() and self.complaint_button.isEnabled():
            menu.addAction(self.complaint_button.text().replace("&", ""), self.complaint_from_selected)
        if menu.isEmpty():
            menu.deleteLater()
            return
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.context_menu = menu
        menu.popup(self.table.viewport().mapToGlobal(point))

