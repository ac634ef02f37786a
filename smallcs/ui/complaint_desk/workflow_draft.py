"""A workflow dialog's typing while the screen is locked, and its return at the typist's next log-in.

When the screen locks over a workflow dialog (resolve, escalate, reopen, ...) the
dialog is hidden as it is and keeps a ``workflow`` draft (``smallcs.drafts``): the
reason or note typed, the dialog and the complaint (``draft_of``). The same person
unlocking gets the dialog back and the draft goes. If someone else logs in, the
dialog closes without doing anything; the draft waits, and ``offer_workflow_draft``
offers it to its typist at their next log-in, reopening the same dialog on the same
complaint with the text typed back in.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMessageBox

from smallcs import clock, complaints, drafts, locale_format, settings
from smallcs.errors import NotFound
from smallcs.i18n import _
from smallcs.ui import form_state
from smallcs.ui.restore_question import ask_to_restore

if TYPE_CHECKING:
    from smallcs.ui.complaint_desk.action_dialogs import ActionDialog
    from smallcs.ui.main_window import MainWindow

log = logging.getLogger(__name__)

# Each workflow dialog, by class name, and the WorkflowBar method that opens it.
OPENERS = {"AssignDialog": "assign", "EscalateDialog": "escalate", "ResolveDialog": "resolve",
           "ReopenDialog": "reopen", "FollowUpDialog": "follow_up"}
OFFER_NAME = "workflowDraftOffer"
EARLIER_QUESTIONS = ("customerDraftOffer",)  # asked first, after the complaint draft (window.draft_box)


def draft_of(dialog: ActionDialog) -> tuple[str, dict[str, Any]] | None:
    """The ``workflow`` draft of ``dialog``: where it belongs and its fields; None when nothing was typed."""
    if type(dialog).__name__ not in OPENERS or not form_state.has_text(dialog):
        return None
    return drafts.WORKFLOW, {"dialog": type(dialog).__name__, "title": dialog.action,
                             "complaint_id": dialog.complaint_id, "fields": form_state.capture(dialog)}


def _earlier_question(window: MainWindow) -> QMessageBox | None:
    """A question asked after the log-in before this one, while it waits for its answer."""
    if window.draft_box is not None:
        return window.draft_box
    for name in EARLIER_QUESTIONS:
        box = window.findChild(QMessageBox, name)
        if box is not None and box.isVisible():
            return box
    return None


def offer_workflow_draft(window: MainWindow) -> QMessageBox | None:
    """After a log-in: offer back the workflow dialog a screen lock put aside for this person.

    Returns:
        The question (object name ``workflowDraftOffer``), or None when there is nothing to offer.
    """
    staff = window.staff
    if staff is None or window.is_locked():
        return None
    earlier = _earlier_question(window)
    if earlier is not None:  # one question at a time
        earlier.finished.connect(lambda _result: QTimer.singleShot(0, lambda: offer_workflow_draft(window)))
        return None
    pending = next((d for d in drafts.pending_drafts(staff) if d.form == drafts.WORKFLOW), None)
    if pending is None:
        return None
    data = pending.data
    complaint_id, opener = data.get("complaint_id"), OPENERS.get(str(data.get("dialog")))
    try:
        complaint = complaints.get_complaint(complaint_id) if isinstance(complaint_id, int) else None
    except NotFound:
        complaint = None
    if complaint is None or opener is None:
        log.info("dropping a workflow draft of staff %s: its complaint or dialog is gone", staff.id)
        drafts.discard_draft(staff, drafts.WORKFLOW)
        return None
    when = locale_format.date_time(clock.to_local(pending.updated_at, settings.get_profile().zone))

    def answered(restore: bool) -> None:
        if not restore or _reopen(window, complaint.id, opener, data.get("fields")):
            drafts.discard_draft(staff, drafts.WORKFLOW)  # discarded on purpose, or on screen again

    return ask_to_restore(
        window, _("Unfinished complaint action"),
        _("You have an unfinished “{action}” on {reference} from {when}. Restore it?").format(
            action=data.get("title", ""), reference=complaint.reference, when=when),
        answered, informative=_("What you typed was put aside, unsaved and not done, when the screen locked."),
        name=OFFER_NAME)


def _reopen(window: MainWindow, complaint_id: int, opener: str, fields: object) -> bool:
    """The complaint on screen and its dialog open again, with the typing back in it.

    Returns:
        Whether the dialog is open (not when the window is locked again meanwhile).
    """
    if window.staff is None or window.is_locked():
        return False
    window.open_complaint(complaint_id)
    bar = window.complaints_page.detail.workflow
    getattr(bar, opener)()
    if bar.open_dialog is None:
        return False
    if isinstance(fields, dict):
        form_state.restore(bar.open_dialog, fields)
    return True
