"""95 % intervals for survey scores, and the rounding rules used for display.

* CSAT (a proportion): the Wilson score interval (Wilson 1927; recommended by
  Newcombe 1998 and Brown, Cai & DasGupta 2001), which stays inside [0, 100]
  and behaves at small n and near 0 % / 100 %.
* NPS (a difference of two proportions of one multinomial sample): the
  adjusted-Wald interval of Rocks (2016), as popularised by MeasuringU — add
  3/4 of a promoter and 3/4 of a detractor (3 answers in all) and use the
  Wald variance of the difference ``(p + d - (p - d)^2) / n``; clipped to
  [-100, 100].
"""

from __future__ import annotations

import dataclasses
import math
from decimal import ROUND_HALF_UP, Decimal

Z95 = 1.959963984540054  # two-sided 95 % normal quantile
FEW_ANSWERS = 30  # below this many answers a figure is marked "few answers"


def few_answers(n: int) -> bool:
    """Whether a survey figure on ``n`` answers is marked "few answers" (and not compared)."""
    return n < FEW_ANSWERS


@dataclasses.dataclass(frozen=True)
class Interval:
    """A confidence interval in the figure's own units (percent or NPS points)."""

    low: float
    high: float

    @property
    def margin(self) -> float:
        """Half the width: the "±" shown beside a figure."""
        return (self.high - self.low) / 2


def round_half_up(value: float, digits: int = 0) -> float:
    """Round like people do (2.5 -> 3, -2.5 -> -3), not banker's rounding."""
    quantum = Decimal(1).scaleb(-digits)
    return float(Decimal(repr(value)).quantize(quantum, rounding=ROUND_HALF_UP))


def percent(part: int, whole: int) -> float | None:
    """``part / whole`` in percent, or None when ``whole`` is 0."""
    if whole <= 0:
        return None
    return 100.0 * part / whole


def wilson(successes: int, n: int, *, z: float = Z95) -> Interval | None:
    """Wilson score interval for ``successes`` out of ``n``, in percent.

    Args:
        successes: answers counted as a success (e.g. CSAT 4 or 5).
        n: all answers.
        z: normal quantile (95 % two-sided by default).

    Returns:
        The interval in percent, or None when ``n`` is 0.
    """
    if n <= 0:
        return None
    if not 0 <= successes <= n:
        raise ValueError(f"successes {successes} not within 0..{n}")
    p = successes / n
    z2 = z * z
    denominator = 1 + z2 / n
    centre = (p + z2 / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denominator
    return Interval(max(0.0, 100 * (centre - half)), min(100.0, 100 * (centre + half)))


def nps_adjusted_wald(promoters: int, detractors: int, n: int, *, z: float = Z95) -> Interval | None:
    """Adjusted-Wald interval for NPS (Rocks 2016), in NPS points.

    Args:
        promoters: answers of 9 or 10.
        detractors: answers of 0 to 6.
        n: all NPS answers (promoters + passives + detractors).
        z: normal quantile (95 % two-sided by default).

    Returns:
        The interval within [-100, 100], or None when ``n`` is 0.
    """
    if n <= 0:
        return None
    if promoters < 0 or detractors < 0 or promoters + detractors > n:
        raise ValueError("promoters and detractors must fit within n")
    adjusted_n = n + 3
    p = (promoters + 0.75) / adjusted_n
    d = (detractors + 0.75) / adjusted_n
    score = p - d
    half = z * math.sqrt(max(0.0, p + d - score * score) / adjusted_n)
    return Interval(max(-100.0, 100 * (score - half)), min(100.0, 100 * (score + half)))


def nps_score(promoters: int, detractors: int, n: int) -> int | None:
    """NPS as an integer from -100 to 100 (half points rounded away from 0)."""
    if n <= 0:
        return None
    return int(round_half_up(100 * (promoters - detractors) / n))
