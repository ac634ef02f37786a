"""Canned note texts: the sentences staff type again and again, one keystroke away.

The shop edits the list in Settings (manager or owner); the step note on a
complaint offers them as you type and from a menu. Until the shop changes it,
the list is a few sentences from good complaint-handling practice.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from smallcs import audit, settings
from smallcs.complaints.common import clean_text
from smallcs.errors import ValidationError
from smallcs.i18n import N_, _
from smallcs.models import Staff, write_transaction
from smallcs.permissions import require

log = logging.getLogger(__name__)

SETTING_KEY = "complaints.canned_notes"
MAX_TEXTS = 40
MAX_TEXT_LENGTH = 300  # a sentence or two; longer notes are typed

DEFAULT_TEXTS = (
    N_("Apologised to the customer for the trouble."),
    N_("Called the customer: no answer, left a message."),
    N_("Explained the cause and what we will do next."),
    N_("Customer agreed to the proposed solution."),
    N_("Waiting for the supplier's reply."),
    N_("Customer confirmed the problem is solved and is satisfied."),
)


def canned_texts() -> list[str]:
    """The shop's canned note texts, in its order (the defaults, translated, until it edits them)."""
    stored = settings.get_value(SETTING_KEY)
    if isinstance(stored, list) and all(isinstance(text, str) for text in stored):
        return list(stored)
    if stored is not None:
        log.warning("the canned note texts are unreadable; showing the defaults")
    return [_(text) for text in DEFAULT_TEXTS]


def clean_texts(texts: Sequence[str]) -> list[str]:
    """Texts trimmed, blank lines dropped, repeats removed (first kept).

    Raises:
        ValidationError: a text too long or not text (NUL bytes, broken Unicode), or too many.
    """
    cleaned: list[str] = []
    for text in texts:
        line = " ".join(clean_text(text, field="texts", label=_("A canned text"),
                                   max_length=MAX_TEXT_LENGTH).split())
        if line and line not in cleaned:
            cleaned.append(line)
    if len(cleaned) > MAX_TEXTS:
        raise ValidationError(_("Keep at most {n} canned texts: a short list is quicker to pick from.").format(
            n=MAX_TEXTS), field="texts")
    return cleaned


def set_canned_texts(actor: Staff, texts: Sequence[str]) -> list[str]:
    """Replace the shop's canned note texts (manager or owner).

    Returns:
        The list as stored (trimmed, without blanks or repeats).

    Raises:
        PermissionDenied: the actor may not edit settings.
        ValidationError: a text too long, or too many; nothing changes.
    """
    require(actor, "settings.edit")
    cleaned = clean_texts(texts)
    before = canned_texts()
    if cleaned == before:
        return cleaned
    with write_transaction():
        settings.put_value(SETTING_KEY, cleaned)
        audit.record(actor, "settings.canned_notes", entity="setting", entity_id=SETTING_KEY,
                     detail={"before": before, "after": cleaned})
    return cleaned
