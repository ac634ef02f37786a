"""The counter PC locks itself after the shop's idle time without keyboard or mouse input.

A minute lasts MINUTE_MS here (``IdleLock.ms_per_minute``); everything else is the real window,
the real lock screen and the real services.
"""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import (
    QCursor,
    QGuiApplication,
    QInputMethodEvent,
    QInputMethodQueryEvent,
)
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from smallcs import drafts, settings
from smallcs.models import AuditEvent, Staff
from smallcs.ui.complaint_desk.quick_entry import QuickEntryDialog
from smallcs.ui.main_window import PAGE_NAMES, MainWindow
from tests.conftest import OWNER_PASSWORD

MINUTE_MS = 60


@pytest.fixture
def window(window: MainWindow) -> MainWindow:
    window.idle_lock.ms_per_minute = MINUTE_MS
    return window


def _unlock(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.keyClicks(window.lock_screen.form.password, OWNER_PASSWORD)
    qtbot.keyClick(window.lock_screen.form.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not window.is_locked())


def _last_lock() -> AuditEvent:
    return AuditEvent.select().where(AuditEvent.action == "lock").order_by(AuditEvent.id.desc()).get()


def test_without_input_the_window_locks_itself_and_it_is_audited(qtbot: QtBot, window: MainWindow,
                                                                 owner: Staff) -> None:
    window.idle_lock.set_minutes(2)
    qtbot.waitUntil(window.is_locked, timeout=5000)
    assert not window.workspace.isVisible() and not window.menuBar().isEnabled()
    assert window.lock_screen.form.username.text() == "olivia"
    event = _last_lock()
    assert (event.staff_id, json.loads(event.detail)) == (owner.id, {"idle_minutes": 2})


def test_input_keeps_the_window_unlocked(qtbot: QtBot, window: MainWindow) -> None:
    window.idle_lock.set_minutes(10)  # 600 ms
    page = window.pages.currentWidget()
    for step in range(40):  # 40 x 30 ms: twice the idle time, with input all along
        if step % 2:
            qtbot.mouseMove(page, QPoint(20 + 3 * step, 40 + 2 * step))
        else:  # a key reaches the window before the widget with the focus, as a person's does
            QTest.keyClick(window.windowHandle(), Qt.Key.Key_Shift)
        qtbot.wait(30)
        assert not window.is_locked()
    qtbot.waitUntil(window.is_locked, timeout=5000)  # and once the input stops, it locks


def test_typing_only_in_a_window_opened_later_keeps_the_counter_unlocked(
        qtbot: QtBot, window: MainWindow) -> None:
    window.idle_lock.set_minutes(10)  # 600 ms
    window.show_customers()
    customers = window.customers_dialog
    assert customers is not None
    qtbot.waitUntil(lambda: QGuiApplication.focusWindow() is customers.windowHandle())
    for _step in range(40):  # twice the idle time, keys in that window only
        QTest.keyClick(customers.windowHandle(), Qt.Key.Key_A)
        qtbot.wait(30)
        assert not window.is_locked()
    qtbot.waitUntil(window.is_locked, timeout=5000)


def test_typing_through_an_input_method_keeps_the_window_unlocked(qtbot: QtBot, window: MainWindow) -> None:
    """Chinese or Japanese typed with an input method: the text reaches the widget with the focus
    as it is committed, with no key event through the window (the input method took the keys)."""
    window.idle_lock.set_minutes(10)  # 600 ms
    search = window.complaints_page.filters.search
    search.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is search)
    for _step in range(40):  # twice the idle time, nothing but committed text
        typed = QInputMethodEvent()
        typed.setCommitString("退")
        QApplication.sendEvent(search, typed)
        qtbot.wait(30)
        assert not window.is_locked()
    assert search.text() == "退" * 40  # (the text did arrive)
    qtbot.waitUntil(window.is_locked, timeout=5000)


def test_qt_asking_the_input_method_widget_is_not_input(qtbot: QtBot, window: MainWindow) -> None:
    """Qt queries the widget with the focus by itself (cursor position, surrounding text) all the time."""
    window.idle_lock.set_minutes(10)  # 600 ms
    search = window.complaints_page.filters.search
    search.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is search)
    for _step in range(40):
        QApplication.sendEvent(search, QInputMethodQueryEvent(Qt.InputMethodQuery.ImQueryInput))
        qtbot.wait(30)
        if window.is_locked():
            break
    assert window.is_locked()


def test_the_mouse_moving_over_a_window_that_never_took_the_focus_keeps_it_unlocked(
        qtbot: QtBot, window: MainWindow) -> None:
    """As over an open menu: the pointer has moved since the last input the timer knows of."""
    window.idle_lock.set_minutes(10)  # 600 ms
    floating = QWidget(window, Qt.WindowType.ToolTip)  # opens after that, and never takes the focus
    floating.setGeometry(window.frameGeometry().right() + 40, window.y(), 200, 120)  # beside the window
    floating.show()
    qtbot.wait_exposed(floating)
    start = floating.mapToGlobal(QPoint(10, 10))
    for step in range(40):
        QCursor.setPos(start + QPoint(2 * step, step))
        qtbot.wait(30)
        assert not window.is_locked()
    qtbot.waitUntil(window.is_locked, timeout=5000)


def test_never_means_never(qtbot: QtBot, window: MainWindow) -> None:
    window.idle_lock.set_minutes(1)
    window.idle_lock.set_minutes(None)
    qtbot.wait(10 * MINUTE_MS)
    assert not window.is_locked()
    assert not AuditEvent.select().where(AuditEvent.action == "lock").exists()


def test_the_shops_setting_is_what_the_window_follows(qtbot: QtBot, window: MainWindow,
                                                      owner: Staff) -> None:
    settings.save_idle_lock_minutes(owner, None)
    window.lock()
    _unlock(qtbot, window)  # an unlock (or log-in) reads the setting again
    qtbot.wait(10 * MINUTE_MS)
    assert not window.is_locked()
    settings.save_idle_lock_minutes(owner, 1)
    window.lock()
    window.idle_lock.ms_per_minute = 500  # time enough to see the window unlocked first
    _unlock(qtbot, window)
    qtbot.waitUntil(window.is_locked, timeout=5000)
    assert json.loads(_last_lock().detail) == {"idle_minutes": 1}


def test_a_question_left_open_does_not_hold_the_lock_back_and_goes_unanswered(
        qtbot: QtBot, window: MainWindow) -> None:
    question = QMessageBox(QMessageBox.Icon.Question, "Question", "Carry on?",
                           QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, window)
    answers: list[object] = []
    question.finished.connect(lambda _result: answers.append(question.clickedButton()))
    question.open()
    window.idle_lock.set_minutes(1)
    qtbot.waitUntil(window.is_locked, timeout=5000)
    assert not question.isVisible()
    assert answers == [None]  # taken away as Esc would: no button pressed, "Yes" least of all


def test_a_left_draft_question_does_not_hold_the_lock_back_and_is_asked_again(
    qtbot: QtBot, window: MainWindow, owner: Staff,
) -> None:
    drafts.save_draft(owner, drafts.QUICK_ENTRY, {"summary": "Typed before the break"})
    window.offer_drafts()
    assert window.draft_box is not None
    window.idle_lock.set_minutes(1)
    qtbot.waitUntil(window.is_locked, timeout=5000)
    assert window.draft_box is None  # withdrawn unanswered: a passer-by cannot answer it
    assert [d.form for d in drafts.pending_drafts(owner)] == [drafts.QUICK_ENTRY]
    _unlock(qtbot, window)
    qtbot.waitUntil(lambda: window.draft_box is not None)


def test_unlocking_returns_to_the_same_page_with_the_typed_complaint(qtbot: QtBot,
                                                                      window: MainWindow) -> None:
    window.show_page(PAGE_NAMES.index("surveys"))
    window.new_complaint()
    form = window.quick_entry
    assert isinstance(form, QuickEntryDialog)
    qtbot.keyClicks(form.summary, "Parcel left in the rain")
    qtbot.keyClicks(form.description, "Box soaked, the kettle inside is fine.")
    window.idle_lock.set_minutes(1)
    qtbot.waitUntil(window.is_locked, timeout=5000)
    window.idle_lock.ms_per_minute = 60_000  # from here on a minute is a minute again
    assert not form.isVisible()  # nothing shows over the lock
    _unlock(qtbot, window)
    assert window.current_page_name() == "surveys"
    assert window.quick_entry is form and form.isVisible()  # back as it was, nothing to restore
    assert form.summary.text() == "Parcel left in the rain"
    assert form.description.toPlainText() == "Box soaked, the kettle inside is fine."
    qtbot.wait(50)
    assert window.draft_box is None


def test_the_idle_time_is_chosen_on_the_settings_page(qtbot: QtBot, window: MainWindow,
                                                      owner: Staff) -> None:
    window.show_page(PAGE_NAMES.index("settings"))
    page = window.settings_page
    assert page.idle_lock.currentText() == "10 minutes"  # the default
    page.idle_lock.setFocus()
    qtbot.keyClick(page.idle_lock, Qt.Key.Key_End)  # "Never"
    assert page.idle_lock.currentText() == "Never"
    assert settings.idle_lock_minutes() is None
    assert page.idle_lock_message.text() == "Saved."
    event = AuditEvent.select().where(AuditEvent.action == "settings.idle_lock").get()
    assert (event.staff_id, json.loads(event.detail)) == (owner.id, {"before": 10, "after": None})
    qtbot.keyClick(page.idle_lock, Qt.Key.Key_Home)  # "1 minute", and this window follows at once
    assert settings.idle_lock_minutes() == 1
    qtbot.waitUntil(window.is_locked, timeout=5000)


def test_counter_staff_see_the_idle_time_but_cannot_change_it(qtbot: QtBot, window: MainWindow,
                                                              clerk: Staff) -> None:
    window.idle_lock.ms_per_minute = 60_000
    window.set_staff(clerk)
    window.show_page(PAGE_NAMES.index("settings"))
    page = window.settings_page
    assert page.idle_lock.isVisible() and not page.idle_lock.isEnabled()
    assert page.idle_lock.currentText() == "10 minutes"
