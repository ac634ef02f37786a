"""The Dashboard on small samples, in two languages, and its goals worded as the monthly report words them."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale
from pytestqt.qtbot import QtBot

from smallcs import clock, goals, i18n, locale_format, metrics, surveys
from smallcs.metrics import Period
from smallcs.models import Staff, Survey
from smallcs.models.enums import ResponseSource
from smallcs.reports.monthly import build_monthly_report
from smallcs.ui.dashboard.goal_dialog import GoalDialog
from smallcs.ui.dashboard.goals_panel import GoalRow
from tests.metrics.builders import add_complaints, add_responses, complaint_row
from tests.reports.monthly_helpers import words
from tests.ui.dashboard.conftest import PageMaker


@pytest.fixture
def spanish() -> Iterator[None]:
    """The app in Spanish, as Settings → This computer leaves it: catalog, number formats and QLocale."""
    i18n.set_language("es")
    QLocale.setDefault(QLocale("es"))
    yield
    i18n.set_language("en")
    QLocale.setDefault(QLocale("en_US"))


def _answers_now(owner: Staff, nps: list[int]) -> None:
    """Answers given on cards just now, as customers' phones send them."""
    cards = surveys.issue_cards(owner, survey_id=Survey.get().id, count=len(nps))
    for card, score in zip(cards, nps, strict=True):
        surveys.record_response(token=card.token, csat=5, nps=score, ces=6, comment=None,
                                contact_requested=False, language="en", source=ResponseSource.QR)


def _two_complaints(owner: Staff) -> None:
    """Two complaints resolved a minute ago, one of them at first contact: FCR 50 %.

    A minute ago, not this second: a goal's 30 days end at the moment they are read, that second excluded.
    """
    at = clock.utcnow() - dt.timedelta(minutes=1)
    add_complaints(complaint_row(owner, at, resolved_at=at, resolved_at_first_contact=first) for first in (True, False))


def test_a_handful_of_answers_is_not_compared(make_page: PageMaker, owner: Staff) -> None:
    last_month = Period.month_so_far().previous()
    add_responses(last_month.start + dt.timedelta(days=10), nps=[10, 10, 10], csat=[2, 2, 2], ces=[2, 2, 2])
    _answers_now(owner, [10, 9, 3])
    page = make_page(owner)
    assert page.snapshot is not None
    month = locale_format.month_name(last_month.year or 1, last_month.month or 1)
    sentence = f"NPS was +33 on 3 answers — too few to compare with {month}."
    assert page.summary.text() == sentence  # the report's sentence, word for word
    assert page.summary.text().splitlines() == metrics.headline_sentences(metrics.monthly_summary(page.snapshot.period))
    for key in ("nps", "csat", "ces"):
        tile = page.tiles[key]
        assert tile.change.text() == f"too few answers to compare with {month}", key
        assert tile.change.property("role") == "muted", key  # grey, never the green or red of a verdict
        assert tile.few.isVisibleTo(page), key
        assert "better" not in tile.accessibleDescription() and "worse" not in tile.accessibleDescription()


def test_a_rate_over_a_handful_of_complaints_is_not_compared(make_page: PageMaker, owner: Staff) -> None:
    last_month = Period.month_so_far().previous()
    at = last_month.start + dt.timedelta(days=10)
    add_complaints(complaint_row(owner, at, resolved_at=at, resolved_at_first_contact=False) for _ in range(3))
    _two_complaints(owner)  # FCR 50 % on 2 against 0 % on 3: no "better"
    page = make_page(owner)
    month = locale_format.month_name(last_month.year or 1, last_month.month or 1)
    tile = page.tiles["fcr"]
    assert tile.value.text() == "50%"
    assert tile.change.text() == f"too few resolved complaints to compare with {month}"
    assert tile.change.property("role") == "muted"
    assert "better" not in tile.accessibleDescription()
    assert not tile.few.isVisibleTo(page)  # the "few answers" badge is about survey answers


def test_a_new_shops_first_month_is_not_compared_with_before_it_opened(make_page: PageMaker, owner: Staff) -> None:
    _two_complaints(owner)  # the shop's very first complaints, this month
    page = make_page(owner)
    last = Period.month_so_far().previous()
    month = locale_format.month_name(last.year or 1, last.month or 1)
    assert page.tiles["complaints"].change.text() == f"nothing to compare with in {month}"
    assert page.categories.accessibleDescription() == "Other: 2"  # no "2 more than …"


def test_percentages_are_written_the_same_way_everywhere(qtbot: QtBot, make_page: PageMaker, owner: Staff) -> None:
    _two_complaints(owner)
    _answers_now(owner, [10, 9, 3])
    goals.create_goal(owner, metric="fcr", baseline=20, target=60, due_on=dt.date(2030, 6, 30))
    page = make_page(owner)
    shown = [page.tiles["fcr"].value.text(), page.tiles["csat"].value.text(), page.tiles["csat"].sample.text(),
             page.goals.rows[0].sentence.text(), page.goals.rows[0].bar.text(), page.goals.rows[0].facts.text()]
    assert shown[:2] == ["50%", "100%"]
    assert "(95%)" in shown[2] and "from 20% to 60%" in shown[3] and shown[4] == "75% of the way"
    joined = " | ".join(shown)
    assert re.findall(r"\d%", joined) and not re.findall(r"\d\s%", joined)


def test_in_spanish_every_percentage_has_its_space(qtbot: QtBot, make_page: PageMaker, owner: Staff,
                                                   spanish: None) -> None:
    _two_complaints(owner)
    goals.create_goal(owner, metric="fcr", baseline=20, target=60, due_on=dt.date(2030, 6, 30))
    page = make_page(owner)
    row = page.goals.rows[0]
    shown = " | ".join([page.tiles["fcr"].value.text(), row.sentence.text(), row.bar.text(), row.facts.text()])
    assert page.tiles["fcr"].value.text() == "50\u00a0%"
    assert "20\u00a0%" in row.sentence.text() and row.bar.text().startswith("75\u00a0%")
    assert not re.findall(r"\d%", shown)


def test_the_goal_dialog_writes_its_days_as_the_locale_does(qtbot: QtBot, owner: Staff, spanish: None) -> None:
    dialog = GoalDialog(owner)
    qtbot.add_widget(dialog)
    due = dt.date(dialog.due_on.date().year(), dialog.due_on.date().month(), dialog.due_on.date().day())
    assert dialog.due_on.displayFormat() == "d MMM yyyy"
    assert dialog.due_on.text() == locale_format.date(due)  # "31 mar 2027", as every other date in Spanish
    qtbot.keyClicks(dialog.target, "80")
    assert locale_format.month_year(due) in dialog.preview.text()  # "… para marzo de 2027"


def test_a_goal_reads_the_same_on_the_dashboard_and_in_the_report(make_page: PageMaker, owner: Staff,
                                                                  tmp_path: Path) -> None:
    """Three complaints open since before last month ended: the goal stands where it stood then."""
    now = clock.utcnow()
    add_complaints(complaint_row(owner, now - dt.timedelta(days=45)) for _n in range(3))
    today = clock.to_local(now, metrics.shop_zone()).date()
    goal = goals.create_goal(owner, metric="backlog", baseline=10, target=2, starts_on=today - dt.timedelta(days=60),
                             due_on=dt.date(today.year + 1, 12, 31), note="Clear the old ones first.")
    page = make_page(owner)
    [row] = page.goals.rows
    assert isinstance(row, GoalRow)
    on_screen = (row.sentence.text(), row.bar.text(), row.status.text())
    assert on_screen == ("Open at month end from 10 to 2 by " + locale_format.month_year(goal.due_on),
                         "88% of the way", "On track")
    last_month = Period.month_so_far().previous()
    report = words(build_monthly_report(last_month.label, tmp_path / "report.pdf", actor=owner, now=now))
    goals_part = report[report.index("Goals Goal "):]
    for text in on_screen:
        assert text in goals_part
