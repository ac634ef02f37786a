"""Customers' written comments for a period, for the report's "in their words" section."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import peewee

from smallcs.models import SurveyResponse


@dataclasses.dataclass(frozen=True)
class Comment:
    submitted_at: dt.datetime
    text: str
    csat: int | None
    nps: int | None


def _written_between(start: dt.datetime, end: dt.datetime) -> peewee.ModelSelect[Any]:
    return SurveyResponse.select().where((SurveyResponse.submitted_at >= start) & (SurveyResponse.submitted_at < end)
                                         & (SurveyResponse.comment != ""))


def count_comments_between(start: dt.datetime, end: dt.datetime) -> int:
    """How many answers of ``[start, end)`` have a comment (all of them, not only those printed)."""
    return int(_written_between(start, end).count())


def comments_between(start: dt.datetime, end: dt.datetime, *, limit: int = 12) -> list[Comment]:
    """Up to ``limit`` non-empty comments of ``[start, end)``, the lowest scores first.

    Unhappy customers come first because they say what to fix; within a score,
    the newest first.
    """
    query = (_written_between(start, end)
             .order_by(SurveyResponse.csat.asc(nulls="LAST"), SurveyResponse.nps.asc(nulls="LAST"),
                       SurveyResponse.submitted_at.desc())
             .limit(limit))
    return [Comment(r.submitted_at, r.comment, r.csat, r.nps) for r in query]
