"""Goals are set for the whole shop: under a filter the goals panel keeps the shop's figure and says so."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from smallcs import goals, metrics
from smallcs.metrics import MetricFilter
from smallcs.metrics.display import format_value
from smallcs.models import Category, Staff
from smallcs.ui.dashboard import DashboardPage
from tests.ui.dashboard.conftest import PageMaker, settle

NOTE = "Goals are for the whole shop; the filters above do not apply to them."


def _choose(qtbot: QtBot, page: DashboardPage, combo_name: str, index: int) -> None:
    combo = getattr(page.filters, combo_name)
    with qtbot.wait_signal(page.loaded, timeout=20000):
        combo.setCurrentIndex(index)
    settle(qtbot, page)


def _goal_facts(page: DashboardPage) -> dict[str, str]:
    """The figure line under each goal, by the goal's metric."""
    return {row.view.metric: row.facts.text() for row in page.goals.rows}


def test_a_filter_leaves_goals_on_the_shops_figures_and_says_so(qtbot: QtBot, make_page: PageMaker,
                                                                demo_owner: Staff) -> None:
    page = make_page(demo_owner)
    _choose(qtbot, page, "period", 1)  # last month: a goal's figure is the month's, as its tile's
    assert page.snapshot is not None
    month = page.snapshot.period
    assert page.goals.rows and not page.goals.scope_note.isVisibleTo(page)
    whole_shop = _goal_facts(page)

    delivery = Category.get(Category.name == "Delivery delay").id
    _choose(qtbot, page, "category", page.filters.category.findData(delivery))
    by_category = MetricFilter(category_id=delivery)

    assert page.goals.scope_note.isVisibleTo(page)
    assert page.goals.scope_note.text() == NOTE
    assert _goal_facts(page) == whole_shop
    fcr = metrics.spec("fcr")
    shop_fcr = format_value(metrics.metric_value("fcr", month), fcr.unit)
    filtered_fcr = format_value(metrics.metric_value("fcr", month, by_category), fcr.unit)
    assert shop_fcr != filtered_fcr  # the tile and the goal do differ here, which is why the note is needed
    assert page.tiles["fcr"].value.text() == filtered_fcr
    assert f": {shop_fcr}" in whole_shop["fcr"]

    _choose(qtbot, page, "category", 0)
    assert not page.goals.scope_note.isVisibleTo(page)


def test_the_staff_filter_and_this_month_so_far_get_the_note_too(qtbot: QtBot, make_page: PageMaker,
                                                                  demo_owner: Staff) -> None:
    page = make_page(demo_owner)
    before = _goal_facts(page)
    clerk = Staff.get(Staff.role == "staff")
    _choose(qtbot, page, "staff", page.filters.staff.findData(clerk.id))
    assert page.goals.scope_note.isVisibleTo(page)
    assert _goal_facts(page) == before  # still the shop's last 30 days


def test_no_note_without_goals(qtbot: QtBot, make_page: PageMaker, owner: Staff) -> None:
    """Nothing to tell apart when there is no goal figure on screen."""
    page = make_page(owner)
    _choose(qtbot, page, "channel", 1)
    assert not page.goals.rows and page.goals.empty.isVisibleTo(page)
    assert not page.goals.scope_note.isVisibleTo(page)


def test_under_a_filter_a_new_goal_starts_from_the_shops_figure_and_says_so(
        qtbot: QtBot, make_page: PageMaker, demo_owner: Staff) -> None:
    """The dialog's "now" is the figure the goal will be measured on: the shop's last 30 days, not the
    filtered tile behind it."""
    page = make_page(demo_owner)
    delivery = Category.get(Category.name == "Delivery delay").id
    _choose(qtbot, page, "category", page.filters.category.findData(delivery))
    page.new_goal()
    dialog = page.goal_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    dialog.metric_choice.setCurrentIndex(dialog.metric_choice.findData("fcr"))
    fcr = metrics.spec("fcr")
    shop_now = format_value(goals.current_value("fcr"), fcr.unit)
    assert dialog.now_hint.text() == f"Now, for the whole shop: {shop_now} (last 30 days)"
    assert page.tiles["fcr"].value.text() != shop_now  # the filtered tile behind the dialog differs
    dialog.reject()
