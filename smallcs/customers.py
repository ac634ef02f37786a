"""Customers: look-up as you type, create and edit, history, merge, export and anonymise."""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import re
import tempfile
import unicodedata
from decimal import Decimal
from pathlib import Path
from typing import Any, NamedTuple, NewType

from peewee import Node, Select, fn

from smallcs import audit, clock
from smallcs.audit_exports import CUSTOMER_DATA, publish
from smallcs.complaints.common import clean_text
from smallcs.errors import NotFound, ValidationError
from smallcs.i18n import N_, _
from smallcs.models import (
    Category,
    Complaint,
    Customer,
    ResolutionStep,
    Staff,
    Survey,
    SurveyCard,
    SurveyResponse,
    write_transaction,
)
from smallcs.os_errors import discard_leftover, os_error_reason
from smallcs.permissions import require

log = logging.getLogger(__name__)

CustomerId = NewType("CustomerId", int)

MAX_NAME = 200  # Customer.name max_length
MAX_PHONE = 40
MAX_EMAIL = 254
MIN_PHONE_DIGITS = 5
MAX_PHONE_DIGITS = 20
ANONYMISED_NAME = N_("Anonymised customer")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
_PHONE_CHARS = re.compile(r"^\+?[\d\s().\-/]+$")
_SPACES = re.compile(r"\s+")


def normalise_phone(text: str) -> str:
    """Digits only, keeping a leading ``+`` (``00`` in front also means international)."""
    stripped = text.strip()
    digits = re.sub(r"\D", "", stripped)
    if stripped.startswith("+"):
        return "+" + digits
    if digits.startswith("00") and len(digits) > 2:
        return "+" + digits[2:]
    return digits


def normalise_email(text: str) -> str:
    """E-mail addresses are compared without outer spaces and case."""
    return text.strip().lower()


def normalise_name(text: str) -> str:
    """Names are compared casefolded, without accents, with single spaces.

    Staff type "garcia" or "angela" for García or Ángela: at a counter nobody stops
    for the accent key. (Migration 0012 brought stored names to this form.)
    """
    decomposed = unicodedata.normalize("NFKD", _SPACES.sub(" ", text.strip()).casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _lookup(query: Select) -> Select:
    return query.where(Customer.merged_into.is_null() & Customer.anonymised_at.is_null())


def find_customers(query: str, *, limit: int = 10) -> list[Customer]:
    """Customers matching what is typed in the look-up box, best matches first.

    Three or more digits search phone numbers (any part, with or without the
    leading 0 or country code); an ``@`` searches e-mail addresses; anything
    else matches the start of the name or of any word in it, and the start of
    the e-mail address. Merged and anonymised records are never offered.

    Args:
        query: the text typed so far.
        limit: at most this many customers.
    """
    text = query.strip() if isinstance(query, str) else ""
    if not text or "\x00" in text or limit <= 0:
        return []
    text = text.encode("utf-8", "replace").decode("utf-8")[:MAX_EMAIL]
    digits = re.sub(r"\D", "", text)
    has_letters = any(ch.isalpha() for ch in text)
    order: list[Node]
    if len(digits) >= 3 and not has_letters:
        # Typed nationally ("0612 ...") or internationally ("+34 612 ..."): the
        # part after the trunk or country prefix is what the stored forms share.
        core = digits[2:] if digits.startswith("00") else digits.lstrip("0") or digits
        condition = Customer.phone_norm.contains(core)
        order = [Customer.name_norm]
    elif "@" in text:
        condition = Customer.email_norm.startswith(normalise_email(text))
        order = [Customer.email_norm]
    else:
        name = normalise_name(text)
        starts = Customer.name_norm.startswith(name)
        condition = starts | Customer.name_norm.contains(" " + name) | \
            Customer.email_norm.startswith(normalise_email(text))
        # Whole-name prefix matches first, then word matches, each by name.
        order = [fn.NOT(starts), Customer.name_norm]
    rows = _lookup(Customer.select().where(condition))
    return list(rows.order_by(*order, Customer.id).limit(limit))


def recent_customers(*, limit: int = 10) -> list[Customer]:
    """The customers whose complaints came in last, latest first: the look-up list before
    anything is typed (the person at the counter is often one of them)."""
    latest = fn.MAX(Complaint.received_at)
    rows = (_lookup(Customer.select(Customer).join(Complaint, on=Complaint.customer == Customer.id))
            .group_by(Customer.id).order_by(latest.desc(), Customer.id).limit(max(0, limit)))
    return list(rows)


def _clean_fields(
    *, name: str | None, phone: str | None, email: str | None, notes: str | None
) -> dict[str, object]:
    fields: dict[str, object] = {}
    if name is not None:
        clean = _SPACES.sub(" ", clean_text(name, field="name", label=_("Name"),
                                            max_length=MAX_NAME, required=True))
        fields.update(name=clean, name_norm=normalise_name(clean))
    if phone is not None:
        clean = clean_text(phone, field="phone", label=_("Phone"), max_length=MAX_PHONE)
        norm = normalise_phone(clean)
        if clean and (not _PHONE_CHARS.match(clean)
                      or not MIN_PHONE_DIGITS <= len(norm.lstrip("+")) <= MAX_PHONE_DIGITS):
            raise ValidationError(
                _("A phone number has {low} to {high} digits and may start with +.").format(
                    low=MIN_PHONE_DIGITS, high=MAX_PHONE_DIGITS),
                field="phone",
            )
        fields.update(phone=clean, phone_norm=norm)
    if email is not None:
        clean = clean_text(email, field="email", label=_("E-mail"), max_length=MAX_EMAIL)
        if clean and not _EMAIL.match(clean):
            raise ValidationError(
                _("The e-mail address should look like name@example.com."), field="email"
            )
        fields.update(email=clean, email_norm=normalise_email(clean))
    if notes is not None:
        fields["notes"] = clean_text(notes, field="notes", label=_("Notes"))
    return fields


def get_customer(customer_id: int) -> Customer:
    """The customer with this id, or NotFound."""
    customer = Customer.get_or_none(Customer.id == customer_id)
    if customer is None:
        raise NotFound(_("There is no customer number {id}.").format(id=customer_id))
    return customer


class CustomerDraft(NamedTuple):
    """A new customer as typed, to be saved together with what it comes with.

    Quick entry types a new customer inline: ``complaints.create_complaint(...,
    new_customer=draft)`` saves both in one transaction, so a refused complaint
    leaves no customer behind.
    """

    name: str
    phone: str = ""
    email: str = ""
    contact_consent: bool = False
    notes: str = ""

    def check(self) -> None:
        """Refuse what ``create_customer`` would refuse, before anything is written.

        Raises:
            ValidationError: as ``create_customer``.
        """
        _clean_fields(name=self.name, phone=self.phone, email=self.email, notes=self.notes)


def create_customer(
    actor: Staff,
    *,
    name: str,
    phone: str = "",
    email: str = "",
    contact_consent: bool = False,
    notes: str = "",
) -> Customer:
    """Add a customer (from the Customers dialog, or with a complaint: see ``CustomerDraft``).

    Inside a caller's transaction it becomes part of it: the customer and its
    audit event go if the caller's write fails.

    Raises:
        ValidationError: no name, an over-long field, a phone number or e-mail
            address that does not look like one; nothing was saved.
    """
    fields = _clean_fields(name=name, phone=phone, email=email, notes=notes)
    with write_transaction():
        customer = Customer.create(**fields, contact_consent=bool(contact_consent),
                                   created_at=clock.utcnow())
        audit.record(actor, "customer.create", entity="customer", entity_id=customer.id,
                     detail={"contact_consent": bool(contact_consent)})
    return customer


def _editable(customer_id: int) -> Customer:
    customer = get_customer(customer_id)
    if customer.anonymised_at is not None:
        raise ValidationError(_("This customer was anonymised and cannot be changed."))
    if customer.merged_into_id is not None:
        raise ValidationError(_("This customer was merged into another record; edit that one."))
    return customer


def update_customer(
    actor: Staff,
    customer_id: int,
    *,
    name: str | None = None,
    phone: str | None = None,
    email: str | None = None,
    contact_consent: bool | None = None,
    notes: str | None = None,
) -> Customer:
    """Change some of a customer's details; None leaves a field as it is.

    Raises:
        NotFound: no such customer.
        ValidationError: bad input, or an anonymised or merged record.
    """
    fields = _clean_fields(name=name, phone=phone, email=email, notes=notes)
    if contact_consent is not None:
        fields["contact_consent"] = bool(contact_consent)
    with write_transaction():
        customer = _editable(customer_id)
        if fields:
            Customer.update(fields).where(Customer.id == customer.id).execute()
            # Field names only: the audit log is no place for contact details.
            audit.record(actor, "customer.update", entity="customer", entity_id=customer.id,
                         detail={"fields": sorted(k for k in fields if not k.endswith("_norm"))})
    return get_customer(customer_id)


class HistoryEntry(NamedTuple):
    """One past complaint and the survey answers given on cards tied to it."""

    complaint: Complaint
    answers: list[SurveyResponse]


class CustomerHistory(NamedTuple):
    """What the counter sees beside the form: the customer and their complaints."""

    customer: Customer
    entries: list[HistoryEntry]

    @property
    def complaints(self) -> list[Complaint]:
        """The complaints, newest first."""
        return [e.complaint for e in self.entries]


def customer_history(customer_id: int, *, limit: int = 100) -> CustomerHistory:
    """A customer's complaints (newest first, with category and status) and survey answers.

    A merged record shows the history of the record it was merged into.

    Raises:
        NotFound: no such customer.
    """
    customer = get_customer(customer_id)
    seen = {customer.id}
    while customer.merged_into_id is not None and customer.merged_into_id not in seen:
        customer = get_customer(customer.merged_into_id)
        seen.add(customer.id)
    complaints = list(
        Complaint.select(Complaint, Category)
        .join(Category)
        .where(Complaint.customer == customer.id)
        .order_by(Complaint.received_at.desc(), Complaint.id.desc())
        .limit(limit)
    )
    answers: dict[int, list[SurveyResponse]] = {c.id: [] for c in complaints}
    if complaints:
        rows = (
            SurveyResponse.select(SurveyResponse, SurveyCard)
            .join(SurveyCard)
            .where(SurveyCard.complaint.in_(list(answers)))
            .order_by(SurveyResponse.submitted_at)
        )
        for response in rows:
            answers[response.card.complaint_id].append(response)
    return CustomerHistory(customer, [HistoryEntry(c, answers[c.id]) for c in complaints])


def merge_customers(actor: Staff, *, keep_id: int, merge_id: int) -> Customer:
    """Merge a duplicate into the record to keep (manager or owner).

    The duplicate's complaints move to the kept record; its phone, e-mail and
    notes fill the kept record's empty fields; it stays, marked ``merged_into``,
    out of look-ups. Contact consent is not carried over: only the kept
    record's own consent counts.

    Returns:
        The kept customer.

    Raises:
        PermissionDenied: the actor is staff.
        NotFound: either customer does not exist.
        ValidationError: the same record twice, or a merged / anonymised one.
    """
    require(actor, "customer.merge")
    if keep_id == merge_id:
        raise ValidationError(_("Choose two different customers to merge."), field="merge_id")
    with write_transaction():
        keep, dupe = _editable(keep_id), _editable(merge_id)
        fill: dict[str, object] = {}
        if not keep.phone and dupe.phone:
            fill.update(phone=dupe.phone, phone_norm=dupe.phone_norm)
        if not keep.email and dupe.email:
            fill.update(email=dupe.email, email_norm=dupe.email_norm)
        if dupe.notes and dupe.notes not in keep.notes:
            fill["notes"] = "\n".join(n for n in (keep.notes, dupe.notes) if n)[:10_000]
        if fill:
            Customer.update(fill).where(Customer.id == keep.id).execute()
        moved = Complaint.update(customer=keep.id).where(Complaint.customer == dupe.id).execute()
        Customer.update(merged_into=keep.id).where(
            (Customer.id == dupe.id) | (Customer.merged_into == dupe.id)).execute()
        audit.record(actor, "customer.merge", entity="customer", entity_id=keep.id,
                     detail={"merged_id": dupe.id, "complaints_moved": moved})
    log.info("customer %s merged into %s (%d complaints moved)", dupe.id, keep.id, moved)
    return get_customer(keep.id)


def anonymise_customer(actor: Staff, customer_id: int) -> Customer:
    """Remove a person on request (manager or owner): complaints stay for the figures.

    The name becomes "Anonymised customer"; phone, e-mail and notes are
    cleared, and so are those of records merged into this one (the same
    person). The search index drops the name through its triggers.

    Raises:
        PermissionDenied: the actor is staff.
        NotFound: no such customer.
        ValidationError: already anonymised.
    """
    require(actor, "customer.anonymise")
    now = clock.utcnow()
    with write_transaction():
        customer = get_customer(customer_id)
        if customer.anonymised_at is not None:
            raise ValidationError(_("This customer is already anonymised."))
        name = _(ANONYMISED_NAME)
        blank = {
            "name": name, "name_norm": normalise_name(name), "phone": "", "phone_norm": "",
            "email": "", "email_norm": "", "notes": "", "contact_consent": False,
            "anonymised_at": now,
        }
        touched = Customer.update(blank).where(
            (Customer.id == customer.id) | (Customer.merged_into == customer.id)).execute()
        audit.record(actor, "customer.anonymise", entity="customer", entity_id=customer.id,
                     detail={"records": touched})
    return get_customer(customer_id)


EXPORT_FORMAT = "smallcs-customer-export"
EXPORT_VERSION = 1


def _when(value: dt.datetime | None) -> str | None:
    """Stored naive UTC as ISO 8601 with its offset, so a reader need not guess."""
    return None if value is None else value.replace(tzinfo=dt.UTC).isoformat()


def _person(customer: Customer) -> dict[str, Any]:
    return {
        "id": customer.id, "name": customer.name, "phone": customer.phone,
        "email": customer.email, "contact_consent": bool(customer.contact_consent),
        "notes": customer.notes, "created_at": _when(customer.created_at),
        "anonymised_at": _when(customer.anonymised_at),
    }


def _answer(response: SurveyResponse) -> dict[str, Any]:
    return {
        "submitted_at": _when(response.submitted_at), "survey": response.survey.name,
        "csat": response.csat, "nps": response.nps, "ces": response.ces,
        "comment": response.comment, "language": response.language,
        "source": response.source, "contact_requested": bool(response.contact_requested),
    }


def _complaint(complaint: Complaint, steps: list[ResolutionStep],
               answers: list[SurveyResponse]) -> dict[str, Any]:
    return {
        "reference": complaint.reference, "channel": complaint.channel,
        "category": complaint.category.name, "priority": complaint.priority,
        "status": complaint.status, "summary": complaint.summary,
        "description": complaint.description, "desired_outcome": complaint.desired_outcome,
        "order_reference": complaint.order_reference,
        "received_at": _when(complaint.received_at),
        "first_response_at": _when(complaint.first_response_at),
        "due_at": _when(complaint.due_at), "resolved_at": _when(complaint.resolved_at),
        "closed_at": _when(complaint.closed_at),
        "resolved_at_first_contact": bool(complaint.resolved_at_first_contact),
        "outcome": complaint.outcome,
        "compensation": str((Decimal(complaint.compensation_cents) / 100).quantize(Decimal("0.01"))),
        "follow_up_at": _when(complaint.follow_up_at), "reopen_count": complaint.reopen_count,
        "call_duration_seconds": complaint.call_duration_seconds,
        "timeline": [{"at": _when(s.at), "kind": s.kind, "text": s.text,
                      "by": s.staff.display_name} for s in steps],
        "survey_answers": [_answer(r) for r in answers],
    }


def customer_data(customer_id: int) -> dict[str, Any]:
    """Everything SmallCS holds about one person, as plain JSON-ready data.

    The record itself, the duplicate records merged into it (the same person),
    every complaint with its whole timeline, and the survey answers given on
    cards tied to those complaints.

    Raises:
        NotFound: no such customer.
    """
    customer = get_customer(customer_id)
    merged = list(Customer.select().where(Customer.merged_into == customer.id)
                  .order_by(Customer.id))
    ids = [customer.id, *(m.id for m in merged)]
    complaints = list(
        Complaint.select(Complaint, Category).join(Category)
        .where(Complaint.customer.in_(ids))
        .order_by(Complaint.received_at, Complaint.id)
    )
    wanted = [c.id for c in complaints]
    steps: dict[int, list[ResolutionStep]] = {c: [] for c in wanted}
    answers: dict[int, list[SurveyResponse]] = {c: [] for c in wanted}
    if wanted:
        for step in (ResolutionStep.select(ResolutionStep, Staff).join(Staff)
                     .where(ResolutionStep.complaint.in_(wanted))
                     .order_by(ResolutionStep.at, ResolutionStep.id)):
            steps[step.complaint_id].append(step)
        for response in (SurveyResponse.select(SurveyResponse, SurveyCard, Survey)
                         .join(SurveyCard).switch(SurveyResponse).join(Survey)
                         .where(SurveyCard.complaint.in_(wanted))
                         .order_by(SurveyResponse.submitted_at, SurveyResponse.id)):
            answers[response.card.complaint_id].append(response)
    return {
        "format": EXPORT_FORMAT, "version": EXPORT_VERSION,
        "exported_at": _when(clock.utcnow()),
        "customer": _person(customer),
        "merged_records": [_person(m) for m in merged],
        "complaints": [_complaint(c, steps[c.id], answers[c.id]) for c in complaints],
    }


def export_customer_data(actor: Staff, customer_id: int, path: str | os.PathLike[str]) -> Path:
    """Write everything held about one customer to a JSON file (a subject access request).

    UTF-8, indented, readable by the user only (it holds personal data), written
    beside the target and renamed into place, so a failed export leaves nothing
    under the chosen name. The export is audited (the file name is not: it may
    carry the person's name).

    Args:
        actor: the manager or owner answering the request.
        customer_id: whose data.
        path: the JSON file to write (replaced if it exists).

    Returns:
        The path written.

    Raises:
        PermissionDenied: the actor is staff; nothing is written.
        NotFound: no such customer.
        ValidationError: the file cannot be written there; nothing is left behind.
    """
    require(actor, "customer.export")
    data = customer_data(customer_id)
    target = Path(path)
    try:
        # mkstemp creates the file 0600 whatever the umask.
        handle, partial = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.",
                                           suffix=".part")
    except OSError as exc:
        raise ValidationError(
            _("Cannot write to {folder}: {error}").format(folder=target.parent,
                                                          error=os_error_reason(exc)),
            field="path",
        ) from exc
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(data, out, ensure_ascii=False, indent=2)
            out.write("\n")
        publish(partial, target, lambda: audit.record(
            actor, CUSTOMER_DATA, entity="customer", entity_id=customer_id,
            detail={"complaints": len(data["complaints"])}))
    except OSError as exc:
        discard_leftover(partial)
        raise ValidationError(
            _("Cannot write {file}: {error}").format(file=target, error=os_error_reason(exc)),
            field="path",
        ) from exc
    except BaseException:
        discard_leftover(partial)
        raise
    log.info("customer %s exported (%d complaints)", customer_id, len(data["complaints"]))
    return target
