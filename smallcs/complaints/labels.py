"""How the stored vocabularies read at the counter (translated when shown)."""

from __future__ import annotations

from smallcs.complaints.workflow import status_name
from smallcs.i18n import N_, _
from smallcs.models.enums import Channel, Outcome, Priority, Status, StepKind

_CHANNELS = {
    Channel.IN_PERSON: N_("In person"), Channel.PHONE: N_("Phone"), Channel.EMAIL: N_("Email"),
    Channel.CHAT: N_("Chat"), Channel.SOCIAL: N_("Social media"), Channel.WEB: N_("Web form"),
    Channel.OTHER: N_("Other"),
}
_PRIORITIES = {
    Priority.LOW: N_("Low"), Priority.NORMAL: N_("Normal"), Priority.HIGH: N_("High"),
    Priority.URGENT: N_("Urgent"),
}
_STEP_KINDS = {
    StepKind.NOTE: N_("Note"), StepKind.CONTACTED_CUSTOMER: N_("Contacted the customer"),
    StepKind.APOLOGISED: N_("Apologised"), StepKind.INVESTIGATED: N_("Investigated"),
    StepKind.OFFERED_REMEDY: N_("Offered a remedy"), StepKind.ESCALATED: N_("Escalated"),
    StepKind.REFUNDED: N_("Refunded"), StepKind.REPLACED: N_("Replaced"),
    StepKind.FOLLOW_UP: N_("Followed up"), StepKind.RESOLVED: N_("Resolved"),
    StepKind.REOPENED: N_("Reopened"),
}
_OUTCOMES = {
    Outcome.REFUND: N_("Refund"), Outcome.REPLACEMENT: N_("Replacement"), Outcome.REPAIR: N_("Repair"),
    Outcome.DISCOUNT: N_("Discount"), Outcome.APOLOGY: N_("Apology"),
    Outcome.EXPLANATION: N_("Explanation"), Outcome.NO_ACTION: N_("No action"),
}
# Steps staff add by hand; escalating, resolving and reopening have their own buttons.
MANUAL_STEP_KINDS = (StepKind.NOTE, StepKind.CONTACTED_CUSTOMER, StepKind.APOLOGISED,
                     StepKind.INVESTIGATED, StepKind.OFFERED_REMEDY, StepKind.REFUNDED,
                     StepKind.REPLACED, StepKind.FOLLOW_UP)


def channel(value: Channel | str) -> str:
    return _(_CHANNELS[Channel(value)])


def priority(value: Priority | str) -> str:
    return _(_PRIORITIES[Priority(value)])


def status(value: Status | str) -> str:
    """The status as a label: its first letter upper-cased, the rest as written (German nouns keep theirs)."""
    name = status_name(Status(value))
    return name[:1].upper() + name[1:]


def step_kind(value: StepKind | str) -> str:
    return _(_STEP_KINDS[StepKind(value)])


def outcome(value: Outcome | str) -> str:
    return _(_OUTCOMES[Outcome(value)])
