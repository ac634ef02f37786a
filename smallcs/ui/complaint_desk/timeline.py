"""A complaint's timeline (read-only), the row that appends a step, and the suggested steps."""

from __future__ import annotations

import html
from collections.abc import Sequence
from zoneinfo import ZoneInfo

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    QStringListModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QCompleter,
    QGridLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QSizePolicy,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTextBrowser,
    QToolButton,
    QWidget,
)

from smallcs import locale_format
from smallcs.complaints import SuggestedStep, labels
from smallcs.complaints.resolution_text import read_resolution
from smallcs.i18n import _
from smallcs.models import Complaint, ResolutionStep
from smallcs.models.enums import StepKind
from smallcs.ui.complaint_desk.agreed import Agreed
from smallcs.ui.complaint_desk.complaint_table import local_time
from smallcs.ui.theme import current_scheme, follow_scheme, scaled


def unbroken(text: str) -> str:
    """``text`` with no-break spaces: a moment ("25 nov 2026, 12:47") or a phone number is read
    as one thing, so a line never breaks inside it."""
    return text.replace(" ", "\u00a0")


class TimelineView(QTextBrowser):
    """How the complaint came in, then its steps, oldest first: who, when (shop time), what kind, the note.

    Read-only by construction: a step is never edited, a correction is a new step.
    Text is escaped, so whatever staff typed shows as typed, never as markup.

    The newest step is what staff read first: shown steps open scrolled to the end, and the
    view stays at the end while the text is laid out again (the detail's layout settling, a
    resize rewrapping the notes). Scrolled up by the reader, it stays where they put it.
    """

    STEP_GAP = 6  # pixels between two entries, at the reference font size (theme.scaled)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="timeline")
        self.setReadOnly(True)
        self.setOpenLinks(False)
        self.setAccessibleName(_("Timeline"))
        self.setMinimumHeight(scaled(90))
        self.steps: list[ResolutionStep] = []
        self._at_end = True  # whether the view follows the end as the text is laid out again
        self._shown: tuple[ZoneInfo, Agreed | None, Complaint | None] | None = None  # what show_steps shows
        self._muted = ""  # the colour the shown text was written with
        follow_scheme(self, self._rewrite)
        bar = self.verticalScrollBar()
        bar.valueChanged.connect(self._note_position)
        bar.rangeChanged.connect(self._keep_at_end)

    def sizeHint(self) -> QSize:
        """No taller than its minimum by preference: in a short window the step entry under it
        stays in view, and where there is room the detail's layout gives it all the rest."""
        return QSize(super().sizeHint().width(), self.minimumHeight())

    def show_steps(self, steps: Sequence[ResolutionStep], zone: ZoneInfo, agreed: Agreed | None = None,
                   opening: Complaint | None = None) -> None:
        """Show ``steps`` after the ``opening`` entry (the complaint as it came in, in its own words),
        when given; the last resolution step also says what it ``agreed``, when given."""
        self.steps = list(steps)
        self._shown = (zone, agreed, opening)
        self._at_end = True  # before the new text: its layout moves the end (the range changes)
        self._render()
        self.verticalScrollBar().setValue(self.verticalScrollBar().maximum())

    def _rewrite(self) -> None:
        """Light and dark switched: the muted colour written into the text is the old scheme's,
        so the text is written again (where the reader had scrolled to stays)."""
        if self._shown is None or self._muted == current_scheme().muted:
            return
        bar, at_end = self.verticalScrollBar(), self._at_end
        position = bar.value()
        self._render()
        bar.setValue(bar.maximum() if at_end else position)
        self._at_end = at_end

    def _render(self) -> None:
        """Write the shown steps as rich text, the when and who in the scheme's muted colour."""
        assert self._shown is not None
        zone, agreed, opening = self._shown
        self._muted = muted = current_scheme().muted
        entries = [] if opening is None else [self._entry(
            muted, unbroken(local_time(opening.received_at, zone)), opening.created_by.display_name,
            _("Complaint received"), [html.escape(unbroken(labels.channel(opening.channel)))],
            _opening_lines(opening))]
        last_resolution = max((n for n, step in enumerate(self.steps) if step.kind == StepKind.RESOLVED),
                              default=None)
        for index, step in enumerate(self.steps):
            text, said = step.text, list[str]()
            if agreed is not None and step.kind == StepKind.RESOLVED:
                words = read_resolution(step.text)
                text = words.own_words
                line = agreed.line() if index == last_resolution else agreed.earlier_line(words)
                said = [line] if line else []
            lines = ([html.escape(text).replace("\n", "<br>")] if text else []) + said
            entries.append(self._entry(muted, unbroken(local_time(step.at, zone)), step.staff.display_name,
                                       labels.step_kind(step.kind), [], lines))
        self.setHtml("".join(entries) or html.escape(_("No steps yet.")))

    def _note_position(self, value: int) -> None:
        self._at_end = value >= self.verticalScrollBar().maximum()

    def _keep_at_end(self, _minimum: int, maximum: int) -> None:
        """The text's height or the view's changed: at the end before, at the (new) end after.

        A range change comes before the bar clamps its value to it, so ``_at_end`` still tells
        where the reader was."""
        if self._at_end:
            self.verticalScrollBar().setValue(maximum)

    def _entry(self, muted: str, when: str, who: str, kind: str, after_kind: list[str], lines: list[str]) -> str:
        """One entry as a paragraph: when and who (muted), the kind in bold, then its lines (rich text)."""
        head = html.escape(f"{when} · {who} · ")
        kind_part = " · ".join([f"<b>{html.escape(kind)}</b>", *after_kind])
        return (f'<p style="margin: 0 0 {scaled(self.STEP_GAP)}px 0;"><span style="color: {muted};">{head}</span>'
                + kind_part + "".join(f"<br>{line}" for line in lines) + "</p>")


def _opening_lines(complaint: Complaint) -> list[str]:
    """The complaint's own words as rich text lines: the description, then the captioned extras."""
    lines = [html.escape(complaint.description).replace("\n", "<br>")] if complaint.description else []
    for caption, text in ((_("Desired outcome"), complaint.desired_outcome),
                          (_("Order or product"), complaint.order_reference)):
        if text:
            lines.append(f"<b>{html.escape(caption)}:</b> " + html.escape(text).replace("\n", "<br>"))
    return lines


class StepEntry(QWidget):
    """Kind, note and Add: ``submitted(kind, text)`` on Add, Enter or Ctrl+Enter.

    On one line the note would be squeezed in a narrow detail: where that would leave it
    less than ``NOTE_ONE_LINE`` pixels, Texts and Add step go to a second line under the
    note; where even the kind and ``NOTE_MINIMUM`` pixels of note do not fit side by side
    (a large font), the note goes under the kind as well (the Tab order stays).
    """

    submitted = Signal(object, str)
    NOTE_ONE_LINE = 280  # at the reference font size; both grow with the font (theme.scaled)
    NOTE_MINIMUM = 200

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = QComboBox(objectName="stepKind")
        self.kind.setAccessibleName(_("Kind of step"))
        for kind in labels.MANUAL_STEP_KINDS:
            self.kind.addItem(labels.step_kind(kind), kind.value)
        self.kind.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.kind.setMinimumContentsLength(12)
        self.text = QLineEdit(objectName="stepText", placeholderText=_("What was done or said (Enter adds it)"))
        self.text.setAccessibleName(_("Step note"))
        self.text.returnPressed.connect(self.submit)
        # The shop's canned texts: offered as you type (any word of them) and from a menu.
        self.canned = QStringListModel(self)
        completer = QCompleter(self.canned, self.text)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.text.setCompleter(completer)
        completer.popup().installEventFilter(self)  # after the completer's own filter: runs first
        self.canned_menu = QMenu(self)
        self.canned_button = QToolButton(objectName="cannedTexts", text=_("Te&xts"))
        self.canned_button.setToolTip(_("Insert one of the shop's canned texts (edited in Settings)"))
        self.canned_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.canned_button.setMenu(self.canned_menu)
        self.add = QPushButton(_("&Add step"), objectName="addStepButton")
        self.add.clicked.connect(self.submit)
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setColumnStretch(1, 1)
        self._lines = 0
        self._arrange(1)

    # --- one line, two or three -------------------------------------------
    def is_stacked(self) -> bool:
        """Whether Texts and Add step are on a line of their own, under the note."""
        return self._lines > 1

    def _arrange(self, lines: int) -> None:
        if lines == self._lines:
            return
        self._lines = lines
        for widget in (self.kind, self.text, self.canned_button, self.add):
            self._grid.removeWidget(widget)
        if lines == 1:
            self._grid.addWidget(self.kind, 0, 0)
            self._grid.addWidget(self.text, 0, 1)
            self._grid.addWidget(self.canned_button, 0, 2)
            self._grid.addWidget(self.add, 0, 3)
            return
        if lines == 2:
            self._grid.addWidget(self.kind, 0, 0)
            self._grid.addWidget(self.text, 0, 1, 1, 3)
        else:  # the kind over the whole width (so the buttons' columns are not held to it), at its left
            self._grid.addWidget(self.kind, 0, 0, 1, 4, Qt.AlignmentFlag.AlignLeft)
            self._grid.addWidget(self.text, 1, 0, 1, 4)
        self._grid.addWidget(self.canned_button, lines - 1, 2)
        self._grid.addWidget(self.add, lines - 1, 3)

    def _one_line_width(self) -> int:
        buttons = [self.add] + ([self.canned_button] if not self.canned_button.isHidden() else [])
        return (self.kind.sizeHint().width() + scaled(self.NOTE_ONE_LINE)
                + sum(button.sizeHint().width() for button in buttons) + len(buttons) * self._spacing())

    def _two_line_width(self) -> int:
        return self.kind.sizeHint().width() + self._spacing() + scaled(self.NOTE_MINIMUM)

    def _spacing(self) -> int:
        spacing = self._grid.horizontalSpacing()
        return spacing if spacing >= 0 else self.style().layoutSpacing(
            QSizePolicy.ControlType.ComboBox, QSizePolicy.ControlType.LineEdit, Qt.Orientation.Horizontal)

    def minimumSizeHint(self) -> QSize:
        """Narrow enough for three lines, never so narrow that the note is hard to read back."""
        buttons = self.add.sizeHint().width() + self.canned_button.sizeHint().width() + self._spacing()
        width = max(self.kind.minimumSizeHint().width(), scaled(self.NOTE_MINIMUM), buttons)
        return QSize(width, super().minimumSizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        width = self.width()
        self._arrange(1 if width >= self._one_line_width() else 2 if width >= self._two_line_width() else 3)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter on an offered canned text only takes it into the note, to be read or added to;
        the next Enter adds the step. (Left to the completer, the one Enter would add the step
        and then put the text back in the note, inviting a second, duplicate step.)"""
        popup = self.text.completer().popup()
        if watched is popup and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) \
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and popup.currentIndex().isValid():
            chosen = str(popup.currentIndex().data())
            popup.hide()
            self.text.setText(chosen)
            return True
        return super().eventFilter(watched, event)

    def set_canned_texts(self, texts: Sequence[str]) -> None:
        """The texts the note offers; unchanged lists cost nothing."""
        if list(texts) == self.canned.stringList():
            return
        self.canned.setStringList(list(texts))
        self.canned_menu.clear()
        for text in texts:
            shown = text if len(text) <= 70 else text[:69] + "…"
            action = self.canned_menu.addAction(shown.replace("&", "&&"))
            action.triggered.connect(lambda _checked=False, t=text: self.use_canned(t))
        self.canned_button.setVisible(bool(texts))
        self._fit()  # one button more or less on the line

    def use_canned(self, text: str) -> None:
        """Put ``text`` in the note (after what is typed already) and return to the note."""
        typed = self.text.text().rstrip()
        self.text.setText(f"{typed} {text}" if typed else text)
        self.text.setFocus()

    def set_open(self, is_open: bool) -> None:
        """A closed complaint takes no steps; the note box says why."""
        self.setEnabled(is_open)
        self.text.setPlaceholderText(_("What was done or said (Enter adds it)") if is_open
                                     else _("Closed: reopen it to add a step"))

    def submit(self) -> None:
        if self.isEnabled():
            self.submitted.emit(StepKind(self.kind.currentData()), self.text.text())

    def note(self) -> tuple[str, str] | None:
        """The note being written, with its kind of step; None when the note is empty."""
        text = self.text.text()
        return (str(self.kind.currentData()), text) if text.strip() else None

    def set_note(self, note: tuple[str, str] | None) -> None:
        """Show ``note`` (from ``note()``), or an empty note of the first kind."""
        kind, text = note if note is not None else (self.kind.itemData(0), "")
        self.kind.setCurrentIndex(max(0, self.kind.findData(kind)))
        self.text.setText(text)


def is_done(suggestion: SuggestedStep, steps: Sequence[ResolutionStep]) -> bool:
    """True when the timeline already has this suggestion (same kind, its text in the note)."""
    return any(StepKind(s.kind) == suggestion.kind and suggestion.text in s.text for s in steps)


class _CheckRows(QStyledItemDelegate):
    """Rows at least as tall as the check box and a little room: at the usual font a line of
    text is shorter than the box, and boxes one under the other would touch (the last one cut
    by the frame)."""

    ROOM = 4  # pixels around the box, at the reference font size (theme.scaled)

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        size = super().sizeHint(option, index)
        widget = option.widget
        style = widget.style() if widget is not None else QApplication.style()
        box = style.pixelMetric(QStyle.PixelMetric.PM_IndicatorHeight, option, widget)
        return QSize(size.width(), max(size.height(), box + scaled(self.ROOM)))


class SuggestionList(QListWidget):
    """The category's checklist; ticking an open item (click, Space or Enter) emits ``chosen(index)``.

    Items already on the timeline show ticked and cannot be unticked: the
    timeline is append-only.
    """

    chosen = Signal(int)
    VISIBLE_ROWS = 4  # shown whole, as they wrap at the list's width; more scroll
    FEWER_ROWS = (2,)  # where the detail is short of height (a laptop, a large font)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="suggestions")
        self._rows = self.VISIBLE_ROWS
        self._fitting = False
        self.setAccessibleName(_("Suggested steps"))
        self.setWordWrap(True)
        self.setItemDelegate(_CheckRows(self))
        self.itemChanged.connect(self._ticked)
        self.itemActivated.connect(self._activated)

    def show_suggestions(self, suggestions: Sequence[SuggestedStep], steps: Sequence[ResolutionStep]) -> None:
        self.blockSignals(True)
        self.clear()
        for index, suggestion in enumerate(suggestions):
            item = QListWidgetItem(f"{labels.step_kind(suggestion.kind)}: {suggestion.text}")
            item.setData(Qt.ItemDataRole.UserRole, index)
            done = is_done(suggestion, steps)
            item.setCheckState(Qt.CheckState.Checked if done else Qt.CheckState.Unchecked)
            flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
            item.setFlags(flags if done else flags | Qt.ItemFlag.ItemIsUserCheckable)
            self.addItem(item)
        self.blockSignals(False)
        self._fit_height()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_height()

    def shown_rows(self) -> int:
        """How many items the list shows whole at a time (the rest scroll)."""
        return min(self.count(), self._rows)

    def show_rows(self, rows: int) -> None:
        """Show ``rows`` items whole at a time (``VISIBLE_ROWS`` or one of ``FEWER_ROWS``)."""
        if rows != self._rows:
            self._rows = rows
            self._fit_height()

    def _fit_height(self) -> None:
        """Tall enough for the first items whole (a long one takes two lines), measured as wrapped
        beside the scroll bar the rest need: it is shown from the start, so showing it later
        does not rewrap them and cut the last one in two."""
        if self._fitting:  # the height set below resizes the list: that resize changes no wrapping
            return
        self._fitting = True
        try:
            self._set_height_for_rows()
        finally:
            self._fitting = False

    def _set_height_for_rows(self) -> None:
        scrolls = self.count() > self._rows
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn if scrolls
                                        else Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.doItemsLayout()
        rows = range(self.shown_rows())
        margins = self.contentsMargins()  # the frame: the style sheet's border and padding
        self.setFixedHeight(sum(self.visualItemRect(self.item(row)).height() for row in rows)
                            + margins.top() + margins.bottom())

    def _ticked(self, item: QListWidgetItem) -> None:
        if item.checkState() == Qt.CheckState.Checked:
            self.chosen.emit(int(item.data(Qt.ItemDataRole.UserRole)))

    def _activated(self, item: QListWidgetItem) -> None:
        if item.flags() & Qt.ItemFlag.ItemIsUserCheckable:
            self.chosen.emit(int(item.data(Qt.ItemDataRole.UserRole)))


class SuggestionMenu(QToolButton):
    """The category's checklist as a drop-down, for a detail too short for the list (it takes
    no line of its own): choosing an open item emits ``chosen(index)``; the items already on
    the timeline show ticked and cannot be chosen. The button counts the open ones."""

    chosen = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="suggestionsMenu")
        self.setAccessibleName(_("Suggested steps"))
        self.setToolTip(_("Ticking a suggested step adds it to the timeline."))
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.setMenu(QMenu(self))

    def show_suggestions(self, suggestions: Sequence[SuggestedStep], steps: Sequence[ResolutionStep]) -> None:
        menu = self.menu()
        for action in menu.actions():  # later: this runs from a chosen action's own signal
            menu.removeAction(action)
            action.deleteLater()
        open_ones = 0
        for index, suggestion in enumerate(suggestions):
            action = menu.addAction(f"{labels.step_kind(suggestion.kind)}: {suggestion.text}".replace("&", "&&"))
            done = is_done(suggestion, steps)
            action.setCheckable(True)
            action.setChecked(done)
            action.setEnabled(not done)
            action.triggered.connect(lambda _checked=False, i=index: self.chosen.emit(i))
            open_ones += not done
        self.setText(_("Suggested steps ({n})").format(n=locale_format.number(open_ones)))
