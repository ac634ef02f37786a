"""The outcome and the compensation a complaint is resolved with, as every form asks for them.

The Resolve dialog and quick entry's "resolved on the spot" both use these, so an
outcome looks the same in both and an amount typed in either is read, and refused,
the same way: before anything is written, with the service's own money rules.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QWidget,
)

from smallcs import complaints, locale_format, settings
from smallcs.complaints import labels
from smallcs.errors import ValidationError
from smallcs.i18n import _
from smallcs.models.enums import Outcome
from smallcs.ui.theme import scaled


def parse_amount(text: str) -> Decimal:
    """An amount as typed at the counter: '12.50', '12,50', '1.234,50', '1,234.50', '' (none).

    With both a dot and a comma, the last one is the decimal sign and the other groups
    thousands; with one of them, it is the decimal sign.

    Raises:
        ValidationError: not a number, or an amount the service would refuse
            (negative, too large, more than two decimal places); ``field`` is
            ``compensation``.
    """
    cleaned = "".join(text.split()).replace("\u202f", "")  # (spaces, also no-break ones, group thousands)
    if "," in cleaned and "." in cleaned:
        grouping = "," if cleaned.rfind(".") > cleaned.rfind(",") else "."
        cleaned = cleaned.replace(grouping, "")
    cleaned = cleaned.replace(",", ".")
    if not cleaned:
        return Decimal(0)
    try:
        amount: Decimal | None = Decimal(cleaned)
    except InvalidOperation:
        amount = None
    if amount is None or not amount.is_finite():
        example = locale_format.number(Decimal("12.50"), 2)
        raise ValidationError(_("'{text}' is not an amount; type it like {example}.").format(
            text=text, example=example), field="compensation")
    complaints.to_cents(amount)  # the service's limits, checked before a form writes anything
    return amount


def _with_currency(label: str) -> str:
    return label.format(currency=settings.get_profile().currency)


class ResolutionFields:
    """An outcome choice and a compensation amount in the shop's currency, for a form's rows.

    ``optional`` adds a first choice "Not recorded" (no outcome), for forms where
    the outcome may be left out. Otherwise (the Resolve dialog) nothing is chosen at
    first: a refund recorded because it came first in the list, with Ctrl+Enter
    pressed in haste, would count in the report as a refund given.
    """

    def __init__(self, *, optional: bool = False) -> None:
        self.outcome = QComboBox(objectName="outcome")
        if optional:
            self.outcome.addItem(_("Not recorded"), "")
        for value in Outcome:
            self.outcome.addItem(labels.outcome(value), value.value)
        if not optional:
            self.outcome.setPlaceholderText(_("Choose the outcome…"))
            self.outcome.setCurrentIndex(-1)
        # As the user writes an amount: "0.00", "0,00" (parse_amount takes either).
        self.amount = QLineEdit(objectName="compensation", placeholderText=locale_format.number(0, 2))
        self.amount.setAlignment(Qt.AlignmentFlag.AlignRight)

    def add_rows(self, form: QFormLayout, outcome_label: str, amount_label: str) -> None:
        """Add both as rows of ``form``; ``amount_label`` names the currency as ``{currency}``."""
        form.addRow(outcome_label, self.outcome)
        form.addRow(_with_currency(amount_label), self.amount)

    def line(self, outcome_label: str, amount_label: str) -> QWidget:
        """Both on one line, labelled, for a form where they belong to the row above."""
        line = QWidget()
        line.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)  # as wide as the fields above
        row = QHBoxLayout(line)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel(outcome_label, buddy=self.outcome))
        row.addWidget(self.outcome, 1)
        row.addSpacing(scaled(12))
        row.addWidget(QLabel(_with_currency(amount_label), buddy=self.amount))
        self.amount.setMaximumWidth(scaled(110))
        row.addWidget(self.amount)
        return line

    def chosen_outcome(self) -> Outcome | None:
        """The outcome chosen; None for "Not recorded" or none chosen yet."""
        value = self.outcome.currentData()
        return Outcome(value) if value else None

    def choose_outcome(self, value: str | None) -> None:
        """Select ``value`` (a stored outcome); an unknown one leaves the first choice."""
        self.outcome.setCurrentIndex(max(0, self.outcome.findData(value or "")))

    def compensation(self) -> Decimal:
        """The typed amount; raises ``ValidationError`` as ``parse_amount`` does."""
        return parse_amount(self.amount.text())
