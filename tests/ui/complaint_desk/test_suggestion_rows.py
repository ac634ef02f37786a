"""The suggested steps' check boxes are drawn whole, one apart from the next, at any text size."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QModelIndex
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication, QStyle, QStyleOptionViewItem
from pytestqt.qtbot import QtBot

from smallcs.complaints import SuggestedStep
from smallcs.models.enums import StepKind
from smallcs.ui.complaint_desk.timeline import SuggestionList
from smallcs.ui.theme import current_scheme
from tests.ui.conftest import themed_at

STEPS = [SuggestedStep(StepKind.CONTACTED_CUSTOMER, "Apologise"), SuggestedStep(StepKind.INVESTIGATED, "Contact"),
         SuggestedStep(StepKind.NOTE, "Offer")]


@pytest.fixture(params=[0, 12, 15], ids=["usual", "12pt", "15pt"])
def text_size(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[float]:
    yield from themed_at(qapp, request.param)


def _box_column(suggestions: SuggestionList) -> int:
    """The x (in the list) through the middle of the first item's check box."""
    option = QStyleOptionViewItem()
    suggestions.itemDelegate().initStyleOption(option, suggestions.model().index(0, 0, QModelIndex()))
    option.rect = suggestions.visualItemRect(suggestions.item(0))
    option.widget = suggestions
    box = suggestions.style().subElementRect(QStyle.SubElement.SE_ItemViewItemCheckIndicator, option, suggestions)
    return suggestions.viewport().x() + box.center().x()


def _runs(image: QImage, x: int, colour: QColor) -> list[tuple[int, int]]:
    """The runs of ``colour`` down column ``x``, as (first y, length)."""
    hits = [image.pixelColor(x, y) == colour for y in range(image.height())]
    runs, y = [], 0
    for hit, run in itertools.groupby(hits):
        length = len(list(run))
        if hit:
            runs.append((y, length))
        y += length
    return runs


def test_each_check_box_is_whole_and_apart_from_the_next(qtbot: QtBot, text_size: float) -> None:
    suggestions = SuggestionList()
    qtbot.add_widget(suggestions)
    suggestions.show_suggestions(STEPS, [])
    suggestions.resize(300, 100)
    suggestions.show()
    qtbot.wait_exposed(suggestions)
    QApplication.processEvents()
    image = suggestions.grab().toImage()
    assert image.devicePixelRatio() == 1
    # Down the middle of the boxes: each box's top and bottom edge, in the outline colour.
    inside = suggestions.viewport().geometry()  # within the list's frame (drawn in that colour too)
    boxes = [(y, length) for y, length in _runs(image, _box_column(suggestions), QColor(current_scheme().border))
             if inside.top() <= y <= inside.bottom()]
    assert len(boxes) == 2 * len(STEPS), boxes  # two edges a box: none shared, none cut off
    assert all(length == 1 for _y, length in boxes), boxes
    gaps = [boxes[n + 1][0] - boxes[n][0] - 1 for n in range(1, len(boxes) - 1, 2)]
    assert min(gaps) >= 2, boxes  # boxes one under the other do not touch
    assert boxes[0][0] > inside.top() and boxes[-1][0] < inside.bottom(), (boxes, inside)  # not touching it
