"""What the surveys have produced: cards printed and answered, and the latest answers."""

from __future__ import annotations

import dataclasses
import datetime as dt

from peewee import JOIN, Case, fn

from smallcs import clock, settings
from smallcs.models import Complaint, Survey, SurveyCard, SurveyResponse
from smallcs.models.enums import CardKind

RECENT_ANSWERS = 50


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


def recent_answers(*, survey_id: int | None = None, limit: int = RECENT_ANSWERS) -> list[RecentAnswer]:
    """The newest answers first, of one survey or of all of them."""
    zone = settings.get_profile().zone
    query = (SurveyResponse.select(SurveyResponse, Survey.name.alias("survey_name"),
                                   Complaint.reference.alias("complaint_reference"))
             .join_from(SurveyResponse, Survey)
             .join_from(SurveyResponse, SurveyCard, JOIN.LEFT_OUTER)
             .join_from(SurveyCard, Complaint, JOIN.LEFT_OUTER))
    if survey_id is not None:
        query = query.where(SurveyResponse.survey == survey_id)
    rows = query.order_by(SurveyResponse.submitted_at.desc(), SurveyResponse.id.desc()).limit(limit).dicts()
    return [RecentAnswer(id=r["id"], submitted_at=clock.to_local(r["submitted_at"], zone),
                         survey=r["survey_name"], csat=r["csat"], nps=r["nps"], ces=r["ces"],
                         comment=r["comment"], contact_requested=bool(r["contact_requested"]),
                         source=r["source"], complaint=r["complaint_reference"])
            for r in rows]
