"""Quick entry (Ctrl+N): capture a complaint in under a minute, keyboard first.

What is typed is kept as a draft every few seconds (smallcs.drafts), so a crash
or a power cut loses at most those seconds; the draft goes once the complaint
is saved or deliberately discarded.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import QElapsedTimer, QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent, QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from smallcs import clock, complaints, customers, drafts, locale_format, settings
from smallcs.complaints import labels
from smallcs.errors import SmallCSError, ValidationError
from smallcs.i18n import _
from smallcs.models import Category, Staff
from smallcs.models.enums import Channel, Priority
from smallcs.ui.complaint_desk.resolution_fields import ResolutionFields
from smallcs.ui.idle_lock import WITHDRAWN_ON_LOCK

AUTOSAVE_MS = 3000
LOOKUP_DELAY_MS = 200
# Customers the look-up finds, and how many of them are in view at once (the rest by scrolling).
MATCHES_FOUND = 8
MATCHES_IN_VIEW = 4
# In a form's data: filled in for the user to check (a survey answer), not typed by them (a draft).
PREFILLED = "prefilled"
_TEXT_FIELDS = ("summary", "desired_outcome", "order_reference", "new_name", "new_phone", "new_email")


class QuickEntryDialog(QDialog):
    """The complaint form; emits ``complaint_created(id)`` once saved."""

    complaint_created = Signal(int)

    def __init__(self, actor: Staff, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.customer_id: int | None = None
        self.from_response_id: int | None = None  # the survey answer it is made from, if any
        self.discard_box: QMessageBox | None = None
        self.busy_box: QMessageBox | None = None  # "finish this one first", when a prefill finds text here
        self._dirty = False
        self.setWindowTitle(_("New complaint"))
        self.setObjectName("quickEntry")
        self.resize(900, 560)

        self.channel = QComboBox(objectName="channel")
        for channel in Channel:
            self.channel.addItem(labels.channel(channel), channel.value)
        self.call_time = QLabel(objectName="callTimer")
        # A running call is information, not an error: the accent's readable shade (the palette's
        # link colour), bold. There is no long-call limit to warn about.
        self.call_time.setForegroundRole(QPalette.ColorRole.Link)
        bold = self.call_time.font()
        bold.setBold(True)
        self.call_time.setFont(bold)
        self.call_time.hide()
        self._call = QElapsedTimer()
        self._call_ticker = QTimer(self, interval=1000)
        self._call_ticker.timeout.connect(self._show_call_time)
        channel_row = QHBoxLayout()
        channel_row.addWidget(self.channel, 1)
        channel_row.addWidget(self.call_time)

        self.lookup = QLineEdit(objectName="customerLookup",
                                placeholderText=_("Phone, name or e-mail — or leave empty"))
        self.matches = QListWidget(objectName="customerMatches")
        self.matches.setAccessibleName(_("Matching customers"))
        self.matches.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.matches.setUniformItemSizes(True)
        self.matches.setAlternatingRowColors(True)  # where one customer's two lines end
        self.matches.hide()
        self.matches.itemActivated.connect(self._pick_customer)
        self.chosen = QLabel(objectName="chosenCustomer")
        self.chosen.setTextFormat(Qt.TextFormat.PlainText)
        self.chosen.hide()  # (its row would leave a gap under the matches) until a customer is chosen
        self.new_customer = QCheckBox(_("New c&ustomer"), objectName="newCustomer")
        self.new_customer.toggled.connect(self._toggle_new_customer)
        self.new_name = QLineEdit(objectName="newName", placeholderText=_("Name"))
        self.new_phone = QLineEdit(objectName="newPhone", placeholderText=_("Phone"))
        self.new_email = QLineEdit(objectName="newEmail", placeholderText=_("E-mail"))
        self.new_fields = QWidget()
        new_row = QHBoxLayout(self.new_fields)
        new_row.setContentsMargins(0, 0, 0, 0)
        for edit in (self.new_name, self.new_phone, self.new_email):
            edit.setAccessibleName(edit.placeholderText())  # a placeholder is no name to a screen reader
            new_row.addWidget(edit)
        self.new_fields.hide()

        self.category = QComboBox(objectName="category")
        for category in Category.select().where(Category.active == True).order_by(
                Category.sort_order, Category.name):
            self.category.addItem(category.name, (category.id, category.default_priority))
        self.priority = QComboBox(objectName="priority")
        for priority in Priority:
            self.priority.addItem(labels.priority(priority), priority.value)
        # No category until staff choose one: the first in the list, saved in haste, would
        # count in the report's top categories for a complaint that was not about it.
        self.category.setPlaceholderText(_("Choose a category…"))
        self.category.setCurrentIndex(-1)
        self.priority.setCurrentIndex(self.priority.findData(Priority.NORMAL.value))
        self.category.currentIndexChanged.connect(self._default_priority)
        self.summary = QLineEdit(objectName="summary", placeholderText=_("In a few words: what went wrong?"))
        self.description = QPlainTextEdit(objectName="description")
        self.description.setTabChangesFocus(True)
        self.description.setMaximumHeight(110)
        self.description.setPlaceholderText(_("What happened, in the customer's words"))
        self.desired_outcome = QLineEdit(objectName="desiredOutcome",
                                         placeholderText=_("What would make it right for them?"))
        self.order_reference = QLineEdit(objectName="orderReference")
        self.on_the_spot = QCheckBox(_("Resolved on the &spot (first-contact resolution)"), objectName="onTheSpot")
        self.resolution = ResolutionFields(optional=True)  # what was settled, shown when the box is ticked
        self.settled = self.resolution.line(_("Ou&tcome:"), _("Compe&nsation ({currency}):"))
        self.settled.hide()
        self.on_the_spot.toggled.connect(self.settled.setVisible)
        self.print_receipt = QCheckBox(_("Then print a receipt for the customer to ta&ke away"),
                                       objectName="printReceipt")
        self.receipt_dialog: QWidget | None = None  # opened after saving when asked for
        self.error = QLabel(objectName="formError")
        self.error.setWordWrap(True)
        self.error.setProperty("role", "error")
        self.error.hide()

        form = QFormLayout()
        form.addRow(QLabel(_("C&hannel:"), buddy=self.channel), channel_row)
        form.addRow(_("&Customer:"), self.lookup)
        form.addRow("", self.matches)
        form.addRow("", self.chosen)
        form.addRow("", self.new_customer)
        form.addRow("", self.new_fields)
        form.addRow(_("Cate&gory:"), self.category)
        form.addRow(_("&Priority:"), self.priority)
        form.addRow(_("Su&mmary:"), self.summary)
        form.addRow(_("&Description:"), self.description)
        form.addRow(_("Desired &outcome:"), self.desired_outcome)
        form.addRow(_("O&rder or product:"), self.order_reference)
        form.addRow("", self.on_the_spot)
        form.addRow("", self.settled)  # in the Tab order right after the box
        form.addRow("", self.print_receipt)

        # Plain buttons, none of them default: Enter picks a customer or ends a line;
        # only Ctrl+S / Ctrl+Enter save.
        save = QPushButton(_("Save (Ctrl+S)"), objectName="saveButton")
        save.setProperty("role", "primary")
        save.setAutoDefault(False)
        save.clicked.connect(self.save)
        cancel = QPushButton(_("Cancel"))
        cancel.setAutoDefault(False)
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch()
        buttons.addWidget(cancel)
        buttons.addWidget(save)
        left = QVBoxLayout()
        left.addLayout(form)
        left.addWidget(self.error)
        left.addStretch()
        left.addLayout(buttons)

        self.history = QLabel(objectName="customerHistory")
        self.history.setTextFormat(Qt.TextFormat.PlainText)
        self.history.setWordWrap(True)
        self.history.setAlignment(Qt.AlignmentFlag.AlignTop)
        # A regular's history is taller than the form beside it (a laptop, a large font): it
        # scrolls, by the wheel or, once Tab reaches it, by the arrow keys, never cut mid-line.
        self.history_scroll = QScrollArea(objectName="customerHistoryScroll")
        self.history_scroll.setWidgetResizable(True)
        self.history_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.history_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.history_scroll.setAccessibleName(_("Customer history"))
        self.history_scroll.setWidget(self.history)
        self._show_no_history()
        side = QGroupBox(_("Customer history"))
        side.setMinimumWidth(260)
        side_layout = QVBoxLayout(side)
        side_layout.addWidget(self.history_scroll)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 3)
        layout.addWidget(side, 2)

        for keys in ("Ctrl+S", "Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.save)
        self._lookup_timer = QTimer(self, singleShot=True, interval=LOOKUP_DELAY_MS)
        self._lookup_timer.timeout.connect(self.look_up)
        self.lookup.textChanged.connect(self._lookup_timer.start)
        self.lookup.installEventFilter(self)
        self.channel.currentIndexChanged.connect(self._channel_changed)
        self._autosave = QTimer(self, interval=AUTOSAVE_MS)
        self._autosave.timeout.connect(self._autosave_if_changed)
        self._autosave.start()
        for edit in (self.lookup, self.summary, self.desired_outcome, self.order_reference,
                     self.new_name, self.new_phone, self.new_email, self.resolution.amount):
            edit.textChanged.connect(self._changed)
        self.description.textChanged.connect(self._changed)
        self.on_the_spot.toggled.connect(self._changed)
        self.resolution.outcome.currentIndexChanged.connect(self._changed)
        self._default_priority()
        self.channel.setFocus()

    # --- drafts -------------------------------------------------------------
    @classmethod
    def from_draft(cls, actor: Staff, data: dict[str, Any], parent: QWidget | None = None) -> QuickEntryDialog:
        """The form filled in again from a draft left by a crash or a closed window."""
        dialog = cls(actor, parent)
        dialog.restore(data)
        return dialog

    def values(self) -> dict[str, Any]:
        """Everything typed, as the draft keeps it."""
        data: dict[str, Any] = {name: getattr(self, name).text() for name in _TEXT_FIELDS}
        data.update(
            channel=self.channel.currentData(), customer_id=self.customer_id,
            customer_label=self.chosen.text(), new_customer=self.new_customer.isChecked(),
            category_id=(self.category.currentData() or (None,))[0], priority=self.priority.currentData(),
            description=self.description.toPlainText(), on_the_spot=self.on_the_spot.isChecked(),
            outcome=self.resolution.outcome.currentData(), compensation=self.resolution.amount.text(),
            from_response_id=self.from_response_id,
        )
        return data

    def restore(self, data: dict[str, Any]) -> None:
        self.channel.setCurrentIndex(max(0, self.channel.findData(data.get("channel"))))
        for index in range(self.category.count()):
            if self.category.itemData(index)[0] == data.get("category_id"):
                self.category.setCurrentIndex(index)
        if data.get("priority"):  # a prefill without one keeps the category's default
            self.priority.setCurrentIndex(max(0, self.priority.findData(data["priority"])))
        for name in _TEXT_FIELDS:
            getattr(self, name).setText(str(data.get(name) or ""))
        self.description.setPlainText(str(data.get("description") or ""))
        self.on_the_spot.setChecked(bool(data.get("on_the_spot")))
        self.resolution.choose_outcome(data.get("outcome"))
        self.resolution.amount.setText(str(data.get("compensation") or ""))
        self.new_customer.setChecked(bool(data.get("new_customer")))
        if data.get("customer_id"):
            self._set_customer(int(data["customer_id"]), str(data.get("customer_label") or ""))
        answer = data.get("from_response_id")
        self.from_response_id = answer if isinstance(answer, int) and not isinstance(answer, bool) else None
        if data.get(PREFILLED):
            # The keyboard on the suggested summary, all of it selected: typing replaces it,
            # an arrow key or Tab keeps it (as Ctrl+F does with the search box). Selected from
            # the end back, so the box shows its start.
            self.summary.setFocus()
            self.summary.setSelection(len(self.summary.text()), -len(self.summary.text()))

    def offer_prefill(self, data: dict[str, Any]) -> bool:
        """Fill the form in from ``data`` (a complaint from a survey answer) unless something is typed in it.

        One complaint form is open at a time, and its draft is the one kept, so a
        form with text in it keeps every word: it says so instead, and the user
        finishes or discards it first.

        Returns:
            Whether the form took ``data``.
        """
        if not self.has_text():
            self.restore(data)
            return True
        if self.busy_box is None:
            box = QMessageBox(QMessageBox.Icon.Information, _("A complaint is being written"),
                              _("Finish or discard the complaint you are writing first."),
                              QMessageBox.StandardButton.Ok, self)
            box.setObjectName("formInUse")
            box.setInformativeText(_("Then make the complaint from the survey answer again: the form opens"
                                     " filled in from it. What you typed here stays as it is."))
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.finished.connect(lambda _result: setattr(self, "busy_box", None))
            self.busy_box = box
            box.open()
        self.busy_box.raise_()
        return False

    def has_text(self) -> bool:
        data = self.values()
        return any(str(data[name]).strip() for name in (*_TEXT_FIELDS, "description", "compensation")) \
            or self.customer_id is not None

    def _changed(self) -> None:
        self._dirty = True

    def _autosave_if_changed(self) -> None:
        if self._dirty:
            self.save_draft_now()

    def save_draft_now(self) -> None:
        """Keep what is typed now (also called by the crash handler)."""
        if not self.has_text():
            return
        try:
            drafts.save_draft(self.actor, drafts.QUICK_ENTRY, self.values())
        except SmallCSError:
            return  # the next autosave tries again; the text is still on screen
        self._dirty = False

    # --- customer look-up ---------------------------------------------------
    def eventFilter(self, watched: object, event: object) -> bool:
        """Down arrow from the look-up box goes into the matches."""
        if watched is self.lookup and isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress \
                and event.key() == Qt.Key.Key_Down and self.matches.count():
            self.matches.setFocus()
            self.matches.setCurrentRow(0)
            return True
        return super().eventFilter(watched, event)  # type: ignore[arg-type]

    def look_up(self) -> None:
        found = customers.find_customers(self.lookup.text(), limit=MATCHES_FOUND)
        self.matches.clear()
        for customer in found:
            details = " · ".join(p for p in (customer.phone, customer.email) if p)
            item = QListWidgetItem(f"{customer.name}\n{details}")  # the name, then how to reach them
            item.setData(Qt.ItemDataRole.UserRole, customer.id)
            item.setToolTip(item.text())
            self.matches.addItem(item)
        rows = min(len(found), MATCHES_IN_VIEW)
        if rows:
            self.matches.setFixedHeight(self.matches.sizeHintForRow(0) * rows + 2 * self.matches.frameWidth())
        self.matches.setVisible(bool(found))

    def _pick_customer(self, item: QListWidgetItem) -> None:
        self._set_customer(int(item.data(Qt.ItemDataRole.UserRole)), "  ".join(item.text().splitlines()))
        self.matches.hide()
        self.new_customer.setChecked(False)
        self.category.setFocus()

    def _set_customer(self, customer_id: int, label: str) -> None:
        self.customer_id = customer_id
        self.chosen.setText("✓ " + label.removeprefix("✓ "))
        self.chosen.show()
        history = customers.customer_history(customer_id)
        zone = settings.get_profile().zone
        lines = []
        for entry in history.entries:
            c = entry.complaint
            received = locale_format.date(clock.to_local(c.received_at, zone).date())
            lines.append(f"{received} · {c.reference} · {c.category.name} · {labels.status(c.status)}\n"
                         f"  {c.summary}")
            for answer in entry.answers:
                scores = ", ".join(f"{name} {value}" for name, value in
                                   (("CSAT", answer.csat), ("NPS", answer.nps), ("CES", answer.ces))
                                   if value is not None)
                lines.append(f"  ★ {scores}" + (f" — “{answer.comment}”" if answer.comment else ""))
        self._show_history("\n".join(lines) if lines else _("No earlier complaints."))
        self._dirty = True

    def _show_no_history(self) -> None:
        self._show_history(_("Pick a customer to see their past complaints and answers here."))

    def _show_history(self, text: str) -> None:
        """The side panel's text, from its top (the newest complaint), whatever was scrolled to before."""
        self.history.setText(text)
        self.history_scroll.verticalScrollBar().setValue(0)

    def _toggle_new_customer(self, on: bool) -> None:
        self.new_fields.setVisible(on)
        if on:
            self.customer_id = None
            self.chosen.clear()
            self.chosen.hide()
            self._show_no_history()  # not the history of the customer no longer chosen
            typed = self.lookup.text().strip()
            if typed and not self.new_name.text() and not self.new_phone.text() and not self.new_email.text():
                target = self.new_email if "@" in typed else self.new_phone if \
                    sum(ch.isdigit() for ch in typed) >= 3 else self.new_name
                target.setText(typed)

    # --- other fields -------------------------------------------------------
    def _default_priority(self) -> None:
        data = self.category.currentData()
        if data is not None:
            self.priority.setCurrentIndex(self.priority.findData(data[1]))

    def _channel_changed(self) -> None:
        on_the_phone = self.channel.currentData() == Channel.PHONE.value
        if on_the_phone and not self._call.isValid():
            self._call.start()
            self._call_ticker.start()
            self._show_call_time()
        elif not on_the_phone:
            self._call.invalidate()
            self._call_ticker.stop()
        self.call_time.setVisible(on_the_phone)

    def _show_call_time(self) -> None:
        seconds = self.call_seconds() or 0
        self.call_time.setText(_("On the call {m:02d}:{s:02d}").format(m=seconds // 60, s=seconds % 60))

    def call_seconds(self) -> int | None:
        return self._call.elapsed() // 1000 if self._call.isValid() else None

    # --- saving -------------------------------------------------------------
    def _fail(self, exc: SmallCSError) -> None:
        self.error.setText(str(exc))
        self.error.show()
        field = getattr(exc, "field", None)
        widget = {"summary": self.summary, "description": self.description,
                  "desired_outcome": self.desired_outcome, "order_reference": self.order_reference,
                  "customer": self.lookup, "name": self.new_name, "phone": self.new_phone,
                  "email": self.new_email, "category": self.category, "category_id": self.category,
                  "outcome": self.resolution.outcome, "compensation": self.resolution.amount}.get(field or "")
        if widget is not None:
            widget.setFocus()

    def _typed_customer(self) -> customers.CustomerDraft | None:
        """The new customer typed inline, when "New customer" is ticked."""
        if not self.new_customer.isChecked() or self.customer_id is not None:
            return None
        return customers.CustomerDraft(name=self.new_name.text(), phone=self.new_phone.text(),
                                       email=self.new_email.text())

    def save(self) -> None:
        """Log the complaint, with a new customer if one was typed, in one service call.

        On a refusal nothing is saved, the customer included, and the form keeps
        every word, so putting it right and saving again adds each record once.
        The draft goes in the same transaction: a saved complaint is never offered
        again after a crash, and a form that could not be saved keeps its draft.
        """
        category = self.category.currentData()
        on_the_spot = self.on_the_spot.isChecked()
        try:
            if self.customer_id is None and not self.new_customer.isChecked() and self.lookup.text().strip():
                # What was typed would otherwise be dropped, and the complaint saved without anyone.
                raise ValidationError(_("Pick the customer from the list, tick “New customer” to add them,"
                                        " or clear the Customer box for a complaint without a customer."),
                                      field="customer")
            if category is None:
                raise ValidationError(_("Choose a category."), field="category_id")
            outcome = self.resolution.chosen_outcome() if on_the_spot else None
            compensation = self.resolution.compensation() if on_the_spot else Decimal(0)
            complaint = complaints.create_complaint(
                self.actor, channel=Channel(self.channel.currentData()), category_id=category[0],
                summary=self.summary.text(), description=self.description.toPlainText(),
                desired_outcome=self.desired_outcome.text(), order_reference=self.order_reference.text(),
                customer_id=self.customer_id, new_customer=self._typed_customer(),
                priority=Priority(self.priority.currentData()),
                resolved_on_the_spot=on_the_spot, outcome=outcome, compensation=compensation,
                call_duration_seconds=self.call_seconds(), draft_form=drafts.QUICK_ENTRY,
                from_response_id=self.from_response_id,
            )
        except SmallCSError as exc:
            self._fail(exc)
            return
        self._autosave.stop()
        self.complaint_created.emit(complaint.id)
        if self.print_receipt.isChecked():
            # reportlab loads on first use
            from smallcs.ui.complaint_desk.receipt_dialog import open_receipt

            self.receipt_dialog = open_receipt(self.actor, complaint.id, self.parentWidget())
        super().accept()

    def reject(self) -> None:
        """Esc / Cancel: ask first when something was typed; Discard throws the draft away.

        The question is opened, not run in an event loop of its own: the idle lock
        can put the form away while it waits, and takes the question with it
        (``closeEvent``), so a passer-by cannot answer it.
        """
        if not self.has_text():
            self._discard()
            return
        if self.discard_box is None:
            box = QMessageBox(QMessageBox.Icon.Question, _("Discard this complaint?"), _("Discard this complaint?"),
                              QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel, self)
            box.setObjectName("discardComplaint")
            box.setInformativeText(_("What you typed will be lost."))
            box.setDefaultButton(QMessageBox.StandardButton.Cancel)  # Enter, like Esc, keeps the text
            box.setEscapeButton(QMessageBox.StandardButton.Cancel)
            box.setProperty(WITHDRAWN_ON_LOCK, True)
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.finished.connect(self._discard_answered)
            self.discard_box = box
            box.open()
        self.discard_box.raise_()

    def _discard_answered(self, answer: int) -> None:
        self.discard_box = None
        if answer == QMessageBox.StandardButton.Discard:
            self._discard()
        else:
            self.activateWindow()  # the keyboard back in the field it left

    def _discard(self) -> None:
        self._autosave.stop()
        drafts.discard_draft(self.actor, drafts.QUICK_ENTRY)
        super().reject()

    def _withdraw_discard_question(self) -> None:
        """The question goes unanswered (going away is no answer: the text stays)."""
        if self.discard_box is not None:
            box, self.discard_box = self.discard_box, None
            box.finished.disconnect(self._discard_answered)
            box.hide()
            box.deleteLater()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Closed by the window's close button, a lock or with the app: keep the text as a
        draft (offered again at the next log-in) rather than asking, so closing never blocks."""
        self._withdraw_discard_question()
        self.save_draft_now()
        self._autosave.stop()
        event.accept()

    # --- screen lock (ui/lock_away.py) ---------------------------------------
    def put_away(self) -> bool:
        """Off the screen as it is (the look-up text and the call timer too), the discard question
        withdrawn unanswered; the draft is written now, so a crash while locked loses nothing."""
        self._withdraw_discard_question()
        self.save_draft_now()
        self.hide()
        return True

    def come_back(self, staff: Staff) -> bool:
        """Back as it was for its typist; for anyone else it closes without a question, its text
        waiting as the typist's draft."""
        if staff.id != self.actor.id:
            self.close()
            return False
        self.show()
        self.raise_()
        self.activateWindow()
        return True
