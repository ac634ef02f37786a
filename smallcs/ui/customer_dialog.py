"""The Customers dialog: find a customer, edit them, see their history, merge, export, anonymise."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from smallcs import clock, customers, drafts, locale_format, settings
from smallcs.complaints import labels
from smallcs.errors import NotFound, SmallCSError, ValidationError
from smallcs.i18n import _, ngettext
from smallcs.models import Customer, Staff, SurveyResponse
from smallcs.permissions import allowed
from smallcs.ui.choosers import ask_save_path
from smallcs.ui.complaint_desk.complaint_table import local_time
from smallcs.ui.complaint_desk.messages import show_refusal
from smallcs.ui.restore_question import ask_to_restore

if TYPE_CHECKING:
    from smallcs.ui.main_window import MainWindow

log = logging.getLogger(__name__)

SEARCH_DELAY_MS = 200
MATCHES = 50
ID_ROLE = Qt.ItemDataRole.UserRole


def customer_label(customer: Customer) -> str:
    """One line naming a customer: name, then phone and e-mail when known."""
    return " · ".join(part for part in (customer.name, customer.phone, customer.email) if part)


def _match_list(name: str) -> QListWidget:
    """A list of customers, one line each: long lines are cut short, never scrolled sideways."""
    matches = QListWidget(objectName=name)
    matches.setAccessibleName(_("Matching customers"))
    matches.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    matches.setTextElideMode(Qt.TextElideMode.ElideRight)
    return matches


def _match_item(customer: Customer) -> QListWidgetItem:
    item = QListWidgetItem(customer_label(customer))
    item.setToolTip(customer_label(customer))
    item.setData(ID_ROLE, customer.id)
    return item


def _answer_text(answer: SurveyResponse) -> str:
    scores = ", ".join(f"{name} {value}" for name, value in (
        ("CSAT", answer.csat), ("NPS", answer.nps), ("CES", answer.ces)) if value is not None)
    return "★ " + scores + (f" — “{answer.comment}”" if answer.comment else "")


class CustomerPicker(QDialog):
    """Find the other record: a search box and its matches (one customer left out)."""

    def __init__(self, *, leave_out: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.leave_out = leave_out
        self.setObjectName("customerPicker")
        self.setWindowTitle(_("Merge a duplicate"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.search = QLineEdit(objectName="pickerSearch")
        self.search.setPlaceholderText(_("Name, phone or e-mail"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(_("Find the duplicate"))
        self.search.textChanged.connect(self._find)
        find_label = QLabel(_("&Find the duplicate:"))
        find_label.setBuddy(self.search)
        self.matches = _match_list("pickerMatches")
        self.matches.itemActivated.connect(lambda _item: self.accept())
        self.matches.currentItemChanged.connect(lambda *_args: self._update_ok())
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("&Choose"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("Its complaints move to the customer you are looking at,"
                                  " and it disappears from look-ups."), wordWrap=True))
        layout.addWidget(find_label)
        layout.addWidget(self.search)
        layout.addWidget(self.matches, 1)
        layout.addWidget(self.buttons)
        self.resize(420, 360)
        self._update_ok()

    def _find(self, text: str) -> None:
        self.matches.clear()
        for customer in customers.find_customers(text, limit=MATCHES + 1):
            if customer.id != self.leave_out:
                self.matches.addItem(_match_item(customer))
        if self.matches.count():
            self.matches.setCurrentRow(0)
        self._update_ok()

    def _update_ok(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(
            self.matches.currentItem() is not None)

    def chosen(self) -> int | None:
        item = self.matches.currentItem()
        return None if item is None else int(item.data(ID_ROLE))


class CustomerDialog(QDialog):
    """Customers: look one up as you type, edit, history, and the manager's merge, export, anonymise.

    Emits ``open_complaint(id)`` when a complaint in the history is opened (double-click
    or Enter) and ``changed()`` after any write.

    Nothing typed is lost: going to another customer, merging or closing (Close, Esc,
    the window's close button) while the details on screen have unsaved edits asks
    first: Save, Discard or Cancel. A screen lock cannot ask (nobody is there) and must
    not leave the person's details on screen: ``put_away`` hides the edits and keeps
    them as a draft, ``come_back`` returns them to the person who typed them.
    """

    open_complaint = Signal(int)
    changed = Signal()

    def __init__(self, actor: Staff, customer_id: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.customer: Customer | None = None
        self.picker: CustomerPicker | None = None
        self.confirm_box: QMessageBox | None = None
        self.file_dialog: QFileDialog | None = None
        self._merge_id: int | None = None
        self._then: Callable[[], None] | None = None  # what waits on the unsaved-changes question
        self._quiet = False  # closing for a screen lock or another person: no question
        self.setObjectName("customersDialog")
        self.setWindowTitle(_("Customers"))
        self._timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.search_now)
        self._build()
        self.resize(980, 640)
        self._load(customer_id)
        self.search_now()
        self.search.setFocus()

    # --- construction -------------------------------------------------
    def _build(self) -> None:
        self.search = QLineEdit(objectName="customerSearch")
        self.search.setPlaceholderText(_("Name, phone or e-mail"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(_("Find a customer"))
        self.search.textChanged.connect(lambda _text: self._timer.start())
        self.search.returnPressed.connect(self._search_and_pick)
        find_label = QLabel(_("&Find:"))
        find_label.setBuddy(self.search)
        self.matches = _match_list("customerMatches")
        self.matches.currentItemChanged.connect(self._match_changed)
        self.list_caption = QLabel(objectName="matchesCaption")
        self.list_caption.setProperty("role", "muted")
        self.no_matches = QLabel(objectName="noMatches")
        self.no_matches.setProperty("role", "muted")
        self.no_matches.setWordWrap(True)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(find_label)
        left_layout.addWidget(self.search)
        left_layout.addWidget(self.no_matches)  # under the box typed in, where the eye is
        left_layout.addWidget(self.list_caption)
        left_layout.addWidget(self.matches, 1)

        self.name = QLineEdit(objectName="customerName")
        self.phone = QLineEdit(objectName="customerPhone")
        self.email = QLineEdit(objectName="customerEmail")
        self.consent = QCheckBox(_("Agrees to be &contacted"), objectName="customerConsent")
        self.notes = QPlainTextEdit(objectName="customerNotes")
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(self.fontMetrics().lineSpacing() * 4)
        for widget, name in ((self.name, _("Name")), (self.phone, _("Phone")),
                             (self.email, _("E-mail")), (self.notes, _("Notes"))):
            widget.setAccessibleName(name)
        self.state = QLabel(objectName="customerState")
        self.state.setProperty("role", "muted")
        self.state.setWordWrap(True)
        self.error = QLabel(objectName="formError")
        self.error.setProperty("role", "error")
        self.error.setWordWrap(True)
        self.error.hide()
        self.save_button = QPushButton(_("&Save changes"), objectName="saveCustomer")
        self.save_button.clicked.connect(self.save)
        form = QFormLayout()
        for caption, widget in ((_("&Name:"), self.name), (_("&Phone:"), self.phone),
                                (_("&E-mail:"), self.email)):
            label = QLabel(caption)
            label.setBuddy(widget)
            form.addRow(label, widget)
        form.addRow("", self.consent)
        notes_label = QLabel(_("No&tes:"))
        notes_label.setBuddy(self.notes)
        form.addRow(notes_label, self.notes)
        save_row = QHBoxLayout()
        save_row.addWidget(self.error, 1)
        save_row.addStretch(0)
        save_row.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignTop)
        self.details = QGroupBox(_("Details"))
        details_layout = QVBoxLayout(self.details)
        details_layout.addWidget(self.state)
        details_layout.addLayout(form)
        details_layout.addLayout(save_row)

        self.history = QTreeWidget(objectName="customerHistory")
        self.history.setHeaderLabels([_("Reference"), _("Received"), _("Status"), _("Category"),
                                      _("Summary")])
        self.history.setAccessibleName(_("History"))
        self.history.setRootIsDecorated(True)
        self.history.setUniformRowHeights(True)
        self.history.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.history.header().setStretchLastSection(True)
        self.history.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.history.itemActivated.connect(self._history_activated)
        history_label = QLabel(_("&History"))
        history_label.setProperty("role", "section")
        history_label.setBuddy(self.history)
        history_hint = QLabel(_("Double-click a complaint, or press Enter, to open it."))
        history_hint.setProperty("role", "muted")
        history_line = QHBoxLayout()
        history_line.addWidget(history_label)
        history_line.addWidget(history_hint, 1, Qt.AlignmentFlag.AlignBottom)

        self.merge_button = QPushButton(_("&Merge a duplicate into this one…"),
                                        objectName="mergeCustomer")
        self.merge_button.clicked.connect(self.start_merge)
        self.export_button = QPushButton(_("E&xport data…"), objectName="exportCustomer")
        self.export_button.clicked.connect(self.start_export)
        self.anonymise_button = QPushButton(_("&Anonymise…"), objectName="anonymiseCustomer")
        self.anonymise_button.clicked.connect(self.start_anonymise)
        self.close_button = QPushButton(_("C&lose"), objectName="closeCustomers")
        self.close_button.clicked.connect(self.close)
        actions = QHBoxLayout()
        for button in (self.merge_button, self.export_button, self.anonymise_button):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.close_button)
        self.status = QLabel(objectName="customerStatus")
        self.status.setProperty("role", "muted")
        self.status.setWordWrap(True)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.details)
        right_layout.addLayout(history_line)
        right_layout.addWidget(self.history, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([300, 680])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.status)
        layout.addLayout(actions)
        for first, second in ((self.search, self.matches), (self.matches, self.name),
                              (self.name, self.phone), (self.phone, self.email),
                              (self.email, self.consent), (self.consent, self.notes),
                              (self.notes, self.save_button), (self.save_button, self.history),
                              (self.history, self.merge_button),
                              (self.merge_button, self.export_button),
                              (self.export_button, self.anonymise_button),
                              (self.anonymise_button, self.close_button)):
            QWidget.setTabOrder(first, second)

    # --- finding ------------------------------------------------------
    def search_now(self) -> None:
        """List the customers matching the search box (the chosen one stays chosen if listed)."""
        self._timer.stop()
        text = self.search.text()
        keep = self.customer.id if self.customer is not None else None
        typed = bool(text.strip())
        found = customers.find_customers(text, limit=MATCHES) if typed else customers.recent_customers(limit=MATCHES)
        self.list_caption.setText("" if typed or not found else _("Customers with the latest complaints:"))
        self.list_caption.setVisible(bool(self.list_caption.text()))
        self.matches.blockSignals(True)
        self.matches.clear()
        for customer in found:
            item = _match_item(customer)
            self.matches.addItem(item)
            if customer.id == keep:
                self.matches.setCurrentItem(item)
        self.matches.blockSignals(False)
        if typed and not found:
            self.no_matches.setText(_("No customer matches “{text}”.").format(text=text.strip()))
        else:
            self.no_matches.setText("" if found else _("Type a name, phone number or e-mail address."))
        self.no_matches.setVisible(bool(self.no_matches.text()))

    def _search_and_pick(self) -> None:
        """Enter in the search box: search now and take the first match."""
        self.search_now()
        if self.matches.count():
            self.matches.setCurrentRow(0)
            self.matches.setFocus()

    def _match_changed(self, item: QListWidgetItem | None, _previous: object = None) -> None:
        if item is not None:
            self.show_customer(int(item.data(ID_ROLE)))

    def _select_match(self, customer_id: int | None) -> None:
        """Mark ``customer_id`` in the matches (no mark when it is not listed) without going to it."""
        row = next((n for n in range(self.matches.count())
                    if self.matches.item(n).data(ID_ROLE) == customer_id), -1)
        self.matches.blockSignals(True)
        self.matches.setCurrentRow(row)
        self.matches.blockSignals(False)

    # --- showing ------------------------------------------------------
    def show_customer(self, customer_id: int | None) -> None:
        """Go to ``customer_id`` (None: nobody), asking first when the details shown have unsaved edits.

        The question does not wait (the dialog stays responsive to the rest of the
        app): until it is answered the matches keep the customer on screen marked,
        and Cancel leaves the form exactly as typed.
        """
        current = self.customer.id if self.customer is not None else None
        if not self.has_unsaved_changes():
            self._load(customer_id)
            return
        self._select_match(current)
        if customer_id == current:
            return  # already here, edits and all
        self._settle_edits_then(lambda: self._go_to(customer_id), _(
            "You changed this customer's details. Save them before going to another"
            " customer, or discard the changes; Cancel keeps them on screen."))

    def _go_to(self, customer_id: int | None) -> None:
        self._load(customer_id)
        self._select_match(customer_id)

    def has_unsaved_changes(self) -> bool:
        """Whether the form differs from the stored details (white space aside: saving trims it)."""
        c = self.customer
        if c is None or self.name.isReadOnly():
            return False
        return (" ".join(self.name.text().split()) != c.name or self.phone.text().strip() != c.phone
                or self.email.text().strip() != c.email or self.consent.isChecked() != bool(c.contact_consent)
                or self.notes.toPlainText().strip() != c.notes)

    def _settle_edits_then(self, then: Callable[[], None], why: str) -> None:
        """Ask Save, Discard or Cancel about the unsaved edits; ``then`` follows Save or Discard.

        Asked while the question is already up, the newest ``then`` is the one that waits.
        """
        self._then = then
        if self.confirm_box is None:
            self._ask_to_save(why)

    def _ask_to_save(self, why: str) -> None:
        assert self.customer is not None
        box = QMessageBox(QMessageBox.Icon.Question, _("Unsaved changes"),
                          _("Save changes to “{name}”?").format(name=self.customer.name),
                          QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                          | QMessageBox.StandardButton.Cancel, self)
        box.setObjectName("confirmSaveChanges")
        box.setInformativeText(why)
        box.setDefaultButton(QMessageBox.StandardButton.Save)
        box.finished.connect(lambda _result: self._save_answered(box.standardButton(box.clickedButton())))
        self._open_confirm(box)

    def _save_answered(self, answer: QMessageBox.StandardButton) -> None:
        self.confirm_box = None
        then, self._then = self._then, None
        if answer == QMessageBox.StandardButton.Save:
            if not self.save():
                return  # the refusal is shown beside the form, which keeps what was typed
        elif answer == QMessageBox.StandardButton.Discard:
            self._load(self.customer.id if self.customer is not None else None)  # the stored details again
        else:
            return  # Cancel or Esc: stay, with the edits
        if then is not None:
            then()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter saves from the details and presses a focused button (the search box and the
        history act on it themselves); it never clicks a button the keyboard is not on.

        Left to QDialog, Enter would also click its implicit default button, "Save changes":
        from the search box it saved the details on screen, edits and all, without asking,
        while the look-up moved on to the next customer.
        """
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self.focusWidget() in (self.name, self.phone, self.email, self.consent):
                self.save()
            return
        super().keyPressEvent(event)

    def reject(self) -> None:
        """Close, Esc or the window's close button: with unsaved edits, ask first (Cancel stays open)."""
        if self._quiet:
            super().reject()  # the edits wait as a draft
            return
        parent = self.parentWidget()
        if parent is not None and not parent.isVisible():
            # Closed with the main window, as SmallCS quits: too late for a question, so the
            # edits wait as a draft, offered at the next log-in (as quick entry does).
            self._keep_as_draft()
            super().reject()
            return
        if not self.has_unsaved_changes():
            self._forget_draft()
            super().reject()
            return
        self._settle_edits_then(super().reject, _(
            "You changed this customer's details. Save them before closing, or discard the"
            " changes; Cancel keeps them on screen."))

    # --- the screen lock ----------------------------------------------
    def edits(self) -> dict[str, Any]:
        """The details as typed, as a draft keeps them."""
        assert self.customer is not None
        return {"customer_id": self.customer.id, "name": self.name.text(), "phone": self.phone.text(),
                "email": self.email.text(), "contact_consent": self.consent.isChecked(),
                "notes": self.notes.toPlainText()}

    def restore_edits(self, data: dict[str, Any]) -> bool:
        """Type a draft's edits back over the stored details of the customer on screen.

        Returns:
            Whether they were: not when another customer is on screen, or this one is read-only.
        """
        if self.customer is None or self.customer.id != data.get("customer_id") or self.name.isReadOnly():
            return False
        for edit, key in ((self.name, "name"), (self.phone, "phone"), (self.email, "email")):
            edit.setText(str(data.get(key, edit.text())))
        self.consent.setChecked(bool(data.get("contact_consent", self.consent.isChecked())))
        self.notes.setPlainText(str(data.get("notes", self.notes.toPlainText())))
        return True

    def save_draft_now(self) -> None:
        """Keep the unsaved edits as the actor's draft (also called by the crash handler)."""
        if self.has_unsaved_changes():
            drafts.save_draft(self.actor, drafts.CUSTOMER, self.edits())

    def _keep_as_draft(self) -> None:
        """``save_draft_now`` where nobody can be asked: a failure is logged, never shown."""
        try:
            self.save_draft_now()
        except SmallCSError:
            log.warning("could not keep the unsaved customer edits as a draft", exc_info=True)

    def _forget_draft(self) -> None:
        """The edits on screen were saved, discarded or shown again: a draft of them (kept by a
        lock or the crash handler) would only offer them once more. A draft of another
        customer's edits stays."""
        if self.customer is None:
            return
        try:
            if any(d.form == drafts.CUSTOMER and d.data.get("customer_id") == self.customer.id
                   for d in drafts.pending_drafts(self.actor)):
                drafts.discard_draft(self.actor, drafts.CUSTOMER)
        except SmallCSError:
            pass  # offered at the next log-in, where it can be discarded; nothing is lost

    def put_away(self) -> bool:
        """The screen locks: no question, and no personal details left on screen.

        Any question or picker open over the dialog is cancelled. Without unsaved
        edits the dialog closes; with them it hides, keeping them, and keeps them as
        a draft as well, so neither a crash nor another person logging in loses them.

        Returns:
            Whether the dialog is kept (hidden) for ``come_back``.
        """
        for child in (self.confirm_box, self.picker, self.file_dialog):
            if child is not None:
                child.reject()
        if not self.has_unsaved_changes():
            self.close()
            return False
        self._keep_as_draft()
        self.hide()
        return True

    def come_back(self, staff: Staff) -> bool:
        """After the lock: the person who typed the edits gets them back on screen; for anyone
        else the dialog closes without a question, the edits waiting as the typist's draft
        (offered at their next log-in, see ``offer_draft``).

        Returns:
            Whether the dialog is on screen again.
        """
        if staff.id != self.actor.id:
            self._keep_as_draft()  # already kept by put_away; again, in case the lock did not go through it
            self._quiet = True
            self.close()
            return False
        self._forget_draft()  # on screen again
        self.show()
        self.raise_()
        self.activateWindow()
        return True

    def _load(self, customer_id: int | None) -> None:
        """Show ``customer_id`` afresh from the database (None: nobody chosen); edits on screen are replaced."""
        self.error.hide()
        self.customer = customers.get_customer(customer_id) if customer_id is not None else None
        c = self.customer
        editable = c is not None and c.anonymised_at is None and c.merged_into_id is None
        self.name.setText(c.name if c else "")
        self.phone.setText(c.phone if c else "")
        self.email.setText(c.email if c else "")
        self.consent.setChecked(bool(c.contact_consent) if c else False)
        self.notes.setPlainText(c.notes if c else "")
        for widget in (self.name, self.phone, self.email, self.notes):
            widget.setReadOnly(not editable)
        self.consent.setEnabled(editable)
        self.save_button.setEnabled(editable)
        zone = settings.get_profile().zone
        if c is None:
            self.state.setText(_("Find a customer on the left to see and edit their details."))
        elif c.anonymised_at is not None:
            self.state.setText(_("Anonymised on {when}: the person's details were removed;"
                                 " their complaints stay for the figures.").format(
                when=local_time(c.anonymised_at, zone)))
        elif c.merged_into_id is not None:
            self.state.setText(_("Merged into another record; edit that one."))
        else:
            self.state.setText(_("Customer since {when}.").format(when=local_time(c.created_at, zone)))
        self._show_history(zone)
        self._update_buttons()

    def _show_history(self, zone: ZoneInfo) -> None:
        self.history.clear()
        if self.customer is None:
            return
        history = customers.customer_history(self.customer.id)
        for entry in history.entries:
            c = entry.complaint
            item = QTreeWidgetItem([c.reference, local_time(c.received_at, zone),
                                    labels.status(c.status), c.category.name, c.summary])
            item.setData(0, ID_ROLE, c.id)
            item.setToolTip(4, c.summary)
            for answer in entry.answers:
                child = QTreeWidgetItem(["", local_time(answer.submitted_at, zone),
                                         _("Survey answer"), "", _answer_text(answer)])
                child.setData(0, ID_ROLE, c.id)
                child.setToolTip(4, child.text(4))
                item.addChild(child)
            self.history.addTopLevelItem(item)
        self.history.expandAll()
        if not history.entries:
            empty = QTreeWidgetItem(["", "", "", "", _("No complaints yet.")])
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            self.history.addTopLevelItem(empty)

    def _update_buttons(self) -> None:
        c = self.customer
        active = c is not None and c.anonymised_at is None and c.merged_into_id is None
        for button, action in ((self.merge_button, "customer.merge"),
                               (self.export_button, "customer.export"),
                               (self.anonymise_button, "customer.anonymise")):
            button.setVisible(allowed(self.actor, action))
        self.merge_button.setEnabled(active)
        self.anonymise_button.setEnabled(active)
        self.export_button.setEnabled(c is not None and c.merged_into_id is None)

    def _history_activated(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        complaint_id = item.data(0, ID_ROLE)
        if complaint_id is not None:
            self.open_complaint.emit(int(complaint_id))

    def set_actor(self, actor: Staff) -> None:
        """Another person logged in: the buttons follow their role."""
        self.actor = actor
        self._update_buttons()

    # --- writing ------------------------------------------------------
    def _done(self, text: str) -> None:
        self.status.setText(text)
        self.changed.emit()

    def save(self) -> bool:
        """Save the edited details; a refusal is shown under the form and changes nothing.

        Returns:
            Whether the details were saved.
        """
        if self.customer is None:
            return False
        try:
            saved = customers.update_customer(
                self.actor, self.customer.id, name=self.name.text(), phone=self.phone.text(),
                email=self.email.text(), contact_consent=self.consent.isChecked(),
                notes=self.notes.toPlainText())
        except ValidationError as exc:
            self.error.setText(str(exc))
            self.error.show()
            field = {"name": self.name, "phone": self.phone, "email": self.email,
                     "notes": self.notes}.get(exc.field or "")
            if field is not None:
                field.setFocus()
            return False
        except SmallCSError as exc:
            show_refusal(self, _("Not saved"), str(exc))
            return False
        self._load(saved.id)
        self._forget_draft()
        self.search_now()
        self._done(_("Saved."))
        return True

    def start_merge(self) -> None:
        """Pick the duplicate record, then confirm (nothing waits on either box).

        The merge rewrites the record on screen, so unsaved edits are saved or
        discarded first: the question comes before the picker.
        """
        if self.customer is None:
            return
        if self.has_unsaved_changes():
            self._settle_edits_then(self.start_merge, _(
                "You changed this customer's details. Save them before merging, or discard the"
                " changes; Cancel keeps them on screen."))
            return
        picker = CustomerPicker(leave_out=self.customer.id, parent=self)
        picker.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        picker.accepted.connect(lambda: self._confirm_merge(picker.chosen()))
        picker.destroyed.connect(lambda: setattr(self, "picker", None))
        self.picker = picker
        picker.open()

    def _confirm_merge(self, merge_id: int | None) -> None:
        if self.customer is None or merge_id is None:
            return
        dupe = customers.get_customer(merge_id)
        moving = customers.customer_history(merge_id).complaints
        refs = ", ".join(c.reference for c in moving)
        text = _("Merge “{dupe}” into “{keep}”?").format(dupe=customer_label(dupe),
                                                          keep=self.customer.name)
        moves = ngettext("Its {n} complaint ({refs}) moves to “{keep}”.",
                         "Its {n} complaints ({refs}) move to “{keep}”.", len(moving)).format(
            n=len(moving), refs=refs, keep=self.customer.name) if moving else \
            _("It has no complaints to move.")
        details = _("Its phone number, e-mail address and notes fill any gaps in “{keep}”; the"
                    " duplicate disappears from look-ups. The merge is recorded in the audit"
                    " log.").format(keep=self.customer.name)
        box = QMessageBox(QMessageBox.Icon.Question, _("Merge customers"), text,
                          QMessageBox.StandardButton.Cancel, self)
        box.setObjectName("confirmMerge")
        box.setInformativeText(f"{moves}\n\n{details}")
        merge = box.addButton(_("&Merge"), QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        self._merge_id = merge_id
        box.finished.connect(lambda _result: self._merge_answered(box.clickedButton() is merge))
        self._open_confirm(box)

    def _merge_answered(self, yes: bool) -> None:
        self.confirm_box = None
        merge_id, self._merge_id = self._merge_id, None
        if not yes or self.customer is None or merge_id is None:
            return
        try:
            kept = customers.merge_customers(self.actor, keep_id=self.customer.id, merge_id=merge_id)
        except SmallCSError as exc:
            show_refusal(self, _("Not merged"), str(exc))
            return
        self._load(kept.id)
        self.search_now()
        self._done(_("Merged: the duplicate's complaints are now with “{name}”.").format(name=kept.name))

    def start_anonymise(self) -> None:
        """Confirm, then remove the person (complaints stay for the figures)."""
        if self.customer is None:
            return
        count = len(customers.customer_history(self.customer.id).complaints)
        box = QMessageBox(QMessageBox.Icon.Warning, _("Anonymise customer"),
                          _("Anonymise “{name}”? This cannot be undone.").format(
                              name=self.customer.name),
                          QMessageBox.StandardButton.Cancel, self)
        box.setObjectName("confirmAnonymise")
        box.setInformativeText(ngettext(
            "The name, phone number, e-mail address and notes are removed for good, also from"
            " records merged into this one. The {n} complaint stays, without the person, so the"
            " shop's figures stay right.",
            "The name, phone number, e-mail address and notes are removed for good, also from"
            " records merged into this one. The {n} complaints stay, without the person, so the"
            " shop's figures stay right.", count).format(n=count))
        anonymise = box.addButton(_("&Anonymise"), QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.finished.connect(lambda _result: self._anonymise_answered(box.clickedButton() is anonymise))
        self._open_confirm(box)

    def _anonymise_answered(self, yes: bool) -> None:
        self.confirm_box = None
        if not yes or self.customer is None:
            return
        try:
            gone = customers.anonymise_customer(self.actor, self.customer.id)
        except SmallCSError as exc:
            show_refusal(self, _("Not anonymised"), str(exc))
            return
        self._load(gone.id)
        self.search_now()
        self._done(_("Anonymised: the person's details are removed; the complaints stay."))

    def _open_confirm(self, box: QMessageBox) -> None:
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.confirm_box = box
        box.open()

    def start_export(self) -> None:
        """Ask where to save the customer's data (opened, not exec'd), then write it."""
        if self.customer is None:
            return
        dialog = ask_save_path(self, _("Export customer data"), "customer", f"customer-{self.customer.id}.json",
                               _("JSON files (*.json)"), lambda path: self.export_to(str(path)))
        dialog.setObjectName("exportCustomerFile")
        dialog.destroyed.connect(lambda: setattr(self, "file_dialog", None))
        self.file_dialog = dialog

    def export_to(self, path: str) -> None:
        """Write the customer's data to ``path``; a refusal is shown, nothing is left behind."""
        if self.customer is None or not path:
            return
        try:
            written = customers.export_customer_data(self.actor, self.customer.id, path)
        except SmallCSError as exc:
            show_refusal(self, _("Export failed"), str(exc))
            return
        self._done(_("The customer's data is written to {path}. It holds personal data:"
                     " keep it safe and delete it once handed over.").format(path=written))


def offer_draft(window: MainWindow) -> QMessageBox | None:
    """After a log-in: offer back the customer edits a screen lock kept for this person.

    They were kept as a draft when the screen locked and someone else logged in
    (or the app ended) before the typist came back. One question at a time: it
    waits for the window's "restore the complaint?" question when that is up.

    Returns:
        The question (object name ``customerDraftOffer``), or None when there is nothing to offer.
    """
    staff = window.staff
    if staff is None or window.is_locked() or window.customers_dialog is not None:
        return None
    if window.draft_box is not None:
        window.draft_box.finished.connect(lambda _result: QTimer.singleShot(0, lambda: offer_draft(window)))
        return None
    pending = next((d for d in drafts.pending_drafts(staff) if d.form == drafts.CUSTOMER), None)
    if pending is None:
        return None
    customer_id = pending.data.get("customer_id")
    try:
        customer = customers.get_customer(customer_id) if isinstance(customer_id, int) else None
    except NotFound:
        customer = None
    if customer is None or customer.anonymised_at is not None or customer.merged_into_id is not None:
        # Removed, anonymised or merged away since: the edits have no record to go on.
        log.info("dropping a customer draft of staff %s: the record is gone", staff.id)
        drafts.discard_draft(staff, drafts.CUSTOMER)
        return None
    when = locale_format.date_time(clock.to_local(pending.updated_at, settings.get_profile().zone))
    data = pending.data

    def answered(restore: bool) -> None:
        if not restore:
            drafts.discard_draft(staff, drafts.CUSTOMER)
            return
        window.show_customers(customer_id)
        dialog = window.customers_dialog
        if dialog is not None and dialog.restore_edits(data):
            drafts.discard_draft(staff, drafts.CUSTOMER)  # on screen again, as after an unlock
        # Otherwise other edits are being settled in the dialog: the draft stays for the next log-in.

    return ask_to_restore(
        window, _("Unsaved customer details"),
        _("You have unsaved changes to the customer “{name}” from {when}. Restore them?").format(
            name=customer.name, when=when),
        answered, informative=_("They were put aside, unsaved, when the screen locked or SmallCS stopped."),
        name="customerDraftOffer")
