"""Logging a new complaint at the counter: reference, due time, first response."""

from __future__ import annotations

import datetime as dt
import logging
from decimal import Decimal
from zoneinfo import ZoneInfo

from peewee import IntegrityError, fn

from smallcs import audit, clock, customers, drafts, settings
from smallcs.complaints.common import (
    CategoryId,
    add_timeline_step,
    clean_text,
    get_active_staff,
    parse_enum,
    to_cents,
    to_naive_utc,
)
from smallcs.errors import ValidationError
from smallcs.i18n import _
from smallcs.models import (
    Category,
    Complaint,
    Customer,
    Staff,
    SurveyResponse,
    database,
    write_transaction,
)
from smallcs.models.enums import Channel, Outcome, Priority, Status, StepKind

log = logging.getLogger(__name__)

# Channels where the customer is acknowledged while they are still there.
ACKNOWLEDGED_ON_CONTACT = frozenset({Channel.IN_PERSON, Channel.PHONE})
MAX_CALL_SECONDS = 24 * 3600
# A complaint may be typed in a little after the clock of another PC said "now".
_FUTURE_TOLERANCE = dt.timedelta(minutes=5)


def reference_prefix(received_at: dt.datetime, zone: ZoneInfo) -> str:
    """``C-YYYY-`` for the year the complaint arrived in, in the shop's time zone."""
    return f"C-{clock.to_local(received_at, zone).year}-"


def _next_reference(prefix: str) -> str:
    # The numeric maximum, not the text one: C-2026-10000 sorts before C-2026-9999.
    # The range condition keeps it on the unique index of reference.
    start = len(prefix) + 1
    highest = (
        Complaint.select(fn.MAX(fn.SUBSTR(Complaint.reference, start).cast("INTEGER")))
        .where((Complaint.reference >= prefix) & (Complaint.reference < prefix + "~"))
        .scalar()
    )
    return f"{prefix}{(highest or 0) + 1:04d}"


def due_time(received_at: dt.datetime, hours: int, zone: ZoneInfo) -> dt.datetime:
    """When a complaint is due: ``hours`` on the shop's wall clock after it arrived.

    A 48-hour target for a complaint received on Saturday at 10:00 is due on
    Monday at 10:00 local time, even when the clocks change on Sunday, which is
    what the shop promises the customer. Stored as naive UTC like every time.
    """
    local = clock.to_local(received_at, zone).replace(tzinfo=None)
    return clock.to_utc(local + dt.timedelta(hours=hours), zone)


def _category(category_id: int) -> Category:
    category = Category.get_or_none(Category.id == category_id)
    if category is None or not category.active:
        raise ValidationError(_("Choose a category."), field="category")
    return category


def _customer_id(customer_id: int | None) -> int | None:
    if customer_id is None:
        return None
    customer = Customer.get_or_none(Customer.id == customer_id)
    if customer is None:
        raise ValidationError(_("That customer does not exist."), field="customer")
    if customer.merged_into_id is not None:
        raise ValidationError(
            _("That customer record was merged into another one; choose that one."),
            field="customer",
        )
    if customer.anonymised_at is not None:
        raise ValidationError(
            _("That customer was anonymised; log the complaint without a customer."),
            field="customer",
        )
    return customer.id


def create_complaint(
    actor: Staff,
    *,
    channel: Channel,
    category_id: CategoryId | int,
    summary: str,
    description: str = "",
    desired_outcome: str = "",
    order_reference: str = "",
    customer_id: int | None = None,
    new_customer: customers.CustomerDraft | None = None,
    priority: Priority | None = None,
    resolved_on_the_spot: bool = False,
    outcome: Outcome | None = None,
    compensation: Decimal = Decimal(0),
    call_duration_seconds: int | None = None,
    received_at: dt.datetime | None = None,
    assigned_to_id: int | None = None,
    draft_form: str | None = None,
    from_response_id: int | None = None,
) -> Complaint:
    """Log a complaint: the quick-entry form's one call.

    The reference is ``C-YYYY-NNNN``, numbered per year of ``received_at`` in the
    shop's time zone. In person and by phone the customer is acknowledged on the
    spot, so the first response is the moment it was received. Ticking
    "resolved on the spot" is the only way a complaint counts as resolved at
    first contact. A customer typed in with the complaint (``new_customer``) is
    saved in the same transaction: if the complaint is refused, so is the
    customer, and a second try adds no duplicate. So is the draft the form kept
    of it (``draft_form``): a saved complaint is never offered again as unsaved,
    and a refused one keeps its draft.

    Args:
        actor: who is at the counter; also the assignee unless ``assigned_to_id``.
        channel: how the complaint arrived.
        category_id: the category (sets the default priority and the due time).
        summary: one line, required (200 characters at most).
        description: what happened (10,000 characters at most).
        desired_outcome: what the customer asks for.
        order_reference: order or product reference (80 characters at most).
        customer_id: an existing customer, or None for an anonymous complaint.
        new_customer: a customer to add with the complaint, instead of ``customer_id``.
        priority: defaults to the category's priority.
        resolved_on_the_spot: the complaint was settled while the customer was there.
        outcome: with ``resolved_on_the_spot``, what was done.
        compensation: with ``resolved_on_the_spot``, money given (two decimals).
        call_duration_seconds: length of the phone call, from the call timer.
        received_at: naive UTC (or aware) moment it arrived; defaults to now.
        assigned_to_id: who follows it up; defaults to ``actor``.
        draft_form: the form (e.g. ``drafts.QUICK_ENTRY``) whose draft of ``actor``'s
            this complaint was typed in; removed with the save.
        from_response_id: the survey answer it was made from (Surveys page), if any.

    Returns:
        The saved complaint.

    Raises:
        ValidationError: bad or missing input; nothing was saved.
        DatabaseError: the draft could not be removed; nothing was saved.
    """
    now = clock.utcnow()
    if new_customer is not None:
        if customer_id is not None:
            raise ValidationError(_("Choose a customer or add a new one, not both."),
                                  field="customer")
        new_customer.check()  # first, as the form asks for the customer first
    channel = parse_enum(Channel, channel, "channel", _("Choose how the complaint arrived."))
    summary = clean_text(summary, field="summary", label=_("Summary"), max_length=200,
                         required=True)
    description = clean_text(description, field="description", label=_("Description"))
    desired_outcome = clean_text(desired_outcome, field="desired_outcome",
                                 label=_("Desired outcome"))
    order_reference = clean_text(order_reference, field="order_reference",
                                 label=_("Order reference"), max_length=80)
    received = now if received_at is None else to_naive_utc(received_at, field="received_at")
    if received > now + _FUTURE_TOLERANCE:
        raise ValidationError(_("The complaint cannot be received in the future."),
                              field="received_at")
    if call_duration_seconds is not None and (
        isinstance(call_duration_seconds, bool) or not isinstance(call_duration_seconds, int)
        or not 0 <= call_duration_seconds <= MAX_CALL_SECONDS
    ):
        raise ValidationError(_("The call duration must be between 0 and 24 hours."),
                              field="call_duration_seconds")
    if not resolved_on_the_spot and (outcome is not None or compensation):
        raise ValidationError(
            _("An outcome or compensation is only given when resolved on the spot."),
            field="outcome",
        )
    outcome_value = (
        parse_enum(Outcome, outcome, "outcome", _("Choose an outcome.")).value if outcome else None
    )
    cents = to_cents(compensation)
    zone = settings.get_profile().zone
    with write_transaction():
        category = _category(category_id)
        chosen = Priority(category.default_priority) if priority is None else parse_enum(
            Priority, priority, "priority", _("Choose a priority."))
        customer = _customer_id(customer_id) if new_customer is None else \
            customers.create_customer(actor, **new_customer._asdict()).id
        assignee = actor.id if assigned_to_id is None else get_active_staff(
            assigned_to_id, field="assigned_to").id
        if from_response_id is not None and SurveyResponse.get_or_none(
                SurveyResponse.id == from_response_id) is None:
            raise ValidationError(_("The survey answer this complaint was made from no longer exists."),
                                  field="from_response")
        acknowledged = channel in ACKNOWLEDGED_ON_CONTACT or resolved_on_the_spot
        resolved_at = max(now, received) if resolved_on_the_spot else None
        row = {
            "channel": channel.value, "customer": customer, "category": category.id,
            "priority": chosen.value,
            "status": (Status.RESOLVED if resolved_on_the_spot else Status.OPEN).value,
            "summary": summary, "description": description, "desired_outcome": desired_outcome,
            "order_reference": order_reference, "received_at": received,
            "first_response_at": received if acknowledged else None,
            "resolved_at": resolved_at,
            "due_at": due_time(received, category.resolution_target_hours, zone),
            "assigned_to": assignee, "created_by": actor.id,
            "resolved_at_first_contact": resolved_on_the_spot, "outcome": outcome_value,
            "compensation_cents": cents, "call_duration_seconds": call_duration_seconds,
            "updated_at": now, "from_response_id": from_response_id,
        }
        complaint = _insert_with_reference(row, reference_prefix(received, zone))
        if resolved_on_the_spot:
            add_timeline_step(complaint.id, actor, StepKind.RESOLVED,
                              _("Resolved on the spot."), at=resolved_at)
        audit.record(actor, "complaint.create", entity="complaint", entity_id=complaint.id,
                     detail={"reference": complaint.reference, "channel": channel.value,
                             "category": category.id,
                             "resolved_on_the_spot": resolved_on_the_spot,
                             **({"from_response": from_response_id} if from_response_id is not None else {})})
        if draft_form is not None:
            drafts.discard_draft(actor, draft_form)
    log.info("complaint %s created by staff %s", complaint.reference, actor.id)
    return complaint


def _insert_with_reference(row: dict[str, object], prefix: str) -> Complaint:
    """Insert with the next free reference; retry once if another counter took it."""
    for attempt in (1, 2):
        reference = _next_reference(prefix)
        try:
            with database.atomic():  # a savepoint: a collision undoes only this insert
                return Complaint.create(reference=reference, **row)
        except IntegrityError as exc:
            taken = Complaint.select().where(Complaint.reference == reference).exists()
            if not taken or attempt == 2:
                log.warning("could not save a complaint (%s)", exc, exc_info=True)
                raise ValidationError(
                    _("The complaint could not be saved; please try again.")
                ) from exc
            log.info("reference %s was just taken by another counter; retrying", reference)
    raise AssertionError("unreachable")  # pragma: no cover
