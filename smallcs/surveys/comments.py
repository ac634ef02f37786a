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


def _lowest_score(comment: Comment) -> float:
    """The lowest of a comment's scores on a 0–1 scale (CSAT 1–5, NPS 0–10); 2 when it has none."""
    shares = []
    if comment.csat is not None:
        shares.append((comment.csat - 1) / 4)
    if comment.nps is not None:
        shares.append(comment.nps / 10)
    return min(shares, default=2.0)


def comments_between(start: dt.datetime, end: dt.datetime, *, limit: int = 12) -> list[Comment]:
    """Up to ``limit`` non-empty comments of ``[start, end)``, the least happy first.

    Unhappy customers come first because they say what to fix. A comment is placed by its
    lowest score, CSAT and NPS made comparable (an NPS of 1 before a CSAT of 3); among
    equal scores the newest first, comments without a score last. (A month's comments are
    sorted here, not in SQL: SQLite's MIN and PostgreSQL's LEAST treat a missing score
    differently.)
    """
    query = _written_between(start, end).order_by(SurveyResponse.submitted_at.desc())
    comments = [Comment(r.submitted_at, r.comment, r.csat, r.nps) for r in query]
    return sorted(comments, key=_lowest_score)[:limit]
