"""Survey figures against known mixes of answers."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smallcs.metrics import MetricFilter, Period, survey_metrics, wilson
from smallcs.metrics.intervals import round_half_up
from smallcs.models import Staff, SurveyResponse
from tests.metrics.builders import (
    add_card,
    add_complaints,
    add_responses,
    category_id,
    complaint_row,
    local,
)


def test_an_empty_month_has_no_figures(owner: Staff) -> None:
    figures = survey_metrics(Period.parse("2026-03"))
    assert figures.responses == 0
    assert (figures.nps.score, figures.nps.interval) == (None, None)
    assert (figures.csat.pct, figures.csat.interval, figures.csat.mean) == (None, None, None)
    assert (figures.ces.mean, figures.ces.easy_pct) == (None, None)
    assert figures.response_rate.pct is None
    assert figures.post_resolution_csat.pct is None and figures.general_csat.pct is None
    assert figures.nps.few_answers and figures.csat.few_answers
    assert set(figures.distributions["nps"].values()) == {0}


def test_nps_of_a_known_mix(owner: Staff) -> None:
    # 5 promoters, 3 passives, 2 detractors -> +30.
    add_responses(local(2026, 3, 10), nps=[10, 9, 9, 10, 9, 8, 7, 7, 6, 0])
    nps = survey_metrics(Period.parse("2026-03")).nps
    assert (nps.n, nps.promoters, nps.passives, nps.detractors, nps.score) == (10, 5, 3, 2, 30)
    assert nps.interval is not None and -100 <= nps.interval.low < 30 < nps.interval.high <= 100
    assert nps.few_answers


def test_nps_borders_6_7_and_8_9(owner: Staff) -> None:
    add_responses(local(2026, 3, 10), nps=[6, 7, 8, 9])
    nps = survey_metrics(Period.parse("2026-03")).nps
    assert (nps.promoters, nps.passives, nps.detractors, nps.score) == (1, 2, 1, 0)


def test_csat_ces_and_distributions(owner: Staff) -> None:
    add_responses(local(2026, 3, 10), csat=[5, 5, 4, 3, 1], ces=[7, 6, 5, 4, 1], nps=[10])
    figures = survey_metrics(Period.parse("2026-03"))
    assert figures.responses == 5
    assert figures.csat.n == 5 and figures.csat.pct == 60.0 and figures.csat.mean == pytest.approx(3.6)
    assert figures.csat.interval == wilson(3, 5)
    assert figures.ces.n == 5 and figures.ces.mean == pytest.approx(4.6) and figures.ces.easy_pct == 60.0
    assert figures.nps.n == 1
    assert figures.distributions["csat"] == {1: 1, 2: 0, 3: 1, 4: 1, 5: 2}
    assert figures.distributions["ces"] == {1: 1, 2: 0, 3: 0, 4: 1, 5: 1, 6: 1, 7: 1}
    assert figures.distributions["nps"][10] == 1 and sum(figures.distributions["nps"].values()) == 1


def test_few_answers_below_thirty(owner: Staff) -> None:
    add_responses(local(2026, 3, 10), csat=[5] * 29, nps=[9] * 30)
    figures = survey_metrics(Period.parse("2026-03"))
    assert figures.csat.few_answers and not figures.nps.few_answers


def test_answers_count_in_the_shops_month(owner: Staff) -> None:
    add_responses(dt.datetime(2026, 3, 31, 21, 30), nps=[10])  # 23:30 in Madrid
    add_responses(dt.datetime(2026, 3, 31, 22, 30), nps=[0])  # 00:30 on 1 April
    assert survey_metrics(Period.parse("2026-03")).nps.score == 100
    assert survey_metrics(Period.parse("2026-04")).nps.score == -100


def test_response_rate_over_single_use_cards_printed_in_the_month(owner: Staff) -> None:
    march = local(2026, 3, 5)
    answered = [add_card(printed_at=march) for _ in range(3)]
    add_card(printed_at=march)  # never answered
    poster = add_card(kind="poster", printed_at=march)
    earlier = add_card(printed_at=local(2026, 2, 5))
    add_card()  # not printed
    for card in answered[:2]:
        add_responses(march, csat=[5], card_id=card)
    add_responses(local(2026, 4, 2), csat=[5], card_id=answered[2])  # answered late: still counts
    add_responses(march, csat=[4], card_id=poster)
    add_responses(march, csat=[4], card_id=earlier)
    rate = survey_metrics(Period.parse("2026-03")).response_rate
    assert (rate.printed, rate.answered, rate.pct) == (4, 3, 75.0)


def test_post_resolution_csat_against_general_csat(owner: Staff, clerk: Staff) -> None:
    at = local(2026, 3, 10)
    delivery = category_id("Delivery delay")
    first, second = add_complaints([
        complaint_row(owner, at, category=delivery, channel="phone", resolved_at=at),
        complaint_row(owner, at, channel="email", resolved_at=at),
    ])
    tied = add_card(printed_at=at, complaint_id=first, staff=clerk)
    tied_too = add_card(printed_at=at, complaint_id=second)
    poster = add_card(kind="poster", printed_at=at)
    add_responses(at, csat=[5], card_id=tied)
    add_responses(at, csat=[2], card_id=tied_too)
    add_responses(at, csat=[5, 4, 3, 4], card_id=poster)
    add_responses(at, csat=[1])  # keyed in without a card
    march = Period.parse("2026-03")
    figures = survey_metrics(march)
    assert figures.csat.n == 7
    assert (figures.post_resolution_csat.n, figures.post_resolution_csat.pct) == (2, 50.0)
    assert (figures.general_csat.n, figures.general_csat.pct) == (5, 60.0)
    assert survey_metrics(march, MetricFilter(category_id=delivery)).csat.pct == 100.0
    assert survey_metrics(march, MetricFilter(channel="email")).csat.pct == 0.0
    assert survey_metrics(march, MetricFilter(staff_id=clerk.id)).csat.n == 1


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(scores=st.lists(st.tuples(st.integers(0, 10), st.integers(1, 5), st.booleans()),
                       min_size=0, max_size=60))
def test_figures_equal_a_plain_python_recount(owner: Staff,
                                              scores: list[tuple[int, int, bool]]) -> None:
    SurveyResponse.delete().execute()
    inside, outside = local(2026, 3, 15), local(2026, 4, 15)
    march = [(n, c) for n, c, in_march in scores if in_march]
    april = [(n, c) for n, c, in_march in scores if not in_march]
    for at, rows in ((inside, march), (outside, april)):
        if rows:
            add_responses(at, nps=[n for n, _c in rows], csat=[c for _n, c in rows])
    figures = survey_metrics(Period.parse("2026-03"))
    if not march:
        assert figures.nps.score is None and figures.csat.pct is None
        return
    promoters = sum(n >= 9 for n, _c in march)
    detractors = sum(n <= 6 for n, _c in march)
    assert figures.nps.score == round_half_up(100 * (promoters - detractors) / len(march))
    assert -100 <= figures.nps.score <= 100
    assert figures.csat.pct == pytest.approx(100 * sum(c >= 4 for _n, c in march) / len(march))
    assert figures.csat.mean == pytest.approx(sum(c for _n, c in march) / len(march))
