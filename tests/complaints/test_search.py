"""Full-text search: what it finds, how the index follows changes, hostile input."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smallcs import complaints, customers
from smallcs.complaints import ComplaintFilter
from smallcs.complaints.search import fts5_query, pg_tsquery
from smallcs.models import Customer, Staff
from smallcs.models.enums import StepKind
from tests.complaints.conftest import MakeComplaint


def _found(text: str) -> list[str]:
    flt = ComplaintFilter(text=text)
    rows = complaints.fetch_complaints(flt, limit=100)
    assert complaints.count_complaints(flt) == len(rows)
    return sorted(r.reference for r in rows)


@pytest.fixture
def two(make: MakeComplaint, ana: Customer) -> None:
    make(summary="Parcel late", description="The courier left it with the neighbour",
         customer_id=ana.id)
    make(summary="Broken kettle", description="Lid hinge snapped after a week")


def test_finds_words_in_summary_and_description(two: None) -> None:
    year = _found("kettle")[0][:7]
    assert _found("kettle") == [f"{year}0002"]
    assert _found("neighbour") == [f"{year}0001"]
    assert _found("HINGE snapped") == [f"{year}0002"]
    assert _found("hinge neighbour") == []  # every word must match


def test_the_last_word_matches_as_a_prefix(two: None) -> None:
    assert len(_found("neighb")) == 1
    assert _found("neighb courier") == []  # only the last word is a prefix
    assert len(_found("courier neighb")) == 1


def test_finds_the_customer_name_without_accents(two: None) -> None:
    assert len(_found("lucia perez")) == 1
    assert len(_found("Pérez")) == 1


def test_finds_step_text_as_soon_as_the_step_is_added(make: MakeComplaint, owner: Staff) -> None:
    complaint = make(summary="Noise")
    assert _found("warehouse") == []
    complaints.add_step(owner, complaint.id, kind=StepKind.INVESTIGATED,
                        text="Asked the warehouse team")
    assert _found("warehouse") == [complaint.reference]
    complaints.add_step(owner, complaint.id, kind=StepKind.NOTE, text="Supplier fault")
    assert _found("warehouse supplier") == [complaint.reference]


def test_finds_the_reference_and_order_reference(make: MakeComplaint) -> None:
    complaint = make(order_reference="ORD-99812")
    assert _found(complaint.reference) == [complaint.reference]
    assert _found("ord-99812") == [complaint.reference]


def test_the_index_follows_renames_merges_and_anonymising(
    make: MakeComplaint, owner: Staff, ana: Customer
) -> None:
    complaint = make(customer_id=ana.id)
    customers.update_customer(owner, ana.id, name="Ana Gómez")
    assert _found("gomez") == [complaint.reference] and _found("perez") == []
    dupe = customers.create_customer(owner, name="Zoe Quintana")
    other = make(customer_id=dupe.id)
    customers.merge_customers(owner, keep_id=ana.id, merge_id=dupe.id)
    assert _found("gomez") == sorted([complaint.reference, other.reference])
    customers.anonymise_customer(owner, ana.id)
    assert _found("gomez") == []


def test_text_edits_are_reindexed_by_the_update_trigger(make: MakeComplaint) -> None:
    from smallcs.models import Complaint

    complaint = make(summary="Old words")
    Complaint.update(summary="Fresh words").where(Complaint.id == complaint.id).execute()
    assert _found("fresh") == [complaint.reference] and _found("old") == []


@pytest.mark.parametrize("hostile", ['"', '""', "*", "AND (", "NEAR", "NEAR(a b)", "OR",
                                     "a OR b", "^x", "col:kettle", "-kettle", "😀",
                                     "kettle 😀", "'; DROP TABLE complaint; --", "\x00",
                                     "\ud800", "(((", "a" * 2000, " ".join(["x"] * 100)])
def test_hostile_queries_never_raise(two: None, hostile: str) -> None:
    _found(hostile)


def test_punctuation_only_searches_do_not_filter(two: None) -> None:
    assert len(_found('"')) == 2 and len(_found("😀")) == 2


def test_query_building() -> None:
    assert fts5_query('late "deliv') == '"late" """deliv"*'
    assert fts5_query("  ") is None and fts5_query("* ( )") is None
    assert pg_tsquery("Late deliv-ery") == "'late' & 'deliv' & 'ery':*"
    assert pg_tsquery("AND (") == "'and':*"


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=60))
def test_any_text_as_a_search_query_never_raises(two: None, text: str) -> None:
    _found(text)
