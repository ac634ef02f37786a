"""The append-only timeline of resolution steps, and each category's suggested steps.

A step is never edited or deleted (no function here does either): a correction
is a new step.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from typing import NamedTuple

from smallcs import audit, clock
from smallcs.complaints.common import (
    add_timeline_step,
    clean_text,
    get_complaint,
    parse_enum,
)
from smallcs.errors import NotFound, ValidationError
from smallcs.i18n import _
from smallcs.models import Category, Complaint, ResolutionStep, Staff, write_transaction
from smallcs.models.enums import Status, StepKind
from smallcs.permissions import require

log = logging.getLogger(__name__)

# Steps the customer sees or hears: the first one is the first response.
CUSTOMER_FACING = frozenset({
    StepKind.CONTACTED_CUSTOMER, StepKind.APOLOGISED, StepKind.OFFERED_REMEDY,
    StepKind.REFUNDED, StepKind.REPLACED,
})
# Steps that change the status: written by escalate/resolve/reopen, never by hand.
WORKFLOW_KINDS = frozenset({StepKind.ESCALATED, StepKind.RESOLVED, StepKind.REOPENED})
MAX_SUGGESTIONS = 20
MAX_SUGGESTION_TEXT = 300


class SuggestedStep(NamedTuple):
    """One line of a category's checklist."""

    kind: StepKind
    text: str

    @property
    def needs_workflow(self) -> bool:
        """True for an escalation: the UI opens the escalate dialog with ``text`` as reason."""
        return self.kind in WORKFLOW_KINDS


def steps_of(complaint_id: int) -> list[ResolutionStep]:
    """A complaint's timeline, oldest first, with each step's staff member."""
    return list(
        ResolutionStep.select(ResolutionStep, Staff)
        .join(Staff)
        .where(ResolutionStep.complaint == complaint_id)
        .order_by(ResolutionStep.at, ResolutionStep.id)
    )


def add_step(actor: Staff, complaint_id: int, *, kind: StepKind, text: str = "") -> ResolutionStep:
    """Append a step to a complaint's timeline.

    The first customer-facing step (contacted, apologised, offered a remedy,
    refunded, replaced) records the first response. A step on an open complaint
    moves it to in progress. A follow-up step marks the planned follow-up done
    (clears the follow-up date).

    Args:
        actor: who took the step.
        complaint_id: the complaint.
        kind: what kind of step; escalations, resolutions and reopenings have
            their own functions in ``workflow``.
        text: what was done (required for a note; 10,000 characters at most).

    Returns:
        The new step.

    Raises:
        NotFound: no such complaint.
        ValidationError: a closed complaint, a workflow kind or bad text.
    """
    kind = parse_enum(StepKind, kind, "kind", _("Choose what kind of step this is."))
    if kind in WORKFLOW_KINDS:
        raise ValidationError(
            _("Use Escalate, Resolve or Reopen for this kind of step."), field="kind"
        )
    text = clean_text(text, field="text", label=_("Step text"), required=kind == StepKind.NOTE)
    now = clock.utcnow()
    with write_transaction():
        complaint = get_complaint(complaint_id, for_update=True)
        if complaint.status == Status.CLOSED:
            raise ValidationError(
                _("Complaint {reference} is closed; reopen it to add a step.").format(
                    reference=complaint.reference
                ),
                field="kind",
            )
        changes: dict[str, object] = {"updated_at": now}
        if complaint.first_response_at is None and kind in CUSTOMER_FACING:
            changes["first_response_at"] = now
        if complaint.status == Status.OPEN:
            changes["status"] = Status.IN_PROGRESS.value
        if kind == StepKind.FOLLOW_UP:
            changes["follow_up_at"] = None
        Complaint.update(changes).where(Complaint.id == complaint.id).execute()
        step = add_timeline_step(complaint.id, actor, kind, text, at=now)
        audit.record(actor, "complaint.step", entity="complaint", entity_id=complaint.id,
                     detail={"kind": kind.value, "step": step.id})
    return step


def suggested_steps(category_id: int) -> list[SuggestedStep]:
    """The category's checklist of suggested steps (empty when none or unreadable).

    Raises:
        NotFound: no such category.
    """
    category = Category.get_or_none(Category.id == category_id)
    if category is None:
        raise NotFound(_("There is no such category."))
    return _parse(category)


def _parse(category: Category) -> list[SuggestedStep]:
    try:
        items = json.loads(category.suggested_steps or "[]")
    except ValueError:
        log.warning("category %s has unreadable suggested steps", category.id)
        return []
    steps = []
    for item in items if isinstance(items, list) else []:
        try:
            steps.append(SuggestedStep(StepKind(item["kind"]), str(item["text"])))
        except (KeyError, TypeError, ValueError):
            log.warning("category %s: skipped a malformed suggested step", category.id)
    return steps


def apply_suggestion(actor: Staff, complaint_id: int, index: int) -> ResolutionStep:
    """Turn suggestion number ``index`` of the complaint's category into a step.

    Raises:
        NotFound: no such complaint.
        ValidationError: no such suggestion, or one that is an escalation
            (call ``workflow.escalate`` with its text as the reason).
    """
    complaint = get_complaint(complaint_id)
    steps = suggested_steps(complaint.category_id)
    if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < len(steps):
        raise ValidationError(_("There is no such suggested step."), field="index")
    suggestion = steps[index]
    if suggestion.needs_workflow:
        raise ValidationError(
            _("This suggestion is an escalation: use Escalate and choose a manager."),
            field="index",
        )
    return add_step(actor, complaint_id, kind=suggestion.kind, text=suggestion.text)


def set_suggested_steps(
    actor: Staff, category_id: int, steps: Sequence[SuggestedStep]
) -> list[SuggestedStep]:
    """Replace a category's checklist (manager or owner).

    Returns:
        The cleaned checklist as stored.

    Raises:
        PermissionDenied: the actor is staff.
        NotFound: no such category.
        ValidationError: too many steps, empty or over-long text, or a resolve /
            reopen kind (those end or restart the complaint, not a checklist item).
    """
    require(actor, "categories.edit")
    if len(steps) > MAX_SUGGESTIONS:
        raise ValidationError(
            _("A category can have at most {n} suggested steps.").format(n=MAX_SUGGESTIONS),
            field="steps",
        )
    cleaned = []
    for step in steps:
        kind = parse_enum(StepKind, step.kind, "steps", _("Choose what kind of step this is."))
        if kind in (StepKind.RESOLVED, StepKind.REOPENED):
            raise ValidationError(
                _("A suggested step cannot resolve or reopen a complaint."), field="steps"
            )
        text = clean_text(step.text, field="steps", label=_("Suggested step"),
                          max_length=MAX_SUGGESTION_TEXT, required=True)
        cleaned.append(SuggestedStep(kind, text))
    with write_transaction():
        category = Category.get_or_none(Category.id == category_id)
        if category is None:
            raise NotFound(_("There is no such category."))
        stored = json.dumps([{"kind": s.kind.value, "text": s.text} for s in cleaned],
                            ensure_ascii=False)
        Category.update(suggested_steps=stored).where(Category.id == category.id).execute()
        audit.record(actor, "category.suggested_steps", entity="category",
                     entity_id=category.id, detail={"count": len(cleaned)})
    return cleaned
