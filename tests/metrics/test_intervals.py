"""Interval methods against textbook values, and NPS against its formula."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from smallcs.metrics.intervals import (
    nps_adjusted_wald,
    nps_score,
    percent,
    round_half_up,
    wilson,
)


@pytest.mark.parametrize(("k", "n", "low", "high"), [
    # Newcombe (1998), Statistics in Medicine 17:857, table I, method 3 (Wilson score).
    (81, 263, 25.53, 36.62),
    (15, 148, 6.24, 16.05),
    (0, 20, 0.00, 16.11),
    (29, 29, 88.30, 100.00),
])
def test_wilson_matches_newcombes_table(k: int, n: int, low: float, high: float) -> None:
    interval = wilson(k, n)
    assert interval is not None
    assert round(interval.low, 2) == low and round(interval.high, 2) == high


def test_no_answers_means_no_interval_and_no_score() -> None:
    assert wilson(0, 0) is None
    assert nps_adjusted_wald(0, 0, 0) is None
    assert nps_score(0, 0, 0) is None
    assert percent(0, 0) is None


def test_nps_interval_is_sane() -> None:
    interval = nps_adjusted_wald(5, 2, 10)
    assert interval is not None
    assert -100 <= interval.low < 30 < interval.high <= 100
    # All promoters: the interval reaches the top but not beyond.
    top = nps_adjusted_wald(5, 0, 5)
    assert top is not None and top.high == 100.0 and 0 < top.low < 100
    bottom = nps_adjusted_wald(0, 7, 7)
    assert bottom is not None and bottom.low == -100.0 and bottom.high < 0


def test_more_answers_narrow_the_interval() -> None:
    small, large = nps_adjusted_wald(5, 2, 10), nps_adjusted_wald(500, 200, 1000)
    assert small is not None and large is not None
    assert large.margin < small.margin / 5


def test_nps_rounds_half_points_away_from_zero() -> None:
    assert nps_score(1, 0, 8) == 13  # 12.5
    assert nps_score(0, 1, 8) == -13
    assert nps_score(5, 2, 10) == 30
    assert round_half_up(2.5) == 3 and round_half_up(-0.5) == -1


@given(st.lists(st.integers(min_value=0, max_value=10), min_size=1, max_size=300))
def test_nps_is_the_formula_and_stays_in_range(scores: list[int]) -> None:
    promoters = sum(s >= 9 for s in scores)
    detractors = sum(s <= 6 for s in scores)
    n = len(scores)
    score = nps_score(promoters, detractors, n)
    assert score is not None and -100 <= score <= 100
    exact = 100 * promoters / n - 100 * detractors / n
    assert abs(score - exact) <= 0.5 + 1e-9
    interval = nps_adjusted_wald(promoters, detractors, n)
    assert interval is not None and -100 <= interval.low <= interval.high <= 100
