"""Staff know which complaint they act on and read dates and amounts as they write them
(issue #4): workflow dialogs name the complaint in their title, quick entry's customer history
dates each past complaint, the call timer is not an alarm, the amount's hint uses the
language's decimal sign, and the list says when each complaint came in, short enough for a laptop."""

from __future__ import annotations

import datetime as dt
import time
from decimal import Decimal
from zoneinfo import ZoneInfo

from PySide6.QtGui import QPalette
from pytestqt.qtbot import QtBot

from smallcs import clock, complaints, i18n, locale_format, settings
from smallcs.models import Category, Complaint, Staff
from smallcs.models.enums import Channel
from smallcs.ui import theme
from smallcs.ui.complaint_desk.action_dialogs import (
    AssignDialog,
    EscalateDialog,
    FollowUpDialog,
    ResolveDialog,
    short_summary,
)
from smallcs.ui.complaint_desk.quick_entry import QuickEntryDialog
from smallcs.ui.complaint_desk.resolution_fields import ResolutionFields
from tests.ui.complaint_desk.conftest import open_page, settle


def test_each_workflow_dialog_names_the_complaint_in_its_title(
        qtbot: QtBot, owner: Staff, shop: dict[str, Complaint]) -> None:
    parcel = shop["parcel"]
    for make, verb in ((EscalateDialog, "Escalate"), (AssignDialog, "Assign"), (FollowUpDialog, "Follow up"),
                       (ResolveDialog, "Resolve")):
        dialog = make(owner, parcel.id)
        qtbot.add_widget(dialog)
        assert dialog.windowTitle() == f"{verb} {parcel.reference} — Parcel three days late"


def test_a_long_summary_is_cut_at_a_word_in_the_title(qtbot: QtBot, owner: Staff) -> None:
    complaint = complaints.create_complaint(
        owner, channel=Channel.PHONE, category_id=Category.get(Category.name == "Other").id,
        summary="Garden table ordered three weeks ago has not arrived and nobody answers the phone")
    dialog = EscalateDialog(owner, complaint.id)
    qtbot.add_widget(dialog)
    assert dialog.windowTitle() == f"Escalate {complaint.reference} — Garden table ordered three weeks ago has…"
    assert short_summary("x" * 60) == "x" * 40 + "…"  # one long word: cut in it
    assert short_summary("Parcel   arrived\ndamaged") == "Parcel arrived damaged"


def test_the_customers_history_dates_each_past_complaint(
        qtbot: QtBot, dialog: QuickEntryDialog, shop: dict[str, Complaint]) -> None:
    parcel = Complaint.get_by_id(shop["parcel"].id)
    day = locale_format.date(clock.to_local(parcel.received_at, settings.get_profile().zone).date())
    dialog.lookup.insert("612 345")  # Ana's phone, as the customer reads it out
    qtbot.waitUntil(lambda: dialog.matches.count() == 1)
    dialog.matches.itemActivated.emit(dialog.matches.item(0))
    assert dialog.customer_id == parcel.customer_id
    first = dialog.history.text().splitlines()[0]
    assert first.startswith(f"{day} · {parcel.reference} · Delivery delay · ")


def _colours(widget: object) -> set[str]:
    image = widget.grab().toImage()  # type: ignore[attr-defined]
    return {image.pixelColor(x, y).name() for x in range(image.width()) for y in range(image.height())}


def test_the_call_timer_is_in_the_accent_not_the_error_red(qtbot: QtBot, dialog: QuickEntryDialog) -> None:
    dialog.channel.setCurrentIndex(dialog.channel.findData(Channel.PHONE.value))
    qtbot.waitUntil(dialog.call_time.isVisible)
    drawn = _colours(dialog.call_time)
    assert theme.current_scheme().error.lower() not in drawn
    assert dialog.call_time.palette().color(QPalette.ColorRole.Link).name() in drawn
    assert dialog.call_time.font().bold()


def test_the_amount_hint_uses_the_languages_decimal_sign(qtbot: QtBot, owner: Staff) -> None:
    assert ResolutionFields().amount.placeholderText() == "0.00"
    i18n.set_language("es")
    fields = ResolutionFields()
    assert fields.amount.placeholderText() == "0,00"
    fields.amount.setText("12,50")
    assert str(fields.compensation()) == "12.50"
    for typed in ("1.234,50", "1 234,50", "1,234.50", "1234.5"):  # thousands grouped as people write them
        fields.amount.setText(typed)
        assert fields.compensation() == Decimal("1234.50"), typed


def test_quick_entry_in_spanish_shows_the_amount_hint_in_spanish(qtbot: QtBot, owner: Staff) -> None:
    i18n.set_language("es")
    form = QuickEntryDialog(owner)
    qtbot.add_widget(form)
    form.on_the_spot.setChecked(True)
    assert form.resolution.amount.placeholderText() == "0,00"



def test_the_list_shows_todays_complaints_by_time_and_older_ones_by_day(
        qtbot: QtBot, owner: Staff, shop: dict[str, Complaint]) -> None:
    zone = settings.get_profile().zone
    wait_out_the_shops_midnight(zone)
    today = clock.utcnow()
    older = today - dt.timedelta(days=40)
    Complaint.update(received_at=today).where(Complaint.id == shop["parcel"].id).execute()
    Complaint.update(received_at=older).where(Complaint.id == shop["invoice"].id).execute()
    page = open_page(qtbot, owner)
    page.filters.choose_view("all")
    settle(qtbot, page)
    column = page.model.column_of("received_at")
    shown = {page.model.row_at(row).id: page.model.index(row, column).data() for row in range(page.model.rowCount())}
    assert shown[shop["parcel"].id] == locale_format.time(clock.to_local(today, zone))
    assert shown[shop["invoice"].id] == locale_format.date(clock.to_local(older, zone).date())


def wait_out_the_shops_midnight(zone: ZoneInfo, margin: dt.timedelta = dt.timedelta(minutes=1)) -> None:
    """Sleep past the shop's midnight when it is less than ``margin`` away, so "today" stays today."""
    now = clock.to_local(clock.utcnow(), zone)
    midnight = dt.datetime.combine(now.date() + dt.timedelta(days=1), dt.time(), tzinfo=zone)
    left = (midnight - now).total_seconds()
    if left < margin.total_seconds():
        time.sleep(left + 1)


def test_the_customers_phone_number_is_never_split_over_two_lines(qtbot: QtBot, owner: Staff) -> None:
    """A wrapped customer line breaks between the name, the number and the e-mail, not inside the number."""
    from smallcs import customers

    person = customers.create_customer(owner, name="William O'Brien", phone="(020) 7946 0227",
                                       email="w.obrien@post.example.org")
    delivery = Category.get(Category.name == "Delivery delay")
    complaint = complaints.create_complaint(owner, channel=Channel.PHONE, category_id=delivery.id,
                                            summary="Click & collect order not ready", customer_id=person.id)
    page = open_page(qtbot, owner)
    page.filters.choose_view("all")
    settle(qtbot, page)
    page.table.selectRow(page.model.row_of(complaint.id))
    assert "(020)\u00a07946\u00a00227" in page.detail.customer.text()
