"""What the surveys have produced: cards printed and answered, and the answers, filtered and paged."""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
from typing import Any

from peewee import JOIN, Case, Expression, ModelSelect, fn

from smallcs import clock, settings
from smallcs.models import Complaint, Customer, Survey, SurveyCard, SurveyResponse
from smallcs.models.enums import CardKind

RECENT_ANSWERS = 50

# The unhappy end of each scale, as DESIGN.md's metric section cuts it: NPS
# detractors (0-6), CSAT answers outside "satisfied" and "neutral" (1-2), and CES
# answers below the neutral middle of the 1-7 "how easy was it" scale (1-3; 5-7 count as easy).
LOW_NPS = 6
LOW_CSAT = 2
LOW_CES = 3

AnswerMarker = tuple[int, int]
"""How many answers there are and the newest id: changes whenever one arrives or goes."""

AnswerKey = tuple[dt.datetime, int]
"""Where an answer stands in the list: (submitted_at as stored, naive UTC; id), newest first."""


class AnswerShow(enum.StrEnum):
    """Which answers the list shows (``recent_answers``, ``count_answers``)."""

    ALL = "all"
    UNHAPPY = "unhappy"  # a low score: see is_low_score
    COMMENTED = "commented"  # the customer wrote something
    NOT_FOLLOWED_UP = "not_followed_up"  # unhappy, and no complaint made from it yet


class AnswerPeriod(enum.StrEnum):
    """When the answers came, by the shop's calendar (``period_bounds``)."""

    ALL = "all"
    LAST_7_DAYS = "last_7_days"  # today and the six days before
    THIS_MONTH = "this_month"
    LAST_MONTH = "last_month"


@dataclasses.dataclass(frozen=True)
class SurveyActivity:
    """One survey's counts; ``single_cards`` and ``answered_cards`` give the response rate."""

    cards: int = 0
    single_cards: int = 0
    answered_cards: int = 0
    answers: int = 0

    @property
    def response_rate(self) -> float | None:
        """Answered single-use cards over those printed; None before any was printed."""
        return self.answered_cards / self.single_cards if self.single_cards else None


@dataclasses.dataclass(frozen=True)
class RecentAnswer:
    """One customer's answer as the Surveys page lists it (time in the shop's zone)."""

    id: int
    submitted_at: dt.datetime
    survey: str
    csat: int | None
    nps: int | None
    ces: int | None
    comment: str
    contact_requested: bool
    source: str
    complaint: str | None
    complaint_id: int | None = None
    customer_id: int | None = None
    customer_name: str = ""
    made_into: str | None = None  # the complaint made from this answer (its reference), if any
    made_into_id: int | None = None

    @property
    def linked(self) -> tuple[int, str] | None:
        """The complaint the answer speaks of: its card's, else the one made from it (id, reference)."""
        if self.complaint_id is not None and self.complaint is not None:
            return self.complaint_id, self.complaint
        if self.made_into_id is not None and self.made_into is not None:
            return self.made_into_id, self.made_into
        return None

    def low_scores(self) -> list[tuple[str, int]]:
        """The scores at the unhappy end of their scale, as (name, value): see ``is_low_score``."""
        found = [("NPS", self.nps) if self.nps is not None and self.nps <= LOW_NPS else None,
                 ("CSAT", self.csat) if self.csat is not None and self.csat <= LOW_CSAT else None,
                 ("CES", self.ces) if self.ces is not None and self.ces <= LOW_CES else None]
        return [pair for pair in found if pair is not None]


    @property
    def key(self) -> AnswerKey:
        """Its place in the list, for the next page (``recent_answers(before=...)``)."""
        return self.submitted_at.astimezone(dt.UTC).replace(tzinfo=None), self.id


def is_low_score(answer: RecentAnswer) -> bool:
    """True when any score says the customer was unhappy: worth a follow-up complaint.

    NPS 0-6 (a detractor), CSAT 1-2 (dissatisfied) or CES 1-3 (hard to deal with).
    A comment alone, or middling scores, do not count.
    """
    return bool(answer.low_scores())


def latest_answer_marker() -> AnswerMarker:
    """A cheap fingerprint of the answers table, polled to notice new answers.

    One aggregate query over the primary key: the count and the highest id. It
    changes when an answer arrives (from the survey server, an import or a paper
    card, in this process or another) and when one is removed.
    """
    count, newest = (SurveyResponse.select(fn.COUNT(SurveyResponse.id), fn.MAX(SurveyResponse.id))
                     .tuples().get())
    return int(count or 0), int(newest or 0)


def survey_activity() -> dict[int, SurveyActivity]:
    """Counts for every survey that has cards or answers, by survey id (two grouped queries)."""
    single = (SurveyCard.kind == CardKind.SINGLE.value)
    cards = (SurveyCard.select(
        SurveyCard.survey,
        fn.COUNT(SurveyCard.id).alias("cards"),
        fn.SUM(Case(None, [(single, 1)], 0)).alias("single"),
        fn.COUNT(SurveyCard.answered_at).alias("answered"),
    ).group_by(SurveyCard.survey).dicts())
    answers = (SurveyResponse.select(SurveyResponse.survey, fn.COUNT(SurveyResponse.id).alias("n"))
               .group_by(SurveyResponse.survey).dicts())
    result: dict[int, SurveyActivity] = {}
    for row in cards:
        result[row["survey"]] = SurveyActivity(cards=row["cards"], single_cards=int(row["single"] or 0),
                                               answered_cards=row["answered"])
    for row in answers:
        result[row["survey"]] = dataclasses.replace(result.get(row["survey"], SurveyActivity()),
                                                    answers=row["n"])
    return result


def period_bounds(period: AnswerPeriod) -> tuple[dt.datetime | None, dt.datetime | None]:
    """[start, end) of ``period`` as naive UTC, by the calendar of the shop's zone; None is open."""
    if period == AnswerPeriod.ALL:
        return None, None
    zone = settings.get_profile().zone
    today = clock.to_local(clock.utcnow(), zone).date()
    if period == AnswerPeriod.LAST_7_DAYS:
        return clock.to_utc(dt.datetime.combine(today - dt.timedelta(days=6), dt.time()), zone), None
    if period == AnswerPeriod.THIS_MONTH:
        return clock.month_bounds_utc(today.year, today.month, zone)[0], None
    last = today.replace(day=1) - dt.timedelta(days=1)
    return clock.month_bounds_utc(last.year, last.month, zone)


def _low_score() -> Expression:
    """``is_low_score`` in SQL: a missing score is NULL, which no comparison matches."""
    return ((SurveyResponse.nps <= LOW_NPS) | (SurveyResponse.csat <= LOW_CSAT)
            | (SurveyResponse.ces <= LOW_CES))


def _filtered(query: ModelSelect[Any], *, survey_id: int | None, show: AnswerShow,
              period: AnswerPeriod) -> ModelSelect[Any]:
    """``query`` over SurveyResponse narrowed to the answers the filters choose: the one definition."""
    if survey_id is not None:
        query = query.where(SurveyResponse.survey == survey_id)
    if show in (AnswerShow.UNHAPPY, AnswerShow.NOT_FOLLOWED_UP):
        query = query.where(_low_score())
    if show == AnswerShow.COMMENTED:
        query = query.where(SurveyResponse.comment != "")
    if show == AnswerShow.NOT_FOLLOWED_UP:  # as RecentAnswer.made_into: no complaint points back at it
        made = Complaint.alias("made")
        query = query.where(~fn.EXISTS(made.select(made.id).where(made.from_response_id == SurveyResponse.id)))
    start, end = period_bounds(period)
    if start is not None:
        query = query.where(SurveyResponse.submitted_at >= start)
    if end is not None:
        query = query.where(SurveyResponse.submitted_at < end)
    return query


def count_answers(*, survey_id: int | None = None, show: AnswerShow = AnswerShow.ALL,
                  period: AnswerPeriod = AnswerPeriod.ALL) -> int:
    """How many answers the filters choose (what ``recent_answers`` pages through)."""
    query = _filtered(SurveyResponse.select(), survey_id=survey_id, show=show, period=period)
    return int(query.count())


def recent_answers(*, survey_id: int | None = None, show: AnswerShow = AnswerShow.ALL,
                   period: AnswerPeriod = AnswerPeriod.ALL, before: AnswerKey | None = None,
                   down_to: AnswerKey | None = None, limit: int | None = RECENT_ANSWERS) -> list[RecentAnswer]:
    """The newest answers first, of one survey or of all of them, narrowed by the filters.

    Pages go by (submitted_at, id), not by offset, so an answer arriving while older
    pages are read neither repeats nor skips a row.

    Args:
        survey_id: Only this survey's answers.
        show: Which answers (all, unhappy, with a comment, unhappy without a complaint made yet).
        period: When they came, by the shop's calendar.
        before: Only answers older than this key: the next page after the last one shown.
        down_to: Only answers at this key or newer: the rows shown already, re-read, and any new ones.
        limit: At most this many; None for all of them.
    """
    zone = settings.get_profile().zone
    query = (SurveyResponse.select(SurveyResponse, Survey.name.alias("survey_name"),
                                   Complaint.reference.alias("complaint_reference"),
                                   Complaint.id.alias("complaint_key"),
                                   Customer.id.alias("customer_key"), Customer.name.alias("customer_name"))
             .join_from(SurveyResponse, Survey)
             .join_from(SurveyResponse, SurveyCard, JOIN.LEFT_OUTER)
             .join_from(SurveyCard, Complaint, JOIN.LEFT_OUTER)
             .join_from(Complaint, Customer, JOIN.LEFT_OUTER))
    query = _filtered(query, survey_id=survey_id, show=show, period=period)
    at, ident = SurveyResponse.submitted_at, SurveyResponse.id
    if before is not None:
        query = query.where((at < before[0]) | ((at == before[0]) & (ident < before[1])))
    if down_to is not None:
        query = query.where((at > down_to[0]) | ((at == down_to[0]) & (ident >= down_to[1])))
    query = query.order_by(at.desc(), ident.desc())
    rows = list((query.limit(limit) if limit is not None else query).dicts())
    made = _complaints_made_from([r["id"] for r in rows])
    return [RecentAnswer(id=r["id"], submitted_at=clock.to_local(r["submitted_at"], zone),
                         survey=r["survey_name"], csat=r["csat"], nps=r["nps"], ces=r["ces"],
                         comment=r["comment"], contact_requested=bool(r["contact_requested"]),
                         source=r["source"], complaint=r["complaint_reference"],
                         complaint_id=r["complaint_key"], customer_id=r["customer_key"],
                         customer_name=r["customer_name"] or "",
                         made_into=made[r["id"]][1] if r["id"] in made else None,
                         made_into_id=made[r["id"]][0] if r["id"] in made else None)
            for r in rows]


def _complaints_made_from(answer_ids: list[int]) -> dict[int, tuple[int, str]]:
    """The first complaint made from each of these answers: answer id -> (complaint id, reference)."""
    made: dict[int, tuple[int, str]] = {}
    if not answer_ids:
        return made
    for complaint in (Complaint.select(Complaint.id, Complaint.reference, Complaint.from_response_id)
                      .where(Complaint.from_response_id.in_(answer_ids)).order_by(Complaint.id.desc())):
        made[complaint.from_response_id] = (complaint.id, complaint.reference)  # the first one wins, last
    return made
