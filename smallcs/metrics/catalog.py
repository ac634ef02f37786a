"""The metrics that have a single headline value: for goals, deltas and sparklines.

Each key names one number computed with the fewest queries that give it (a
series of 12 months runs 12 small aggregates per metric, never the whole
bundle). Goals store these keys.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from smallcs.errors import ValidationError
from smallcs.i18n import N_, _
from smallcs.metrics import complaints as cm
from smallcs.metrics import surveys as sm
from smallcs.metrics.memo import memoised
from smallcs.metrics.periods import NO_FILTER, MetricFilter, Period

Compute = Callable[[Period, MetricFilter], float | None]
Count = Callable[[Period, MetricFilter], int]


@dataclasses.dataclass(frozen=True)
class MetricSpec:
    """One headline metric: how to compute it and what values it can take."""

    key: str
    label: str  # N_()-marked; translate where shown
    unit: str  # "points", "%", "hours", "score", "count"
    low: float
    high: float | None  # None: no upper bound
    higher_is_better: bool
    compute: Compute
    # How many answers (a survey score) or complaints (a rate or time over complaints) the figure
    # rests on: a change between months on few of them means nothing. None for a count.
    sample: Count | None = None
    sample_is_answers: bool = False

    @memoised
    def value(self, period: Period, flt: MetricFilter = NO_FILTER) -> float | None:
        """The metric over ``period`` (None when there is no data)."""
        return self.compute(period, flt)

    def sample_size(self, period: Period, flt: MetricFilter = NO_FILTER) -> int | None:
        """The answers or complaints behind the figure over ``period``; None for a count."""
        return None if self.sample is None else self.sample(period, flt)

    def in_range(self, value: float) -> bool:
        """Whether ``value`` is one this metric can take."""
        return value >= self.low and (self.high is None or value <= self.high)


def _fcr(p: Period, f: MetricFilter) -> float | None:
    return cm.resolution_rates(p, f).first_contact_pct


def _on_time(p: Period, f: MetricFilter) -> float | None:
    return cm.resolution_rates(p, f).on_time_pct


def _reopen(p: Period, f: MetricFilter) -> float | None:
    return cm.resolution_rates(p, f).reopen_pct


def _resolution_median(p: Period, f: MetricFilter) -> float | None:
    return cm.resolution_time(p, f, p90=False).median_hours


def _resolution_p90(p: Period, f: MetricFilter) -> float | None:
    return cm.resolution_time(p, f).p90_hours


def _first_response(p: Period, f: MetricFilter) -> float | None:
    return cm.first_response(p, f).median_hours


def _resolved(p: Period, f: MetricFilter) -> int:
    return cm.resolution_rates(p, f).resolved


def _nps(p: Period, f: MetricFilter) -> float | None:
    score = sm.nps(p, f).score
    return None if score is None else float(score)


SPECS: tuple[MetricSpec, ...] = (
    MetricSpec("complaints", N_("Complaints received"), "count", 0, None, False,
               lambda p, f: float(cm.count_received(p, f))),
    MetricSpec("resolution_median_hours", N_("Median resolution time"), "hours", 0, None, False,
               _resolution_median, _resolved),
    MetricSpec("resolution_p90_hours", N_("90th percentile resolution time"), "hours", 0, None,
               False, _resolution_p90, _resolved),
    MetricSpec("first_response_median_hours", N_("Median first response time"), "hours", 0, None,
               False, _first_response, lambda p, f: cm.first_response(p, f).n),
    MetricSpec("fcr", N_("First contact resolution"), "%", 0, 100, True, _fcr, _resolved),
    MetricSpec("on_time", N_("Resolved on time"), "%", 0, 100, True, _on_time, _resolved),
    MetricSpec("reopen_rate", N_("Reopen rate"), "%", 0, 100, False, _reopen, _resolved),
    MetricSpec("backlog", N_("Open at month end"), "count", 0, None, False,
               lambda p, f: float(cm.count_backlog(p.end, f))),
    MetricSpec("nps", N_("NPS"), "points", -100, 100, True, _nps, lambda p, f: sm.nps(p, f).n, True),
    MetricSpec("csat", N_("CSAT"), "%", 0, 100, True, lambda p, f: sm.csat(p, f).pct,
               lambda p, f: sm.csat(p, f).n, True),
    MetricSpec("ces", N_("Customer effort"), "score", 1, 7, True, lambda p, f: sm.ces(p, f).mean,
               lambda p, f: sm.ces(p, f).n, True),
    MetricSpec("response_rate", N_("Response rate"), "%", 0, 100, True,
               lambda p, f: sm.response_rate(p, f).pct),
    MetricSpec("post_resolution_csat", N_("CSAT after a complaint"), "%", 0, 100, True,
               lambda p, f: sm.post_resolution_csat(p, f).pct, lambda p, f: sm.post_resolution_csat(p, f).n,
               True),
)

METRICS: dict[str, MetricSpec] = {spec.key: spec for spec in SPECS}

# The 6–8 figures on the summary page and the dashboard, in order.
HEADLINE_KEYS: tuple[str, ...] = (
    "complaints", "resolution_median_hours", "fcr", "on_time", "backlog", "nps", "csat", "ces",
)


def spec(key: str) -> MetricSpec:
    """The metric called ``key``.

    Raises:
        ValidationError: no such metric.
    """
    try:
        return METRICS[key]
    except KeyError:
        raise ValidationError(_("Unknown metric: {key}").format(key=key), field="metric") from None


def metric_value(key: str, period: Period, flt: MetricFilter = NO_FILTER) -> float | None:
    """One headline metric over ``period``.

    Args:
        key: a key of ``METRICS`` (e.g. ``"nps"``, ``"fcr"``).
        period: the window.
        flt: optional category / channel / staff filter.

    Returns:
        The value, or None when there is no data.

    Raises:
        ValidationError: unknown ``key``.
    """
    return spec(key).value(period, flt)
