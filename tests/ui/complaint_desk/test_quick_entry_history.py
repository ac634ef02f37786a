"""Quick entry's customer history beside the form (issue #4): a regular's history is taller than
the form on a laptop, and every line of it can be read, by scrolling, none cut off mid-line."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from smallcs import complaints, customers, settings, surveys
from smallcs.models import Category, Customer, Staff, Survey
from smallcs.models.enums import Channel, ResponseSource
from smallcs.ui.complaint_desk.quick_entry import QuickEntryDialog
from tests.ui.complaint_desk.conftest import open_window

OLDEST = "Ladder delivered without its safety feet, customer had to come back for them"


@pytest.fixture
def regular(owner: Staff) -> Customer:
    """A customer with a dozen earlier complaints, long summaries, and survey answers with comments."""
    settings.save_profile(owner, dataclasses.replace(settings.get_profile(),
                                                     survey_base_url="https://survey.example.org"))
    survey = Survey.get()
    carmen = customers.create_customer(owner, name="Carmen Ortega Villanueva", phone="611 222 333")
    categories = list(Category.select().order_by(Category.id))
    for n in range(12):
        summary = OLDEST if n == 0 else f"Visit {n}: the order was late again and nobody called to say why"
        complaint = complaints.create_complaint(
            owner, channel=Channel.PHONE, category_id=categories[n % len(categories)].id,
            customer_id=carmen.id, summary=summary)
        if n % 2 == 0:
            [card] = surveys.issue_cards(owner, survey_id=survey.id, count=1, complaint_id=complaint.id)
            outcome = surveys.record_response(
                token=card.token, csat=4, nps=8, ces=6, contact_requested=False, language="en",
                source=ResponseSource.QR,
                comment="Sorted in the end, though it took two calls and a visit to the shop.")
            assert outcome == surveys.ResponseOutcome.RECORDED
    return carmen


FormFor = Callable[[tuple[int, int], Customer], QuickEntryDialog]


@pytest.fixture
def form_for(qtbot: QtBot, owner: Staff, db_path: Path) -> Iterator[FormFor]:
    """Ctrl+N's form over the main window at a size, the customer picked from the look-up as a user
    does. Closed at the end while the shop's database is still open: its closing keeps the typed
    look-up as a draft and stops its autosave, which would otherwise write into a later test's database."""
    made: list[QuickEntryDialog] = []

    def make(size: tuple[int, int], customer: Customer) -> QuickEntryDialog:
        window = open_window(qtbot, owner, db_path, size, language="es", page=False)
        window.new_complaint()
        form = window.quick_entry
        assert isinstance(form, QuickEntryDialog)
        made.append(form)
        qtbot.wait_exposed(form)
        form.lookup.insert("Ortega")
        qtbot.waitUntil(lambda: form.matches.count() == 1)
        form.matches.itemActivated.emit(form.matches.item(0))
        assert form.customer_id == customer.id
        QApplication.processEvents()
        return form

    yield make
    for form in made:
        form.close()


def _assert_every_line_reachable(qtbot: QtBot, form: QuickEntryDialog) -> None:
    history, scroll = form.history, form.history_scroll
    viewport, bar = scroll.viewport(), scroll.verticalScrollBar()
    text = history.text()
    assert text.count("·") >= 12 * 3 and OLDEST in text  # every complaint, the oldest too
    # The text is laid out whole at its width (no line lost under its bottom edge)...
    assert history.height() >= history.heightForWidth(history.width())
    assert history.width() <= viewport.width()  # ... and nothing off its right side
    # Taller than the panel here, so it scrolls, and the scroll range reaches its last line.
    assert history.height() > viewport.height()
    assert bar.isVisible() and bar.maximum() + viewport.height() >= history.height()
    assert bar.value() == 0  # from the newest
    # From the keyboard: Tab reaches it, Page Down goes to its end, where the last line shows.
    scroll.setFocus()
    for _ in range(20):
        if bar.value() == bar.maximum():
            break
        qtbot.keyClick(scroll, Qt.Key.Key_PageDown)
    assert bar.value() == bar.maximum()
    bottom = history.mapTo(viewport, QPoint(0, history.height())).y()
    assert bottom <= viewport.height()
    assert scroll.focusPolicy() & Qt.FocusPolicy.TabFocus


def test_at_12_pt_on_a_1366_screen_the_whole_history_can_be_read(
        qtbot: QtBot, form_for: FormFor, regular: Customer, twelve_points: None) -> None:
    _assert_every_line_reachable(qtbot, form_for((1366, 697), regular))


def test_on_a_1180_laptop_window_the_whole_history_can_be_read(
        qtbot: QtBot, form_for: FormFor, regular: Customer) -> None:
    _assert_every_line_reachable(qtbot, form_for((1180, 740), regular))


def test_another_customer_shows_their_history_from_the_top(
        form_for: FormFor, regular: Customer) -> None:
    form = form_for((1180, 740), regular)
    bar = form.history_scroll.verticalScrollBar()
    bar.setValue(bar.maximum())
    form.new_customer.setChecked(True)  # someone else after all: no stale history, nothing scrolled away
    QApplication.processEvents()
    assert bar.value() == 0
    assert OLDEST not in form.history.text()
