"""The words a resolution step carries, written by the service and read back for display.

``workflow.resolve`` puts on the step what staff wrote, then its own words for the outcome
and any amount: "Parcel refunded to card. Resolved: refund. Compensation: 12.50." — in the
resolver's language, the outcome as stored, the amount with a dot. The timeline and the
receipt read those words back (``read_resolution``) and say them the reader's way: the
outcome in their language, the amount as their locale writes money. The step text itself is
never changed: it stays what was recorded.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import NamedTuple

from smallcs.complaints.common import from_cents
from smallcs.i18n import APP_LANGUAGES, N_, _, translation_for
from smallcs.models.enums import Outcome

RESOLVED = N_("Resolved: {outcome}.")
COMPENSATION = N_("Compensation: {amount}.")
# The outcome as those words name it: its stored value, spaces for underscores.
_OUTCOME_WORDS = {value.value.replace("_", " "): value for value in Outcome}


def resolution_text(note: str, outcome: Outcome, cents: int) -> str:
    """A resolution step's text: ``note`` (may be empty), then the outcome and any amount."""
    parts = [note] if note else []
    parts.append(_(RESOLVED).format(outcome=outcome.value.replace("_", " ")))
    if cents:
        parts.append(_(COMPENSATION).format(amount=from_cents(cents)))
    return " ".join(parts)


class ResolutionWords(NamedTuple):
    """A resolution step's text read back: what staff wrote, and what the service added."""

    own_words: str
    outcome: Outcome | None  # None: not in the text (a step from before the outcome was always written)
    compensation: Decimal | None  # None: none given


def _pattern(template: str, field: str, value: str) -> str:
    """A regular expression for ``template`` with ``{field}`` matching ``value`` (a pattern)."""
    before, after = template.split("{" + field + "}")
    return f"{re.escape(before)}(?P<{field}>{value}){re.escape(after)}"


def _in_every_language(message: str) -> set[str]:
    """``message`` in English and in each language the app may have written it in."""
    return {message, *(translation_for(language).gettext(message) for language in APP_LANGUAGES)}


def read_resolution(text: str) -> ResolutionWords:
    """Split a resolution step's ``text`` into the note and the service's words (in any app language)."""
    amount: Decimal | None = None
    for template in _in_every_language(COMPENSATION):
        found = re.search(r"(?:^| )" + _pattern(template, "amount", r"\d+\.\d{2}") + "$", text)
        if found:
            text, amount = text[:found.start()], Decimal(found["amount"])
            break
    outcomes = "|".join(re.escape(words) for words in _OUTCOME_WORDS)
    for template in _in_every_language(RESOLVED):
        found = re.search(r"(?:^| )" + _pattern(template, "outcome", outcomes) + "$", text)
        if found:
            return ResolutionWords(text[:found.start()], _OUTCOME_WORDS[found["outcome"]], amount)
    return ResolutionWords(text, None, amount)
