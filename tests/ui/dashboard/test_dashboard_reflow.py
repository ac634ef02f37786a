"""The Dashboard reflows for large fonts and wide windows: nothing cut, no sideways scrolling, no lone tile."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint, QRectF
from PySide6.QtWidgets import QApplication, QComboBox, QStyle, QStyleOptionComboBox
from pytestqt.qtbot import QtBot

from smallcs import i18n
from smallcs.models import Staff
from smallcs.ui.charts import DistributionChart, ScoreGroup, group_spans
from smallcs.ui.dashboard import DashboardPage
from smallcs.ui.dashboard.page import tile_groups
from smallcs.ui.dashboard.reflow import choose_columns
from tests.ui.conftest import themed_at
from tests.ui.dashboard.conftest import PageMaker, settle

# The page's share of a window: the navigation column takes about 230 px at 15 pt, 200 at 9 pt.
PAGE_OF_1180_AT_15PT = (1180 - 230, 690)
PAGE_OF_1400 = (1400 - 200, 860)


@pytest.fixture
def font_15pt(qapp: QApplication) -> Iterator[None]:
    """The application font at 15 pt (a user's larger system font), themed for it; put back after."""
    yield from themed_at(qapp, 15)


def _resize(qtbot: QtBot, page: DashboardPage, size: tuple[int, int]) -> None:
    page.resize(*size)
    settle(qtbot, page)
    qtbot.wait(100)  # the grids rearrange on the resize and layout events that follow


def _text_room(combo: QComboBox) -> int:
    """The width of the area a combo box draws its current text in."""
    option = QStyleOptionComboBox()
    combo.initStyleOption(option)
    return combo.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                        QStyle.SubControl.SC_ComboBoxEditField, combo).width()


def _rows(page: DashboardPage) -> list[list[str]]:
    """The tiles' keys, row by row as they are on screen."""
    rows: dict[int, list[tuple[int, str]]] = {}
    for key, tile in page.tiles.items():
        rows.setdefault(tile.y(), []).append((tile.x(), key))
    return [[key for _x, key in sorted(row)] for _y, row in sorted(rows.items())]


def _assert_filters_whole(page: DashboardPage) -> None:
    bar = page.filters
    for combo in (bar.period, bar.category, bar.channel, bar.staff):
        texts = [combo.itemText(i) for i in range(combo.count())] if combo is bar.period else [combo.currentText()]
        for text in texts:  # every month offered, so choosing "last month" cuts nothing either
            assert combo.fontMetrics().horizontalAdvance(text) <= _text_room(combo), (combo.objectName(), text)


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_15pt_font_at_1180_px_reflows_without_sideways_scrolling(
        qtbot: QtBot, font_15pt: None, language: str, make_page: PageMaker, demo_owner: Staff) -> None:
    i18n.set_language(language)
    page = make_page(demo_owner)
    _resize(qtbot, page, PAGE_OF_1180_AT_15PT)
    viewport = page.scroll.viewport()
    assert page.scroll.horizontalScrollBar().maximum() == 0
    assert not page.scroll.horizontalScrollBar().isVisible()
    for key, tile in page.tiles.items():
        left = tile.mapTo(viewport, QPoint(0, 0)).x()
        assert 0 <= left and left + tile.width() <= viewport.width(), key
        assert tile.width() >= tile.minimumSizeHint().width(), key  # squeezed tiles would clip their text
    assert page.grid.columns < 4
    assert page.patterns.stacked and page.answers.stacked  # goals beside the bars would wrap word by word
    filters = page.filters
    assert filters.staff.isVisibleTo(page)
    assert filters.staff.mapTo(viewport, QPoint(0, 0)).x() + filters.staff.width() <= viewport.width()
    assert filters._grid.columns == 2  # two rows of two rather than four cut combos
    _assert_filters_whole(page)
    assert page.status.mapTo(viewport, QPoint(0, 0)).x() + page.status.width() <= viewport.width()


def test_at_1400_px_no_tile_is_left_alone_and_the_survey_trio_shares_a_row(
        qtbot: QtBot, make_page: PageMaker, demo_owner: Staff) -> None:
    page = make_page(demo_owner)
    _resize(qtbot, page, PAGE_OF_1400)
    rows = _rows(page)
    sizes = [len(row) for row in rows]
    assert not (min(sizes) == 1 and max(sizes) > 1), rows
    assert any({"nps", "csat", "ces"} <= set(row) for row in rows), rows
    assert any({"backlog", "overdue"} <= set(row) for row in rows), rows
    assert page.scroll.horizontalScrollBar().maximum() == 0
    _assert_filters_whole(page)
    assert page.filters._grid.columns == 4
    assert not page.patterns.stacked and not page.answers.stacked


@pytest.mark.parametrize("language", ["en", "es"])
def test_filters_show_whole_texts_at_normal_size(
        qtbot: QtBot, language: str, make_page: PageMaker, demo_owner: Staff) -> None:
    i18n.set_language(language)
    page = make_page(demo_owner)
    for size, columns in (((1180 - 200, 690), 4), ((560, 470), 2)):
        _resize(qtbot, page, size)
        _assert_filters_whole(page)
        assert page.filters._grid.columns == columns  # a long month name widens its own column only
        assert page.scroll.horizontalScrollBar().maximum() == 0


@pytest.mark.parametrize(("fit", "groups", "columns"), [
    (4, [4, 2, 3], 3),  # 4 + 4 + 1 would leave customer effort alone
    (5, [4, 2, 3], 3),  # 5 + 4 would split open and overdue
    (6, [4, 2, 3], 6),  # the month's complaints and what is open, then the three survey scores
    (7, [4, 2, 3], 6),
    (9, [4, 2, 3], 9),
    (12, [4, 2, 3], 9),
    (3, [4, 2, 3], 3),
    (2, [4, 2, 3], 2),  # nine in two columns leave one alone whatever is done; one column would be worse
    (1, [4, 2, 3], 1),
    (3, [1, 1, 1, 1], 2),  # four filters: two rows of two, not three and one
    (2, [1, 1, 1], 2),
])
def test_column_counts_keep_groups_together(fit: int, groups: list[int], columns: int) -> None:
    assert choose_columns(fit, groups) == columns


def test_the_dashboard_tiles_form_three_groups() -> None:
    keys = ["complaints", "resolution_median_hours", "fcr", "on_time", "backlog", "overdue", "nps", "csat", "ces"]
    assert tile_groups(keys) == [4, 2, 3]


def test_group_spans_make_room_for_each_label() -> None:
    spans = group_spans(300, [7, 2, 2], [80, 60, 70])
    assert sum(spans) == pytest.approx(300)
    assert all(span >= need for span, need in zip(spans, [80, 60, 70], strict=True))
    assert spans[0] > spans[1]  # the wide group gives up what the short ones need, no more
    assert group_spans(1100, [7, 2, 2], [80, 60, 70]) == pytest.approx([700, 200, 200])  # room: equal columns
    assert group_spans(150, [7, 2, 2], [80, 60, 70]) == pytest.approx([150 * 7 / 11, 300 / 11, 300 / 11])


def _nps_chart(qtbot: QtBot, labels: tuple[str, str, str], width: int) -> DistributionChart:
    chart = DistributionChart("NPS")
    qtbot.add_widget(chart)
    chart.set_distribution({score: score % 3 + 1 for score in range(11)},
                           [ScoreGroup(labels[0], range(7), False), ScoreGroup(labels[1], range(7, 9), None),
                            ScoreGroup(labels[2], range(9, 11), True)])
    chart.resize(width, chart.sizeHint().height())
    return chart


@pytest.mark.parametrize("labels", [("Detractors", "Passives", "Promoters"),
                                    ("Detractores", "Pasivos", "Promotores")])
def test_nps_group_names_are_whole_where_there_is_room(qtbot: QtBot, labels: tuple[str, str, str]) -> None:
    # About the chart's width beside the CSAT chart in a 1180 px window, and a third of it.
    chart = _nps_chart(qtbot, labels, 300)
    area = QRectF(chart.contentsRect())
    placed = chart.group_labels(area)
    assert [text for _span, text in placed] == list(labels)
    metrics = chart.fontMetrics()
    for span, text in placed:
        assert metrics.horizontalAdvance(text) <= span.width()
    assert placed[0][0].right() <= placed[1][0].left() + 0.01 and placed[1][0].right() <= placed[2][0].left() + 0.01
    columns = chart.columns(area)
    assert columns[0].left() == area.left() and columns[-1].right() == pytest.approx(area.right())
    narrow = _nps_chart(qtbot, labels, 110)
    texts = [text for _span, text in narrow.group_labels(QRectF(narrow.contentsRect()))]
    assert any(text.endswith("…") for text in texts)  # truly narrow: elided, not overlapping
