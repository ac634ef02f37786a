"""Customers: look-up as you type, create and edit, history, merge and anonymise."""

from __future__ import annotations

import dataclasses
import logging
import re
from typing import NewType

from peewee import Node, Select, fn

from smallcs import audit, clock
from smallcs.complaints.common import clean_text
from smallcs.errors import NotFound, ValidationError
from smallcs.i18n import N_, _
from smallcs.models import (
    Category,
    Complaint,
    Customer,
    Staff,
    SurveyCard,
    SurveyResponse,
    write_transaction,
)
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
    """Names are compared casefolded with single spaces."""
    return _SPACES.sub(" ", text.strip()).casefold()


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


def create_customer(
    actor: Staff,
    *,
    name: str,
    phone: str = "",
    email: str = "",
    contact_consent: bool = False,
    notes: str = "",
) -> Customer:
    """Add a customer (inline from the complaint form, or from the customers page).

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


@dataclasses.dataclass(frozen=True)
class HistoryEntry:
    """One past complaint and the survey answers given on cards tied to it."""

    complaint: Complaint
    answers: list[SurveyResponse]


@dataclasses.dataclass(frozen=True)
class CustomerHistory:
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
    """Remove a person on request (owner): complaints stay for the figures.

    The name becomes "Anonymised customer"; phone, e-mail and notes are
    cleared, and so are those of records merged into this one (the same
    person). The search index drops the name through its triggers.

    Raises:
        PermissionDenied: the actor is not the owner.
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
