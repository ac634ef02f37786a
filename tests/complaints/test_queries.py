"""The complaint list: paging at scale, filters, saved views, overdue, follow-ups."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from smallcs import complaints
from smallcs.complaints import ComplaintFilter
from smallcs.errors import ValidationError
from smallcs.models import Category, Complaint, Customer, Staff
from smallcs.models.enums import Channel, Outcome, Priority, Status
from tests.complaints.conftest import MakeComplaint, bulk_complaints

START = dt.datetime(2025, 1, 1, 8, 0)
NOW = dt.datetime(2025, 6, 1, 12, 0)


def test_paging_returns_exact_windows_with_a_total(owner: Staff, delivery: Category) -> None:
    bulk_complaints(2000, actor=owner, category=delivery, start=START)
    everything = ComplaintFilter()
    started = time.perf_counter()
    assert complaints.count_complaints(everything) == 2000
    first = complaints.fetch_complaints(everything, offset=0, limit=200, now=NOW)
    elapsed = time.perf_counter() - started
    assert elapsed < 0.5  # generous: a page must never mean reading everything
    second = complaints.fetch_complaints(everything, offset=200, limit=200, now=NOW)
    last = complaints.fetch_complaints(everything, offset=1950, limit=200, now=NOW)
    assert (len(first), len(second), len(last)) == (200, 200, 50)
    # Newest first, no overlap, nothing skipped.
    assert first[0].received_at == START + dt.timedelta(minutes=1999)
    assert first[-1].received_at - second[0].received_at == dt.timedelta(minutes=1)
    assert last[-1].received_at == START
    oldest = complaints.fetch_complaints(everything, descending=False, limit=3, now=NOW)
    assert [r.received_at for r in oldest] == [START + dt.timedelta(minutes=n) for n in range(3)]


def test_rows_carry_what_the_list_shows(make: MakeComplaint, clerk: Staff, ana: Customer,
                                        delivery: Category) -> None:
    complaint = make(clerk, customer_id=ana.id, channel=Channel.PHONE,
                     received_at=dt.datetime(2025, 5, 1, 9, 0))
    [row] = complaints.fetch_complaints(ComplaintFilter(), now=NOW)
    assert (row.id, row.reference, row.customer_name, row.category_name) == (
        complaint.id, "C-2025-0001", "Ana Lucía Pérez", "Delivery delay")
    assert (row.channel, row.priority, row.status, row.assigned_name) == (
        Channel.PHONE, Priority.NORMAL, Status.OPEN, "Sam Staff")
    assert row.due_at == dt.datetime(2025, 5, 3, 9, 0) and row.overdue is True
    anonymous = make()
    [row2] = complaints.fetch_complaints(ComplaintFilter(), limit=1)
    assert (row2.id, row2.customer_name) == (anonymous.id, "")


@pytest.mark.parametrize("key", sorted(complaints.SORT_KEYS))
def test_every_sort_key_pages_without_overlap(owner: Staff, delivery: Category, key: str) -> None:
    bulk_complaints(30, actor=owner, category=delivery, start=START)
    for descending in (True, False):
        pages = [complaints.fetch_complaints(ComplaintFilter(), order_by=key,
                                             descending=descending, offset=o, limit=7)
                 for o in range(0, 30, 7)]
        ids = [r.id for page in pages for r in page]
        assert sorted(ids) == sorted(set(ids)) and len(ids) == 30


def test_priority_sorts_by_urgency(make: MakeComplaint) -> None:
    for priority in (Priority.NORMAL, Priority.URGENT, Priority.LOW, Priority.HIGH):
        make(priority=priority)
    rows = complaints.fetch_complaints(ComplaintFilter(), order_by="priority", descending=True)
    assert [r.priority for r in rows] == [Priority.URGENT, Priority.HIGH, Priority.NORMAL,
                                         Priority.LOW]


def test_bad_sort_or_window_is_refused() -> None:
    with pytest.raises(ValidationError):
        complaints.fetch_complaints(ComplaintFilter(), order_by="summary; DROP TABLE")
    with pytest.raises(ValidationError):
        complaints.fetch_complaints(ComplaintFilter(), limit=0)
    with pytest.raises(ValidationError):
        complaints.fetch_complaints(ComplaintFilter(), offset=-1)


def test_filters_combine(make: MakeComplaint, owner: Staff, clerk: Staff, defect: Category,
                         ana: Customer) -> None:
    a = make(clerk, channel=Channel.PHONE, received_at=dt.datetime(2025, 2, 1, 9, 0))
    b = make(owner, category_id=defect.id, customer_id=ana.id,
             received_at=dt.datetime(2025, 3, 1, 9, 0))
    c = make(owner, received_at=dt.datetime(2025, 4, 1, 9, 0))
    complaints.resolve(owner, c.id, outcome=Outcome.APOLOGY)

    def ids(**fields: object) -> set[int]:
        flt = ComplaintFilter(**fields)  # type: ignore[arg-type]
        rows = complaints.fetch_complaints(flt, limit=100, now=NOW)
        assert complaints.count_complaints(flt, now=NOW) == len(rows)
        return {r.id for r in rows}

    assert ids() == {a.id, b.id, c.id}
    assert ids(statuses=[Status.OPEN]) == {a.id, b.id}
    assert ids(category_ids=[defect.id]) == {b.id}
    assert ids(channels=[Channel.PHONE]) == {a.id}
    assert ids(assigned_to_id=clerk.id) == {a.id}
    assert ids(customer_id=ana.id) == {b.id}
    assert ids(received_from=dt.datetime(2025, 2, 15), received_to=dt.datetime(2025, 3, 15)) \
        == {b.id}
    assert ids(received_from=dt.datetime(2025, 3, 1, 9, 0)) == {b.id, c.id}  # inclusive
    assert ids(received_to=dt.datetime(2025, 3, 1, 9, 0)) == {a.id}  # exclusive
    assert ids(statuses=[Status.OPEN], assigned_to_id=owner.id) == {b.id}


def test_saved_views(make: MakeComplaint, owner: Staff, clerk: Staff) -> None:
    mine = make(clerk, received_at=dt.datetime(2025, 5, 31, 8, 0))
    waiting = make(clerk, received_at=dt.datetime(2025, 5, 31, 9, 0))
    complaints.set_status(clerk, waiting.id, Status.WAITING_ON_CUSTOMER)
    done = make(clerk, received_at=dt.datetime(2025, 5, 31, 10, 0))
    complaints.resolve(clerk, done.id, outcome=Outcome.APOLOGY)
    late = make(owner, received_at=dt.datetime(2025, 1, 1, 9, 0))

    def ids(flt: ComplaintFilter) -> set[int]:
        return {r.id for r in complaints.fetch_complaints(flt, now=NOW)}

    assert ids(complaints.my_open(clerk)) == {mine.id, waiting.id}
    assert ids(complaints.waiting_on_customer()) == {waiting.id}
    assert ids(complaints.overdue()) == {late.id}
    assert complaints.count_complaints(complaints.overdue(), now=NOW) == 1


def test_overdue_excludes_resolved_and_closed(make: MakeComplaint, owner: Staff) -> None:
    old = [make(received_at=dt.datetime(2025, 1, d, 9, 0)) for d in (1, 2, 3)]
    complaints.resolve(owner, old[0].id, outcome=Outcome.APOLOGY)
    complaints.resolve(owner, old[1].id, outcome=Outcome.APOLOGY)
    complaints.close(owner, old[1].id)
    rows = complaints.fetch_complaints(complaints.overdue(), now=NOW)
    assert [r.id for r in rows] == [old[2].id] and rows[0].overdue


def test_follow_ups_due_and_their_count(make: MakeComplaint, owner: Staff) -> None:
    due = make()
    later = make()
    closed = make()
    complaints.set_follow_up(owner, due.id, dt.datetime(2025, 5, 31, 9, 0))
    complaints.set_follow_up(owner, later.id, dt.datetime(2025, 6, 2, 9, 0))
    complaints.set_follow_up(owner, closed.id, dt.datetime(2025, 5, 1, 9, 0))
    complaints.resolve(owner, closed.id, outcome=Outcome.APOLOGY)
    complaints.close(owner, closed.id)
    assert complaints.follow_up_count(NOW) == 1
    assert [r.id for r in complaints.follow_ups_due(NOW)] == [due.id]
    assert complaints.follow_up_count(dt.datetime(2025, 6, 3)) == 2


def test_reference_sort_follows_creation(make: MakeComplaint) -> None:
    made = [make().reference for _ in range(3)]
    rows = complaints.fetch_complaints(ComplaintFilter(), order_by="reference", descending=False)
    assert [r.reference for r in rows] == made


def test_filter_accepts_lists_and_stays_hashable() -> None:
    flt = ComplaintFilter(statuses=[Status.OPEN], category_ids=[1, 2])  # type: ignore[arg-type]
    assert flt.statuses == (Status.OPEN,) and hash(flt) == hash(ComplaintFilter(
        statuses=(Status.OPEN,), category_ids=(1, 2)))


def test_counting_needs_no_join(owner: Staff, delivery: Category) -> None:
    bulk_complaints(5, actor=owner, category=delivery, start=START)
    Complaint.update(assigned_to=None).execute()
    assert complaints.count_complaints(ComplaintFilter()) == 5
    assert {r.assigned_name for r in complaints.fetch_complaints(ComplaintFilter())} == {""}
