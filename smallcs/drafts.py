"""Drafts: the unsaved text of an open form, kept so a crash or power cut loses nothing.

One draft per staff member and form kind (``quick_entry`` for the complaint
form): the app opens one quick-entry form at a time per person, so the form
simply overwrites its draft every few seconds while someone types, and deletes
it once the complaint is saved or deliberately discarded. After a crash the
main window finds it with ``pending_drafts`` and offers to restore it.

The Customers dialog keeps a ``customer`` draft only when the screen locks over
unsaved edits (or an unexpected error is reported): the person who typed them
gets them back when they unlock, or is offered them at their next log-in when
someone else logged in meanwhile. A workflow dialog (resolve, escalate, reopen…)
keeps a ``workflow`` draft the same way: the reason or note typed into it, with
the complaint and the dialog it belongs to.

Drafts are not audited, neither the autosaves nor the discards: they hold no
decision, only keystrokes on their way to a record, and one event every few
seconds would bury the audit log. The complaint that is finally saved is
audited as usual. Nor do drafts need a role: everyone may keep their own
typing, and nobody reads another person's drafts.

The payload is stored as ASCII-escaped JSON so that anything a text box can
hold, even a lone surrogate left by a bad paste, comes back exactly as typed.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from typing import Any, NamedTuple

from peewee import OperationalError

from smallcs import clock
from smallcs.errors import DatabaseError, ValidationError
from smallcs.i18n import _
from smallcs.models import Draft, Staff, write_transaction

log = logging.getLogger(__name__)

QUICK_ENTRY = "quick_entry"
CUSTOMER = "customer"  # the Customers dialog's unsaved edits of one customer
WORKFLOW = "workflow"  # a workflow dialog's typed reason or note, put away by a screen lock
MAX_DRAFT_CHARS = 200_000  # twenty times the longest complaint the form can save


class PendingDraft(NamedTuple):
    """A draft found after log-in: which form, when it was last kept (naive UTC), the values."""

    form: str
    updated_at: dt.datetime
    data: dict[str, Any]


def _encode(kind: str, payload: dict[str, Any]) -> str:
    if not isinstance(kind, str) or not kind or len(kind) > Draft.form.max_length:
        raise ValidationError(_("A draft needs the name of its form."), field="form")
    if not isinstance(payload, dict):
        raise ValidationError(_("A draft holds the values of a form."), field="data")
    try:
        text = json.dumps(payload, ensure_ascii=True, sort_keys=True)
    except (TypeError, ValueError) as exc:
        raise ValidationError(_("A draft holds text, numbers and yes/no values only."),
                              field="data") from exc
    if len(text) > MAX_DRAFT_CHARS:
        # Cutting the text would leave JSON nobody can read back: refuse, so the
        # previous draft stays whole and the text stays on screen.
        raise ValidationError(
            _("The form holds too much text to keep as a draft ({count} characters; "
              "{limit} at most).").format(count=len(text), limit=MAX_DRAFT_CHARS),
            field="data",
        )
    return text


def save_draft(actor: Staff, kind: str, payload: dict[str, Any]) -> None:
    """Keep ``payload`` as ``actor``'s draft of the form ``kind``, replacing the last one.

    Args:
        actor: whose typing it is.
        kind: the form, e.g. ``QUICK_ENTRY``.
        payload: the form's values; text, numbers, booleans, None, lists and dicts.

    Raises:
        ValidationError: not a dict of JSON values, or far too large; nothing changed.
        DatabaseError: the database could not be written (e.g. busy); nothing changed.
    """
    text = _encode(kind, payload)
    now = clock.utcnow()
    try:
        with write_transaction():
            Draft.insert(staff=actor.id, form=kind, data=text, updated_at=now).on_conflict(
                conflict_target=[Draft.staff, Draft.form],
                update={Draft.data: text, Draft.updated_at: now},
            ).execute()
    except OperationalError as exc:
        log.warning("could not keep the %s draft of staff %s", kind, actor.id, exc_info=True)
        raise DatabaseError(_("The draft could not be kept just now: {reason}").format(
            reason=exc)) from exc


def discard_draft(actor: Staff, kind: str) -> None:
    """Forget ``actor``'s draft of ``kind`` (its form was saved, or discarded on purpose).

    Raises:
        DatabaseError: the database could not be written; the draft is still there.
    """
    try:
        with write_transaction():
            Draft.delete().where((Draft.staff == actor.id) & (Draft.form == kind)).execute()
    except OperationalError as exc:
        log.warning("could not discard the %s draft of staff %s", kind, actor.id, exc_info=True)
        raise DatabaseError(_("The draft could not be removed just now: {reason}").format(
            reason=exc)) from exc


def pending_drafts(actor: Staff) -> list[PendingDraft]:
    """``actor``'s drafts left behind by a crash or a closed window, newest first.

    A draft that cannot be read back is skipped with a warning rather than
    blocking the log-in that asks for it.
    """
    found = []
    for draft in Draft.select().where(Draft.staff == actor.id).order_by(
            Draft.updated_at.desc(), Draft.id.desc()):
        try:
            data = json.loads(draft.data)
        except ValueError:
            log.warning("draft %s of staff %s is unreadable; ignoring it", draft.form, actor.id)
            continue
        if isinstance(data, dict):
            found.append(PendingDraft(form=draft.form, updated_at=draft.updated_at, data=data))
    return found
