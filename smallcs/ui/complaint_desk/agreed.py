"""What a resolution agreed (outcome, compensation), as the complaint's detail and timeline show it.

The words the service wrote on a resolution step are read back by
``complaints.resolution_text`` and said here the reader's way.
"""

from __future__ import annotations

import html
from decimal import Decimal
from typing import NamedTuple

from smallcs import complaints, locale_format
from smallcs.complaints import labels
from smallcs.complaints.resolution_text import ResolutionWords
from smallcs.i18n import _
from smallcs.models import Complaint
from smallcs.models.enums import Outcome


def captioned(parts: list[tuple[str, str]]) -> str:
    """``parts`` as one line of rich text: each caption bold, each value escaped."""
    return " · ".join(f"<b>{html.escape(caption)}:</b> {html.escape(value)}" for caption, value in parts)


class Agreed(NamedTuple):
    """What a complaint's latest resolution agreed, as the desk shows it.

    A reopened complaint keeps these until it is resolved again (see
    ``complaints.workflow``): they stay true of its last resolution step.
    """

    outcome: Outcome | None  # None: resolved on the spot without recording one
    compensation: Decimal
    currency: str

    @classmethod
    def of(cls, complaint: Complaint, currency: str) -> Agreed:
        """The complaint's outcome and compensation; ``currency`` is the shop's."""
        return cls(Outcome(complaint.outcome) if complaint.outcome else None,
                   complaints.compensation(complaint), currency)

    @property
    def outcome_text(self) -> str:
        return labels.outcome(self.outcome) if self.outcome else _("Not recorded")

    @property
    def compensation_text(self) -> str:
        """The amount in the shop's currency, as the reader's locale writes money; "—" for none."""
        return self.money(self.compensation) if self.compensation else "—"

    def money(self, amount: Decimal) -> str:
        return locale_format.money(amount, self.currency)

    def line(self) -> str:
        """Outcome and compensation as one line of rich text (captions bold, values escaped)."""
        parts = [(_("Outcome"), self.outcome_text)]
        if self.compensation:
            parts.append((_("Compensation"), self.compensation_text))
        return captioned(parts)

    def earlier_line(self, words: ResolutionWords) -> str:
        """What an earlier resolution (before a reopening) agreed, as far as its step says."""
        parts = []
        if words.outcome is not None:
            parts.append((_("Outcome"), labels.outcome(words.outcome)))
        if words.compensation:
            parts.append((_("Compensation"), self.money(words.compensation)))
        return captioned(parts)
