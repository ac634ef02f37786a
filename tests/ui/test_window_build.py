"""Start-up: the main window is built behind the log-in dialog a step at a time.

The dialog must answer the keyboard meanwhile: keys typed while the window is
being built are handled between two steps, as a person's typing would be. Enter
before the build has ended waits for the steps left; a cancelled log-in stops
the build. Either way there is never more than one main window.

Keys are *posted* here, as the window system queues them, not sent: a posted key
is handled only when the event loop gets control back, i.e. between two steps.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QSettings, Qt, QThreadPool, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from smallcs import complaints, drafts
from smallcs.models import Category, Staff
from smallcs.models.enums import Channel
from smallcs.ui.app import sign_in
from smallcs.ui.login_dialog import LoginDialog
from smallcs.ui.main_window import PAGE_NAMES, MainWindow
from smallcs.ui.complaint_desk.page import ComplaintsPage
from smallcs.ui.window_build import WindowBuild
from tests.conftest import OWNER_PASSWORD


@pytest.fixture(autouse=True)
def _background_reads_finish() -> Iterator[None]:
    """The opening page reads on the thread pool: no read may outlive its test's database."""
    yield
    QThreadPool.globalInstance().waitForDone(10_000)


@pytest.fixture(autouse=True)
def _no_dialog_left() -> Iterator[None]:
    """The tests' slots on the build hold its dialog (their connection keeps them alive): delete
    it, as the app's own dialog goes when ``sign_in`` returns, so no later test meets it."""
    yield
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, LoginDialog):
            widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def post_key(widget: QWidget, key: Qt.Key, text: str = "") -> None:
    """Queue a key press and release for ``widget``, as the window system would."""
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.postEvent(widget, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, text))


def post_text(widget: QWidget, text: str) -> None:
    for char in text:
        post_key(widget, Qt.Key(ord(char.upper())), char)


def main_windows() -> list[MainWindow]:
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]


def new_main_windows(before: list[MainWindow]) -> list[MainWindow]:
    return [w for w in main_windows() if w not in before]


def at_the_dialog(then: Callable[[LoginDialog, WindowBuild], None]) -> None:
    """Once the log-in dialog's event loop runs: ``then(dialog, its window build)``."""
    def look() -> None:
        dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, LoginDialog) and w.isVisible())
        build = dialog.findChild(WindowBuild)
        assert build is not None and not build.is_done()
        then(dialog, build)
    QTimer.singleShot(0, look)


def sign_in_window(qtbot: QtBot, beside: Callable[[], None] = lambda: None) -> MainWindow | None:
    window = sign_in("shop.db", beside)
    if window is not None:
        qtbot.add_widget(window)
    return window


def test_keys_typed_while_the_window_is_built_reach_the_password_within_one_step(
    qtbot: QtBot, owner: Staff
) -> None:
    before = main_windows()
    seen: list[tuple[int, str]] = []  # after each step: steps left, the password field's text

    def type_a_key_a_step(dialog: LoginDialog, build: WindowBuild) -> None:
        dialog.form.username.setText("olivia")
        dialog.form.password.setFocus()

        def step_done(left: int) -> None:
            typed = dialog.form.password.text()
            seen.append((left, typed))
            if left:
                post_text(dialog.form.password, OWNER_PASSWORD[len(typed)])  # one key during each step
            else:
                post_text(dialog.form.password, OWNER_PASSWORD[len(typed):])
                post_key(dialog.form.password, Qt.Key.Key_Return)

        build.step_done.connect(step_done)

    at_the_dialog(type_a_key_a_step)
    steps_left_when_beside_started: list[int] = []
    window = sign_in_window(qtbot, lambda: steps_left_when_beside_started.append(seen[-1][0] if seen else -1))

    assert len(seen) >= 5 and seen[-1][0] == 0  # built in several steps, to the end
    # The work beside the sign-in (the integrity check, the locale's data) started once the
    # build had ended, not while it ran (the last step's count is recorded after this call).
    assert steps_left_when_beside_started == [seen[-2][0]] and seen[-2][0] == 1
    # The key typed during one step was in the field when the next step had run.
    assert [typed for _left, typed in seen] == [OWNER_PASSWORD[:n] for n in range(len(seen))]
    assert window is not None and window.staff is not None and window.staff.id == owner.id
    assert new_main_windows(before) == [window]  # exactly one main window was built
    assert window.current_page_name() == "complaints"
    qtbot.waitUntil(lambda: not window.complaints_page.model.is_loading())


def test_enter_before_the_window_is_built_waits_for_the_rest_of_the_build(
    qtbot: QtBot, owner: Staff
) -> None:
    complaints.create_complaint(owner, channel=Channel.PHONE, summary="Parcel late",
                                category_id=Category.get(Category.name == "Delivery delay").id)
    before = main_windows()
    unfinished_at_enter: list[bool] = []

    builds: list[WindowBuild] = []

    def log_in_after_the_first_step(dialog: LoginDialog, build: WindowBuild) -> None:
        builds.append(build)
        dialog.form.password.returnPressed.connect(lambda: unfinished_at_enter.append(not build.is_done()))

        def step_done(_left: int) -> None:
            build.step_done.disconnect(step_done)
            dialog.form.username.setText("olivia")
            post_text(dialog.form.password, OWNER_PASSWORD)
            post_key(dialog.form.password, Qt.Key.Key_Return)

        build.step_done.connect(step_done)

    at_the_dialog(log_in_after_the_first_step)
    # Each time the work beside the sign-in (the integrity check, the locale's data) is started:
    # whether the build had ended, and whether the new window was on screen.
    beside_started: list[tuple[bool, bool]] = []

    def beside() -> None:
        shown = any(w.isVisible() for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)
                    and w not in before)
        beside_started.append((builds[0].is_done(), shown))

    window = sign_in_window(qtbot, beside)

    assert unfinished_at_enter == [True]
    # Not while the build still had steps to run: at its end (should the password check have
    # taken longer than the rest of the build), else once the window is on screen.
    assert beside_started in ([], [(True, False)])
    assert window is not None and window.staff is not None and window.staff.id == owner.id
    model = window.complaints_page.model  # its rows asked for before the window is shown:
    assert model.is_loading() or model.total() == 1  # on their way, or read by the build already
    assert new_main_windows(before) == [window]
    assert window.complaints_page.actor is not None and window.complaints_page.actor.id == owner.id
    assert window.user_status.text() == "Logged in: Olivia Owner (Owner)"
    started_behind_the_dialog = list(beside_started)
    window.show()
    qtbot.waitUntil(lambda: len(beside_started) == len(started_behind_the_dialog) + 1)
    qtbot.wait(20)
    assert beside_started == [*started_behind_the_dialog, (True, True)]  # and at the first paint (once)


def test_a_cancelled_log_in_stops_the_build_and_leaves_no_window(qtbot: QtBot, owner: Staff) -> None:
    before = main_windows()
    steps_run: list[int] = []

    def cancel_after_two_steps(dialog: LoginDialog, build: WindowBuild) -> None:
        def step_done(left: int) -> None:
            steps_run.append(left)
            if len(steps_run) == 2:
                post_key(dialog, Qt.Key.Key_Escape)

        build.step_done.connect(step_done)

    at_the_dialog(cancel_after_two_steps)
    assert sign_in_window(qtbot) is None
    qtbot.wait(50)  # the event loop turns: a step left would run now
    assert len(steps_run) == 2 and steps_run[-1] > 0
    assert new_main_windows(before) == []


@pytest.mark.parametrize("page", PAGE_NAMES)
def test_the_window_opens_on_the_last_page_used_and_builds_only_that_one(
    qtbot: QtBot, owner: Staff, page: str
) -> None:
    QSettings().setValue("mainWindow/page", page)

    def log_in_when_built(dialog: LoginDialog, build: WindowBuild) -> None:
        def step_done(left: int) -> None:
            if not left:
                dialog.form.username.setText("olivia")
                dialog.form.password.setText(OWNER_PASSWORD)
                dialog.form.try_credentials()

        build.step_done.connect(step_done)

    at_the_dialog(log_in_when_built)
    window = sign_in_window(qtbot)

    assert window is not None
    assert window.current_page_name() == page
    built = [name for number, name in enumerate(PAGE_NAMES)
             if type(window.pages.widget(number)) is not QWidget]  # (an empty slot until built)
    assert built == [page]


def test_the_rows_read_behind_the_dialog_are_shown_at_once_and_read_again_after_the_first_paint(
    qtbot: QtBot, owner: Staff
) -> None:
    """The first paint does not wait for (or share the processor with) a second read of
    the list, yet a complaint logged at another counter while the password was typed is
    on screen a moment after the window is."""
    delivery = Category.get(Category.name == "Delivery delay").id
    complaints.create_complaint(owner, channel=Channel.PHONE, summary="Parcel late", category_id=delivery)
    logged_meanwhile: list[int] = []
    before = main_windows()

    def log_in_once_the_rows_are_read(dialog: LoginDialog, build: WindowBuild) -> None:
        def step_done(left: int) -> None:
            if left:
                return
            [built] = new_main_windows(before)  # (not shown yet)
            model = built.complaints_page.model
            qtbot.waitUntil(lambda: not model.is_loading() and model.total() == 1)
            logged_meanwhile.append(complaints.create_complaint(
                owner, channel=Channel.IN_PERSON, summary="Wrong size", category_id=delivery).id)
            dialog.form.username.setText("olivia")
            dialog.form.password.setText(OWNER_PASSWORD)
            dialog.form.try_credentials()

        build.step_done.connect(step_done)

    at_the_dialog(log_in_once_the_rows_are_read)
    window = sign_in_window(qtbot)

    assert window is not None and not window.isVisible()
    model = window.complaints_page.model
    assert not model.is_loading() and model.total() == 1  # the rows read behind the dialog, as they were
    window.show()
    qtbot.waitUntil(lambda: model.row_of(logged_meanwhile[0]) is not None)
    assert model.total() == 2


def test_a_build_finished_at_once_reads_the_page_and_waits_for_its_rows_so_the_first_paint_has_them(
    qtbot: QtBot, owner: Staff
) -> None:
    """Enter before the log-in dialog had painted: nothing was built behind it, so the rows are
    asked for now, and the window is handed over once they are in (it would paint an empty list)."""
    complaints.create_complaint(owner, channel=Channel.PHONE, summary="Parcel late",
                                category_id=Category.get(Category.name == "Delivery delay").id)
    build = WindowBuild("shop.db")
    window = build.finish()
    qtbot.add_widget(window)

    model = window.complaints_page.model
    assert not model.is_loading() and model.total() == 1 and not window.isVisible()
    assert window.complaints_page.detail.complaint is not None  # the first row, open beside the list


def test_a_database_slow_to_answer_does_not_hold_the_window_back_for_long(
    qtbot: QtBot, owner: Staff, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The wait for the opening page's rows is bounded: past it the window comes without them
    (the list fills once they arrive)."""
    complaints.create_complaint(owner, channel=Channel.PHONE, summary="Parcel late",
                                category_id=Category.get(Category.name == "Delivery delay").id)
    gate = threading.Event()
    fetch = complaints.fetch_complaints
    fetches = 0

    def slow_fetch(*args: object, **kwargs: object) -> object:
        nonlocal fetches
        fetches += 1
        gate.wait(10)
        return fetch(*args, **kwargs)

    monkeypatch.setattr(complaints, "fetch_complaints", slow_fetch)
    build = WindowBuild("shop.db")
    started = time.monotonic()
    window = build.finish()
    waited = time.monotonic() - started
    qtbot.add_widget(window)

    assert window.complaints_page.model.is_loading()
    bound = ComplaintsPage.first_paint_wait_ms / 1000
    assert bound <= waited < bound + 0.75
    # Shown without them, it does not read them again once painted: that would replace the read
    # on its way, and the list would wait for both.
    window.set_staff(owner, page_just_read=True)
    window.show()
    qtbot.waitExposed(window)
    qtbot.wait(50)  # the first paint's aftermath has run
    gate.set()
    qtbot.waitUntil(lambda: not window.complaints_page.model.is_loading())
    assert fetches == 1 and window.complaints_page.model.total() == 1


def test_the_build_ends_with_the_opening_page_painted_off_screen_once_its_rows_are_in(
    qtbot: QtBot, owner: Staff
) -> None:
    """The last step rehearses the first paint, rows and all: it waits for the rows, and the
    window stays hidden (the person is still at the log-in dialog)."""
    complaints.create_complaint(owner, channel=Channel.PHONE, summary="Parcel late",
                                category_id=Category.get(Category.name == "Delivery delay").id)
    before = main_windows()
    at_the_end: list[tuple[bool, int, bool, bool]] = []

    def log_in_when_built(dialog: LoginDialog, build: WindowBuild) -> None:
        def step_done(left: int) -> None:
            if left:
                return
            [built] = new_main_windows(before)
            model = built.complaints_page.model
            at_the_end.append((model.is_loading(), model.total(), built.isVisible(), dialog.isVisible()))
            dialog.form.username.setText("olivia")
            dialog.form.password.setText(OWNER_PASSWORD)
            dialog.form.try_credentials()

        build.step_done.connect(step_done)

    at_the_dialog(log_in_when_built)
    window = sign_in_window(qtbot)

    assert at_the_end == [(False, 1, False, True)]
    assert window is not None and window.complaints_page.model.total() == 1


def test_a_draft_left_by_a_crash_is_asked_about_over_the_window_once_it_has_painted(
    qtbot: QtBot, owner: Staff
) -> None:
    """The window comes up first; the question (and the modules behind it) come over it."""
    drafts.save_draft(owner, drafts.QUICK_ENTRY, {"summary": "Typed before the crash"})

    def log_in_at_once(dialog: LoginDialog, _build: WindowBuild) -> None:
        dialog.form.username.setText("olivia")
        dialog.form.password.setText(OWNER_PASSWORD)
        dialog.form.try_credentials()

    at_the_dialog(log_in_at_once)
    window = sign_in_window(qtbot)
    assert window is not None and not window.isVisible()
    qtbot.wait(50)
    assert window.draft_box is None  # nothing asked over a window nobody sees yet

    window.show()
    qtbot.waitUntil(lambda: window.draft_box is not None)

    assert window.windowHandle().isExposed() and window.draft_box.isVisible()
    assert window.draft_box.parent() is window
    window.draft_box.button(QMessageBox.StandardButton.Discard).click()
    assert drafts.pending_drafts(owner) == []
