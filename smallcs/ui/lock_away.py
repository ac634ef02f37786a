"""What a screen lock does with SmallCS's other windows: nothing stays on screen or usable,
the lock decides nothing, and nothing typed is lost.

``MainWindow.lock`` withdraws the log-in questions itself, then calls
``LockAway.put_away``; the unlock calls ``bring_back`` with whoever logged in. Every
other window on screen is either:

- **kept**: hidden as it is, typing and all, and shown again when the same person
  logs back in, the dialogs that blocked the main window last, so that they come back
  on top of the windows they block. For anyone else it closes as Esc closes it, and
  the text typed into it waits as the typist's draft when the window keeps one
  (``LeavesDraft``: the workflow dialogs). A window with rules of its own implements
  ``put_away`` and ``come_back`` (``Keeper``: quick entry and the Customers dialog,
  which close for anyone else without a question, their text kept as a draft); any
  other dialog shown with ``open()`` or ``show()`` is kept by ``HiddenWindow`` (Print
  cards, the receipt, paper entry, the survey and goal editors, ...).
- **withdrawn**: questions, file and print choosers (native ones too: Qt closes them)
  and any dialog running its own event loop (``exec()`` and the static
  ``QFileDialog``/``QMessageBox`` functions) are rejected: the answer Esc gives, which
  in SmallCS never decides anything, so the code that asked carries on as after Esc
  (no file chosen, no "Yes"). Such a dialog cannot be kept: hiding it would end its
  loop anyway.

A question marked ``WITHDRAWN_ON_LOCK`` is left to its owner, which takes it away
unanswered before this runs (Esc would answer the draft question with Discard).
Open menus and drop-down lists close without choosing anything.

Ctrl+L and Ctrl+Shift+L work from every SmallCS window, also from a dialog that blocks
the main window (where Qt does not deliver the main window's shortcuts): while one does,
the main window's two actions belong to that dialog too (``QWidget.addAction``). The
main window says when it is blocked (``WindowBlocked``), and so does a blocking dialog
when a question of its own blocks it in turn, so only those few events pass through
Python, never every key of the app.

The same actions, not shortcuts of the dialog's own: with a menu or drop-down list open,
Qt lets every application-wide shortcut through (the popup is above any modality), so a
second shortcut for the same keys would make them ambiguous and Qt would fire neither.
For the same reason the main window's other application-wide actions, the ones that
open a window (Ctrl+N quick entry, Ctrl+Shift+C Customers), are disabled while a dialog
blocks it: Qt holds their keys back from the dialog itself, but not from a popup open in
it, and the new window would come up over the dialog while it waits for its answer.
"""

from __future__ import annotations

import dataclasses
import logging
from typing import Any, Protocol, runtime_checkable

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QMainWindow,
    QMenu,
    QToolTip,
    QWidget,
)

from smallcs import drafts
from smallcs.errors import SmallCSError
from smallcs.models import Staff
from smallcs.ui.idle_lock import WITHDRAWN_ON_LOCK

log = logging.getLogger(__name__)

# Asked of the person, never kept: Esc (reject) is their "no" (matched by Qt class name,
# so the print support module is not loaded for this).
WITHDRAWN_KINDS = ("QMessageBox", "QFileDialog", "QAbstractPrintDialog", "QPageSetupDialog", "QInputDialog",
                   "QProgressDialog", "QColorDialog", "QFontDialog", "QErrorMessage")
WINDOW_TYPES = (Qt.WindowType.Window, Qt.WindowType.Dialog, Qt.WindowType.Sheet, Qt.WindowType.Drawer,
                Qt.WindowType.Tool)
LOCK_ACTIONS = ("lock", "switchUser")  # the main window's actions that work from every window
RETRY_CLOSE_MS = 1000  # a busy dialog (writing cards, importing) refuses to close until its work is done


@runtime_checkable
class Keeper(Protocol):
    """A window with its own rules for a lock (the Customers dialog)."""

    def put_away(self) -> bool:
        """Leave the screen with nothing asked; True: kept for ``come_back``."""

    def come_back(self, staff: Staff) -> bool:
        """``staff`` logged in after the lock: back on screen (True) or closed."""


@runtime_checkable
class LeavesDraft(Protocol):
    """A dialog whose typing waits as a draft (``smallcs.drafts``) while it is put away."""

    def lock_draft(self) -> tuple[str, dict[str, Any]] | None:
        """The draft's kind and values; None when nothing was typed."""


class HiddenWindow:
    """Keeps any dialog or window for a lock: hidden as it is, shown again for its typist only."""

    def __init__(self, window: QWidget, typist: Staff) -> None:
        self.window = window
        self.typist = typist
        self._draft_kind: str | None = None

    def put_away(self) -> bool:
        if isinstance(self.window, LeavesDraft):
            self._keep_draft(self.window)
        self.window.hide()
        return True

    def come_back(self, staff: Staff) -> bool:
        if staff.id != self.typist.id:
            _close_when_it_can(self.window)  # as Esc: nothing done; the draft waits for the typist
            return False
        self._forget_draft()
        self.window.show()
        self.window.raise_()
        self.window.activateWindow()
        return True

    def _keep_draft(self, window: LeavesDraft) -> None:
        """Kept in the database as well, so a crash while locked loses nothing; nobody is there
        to be told of a failure, so it is only logged (the window still holds the text)."""
        draft = window.lock_draft()
        if draft is None:
            return
        kind, payload = draft
        try:
            drafts.save_draft(self.typist, kind, payload)
        except SmallCSError:
            log.warning("could not keep a %s draft while locking", kind, exc_info=True)
            return
        self._draft_kind = kind

    def _forget_draft(self) -> None:
        """On screen again: the draft would only offer the same text once more."""
        if self._draft_kind is None:
            return
        try:
            drafts.discard_draft(self.typist, self._draft_kind)
        except SmallCSError:
            pass  # offered at the next log-in, where it can be discarded; nothing is lost


def _close_when_it_can(window: QWidget) -> None:
    """Close ``window`` as Esc would; a dialog still busy (a worker writing) refuses, so
    it is asked again until it agrees, hidden meanwhile."""
    if not isinstance(window, QDialog):
        window.close()
        return
    closed: list[int] = []
    window.finished.connect(closed.append)
    window.reject()
    if not closed and shiboken6.isValid(window):
        retry = QTimer(window, interval=RETRY_CLOSE_MS)
        retry.timeout.connect(lambda: retry.stop() if closed else window.reject())
        retry.start()


def _withdrawn(window: QWidget) -> bool:
    """A question or chooser, or a dialog that may run its own event loop (exec'd: application
    modal), which a lock can only cancel."""
    return any(window.inherits(kind) for kind in WITHDRAWN_KINDS) \
        or window.windowModality() == Qt.WindowModality.ApplicationModal


def _withdraw(window: QWidget) -> None:
    """Cancel as Esc would; a window that refuses is hidden all the same (nothing is answered)."""
    if isinstance(window, QDialog):
        window.reject()
    else:
        window.close()
    if shiboken6.isValid(window) and window.isVisible():
        window.hide()


def _close_popups() -> None:
    """An open menu or drop-down list closes without choosing (a few at most: a submenu, its menu)."""
    for _attempt in range(10):
        popup = QApplication.activePopupWidget()
        if popup is None:
            return
        popup.close()


def _depth(window: QWidget) -> int:
    """How many windows ``window`` sits in (0 for a window of its own)."""
    depth, parent = 0, window.parentWidget()
    while parent is not None:
        depth += parent.isWindow()
        parent = parent.parentWidget()
    return depth


@dataclasses.dataclass
class _Kept:
    window: QWidget
    keeper: Keeper | HiddenWindow


class LockAway(QObject):
    """Puts the app's other windows away for a lock and brings the kept ones back after it."""

    def __init__(self, main: QMainWindow) -> None:
        super().__init__(main)
        self._main = main
        self._kept: list[_Kept] = []
        main.installEventFilter(self)

    def put_away(self, typist: Staff) -> None:
        """Take every other window off the screen; ``typist`` is who was logged in."""
        _close_popups()
        for window in self._windows_on_screen():
            if not shiboken6.isValid(window) or not window.isVisible():
                continue  # went with its parent
            if window.property(WITHDRAWN_ON_LOCK):
                window.hide()  # its owner withdraws it unanswered; should it not have, no answer either
            elif isinstance(window, Keeper):
                if window.put_away():
                    self._kept.append(_Kept(window, window))
            elif _withdrawn(window):
                _withdraw(window)
            else:
                hidden = HiddenWindow(window, typist)
                if hidden.put_away():
                    self._kept.append(_Kept(window, hidden))
        QToolTip.hideText()

    def bring_back(self, staff: Staff) -> None:
        """After the lock: kept windows come back to their typist; for anyone else they close."""
        kept, self._kept = self._kept, []
        for entry in kept:
            if shiboken6.isValid(entry.window):  # (one closed by its own code meanwhile is gone)
                entry.keeper.come_back(staff)

    def _windows_on_screen(self) -> list[QWidget]:
        """Every window of this main window's (or of nobody's) but itself, outermost first: a
        window's own dialogs after it, and a blocking dialog after the windows beside it, so
        each comes back on top of the windows it belongs to or blocks."""
        windows = [w for w in QApplication.topLevelWidgets()
                   if w.isVisible() and w.windowType() in WINDOW_TYPES and self._owns(w)]
        return sorted(windows, key=lambda w: (_depth(w), w.windowModality() != Qt.WindowModality.NonModal))

    def _owns(self, window: QWidget) -> bool:
        """Not a main window, nor inside another one (another session's, as in the tests)."""
        current: QWidget | None = window
        while current is not None:
            if isinstance(current, QMainWindow):
                return False
            parent = current.parentWidget()
            if parent is self._main:
                return True
            current = parent
        return True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """The main window (or a dialog blocking it) is blocked by a dialog: the lock keys go onto
        that dialog and the keys that open a window rest; the main window is free again: the lock
        keys off all dialogs, the others back."""
        if event.type() == QEvent.Type.WindowBlocked:
            self._keys_onto(QApplication.activeModalWidget())
            self._opening_keys_enabled(False)
        elif event.type() == QEvent.Type.WindowUnblocked and watched is self._main:
            self._keys_off()
            self._opening_keys_enabled(True)
        return False

    def _lock_actions(self) -> list[QAction]:
        """The main window's Lock screen and Switch user (application-wide shortcuts)."""
        return [action for name in LOCK_ACTIONS
                if (action := self._main.findChild(QAction, name)) is not None]

    def _opening_keys_enabled(self, enabled: bool) -> None:
        """The main window's other application-wide actions (New complaint, Customers): each opens
        a window, which must not come up over a dialog waiting for its answer."""
        for action in self._main.actions():
            if action.shortcutContext() == Qt.ShortcutContext.ApplicationShortcut \
                    and action.objectName() not in LOCK_ACTIONS:
                action.setEnabled(enabled)

    def _keys_onto(self, dialog: QWidget | None) -> None:
        """Ctrl+L and Ctrl+Shift+L from ``dialog``, which blocks the main window, and from any window
        the dialog does not block: Qt takes an action's shortcut from any of its widgets that is
        not blocked."""
        if dialog is None or dialog is self._main or not self._owns(dialog):
            return
        actions = [action for action in self._lock_actions() if action not in dialog.actions()]
        if not actions:
            return
        dialog.addActions(actions)
        dialog.installEventFilter(self)  # a question it asks in turn blocks it: the keys follow

    def _keys_off(self) -> None:
        """Off every dialog they were put onto (a closed one has dropped them already)."""
        for action in self._lock_actions():
            for widget in action.associatedObjects():
                if isinstance(widget, QWidget) and widget.isWindow() and widget is not self._main \
                        and not isinstance(widget, QMenu):
                    widget.removeAction(action)
                    widget.removeEventFilter(self)
