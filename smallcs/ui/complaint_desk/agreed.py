"""What a resolution agreed (outcome, compensation), as the complaint's detail and timeline show it.

``complaints.workflow.resolve`` writes its own words on the resolution step ("Resolved:
refund. Compensation: 12.50.", in the resolver's language, the amount with a dot) after
any note staff typed. The timeline shows those words the reader's way instead: the
outcome named in their language, the amount as their locale writes money.
"""

from __future__ import annotations

import dataclasses
import html
import re
from decimal import Decimal

from smallcs import complaints, locale_format
from smallcs.complaints import labels
from smallcs.i18n import _
from smallcs.models import Complaint
from smallcs.models.enums import Outcome

# The words workflow.resolve writes on a resolution step (its msgids).
_GENERATED_RESOLVED = "Resolved: {outcome}."
_GENERATED_COMPENSATION = "Compensation: {amount}."
# The outcome as those words name it: its stored value, spaces for underscores.
_OUTCOME_WORDS = {value.value.replace("_", " "): value for value in Outcome}


def _template_pattern(template: str, field: str, value: str) -> str:
    """A regular expression for ``template`` with ``{field}`` matching ``value`` (a pattern)."""
    before, after = template.split("{" + field + "}")
    return f"{re.escape(before)}(?P<{field}>{value}){re.escape(after)}"


@dataclasses.dataclass(frozen=True)
class ResolutionWords:
    """A resolution step's text read back: what staff wrote, and what the service added."""

    own_words: str
    outcome: Outcome | None  # None: not in the text (a note was written instead)
    compensation: Decimal | None  # None: none given


def read_resolution(text: str) -> ResolutionWords:
    """Split a resolution step's ``text`` into the note and the service's words (English or this app's)."""
    amount: Decimal | None = None
    for template in {_GENERATED_COMPENSATION, _(_GENERATED_COMPENSATION)}:
        found = re.search(" " + _template_pattern(template, "amount", r"\d+\.\d{2}") + "$", text)
        if found:
            text, amount = text[:found.start()], Decimal(found["amount"])
            break
    outcomes = "|".join(re.escape(words) for words in _OUTCOME_WORDS)
    for template in {_GENERATED_RESOLVED, _(_GENERATED_RESOLVED)}:
        found = re.fullmatch(_template_pattern(template, "outcome", outcomes), text)
        if found:
            return ResolutionWords("", _OUTCOME_WORDS[found["outcome"]], amount)
    return ResolutionWords(text, None, amount)


def captioned(parts: list[tuple[str, str]]) -> str:
    """``parts`` as one line of rich text: each caption bold, each value escaped."""
    return " · ".join(f"<b>{html.escape(caption)}:</b> {html.escape(value)}" for caption, value in parts)


@dataclasses.dataclass(frozen=True)
class Agreed:
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
