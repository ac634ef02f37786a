"""Figures around the shop's first record, and sentences that respect the dashboard's filters."""

from __future__ import annotations

from smallcs.metrics import (
    MetricFilter,
    Period,
    headline_sentences,
    monthly_series,
    monthly_summary,
)
from smallcs.models import Staff
from tests.metrics.builders import add_complaints, category_id, complaint_row, local


def test_a_trend_leaves_out_the_months_before_the_first_record(owner: Staff) -> None:
    """Zeros before the shop's first complaint drew a surge from nothing; a quiet month after it is a real 0."""
    add_complaints(complaint_row(owner, local(2026, 1, 15)) for _n in range(4))
    add_complaints(complaint_row(owner, local(2026, 3, 15)) for _n in range(2))
    march = Period.parse("2026-03")
    assert [p.value for p in monthly_series("complaints", march, months=5)] == [None, None, 4, 0, 2]
    assert [p.value for p in monthly_series("backlog", march, months=5)] == [None, None, 4, 4, 6]


def test_an_empty_shop_has_no_trend_at_all(owner: Staff) -> None:
    assert [p.value for p in monthly_series("complaints", Period.parse("2026-03"), months=3)] == [None] * 3


def _delivery_delays_lead_every_month(owner: Staff) -> None:
    for month in range(1, 13):
        add_complaints([complaint_row(owner, local(2026, month, 5), category=category_id("Delivery delay")),
                        complaint_row(owner, local(2026, month, 6), category=category_id("Delivery delay")),
                        complaint_row(owner, local(2026, month, 7), category=category_id("Billing error"),
                                      channel="phone")])


def test_a_filtered_summary_does_not_compare_categories(owner: Staff) -> None:
    """Narrowed to Delivery delay, "the most frequent complaint for the twelfth month running" is true by
    definition; narrowed to a channel or a person it compares what the filter left."""
    _delivery_delays_lead_every_month(owner)
    december = Period.parse("2026-12")
    assert headline_sentences(monthly_summary(december)) == [
        "Delivery delay was the most frequent complaint for the twelfth month in a row (2)."]
    for narrowed in (MetricFilter(category_id=category_id("Delivery delay")), MetricFilter(channel="phone"),
                     MetricFilter(staff_id=owner.id)):
        sentences = headline_sentences(monthly_summary(december, narrowed))
        assert not any("most frequent" in sentence for sentence in sentences), narrowed
    assert headline_sentences(monthly_summary(december, MetricFilter(channel="phone"))) == [
        "1 complaint matched the filters this month."]
    assert headline_sentences(monthly_summary(december, MetricFilter(channel="email"))) == [
        "No complaints and no survey answers this month."]
