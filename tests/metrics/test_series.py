"""Deltas, 12-month series, complaint patterns and the month's sentences."""

from __future__ import annotations

import pytest

from smallcs.metrics import (
    FEW_ANSWERS,
    HEADLINE_KEYS,
    Delta,
    Period,
    headline_sentences,
    leading_streak,
    month_over_month,
    monthly_series,
    monthly_summary,
    top_categories,
    year_over_year,
)
from smallcs.models import Staff
from tests.metrics.builders import (
    add_complaints,
    add_responses,
    category_id,
    complaint_row,
    local,
)


def _nps_answers(year: int, month: int, *, promoters: int, passives: int, detractors: int) -> None:
    add_responses(local(year, month, 10), nps=[10] * promoters + [8] * passives + [3] * detractors)


def _complaints(owner: Staff, year: int, month: int, counts: dict[str, int]) -> None:
    add_complaints(
        complaint_row(owner, local(year, month, 12), category=category_id(name))
        for name, n in counts.items() for _ in range(n)
    )


@pytest.fixture
def history(owner: Staff) -> Staff:
    """Delivery delays lead January (tied), February and March 2026; defects led December."""
    _complaints(owner, 2025, 12, {"Product defect": 3, "Delivery delay": 1})
    _complaints(owner, 2026, 1, {"Delivery delay": 2, "Product defect": 2})
    _complaints(owner, 2026, 2, {"Delivery delay": 3, "Product defect": 1})
    _complaints(owner, 2026, 3, {"Delivery delay": 4, "Product defect": 2, "Billing error": 1})
    _nps_answers(2025, 3, promoters=1, passives=0, detractors=0)  # +100 a year before
    _nps_answers(2026, 2, promoters=20, passives=18, detractors=10)  # 48 answers: +21
    _nps_answers(2026, 3, promoters=30, passives=18, detractors=10)  # 58 answers: +34
    return owner


def test_month_over_month_and_year_over_year(history: Staff) -> None:
    march = Period.parse("2026-03")
    mom = month_over_month("nps", march)
    assert (mom.current, mom.previous, mom.change) == (34, 21, 13)
    yoy = year_over_year("nps", march)
    assert (yoy.previous, yoy.change) == (100, -66)
    assert month_over_month("complaints", march).change == 3
    assert Delta(None, 21).change is None and Delta(5, 0).relative_pct is None
    assert Delta(30, 20).relative_pct == 50.0


def test_a_twelve_month_series_oldest_first(history: Staff) -> None:
    march = Period.parse("2026-03")
    series = monthly_series("nps", march)
    assert [p.month for p in series][:2] == ["2025-04", "2025-05"] and len(series) == 12
    assert [p.value for p in series] == [None] * 10 + [21, 34]
    complaints = monthly_series("complaints", march, months=5)
    assert [p.value for p in complaints] == [0, 4, 4, 4, 7]


def test_top_categories_with_change_and_streak(history: Staff) -> None:
    march = Period.parse("2026-03")
    top = top_categories(march)
    assert [(t.name, t.count, t.previous, t.change) for t in top] == [
        ("Delivery delay", 4, 3, 1), ("Product defect", 2, 1, 1), ("Billing error", 1, 0, 1)]
    assert [t.leading_months for t in top] == [3, 0, 0]
    assert leading_streak(category_id("Product defect"), Period.parse("2025-12")) == 1
    assert leading_streak(category_id("Product defect"), Period.parse("2026-01")) == 2  # tie shares


def test_headline_sentences(history: Staff) -> None:
    summary = monthly_summary(Period.parse("2026-03"))
    assert [h.key for h in summary.headlines] == list(HEADLINE_KEYS)
    assert summary.headline("nps").value == 34 and summary.headline("nps").previous == 21
    assert summary.nps_answers == 58
    assert headline_sentences(summary) == [
        "NPS rose from +21 to +34 on 58 answers.",
        "Delivery delay was the most frequent complaint for the third month in a row (4).",
    ]


def test_sentences_for_a_fall_a_first_month_and_a_tie(owner: Staff) -> None:
    _nps_answers(2026, 4, promoters=10, passives=20, detractors=10)  # 40 answers: 0
    _complaints(owner, 2026, 4, {"Waiting time": 2, "Billing error": 2})
    assert headline_sentences(monthly_summary(Period.parse("2026-04"))) == [
        "NPS was 0 on 40 answers.",
        "Billing error and Waiting time were the most frequent complaints (2 each).",
    ]
    _nps_answers(2026, 5, promoters=5, passives=15, detractors=20)  # 40 answers: −38
    _complaints(owner, 2026, 5, {"Waiting time": 1})
    assert headline_sentences(monthly_summary(Period.parse("2026-05"))) == [
        "NPS fell from 0 to −38 on 40 answers.",
        "Waiting time was the most frequent complaint for the second month in a row (1).",
    ]


def test_few_answers_are_not_called_a_rise_or_a_fall(owner: Staff) -> None:
    """Below 30 answers in either month a change is chance: the sentence says so instead of "rose"."""
    _nps_answers(2026, 9, promoters=1, passives=0, detractors=1)  # 2 answers: 0
    assert headline_sentences(monthly_summary(Period.parse("2026-09"))) == [
        "NPS was 0 on 2 answers — too few to go by."]
    _nps_answers(2026, 10, promoters=2, passives=0, detractors=1)  # 3 answers: +33
    _nps_answers(2026, 11, promoters=3, passives=0, detractors=0)  # 3 answers: +100
    november = monthly_summary(Period.parse("2026-11"))
    assert headline_sentences(november) == ["NPS was +100 on 3 answers — too few to compare with October."]
    nps = november.headline("nps")
    assert (nps.value, nps.previous, nps.sample, nps.previous_sample) == (100, 33, 3, 3)
    assert nps.too_few_to_compare
    _nps_answers(2026, 12, promoters=30, passives=10, detractors=0)  # 40 answers against November's 3
    december = monthly_summary(Period.parse("2026-12"))
    assert headline_sentences(december) == [
        "NPS was +75 on 40 answers; November had too few answers to compare with."]
    assert december.headline("nps").too_few_to_compare


def test_the_rule_is_the_same_for_csat_and_ces_and_needs_both_months(owner: Staff) -> None:
    for month, answers in ((1, FEW_ANSWERS - 1), (2, FEW_ANSWERS), (3, FEW_ANSWERS)):
        add_responses(local(2026, month, 10), csat=[5] * answers, ces=[6] * answers)
    for key in ("csat", "ces"):
        february, march = (monthly_summary(Period.parse(m)).headline(key) for m in ("2026-02", "2026-03"))
        assert february.too_few_to_compare and february.previous_sample == FEW_ANSWERS - 1, key
        assert not march.too_few_to_compare and march.sample == FEW_ANSWERS, key


def _resolved(owner: Staff, year: int, month: int, n: int, *, first_contact: int) -> None:
    """``n`` complaints received and resolved on the 12th, ``first_contact`` of them on the spot."""
    add_complaints(
        complaint_row(owner, local(year, month, 12), resolved_at=local(year, month, 12, 15),
                      resolved_at_first_contact=i < first_contact)
        for i in range(n)
    )


def test_rates_over_few_resolved_complaints_are_not_compared(owner: Staff) -> None:
    """First contact resolution on 4 complaints against 5 is chance too, as a survey score on 4 answers."""
    _resolved(owner, 2026, 1, 5, first_contact=1)  # 20 %
    _resolved(owner, 2026, 2, 4, first_contact=3)  # 75 %
    _resolved(owner, 2026, 3, FEW_ANSWERS, first_contact=FEW_ANSWERS // 2)
    _resolved(owner, 2026, 4, FEW_ANSWERS, first_contact=FEW_ANSWERS)
    february, march, april = (monthly_summary(Period.parse(m)) for m in ("2026-02", "2026-03", "2026-04"))
    for key in ("fcr", "on_time", "resolution_median_hours"):
        assert february.headline(key).too_few_to_compare, key
        assert (february.headline(key).sample, february.headline(key).previous_sample) == (4, 5), key
        assert march.headline(key).too_few_to_compare, key  # February had too few
        assert not april.headline(key).too_few_to_compare, key
        assert not april.headline(key).sample_is_answers, key
    assert (february.headline("fcr").value, april.headline("fcr").value) == (75, 100)
    # Counts are what they are, whatever their size: always compared.
    assert not february.headline("complaints").too_few_to_compare
    assert not february.headline("backlog").too_few_to_compare


def test_an_empty_month_has_a_sentence_and_no_figures(owner: Staff) -> None:
    summary = monthly_summary(Period.parse("2026-03"))
    assert headline_sentences(summary) == ["No complaints and no survey answers this month."]
    assert all(h.value is None or h.value == 0 for h in summary.headlines)
    assert summary.headline("nps").value is None and summary.headline("fcr").value is None
    assert summary.top_categories == ()
