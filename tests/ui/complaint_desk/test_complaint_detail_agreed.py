"""What a resolution agreed (outcome, compensation) is on the complaint's detail for whoever follows it up."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest
from pytestqt.qtbot import QtBot

from smallcs import complaints, i18n, locale_format, settings
from smallcs.complaints import labels
from smallcs.models import Category, Complaint, ResolutionStep, Staff
from smallcs.models.enums import Channel, Outcome, StepKind
from smallcs.ui.complaint_desk.action_dialogs import ResolveDialog
from smallcs.ui.complaint_desk.detail import ComplaintDetail
from smallcs.ui.complaint_desk.page import ComplaintsPage
from tests.ui.complaint_desk.conftest import settle


@pytest.fixture(autouse=True)
def _pounds(owner: Staff) -> None:
    settings.save_profile(owner, dataclasses.replace(settings.get_profile(), currency="GBP"))


@pytest.fixture
def detail(qtbot: QtBot, owner: Staff) -> ComplaintDetail:
    widget = ComplaintDetail()
    qtbot.add_widget(widget)
    widget.set_actor(owner)
    widget.resize(640, 720)
    widget.show()
    return widget


def _agreed(detail: ComplaintDetail) -> tuple[str, str] | None:
    """The outcome and compensation facts, or None when they are not on screen."""
    outcome, amount = detail.facts["outcome"], detail.facts["compensation"]
    if not outcome.isVisibleTo(detail) or not amount.isVisibleTo(detail):
        return None
    return outcome.text(), amount.text()


def _resolution_step(detail: ComplaintDetail) -> str:
    """The last resolution step as the timeline shows it, and the steps after it."""
    text = detail.timeline.toPlainText()
    return text[text.rindex(f"· {labels.step_kind(StepKind.RESOLVED)}\n"):]


def test_resolved_through_the_dialog_shows_outcome_and_compensation(
        qtbot: QtBot, page: ComplaintsPage, shop: dict[str, Complaint]) -> None:
    page.filters.choose_view("all")
    settle(qtbot, page)
    page.table.selectRow(page.model.row_of(shop["parcel"].id))
    detail = page.detail
    assert _agreed(detail) is None  # nothing agreed yet
    detail.workflow.buttons["resolve"].click()
    dialog = detail.workflow.open_dialog
    assert isinstance(dialog, ResolveDialog)
    dialog.outcome.setCurrentIndex(dialog.outcome.findData(Outcome.REFUND.value))
    dialog.amount.setText("1234,5")
    dialog.print_card.setChecked(False)
    dialog.accept()

    assert _agreed(detail) == ("Refund", "£1,234.50")
    # The service's own words ("Resolved: refund. Compensation: 1234.50.") give way to the reader's.
    assert _resolution_step(detail) == "· Resolved\nOutcome: Refund · Compensation: £1,234.50"


def test_a_note_stays_and_no_compensation_is_said_plainly(
        detail: ComplaintDetail, owner: Staff, shop: dict[str, Complaint]) -> None:
    complaints.resolve(owner, shop["invoice"].id, outcome=Outcome.EXPLANATION,
                       note="Explained the pre-authorisation; it drops off in 3 days.")
    complaints.close(owner, shop["invoice"].id)
    detail.show_complaint(shop["invoice"].id)
    assert _agreed(detail) == ("Explanation", "—")
    assert _resolution_step(detail).startswith(
        "· Resolved\nExplained the pre-authorisation; it drops off in 3 days.\nOutcome: Explanation\n")


def test_resolved_on_the_spot_says_what_was_settled(detail: ComplaintDetail, owner: Staff) -> None:
    bike = complaints.create_complaint(
        owner, channel=Channel.IN_PERSON, category_id=Category.get(Category.name == "Product defect").id,
        summary="Scratched frame", resolved_on_the_spot=True, outcome=Outcome.REPAIR,
        compensation=Decimal("4.99"))
    detail.show_complaint(bike.id)
    assert _agreed(detail) == ("Repair", "£4.99")
    assert _resolution_step(detail) == "· Resolved\nResolved on the spot.\nOutcome: Repair · Compensation: £4.99"


def test_money_follows_the_readers_locale(detail: ComplaintDetail, owner: Staff,
                                          shop: dict[str, Complaint]) -> None:
    complaints.resolve(owner, shop["parcel"].id, outcome=Outcome.DISCOUNT, compensation=Decimal("1234.5"))
    i18n.set_language("es")
    detail.show_complaint(shop["parcel"].id)
    amount = locale_format.money(Decimal("1234.50"), "GBP")
    assert "234,50" in amount and detail.facts["compensation"].text() == amount
    # The English words written at the time give way to the reader's.
    shown = amount.replace("\xa0", " ")  # as the timeline's plain text gives a no-break space
    assert _resolution_step(detail) == f"· Resuelta\nResultado: Descuento · Compensación: {shown}"


def test_a_reopened_complaint_no_longer_claims_the_agreement(
        detail: ComplaintDetail, owner: Staff, shop: dict[str, Complaint]) -> None:
    complaints.resolve(owner, shop["parcel"].id, outcome=Outcome.DISCOUNT, compensation=Decimal(5))
    complaints.reopen(owner, shop["parcel"].id, reason="The discount was not applied")
    detail.show_complaint(shop["parcel"].id)
    assert _agreed(detail) is None
    # The resolution step still says what that resolution agreed.
    assert _resolution_step(detail).startswith("· Resolved\nOutcome: Discount · Compensation: £5.00\n")
    assert [s.kind for s in complaints.steps_of(shop["parcel"].id)][-2:] == [StepKind.RESOLVED, StepKind.REOPENED]


def _resolution_entries(detail: ComplaintDetail, who: Staff) -> list[list[str]]:
    """Each resolution entry of the timeline: the lines under its heading ("when · who · Resolved")."""
    entries: list[list[str]] = []
    lines: list[str] | None = None
    for line in detail.timeline.toPlainText().split("\n"):
        if f" · {who.display_name} · " in line:  # an entry's heading
            lines = [] if line.endswith(f" · {labels.step_kind(StepKind.RESOLVED)}") else None
            if lines is not None:
                entries.append(lines)
        elif lines is not None:
            lines.append(line)
    return entries


def test_an_earlier_resolution_says_what_it_agreed_in_the_readers_words(
        detail: ComplaintDetail, owner: Staff, shop: dict[str, Complaint]) -> None:
    """Resolved, reopened, resolved again: the first resolution is not shown as the service's raw
    words ("Compensation: 12.50.", English, a dot) but as the last one is, its outcome included."""
    parcel = shop["parcel"].id
    complaints.resolve(owner, parcel, outcome=Outcome.DISCOUNT, compensation=Decimal("12.5"),
                       note="10 % off the next order")
    complaints.reopen(owner, parcel, reason="The discount code did not work")
    complaints.resolve(owner, parcel, outcome=Outcome.REFUND, compensation=Decimal("1234.5"))
    complaints.reopen(owner, parcel, reason="Refund never arrived")
    complaints.resolve(owner, parcel, outcome=Outcome.APOLOGY)
    i18n.set_language("es")
    detail.show_complaint(parcel)
    text = detail.timeline.toPlainText()
    assert "12.50" not in text and "Compensation" not in text and "Resolved:" not in text
    money = [locale_format.money(amount, "GBP").replace("\xa0", " ")
             for amount in (Decimal("12.50"), Decimal("1234.50"))]
    assert _resolution_entries(detail, owner) == [
        ["10 % off the next order", f"Resultado: Descuento · Compensación: {money[0]}"],
        [f"Resultado: Reembolso · Compensación: {money[1]}"],
        ["Resultado: Disculpa"],
    ]


def test_a_resolution_written_in_another_language_reads_in_the_readers(
        detail: ComplaintDetail, owner: Staff, shop: dict[str, Complaint]) -> None:
    """Resolved at a Spanish counter, read at an English one (counter review)."""
    parcel = shop["parcel"].id
    i18n.set_language("es")
    complaints.resolve(owner, parcel, outcome=Outcome.REFUND, compensation=Decimal("12.5"), note="Devuelto")
    assert complaints.steps_of(parcel)[-1].text == "Devuelto Resuelta: refund. Compensación: 12.50."
    complaints.reopen(owner, parcel, reason="No llegó")
    complaints.resolve(owner, parcel, outcome=Outcome.APOLOGY)
    i18n.set_language("en")
    detail.show_complaint(parcel)
    assert _resolution_entries(detail, owner)[0] == ["Devuelto", "Outcome: Refund · Compensation: £12.50"]


def test_a_step_from_before_outcomes_were_always_written_says_what_it_can(
        detail: ComplaintDetail, owner: Staff, shop: dict[str, Complaint]) -> None:
    """A note with an amount and no outcome words, as resolutions with a note were stored before."""
    parcel = shop["parcel"].id
    complaints.resolve(owner, parcel, outcome=Outcome.DISCOUNT, compensation=Decimal("12.5"), note="10 % off")
    first = complaints.steps_of(parcel)[-1]
    ResolutionStep.update(text="10 % off Compensation: 12.50.").where(ResolutionStep.id == first.id).execute()
    complaints.reopen(owner, parcel, reason="The code did not work")
    complaints.resolve(owner, parcel, outcome=Outcome.APOLOGY)
    detail.show_complaint(parcel)
    assert _resolution_entries(detail, owner)[0] == ["10 % off", "Compensation: £12.50"]
