"""The owner's month-end review of the Dashboard: goals follow the month chosen, the overdue tile and the
trend lines know when the shop started, and the summary respects the filters."""

from __future__ import annotations

import datetime as dt

from pytestqt.qtbot import QtBot

from smallcs import clock, goals, locale_format, metrics
from smallcs.metrics import Period
from smallcs.models import Category, Staff
from smallcs.ui.dashboard import DashboardPage
from smallcs.ui.dashboard.snapshot import PeriodChoice
from tests.metrics.builders import add_complaints, complaint_row
from tests.ui.dashboard.conftest import PageMaker

DAY = dt.timedelta(days=1)


def _key(month: Period) -> str:
    """The filter bar's key for a whole month."""
    return PeriodChoice((month.year or 1, month.month or 1)).key


def _choose(qtbot: QtBot, page: DashboardPage, combo_name: str, data: object) -> None:
    """Pick ``data`` in one of the filter bar's boxes, as a user does, and wait for the figures."""
    combo = getattr(page.filters, combo_name)
    with qtbot.wait_signal(page.loaded, timeout=20000):
        combo.setCurrentIndex(combo.findData(data))


def test_a_goal_shows_the_figure_of_the_month_chosen(qtbot: QtBot, make_page: PageMaker, owner: Staff) -> None:
    last = Period.month_so_far().previous()
    rows = [complaint_row(owner, last.start + 2 * DAY, resolved_at=last.start + 2 * DAY,
                          resolved_at_first_contact=first) for first in (True, True, False, False)]
    add_complaints(rows)  # FCR 50 % last month
    goals.create_goal(owner, metric="fcr", baseline=20, target=80, starts_on=(last.start - 40 * DAY).date(),
                      due_on=dt.date(2030, 6, 30))
    page = make_page(owner)
    [row] = page.goals.rows
    assert row.facts.text().startswith("Now ") and "(last 30 days)" in row.facts.text()

    _choose(qtbot, page, "period", _key(last))
    [row] = page.goals.rows
    month = locale_format.month_year(dt.date(last.year or 1, last.month or 1, 1))
    assert page.tiles["fcr"].value.text() == "50%"
    assert row.facts.text().startswith(f"{month}: 50% · ")  # the tile's figure, and it says whose
    assert "30 days" not in row.facts.text() and "days left" not in row.facts.text()
    assert row.bar.text() == "50% of the way"


def test_goals_that_had_not_started_say_so_for_an_earlier_month(qtbot: QtBot, make_page: PageMaker,
                                                                 owner: Staff) -> None:
    today = clock.to_local(clock.utcnow(), metrics.shop_zone()).date()
    goals.create_goal(owner, metric="fcr", baseline=20, target=80, starts_on=today.replace(day=1),
                      due_on=dt.date(2030, 6, 30))
    page = make_page(owner)
    assert len(page.goals.rows) == 1
    last = Period.month_so_far().previous()
    _choose(qtbot, page, "period", _key(last))
    assert page.goals.rows == []
    month = locale_format.month_year(dt.date(last.year or 1, last.month or 1, 1))
    assert page.goals.empty.text() == f"None of the goals had started by the end of {month}."


def test_overdue_has_nothing_to_compare_with_before_the_shop_started(qtbot: QtBot, make_page: PageMaker,
                                                                     owner: Staff) -> None:
    now = clock.utcnow()
    add_complaints([complaint_row(owner, now - dt.timedelta(minutes=2), due_at=now - dt.timedelta(minutes=1))])
    page = make_page(owner)
    last = Period.month_so_far().previous()
    last_name = locale_format.month_name(last.year or 1, last.month or 1)
    overdue = page.tiles["overdue"]
    assert overdue.value.text() == "1"
    assert overdue.change.text() == f"nothing to compare with in {last_name}"  # not "▲ +1 (worse)"
    series = page.snapshot.tile("overdue").series if page.snapshot else ()
    assert [point.value for point in series] == [None] * 11 + [1.0]  # no run of zeros before the shop opened

    earlier = last.previous()
    _choose(qtbot, page, "period", _key(last))  # a month with nothing, before the first record
    before_name = locale_format.month_name(earlier.year or 1, earlier.month or 1)
    assert page.tiles["overdue"].change.text() == f"nothing to compare with in {before_name}"  # not "= no change"


def test_a_category_filter_leaves_out_the_most_frequent_complaint(qtbot: QtBot, make_page: PageMaker,
                                                                  demo_owner: Staff) -> None:
    page = make_page(demo_owner)
    last = Period.month_so_far().previous()
    _choose(qtbot, page, "period", _key(last))
    assert "most frequent" in page.summary.text()
    top = page.snapshot.top_categories[0] if page.snapshot else None
    assert top is not None
    _choose(qtbot, page, "category", Category.get(Category.name == top.name).id)
    assert "most frequent" not in page.summary.text()
    assert page.summary.text()  # still a sentence: NPS, or how many complaints the filter kept


def test_a_goal_past_its_due_day_says_which_30_days_it_is_over(make_page: PageMaker, owner: Staff) -> None:
    today = clock.to_local(clock.utcnow(), metrics.shop_zone()).date()
    due = today - 10 * DAY
    goals.create_goal(owner, metric="fcr", baseline=20, target=80, starts_on=due - 90 * DAY, due_on=due)
    page = make_page(owner)
    [row] = page.goals.rows
    assert row.facts.text().startswith(f"— over the 30 days to {locale_format.date(due)} · ")  # not "Now"
    assert row.facts.text().endswith("due date passed")
