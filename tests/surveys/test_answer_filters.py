"""The answers list's filters and pages (issue #5): which answers each choice shows, and paging by time."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from smallcs import clock, complaints
from smallcs.models import Category, Staff, Survey, SurveyCard, SurveyResponse
from smallcs.models.enums import CardKind, Channel, Question, ResponseSource
from smallcs.surveys import issue_cards, validate_answer
from smallcs.surveys.activity import (
    AnswerPeriod,
    AnswerShow,
    count_answers,
    is_low_score,
    recent_answers,
)
from smallcs.surveys.responses import store_answer

# The owner fixture's shop is in Madrid (CET, UTC+1, in winter): "now" is a Monday noon there.
NOW = dt.datetime(2026, 3, 9, 11, 0)


@pytest.fixture
def poster(owner: Staff, survey: Survey) -> SurveyCard:
    """A poster: it takes any number of answers."""
    return issue_cards(owner, survey_id=survey.id, count=1, kind=CardKind.POSTER)[0]


@pytest.fixture
def fixed_now(monkeypatch: pytest.MonkeyPatch) -> dt.datetime:
    monkeypatch.setattr(clock, "utcnow", lambda: NOW)
    return NOW


def answer_at(card: SurveyCard, at: dt.datetime, **values: Any) -> int:
    """Store an answer as if sent at ``at`` (naive UTC, as stored); its id."""
    fields: dict[str, Any] = {"csat": None, "nps": None, "ces": None, "comment": "",
                              "contact_requested": False, "language": "en", **values}
    stored = store_answer(card, Survey.get_by_id(card.survey_id), validate_answer(list(Question), **fields),
                          source=ResponseSource.QR, submitted_at=at)
    assert stored is not None
    return int(stored.id)


def complaint_from(owner: Staff, answer_id: int) -> None:
    """What "Make a complaint from this answer…" saves."""
    complaints.create_complaint(owner, channel=Channel.WEB, summary="Low survey score",
                                category_id=Category.get(Category.name == "Waiting time").id,
                                from_response_id=answer_id)


def ids(**filters: Any) -> list[int]:
    return [answer.id for answer in recent_answers(limit=None, **filters)]


def test_each_choice_shows_its_answers_and_counts_them(owner: Staff, poster: SurveyCard) -> None:
    at = dt.datetime(2026, 2, 1, 9, 0)
    scores = {  # name: (scores, comment); the edges of each scale's unhappy end
        "delighted": ({"csat": 5, "nps": 10, "ces": 7}, ""),
        "praise": ({"csat": 5}, "Lovely staff"),
        "nps 6": ({"nps": 6}, ""),
        "nps 7": ({"nps": 7}, "Fine"),
        "csat 2": ({"csat": 2}, "Too slow"),
        "csat 3": ({"csat": 3}, ""),
        "ces 3": ({"ces": 3}, ""),
        "ces 4": ({"ces": 4}, ""),
        "no scores": ({}, "Just a note"),
        "followed up": ({"csat": 1, "nps": 0}, "Never again"),
    }
    made = {name: answer_at(poster, at + dt.timedelta(minutes=n), comment=comment, **values)
            for n, (name, (values, comment)) in enumerate(scores.items())}
    complaint_from(owner, made["followed up"])

    def names(show: AnswerShow) -> set[str]:
        found = set(ids(show=show))
        return {name for name, answer_id in made.items() if answer_id in found}

    assert names(AnswerShow.ALL) == set(scores)
    assert names(AnswerShow.UNHAPPY) == {"nps 6", "csat 2", "ces 3", "followed up"}
    assert names(AnswerShow.COMMENTED) == {"praise", "nps 7", "csat 2", "no scores", "followed up"}
    assert names(AnswerShow.NOT_FOLLOWED_UP) == {"nps 6", "csat 2", "ces 3"}
    # SQL and the list's red scores agree on what "unhappy" is.
    everything = recent_answers(limit=None)
    assert {a.id for a in everything if is_low_score(a)} == set(ids(show=AnswerShow.UNHAPPY))
    assert {a.id for a in everything if is_low_score(a) and a.made_into is None} == set(
        ids(show=AnswerShow.NOT_FOLLOWED_UP))
    for show in AnswerShow:
        assert count_answers(show=show) == len(names(show)), show


def test_a_complaint_made_from_an_answer_takes_it_off_the_not_followed_up_list(
    owner: Staff, poster: SurveyCard
) -> None:
    unhappy = answer_at(poster, dt.datetime(2026, 2, 1, 9, 0), nps=2)
    assert ids(show=AnswerShow.NOT_FOLLOWED_UP) == [unhappy]
    complaint_from(owner, unhappy)
    assert ids(show=AnswerShow.NOT_FOLLOWED_UP) == []
    assert ids(show=AnswerShow.UNHAPPY) == [unhappy]  # still unhappy, only followed up


def test_periods_follow_the_shops_calendar(owner: Staff, poster: SurveyCard, fixed_now: dt.datetime) -> None:
    # Stored in UTC; Madrid is an hour ahead in winter, so 23:30 UTC is already the next day there.
    sent = {
        "today": dt.datetime(2026, 3, 9, 8, 0),
        "6 days ago, just after midnight": dt.datetime(2026, 3, 2, 23, 30),
        "7 days ago, before midnight": dt.datetime(2026, 3, 2, 22, 30),
        "1 March, just after midnight": dt.datetime(2026, 2, 28, 23, 30),
        "28 February, before midnight": dt.datetime(2026, 2, 28, 22, 30),
        "1 February": dt.datetime(2026, 1, 31, 23, 0),
        "31 January": dt.datetime(2026, 1, 31, 22, 59),
    }
    made = {name: answer_at(poster, at, csat=4) for name, at in sent.items()}

    def names(period: AnswerPeriod) -> list[str]:
        by_id = {answer_id: name for name, answer_id in made.items()}
        return [by_id[answer_id] for answer_id in ids(period=period)]

    assert names(AnswerPeriod.LAST_7_DAYS) == ["today", "6 days ago, just after midnight"]
    assert names(AnswerPeriod.THIS_MONTH) == ["today", "6 days ago, just after midnight",
                                              "7 days ago, before midnight", "1 March, just after midnight"]
    assert names(AnswerPeriod.LAST_MONTH) == ["28 February, before midnight", "1 February"]
    assert names(AnswerPeriod.ALL) == list(made)
    assert count_answers(period=AnswerPeriod.LAST_MONTH) == 2
    assert count_answers(show=AnswerShow.UNHAPPY, period=AnswerPeriod.LAST_MONTH) == 0


def test_pages_follow_on_across_answers_sent_at_the_same_second(owner: Staff, poster: SurveyCard) -> None:
    same = dt.datetime(2026, 2, 10, 12, 0)
    made = [answer_at(poster, same - dt.timedelta(minutes=1), nps=1)]
    made += [answer_at(poster, same, nps=4 + n) for n in range(7)]  # an import: all one second
    made += [answer_at(poster, same + dt.timedelta(minutes=1), nps=3)]
    newest_first = ids()
    assert newest_first == [made[-1], *reversed(made[1:-1]), made[0]]  # ties: the later id first

    pages: list[list[int]] = []
    before = None
    while page := recent_answers(before=before, limit=3):
        pages.append([answer.id for answer in page])
        before = page[-1].key
    assert [len(page) for page in pages] == [3, 3, 3]
    assert [answer_id for page in pages for answer_id in page] == newest_first

    # The same with a filter: only the unhappy ones (NPS 0-6: five of them), no row twice or missed.
    unhappy = ids(show=AnswerShow.UNHAPPY)
    first = recent_answers(show=AnswerShow.UNHAPPY, limit=4)
    rest = recent_answers(show=AnswerShow.UNHAPPY, before=first[-1].key, limit=None)
    assert [a.id for a in first + rest] == unhappy and len(unhappy) == 5


def test_an_answer_arriving_between_pages_neither_repeats_nor_skips_a_row(
    owner: Staff, poster: SurveyCard
) -> None:
    start = dt.datetime(2026, 2, 10, 12, 0)
    for n in range(5):
        answer_at(poster, start + dt.timedelta(minutes=n), csat=1)
    first = recent_answers(limit=2)
    newcomer = answer_at(poster, start + dt.timedelta(hours=1), csat=1)  # with the first page on screen
    second = recent_answers(before=first[-1].key, limit=2)
    assert [a.id for a in first + second] == ids()[1:5]

    # Re-reading the rows on screen and whatever came since: down to the oldest one shown.
    shown = first + second
    again = recent_answers(down_to=shown[-1].key, limit=None)
    assert [a.id for a in again] == [newcomer] + [a.id for a in shown]
    assert SurveyResponse.select().count() == 6
