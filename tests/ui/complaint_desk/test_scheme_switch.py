"""The open complaint when the desktop switches between light and dark while it is shown."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette, QTextDocument
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from smallcs import complaints
from smallcs.models import Complaint, Staff
from smallcs.models.enums import StepKind
from smallcs.ui import theme
from smallcs.ui.complaint_desk.page import ComplaintsPage
from smallcs.ui.theme import contrast_ratio, current_scheme
from tests.ui.complaint_desk.conftest import open_page, settle
from tests.ui.conftest import following_the_system_scheme


@pytest.fixture
def following_the_system(qapp: QApplication) -> Iterator[QApplication]:
    yield from following_the_system_scheme(qapp)


def _colours_of(document: QTextDocument, text: str) -> set[str]:
    """The colours the characters of ``text`` are drawn in, wherever it appears in ``document``."""
    colours: set[str] = set()
    block = document.begin()
    while block.isValid():
        iterator = block.begin()
        while not iterator.atEnd():
            fragment = iterator.fragment()
            if text in fragment.text():
                brush = fragment.charFormat().foreground()
                colours.add(brush.color().name() if brush.style() != Qt.BrushStyle.NoBrush else "(text)")
            iterator += 1
        block = block.next()
    return colours


def _detail_after_switch(qtbot: QtBot, page: ComplaintsPage, complaint: Complaint,
                         scheme: Qt.ColorScheme) -> None:
    page.filters.choose_view("all")
    settle(qtbot, page)
    page.table.selectRow(page.model.row_of(complaint.id))
    assert page.detail.title.text() == complaint.reference
    theme.system_scheme_changed(QApplication.instance(), scheme)  # type: ignore[arg-type]
    qtbot.wait(20)  # the switch is followed once its events are handled


@pytest.mark.parametrize("to_dark", [True, False], ids=["to-dark", "to-light"])
def test_the_timeline_stays_readable_when_light_and_dark_switch(
        qtbot: QtBot, following_the_system: QApplication, owner: Staff, shop: dict[str, Complaint],
        to_dark: bool) -> None:
    parcel = shop["parcel"]
    complaints.add_step(owner, parcel.id, kind=StepKind.CONTACTED_CUSTOMER, text="Called back")
    if not to_dark:
        theme.apply_theme(following_the_system, dark=True)
        following_the_system.setProperty("smallcsFollowSystem", True)
    page = open_page(qtbot, owner)
    _detail_after_switch(qtbot, page, parcel, Qt.ColorScheme.Dark if to_dark else Qt.ColorScheme.Light)
    scheme = current_scheme()
    assert scheme.dark is to_dark
    timeline = page.detail.timeline
    background = timeline.palette().color(QPalette.ColorRole.Base)
    assert background == QColor(scheme.base)
    # Who wrote each entry is in the new scheme's muted colour, readable on the new background.
    assert _colours_of(timeline.document(), owner.display_name) == {scheme.muted.lower()}
    assert contrast_ratio(scheme.muted, background) >= 4.5
    # So is the customer line's caption.
    caption = page.detail.customer.text()
    assert f"color: {scheme.muted};" in caption and "Ana Lucía Pérez" in caption
    # The newest step is still what shows: the view stayed at the end.
    bar = timeline.verticalScrollBar()
    assert bar.value() == bar.maximum()


def _lines(document: QTextDocument) -> list[str]:
    """The document's text as laid out, one string per line on screen."""
    document.size()  # laid out now
    lines = []
    block = document.begin()
    while block.isValid():
        layout = block.layout()
        for number in range(layout.lineCount()):
            line = layout.lineAt(number)
            lines.append(block.text()[line.textStart():line.textStart() + line.textLength()])
        block = block.next()
    return lines


def test_the_channel_is_never_split_over_two_lines(
        qtbot: QtBot, following_the_system: QApplication, owner: Staff, shop: dict[str, Complaint]) -> None:
    page = open_page(qtbot, owner)
    _detail_after_switch(qtbot, page, shop["counter"], Qt.ColorScheme.Light)
    document = page.detail.timeline.document().clone()
    split = []
    for width in range(120, 700, 4):  # wherever the line breaks, "In person" stays whole
        document.setTextWidth(width)
        lines = [line.strip() for line in _lines(document)]
        split += [width for line, after in itertools.pairwise(lines)
                  if line.endswith("In") and after.startswith("person")]
    assert not split
    assert any("In\u00a0person" in line for line in _lines(document))
