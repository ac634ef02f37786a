"""Survey figures (NPS, CSAT, CES, response rate) for a period, as SQL aggregates.

All figures are over the answers *submitted* in the period, except the
response rate, which follows the single-use cards *printed* in the period and
counts those that have been answered (so it is at most 100 % and can still
rise for a while after the month as late answers arrive). Every figure is None
when there is nothing to compute it from, and marked ``few_answers`` below 30.
"""

from __future__ import annotations

import dataclasses
import logging
from typing import Any

import peewee
from peewee import JOIN, fn

from smallcs.metrics.intervals import (
    FEW_ANSWERS,
    Interval,
    nps_adjusted_wald,
    nps_score,
    percent,
    wilson,
)
from smallcs.metrics.memo import memoised
from smallcs.metrics.periods import NO_FILTER, MetricFilter, Period
from smallcs.metrics.sql import count_true, in_period
from smallcs.models import Complaint, SurveyCard, SurveyResponse
from smallcs.models.enums import CardKind

log = logging.getLogger(__name__)

SCALES: dict[str, range] = {"nps": range(11), "csat": range(1, 6), "ces": range(1, 8)}


@dataclasses.dataclass(frozen=True)
class NpsFigure:
    """Net Promoter Score with its parts and 95 % interval (adjusted Wald)."""

    n: int
    score: int | None
    promoters: int
    passives: int
    detractors: int
    interval: Interval | None

    @property
    def few_answers(self) -> bool:
        """Fewer than 30 answers: show the figure with a warning."""
        return self.n < FEW_ANSWERS


@dataclasses.dataclass(frozen=True)
class CsatFigure:
    """% of CSAT answers that are 4 or 5, with a Wilson 95 % interval and the mean."""

    n: int
    satisfied: int
    pct: float | None
    interval: Interval | None
    mean: float | None

    @property
    def few_answers(self) -> bool:
        """Fewer than 30 answers: show the figure with a warning."""
        return self.n < FEW_ANSWERS


@dataclasses.dataclass(frozen=True)
class CesFigure:
    """Customer effort: mean of the 1–7 answers and % of 5–7 ("easy")."""

    n: int
    mean: float | None
    easy_pct: float | None

    @property
    def few_answers(self) -> bool:
        """Fewer than 30 answers: show the figure with a warning."""
        return self.n < FEW_ANSWERS


@dataclasses.dataclass(frozen=True)
class ResponseRate:
    """Single-use cards printed in the period and how many of them were answered."""

    printed: int
    answered: int
    pct: float | None


@dataclasses.dataclass(frozen=True)
class SurveyMetrics:
    """Every survey figure of a period."""

    period: Period
    responses: int
    nps: NpsFigure
    csat: CsatFigure
    ces: CesFigure
    distributions: dict[str, dict[int, int]]  # "nps"/"csat"/"ces" -> score -> answers
    response_rate: ResponseRate
    post_resolution_csat: CsatFigure  # answers on cards tied to a complaint
    general_csat: CsatFigure  # all other answers


def _filtered(query: peewee.ModelSelect[Any], flt: MetricFilter) -> peewee.ModelSelect[Any]:
    if flt.staff_id is not None:
        # COALESCE keeps the card's staff index out of the plan: it would read every card the
        # person ever had instead of the period's answers (ids start at 1, so 0 matches nobody).
        query = query.where(fn.COALESCE(SurveyCard.staff, 0) == flt.staff_id)
    if flt.category_id is not None:
        query = query.where(Complaint.category == flt.category_id)
    if flt.channel is not None:
        query = query.where(Complaint.channel == flt.channel)
    return query


def answers_in(period: Period, flt: MetricFilter = NO_FILTER) -> peewee.ModelSelect[Any]:
    """Responses submitted in ``period`` (joined to their card and its complaint)."""
    query = (SurveyResponse.select()
             .join(SurveyCard, JOIN.LEFT_OUTER, on=(SurveyResponse.card == SurveyCard.id))
             .join(Complaint, JOIN.LEFT_OUTER, on=(SurveyCard.complaint == Complaint.id))
             .where(in_period(SurveyResponse.submitted_at, period.start, period.end)))
    return _filtered(query, flt)


def _csat_from(query: peewee.ModelSelect[Any]) -> CsatFigure:
    n, satisfied, total = (query.select(
        fn.COUNT(SurveyResponse.csat),
        count_true(SurveyResponse.csat >= 4),
        fn.SUM(SurveyResponse.csat),
    ).tuples().get())
    n, satisfied = int(n or 0), int(satisfied or 0)
    return CsatFigure(n=n, satisfied=satisfied, pct=percent(satisfied, n),
                      interval=wilson(satisfied, n),
                      mean=(int(total) / n if n else None))


@memoised
def csat(period: Period, flt: MetricFilter = NO_FILTER) -> CsatFigure:
    """CSAT over the answers submitted in ``period``."""
    return _csat_from(answers_in(period, flt))


def post_resolution_csat(period: Period, flt: MetricFilter = NO_FILTER) -> CsatFigure:
    """CSAT over answers on cards tied to a complaint (after its resolution)."""
    return _csat_from(answers_in(period, flt).where(SurveyCard.complaint.is_null(False)))


def general_csat(period: Period, flt: MetricFilter = NO_FILTER) -> CsatFigure:
    """CSAT over answers not tied to a complaint (posters, counter slips)."""
    return _csat_from(answers_in(period, flt).where(SurveyCard.complaint.is_null()))


@memoised
def nps(period: Period, flt: MetricFilter = NO_FILTER) -> NpsFigure:
    """NPS over the NPS answers submitted in ``period``."""
    n, promoters, detractors = (answers_in(period, flt).select(
        fn.COUNT(SurveyResponse.nps),
        count_true(SurveyResponse.nps >= 9),
        count_true(SurveyResponse.nps <= 6),
    ).tuples().get())
    n, promoters, detractors = int(n or 0), int(promoters or 0), int(detractors or 0)
    return NpsFigure(n=n, score=nps_score(promoters, detractors, n), promoters=promoters,
                     passives=n - promoters - detractors, detractors=detractors,
                     interval=nps_adjusted_wald(promoters, detractors, n))


@memoised
def ces(period: Period, flt: MetricFilter = NO_FILTER) -> CesFigure:
    """CES over the CES answers submitted in ``period``."""
    n, easy, total = (answers_in(period, flt).select(
        fn.COUNT(SurveyResponse.ces),
        count_true(SurveyResponse.ces >= 5),
        fn.SUM(SurveyResponse.ces),
    ).tuples().get())
    n = int(n or 0)
    return CesFigure(n=n, mean=(int(total) / n if n else None), easy_pct=percent(int(easy or 0), n))


def distribution(period: Period, question: str, flt: MetricFilter = NO_FILTER) -> dict[int, int]:
    """Answers per score for ``question`` ("nps", "csat" or "ces"), every score listed.

    Raises:
        KeyError: an unknown question.
    """
    scale = SCALES[question]
    column = getattr(SurveyResponse, question)
    counts = {score: 0 for score in scale}
    rows = (answers_in(period, flt).select(column, fn.COUNT(SurveyResponse.id))
            .where(column.is_null(False)).group_by(column).tuples())
    for score, n in rows:
        counts[int(score)] = int(n)
    return counts


def response_rate(period: Period, flt: MetricFilter = NO_FILTER) -> ResponseRate:
    """Answered ÷ printed, over single-use cards printed in ``period``."""
    # EXISTS looks up each of the period's cards; IN (...) would list every answered card ever.
    answered = fn.EXISTS(SurveyResponse.select(SurveyResponse.id).where(SurveyResponse.card == SurveyCard.id))
    query = (SurveyCard.select(fn.COUNT(SurveyCard.id), count_true(answered))
             .join(Complaint, JOIN.LEFT_OUTER, on=(SurveyCard.complaint == Complaint.id))
             .where((SurveyCard.kind == CardKind.SINGLE.value)
                    & in_period(SurveyCard.printed_at, period.start, period.end)))
    printed, done = _filtered(query, flt).tuples().get()
    printed, done = int(printed or 0), int(done or 0)
    return ResponseRate(printed=printed, answered=done, pct=percent(done, printed))


def count_responses(period: Period, flt: MetricFilter = NO_FILTER) -> int:
    """How many answers were submitted in ``period``."""
    return int(answers_in(period, flt).count())


def survey_metrics(period: Period, flt: MetricFilter = NO_FILTER) -> SurveyMetrics:
    """Every survey figure of ``period``.

    Args:
        period: the window; answers count by their submission time.
        flt: optional filter (category and channel select answers on cards
            tied to complaints of that category / channel).

    Returns:
        The figures; each is None-valued when there are no answers for it.
    """
    figures = SurveyMetrics(
        period=period,
        responses=count_responses(period, flt),
        nps=nps(period, flt),
        csat=csat(period, flt),
        ces=ces(period, flt),
        distributions={q: distribution(period, q, flt) for q in SCALES},
        response_rate=response_rate(period, flt),
        post_resolution_csat=post_resolution_csat(period, flt),
        general_csat=general_csat(period, flt),
    )
    log.debug("survey metrics for %s: %d responses", period.label, figures.responses)
    return figures
