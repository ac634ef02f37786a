"""The month at a glance: headline figures against last month, in plain words."""

from __future__ import annotations

import dataclasses
import logging

from smallcs import locale_format
from smallcs.i18n import N_, _, ngettext
from smallcs.metrics import surveys as sm
from smallcs.metrics.catalog import HEADLINE_KEYS, METRICS
from smallcs.metrics.coverage import first_activity
from smallcs.metrics.display import signed
from smallcs.metrics.intervals import few_answers
from smallcs.metrics.periods import NO_FILTER, MetricFilter, Period
from smallcs.metrics.series import CategoryTrend, Delta, top_categories

log = logging.getLogger(__name__)

_ORDINALS = {2: N_("second"), 3: N_("third"), 4: N_("fourth"), 5: N_("fifth"), 6: N_("sixth"),
             7: N_("seventh"), 8: N_("eighth"), 9: N_("ninth"), 10: N_("tenth"),
             11: N_("eleventh"), 12: N_("twelfth")}


@dataclasses.dataclass(frozen=True)
class Headline:
    """One headline figure of the month with last month's value."""

    key: str
    label: str  # translated
    unit: str
    higher_is_better: bool
    delta: Delta
    sample: int | None = None  # the answers or complaints the figure rests on this month (None: a count)
    previous_sample: int | None = None  # and last month
    sample_is_answers: bool = False  # a survey score (the sample is answers, not complaints)

    @property
    def value(self) -> float | None:
        """This month's value."""
        return self.delta.current

    @property
    def previous(self) -> float | None:
        """Last month's value."""
        return self.delta.previous

    @property
    def too_few_to_compare(self) -> bool:
        """A survey score or a rate over complaints where either month rests on few answers or
        complaints (``intervals.FEW_ANSWERS``): its change is chance, not news."""
        if self.sample is None or self.previous_sample is None:
            return False
        return few_answers(self.sample) or few_answers(self.previous_sample)


@dataclasses.dataclass(frozen=True)
class MonthlySummary:
    """The headline figures of a month, last month's values and the top complaint."""

    period: Period
    headlines: tuple[Headline, ...]
    nps_answers: int
    csat_answers: int
    top_categories: tuple[CategoryTrend, ...]
    had_month_before: bool = True  # False in the shop's first month: nothing to compare with
    flt: MetricFilter = NO_FILTER  # the category / channel / staff the figures are narrowed to

    def headline(self, key: str) -> Headline:
        """The headline called ``key``.

        Raises:
            KeyError: not a headline of this summary.
        """
        for item in self.headlines:
            if item.key == key:
                return item
        raise KeyError(key)


def monthly_summary(period: Period, flt: MetricFilter = NO_FILTER) -> MonthlySummary:
    """Compute the headline figures of ``period`` and of the month before.

    Args:
        period: a month (whole or so far).
        flt: optional filter.

    Returns:
        The summary (figures are None where there is no data).
    """
    before = period.previous()
    started = first_activity()
    # A shop's first month has no month before it: "10 complaints, +10 (worse)" would blame it for opening.
    shop_before = started is not None and started < before.end

    def previous(key: str) -> float | None:
        return METRICS[key].value(before, flt) if shop_before else None

    headlines = tuple(
        Headline(key=key, label=_(METRICS[key].label), unit=METRICS[key].unit,
                 higher_is_better=METRICS[key].higher_is_better,
                 delta=Delta(METRICS[key].value(period, flt), previous(key)),
                 sample=METRICS[key].sample_size(period, flt),
                 previous_sample=METRICS[key].sample_size(before, flt),
                 sample_is_answers=METRICS[key].sample_is_answers)
        for key in HEADLINE_KEYS
    )
    return MonthlySummary(
        period=period,
        headlines=headlines,
        nps_answers=sm.nps(period, flt).n,
        csat_answers=sm.csat(period, flt).n,
        top_categories=tuple(top_categories(period, flt)),
        had_month_before=shop_before,
        flt=flt,
    )


def _month_before(summary: MonthlySummary) -> str:
    """The name of the month a summary is compared with ("October")."""
    before = summary.period.previous()
    return locale_format.month_name(before.year or 1, before.month or 1)


def _nps_sentence(summary: MonthlySummary) -> str | None:
    item = summary.headline("nps")
    now, before, n = item.value, item.previous, summary.nps_answers
    if now is None:
        return None
    values = {"now": signed(now), "n": locale_format.number(n)}  # "1,500": n itself picks the plural
    if before is None:
        if few_answers(n):
            return ngettext("NPS was {now} on {n} answer — too few to go by.",
                            "NPS was {now} on {n} answers — too few to go by.", n).format(**values)
        return ngettext("NPS was {now} on {n} answer.", "NPS was {now} on {n} answers.", n).format(**values)
    if item.too_few_to_compare:
        values["month"] = _month_before(summary)
        if few_answers(n):
            return ngettext("NPS was {now} on {n} answer — too few to compare with {month}.",
                            "NPS was {now} on {n} answers — too few to compare with {month}.",
                            n).format(**values)
        return ngettext("NPS was {now} on {n} answer; {month} had too few answers to compare with.",
                        "NPS was {now} on {n} answers; {month} had too few answers to compare with.",
                        n).format(**values)
    values["before"] = signed(before)
    if round(now) > round(before):
        return ngettext("NPS rose from {before} to {now} on {n} answer.",
                        "NPS rose from {before} to {now} on {n} answers.", n).format(**values)
    if round(now) < round(before):
        return ngettext("NPS fell from {before} to {now} on {n} answer.",
                        "NPS fell from {before} to {now} on {n} answers.", n).format(**values)
    return ngettext("NPS held at {now} on {n} answer.", "NPS held at {now} on {n} answers.",
                    n).format(**values)


def _pattern_sentence(summary: MonthlySummary) -> str | None:
    if not summary.top_categories:
        return None
    top = summary.top_categories[0]
    tied = [t for t in summary.top_categories if t.count == top.count]
    if len(tied) > 1:
        return _("{first} and {second} were the most frequent complaints ({n} each).").format(
            first=tied[0].name, second=tied[1].name, n=locale_format.number(top.count))
    values = {"category": top.name, "n": locale_format.number(top.count)}
    months = top.leading_months
    if months <= 1:
        return _("{category} was the most frequent complaint ({n}).").format(**values)
    if months in _ORDINALS:
        return _("{category} was the most frequent complaint for the {ordinal} month in a row"
                 " ({n}).").format(ordinal=_(_ORDINALS[months]), **values)
    return _("{category} was the most frequent complaint for {months} months in a row"
             " ({n}).").format(months=months, **values)


def headline_sentences(summary: MonthlySummary) -> list[str]:
    """One or two plain-language sentences about the month.

    A change is only told in words ("rose", "fell") when both months have enough
    answers (``intervals.FEW_ANSWERS``); otherwise the sentence says there were too few.
    With a filter, no sentence compares categories (a chosen category always leads).
    For example ``["NPS rose from +21 to +34 on 58 answers.",
    "Delivery delay was the most frequent complaint for the third month in a row (12)."]``.

    Args:
        summary: from ``monthly_summary``.

    Returns:
        The sentences, translated; one saying so when the month has no data.
    """
    # Narrowed to a category, channel or person, "the most frequent complaint" compares what is left of
    # the categories: with one category chosen it leads "for the twelfth month running" by definition.
    pattern = _pattern_sentence(summary) if summary.flt.is_empty else None
    sentences = [s for s in (_nps_sentence(summary), pattern) if s]
    received = int(summary.headline("complaints").value or 0)
    if not sentences and received:
        sentences.append(ngettext("{n} complaint matched the filters this month.",
                                  "{n} complaints matched the filters this month.", received).format(
            n=locale_format.number(received)))
    if not sentences:
        sentences.append(_("No complaints and no survey answers this month."))
    return sentences
