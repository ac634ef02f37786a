"""The Dashboard shows smallcs.metrics' figures for the chosen month and filter, honestly and readably."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot

from smallcs import complaints, metrics, surveys
from smallcs.metrics import HEADLINE_KEYS, MetricFilter, Period
from smallcs.metrics.display import format_value
from smallcs.models import Category, Staff, Survey
from smallcs.models.enums import Channel, Outcome, ResponseSource
from smallcs.ui.charts import accent_colour
from smallcs.ui.dashboard import DashboardPage
from tests.ui.dashboard.conftest import PageMaker, settle


def _shown(page: DashboardPage, key: str) -> str:
    return page.tiles[key].value.text()


def _choose(qtbot: QtBot, page: DashboardPage, combo_name: str, index: int) -> None:
    combo = getattr(page.filters, combo_name)
    with qtbot.wait_signal(page.loaded, timeout=20000):
        combo.setCurrentIndex(index)
    settle(qtbot, page)


def _assert_tiles_match(page: DashboardPage, period: Period, flt: MetricFilter = metrics.NO_FILTER) -> None:
    for key in HEADLINE_KEYS:
        expected = metrics.metric_value(key, period, flt)
        assert page.tiles[key].tile is not None and page.tiles[key].tile.value == expected, key
        assert _shown(page, key) == format_value(expected, metrics.spec(key).unit), key
    assert _shown(page, "overdue") == str(metrics.backlog_at(period.end, flt).overdue)


def test_tiles_show_this_months_figures_from_the_metrics(make_page: PageMaker, demo_owner: Staff) -> None:
    page = make_page(demo_owner)
    assert page.snapshot is not None
    period = page.snapshot.period
    assert period.partial and period.contains(period.end - (period.end - period.start) / 2)
    _assert_tiles_match(page, period)
    nps = metrics.nps(period)
    assert page.tiles["nps"].sample.text().startswith(f"{nps.n} answers")
    assert page.tiles["nps"].few.isVisibleTo(page) == (0 < nps.n < 30)
    trend = page.tiles["nps"].trend.accessibleDescription()
    for point in metrics.monthly_series("nps", period):
        shown = format_value(point.value, "points") if point.value is not None else "no data"
        assert f"{point.month}: {shown}" in trend
    summary = metrics.monthly_summary(period)
    assert page.summary.text().splitlines() == metrics.headline_sentences(summary)
    top = metrics.top_categories(period, limit=5)
    # So far this month against the whole of last month: a count is given, not judged.
    last = period.previous()
    assert page.categories.accessibleDescription().startswith(
        f"{top[0].name}: {top[0].count} (All of {dt.date(last.year or 1, last.month or 1, 1):%B}: {top[0].previous})")
    assert page.tiles["complaints"].change.text() == \
        f"All of {dt.date(last.year or 1, last.month or 1, 1):%B}: {metrics.metric_value('complaints', last):,.0f}"


def test_last_month_and_an_older_month(qtbot: QtBot, make_page: PageMaker, demo_owner: Staff) -> None:
    page = make_page(demo_owner)
    assert page.snapshot is not None
    this_month = page.snapshot.period
    _choose(qtbot, page, "period", 1)
    assert "(last month)" in page.filters.period.currentText()
    last = this_month.previous()
    assert page.snapshot.period == last
    _assert_tiles_match(page, last)
    assert "vs " in page.tiles["fcr"].change.text()  # whole months are compared with arrows
    _choose(qtbot, page, "period", 6)
    assert page.snapshot.period == this_month.shifted(-6)
    _assert_tiles_match(page, this_month.shifted(-6))
    assert page.filters.period.count() == 24


def test_filters_change_the_figures(qtbot: QtBot, make_page: PageMaker, demo_owner: Staff) -> None:
    page = make_page(demo_owner)
    _choose(qtbot, page, "period", 1)
    assert page.snapshot is not None
    last = page.snapshot.period
    everything = _shown(page, "complaints")
    delivery = Category.get(Category.name == "Delivery delay").id
    _choose(qtbot, page, "category", page.filters.category.findData(delivery))
    by_category = MetricFilter(category_id=delivery)
    _assert_tiles_match(page, last, by_category)
    assert _shown(page, "complaints") != everything
    assert page.filter_note.isVisibleTo(page)
    _choose(qtbot, page, "channel", page.filters.channel.findData(Channel.PHONE.value))
    _assert_tiles_match(page, last, MetricFilter(category_id=delivery, channel=Channel.PHONE.value))
    assert page.categories.accessibleDescription().startswith("Delivery delay: ")
    _choose(qtbot, page, "category", 0)
    _choose(qtbot, page, "channel", 0)
    assert not page.filter_note.isVisibleTo(page)
    clerk = Staff.get(Staff.role == "staff")
    _choose(qtbot, page, "staff", page.filters.staff.findData(clerk.id))
    _assert_tiles_match(page, last, MetricFilter(staff_id=clerk.id))
    assert _shown(page, "complaints") != everything


def test_quick_changes_end_on_the_last_filter(qtbot: QtBot, make_page: PageMaker, demo_owner: Staff) -> None:
    page = make_page(demo_owner)
    billing = Category.get(Category.name == "Billing error").id
    page.filters.period.setCurrentIndex(1)
    page.filters.category.setCurrentIndex(page.filters.category.findData(billing))
    page.filters.channel.setCurrentIndex(page.filters.channel.findData(Channel.IN_PERSON.value))
    settle(qtbot, page)
    wanted = MetricFilter(category_id=billing, channel=Channel.IN_PERSON.value)
    assert page.snapshot is not None and page.snapshot.flt == wanted
    _assert_tiles_match(page, page.snapshot.period, wanted)


def test_an_empty_shop_says_no_data_yet(qtbot: QtBot, make_page: PageMaker, owner: Staff) -> None:
    page = make_page(owner)
    for key, tile in page.tiles.items():
        assert not tile.trend.has_data(), key
        assert tile.trend.accessibleDescription() == "No data yet"
        assert not tile.few.isVisibleTo(page)
    assert _shown(page, "nps") == "—" and _shown(page, "complaints") == "0"
    assert not page.categories.has_data()
    assert page.categories.accessibleDescription().startswith("No complaints in ")
    assert page.nps_chart.accessibleDescription().startswith("No answers in ")
    assert page.summary.text() == "No complaints and no survey answers this month."
    assert page.goals.empty.isVisibleTo(page) and not page.goals.rows
    # The empty state is words, not an empty frame: nothing is drawn in the chart colour.
    image = page.tiles["complaints"].trend.grab().toImage()
    accent = accent_colour()
    assert not any(QColor(image.pixel(x, y)) == accent
                   for x in range(image.width()) for y in range(image.height()))


def test_few_answers_are_marked_and_counted(qtbot: QtBot, make_page: PageMaker, owner: Staff) -> None:
    delivery = Category.get(Category.name == "Delivery delay").id
    complaints.create_complaint(owner, channel=Channel.IN_PERSON, category_id=delivery,
                                summary="Paint arrived late", resolved_on_the_spot=True,
                                outcome=Outcome.APOLOGY)
    late = complaints.create_complaint(owner, channel=Channel.PHONE, category_id=delivery,
                                       summary="Drill not delivered")
    complaints.resolve(owner, late.id, outcome=Outcome.REFUND, compensation=Decimal("12.50"))
    cards = surveys.issue_cards(owner, survey_id=Survey.get().id, count=3)
    for card, score in zip(cards, (10, 9, 3), strict=True):
        surveys.record_response(token=card.token, csat=5, nps=score, ces=6, comment=None,
                                contact_requested=False, language="en", source=ResponseSource.QR)
    page = make_page(owner)
    assert page.snapshot is not None
    period = page.snapshot.period
    assert _shown(page, "complaints") == "2"
    assert _shown(page, "fcr") == "50%" and page.tiles["fcr"].sample.text() == "2 resolved"
    assert _shown(page, "nps") == format_value(metrics.nps(period).score, "points") == "+33"
    nps_tile = page.tiles["nps"]
    assert nps_tile.few.isVisibleTo(page) and nps_tile.sample.text().startswith("3 answers · ±")
    assert "few answers" in nps_tile.accessibleDescription()
    assert page.categories.accessibleDescription().startswith("Delivery delay: 2")
    assert "9: 1, 10: 1" in page.nps_chart.accessibleDescription()


def test_refreshes_every_minute_while_shown(qtbot: QtBot, make_page: PageMaker, owner: Staff) -> None:
    page = make_page(owner)
    assert page.refresh_timer.isActive() and page.refresh_timer.interval() == 60_000
    other = Category.get(Category.name == "Other").id
    complaints.create_complaint(owner, channel=Channel.EMAIL, category_id=other, summary="Rude reply")
    assert _shown(page, "complaints") == "0"
    with qtbot.wait_signal(page.loaded, timeout=20000):
        page.refresh_timer.timeout.emit()
    assert _shown(page, "complaints") == "1"
    page.hide()
    assert not page.refresh_timer.isActive()


def test_readable_from_the_smallest_window_up(qtbot: QtBot, make_page: PageMaker, demo_owner: Staff) -> None:
    page = make_page(demo_owner)
    page.resize(560, 470)  # the 760 x 520 window without its navigation and menus
    qtbot.wait_until(lambda: page.grid.columns == 2)
    qtbot.wait_until(lambda: page.patterns.stacked and page.answers.stacked)
    qtbot.wait_until(lambda: page.scroll.widget().width() <= page.scroll.viewport().width())
    assert page.scroll.horizontalScrollBar().maximum() == 0
    assert page.scroll.verticalScrollBar().maximum() > 0  # the rest is a scroll away
    page.resize(900, 700)
    qtbot.wait_until(lambda: page.grid.columns == 3 and not page.patterns.stacked)
    assert not page.grab().isNull()
