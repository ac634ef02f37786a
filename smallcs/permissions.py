"""Which role may do what. Services call ``require``; the UI only hides buttons.

Every refusal leaves a ``permission.denied`` audit event, also when ``require``
runs inside a transaction that the refusal then rolls back (see ``require``).
"""

from __future__ import annotations

import logging

from smallcs import audit
from smallcs.errors import PermissionDenied
from smallcs.i18n import N_, _
from smallcs.models import Staff
from smallcs.models.base import after_transaction
from smallcs.models.enums import Role

log = logging.getLogger(__name__)

_RANK = {Role.STAFF: 0, Role.MANAGER: 1, Role.OWNER: 2}

ROLE_NAMES: dict[Role, str] = {Role.OWNER: N_("Owner"), Role.MANAGER: N_("Manager"), Role.STAFF: N_("Staff")}


def role_name(role: Role | str) -> str:
    """A role as people read it, in their language ("Encargado"); an unknown value as it is."""
    try:
        return _(ROLE_NAMES[Role(role)])
    except ValueError:
        return str(role)


# action -> the least role allowed to do it
MINIMUM_ROLE: dict[str, Role] = {
    "staff.manage": Role.OWNER,
    "settings.edit": Role.MANAGER,
    "demo.load": Role.OWNER,
    "goals.edit": Role.MANAGER,
    "report.generate": Role.MANAGER,
    "report.staff": Role.OWNER,
    "audit.view": Role.OWNER,
    "surveys.cards": Role.MANAGER,
    "surveys.card_for_complaint": Role.STAFF,
    "surveys.paper_entry": Role.STAFF,
    "surveys.import": Role.MANAGER,
    "complaint.reopen": Role.STAFF,
    "complaint.receipt": Role.STAFF,
    "complaint.export": Role.MANAGER,  # the whole list: every customer's name and complaint in one file
    "categories.edit": Role.MANAGER,
    "customer.merge": Role.MANAGER,
    "customer.anonymise": Role.MANAGER,
    "customer.export": Role.MANAGER,
}


def allowed(actor: Staff, action: str) -> bool:
    """True when the active staff member's role covers ``action``."""
    if not actor.active:
        return False
    return _RANK[Role(actor.role)] >= _RANK[MINIMUM_ROLE[action]]


def require(actor: Staff, action: str) -> None:
    """Raise PermissionDenied unless ``actor`` may do ``action``; a refusal is audited.

    The refusal's audit event is written in a transaction of its own: at once when
    no transaction is open, otherwise as soon as the caller's outermost transaction
    has ended, which the PermissionDenied raised here usually rolls back.
    """
    if allowed(actor, action):
        return
    log.info("refused %s to staff %s (%s)", action, actor.id, actor.role)
    after_transaction(lambda: audit.record_denial(actor, action))
    raise PermissionDenied(
        _("{user} ({role}) is not allowed to do this.").format(user=actor.display_name, role=role_name(actor.role))
    )
