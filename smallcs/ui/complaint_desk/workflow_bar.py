"""The workflow buttons of one complaint: those its status allows and the actor's role may use.

Hiding a button is a courtesy; the service checks the role again.
"""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QSize, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QMenu, QPushButton, QToolButton, QWidget

from smallcs import complaints, permissions
from smallcs.complaints import labels
from smallcs.complaints.workflow import ACTIVE, DONE
from smallcs.errors import SmallCSError
from smallcs.i18n import N_, _
from smallcs.models import Staff
from smallcs.models.enums import Status
from smallcs.ui.complaint_desk.messages import show_refusal
from smallcs.ui.theme import scaled

if TYPE_CHECKING:
    from smallcs.ui.complaint_desk.action_dialogs import ActionDialog, ResolveDialog

# The permission (smallcs.permissions) a button needs; buttons not listed need none beyond a log-in.
BUTTON_PERMISSION: dict[str, str] = {"reopen": "complaint.reopen", "card": "surveys.card_for_complaint"}
# Moves offered by "Set status": the ones allowed from every active status.
STATUS_MOVES = (Status.IN_PROGRESS, Status.WAITING_ON_CUSTOMER)
# The buttons in the line's order, the likeliest first: key and text (a msgid whose & marks the
# Alt+letter; the shortcuts window lists them from here).
BUTTON_TEXTS: tuple[tuple[str, str], ...] = (
    ("resolve", N_("&Resolve…")), ("assign", N_("Ass&ign…")), ("status", N_("Set &status")),
    ("escalate", N_("&Escalate…")), ("reopen", N_("Re&open…")), ("close", N_("C&lose")),
    ("follow_up", N_("Follow &up on…")), ("card", N_("Survey &card…")), ("receipt", N_("Ta&ke-away receipt…")),
)


def shown_for(key: str, status: Status) -> bool:
    """Whether button ``key`` makes sense for a complaint in ``status``."""
    if key in ("assign", "status", "escalate", "resolve"):
        return status in ACTIVE
    if key == "follow_up":
        return status != Status.CLOSED
    if key in ("reopen", "card"):
        return status in DONE
    if key == "receipt":
        return True
    return status == Status.RESOLVED  # close


def _dialogs() -> ModuleType:
    """The workflow dialogs, loaded at the first click: named at start-up, their Qt classes
    (and those classes' enums) would be made while someone waits for the first window."""
    from smallcs.ui.complaint_desk import action_dialogs

    return action_dialogs


class WorkflowBar(QWidget):
    """Resolve, Assign, Set status, Escalate, Reopen, Close, Follow up, ...; ``changed`` after a write.

    The buttons offered stand in one line, the likeliest first. Those the line has no room
    for (a narrow detail, a large font, a longer language) are in the More menu at its end,
    and their Alt+letter works as the button's would.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor: Staff | None = None
        self.complaint_id: int | None = None
        self.open_dialog: ActionDialog | None = None  # the dialog on screen (tests drive it)
        self.card_dialog: QWidget | None = None  # the last survey-card dialog opened
        self.receipt_dialog: QWidget | None = None  # the last receipt dialog opened
        self.buttons: dict[str, QPushButton] = {}
        self._actions: dict[str, QAction] = {}  # each button's stand-in in the More menu
        self._offered: set[str] = set()
        self.status_menu = QMenu(self)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(scaled(4))  # five actions and More side by side in a laptop's detail pane
        slots: dict[str, Callable[[], None]] = {
            "resolve": self.resolve, "assign": self.assign, "status": self._pop_status_menu,
            "escalate": self.escalate, "reopen": self.reopen, "close": self.close_complaint,
            "follow_up": self.follow_up, "card": self.print_survey_card, "receipt": self.print_receipt,
        }
        for key, msgid in BUTTON_TEXTS:
            text, slot = _(msgid), slots[key]
            button = QPushButton(text, self, objectName=f"{key}Button")
            if key == "status":
                button.setMenu(self.status_menu)
            else:
                button.clicked.connect(slot)
            action = QAction(text, self, shortcut=QKeySequence.mnemonic(text), enabled=False)
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(slot)
            self.addAction(action)  # its shortcut works while the bar is on screen and it is enabled
            self.buttons[key], self._actions[key] = button, action
            layout.addWidget(button)
        self.more_menu = QMenu(self)
        self.more = QToolButton(self, objectName="workflowMore", text=_("More"))
        self.more.setAccessibleName(_("More actions"))
        self.more.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.more.setMenu(self.more_menu)
        layout.addWidget(self.more)
        layout.addStretch()
        self.more_menu.setToolTipsVisible(True)
        receipt = _("A one-page receipt for the customer to take away: the reference, what was agreed and how"
                    " to reach the shop. Print it or save it as a PDF.")
        self.buttons["receipt"].setToolTip(receipt)
        self._actions["receipt"].setToolTip(receipt)

    def show_for(self, actor: Staff | None, complaint_id: int, status: Status) -> None:
        """Offer what ``actor`` may do to a complaint in ``status``."""
        self.actor, self.complaint_id = actor, complaint_id
        self._offered = set()
        for key in self.buttons:
            needed = BUTTON_PERMISSION.get(key)
            allowed = actor is not None and (needed is None or permissions.allowed(actor, needed))
            if allowed and shown_for(key, status):
                self._offered.add(key)
        self.status_menu.clear()
        for target in STATUS_MOVES:
            if target != status:
                action = QAction(labels.status(target), self.status_menu)
                action.triggered.connect(lambda _checked=False, t=target: self.set_status(t))
                self.status_menu.addAction(action)
        self._fit()

    def offered(self) -> list[str]:
        """The keys of the buttons offered now, in the line's order (some may be in More)."""
        return [key for key in self.buttons if key in self._offered]

    # --- one line ---------------------------------------------------------
    def sizeHint(self) -> QSize:
        """Every offered button in the line."""
        return QSize(self._line_width(self.offered()), super().sizeHint().height())

    def minimumSizeHint(self) -> QSize:
        """The first offered button and More: the rest can wait in the menu."""
        return QSize(self._line_width(self.offered()[:1], more=True), super().minimumSizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _line_width(self, keys: list[str], *, more: bool = False) -> int:
        widths = [self.buttons[key].sizeHint().width() for key in keys]
        if more:
            widths.append(self.more.sizeHint().width())
        spacing = max(0, self.layout().spacing())
        return sum(widths) + spacing * max(0, len(widths) - 1)

    def _fit(self) -> None:
        """Show the offered buttons that fit the line; the others go to More."""
        offered = self.offered()
        inline = offered
        if self._line_width(offered) > self.width():
            inline = offered[:1]  # the first stays whatever the width: the minimum size keeps room
            for count in range(len(offered) - 1, 1, -1):
                if self._line_width(offered[:count], more=True) <= self.width():
                    inline = offered[:count]
                    break
        self.more_menu.clear()
        for key, button in self.buttons.items():
            button.setVisible(key in inline)
            action = self._actions[key]
            action.setEnabled(key in offered and key not in inline)
            if action.isEnabled():
                self.more_menu.addAction(action)
        self.more.setVisible(not self.more_menu.isEmpty())

    def _pop_status_menu(self) -> None:
        """Set status from the More menu or its Alt+letter: its moves, under the line."""
        anchor = self.more if self.more.isVisible() else self.buttons["status"]
        self.status_menu.popup(anchor.mapToGlobal(QPoint(0, anchor.height())))

    # --- actions ----------------------------------------------------------
    def _open(self, make: Callable[[Staff, int], ActionDialog]) -> None:
        if self.actor is None or self.complaint_id is None:
            return
        dialog = make(self.actor, self.complaint_id)
        self.open_dialog = dialog
        dialog.accepted.connect(self.changed)
        dialog.finished.connect(lambda _result: setattr(self, "open_dialog", None))
        dialog.open()

    def _write(self, action: Callable[[Staff, int], object]) -> None:
        if self.actor is None or self.complaint_id is None:
            return
        try:
            action(self.actor, self.complaint_id)
        except SmallCSError as exc:
            show_refusal(self, _("Not done"), str(exc))
            return
        self.changed.emit()

    def assign(self) -> None:
        self._open(lambda actor, cid: _dialogs().AssignDialog(actor, cid, self))

    def escalate(self) -> None:
        self.escalate_because("")

    def escalate_because(self, reason: str) -> None:
        """Open the escalation with ``reason`` filled in (from a suggested step)."""
        self._open(lambda actor, cid: _dialogs().EscalateDialog(actor, cid, reason, self))

    def resolve(self) -> None:
        self._open(lambda actor, cid: _dialogs().ResolveDialog(actor, cid, self))
        dialog = self.open_dialog
        if isinstance(dialog, _dialogs().ResolveDialog):
            dialog.accepted.connect(lambda: self._offer_card(dialog))

    def _offer_card(self, dialog: ResolveDialog) -> None:
        if dialog.print_card.isChecked() and not dialog.print_card.isHidden():
            self.print_survey_card()

    def print_survey_card(self) -> None:
        """The Print cards dialog for this complaint's one card (the customer's say on how it went)."""
        if self.actor is None or self.complaint_id is None:
            return
        # reportlab loads on first use
        from smallcs.ui.surveys.print_dialog import print_card_for_complaint

        self.card_dialog = print_card_for_complaint(self.actor, self.complaint_id, self.window())

    def print_receipt(self) -> None:
        """The customer's receipt for this complaint: preview, print or save as PDF (any staff member)."""
        if self.actor is None or self.complaint_id is None:
            return
        # reportlab loads on first use
        from smallcs.ui.complaint_desk.receipt_dialog import open_receipt

        self.receipt_dialog = open_receipt(self.actor, self.complaint_id, self.window())

    def reopen(self) -> None:
        self._open(lambda actor, cid: _dialogs().ReopenDialog(actor, cid, self))

    def follow_up(self) -> None:
        self._open(lambda actor, cid: _dialogs().FollowUpDialog(actor, cid, self))

    def close_complaint(self) -> None:
        self._write(complaints.close)

    def set_status(self, status: Status) -> None:
        self._write(lambda actor, cid: complaints.set_status(actor, cid, status))
