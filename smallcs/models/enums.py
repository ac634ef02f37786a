"""The fixed vocabularies stored in the database (values are stable identifiers)."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    OWNER = "owner"
    MANAGER = "manager"
    STAFF = "staff"


class Channel(StrEnum):
    IN_PERSON = "in_person"
    PHONE = "phone"
    EMAIL = "email"
    CHAT = "chat"
    SOCIAL = "social"
    WEB = "web"
    OTHER = "other"


class Priority(StrEnum):
    LOW = "low"
    NORMAL = "normal"
    HIGH = "high"
    URGENT = "urgent"


class Status(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    WAITING_ON_CUSTOMER = "waiting_on_customer"
    ESCALATED = "escalated"
    RESOLVED = "resolved"
    CLOSED = "closed"


class StepKind(StrEnum):
    NOTE = "note"
    CONTACTED_CUSTOMER = "contacted_customer"
    APOLOGISED = "apologised"
    INVESTIGATED = "investigated"
    OFFERED_REMEDY = "offered_remedy"
    ESCALATED = "escalated"
    REFUNDED = "refunded"
    REPLACED = "replaced"
    FOLLOW_UP = "follow_up"
    RESOLVED = "resolved"
    REOPENED = "reopened"


class Outcome(StrEnum):
    REFUND = "refund"
    REPLACEMENT = "replacement"
    REPAIR = "repair"
    DISCOUNT = "discount"
    APOLOGY = "apology"
    EXPLANATION = "explanation"
    NO_ACTION = "no_action"


class CardKind(StrEnum):
    SINGLE = "single"
    POSTER = "poster"


class ResponseSource(StrEnum):
    QR = "qr"
    PAPER = "paper"
    IMPORT = "import"


class Question(StrEnum):
    CSAT = "csat"
    NPS = "nps"
    CES = "ces"
    COMMENT = "comment"
    CONTACT = "contact"


def sql_in(values: type[StrEnum]) -> str:
    """A SQL list of an enum's values for CHECK constraints."""
    return ", ".join(f"'{v.value}'" for v in values)
