"""When demo complaints arrive, by which channel, and what they are about."""

from __future__ import annotations

import dataclasses
import datetime as dt

from smallcs.demo.dice import Dice
from smallcs.demo.period import Period, during_opening
from smallcs.demo.shop import CategoryInfo
from smallcs.models.enums import Channel
from smallcs.seeds import source_name

COMPLAINTS_PER_DAY = 3.6  # at scale 1, before the season and weekday factors

CHANNEL_WEIGHTS: dict[Channel, float] = {
    Channel.IN_PERSON: 44, Channel.PHONE: 24, Channel.EMAIL: 13, Channel.WEB: 8,
    Channel.CHAT: 5, Channel.SOCIAL: 4, Channel.OTHER: 2,
}
# Walk-ins and callers who would rather not leave a name.
ANONYMOUS_SHARE: dict[Channel, float] = {
    Channel.IN_PERSON: 0.45, Channel.PHONE: 0.2, Channel.SOCIAL: 0.3, Channel.OTHER: 0.4,
}
_MONTH_VOLUME = {1: 1.05, 2: 0.85, 8: 0.9, 11: 1.1, 12: 1.3}
_WEEKDAY_VOLUME = (1.05, 0.9, 0.9, 0.95, 1.05, 1.35)  # Monday to Saturday
_BASE_WEIGHT = {
    "delivery": 16.0, "defect": 22.0, "staff": 8.0, "billing": 13.0, "waiting": 24.0, "other": 10.0,
}
_UNKNOWN_CATEGORY_WEIGHT = 5.0


@dataclasses.dataclass(frozen=True)
class Arrival:
    """A complaint as it comes in, before anyone has worked on it."""

    received: dt.datetime  # local wall-clock time
    channel: Channel
    category: CategoryInfo
    anonymous: bool
    progress: float  # 0.0 at the start of the history, 1.0 now


def _category_weight(category: CategoryInfo, month: int, progress: float) -> float:
    """The story the monthly report tells: seasonal deliveries, shrinking queues."""
    if category.key == "other" and source_name(category.name).casefold() != "other":  # a category the demo does not know
        return _UNKNOWN_CATEGORY_WEIGHT
    weight = _BASE_WEIGHT[category.key]
    if category.key == "delivery":
        weight *= {11: 1.8, 12: 2.6, 1: 1.3}.get(month, 1.0)
    elif category.key == "defect":
        weight *= {1: 1.4, 12: 1.2, 4: 1.15, 5: 1.15, 6: 1.15}.get(month, 1.0)
    elif category.key == "waiting":
        # A second till and a rota change: waiting-time complaints fall all year.
        weight *= (1.7 - 1.1 * progress) * (1.3 if month == 12 else 1.0)
    return weight


def _day_count(dice: Dice, day: dt.date, scale: float) -> int:
    """How many complaints come in on ``day``: busier on Saturdays and before Christmas."""
    season = _MONTH_VOLUME.get(day.month, 1.0) * _WEEKDAY_VOLUME[day.weekday()]
    return dice.poisson(COMPLAINTS_PER_DAY * scale * season)


def arrivals(dice: Dice, period: Period, categories: list[CategoryInfo], *, scale: float) -> list[Arrival]:
    """Every complaint of the history, oldest first (none after ``period.as_of``).

    Args:
        dice: the seeded random source.
        period: the history window in the shop's time zone.
        categories: the active categories (at least one).
        scale: volume multiplier (1.0 is a few complaints per opening day).

    Returns:
        The arrivals sorted by time.
    """
    result: list[Arrival] = []
    for day in period.opening_days():
        times = sorted(during_opening(dice, day) for _ in range(_day_count(dice, day, scale)))
        for received in times:
            if received >= period.as_of:
                break
            progress = period.progress(received)
            weights = {c: _category_weight(c, day.month, progress) for c in categories}
            channel = dice.pick(CHANNEL_WEIGHTS)
            anonymous = dice.chance(ANONYMOUS_SHARE.get(channel, 0.0))
            result.append(Arrival(received, channel, dice.pick(weights), anonymous, progress))
    return result
