"""A day at the counter on the demo shop, with the keyboard alone.

Priya logs in and takes a phone complaint from a regular customer, a walk-in
from someone new (sorted out on the spot), then works yesterday's open
complaint through to the end: a suggested step, a canned note, an escalation,
the resolution with compensation and a follow-up. She checks the follow-ups,
locks the screen for a break, comes back, and hands the counter to Tom.

Every action is a key press sent to whatever has the keyboard focus, as a real
keyboard would: when focus is lost, or something cannot be reached without the
mouse, the next key goes nowhere and the test fails there. What is checked in
between is read from the widgets and the database, never done through them.
The test does two things a person does not: it hands the logged-in person to the
window as ``sign_in`` does, and, after a dialog or pop-up closes, gives the window
back the keyboard as a window manager would (``back_in``; offscreen has none).
"""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from smallcs import accounts, clock, complaints, demo, settings
from smallcs.complaints import ComplaintFilter
from smallcs.complaints.workflow import ACTIVE
from smallcs.models import AuditEvent, Complaint, Customer, ResolutionStep, Staff
from smallcs.models.enums import Channel, Outcome, Status, StepKind
from smallcs.ui.complaint_desk.filters import end_of_today
from smallcs.ui.complaint_desk.quick_entry import QuickEntryDialog
from smallcs.ui.login_dialog import LoginDialog
from smallcs.ui.main_window import MainWindow
from tests.ui.complaint_desk import conftest as complaint_desk

_background_reads_finish = complaint_desk._background_reads_finish  # no list read outlives the database

PRIYA_PASSWORD = "priya-counter-7"
TOM_PASSWORD = "tom-afternoon-4"
Mod = Qt.KeyboardModifier


# --- the keyboard ------------------------------------------------------------------------


def focused() -> QWidget:
    """Where the next key goes: an open pop-up (a completer's list), else the focus widget."""
    popup = QApplication.activePopupWidget()
    widget = (popup.focusWidget() or popup) if popup is not None else QApplication.focusWidget()
    assert widget is not None, "the keyboard focus is nowhere: the next key would be lost"
    return widget


def press(qtbot: QtBot, key: Qt.Key, modifier: Qt.KeyboardModifier = Mod.NoModifier, times: int = 1) -> None:
    """Press ``key`` where the keyboard focus is."""
    for _n in range(times):
        qtbot.keyClick(focused(), key, modifier)


def type_text(qtbot: QtBot, text: str) -> None:
    """Type ``text`` (ASCII) where the keyboard focus is."""
    qtbot.keyClicks(focused(), text)


def tab_to(qtbot: QtBot, target: QWidget, most: int = 12) -> None:
    """Press Tab until ``target`` has the focus, as a user watching the screen would."""
    for _n in range(most):
        if focused() is target:
            return
        press(qtbot, Qt.Key.Key_Tab)
    assert focused() is target, f"Tab never reached {target.objectName() or target}"


def active_dialog(qtbot: QtBot) -> QWidget:
    """The dialog that has just come up, once it holds the keyboard."""
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is not None
                    and QApplication.activeModalWidget().isActiveWindow(), timeout=3000)
    return QApplication.activeModalWidget()


def back_in(qtbot: QtBot, window: QWidget) -> None:
    """A dialog has closed: the desktop gives its window the keyboard back.

    A window manager does that by itself; the offscreen platform has none, so the
    test does it. Where the focus lands inside the window is the app's doing.
    """
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


# --- the shop -----------------------------------------------------------------------------


@pytest.fixture
def demo_shop(db: object) -> None:
    """The demo shop (a year of history up to now); the owner has set passwords for two clerks."""
    demo.load_demo()
    owner = Staff.get(Staff.username == demo.DEMO_OWNER_USERNAME)
    accounts.change_password(owner, "priya", PRIYA_PASSWORD)
    accounts.change_password(owner, "tom", TOM_PASSWORD)


def log_in(qtbot: QtBot, db_label: str) -> MainWindow:
    """The log-in dialog as at start-up: user name, Enter, password, Enter; then the window."""
    window = MainWindow(None, db_label)  # built behind the dialog, as sign_in does
    qtbot.add_widget(window)
    dialog = LoginDialog(settings.get_profile().name)
    qtbot.add_widget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    type_text(qtbot, "priya")
    press(qtbot, Qt.Key.Key_Return)
    type_text(qtbot, PRIYA_PASSWORD)
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.staff is not None, timeout=5000)
    window.set_staff(dialog.staff)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def settle(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: not window.complaints_page.model.is_loading(), timeout=5000)


def newest_complaint() -> Complaint:
    return Complaint.select().order_by(Complaint.id.desc()).get()


# --- the day ------------------------------------------------------------------------------


def phone_complaint_from_a_regular(qtbot: QtBot, window: MainWindow) -> Complaint:
    """Ctrl+N, Phone, the caller found by part of their number, category, summary, Ctrl+S."""
    caller = (Customer.select().where(Customer.phone != "", Customer.anonymised_at.is_null(),
                                      Customer.merged_into.is_null())
              .order_by(Customer.id).first())
    digits = "".join(ch for ch in caller.phone if ch.isdigit())[-6:]
    press(qtbot, Qt.Key.Key_N, Mod.ControlModifier)
    form = window.quick_entry
    assert isinstance(form, QuickEntryDialog)
    qtbot.waitUntil(form.isActiveWindow)
    assert focused() is form.channel
    press(qtbot, Qt.Key.Key_Down)                     # In person -> Phone
    assert form.channel.currentData() == Channel.PHONE.value
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is form.lookup
    type_text(qtbot, digits)
    qtbot.waitUntil(lambda: form.matches.count() >= 1)
    press(qtbot, Qt.Key.Key_Down)
    row = next(n for n in range(form.matches.count())
               if form.matches.item(n).data(Qt.ItemDataRole.UserRole) == caller.id)
    press(qtbot, Qt.Key.Key_Down, times=row)
    press(qtbot, Qt.Key.Key_Return)
    assert form.customer_id == caller.id
    assert focused() is form.category
    type_text(qtbot, "Bi")                            # keyboard search in the list: Billing error
    assert form.category.currentText() == "Billing error"
    tab_to(qtbot, form.summary)
    type_text(qtbot, "Charged twice for a drill")
    press(qtbot, Qt.Key.Key_S, Mod.ControlModifier)
    qtbot.waitUntil(lambda: window.quick_entry is None)
    back_in(qtbot, window)
    complaint = newest_complaint()
    assert (complaint.channel, complaint.customer_id, complaint.summary) == \
        (Channel.PHONE, caller.id, "Charged twice for a drill")
    assert complaint.category.name == "Billing error"
    assert complaint.created_by.username == "priya"
    assert complaint.call_duration_seconds is not None
    assert window.complaints_page.detail.title.text() == complaint.reference
    return complaint


def walk_in_sorted_out_on_the_spot(qtbot: QtBot, window: MainWindow) -> Complaint:
    """Ctrl+N for someone new at the counter: the customer made inline, resolved on the spot."""
    press(qtbot, Qt.Key.Key_N, Mod.ControlModifier)
    form = window.quick_entry
    assert isinstance(form, QuickEntryDialog)
    qtbot.waitUntil(form.isActiveWindow)
    assert form.channel.currentData() == Channel.IN_PERSON.value  # the default at the counter
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "Gemma Stonebridge")
    press(qtbot, Qt.Key.Key_U, Mod.AltModifier)       # New c&ustomer: takes the typed name
    qtbot.waitUntil(form.new_customer.isChecked)
    assert form.new_name.text() == "Gemma Stonebridge"
    tab_to(qtbot, form.new_phone)
    type_text(qtbot, "07700 900123")
    tab_to(qtbot, form.category)
    type_text(qtbot, "W")                             # Waiting time
    assert form.category.currentText() == "Waiting time"
    tab_to(qtbot, form.summary)
    type_text(qtbot, "Waited 20 minutes at the till")
    press(qtbot, Qt.Key.Key_S, Mod.AltModifier)       # Resolved on the &spot
    qtbot.waitUntil(form.on_the_spot.isChecked)
    press(qtbot, Qt.Key.Key_Return, Mod.ControlModifier)
    qtbot.waitUntil(lambda: window.quick_entry is None)
    back_in(qtbot, window)
    complaint = newest_complaint()
    customer = Customer.get_by_id(complaint.customer_id)
    assert (customer.name, customer.phone) == ("Gemma Stonebridge", "07700 900123")
    assert complaint.summary == "Waited 20 minutes at the till"
    assert (complaint.status, complaint.resolved_at_first_contact) == (Status.RESOLVED, True)
    assert complaint.first_response_at is not None and complaint.resolved_at is not None
    detail = window.complaints_page.detail
    assert (detail.title.text(), detail.state.text()) == (complaint.reference, "Resolved")
    return complaint


def yesterdays_open_complaint() -> tuple[Complaint, str]:
    """The newest complaint from an earlier day still open with a suggested step to take, and a
    word from its steps that finds it.

    The word appears in a step but not in the summary, description or order, so
    only the search over steps finds it; of those, the one that finds the fewest
    complaints, as the clerk remembers it.
    """
    zone = settings.get_profile().zone
    today = clock.to_local(clock.utcnow(), zone).date()
    start_of_today = clock.to_utc(dt.datetime.combine(today, dt.time()), zone)
    earlier_open = (Complaint.select()
                    .where(Complaint.received_at < start_of_today,
                           Complaint.status.in_([s.value for s in ACTIVE]))
                    .order_by(Complaint.received_at.desc()))
    for complaint in earlier_open:
        if open_suggestion(complaint) is None:
            continue
        elsewhere = f"{complaint.summary} {complaint.description} {complaint.order_reference}".lower()
        words = {word.strip(".,;:'!?()").lower() for step in complaints.steps_of(complaint.id)
                 for word in step.text.split()}
        # (ASCII: the test types it with QTest, which aborts on a letter such as "é")
        candidates = sorted(w for w in words if len(w) >= 5 and w.isascii() and w.isalpha() and w not in elsewhere)
        if candidates:
            word = min(candidates, key=lambda w: complaints.count_complaints(ComplaintFilter(text=w)))
            return complaint, word
    raise AssertionError("the demo data has no open complaint from an earlier day to work on")


def open_suggestion(complaint: Complaint) -> int | None:
    """The first suggested step of the complaint's category that is not on its timeline yet
    (and is a plain step: an escalation has its own dialog)."""
    texts = [s.text for s in complaints.steps_of(complaint.id)]
    return next((n for n, s in enumerate(complaints.suggested_steps(complaint.category_id))
                 if not s.needs_workflow and not any(s.text in text for text in texts)), None)


def find_and_open(qtbot: QtBot, window: MainWindow, complaint: Complaint, word: str) -> None:
    """Ctrl+F, a word, Enter into the results, arrows to the complaint, Enter to work on it."""
    page = window.complaints_page
    press(qtbot, Qt.Key.Key_F, Mod.ControlModifier)
    assert focused() is page.filters.search
    type_text(qtbot, word)
    press(qtbot, Qt.Key.Key_Return)
    assert focused() is page.table
    settle(qtbot, window)
    found = [page.model.row_at(n).id for n in range(page.model.rowCount())]
    assert complaint.id in found and page.model.total() == len(found)
    press(qtbot, Qt.Key.Key_Home)
    press(qtbot, Qt.Key.Key_Down, times=found.index(complaint.id))
    assert page.detail.complaint.id == complaint.id
    press(qtbot, Qt.Key.Key_Return)                   # work on it: the keyboard goes to the step note
    assert focused() is page.detail.step_entry.text


def steps_of(complaint: Complaint) -> list[tuple[str, str, str]]:
    return [(s.kind, s.text, s.staff.username) for s in ResolutionStep.select()
            .where(ResolutionStep.complaint == complaint.id).order_by(ResolutionStep.id)]


def tick_a_suggested_step(qtbot: QtBot, window: MainWindow, complaint: Complaint) -> None:
    """Tab from the note to the category's suggested steps; Space on one puts it on the timeline."""
    detail = window.complaints_page.detail
    suggestions = complaints.suggested_steps(complaint.category_id)
    index = open_suggestion(complaint)
    assert index is not None
    before = steps_of(complaint)
    tab_to(qtbot, detail.suggestions)
    assert detail.suggestions.currentRow() == 0       # the list starts on its first item
    press(qtbot, Qt.Key.Key_Down, times=index)
    assert detail.suggestions.currentRow() == index
    press(qtbot, Qt.Key.Key_Space)                    # the one keystroke
    assert steps_of(complaint) == [*before, (suggestions[index].kind.value, suggestions[index].text, "priya")]
    assert detail.suggestions.item(index).checkState() == Qt.CheckState.Checked
    assert suggestions[index].text in detail.timeline.toPlainText()


def note_from_a_canned_text(qtbot: QtBot, window: MainWindow, complaint: Complaint) -> None:
    """Back to the note; a word of a canned text offers it; Down, Enter takes it, Enter adds it."""
    entry = window.complaints_page.detail.step_entry
    before = steps_of(complaint)
    while focused() is not entry.text:
        press(qtbot, Qt.Key.Key_Backtab)
    assert entry.kind.currentData() == StepKind.NOTE.value
    type_text(qtbot, "suppl")
    qtbot.waitUntil(lambda: entry.text.completer().popup().isVisible())
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Return)                   # the completion goes into the note
    assert steps_of(complaint) == before              # taken, to read first: not added yet
    back_in(qtbot, window)                            # the pop-up has closed
    assert entry.text.text() == "Waiting for the supplier's reply."
    press(qtbot, Qt.Key.Key_Return)                   # Enter adds the step
    assert steps_of(complaint) == [*before, (StepKind.NOTE.value, "Waiting for the supplier's reply.", "priya")]
    assert entry.text.text() == "" and focused() is entry.text


def escalate_to_the_manager(qtbot: QtBot, window: MainWindow, complaint: Complaint) -> None:
    """Alt+E, the manager by the first letters of his name, Tab, the reason, Ctrl+Enter."""
    detail = window.complaints_page.detail
    press(qtbot, Qt.Key.Key_E, Mod.AltModifier)
    dialog = active_dialog(qtbot)
    assert dialog is detail.workflow.open_dialog
    assert focused() is dialog.to_staff
    type_text(qtbot, "Mar")
    assert dialog.to_staff.currentText() == "Marcus Reid"
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is dialog.reason
    type_text(qtbot, "Customer asks for a goodwill gesture")
    press(qtbot, Qt.Key.Key_Return, Mod.ControlModifier)
    qtbot.waitUntil(lambda: detail.workflow.open_dialog is None)
    back_in(qtbot, window)
    escalated = Complaint.get_by_id(complaint.id)
    assert escalated.status == Status.ESCALATED and escalated.assigned_to.username == "marcus"
    assert steps_of(complaint)[-1] == (StepKind.ESCALATED.value,
                                       "Escalated to Marcus Reid: Customer asks for a goodwill gesture", "priya")
    assert detail.state.text().startswith("Escalated")


def resolve_with_a_refund(qtbot: QtBot, window: MainWindow, complaint: Complaint) -> None:
    """Alt+R: the outcome by its first letters, the amount, a note, no survey card, Enter."""
    detail = window.complaints_page.detail
    press(qtbot, Qt.Key.Key_R, Mod.AltModifier)
    dialog = active_dialog(qtbot)
    assert focused() is dialog.outcome
    type_text(qtbot, "Ref")
    assert dialog.outcome.currentData() == Outcome.REFUND.value
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "12,50")                         # as typed at the counter: the comma is fine
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "Refunded the delivery charge to her card")
    tab_to(qtbot, dialog.print_card)
    press(qtbot, Qt.Key.Key_Space)                    # no survey card for this one
    assert not dialog.print_card.isChecked()
    press(qtbot, Qt.Key.Key_Return)                   # Resolve is the dialog's default button
    qtbot.waitUntil(lambda: detail.workflow.open_dialog is None)
    back_in(qtbot, window)
    resolved = Complaint.get_by_id(complaint.id)
    assert (resolved.status, resolved.outcome, resolved.compensation_cents) == \
        (Status.RESOLVED, Outcome.REFUND.value, 1250)
    assert resolved.resolved_at is not None and not resolved.resolved_at_first_contact
    assert steps_of(complaint)[-1][0] == StepKind.RESOLVED.value
    assert "Refunded the delivery charge to her card" in steps_of(complaint)[-1][1]
    assert detail.workflow.card_dialog is None


def follow_up_today(qtbot: QtBot, window: MainWindow, complaint: Complaint) -> None:
    """Alt+U; the box opens on the day of the month; Home, then the date typed part by part as the box
    shows it (the month may differ from the one proposed); Enter."""
    detail = window.complaints_page.detail
    press(qtbot, Qt.Key.Key_U, Mod.AltModifier)
    dialog = active_dialog(qtbot)
    assert focused() is dialog.day
    zone = settings.get_profile().zone
    today = clock.to_local(clock.utcnow(), zone).date()
    press(qtbot, Qt.Key.Key_Home)                     # to the date's first part
    for n, part in enumerate(date_keys(dialog.day.displayFormat(), today)):
        if n:
            press(qtbot, Qt.Key.Key_Tab)              # the next part of the date
        type_text(qtbot, part)
    assert dialog.day.date().toPython() == today
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: detail.workflow.open_dialog is None)
    back_in(qtbot, window)
    planned = Complaint.get_by_id(complaint.id).follow_up_at
    assert clock.to_local(planned, zone).replace(tzinfo=None) == dt.datetime.combine(today, dt.time(9, 0))
    assert detail.facts["follow_up"].text() != "—"


def date_keys(display_format: str, day: dt.date) -> list[str]:
    """What to type into each part of a date box showing ``display_format`` (e.g. "d MM yyyy")."""
    parts = []
    for token in display_format.replace("/", " ").replace(".", " ").replace("-", " ").split():
        if token.startswith("d"):
            parts.append(f"{day.day:0{len(token)}d}")
        elif token.startswith("M"):
            parts.append(f"{day.month:0{len(token)}d}")
        elif token.startswith("y"):
            parts.append(f"{day.year}" if len(token) == 4 else f"{day.year % 100:02d}")
    return parts


def check_the_follow_ups(qtbot: QtBot, window: MainWindow, complaint: Complaint) -> None:
    """Ctrl+1 for the Complaints page, Ctrl+F and Backspace to clear the morning's search,
    Alt+V for the saved views, F for "Follow-ups due"."""
    page = window.complaints_page
    press(qtbot, Qt.Key.Key_1, Mod.ControlModifier)
    assert window.current_page_name() == "complaints"
    press(qtbot, Qt.Key.Key_F, Mod.ControlModifier)
    press(qtbot, Qt.Key.Key_Backspace)
    assert page.filters.search.text() == ""
    press(qtbot, Qt.Key.Key_V, Mod.AltModifier)
    assert focused() is page.filters.view
    type_text(qtbot, "F")
    assert page.filters.view.currentData() == "follow_ups"
    settle(qtbot, window)
    due = complaints.follow_ups(end_of_today(settings.get_profile().zone))
    expected = {row.id for row in complaints.fetch_complaints(due, limit=500)}
    listed = {page.model.row_at(n).id for n in range(page.model.rowCount())}
    assert complaint.id in listed and listed == expected
    badge = window.navigation.item(0).text()
    n = len(expected)
    assert badge == f"Complaints\n{n} follow-up{'' if n == 1 else 's'} due"


def break_and_back(qtbot: QtBot, window: MainWindow) -> None:
    """Ctrl+L on leaving the counter; back, the password and Enter: work goes on where it was."""
    page = window.complaints_page
    was_on = focused()
    press(qtbot, Qt.Key.Key_L, Mod.ControlModifier)
    assert window.is_locked() and not page.isVisible()
    assert focused() is window.lock_screen.form.password
    assert window.lock_screen.form.username.text() == "priya"
    type_text(qtbot, PRIYA_PASSWORD)
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not window.is_locked(), timeout=5000)
    assert window.staff.username == "priya"
    assert focused() is was_on
    assert recent_audit(2) == [("lock", "priya"), ("unlock", "priya")]


def recent_audit(count: int) -> list[tuple[str, str]]:
    """The last ``count`` audit events, oldest first: what was done, by whom."""
    events = AuditEvent.select().order_by(AuditEvent.id.desc()).limit(count)
    return [(e.action, e.staff.username) for e in reversed(list(events))]


def hand_over_to_tom(qtbot: QtBot, window: MainWindow) -> None:
    """Ctrl+Shift+L; Tom types his name, Enter, his password, Enter: the counter is his."""
    press(qtbot, Qt.Key.Key_L, Mod.ControlModifier | Mod.ShiftModifier)
    assert window.is_locked()
    form = window.lock_screen.form
    assert focused() is form.username and form.username.text() == ""
    type_text(qtbot, "tom")
    press(qtbot, Qt.Key.Key_Return)
    assert focused() is form.password
    type_text(qtbot, TOM_PASSWORD)
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not window.is_locked(), timeout=5000)
    assert window.staff.username == "tom"
    assert window.user_status.text() == "Logged in: Tom Walsh (Staff)"
    assert window.complaints_page.actor.username == "tom"
    assert recent_audit(2) == [("lock", "priya"), ("switch", "tom")]
    press(qtbot, Qt.Key.Key_N, Mod.ControlModifier)   # and the keyboard is his at once
    form = window.quick_entry
    assert isinstance(form, QuickEntryDialog) and form.actor.username == "tom"
    qtbot.waitUntil(form.isActiveWindow)
    press(qtbot, Qt.Key.Key_Escape)                   # nothing typed: it just closes
    qtbot.waitUntil(lambda: window.quick_entry is None)


@pytest.mark.usefixtures("demo_shop")
def test_a_day_at_the_counter_with_the_keyboard_alone(qtbot: QtBot, db_target: str) -> None:
    window = log_in(qtbot, db_target)
    assert window.staff.username == "priya"
    assert window.user_status.text() == "Logged in: Priya Shah (Staff)"
    settle(qtbot, window)

    phone_complaint_from_a_regular(qtbot, window)
    walk_in_sorted_out_on_the_spot(qtbot, window)
    complaint, word = yesterdays_open_complaint()
    find_and_open(qtbot, window, complaint, word)
    tick_a_suggested_step(qtbot, window, complaint)
    note_from_a_canned_text(qtbot, window, complaint)
    escalate_to_the_manager(qtbot, window, complaint)
    resolve_with_a_refund(qtbot, window, complaint)
    follow_up_today(qtbot, window, complaint)
    check_the_follow_ups(qtbot, window, complaint)
    break_and_back(qtbot, window)
    hand_over_to_tom(qtbot, window)
