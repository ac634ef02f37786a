"""Demo survey cards (counter slips, after-complaint slips, a poster) and answers."""

from __future__ import annotations

import collections
import dataclasses
import datetime as dt
from typing import Any

from smallcs.demo.comments import AFTER_COMPLAINT, COMMENTS, LANGUAGE_WEIGHTS
from smallcs.demo.complaints import Resolved
from smallcs.demo.dice import Dice
from smallcs.demo.period import (
    DAY,
    Period,
    at_minute,
    during_opening,
    is_opening_day,
    next_working_moment,
)
from smallcs.models.enums import CardKind, ResponseSource

SHEET = 30  # cards per printed sheet
CARD_LIFETIME = dt.timedelta(days=90)
HANDED_OUT_PER_DAY = 2.2  # at scale 1
POSTER_ANSWERS_PER_DAY = 0.3
# Cards after a complaint: the share of resolutions that get one (handed over at the counter; sent to
# a customer the shop can reach; rarely to one it cannot, through the chat or post they wrote in),
# and the share of those cards answered (someone who was just helped in person answers more often).
AFTER_COMPLAINT_HANDED = 0.9
AFTER_COMPLAINT_SENT = 0.7
AFTER_COMPLAINT_SENT_ANONYMOUS = 0.2
AFTER_COMPLAINT_HANDED_ANSWERED = 0.42
AFTER_COMPLAINT_SENT_ANSWERED = 0.3
_NPS = {"promoter": {10: 55, 9: 45}, "passive": {8: 55, 7: 45},
        "detractor": {6: 30, 5: 25, 4: 15, 3: 10, 2: 8, 1: 5, 0: 7}}
_CSAT = {"promoter": {5: 70, 4: 28, 3: 2}, "passive": {5: 20, 4: 62, 3: 15, 2: 3},
         "detractor": {4: 22, 3: 38, 2: 25, 1: 15}}
_CES = {"promoter": {7: 45, 6: 35, 5: 15, 4: 5}, "passive": {7: 10, 6: 30, 5: 35, 4: 20, 3: 5},
        "detractor": {5: 20, 4: 30, 3: 25, 2: 15, 1: 10}}
_SENTIMENT = {"promoter": "good", "passive": "ok", "detractor": "bad"}
_COMMENT_CHANCE = {"promoter": 0.33, "passive": 0.3, "detractor": 0.6}
_CONTACT_CHANCE = {"promoter": 0.01, "passive": 0.04, "detractor": 0.22}


@dataclasses.dataclass(frozen=True)
class Mood:
    """Shares of promoters and detractors among one group of answers."""

    promoter: float
    detractor: float

    def group(self, dice: Dice) -> str:
        """Promoter, passive or detractor."""
        return dice.pick({"promoter": self.promoter, "passive": 1 - self.promoter - self.detractor,
                          "detractor": self.detractor})


@dataclasses.dataclass(frozen=True)
class _Card:
    """A printed card, before its row is built."""

    id: int
    created: dt.datetime  # local
    kind: CardKind
    token: str
    short_code: str
    complaint: int | None = None
    staff: int | None = None


@dataclasses.dataclass
class SurveyRows:
    """Card and response rows ready for ``insert_many`` (cards first: answers point at them)."""

    cards: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    responses: list[dict[str, Any]] = dataclasses.field(default_factory=list)


def _answer(
    dice: Dice, mood: Mood, *, at: dt.datetime, source: ResponseSource, after_complaint: bool
) -> dict[str, Any]:
    """One answer's scores and comment; ``submitted_at`` is still local, card and survey come later."""
    group = mood.group(dice)
    language = dice.pick(LANGUAGE_WEIGHTS)
    comment = ""
    if dice.chance(_COMMENT_CHANCE[group]):
        sentiment = _SENTIMENT[group]
        english_after = after_complaint and language == "en" and dice.chance(0.6)
        bank = AFTER_COMPLAINT[sentiment] if english_after else COMMENTS[language][sentiment]
        comment = dice.choice(bank)
    csat = dice.pick(_CSAT[group]) if dice.chance(0.97) else None
    nps = dice.pick(_NPS[group]) if dice.chance(0.96) or csat is None else None
    return {
        "submitted_at": at, "csat": csat, "nps": nps,
        "ces": dice.pick(_CES[group]) if dice.chance(0.88) else None,
        "comment": comment, "language": language, "source": source.value,
        # drawn for every answer (the same shop at every seed), kept only where the card asks it
        "contact_requested": dice.chance(_CONTACT_CHANCE[group]) and after_complaint,
    }


def _reply_time(dice: Dice, handed: dt.datetime) -> dt.datetime:
    """When a customer gets round to scanning a card: at the door, that evening or days later."""
    when = dice.pick({"door": 35.0, "evening": 40.0, "later": 25.0})
    if when == "door":
        return handed + dt.timedelta(minutes=dice.randint(1, 90))
    days = 0 if when == "evening" and handed.hour < 18 else dice.randint(1, 3)
    start = 18.5 * 60 if when == "evening" else 8 * 60
    return at_minute(handed.date() + days * DAY, dice.uniform(start, 22.5 * 60))


def _after_complaint_mood(resolved: Resolved) -> Mood:
    """Customers whose complaint was sorted on time are kinder than those kept waiting."""
    if resolved.reopened:
        return Mood(0.2, 0.5)
    if not resolved.on_time:
        return Mood(0.3, 0.38)
    return Mood(0.52 + 0.06 * resolved.progress, 0.18 - 0.04 * resolved.progress)


class SurveyDesk:
    """Prints cards, hands them out and collects the answers, day by day.

    Counter slips come off printed sheets of :data:`SHEET` as stock runs low;
    slips for resolved complaints are printed on the spot; a reusable poster by
    the door gets a steady trickle. A card's row is only built once its fate is
    known (answered, handed out unanswered, binned, or still in the drawer at
    the end), so every row is written once and never updated.
    """

    def __init__(
        self, dice: Dice, period: Period, *, scale: float, survey_id: int, first_card_id: int
    ) -> None:
        self._dice = dice
        self._period = period
        self._scale = scale
        self._survey_id = survey_id
        self._next_id = first_card_id
        self._tokens: set[str] = set()
        self._codes: set[str] = set()
        self._stock: collections.deque[_Card] = collections.deque()
        self._rows = SurveyRows()
        self._poster = self._print(at_minute(next(period.opening_days()), 8 * 60 + 30), CardKind.POSTER)
        self._emit(self._poster, None)

    def open_day(self, day: dt.date) -> None:
        """The poster's answers and, on opening days, the slips handed out at the till."""
        for _ in range(self._dice.poisson(POSTER_ANSWERS_PER_DAY * self._scale)):
            at = at_minute(day, self._dice.uniform(8 * 60, 22 * 60))
            if self._poster.created < at <= self._period.as_of:
                progress = self._period.progress(at)
                mood = Mood(0.49 + 0.05 * progress, 0.21 - 0.04 * progress)
                self._record(self._poster, _answer(self._dice, mood, at=at, source=ResponseSource.QR,
                                                   after_complaint=False))
        if is_opening_day(day):
            self._counter(day)

    def after_complaints(self, resolved: list[Resolved]) -> None:
        """A card for most resolved complaints, printed for whoever resolved it, as the app offers one.

        At the counter it is handed over; otherwise its link goes out with the
        resolution, when the shop knows how to reach the customer.
        """
        for item in resolved:
            if item.in_person:
                issued, rate = AFTER_COMPLAINT_HANDED, AFTER_COMPLAINT_HANDED_ANSWERED
            else:
                issued = AFTER_COMPLAINT_SENT if item.named else AFTER_COMPLAINT_SENT_ANONYMOUS
                rate = AFTER_COMPLAINT_SENT_ANSWERED
            if not self._dice.chance(issued):
                continue
            created = item.resolved_at + dt.timedelta(minutes=self._dice.randint(1, 10))
            if created > self._period.as_of:
                continue
            card = self._print(created, CardKind.SINGLE, complaint=item.complaint_id, staff=item.staff)
            self._emit(card, self._maybe_answer(card, _after_complaint_mood(item), handed=created, rate=rate))

    def take_rows(self) -> SurveyRows:
        """Rows built since the last call."""
        rows, self._rows = self._rows, SurveyRows()
        return rows

    def close(self) -> SurveyRows:
        """Rows for the slips still in the drawer, and anything not taken yet."""
        while self._stock:
            self._emit(self._stock.popleft(), None)
        return self.take_rows()

    def _counter(self, day: dt.date) -> None:
        """Slips handed out at the till today, printing a new sheet first when stock runs low."""
        handouts = sorted(during_opening(self._dice, day)
                          for _ in range(self._dice.poisson(HANDED_OUT_PER_DAY * self._scale)))
        handouts = [t for t in handouts if t < self._period.as_of]
        printed = at_minute(day, 8 * 60 + 45)
        while self._stock and self._stock[0].created + CARD_LIFETIME <= printed:
            self._emit(self._stock.popleft(), None)  # out of date: binned
        while len(self._stock) < len(handouts):
            self._stock.extend(self._print(printed, CardKind.SINGLE) for _ in range(SHEET))
        for handed in handouts:
            card = self._stock.popleft()
            progress = self._period.progress(handed)
            mood = Mood(0.48 + 0.08 * progress, 0.17 - 0.05 * progress)
            self._emit(card, self._maybe_answer(card, mood, handed=handed, rate=0.32 + 0.04 * progress))

    def _maybe_answer(
        self, card: _Card, mood: Mood, *, handed: dt.datetime, rate: float
    ) -> dict[str, Any] | None:
        """The customer's answer, if they give one before now and before the card expires."""
        if not self._dice.chance(rate):
            return None
        paper = self._dice.chance(0.15)
        at = next_working_moment(self._dice, handed + DAY) if paper else _reply_time(self._dice, handed)
        if at > self._period.as_of or at >= card.created + CARD_LIFETIME:
            return None
        source = ResponseSource.PAPER if paper else ResponseSource.QR
        return _answer(self._dice, mood, at=at, source=source, after_complaint=card.complaint is not None)

    def _print(self, created: dt.datetime, kind: CardKind, *, complaint: int | None = None,
               staff: int | None = None) -> _Card:
        """A new card with the next id and a token and short code not used before."""
        token, code = self._dice.token(), self._dice.short_code()
        while token in self._tokens or code in self._codes:
            token, code = self._dice.token(), self._dice.short_code()
        self._tokens.add(token)
        self._codes.add(code)
        self._next_id += 1
        return _Card(self._next_id - 1, created, kind, token, code, complaint, staff)

    def _emit(self, card: _Card, answer: dict[str, Any] | None) -> None:
        """The card's row, with its one answer if a single-use card has one."""
        single = card.kind == CardKind.SINGLE
        printed = self._period.utc(card.created)
        self._rows.cards.append({
            "id": card.id, "survey": self._survey_id, "token": card.token, "short_code": card.short_code,
            "kind": card.kind.value, "complaint": card.complaint, "staff": card.staff,
            "created_at": printed, "printed_at": printed,
            "expires_at": printed + CARD_LIFETIME if single else None,
            "answered_at": self._period.utc(answer["submitted_at"]) if answer else None,
        })
        if answer:
            self._record(card, answer)

    def _record(self, card: _Card, answer: dict[str, Any]) -> None:
        self._rows.responses.append({**answer, "submitted_at": self._period.utc(answer["submitted_at"]),
                                     "card": card.id, "survey": self._survey_id})
